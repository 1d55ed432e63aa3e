/* The events /ws/notifications/ pushes (events.h). */
#include "events/events.h"

#include <stdio.h>

#include "core/log.h"
#include "kv/kv.h"

void
events_task_json(buf_t *out, const char *id, const char *name, const char *state,
                 const char *result_json, const char *error)
{
    buf_puts(out, "{\"type\":\"task\",\"id\":");
    buf_json_cstr(out, id);
    buf_puts(out, ",\"name\":");
    buf_json_cstr(out, name);
    buf_puts(out, ",\"state\":");
    buf_json_cstr(out, state);
    if (result_json) {
        buf_puts(out, ",\"result\":");
        buf_puts(out, result_json[0] ? result_json : "null");
    }
    if (error) {
        buf_puts(out, ",\"error\":");
        buf_json_cstr(out, error);
    }
    buf_putc(out, '}');
}

void
events_statement_json(buf_t *out, long long statement_id, const char *status, long rows,
                      const char *errors_json, int progress)
{
    buf_printf(out, "{\"type\":\"statement\",\"id\":%lld,\"status\":", statement_id);
    buf_json_cstr(out, status);
    buf_printf(out, ",\"rows\":%ld,\"errors\":%s,\"progress\":%d}", rows,
               errors_json && errors_json[0] ? errors_json : "[]",
               progress < 0     ? 0
               : progress > 100 ? 100
                                : progress);
}

long
events_publish_user(long long user_id, const char *json, size_t len)
{
    char channel[EVENTS_CHANNEL_MAX], err[256];
    if (user_id <= 0)
        return 0;
    snprintf(channel, sizeof(channel), EVENTS_USER_CHANNEL_FMT, user_id);
    redisReply *r = kv_command(err, sizeof(err), "PUBLISH %s %b", channel, json, len);
    if (r == NULL || r->type != REDIS_REPLY_INTEGER) {
        log_debug("event_lost", "%s: %s", channel, r ? "unexpected reply" : err);
        freeReplyObject(r);
        return -1;
    }
    long n = (long)r->integer;
    freeReplyObject(r);
    return n;
}
