/* The admin's URLs (Django's). Every route takes any method and each view
 * answers the ones it does not serve with the HTML 405 page, so no
 * response under /admin/ is the API's JSON. */
#include <string.h>

#include "admin/admin.h"
#include "admin/site.h"
#include "http/response.h"

/* An engine page into the frame: 0 rendered, 1 not found, -1 error. */
static int
engine_page_end(http_req_t *r, html_t *h, int rc, const char *err)
{
    if (rc == 1)
        return admin_error_page(r, 404, "The page you asked for does not exist.");
    if (rc != 0)
        return admin_error_page(r, 503, err[0] ? err : "The page could not be built.");
    return admin_page_end(r, h, 200);
}

/* The registered models grouped by app (all, or app's): Django's index
 * modules. 1 when app names no registered app. Until the engine's
 * admin_index (admin.h) exists this is the index; then it can go. */
static int
index_body(html_t *h, str_t app)
{
    const char *open_app = NULL;
    const admin_model_t *m;
    for (size_t i = 0; (m = admin_model_at(i)) != NULL; i++) {
        if (app.p && !str_eq_cstr(app, m->app))
            continue;
        if (open_app == NULL || strcmp(open_app, m->app) != 0) {
            if (open_app)
                HTML_LIT(h, "</tbody></table></div>");
            open_app = m->app;
            HTML_LIT(h, "<div class=\"module\"><table><caption><h2><a href=\"/admin/");
            html_url_part(h, str_from_cstr(m->app));
            HTML_LIT(h, "/\">");
            html_text_cstr(h, m->app_label);
            HTML_LIT(h, "</a></h2></caption><tbody>");
        }
        HTML_LIT(h, "<tr><th scope=\"row\"><a href=\"/admin/");
        html_url_part(h, str_from_cstr(m->app));
        HTML_LIT(h, "/");
        html_url_part(h, str_from_cstr(m->name));
        HTML_LIT(h, "/\">");
        html_text_cstr(h, m->verbose_plural);
        HTML_LIT(h, "</a></th></tr>");
    }
    if (open_app)
        HTML_LIT(h, "</tbody></table></div>");
    else if (app.p)
        return 1;
    else
        HTML_LIT(h, "<p>You don’t have permission to view or edit anything.</p>");
    return 0;
}

int
admin_index_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, false) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    html_t h = admin_page_begin(r, "Site administration", &who, admin_csrf_token(r));
    return engine_page_end(r, &h, index_body(&h, STR_NULL), "");
}

int
admin_app_index_view(http_req_t *r)
{
    user_t who;
    if (admin_method_or_reply(r, true, false) != 0 || admin_staff_or_redirect(r, &who) != 0)
        return r->status;
    html_t h = admin_page_begin(r, "Site administration", &who, admin_csrf_token(r));
    return engine_page_end(r, &h, index_body(&h, http_route_param(r, "app")), "");
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
    {"*", "/admin/", admin_index_view},
    {"*", "/admin/login/", admin_login_view},
    {"*", "/admin/logout/", admin_logout_view},
    {"*", "/admin/password_change/", admin_password_change_view},
    {"*", "/admin/password_change/done/", admin_password_change_done_view},
    {"*", "/admin/<app>/", admin_app_index_view},
    {"*", "/admin/<path:rest>", admin_not_found_view},
};

int
admin_routes(router_t *rt)
{
    return router_add_all(rt, admin_route_table, ROUTES_LEN(admin_route_table));
}
