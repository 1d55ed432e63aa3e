/* After a password change, the user's sessions end as Django's session
 * auth hash ends them: all of them when someone else set the password,
 * all but the current one when the user set their own (Django's
 * update_session_auth_hash). The password is committed first; when Redis
 * fails here the change stands, an error line is logged and the admin sees
 * a page saying the sessions live on (a redirect's message would need
 * Redis too). */
#include "admin/site.h"
#include "auth/session.h"
#include "core/log.h"

int
admin_sessions_end_or_page(http_req_t *r, long long user_id, bool keep_current)
{
    char err[256] = "";
    str_t keep = keep_current ? http_cookie(r, "sessionid") : STR_LIT("");
    if (session_end_user_sessions(user_id, keep, err, sizeof(err)) >= 0)
        return 0;
    log_error("session_end_failed", "password of user %lld changed, its sessions live on: %s",
              user_id, err);
    admin_error_page(r, 503,
                     "The password was changed, but the sessions of the user could not be "
                     "ended: the session store is unavailable. They stay signed in until they "
                     "log out or expire; set the password again once the store is back.");
    return -1;
}
