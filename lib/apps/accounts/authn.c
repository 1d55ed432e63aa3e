#include <string.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "auth/token.h"
#include "server/deps.h"
#include "core/settings.h"
#include "http/response.h"

static int
reply_401(http_req_t *r, const char *json)
{
    http_add_header(r, "WWW-Authenticate", "Bearer realm=\"api\"");
    return http_reply(r, 401, NULL, str_from_cstr(json));
}

/* Loads the user behind a credential; replies when there is none. */
static int
load_user_or_reply(http_req_t *r, long long id)
{
    user_t u, *copy;
    switch (accounts_user_cached(id, &u)) {
    case -1:
        http_reply_detail(r, 503, "Database unavailable.");
        return -1;
    case 0:
        reply_401(r, "{\"detail\":\"User not found\",\"code\":\"user_not_found\"}");
        return -1;
    }
    if (!u.is_active) {
        reply_401(r, "{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
        return -1;
    }
    copy = arena_alloc(r->arena, sizeof(*copy));
    if (copy == NULL) {
        http_reply_detail(r, 503, "Out of memory.");
        return -1;
    }
    *copy = u;
    r->user = copy;
    return 0;
}

static int
bearer_or_reply(http_req_t *r, str_t token)
{
    token_claims_t claims;
    token = str_trim(token);
    if (token.len == 0 || memchr(token.p, ' ', token.len)) {
        reply_401(r, "{\"detail\":\"Authorization header must contain two space-delimited "
                     "values\",\"code\":\"bad_authorization_header\"}");
        return -1;
    }
    token_rc_t rc = token_verify_cached(token, TOKEN_ACCESS, time(NULL), settings.secret_key,
                                        strlen(settings.secret_key), &claims);
    if (rc != TOKEN_OK) {
        reply_401(r, "{\"detail\":\"Given token not valid for any token type\","
                     "\"code\":\"token_not_valid\",\"messages\":[{\"token_class\":"
                     "\"AccessToken\",\"token_type\":\"access\",\"message\":"
                     "\"Token is invalid or expired\"}]}");
        return -1;
    }
    return load_user_or_reply(r, claims.user_id);
}

static int
session_or_reply(http_req_t *r, str_t sid)
{
    char err[256];
    long long id = session_user(sid, err, sizeof(err));
    if (id < 0) {
        deps_kv_error_reply(r, err);
        return -1;
    }
    if (id == 0) {
        reply_401(r, "{\"detail\":\"Authentication credentials were not provided.\"}");
        return -1;
    }
    if (csrf_method_unsafe(r->method)) {
        const char *why = csrf_check(http_cookie(r, "csrftoken"), http_header(r, "X-CSRFToken"));
        if (why) {
            char detail[96];
            snprintf(detail, sizeof(detail), "CSRF Failed: %s", why);
            http_reply_detail(r, 403, detail);
            return -1;
        }
    }
    return load_user_or_reply(r, id);
}

int
accounts_user_or_reply(http_req_t *r)
{
    str_t authz = http_header(r, "Authorization"), scheme, rest;
    if (authz.len) {
        str_split(str_trim(authz), ' ', &scheme, &rest);
        /* simplejwt's AUTH_HEADER_TYPES; another scheme is not ours to judge. */
        if (str_ieq_cstr(scheme, "Bearer"))
            return bearer_or_reply(r, rest);
    }
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len)
        return session_or_reply(r, sid);
    reply_401(r, "{\"detail\":\"Authentication credentials were not provided.\"}");
    return -1;
}

int
accounts_staff_or_reply(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return -1;
    if (!((user_t *)r->user)->is_staff) {
        http_reply_detail(r, 403, "You do not have permission to perform this action.");
        return -1;
    }
    return 0;
}
