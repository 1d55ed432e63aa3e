/* simplejwt's three views: obtain a pair, refresh (with rotation and
 * blacklisting), verify. */
#include <string.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "auth/token.h"
#include "core/settings.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

static const char invalid_json[] =
    "{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}";

static int
issue(token_type_t type, long long user_id, char *out, size_t outlen)
{
    long lifetime = type == TOKEN_ACCESS ? settings.accounts.access_token_lifetime
                                         : settings.accounts.refresh_token_lifetime;
    return token_issue(type, user_id, time(NULL), lifetime, settings.secret_key,
                       strlen(settings.secret_key), out, outlen, NULL);
}

int
accounts_issue_pair(http_req_t *r, long long user_id)
{
    char refresh[1024], access[1024];
    if (issue(TOKEN_REFRESH, user_id, refresh, sizeof(refresh)) != 0 ||
        issue(TOKEN_ACCESS, user_id, access, sizeof(access)) != 0)
        return -1;
    buf_printf(r->out, "{\"refresh\":\"%s\",\"access\":\"%s\"}", refresh, access);
    return 0;
}

static const char blacklisted_json[] =
    "{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}";

int
accounts_obtain_token(http_req_t *r)
{
    json_object *body;
    user_t user;

    if (http_json_or_reply(r, &body) != 0)
        return r->status;
    if (accounts_check_credentials(
            r, body, 401, "No active account found with the given credentials", &user) != 0)
        return r->status;
    return accounts_issue_pair(r, user.id) == 0 ? http_json(r, 200) : 500;
}

/* Reads and checks the token field `name`; replies and returns -1 on failure. */
static int
token_field_or_reply(http_req_t *r, json_object *body, const char *name, str_t *token)
{
    field_errors_t fe;
    const char *value;
    size_t len;

    field_errors_init(&fe);
    if (!field_string(&fe, body, name, 0, false, &value, &len)) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    *token = (str_t){value, len};
    return 0;
}

/* The verified refresh token `token` of an active user; replies 401 (or
 * 503 when the blacklist or the user cannot be read) and returns -1. */
static int
refresh_claims_or_reply(http_req_t *r, PGconn **conn, str_t token, token_claims_t *claims,
                        user_t *user)
{
    if (token_verify(token, TOKEN_REFRESH, time(NULL), settings.secret_key,
                     strlen(settings.secret_key), claims) != TOKEN_OK) {
        http_reply(r, 401, NULL, STR_LIT(invalid_json));
        return -1;
    }
    if ((*conn = deps_db_or_reply(r)) == NULL)
        return -1;
    int listed = accounts_blacklisted(*conn, claims->jti);
    if (listed < 0) {
        deps_db_error_reply(r, NULL);
        return -1;
    }
    if (listed) {
        http_reply(r, 401, NULL, STR_LIT(blacklisted_json));
        return -1;
    }
    int found = accounts_user_cached(claims->user_id, user);
    if (found < 0) {
        http_reply_detail(r, 503, "Database unavailable.");
        return -1;
    }
    if (!found || !user->is_active) {
        http_reply(r, 401, NULL,
                   STR_LIT("{\"detail\":\"No active account found for the given "
                           "token.\",\"code\":\"no_active_account\"}"));
        return -1;
    }
    return 0;
}

/* With rotation the used refresh token is blacklisted (when configured):
 * whoever inserts the jti first rotates; a replay of the same token loses. */
static int
rotation_or_reply(http_req_t *r, PGconn *conn, const token_claims_t *claims)
{
    if (!settings.accounts.blacklist_after_rotation)
        return 0;
    int added = accounts_blacklist_add(conn, claims->jti, claims->user_id, claims->exp);
    if (added < 0) {
        deps_db_error_reply(r, NULL);
        return -1;
    }
    if (added == 0) {
        http_reply(r, 401, NULL, STR_LIT(blacklisted_json));
        return -1;
    }
    return 0;
}

int
accounts_refresh_token(http_req_t *r)
{
    json_object *body;
    token_claims_t claims;
    PGconn *conn;
    str_t token;
    user_t user;
    char access[1024], refresh[1024];

    if (http_json_or_reply(r, &body) != 0 ||
        token_field_or_reply(r, body, "refresh", &token) != 0 ||
        refresh_claims_or_reply(r, &conn, token, &claims, &user) != 0)
        return r->status;
    if (issue(TOKEN_ACCESS, user.id, access, sizeof(access)) != 0)
        return 500;
    if (!settings.accounts.rotate_refresh_tokens) {
        buf_printf(r->out, "{\"access\":\"%s\"}", access);
        return http_json(r, 200);
    }
    if (rotation_or_reply(r, conn, &claims) != 0)
        return r->status;
    if (issue(TOKEN_REFRESH, user.id, refresh, sizeof(refresh)) != 0)
        return 500;
    buf_printf(r->out, "{\"access\":\"%s\",\"refresh\":\"%s\"}", access, refresh);
    return http_json(r, 200);
}

int
accounts_verify_token(http_req_t *r)
{
    json_object *body;
    token_claims_t claims;
    str_t token;

    if (http_json_or_reply(r, &body) != 0 || token_field_or_reply(r, body, "token", &token) != 0)
        return r->status;
    /* simplejwt verifies an untyped token: access or refresh. */
    const char *key = settings.secret_key;
    token_rc_t rc = token_verify(token, TOKEN_ACCESS, time(NULL), key, strlen(key), &claims);
    if (rc == TOKEN_WRONG_TYPE)
        rc = token_verify(token, TOKEN_REFRESH, time(NULL), key, strlen(key), &claims);
    if (rc != TOKEN_OK)
        return http_reply(r, 401, NULL, STR_LIT(invalid_json));
    if (claims.type == TOKEN_REFRESH) {
        PGconn *conn = deps_db_or_reply(r);
        if (conn == NULL)
            return r->status;
        int listed = accounts_blacklisted(conn, claims.jti);
        if (listed < 0)
            return deps_db_error_reply(r, NULL);
        if (listed)
            return http_reply(r, 401, NULL, STR_LIT(blacklisted_json));
    }
    buf_puts(r->out, "{}");
    return http_json(r, 200);
}
