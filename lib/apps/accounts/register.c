#include <string.h>

#include "apps/accounts/accounts.h"
#include "auth/throttle.h"
#include "core/settings.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

void
accounts_print_user(http_req_t *r, const user_t *u)
{
    buf_printf(r->out, "{\"id\":%lld,\"email\":", u->id);
    buf_json_cstr(r->out, u->email);
    buf_puts(r->out, ",\"first_name\":");
    buf_json_cstr(r->out, u->first_name);
    buf_puts(r->out, ",\"last_name\":");
    buf_json_cstr(r->out, u->last_name);
    buf_printf(r->out, ",\"is_staff\":%s,\"is_superuser\":%s}", u->is_staff ? "true" : "false",
               u->is_superuser ? "true" : "false");
}

/* The email and password of a registration; replies 400 with every field's
 * problem and returns -1. */
static int
registration_or_reply(http_req_t *r, json_object *body, const char **email, const char **password)
{
    field_errors_t fe;
    size_t email_len = 0, password_len = 0;

    *email = *password = NULL;
    field_errors_init(&fe);
    if (field_string(&fe, body, "email", 254, false, email, &email_len) &&
        !accounts_email_valid(*email, email_len))
        field_error(&fe, "email", "Enter a valid email address.");
    if (field_string(&fe, body, "password", 0, false, password, &password_len)) {
        const char *problem = accounts_password_problem(*password, password_len, *email);
        if (problem)
            field_error(&fe, "password", problem);
    }
    if (fe.count) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    return 0;
}

/* Each registration hashes a password (PASSWORD_ITERATIONS rounds), so a
 * client address may attempt THROTTLE_REGISTER_PER_IP of them per
 * THROTTLE_REGISTER_WINDOW; the next is a 429 before any hashing. Only
 * attempts that pass validation count: a typo costs nothing to fix. */
static int
register_throttle_or_reply(http_req_t *r)
{
    char err[256];
    long wait =
        throttle_hit("register-ip", r->remote_addr, settings.accounts.throttle_register_per_ip,
                     settings.accounts.throttle_register_window, err, sizeof(err));
    if (wait < 0)
        return deps_kv_error_reply(r, err);
    return wait > 0 ? accounts_throttled_reply(r, wait) : 0;
}

int
accounts_register(http_req_t *r)
{
    json_object *body;
    field_errors_t fe;
    const char *email, *password;
    char err[256];
    long long id = 0;

    if (http_json_or_reply(r, &body) != 0 ||
        registration_or_reply(r, body, &email, &password) != 0 ||
        register_throttle_or_reply(r) != 0)
        return r->status;
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL)
        return r->status;
    switch (accounts_user_create(conn, email, password, false, false, &id, err, sizeof(err))) {
    case USER_CREATED:
        break;
    case USER_EXISTS:
        return http_reply(r, 400, NULL,
                          STR_LIT("{\"email\":[\"user with this email already exists.\"]}"));
    case USER_INVALID:
        field_errors_init(&fe);
        field_error(&fe, "email", err);
        return field_errors_reply(r, &fe);
    default:
        return deps_db_error_reply(r, NULL);
    }
    user_t u = {.id = id, .is_active = true};
    snprintf(u.email, sizeof(u.email), "%s", email);
    accounts_print_user(r, &u);
    return http_json(r, 201);
}
