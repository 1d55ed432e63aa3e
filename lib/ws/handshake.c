/* The opening handshake (handshake.h). */
#include "ws/handshake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/settings.h"
#include "http/host.h"
#include "ws/identity.h"

enum { HEADER_MAX = 512 };

ws_app_t
ws_handshake_app(struct lws *wsi)
{
    char uri[64];
    if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0)
        return 0;
    if (strcmp(uri, "/ws/ping-pong/") == 0)
        return WS_APP_PING_PONG;
    if (strcmp(uri, "/ws/notifications/") == 0)
        return WS_APP_NOTIFICATIONS;
    return 0;
}

/* Writes status with {"detail": detail} (detail: plain ASCII without
 * quotes). Returns -1: the callback returns it and lws closes. */
static int
refuse(struct lws *wsi, unsigned status, const char *detail)
{
    unsigned char head[LWS_PRE + 384], *start = head + LWS_PRE, *p = start;
    unsigned char *end = head + sizeof(head);
    unsigned char body[LWS_PRE + 160];
    int n =
        snprintf((char *)body + LWS_PRE, sizeof(body) - LWS_PRE, "{\"detail\": \"%s\"}", detail);
    if (lws_add_http_header_status(wsi, status, &p, end) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
                                     (const unsigned char *)"application/json", 16, &p, end) ||
        (status == 426 &&
         lws_add_http_header_by_name(wsi, (const unsigned char *)"upgrade:",
                                     (const unsigned char *)"websocket", 9, &p, end)) ||
        lws_add_http_header_content_length(wsi, (lws_filepos_t)n, &p, end) ||
        lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    lws_write(wsi, body + LWS_PRE, (size_t)n, LWS_WRITE_HTTP_FINAL);
    return -1;
}

int
ws_handshake_plain_http(struct lws *wsi)
{
    if (ws_handshake_app(wsi) == 0)
        return refuse(wsi, 404, "Not found.");
    return refuse(wsi, 426, "A websocket upgrade is required.");
}

/* The value of header token as a str_t in buf, STR_NULL when absent. */
static str_t
header(struct lws *wsi, enum lws_token_indexes token, char *buf, size_t len)
{
    int n = lws_hdr_copy(wsi, buf, (int)len, token);
    return n < 0 ? STR_NULL : (str_t){buf, (size_t)n};
}

int
ws_handshake_filter(struct lws *wsi)
{
    char value[HEADER_MAX];
    if (ws_handshake_app(wsi) == 0)
        return refuse(wsi, 404, "Not found.");
    if (!http_host_allowed(header(wsi, WSI_TOKEN_HOST, value, sizeof(value))))
        return refuse(wsi, 400, "Invalid Host header.");
    if (!http_origin_allowed(header(wsi, WSI_TOKEN_ORIGIN, value, sizeof(value))))
        return refuse(wsi, 403, "Origin not allowed.");
    if (wsd.ping_pong.count + wsd.notifications.count >= (uint32_t)settings.ws.max_connections)
        return refuse(wsi, 503, "Too many connections.");
    if (wsd.draining)
        return refuse(wsi, 503, "The server is shutting down.");
    return 0;
}

/* A custom header's value into buf (NUL-terminated); empty when absent. */
static str_t
custom_header(struct lws *wsi, const char *name, char *buf, size_t len)
{
    int n = lws_hdr_custom_copy(wsi, buf, (int)len, name, (int)strlen(name));
    return n < 0 ? STR_LIT("") : (str_t){buf, (size_t)n};
}

void
ws_handshake_identity(struct lws *wsi, ws_client_t *c)
{
    char value[HEADER_MAX], email[HEADER_MAX];
    long long id = ws_user_id_parse(custom_header(wsi, "x-ws-user-id:", value, sizeof(value)));
    if (id <= 0) {
        if (id < 0)
            log_warn("ws_identity", "malformed X-Ws-User-Id: treated as anonymous");
        return;
    }
    long n = ws_percent_decode(custom_header(wsi, "x-ws-user-email:", value, sizeof(value)), email,
                               sizeof(email));
    if (n < 0) {
        log_warn("ws_identity", "malformed X-Ws-User-Email: treated as anonymous");
        return;
    }
    c->user_id = id;
    c->email = n > 0 ? strdup(email) : NULL;
}
