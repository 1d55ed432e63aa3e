/* currentUser, createUser and django-graphql-jwt's tokenAuth, verifyToken
 * and refreshToken. tokenAuth counts failures in the same Redis buckets as
 * the REST logins (login-ip, login-email), so a guesser gains nothing by
 * switching endpoints; createUser uses /api/auth/register/'s rules and
 * its per-address budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "auth/password.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"

static const char BAD_CREDENTIALS[] = "Please enter valid credentials";

/* out[0] = the user with this id (one query), as a User source. */
static int
out_user(gql_resolve_t *rv, long long id)
{
    hn_user_t *rows;
    size_t n;
    if (hn_load_users(rv, &id, 1, &rows, &n) != 0)
        return -1;
    hn_out_one(rv, 0, rows, n, sizeof(*rows), offsetof(hn_user_t, id), id);
    return 0;
}

static int
current_user(gql_resolve_t *rv)
{
    const hn_ctx_t *ctx = rv->context;
    if (ctx->caller == NULL) {
        gql_resolve_error(rv, 0, "Not logged in");
        return 0;
    }
    return out_user(rv, ctx->caller->id);
}

/* Redis failed: the request is a 503 (ctx->unavailable). */
static int
kv_failed(gql_resolve_t *rv, const char *err)
{
    log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
    ((hn_ctx_t *)rv->context)->unavailable = true;
    gql_resolve_error_all(rv, "Cache unavailable.");
    return -1;
}

/* DRF's words for a throttled request, and its Retry-After header; the
 * request is a 429 (ctx->throttled). */
static void
throttled(gql_resolve_t *rv, long wait)
{
    char seconds[24];
    hn_ctx_t *ctx = rv->context;
    snprintf(seconds, sizeof(seconds), "%ld", wait);
    http_add_header(ctx->r, "Retry-After", seconds);
    ctx->throttled = true;
    gql_resolve_error(rv, 0, "Request was throttled. Expected available in %ld seconds.", wait);
}

static int
create_user(gql_resolve_t *rv)
{
    size_t email_len, password_len;
    const char *email = hn_text_arg(rv, "email", &email_len);
    const char *password = email ? hn_text_arg(rv, "password", &password_len) : NULL;
    if (password == NULL)
        return 0;
    const char *problem = email_len > 254 || !accounts_email_valid(email, email_len)
                              ? "Enter a valid email address."
                              : accounts_password_problem(password, password_len, email);
    if (problem)
        return gql_resolve_error(rv, 0, "%s", problem), 0;
    char err[256];
    http_req_t *r = ((hn_ctx_t *)rv->context)->r;
    long wait =
        throttle_hit("register-ip", r->remote_addr, settings.accounts.throttle_register_per_ip,
                     settings.accounts.throttle_register_window, err, sizeof(err));
    if (wait != 0)
        return wait < 0 ? kv_failed(rv, err) : (throttled(rv, wait), 0);
    PGconn *c = hn_db(rv);
    if (c == NULL)
        return -1;
    long long id = 0;
    switch (accounts_user_create(c, email, password, false, false, &id, err, sizeof(err))) {
    case USER_CREATED:
        return out_user(rv, id);
    case USER_DB_ERROR:
        return hn_db_failed(rv, NULL);
    default:
        return gql_resolve_error(rv, 0, "%s", err), 0;
    }
}

/* The token's payload as graphql_jwt prints it. */
static int
payload_value(arena_t *a, const hn_token_t *t, gql_val_t *v)
{
    if (gql_val_object(a, v, 3) != 0)
        return -1;
    v->keys[0] = STR_LIT("email");
    gql_val_string(&v->values[0], t->email);
    v->keys[1] = STR_LIT("exp");
    gql_val_int(&v->values[1], t->exp);
    v->keys[2] = STR_LIT("origIat");
    gql_val_int(&v->values[2], t->orig_iat);
    return 0;
}

static int
resolve_payload(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        if (payload_value(rv->arena, rv->parents[i], rv->out[i]) != 0)
            gql_resolve_error(rv, i, "Out of memory.");
    return 0;
}

static int
resolve_refresh_expires_in(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const hn_token_t *t = rv->parents[i];
        gql_val_int(rv->out[i], t->orig_iat + settings.graphql.jwt_refresh_expiration);
    }
    return 0;
}

/* out[0] = a new token for email, keeping orig_iat (0: now). */
static int
out_token(gql_resolve_t *rv, str_t email, long long orig_iat)
{
    hn_token_t *t = arena_calloc(rv->arena, 1, sizeof(*t));
    char *buf = arena_alloc(rv->arena, HN_JWT_MAX_LEN + 1);
    time_t now = time(NULL);
    if (t == NULL || buf == NULL || (t->email.p = arena_cstr(rv->arena, email)) == NULL)
        return gql_resolve_error_all(rv, "Out of memory."), -1;
    t->email.len = email.len;
    t->orig_iat = orig_iat ? orig_iat : (long long)now;
    if (hn_jwt_issue(t->email.p, t->orig_iat, now, buf, HN_JWT_MAX_LEN + 1, &t->exp) != 0)
        return gql_resolve_error_all(rv, "The token cannot be signed."), -1;
    t->token = str_from_cstr(buf);
    gql_val_source(rv->out[0], t);
    return 0;
}

/* The token argument, verified (expiry too when check_exp); NULL after
 * the error went to out[0]. */
static hn_token_t *
token_arg(gql_resolve_t *rv, bool check_exp)
{
    const gql_val_t *v = gql_resolve_arg(rv, "token");
    hn_token_t *t = arena_calloc(rv->arena, 1, sizeof(*t));
    if (t == NULL)
        return gql_resolve_error_all(rv, "Out of memory."), NULL;
    if (v == NULL || v->kind != GQL_VAL_STRING)
        return gql_resolve_error(rv, 0, "Token is required"), NULL;
    hn_jwt_rc_t rc = hn_jwt_decode(rv->arena, v->s, time(NULL), check_exp, t);
    if (rc != HN_JWT_OK)
        return gql_resolve_error(rv, 0, "%s", hn_jwt_message(rc)), NULL;
    return t;
}

static int
verify_token(gql_resolve_t *rv)
{
    hn_token_t *t = token_arg(rv, true);
    if (t)
        gql_val_source(rv->out[0], t);
    return 0;
}

static int
refresh_token(gql_resolve_t *rv)
{
    hn_token_t *t = token_arg(rv, false);
    if (t == NULL)
        return 0;
    if ((long long)time(NULL) > t->orig_iat + settings.graphql.jwt_refresh_expiration)
        return gql_resolve_error(rv, 0, "Refresh has expired"), 0;
    PGconn *c = hn_db(rv);
    if (c == NULL)
        return -1;
    user_t u;
    int found = accounts_user_by_email(c, arena_cstr(rv->arena, t->email), &u, NULL);
    if (found < 0)
        return hn_db_failed(rv, NULL);
    if (found == 0 || !u.is_active)
        return gql_resolve_error(rv, 0, found ? "User is disabled" : "Invalid payload"), 0;
    return out_token(rv, str_from_cstr(u.email), t->orig_iat);
}

/* tokenAuth: the REST login's throttle buckets and constant work
 * (password_verify_dummy for an unknown email). */
static int
token_auth(gql_resolve_t *rv)
{
    size_t email_len, password_len;
    const char *email = hn_text_arg(rv, "email", &email_len);
    const char *password = email ? hn_text_arg(rv, "password", &password_len) : NULL;
    if (password == NULL)
        return 0;
    http_req_t *r = ((hn_ctx_t *)rv->context)->r;
    char key_buf[1024], err[256];
    PGconn *c = hn_db(rv);
    if (c == NULL)
        return -1;
    if (accounts_email_key(c, (str_t){email, email_len}, key_buf, sizeof(key_buf)) != 0)
        return hn_db_failed(rv, NULL);
    str_t key = str_from_cstr(key_buf);
    long wait = throttle_blocked("login-ip", r->remote_addr,
                                 settings.accounts.throttle_login_per_ip, err, sizeof(err));
    if (wait == 0)
        wait = throttle_blocked("login-email", key, settings.accounts.throttle_login_per_email, err,
                                sizeof(err));
    if (wait != 0)
        return wait < 0 ? kv_failed(rv, err) : (throttled(rv, wait), 0);
    user_t u = {0};
    char *hash = NULL;
    bool plausible = email_len <= 254 && password_len <= PASSWORD_MAX_LEN;
    int found = plausible ? accounts_user_by_email(c, email, &u, &hash) : 0;
    if (found < 0)
        return hn_db_failed(rv, NULL);
    long iterations = 0;
    bool good = found ? password_verify(password, password_len, hash, &iterations) && u.is_active
                      : password_verify_dummy(password, password_len,
                                              settings.accounts.password_iterations, NULL);
    free(hash);
    if (!good) {
        if (throttle_fail("login-ip", r->remote_addr, settings.accounts.throttle_login_window, err,
                          sizeof(err)) != 0 ||
            throttle_fail("login-email", key, settings.accounts.throttle_login_window, err,
                          sizeof(err)) != 0)
            log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
        return gql_resolve_error(rv, 0, "%s", BAD_CREDENTIALS), 0;
    }
    throttle_reset("login-email", key);
    if (iterations < settings.accounts.password_iterations &&
        accounts_user_set_password(c, u.id, password) != 0)
        log_warn("password_upgrade", "could not upgrade the hash of user %lld", u.id);
    return out_token(rv, str_from_cstr(u.email), 0);
}

int
hn_bind_auth(gql_schema_t *s)
{
    if (gql_schema_bind(s, "Query", "currentUser", current_user, NULL) != 0 ||
        gql_schema_bind(s, "Mutation", "createUser", create_user, NULL) != 0 ||
        gql_schema_bind(s, "Mutation", "tokenAuth", token_auth, NULL) != 0 ||
        gql_schema_bind(s, "Mutation", "verifyToken", verify_token, NULL) != 0 ||
        gql_schema_bind(s, "Mutation", "refreshToken", refresh_token, NULL) != 0)
        return -1;
    static const char *const payload_types[] = {"ObtainJSONWebToken", "Verify", "Refresh"};
    for (size_t i = 0; i < 3; i++)
        if (gql_schema_bind(s, payload_types[i], "payload", resolve_payload, NULL) != 0)
            return -1;
    if (gql_schema_bind(s, "ObtainJSONWebToken", "refreshExpiresIn", resolve_refresh_expires_in,
                        NULL) != 0 ||
        gql_schema_bind(s, "Refresh", "refreshExpiresIn", resolve_refresh_expires_in, NULL) != 0)
        return -1;
    return 0;
}
