/* Who calls /graphql/: `Authorization: JWT <graphql token>` (django-graphql-
 * jwt's header), `Authorization: Bearer <access JWT>` (the REST API's), or
 * the sessionid cookie. A token that does not verify fails the request: a
 * client that sent credentials must not silently act as nobody. A session
 * cookie that names no session, or a session whose user is gone or
 * inactive, is just no caller, as a logged-out page. */
#include <string.h>
#include <time.h>

#include "apps/hn/hn.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "http/response.h"

/* Keeps u for the request after the checks every credential shares. */
static int
take_user(http_req_t *r, hn_ctx_t *ctx, int found, const user_t *u, const char **why, int *status)
{
    if (found < 0) {
        *why = "Database unavailable.";
        *status = 503;
        return -1;
    }
    if (found == 0 || !u->is_active) {
        *why = found == 0 ? "User not found" : "User is disabled";
        *status = 401;
        return -1;
    }
    user_t *copy = arena_alloc(r->arena, sizeof(*copy));
    if (copy == NULL) {
        *why = "Out of memory.";
        *status = 503;
        return -1;
    }
    *copy = *u;
    ctx->caller = copy;
    ctx->csrf_ok = true;
    return 0;
}

static int
graphql_jwt_caller(http_req_t *r, hn_ctx_t *ctx, str_t token, const char **why, int *status)
{
    hn_token_t t;
    hn_jwt_rc_t rc = hn_jwt_decode(r->arena, token, time(NULL), true, &t);
    if (rc != HN_JWT_OK) {
        *why = hn_jwt_message(rc);
        *status = 401;
        return -1;
    }
    char err[256];
    PGconn *c = db_get(err, sizeof(err));
    user_t u;
    int found = c ? accounts_user_by_email(c, arena_cstr(r->arena, t.email), &u, NULL) : -1;
    return take_user(r, ctx, found, &u, why, status);
}

static int
access_token_caller(http_req_t *r, hn_ctx_t *ctx, str_t token, const char **why, int *status)
{
    token_claims_t claims;
    if (token_verify_cached(token, TOKEN_ACCESS, time(NULL), settings.secret_key,
                            strlen(settings.secret_key), &claims) != TOKEN_OK) {
        *why = "Token is invalid or expired";
        *status = 401;
        return -1;
    }
    user_t u;
    int found = accounts_user_cached(claims.user_id, &u);
    return take_user(r, ctx, found, &u, why, status);
}

static int
session_caller(http_req_t *r, hn_ctx_t *ctx, str_t sid, const char **why, int *status)
{
    char err[256];
    long long id = session_user(sid, err, sizeof(err));
    if (id < 0) {
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
        *why = "Cache unavailable.";
        *status = 503;
        return -1;
    }
    user_t u = {0};
    int found = id ? accounts_user_cached(id, &u) : 0;
    /* A session whose user was deleted or deactivated names nobody, as
     * Django's get_user makes it: the page still works, logged out. */
    if (found == 0 || (found > 0 && !u.is_active))
        return 0;
    if (take_user(r, ctx, found, &u, why, status) != 0)
        return -1;
    /* The cookie rides along on any request a page of another site makes:
     * a mutation must also repeat the csrftoken cookie in X-CSRFToken. */
    ctx->csrf_problem = csrf_method_unsafe(r->method)
                            ? csrf_check(http_cookie(r, "csrftoken"), http_header(r, "X-CSRFToken"))
                            : NULL;
    ctx->csrf_ok = ctx->csrf_problem == NULL;
    return 0;
}

/* rc, after adding WWW-Authenticate: scheme when it is a 401. */
static int
challenge(http_req_t *r, int rc, const int *status, const char *scheme)
{
    if (rc != 0 && *status == 401)
        http_add_header(r, "WWW-Authenticate", scheme);
    return rc;
}

int
hn_find_caller(http_req_t *r, hn_ctx_t *ctx, const char **why, int *status)
{
    ctx->caller = NULL;
    ctx->csrf_ok = true;
    ctx->csrf_problem = NULL;
    str_t authz = str_trim(http_header(r, "Authorization")), scheme, token;
    if (authz.len) {
        str_split(authz, ' ', &scheme, &token);
        token = str_trim(token);
        /* A 401 names the scheme the client tried, so it knows which
         * token to renew. */
        if (str_ieq_cstr(scheme, "JWT"))
            return challenge(r, graphql_jwt_caller(r, ctx, token, why, status), status,
                             "JWT realm=\"graphql\"");
        if (str_ieq_cstr(scheme, "Bearer"))
            return challenge(r, access_token_caller(r, ctx, token, why, status), status,
                             "Bearer realm=\"graphql\"");
    }
    str_t sid = http_cookie(r, "sessionid");
    return sid.len ? session_caller(r, ctx, sid, why, status) : 0;
}
