/* wsd's JSON texts (message.h). */
#include "ws/message.h"

#include <string.h>

#include "core/json.h"

json_object *
ws_json_object_parse(const char *text, size_t len)
{
    json_tokener *tok = json_tokener_new();
    if (tok == NULL || len > (size_t)INT32_MAX) {
        json_tokener_free(tok);
        return NULL;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
    bool whole = json_tokener_get_error(tok) == json_tokener_success &&
                 json_tokener_get_parse_end(tok) == len;
    json_tokener_free(tok);
    if (!whole || !json_object_is_type(obj, json_type_object)) {
        json_object_put(obj);
        return NULL;
    }
    return obj;
}

static void
put_member(buf_t *b, const char *key, json_object *value)
{
    buf_printf(b, "\"%s\":%s,", key,
               json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
}

int
ws_ping_parse(ws_ping_t *p, const char *text, size_t len, const char *user)
{
    buf_init(&p->head);
    buf_init(&p->ts);
    json_object *obj = ws_json_object_parse(text, len);
    json_object *ts = json_get(obj, "ts");
    double ts_value;
    /* A NaN passed on would be invalid JSON to every member of the group. */
    if (!json_has(obj, "message") || !json_has(obj, "sender") ||
        !json_get_number(obj, "ts", &ts_value) || !json_finite(json_get(obj, "message")) ||
        !json_finite(json_get(obj, "sender"))) {
        json_object_put(obj);
        return -1;
    }
    buf_putc(&p->head, '{');
    put_member(&p->head, "message", json_get(obj, "message"));
    put_member(&p->head, "sender", json_get(obj, "sender"));
    buf_puts(&p->head, "\"user\":");
    buf_json_cstr(&p->head, user);
    buf_putc(&p->head, ',');
    buf_puts(&p->ts, json_object_to_json_string_ext(ts, JSON_C_TO_STRING_PLAIN));
    json_object_put(obj);
    if (p->head.failed || p->ts.failed) {
        ws_ping_free(p);
        return -1;
    }
    return 0;
}

void
ws_ping_free(ws_ping_t *p)
{
    buf_free(&p->head);
    buf_free(&p->ts);
}

void
ws_ping_published(buf_t *out, const ws_ping_t *p, long long cached_value, double recv_ms)
{
    buf_append(out, p->head.data, p->head.len);
    buf_printf(out, "\"cached_value\":%lld,\"server_recv_ping\":%.3f,\"vue_ping\":", cached_value,
               recv_ms);
    buf_append(out, p->ts.data, p->ts.len);
    buf_putc(out, '}');
}

int
ws_pong_build(buf_t *out, const char *msg, size_t len, double send_ms)
{
    static const char key[] = ",\"vue_ping\":";
    size_t klen = sizeof(key) - 1;
    if (len < klen + 2 || msg[len - 1] != '}')
        return -1;
    /* vue_ping is last and its value a number: its key is the last match. */
    for (size_t at = len - klen - 1;; at--) {
        if (memcmp(msg + at, key, klen) == 0) {
            buf_append(out, msg, at);
            buf_printf(out, ",\"server_send_pong\":%.3f", send_ms);
            buf_append(out, msg + at, len - at);
            return 0;
        }
        if (at == 0)
            return -1;
    }
}

void
ws_error_json(buf_t *out, const char *detail)
{
    buf_puts(out, "{\"type\":\"error\",\"detail\":");
    buf_json_cstr(out, detail);
    buf_putc(out, '}');
}

void
ws_auth_ok_json(buf_t *out, long long user_id)
{
    buf_printf(out, "{\"type\":\"auth\",\"ok\":true,\"user_id\":%lld}", user_id);
}
