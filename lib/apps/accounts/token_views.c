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
issue(token_type_t type, long long user_id, char *out, size_t outlen, token_claims_t *claims)
{
    long lifetime = type == TOKEN_ACCESS ? settings.accounts.access_token_lifetime
                                         : settings.accounts.refresh_token_lifetime;
    return token_issue(type, user_id, time(NULL), lifetime, settings.secret_key,
                       strlen(settings.secret_key), out, outlen, claims);
}

int
accounts_issue_pair(http_req_t *r, long long user_id)
{
    char refresh[1024], access[1024];
    if (issue(TOKEN_REFRESH, user_id, refresh, sizeof(refresh), NULL) != 0 ||
        issue(TOKEN_ACCESS, user_id, access, sizeof(access), NULL) != 0)
        return -1;
    buf_printf(r->out, "{\"refresh\":\"%s\",\"access\":\"%s\"}", refresh, access);
    return 0;
}

int
accounts_obtain_token(http_req_t *r)
{
    json_object *body = NULL;
    user_t user;
    int status;

    if (http_json_or_reply(r, &body) != 0)
        return r->status;
    status = accounts_check_credentials(
        r, body, 401, "No active account found with the given credentials", &user);
    if (status != 0)
        goto done;
    status = accounts_issue_pair(r, user.id) == 0 ? http_json(r, 200) : 500;
done:
    json_object_put(body);
    return status;
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

int
accounts_refresh_token(http_req_t *r)
{
    json_object *body = NULL;
    token_claims_t claims, fresh;
    str_t token;
    user_t user;
    int status;

    if (http_json_or_reply(r, &body) != 0)
        return r->status;
    if (token_field_or_reply(r, body, "refresh", &token) != 0) {
        status = r->status;
        goto done;
    }
    if (token_verify(token, TOKEN_REFRESH, time(NULL), settings.secret_key,
                     strlen(settings.secret_key), &claims) != TOKEN_OK) {
        status = http_reply(r, 401, NULL, STR_LIT(invalid_json));
        goto done;
    }
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL) {
        status = r->status;
        goto done;
    }
    int listed = accounts_blacklisted(conn, claims.jti);
    if (listed < 0) {
        status = deps_db_error_reply(r, NULL);
        goto done;
    }
    if (listed) {
        status = http_reply(
            r, 401, NULL,
            STR_LIT("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}"));
        goto done;
    }
    int found = accounts_user_cached(claims.user_id, &user);
    if (found < 0) {
        status = http_reply_detail(r, 503, "Database unavailable.");
        goto done;
    }
    if (!found || !user.is_active) {
        status = http_reply(r, 401, NULL,
                            STR_LIT("{\"detail\":\"No active account found for the given "
                                    "token.\",\"code\":\"no_active_account\"}"));
        goto done;
    }
    char access[1024], refresh[1024];
    if (issue(TOKEN_ACCESS, user.id, access, sizeof(access), NULL) != 0) {
        status = 500;
        goto done;
    }
    buf_printf(r->out, "{\"access\":\"%s\"", access);
    if (settings.accounts.rotate_refresh_tokens) {
        if (settings.accounts.blacklist_after_rotation) {
            /* Whoever inserts the jti first rotates; a replay of the same token loses. */
            int added = accounts_blacklist_add(conn, claims.jti, claims.user_id, claims.exp);
            if (added < 0) {
                status = deps_db_error_reply(r, NULL);
                goto done;
            }
            if (added == 0) {
                status = http_reply(
                    r, 401, NULL,
                    STR_LIT("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}"));
                goto done;
            }
        }
        if (issue(TOKEN_REFRESH, user.id, refresh, sizeof(refresh), &fresh) != 0) {
            status = 500;
            goto done;
        }
        buf_printf(r->out, ",\"refresh\":\"%s\"", refresh);
    }
    buf_putc(r->out, '}');
    status = http_json(r, 200);
done:
    json_object_put(body);
    return status;
}

int
accounts_verify_token(http_req_t *r)
{
    json_object *body = NULL;
    token_claims_t claims;
    str_t token;
    int status;

    if (http_json_or_reply(r, &body) != 0)
        return r->status;
    if (token_field_or_reply(r, body, "token", &token) != 0) {
        status = r->status;
        goto done;
    }
    /* simplejwt verifies an untyped token: access or refresh. */
    const char *key = settings.secret_key;
    token_rc_t rc = token_verify(token, TOKEN_ACCESS, time(NULL), key, strlen(key), &claims);
    if (rc == TOKEN_WRONG_TYPE)
        rc = token_verify(token, TOKEN_REFRESH, time(NULL), key, strlen(key), &claims);
    if (rc != TOKEN_OK) {
        status = http_reply(r, 401, NULL, STR_LIT(invalid_json));
        goto done;
    }
    if (claims.type == TOKEN_REFRESH) {
        PGconn *conn = deps_db_or_reply(r);
        if (conn == NULL) {
            status = r->status;
            goto done;
        }
        int listed = accounts_blacklisted(conn, claims.jti);
        if (listed != 0) {
            status = listed < 0 ? deps_db_error_reply(r, NULL)
                                : http_reply(r, 401, NULL,
                                             STR_LIT("{\"detail\":\"Token is blacklisted\","
                                                     "\"code\":\"token_not_valid\"}"));
            goto done;
        }
    }
    buf_puts(r->out, "{}");
    status = http_json(r, 200);
done:
    json_object_put(body);
    return status;
}
