/* /admin/ and /admin/<app>/: the registered models grouped by app, in
 * registration order, each linking to its change list (and add form). */
#include <string.h>

#include "admin/internal.h"

/* The model's URL relative to the page: "<app>/<name>/" from /admin/,
 * "<name>/" from the app's page. */
static void
model_href(html_t *h, const admin_model_t *m, bool app_page)
{
    HTML_LIT(h, " href=\"");
    if (!app_page) {
        html_url_part(h, str_from_cstr(m->app));
        HTML_LIT(h, "/");
    }
    html_url_part(h, str_from_cstr(m->name));
    HTML_LIT(h, "/");
}

static void
app_models(html_t *h, const char *app, bool app_page)
{
    const admin_model_t *m = NULL;
    for (size_t i = 0; (m = admin_model_at(i)) != NULL; i++) {
        if (strcmp(m->app, app) != 0)
            continue;
        HTML_LIT(h, "<tr><th scope=\"row\"><a");
        model_href(h, m, app_page);
        HTML_LIT(h, "\">");
        html_text_cstr(h, m->verbose_plural);
        HTML_LIT(h, "</a></th><td>");
        if (m->can_add) {
            HTML_LIT(h, "<a class=\"addlink\"");
            model_href(h, m, app_page);
            HTML_LIT(h, "add/\">Add</a>");
        }
        HTML_LIT(h, "</td></tr>\n");
    }
}

/* Whether an app comes before model i in registration order. */
static bool
app_seen_before(const char *app, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(admin_model_at(k)->app, app) == 0)
            return true;
    return false;
}

int
admin_index(html_t *h, str_t app)
{
    const admin_model_t *m = NULL;
    bool any = false;
    for (size_t i = 0; (m = admin_model_at(i)) != NULL; i++) {
        if ((app.p != NULL && !str_eq_cstr(app, m->app)) || app_seen_before(m->app, i))
            continue;
        any = true;
        HTML_LIT(h, "<div class=\"module\"><table><caption><a href=\"");
        if (app.p == NULL)
            html_url_part(h, str_from_cstr(m->app));
        else
            HTML_LIT(h, ".");
        HTML_LIT(h, "/\">");
        html_text_cstr(h, m->app_label);
        HTML_LIT(h, "</a></caption>\n");
        app_models(h, m->app, app.p != NULL);
        HTML_LIT(h, "</table></div>\n");
    }
    return app.p != NULL && !any ? 1 : 0;
}
