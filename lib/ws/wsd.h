/* wsd's shared types: the process's server state and a client connection.
 * One lws context, one vhost and one event loop per process; everything
 * runs on that loop, so nothing here is locked. */
#ifndef WS_WSD_H
#define WS_WSD_H

#include <libwebsockets.h>
#include <stdbool.h>
#include <stdint.h>

#include "ws/bucket.h"
#include "ws/outq.h"

typedef enum { WS_APP_PING_PONG = 1, WS_APP_NOTIFICATIONS } ws_app_t;

/* WebSocket close codes wsd sends besides lws's own (1007, 1002, ...). */
enum {
    WS_CLOSE_GOING_AWAY = 1001,
    WS_CLOSE_POLICY = 1008,
    WS_CLOSE_TOO_BIG = 1009,
    WS_CLOSE_TRY_AGAIN = 1013,
    WS_CLOSE_UNAUTHORIZED = 4401,
};

/* Seconds a closing client has to take its close frame before it is dropped. */
enum { WS_CLOSE_GRACE_SECONDS = 5 };

/* A websocket client: lws's per-session data of the wsd protocol, so lws
 * allocates and frees it with the connection. Kept small: 10,000 idle ones
 * must fit in a few MB. */
typedef struct ws_client {
    struct lws *wsi;
    lws_dll2_t member; /* in its app's list (wsd.ping_pong / wsd.notifications) */
    lws_sorted_usec_list_t auth_timer;
    ws_outq_t outq;
    ws_bucket_t bucket;
    char *rx;          /* a message being assembled across frames (malloc) */
    size_t rx_len;     /* its length so far */
    char *email;       /* from X-Ws-User-Email (malloc); NULL: anonymous */
    long long user_id; /* 0: anonymous or not authenticated yet */
    uint64_t gen;      /* unique in the process: priv of Redis replies */
    double opened_at;  /* monotonic seconds */
    uint32_t msgs_in, msgs_out;
    uint16_t close_code; /* to send at the next WRITEABLE; 0: none */
    uint16_t peer_close_code;
    const char *close_reason; /* a static string; NULL once handed to lws */
    uint8_t app;              /* ws_app_t; 0 before ESTABLISHED */
    bool rx_active;           /* inside a message (more frames to come) */
    bool rx_skip;             /* the rest of this message is dropped */
    bool authed;              /* notifications: the user is known */
    bool ack_sent;            /* notifications: {"type":"auth","ok":true} queued */
} ws_client_t;

typedef struct {
    struct lws_context *context;
    struct lws_vhost *vhost;
    struct lws *listener; /* the adopted listening socket */
    int listen_fd;
    lws_dll2_owner_t ping_pong;     /* clients of /ws/ping-pong/ */
    lws_dll2_owner_t notifications; /* clients of /ws/notifications/ */
    uint64_t next_gen;
    uint32_t max_clients; /* WS_MAX_CONNECTIONS, lower if descriptors are fewer */
    bool draining;        /* SIGTERM came: no new clients, every client closing */
} wsd_t;

extern wsd_t wsd;

#endif
