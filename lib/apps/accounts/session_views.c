/* Django's session login for the SPA's cookie mode: a CSRF cookie first,
 * then a login that sets the httpOnly sessionid cookie, then logout. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

enum { CSRF_COOKIE_AGE = 31449600 }; /* Django's CSRF_COOKIE_AGE: one year */

static void
set_csrf_cookie(http_req_t *r, str_t token)
{
    char attrs[128];
    snprintf(attrs, sizeof(attrs), "Max-Age=%d; Path=/; SameSite=Lax%s", CSRF_COOKIE_AGE,
             settings.accounts.csrf_cookie_secure ? "; Secure" : "");
    http_set_cookie(r, "csrftoken", token, attrs);
}

int
accounts_login_set_cookie(http_req_t *r)
{
    char token[CSRF_TOKEN_LEN + 1];
    str_t current = http_cookie(r, "csrftoken");
    /* Keep a well-formed token the client has: other tabs may be using it. */
    if (csrf_check(current, current) == NULL) {
        set_csrf_cookie(r, current);
    } else {
        if (csrf_new_token(token) != 0)
            return 500;
        set_csrf_cookie(r, str_from_cstr(token));
    }
    buf_puts(r->out, "{\"details\":\"CSRF cookie set\"}");
    return http_json(r, 200);
}

int
accounts_login(http_req_t *r)
{
    json_object *body;
    char key[SESSION_KEY_LEN + 1], token[CSRF_TOKEN_LEN + 1], err[256], attrs[160];
    user_t user;

    const char *why = csrf_check(http_cookie(r, "csrftoken"), http_header(r, "X-CSRFToken"));
    if (why) {
        char detail[96];
        snprintf(detail, sizeof(detail), "CSRF Failed: %s", why);
        return http_reply_detail(r, 403, detail);
    }
    if (http_json_or_reply(r, &body) != 0 ||
        accounts_check_credentials(r, body, 400, "Invalid credentials", &user) != 0)
        return r->status;
    if (session_create(user.id, key, err, sizeof(err)) != 0)
        return deps_kv_error_reply(r, err);
    PGconn *conn = deps_db_or_reply(r);
    if (conn && accounts_user_touch_login(conn, user.id) != 0)
        log_warn("last_login", "could not record the login of user %lld", user.id);
    snprintf(attrs, sizeof(attrs), "Max-Age=%ld; Path=/; HttpOnly; SameSite=Lax%s",
             settings.accounts.session_cookie_age,
             settings.accounts.session_cookie_secure ? "; Secure" : "");
    http_set_cookie(r, "sessionid", str_from_cstr(key), attrs);
    /* Django rotates the CSRF token at login. */
    if (csrf_new_token(token) == 0)
        set_csrf_cookie(r, str_from_cstr(token));
    buf_reset(r->out);
    buf_puts(r->out, "{\"detail\":\"Success\"}");
    return http_json(r, 200);
}

/* Blacklists the refresh token in the body, when there is one. Replies on failure. */
static int
blacklist_body_refresh_or_reply(http_req_t *r, const user_t *user)
{
    json_object *body;
    field_errors_t fe;
    const char *value;
    size_t len;
    bool present = false;
    token_claims_t claims;

    if (r->content_length <= 0 && r->content_type.len == 0)
        return 0; /* no body */
    if (http_json_or_reply(r, &body) != 0)
        return -1;
    field_errors_init(&fe);
    if (!field_string_optional(&fe, body, "refresh", 0, &value, &len, &present)) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    if (!present)
        return 0;
    if (token_verify((str_t){value, len}, TOKEN_REFRESH, time(NULL), settings.secret_key,
                     strlen(settings.secret_key), &claims) != TOKEN_OK ||
        claims.user_id != user->id) {
        http_reply(r, 400, NULL, STR_LIT("{\"refresh\":[\"Token is invalid or expired\"]}"));
        return -1;
    }
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL)
        return -1;
    if (accounts_blacklist_add(conn, claims.jti, claims.user_id, claims.exp) < 0) {
        deps_db_error_reply(r, NULL);
        return -1;
    }
    return 0;
}

int
accounts_logout(http_req_t *r)
{
    char err[256];
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    if (blacklist_body_refresh_or_reply(r, r->user) != 0)
        return r->status;
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len) {
        if (session_delete(sid, err, sizeof(err)) != 0)
            return deps_kv_error_reply(r, err);
        http_set_cookie(r, "sessionid", STR_LIT(""),
                        "Max-Age=0; Path=/; HttpOnly; SameSite=Lax; "
                        "Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
    buf_reset(r->out);
    buf_puts(r->out, "{\"detail\":\"Logout Successful\"}");
    return http_json(r, 200);
}
