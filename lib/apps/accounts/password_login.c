/* Email + password checks shared by obtain_token and the session login:
 * throttled per email and per client address, constant work whether or
 * not the account exists, weak hashes upgraded on success. */
#include <stdlib.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "auth/password.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

int
accounts_throttled_reply(http_req_t *r, long retry_after)
{
    char detail[96], seconds[24];
    snprintf(seconds, sizeof(seconds), "%ld", retry_after);
    snprintf(detail, sizeof(detail), "Request was throttled. Expected available in %ld seconds.",
             retry_after);
    http_add_header(r, "Retry-After", seconds);
    return http_reply_detail(r, 429, detail);
}

/* 429 while the client's address or the email has failed too often; the
 * email's bucket is the one the users table would find (key). Replies and
 * returns the status, or 0 when the attempt may go on. */
static int
throttle_or_reply(http_req_t *r, str_t key)
{
    char err[256];
    long wait_ip = throttle_blocked("login-ip", r->remote_addr,
                                    settings.accounts.throttle_login_per_ip, err, sizeof(err));
    long wait_email = wait_ip == 0 ? throttle_blocked("login-email", key,
                                                      settings.accounts.throttle_login_per_email,
                                                      err, sizeof(err))
                                   : 0;
    if (wait_ip < 0 || wait_email < 0)
        return deps_kv_error_reply(r, err);
    if (wait_ip > 0 || wait_email > 0)
        return accounts_throttled_reply(r, wait_ip > wait_email ? wait_ip : wait_email);
    return 0;
}

/* Counts a failed attempt against the address and the email. Redis being
 * down is only logged: the answer is a refusal either way. */
static void
count_failure(http_req_t *r, str_t key)
{
    char err[256];
    if (throttle_fail("login-ip", r->remote_addr, settings.accounts.throttle_login_window, err,
                      sizeof(err)) != 0 ||
        throttle_fail("login-email", key, settings.accounts.throttle_login_window, err,
                      sizeof(err)) != 0)
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
}

int
accounts_check_credentials(http_req_t *r, json_object *body, int fail_status,
                           const char *fail_detail, user_t *user)
{
    field_errors_t fe;
    const char *email, *password;
    size_t email_len, password_len;
    char key_buf[1024], *hash = NULL;

    field_errors_init(&fe);
    bool ok_email = field_string(&fe, body, "email", 0, false, &email, &email_len);
    bool ok_password = field_string(&fe, body, "password", 0, false, &password, &password_len);
    if (!ok_email || !ok_password)
        return field_errors_reply(r, &fe);
    field_errors_free(&fe);

    /* Over-long input is just wrong credentials, and is never hashed. */
    bool plausible = email_len <= 254 && password_len <= PASSWORD_MAX_LEN;
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL)
        return r->status;
    if (accounts_email_key(conn, (str_t){email, email_len}, key_buf, sizeof(key_buf)) != 0)
        return deps_db_error_reply(r, NULL);
    str_t key = str_from_cstr(key_buf);
    if (throttle_or_reply(r, key) != 0)
        return r->status;
    int found = plausible ? accounts_user_by_email(conn, email, user, &hash) : 0;
    if (found < 0)
        return deps_db_error_reply(r, NULL);
    long iterations = 0;
    bool good = plausible &&
                (found ? password_verify(password, password_len, hash, &iterations)
                       : password_verify_dummy(password, password_len,
                                               settings.accounts.password_iterations, NULL)) &&
                user->is_active;
    if (!good) {
        free(hash);
        count_failure(r, key);
        return http_reply_detail(r, fail_status, fail_detail);
    }
    throttle_reset("login-email", key);
    if (iterations < settings.accounts.password_iterations ||
        strncmp(hash, "pbkdf2_sha256$", 14) != 0) {
        if (accounts_user_set_password(conn, user->id, password) != 0)
            log_warn("password_upgrade", "could not upgrade the hash of user %lld", user->id);
    }
    free(hash);
    return 0;
}
