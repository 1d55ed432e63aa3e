/* POST /api/social/<backend>/ {code, redirect_uri}: the provider vouches
 * for an email; we find or create that user and hand out a token pair.
 * Only an email the provider says is verified counts (auth/social.c), and
 * it never signs in to a staff or superuser account: whoever controls an
 * address at a provider would otherwise hold the admin's keys. Those
 * accounts use their password (403). */
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "auth/social.h"
#include "core/log.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

/* The provider named by the route; replies 404 and returns NULL. */
static const social_provider_t *
provider_or_reply(http_req_t *r, char *backend, size_t backend_len)
{
    str_t name = http_route_param(r, "backend");
    const social_provider_t *provider = NULL;
    if (name.len > 0 && name.len < backend_len) {
        snprintf(backend, backend_len, "%.*s", STR_FMT(name));
        provider = social_provider(backend);
    }
    if (provider == NULL)
        http_reply_detail(r, 404, "Not found.");
    return provider;
}

/* What the provider vouches for, from the body's code and redirect_uri;
 * replies 400 (404 for an unknown backend) and returns -1. */
static int
profile_or_reply(http_req_t *r, const social_provider_t *provider, const char *backend,
                 social_profile_t *profile)
{
    json_object *body;
    field_errors_t fe;
    const char *code = NULL, *redirect_uri = NULL;
    size_t code_len = 0, redirect_len = 0;
    bool has_redirect = false;
    char err[256];

    if (http_json_or_reply(r, &body) != 0)
        return -1;
    field_errors_init(&fe);
    field_string(&fe, body, "code", 2048, false, &code, &code_len);
    field_string_optional(&fe, body, "redirect_uri", 2048, &redirect_uri, &redirect_len,
                          &has_redirect);
    if (fe.count) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    social_rc_t rc = social_exchange(provider, code, has_redirect ? redirect_uri : NULL, profile,
                                     err, sizeof(err));
    if (rc != SOCIAL_OK) {
        log_event(LOG_WARNING, NULL, "social_login", "%s: %s", backend, err);
        http_reply_detail(r, rc == SOCIAL_UNKNOWN_BACKEND ? 404 : 400, err);
        return -1;
    }
    return 0;
}

/* Finds the profile's user, creating it (with the provider's names) the
 * first time: 1 found, 0 not even after creating, -1 database error, -2
 * after replying 400 for an email the users table refuses. */
static int
find_or_create_user(http_req_t *r, PGconn *conn, const social_profile_t *profile, user_t *user)
{
    char err[256];
    long long id = 0;

    int found = accounts_user_by_email(conn, profile->email, user, NULL);
    if (found != 0)
        return found;
    user_create_rc_t created =
        accounts_user_create(conn, profile->email, NULL, false, false, &id, err, sizeof(err));
    if (created == USER_INVALID) {
        http_reply_detail(r, 400, "The provider's email address is not valid.");
        return -2;
    }
    if (created == USER_DB_ERROR)
        return -1;
    /* USER_EXISTS: created by a concurrent request; read it back. */
    found = accounts_user_by_email(conn, profile->email, user, NULL);
    if (found == 1 && created == USER_CREATED &&
        (profile->first_name[0] || profile->last_name[0])) {
        char idtext[24];
        snprintf(idtext, sizeof(idtext), "%lld", user->id);
        const char *names[] = {idtext, profile->first_name, profile->last_name};
        PQclear(PQexecParams(conn, "UPDATE users SET first_name = $2, last_name = $3 WHERE id = $1",
                             3, NULL, names, NULL, NULL, 0));
    }
    return found;
}

int
accounts_social_login(http_req_t *r)
{
    social_profile_t profile;
    char backend[32];
    user_t user;

    const social_provider_t *provider = provider_or_reply(r, backend, sizeof(backend));
    if (provider == NULL || profile_or_reply(r, provider, backend, &profile) != 0)
        return r->status;
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL)
        return r->status;
    int found = find_or_create_user(r, conn, &profile, &user);
    if (found == -2)
        return r->status;
    if (found < 0)
        return deps_db_error_reply(r, NULL);
    if (found == 0 || !user.is_active)
        return http_reply_detail(r, 400, "This account is inactive.");
    if (user.is_staff || user.is_superuser) {
        log_event(LOG_WARNING, NULL, "social_login", "%s: refused for staff user %lld", backend,
                  user.id);
        return http_reply_detail(r, 403,
                                 "Social login is not available for staff accounts; "
                                 "sign in with your email and password.");
    }
    accounts_user_touch_login(conn, user.id);
    return accounts_issue_pair(r, user.id) == 0 ? http_json(r, 200) : 500;
}

/* GET /api/social/providers/: what the SPA needs to send a browser to each
 * configured provider (client ids are public; secrets never leave). */
int
accounts_social_providers(http_req_t *r)
{
    int n = 0;
    buf_putc(r->out, '[');
    for (const char *const *b = social_backends; *b; b++) {
        const social_provider_t *p = social_provider(*b);
        if (p == NULL || p->client_id == NULL || p->client_id[0] == '\0' ||
            p->client_secret == NULL || p->client_secret[0] == '\0')
            continue;
        buf_puts(r->out, n++ ? ",{\"backend\":" : "{\"backend\":");
        buf_json_cstr(r->out, p->name);
        buf_puts(r->out, ",\"authorize_url\":");
        buf_json_cstr(r->out, p->authorize_url);
        buf_puts(r->out, ",\"client_id\":");
        buf_json_cstr(r->out, p->client_id);
        buf_puts(r->out, ",\"scope\":");
        buf_json_cstr(r->out, p->scope);
        buf_putc(r->out, '}');
    }
    buf_putc(r->out, ']');
    return http_json(r, 200);
}
