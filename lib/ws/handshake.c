/* The opening handshake (handshake.h). */
#include "ws/handshake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/settings.h"
#include "http/host.h"
#include "ws/identity.h"
#include "ws/upgrade.h"

enum { HEADER_MAX = 512 };

/* X-Ws-User-Email: an email of up to 255 bytes (the users table's limit),
 * every byte of it possibly %XX, and some room. */
enum { EMAIL_HEADER_MAX = 3 * 255 + 1 + 64 };

ws_app_t
ws_handshake_app(struct lws *wsi)
{
    char *p;
    int len;
    /* Whatever the method: a POST to the path is told to upgrade too. */
    if (lws_http_get_uri_and_method(wsi, &p, &len) < 0 || len < 0)
        return 0;
    str_t uri = {p, (size_t)len};
    if (str_eq_cstr(uri, "/ws/ping-pong/"))
        return WS_APP_PING_PONG;
    if (str_eq_cstr(uri, "/ws/notifications/"))
        return WS_APP_NOTIFICATIONS;
    return 0;
}

static const char *
status_reason(unsigned status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 426:
        return "Upgrade Required";
    default:
        return "Service Unavailable";
    }
}

/* Writes status with {"detail": detail} (detail: plain ASCII without
 * quotes) and returns -1: the callback returns it and lws closes. The
 * response is written whole, status line included: lws's own
 * (lws_add_http_header_status) says HTTP/1.0 when it refuses an upgrade,
 * which strict clients (Python's websockets) do not accept. */
static int
refuse_with(struct lws *wsi, unsigned status, const char *extra_headers, const char *detail)
{
    char body[160];
    unsigned char out[LWS_PRE + 512];
    int blen = snprintf(body, sizeof(body), "{\"detail\": \"%s\"}", detail);
    int n = snprintf((char *)out + LWS_PRE, sizeof(out) - LWS_PRE,
                     "HTTP/1.1 %u %s\r\ncontent-type: application/json\r\n%s"
                     "content-length: %d\r\nconnection: close\r\n\r\n%s",
                     status, status_reason(status), extra_headers, blen, body);
    if (n > 0 && (size_t)n < sizeof(out) - LWS_PRE)
        lws_write(wsi, out + LWS_PRE, (size_t)n, LWS_WRITE_HTTP_HEADERS);
    return -1;
}

static int
refuse(struct lws *wsi, unsigned status, const char *detail)
{
    return refuse_with(wsi, status, "", detail);
}

int
ws_handshake_plain_http(struct lws *wsi)
{
    if (ws_handshake_app(wsi) == 0)
        return refuse(wsi, 404, "Not found.");
    return refuse_with(wsi, 426, "upgrade: websocket\r\n", "A websocket upgrade is required.");
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
    if (!ws_upgrade_version_ok(header(wsi, WSI_TOKEN_VERSION, value, sizeof(value))))
        return refuse_with(wsi, 426, "sec-websocket-version: 13\r\n",
                           "Sec-WebSocket-Version 13 is required.");
    if (!ws_upgrade_key_valid(header(wsi, WSI_TOKEN_KEY, value, sizeof(value))))
        return refuse(wsi, 400, "Invalid Sec-WebSocket-Key header.");
    if (!http_host_allowed(header(wsi, WSI_TOKEN_HOST, value, sizeof(value))))
        return refuse(wsi, 400, "Invalid Host header.");
    if (!http_origin_allowed(header(wsi, WSI_TOKEN_ORIGIN, value, sizeof(value))))
        return refuse(wsi, 403, "Origin not allowed.");
    if (wsd.ping_pong.count + wsd.notifications.count >= wsd.max_clients)
        return refuse(wsi, 503, "Too many connections.");
    if (wsd.draining)
        return refuse(wsi, 503, "The server is shutting down.");
    return 0;
}

/* A custom header's value into buf (NUL-terminated); empty when absent,
 * STR_NULL (logged) when it does not fit. */
static str_t
custom_header(struct lws *wsi, const char *name, char *buf, size_t len)
{
    int nlen = (int)strlen(name);
    int n = lws_hdr_custom_copy(wsi, buf, (int)len, name, nlen);
    if (n < 0 && lws_hdr_custom_length(wsi, name, nlen) >= 0) {
        log_warn("ws_identity", "%.*s longer than %zu bytes", nlen - 1, name, len - 1);
        return STR_NULL;
    }
    return n < 0 ? STR_LIT("") : (str_t){buf, (size_t)n};
}

void
ws_handshake_identity(struct lws *wsi, ws_client_t *c)
{
    char value[EMAIL_HEADER_MAX], email[EMAIL_HEADER_MAX];
    str_t id_text = custom_header(wsi, "x-ws-user-id:", value, sizeof(value));
    long long id = id_text.p != NULL ? ws_user_id_parse(id_text) : -1;
    if (id <= 0) {
        if (id < 0)
            log_warn("ws_identity", "malformed X-Ws-User-Id: treated as anonymous");
        return;
    }
    str_t encoded = custom_header(wsi, "x-ws-user-email:", value, sizeof(value));
    long n = encoded.p != NULL ? ws_percent_decode(encoded, email, sizeof(email)) : -1;
    if (n < 0) {
        log_warn("ws_identity", "malformed X-Ws-User-Email: treated as anonymous");
        return;
    }
    c->user_id = id;
    c->email = n > 0 ? strdup(email) : NULL;
}
