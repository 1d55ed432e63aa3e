/* /admin/password_change/ and its done page: Django's PasswordChangeForm
 * (old password, new password twice, the password validators). */
#include <stdlib.h>

#include "admin/site.h"
#include "auth/password.h"
#include "http/response.h"
#include "server/deps.h"

typedef struct {
    const char *old_error, *new1_error, *new2_error;
} password_errors_t;

static void
field_error(html_t *h, const char *error)
{
    if (error) {
        HTML_LIT(h, "<ul class=\"errorlist\"><li>");
        html_text_cstr(h, error);
        HTML_LIT(h, "</li></ul>");
    }
}

static int
render_form(http_req_t *r, const user_t *who, const password_errors_t *e, int status)
{
    str_t csrf = admin_csrf_token(r);
    html_t h = admin_page_begin(r, "Password change", who, csrf);
    HTML_LIT(&h, "<p>Please enter your old password, for security’s sake, and then enter your "
                 "new password twice so we can verify you typed it in correctly.</p>"
                 "<form method=\"post\" action=\"/admin/password_change/\">");
    admin_csrf_hidden(&h, csrf);
    HTML_LIT(&h, "<div class=\"form-row\">");
    field_error(&h, e->old_error);
    HTML_LIT(&h, "<label for=\"id_old_password\">Old password:</label><input type=\"password\" "
                 "name=\"old_password\" id=\"id_old_password\" required autofocus></div>"
                 "<div class=\"form-row\">");
    field_error(&h, e->new1_error);
    HTML_LIT(&h, "<label for=\"id_new_password1\">New password:</label><input type=\"password\" "
                 "name=\"new_password1\" id=\"id_new_password1\" required></div>"
                 "<div class=\"form-row\">");
    field_error(&h, e->new2_error);
    HTML_LIT(&h, "<label for=\"id_new_password2\">New password confirmation:</label><input "
                 "type=\"password\" name=\"new_password2\" id=\"id_new_password2\" required></div>"
                 "<div class=\"submit-row\"><input type=\"submit\" value=\"Change my password\">"
                 "</div></form>");
    return admin_page_end(r, &h, status);
}

static str_t
form_value(const http_pairs_t *form, const char *name)
{
    str_t v = http_pairs_get(form, name, NULL);
    return v.p ? v : STR_LIT("");
}

/* 1 when old is who's password, 0 when not, -1 on a database error. */
static int
old_password_good(PGconn *conn, const user_t *who, str_t old)
{
    user_t u;
    char *hash = NULL;
    int found = accounts_user_by_email(conn, who->email, &u, &hash);
    bool good =
        found == 1 && old.len <= PASSWORD_MAX_LEN && password_verify(old.p, old.len, hash, NULL);
    free(hash);
    return found < 0 ? -1 : good;
}

static int
change_post(http_req_t *r, const user_t *who)
{
    http_pairs_t form;
    password_errors_t e = {0};
    if (admin_post_form_or_reply(r, &form) != 0)
        return r->status;
    str_t old = form_value(&form, "old_password"), new1 = form_value(&form, "new_password1"),
          new2 = form_value(&form, "new_password2");
    PGconn *conn = deps_db_or_reply(r);
    int good = conn ? old_password_good(conn, who, old) : -1;
    if (good < 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    if (!good)
        e.old_error = "Your old password was entered incorrectly. Please enter it again.";
    if (!str_eq(new1, new2))
        e.new2_error = "The two password fields didn’t match.";
    else
        e.new2_error = accounts_password_problem(new2.p, new2.len, who->email);
    if (new1.len == 0)
        e.new1_error = "This field is required.";
    if (e.old_error || e.new1_error || e.new2_error)
        return render_form(r, who, &e, 200);
    if (accounts_user_set_password(conn, who->id, new2.p) != 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    /* Every other session of the user ends; this one stays, as Django's
     * update_session_auth_hash keeps it. */
    if (admin_sessions_end_or_page(r, who->id, true) != 0)
        return r->status;
    return admin_redirect(r, STR_LIT("/admin/password_change/done/"));
}

int
admin_password_change_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, true) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    if (str_eq_cstr(r->method, "POST"))
        return change_post(r, &who);
    return render_form(r, &who, &(password_errors_t){0}, 200);
}

int
admin_password_change_done_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, false) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    html_t h = admin_page_begin(r, "Password change successful", &who, admin_csrf_token(r));
    HTML_LIT(&h, "<p>Your password was changed.</p>");
    return admin_page_end(r, &h, 200);
}
