/* Django's messages after a redirect ("The link “Link object (3)” was
 * changed successfully."). They are kept in Redis under
 * admin_message:<session key> for a minute and taken (GETDEL) by the next
 * page that session shows: only the session's own requests can set one,
 * and it is gone once shown or once the minute is over. The text is
 * printed escaped like everything else. */
#include <stdarg.h>
#include <stdio.h>

#include "admin/site.h"
#include "core/log.h"
#include "kv/kv.h"

enum { MESSAGE_SECONDS = 60, MESSAGE_MAX = 1024 };

int
admin_message_set(http_req_t *r, const char *fmt, ...)
{
    char text[MESSAGE_MAX], err[256];
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len == 0)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    redisReply *reply = kv_command(err, sizeof(err), "SET admin_message:%b %s EX %d", sid.p,
                                   sid.len, text, MESSAGE_SECONDS);
    if (reply == NULL) {
        /* The change is saved; only its confirmation is lost. */
        log_warn("admin_message_lost", "%s", err);
        return -1;
    }
    freeReplyObject(reply);
    return 0;
}

const char *
admin_message_take(http_req_t *r)
{
    char err[256];
    str_t sid = http_cookie(r, "sessionid");
    /* A POST redirects after its work; its message is for the next GET. */
    if (sid.len == 0 || !str_eq_cstr(r->method, "GET"))
        return NULL;
    redisReply *reply = kv_command(err, sizeof(err), "GETDEL admin_message:%b", sid.p, sid.len);
    if (reply == NULL)
        return NULL;
    const char *text =
        reply->type == REDIS_REPLY_STRING ? arena_strndup(r->arena, reply->str, reply->len) : NULL;
    freeReplyObject(reply);
    return text;
}
