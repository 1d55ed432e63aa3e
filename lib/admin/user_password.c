/* /admin/accounts/user/<id>/password/: Django's AdminPasswordChangeForm,
 * a new password twice, judged by the rules of /api/auth/register/
 * (accounts_password_problem). A superuser may set anyone's password, a
 * staff user only their own; anything else is a 403 page and a warning in
 * the JSON log. Success writes "Changed password." to the admin log and
 * goes back to the change form with Django's message. The user's sessions
 * end (all but the current one when setting one's own); access tokens
 * live on until they expire, as simplejwt's do. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/internal.h"
#include "admin/site.h"
#include "core/log.h"
#include "server/deps.h"

typedef struct {
    const char *password1, *password2; /* the errors beside each field */
} set_errors_t;

static void
field_row(html_t *h, const char *error, const char *name, const char *label, const char *help)
{
    HTML_LIT(h, "<div class=\"form-row\">");
    if (error) {
        HTML_LIT(h, "<ul class=\"errorlist\"><li>");
        html_text_cstr(h, error);
        HTML_LIT(h, "</li></ul>");
    }
    HTML_LIT(h, "<label class=\"required\">");
    html_text_cstr(h, label);
    HTML_LIT(h, ": <input type=\"password\" autocomplete=\"new-password\" required");
    HTML_ATTR(h, "name", str_from_cstr(name));
    HTML_LIT(h, "></label>");
    if (help) {
        HTML_LIT(h, "<div class=\"help\">");
        html_text_cstr(h, help);
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(h, "</div>");
}

static int
render_set_form(http_req_t *r, const user_t *who, const user_t *target, const set_errors_t *e)
{
    str_t csrf = admin_csrf_token(r);
    html_t h = admin_frame_begin(r, "Change password", who, csrf);
    HTML_LIT(&h, "<h1>Change password: ");
    html_text_cstr(&h, target->email);
    HTML_LIT(&h, "</h1>\n<form method=\"post\" id=\"user-password-form\" novalidate>");
    admin_csrf_hidden(&h, csrf);
    if (e->password1 || e->password2)
        HTML_LIT(&h, "<p class=\"errornote\">Please correct the errors below.</p>");
    HTML_LIT(&h, "<p>Enter a new password for the user <strong>");
    html_text_cstr(&h, target->email);
    HTML_LIT(&h, "</strong>.</p>");
    field_row(&h, e->password1, "password1", "Password", NULL);
    field_row(&h, e->password2, "password2", "Password (again)",
              "Enter the same password as before, for verification.");
    HTML_LIT(&h, "<div class=\"submit-row\"><input type=\"submit\" value=\"Change password\" "
                 "class=\"default\"></div></form>\n");
    return admin_page_end(r, &h, 200);
}

/* Django's checks of the two fields; the new password as a C string in
 * *out when both pass. */
static set_errors_t
check_passwords(http_req_t *r, const http_pairs_t *form, const user_t *target, const char **out)
{
    set_errors_t e = {0};
    str_t p1 = http_pairs_get(form, "password1", NULL),
          p2 = http_pairs_get(form, "password2", NULL);
    *out = NULL;
    if (p1.len == 0)
        e.password1 = "This field is required.";
    if (p2.len == 0)
        e.password2 = "This field is required.";
    else if (!str_eq(p1, p2))
        e.password2 = "The two password fields didn\u2019t match.";
    else if ((*out = arena_cstr(r->arena, p2)) == NULL)
        e.password2 = "This password is too long.";
    else
        e.password2 = accounts_password_problem(*out, p2.len, target->email);
    if (e.password1 || e.password2)
        *out = NULL;
    return e;
}

/* The new hash and its admin log entry together, or neither. */
static int
save_password(PGconn *c, const user_t *who, const user_t *target, const char *password)
{
    char err[256] = "";
    const admin_model_t *m = admin_model_find(STR_LIT("accounts"), STR_LIT("user"));
    admin_actor_t actor = {who->id, who->is_superuser, who->email};
    PGresult *res = PQexec(c, "BEGIN");
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK && m != NULL ? 0 : -1;
    PQclear(res);
    if (rc == 0 && accounts_user_set_password(c, target->id, password) != 0)
        rc = -1;
    if (rc == 0)
        rc = admin_log_write(c, &actor, m, target->id, str_from_cstr(target->email),
                             ADMIN_LOG_CHANGE, "[{\"changed\":{\"fields\":[\"password\"]}}]", err,
                             sizeof(err));
    rc = admin_tx_end(c, rc == 0, "commit", err, sizeof(err));
    if (rc != 0)
        log_event(LOG_ERROR, NULL, "admin_set_password", "%s", err[0] ? err : PQerrorMessage(c));
    return rc;
}

static int
set_post(http_req_t *r, PGconn *c, const user_t *who, const user_t *target)
{
    http_pairs_t form;
    const char *password;
    if (admin_post_form_or_reply(r, &form) != 0)
        return r->status;
    set_errors_t e = check_passwords(r, &form, target, &password);
    if (password == NULL)
        return render_set_form(r, who, target, &e);
    if (save_password(c, who, target, password) != 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    if (admin_sessions_end_or_page(r, target->id, who->id == target->id) != 0)
        return r->status;
    admin_message_set(r, "Password changed successfully.");
    char location[64];
    snprintf(location, sizeof(location), "/admin/accounts/user/%lld/change/", target->id);
    return admin_redirect(r, str_from_cstr(location));
}

int
admin_user_password_view(http_req_t *r)
{
    user_t who, target;
    long id = 0;
    if (admin_method_or_reply(r, true, true) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    if (!str_to_long(http_route_param(r, "id"), 1, LONG_MAX, &id))
        return admin_error_page(r, 404, "The page you asked for does not exist.");
    if (!who.is_superuser && who.id != id) {
        log_warn("admin_privilege_refused", "user %lld tried to set the password of user %ld",
                 who.id, id);
        return admin_error_page(r, 403, "Only a superuser may set another user\u2019s password.");
    }
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    int found = accounts_user_by_id(c, id, &target);
    if (found < 0)
        return admin_error_page(r, 503, "The database is temporarily unavailable.");
    if (found == 0)
        return admin_error_page(r, 404, "The page you asked for does not exist.");
    if (str_eq_cstr(r->method, "POST"))
        return set_post(r, c, &who, &target);
    return render_set_form(r, &who, &target, &(set_errors_t){0});
}
