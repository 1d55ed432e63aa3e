/* /admin/login/ and /admin/logout/: Django's admin login for staff only,
 * throttled per address and per email like /api/login/ (the same Redis
 * buckets, so the two cannot be played against each other), and a session
 * in the API's store. */
#include <stdio.h>
#include <stdlib.h>

#include "admin/site.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"
#include "server/deps.h"

/* Where a login may send the browser: one of our admin paths, never
 * another site ("//evil.example/", "/\evil") nor a header injection. */
static bool
safe_next(str_t next)
{
    if (!str_starts_with(next, "/admin/") || str_starts_with(next, "/admin/login/") ||
        next.len > ADMIN_NEXT_MAX)
        return false;
    for (size_t i = 0; i < next.len; i++)
        if ((unsigned char)next.p[i] < 0x20 || next.p[i] == '\\' || next.p[i] == 0x7f)
            return false;
    return true;
}

static int
render_login(http_req_t *r, str_t email, str_t next, const char *error, int status)
{
    str_t csrf = admin_csrf_token(r);
    html_t h = admin_page_begin(r, "Log in", NULL, csrf);
    if (error) {
        HTML_LIT(&h, "<p class=\"errornote\">");
        html_text_cstr(&h, error);
        HTML_LIT(&h, "</p>");
    }
    HTML_LIT(&h, "<form id=\"login-form\" method=\"post\" action=\"/admin/login/\">");
    admin_csrf_hidden(&h, csrf);
    HTML_LIT(&h, "<div class=\"form-row\"><label for=\"id_username\">Email address:</label>"
                 "<input type=\"email\" name=\"username\" id=\"id_username\" maxlength=\"254\" "
                 "required autofocus");
    HTML_ATTR(&h, "value", email);
    HTML_LIT(&h, "></div><div class=\"form-row\"><label for=\"id_password\">Password:</label>"
                 "<input type=\"password\" name=\"password\" id=\"id_password\" required></div>"
                 "<input type=\"hidden\" name=\"next\"");
    HTML_ATTR(&h, "value", safe_next(next) ? next : STR_LIT("/admin/"));
    HTML_LIT(&h, "><div class=\"submit-row\"><input type=\"submit\" value=\"Log in\"></div>"
                 "</form>");
    return admin_page_end(r, &h, status);
}

/* Seconds to wait while the address or the email has failed too often,
 * 0 when the attempt may go on, -1 when Redis is away. */
static long
login_wait(http_req_t *r, str_t key)
{
    char err[256];
    long ip = throttle_blocked("login-ip", r->remote_addr, settings.accounts.throttle_login_per_ip,
                               err, sizeof(err));
    if (ip != 0)
        return ip;
    return throttle_blocked("login-email", key, settings.accounts.throttle_login_per_email, err,
                            sizeof(err));
}

static void
count_login_failure(http_req_t *r, str_t key)
{
    char err[256];
    long window = settings.accounts.throttle_login_window;
    if (throttle_fail("login-ip", r->remote_addr, window, err, sizeof(err)) != 0 ||
        throttle_fail("login-email", key, window, err, sizeof(err)) != 0)
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
}

/* 1 when email/password are an active staff user's (into *u), 0 when not;
 * the same hashing work either way. -1 on a database error. */
static int
staff_credentials(PGconn *conn, str_t email, str_t password, user_t *u)
{
    char *hash = NULL;
    bool plausible = email.len <= 254 && password.len <= PASSWORD_MAX_LEN;
    int found = plausible ? accounts_user_by_email(conn, email.p, u, &hash) : 0;
    if (found < 0)
        return -1;
    bool good =
        plausible && (found ? password_verify(password.p, password.len, hash, NULL)
                            : password_verify_dummy(password.p, password.len,
                                                    settings.accounts.password_iterations, NULL));
    free(hash);
    return good && u->is_active && u->is_staff;
}

static int
log_in(http_req_t *r, PGconn *conn, const user_t *u, str_t next)
{
    char key[SESSION_KEY_LEN + 1], err[256], attrs[160];
    /* A new key, and the old one ended (Django's login() cycles the
     * session): a key someone planted or saw before the login is worthless. */
    str_t old = http_cookie(r, "sessionid");
    if ((old.len && session_delete(old, err, sizeof(err)) != 0) ||
        session_create(u->id, key, err, sizeof(err)) != 0) {
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
        return admin_error_page(r, 503, "The service is temporarily unavailable.");
    }
    if (accounts_user_touch_login(conn, u->id) != 0)
        log_warn("last_login", "could not record the login of user %lld", u->id);
    snprintf(attrs, sizeof(attrs), "Max-Age=%ld; Path=/; HttpOnly; SameSite=Lax%s",
             settings.accounts.session_cookie_age,
             settings.accounts.session_cookie_secure ? "; Secure" : "");
    http_set_cookie(r, "sessionid", str_from_cstr(key), attrs);
    admin_csrf_rotate(r);
    return admin_redirect(r, safe_next(next) ? next : STR_LIT("/admin/"));
}

static int
login_post(http_req_t *r)
{
    http_pairs_t form;
    char key_buf[1024];
    user_t u;
    if (admin_post_form_or_reply(r, &form) != 0)
        return r->status;
    str_t email = http_pairs_get(&form, "username", NULL);
    str_t password = http_pairs_get(&form, "password", NULL);
    str_t next = http_pairs_get(&form, "next", NULL);
    if (email.p == NULL)
        email = STR_LIT("");
    if (password.p == NULL)
        password = STR_LIT("");
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL || accounts_email_key(conn, email, key_buf, sizeof(key_buf)) != 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    str_t key = str_from_cstr(key_buf);
    long wait = login_wait(r, key);
    if (wait < 0)
        return admin_error_page(r, 503, "The service is temporarily unavailable.");
    if (wait > 0) {
        char message[128], seconds[24];
        snprintf(seconds, sizeof(seconds), "%ld", wait);
        http_add_header(r, "Retry-After", seconds);
        snprintf(message, sizeof(message),
                 "Too many failed login attempts. Try again in %ld seconds.", wait);
        return render_login(r, email, next, message, 429);
    }
    int ok = staff_credentials(conn, email, password, &u);
    if (ok < 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    if (!ok) {
        count_login_failure(r, key);
        return render_login(r, email, next, ADMIN_LOGIN_ERROR, 200);
    }
    throttle_reset("login-email", key);
    return log_in(r, conn, &u, next);
}

int
admin_login_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, true) != 0)
        return r->status;
    if (str_eq_cstr(r->method, "POST"))
        return login_post(r);
    str_t next = http_query(r, "next", NULL);
    /* Django sends a logged-in staff user straight on. */
    if (admin_session_staff(r, &who) == 1)
        return admin_redirect(r, safe_next(next) ? next : STR_LIT("/admin/"));
    return render_login(r, STR_LIT(""), next, NULL, 200);
}

int
admin_logout_view(http_req_t *r)
{
    http_pairs_t form;
    char err[256];
    if (admin_method_or_reply(r, false, true) != 0 || admin_post_form_or_reply(r, &form) != 0)
        return r->status;
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len && session_delete(sid, err, sizeof(err)) != 0) {
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
        return admin_error_page(r, 503, "The service is temporarily unavailable.");
    }
    http_set_cookie(r, "sessionid", STR_LIT(""),
                    "Max-Age=0; Path=/; HttpOnly; SameSite=Lax; "
                    "Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    html_t h = admin_page_begin(r, "Logged out", NULL, STR_NULL);
    HTML_LIT(&h, "<p>Thanks for spending some quality time with the web site today.</p>"
                 "<p><a href=\"/admin/login/\">Log in again</a></p>");
    return admin_page_end(r, &h, 200);
}
