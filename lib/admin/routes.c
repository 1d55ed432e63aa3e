/* The admin's URLs (Django's). Every route takes any method and each view
 * answers the ones it does not serve with the HTML 405 page, so no
 * response under /admin/ is the API's JSON. */
#include "admin/admin.h"
#include "admin/site.h"
#include "http/response.h"
#include "server/deps.h"

/* A GET page of the staff user *who with the database: the connection, or
 * NULL after the reply (405, the login page, 503). */
static PGconn *
staff_get_db(http_req_t *r, user_t *who)
{
    if (admin_method_or_reply(r, true, false) != 0 || admin_staff_or_redirect(r, who) != 0)
        return NULL;
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        admin_error_page(r, 503, "The database is temporarily unavailable.");
    return c;
}

/* Django's index: the apps, and beside them the user's recent actions. */
int
admin_index_view(http_req_t *r)
{
    user_t who;
    char err[256] = "";
    PGconn *c = staff_get_db(r, &who);
    if (c == NULL)
        return r->status;
    html_t h = admin_page_begin(r, "Site administration", &who, admin_csrf_token(r));
    int rc = admin_recent_actions(&h, c, who.id, r->arena, err, sizeof(err));
    if (rc == 0) {
        HTML_LIT(&h, "<div id=\"content-main\">");
        rc = admin_index(&h, STR_NULL);
        HTML_LIT(&h, "</div>");
    }
    return admin_engine_page_end(r, &h, rc, err);
}

int
admin_log_view(http_req_t *r)
{
    char err[256] = "";
    user_t who;
    (void)http_query(r, "p", NULL); /* parses r->query_ */
    PGconn *c = staff_get_db(r, &who);
    if (c == NULL)
        return r->status;
    html_t h = admin_frame_begin(r, "Admin log", &who, admin_csrf_token(r));
    return admin_engine_page_end(
        r, &h, admin_log_page(&h, c, &r->query_, r->arena, err, sizeof(err)), err);
}

int
admin_app_index_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, false) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    html_t h = admin_page_begin(r, "Site administration", &who, admin_csrf_token(r));
    return admin_engine_page_end(r, &h, admin_index(&h, http_route_param(r, "app")), "");
}

/* Django's admin sends anonymous visitors of any admin URL to the login
 * page first, so an unknown path tells them nothing. */
int
admin_not_found_view(http_req_t *r)
{
    user_t who;
    if (admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    return admin_error_page(r, 404, "The page you asked for does not exist.");
}

static const route_t admin_route_table[] = {
    {"*", "/admin/", admin_index_view, NULL},
    {"*", "/admin/login/", admin_login_view, NULL},
    {"*", "/admin/logout/", admin_logout_view, NULL},
    {"*", "/admin/password_change/", admin_password_change_view, NULL},
    {"*", "/admin/password_change/done/", admin_password_change_done_view, NULL},
    {"*", "/admin/log/", admin_log_view, NULL},
    {"*", "/admin/accounts/user/<id>/password/", admin_user_password_view, NULL},
    {"*", "/admin/<app>/", admin_app_index_view, NULL},
    {"*", "/admin/<app>/<model>/", admin_changelist_view, NULL},
    {"*", "/admin/<app>/<model>/add/", admin_add_view, NULL},
    {"*", "/admin/<app>/<model>/<id>/change/", admin_change_view, NULL},
    {"*", "/admin/<app>/<model>/<id>/delete/", admin_delete_view, NULL},
    {"*", "/admin/<app>/<model>/<id>/history/", admin_history_view, NULL},
    {"*", "/admin/<path:rest>", admin_not_found_view, NULL},
};

int
admin_routes(router_t *rt)
{
    return router_add_all(rt, admin_route_table, ROUTES_LEN(admin_route_table));
}
