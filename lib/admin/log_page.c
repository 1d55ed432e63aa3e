/* /admin/log/: the admin log, newest first, a page of 100 at a time (the
 * next page's link only when there is one, so no COUNT(*)), and the
 * index's "Recent actions" box of the user's own last ten. Each entry
 * links to its object's change form while the object still exists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/internal.h"

enum { COL_TIME, COL_USER, COL_FLAG, COL_APP, COL_MODEL, COL_OBJECT, COL_REPR, COL_MESSAGE };
enum { RECENT_ACTIONS = 10 };

static const char log_sql[] =
    "SELECT to_char(l.action_time, 'YYYY-MM-DD HH24:MI:SS'), coalesce(u.email, ''), "
    "l.action_flag::text, l.app, l.model, l.object_id, l.object_repr, l.change_message::text "
    "FROM admin_log l LEFT JOIN users u ON u.id = l.user_id "
    "WHERE $3::bigint IS NULL OR l.user_id = $3::bigint "
    "ORDER BY l.action_time DESC, l.id DESC LIMIT $1::bigint OFFSET $2::bigint";

/* Whether row i names an object of m, its id into *id. */
static bool
row_of(PGresult *res, int i, const admin_model_t *m, long *id)
{
    return strcmp(PQgetvalue(res, i, COL_APP), m->app) == 0 &&
           strcmp(PQgetvalue(res, i, COL_MODEL), m->name) == 0 &&
           str_to_long(str_from_cstr(PQgetvalue(res, i, COL_OBJECT)), 1, (long)(~0UL >> 1), id);
}

/* Marks alive[i] when row i's object still exists: one query per
 * registered model the page names. 0, or -1 with err set. */
static int
mark_alive(PGconn *c, PGresult *res, int n, bool *alive, char *err, size_t errlen)
{
    const admin_model_t *m;
    long long *of_m = malloc(((size_t)n + 1) * sizeof(*of_m));
    if (of_m == NULL) {
        snprintf(err, errlen, "admin log: out of memory");
        return -1;
    }
    for (size_t k = 0; (m = admin_model_at(k)) != NULL; k++) {
        buf_t ids;
        buf_init(&ids);
        size_t count = 0;
        long id;
        for (int i = 0; i < n; i++)
            if (row_of(res, i, m, &id))
                of_m[count++] = id;
        const char *param = admin_id_array(&ids, of_m, count);
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT \"%s\"::text FROM \"%s\" WHERE \"%s\" = ANY($1::bigint[])", m->pk,
                 m->table, m->pk);
        PGresult *ex =
            count > 0 && param ? PQexecParams(c, sql, 1, NULL, &param, NULL, NULL, 0) : NULL;
        buf_free(&ids);
        if (ex != NULL && PQresultStatus(ex) != PGRES_TUPLES_OK) {
            free(of_m);
            return admin_pg_fail(ex, c, "admin log", err, errlen);
        }
        for (int j = 0; ex != NULL && j < PQntuples(ex); j++)
            for (int i = 0; i < n; i++)
                if (row_of(res, i, m, &id) &&
                    strcmp(PQgetvalue(res, i, COL_OBJECT), PQgetvalue(ex, j, 0)) == 0)
                    alive[i] = true;
        PQclear(ex);
    }
    free(of_m);
    return 0;
}

/* The object's repr, a link to its change form while it exists. */
static void
object_cell(html_t *h, PGresult *res, int i, bool alive)
{
    if (alive) {
        HTML_LIT(h, "<a href=\"/admin/");
        html_url_part(h, str_from_cstr(PQgetvalue(res, i, COL_APP)));
        HTML_LIT(h, "/");
        html_url_part(h, str_from_cstr(PQgetvalue(res, i, COL_MODEL)));
        HTML_LIT(h, "/");
        html_url_part(h, str_from_cstr(PQgetvalue(res, i, COL_OBJECT)));
        HTML_LIT(h, "/change/\">");
    }
    html_text_cstr(h, PQgetvalue(res, i, COL_REPR));
    if (alive)
        HTML_LIT(h, "</a>");
}

/* The model as its verbose name when it is registered, else app.model. */
static void
model_name(html_t *h, PGresult *res, int i)
{
    str_t app = str_from_cstr(PQgetvalue(res, i, COL_APP));
    const admin_model_t *m = admin_model_find(app, str_from_cstr(PQgetvalue(res, i, COL_MODEL)));
    if (m != NULL) {
        html_text_cstr(h, m->verbose);
        return;
    }
    html_text(h, app);
    HTML_LIT(h, ".");
    html_text_cstr(h, PQgetvalue(res, i, COL_MODEL));
}

static void
log_row(html_t *h, PGresult *res, int i, bool alive)
{
    static const char *const flag_words[] = {"", "Addition", "Change", "Deletion"};
    int flag = atoi(PQgetvalue(res, i, COL_FLAG));
    HTML_LIT(h, "<tr><th scope=\"row\">");
    html_text_cstr(h, PQgetvalue(res, i, COL_TIME));
    HTML_LIT(h, "</th><td>");
    html_text_cstr(h, PQgetvalue(res, i, COL_USER));
    HTML_LIT(h, "</td><td>");
    html_text_cstr(h, flag >= 1 && flag <= 3 ? flag_words[flag] : "?");
    HTML_LIT(h, "</td><td>");
    model_name(h, res, i);
    HTML_LIT(h, "</td><td>");
    object_cell(h, res, i, alive);
    HTML_LIT(h, "</td><td>");
    admin_change_message_html(h, PQgetvalue(res, i, COL_MESSAGE), PQgetvalue(res, i, COL_FLAG));
    HTML_LIT(h, "</td></tr>\n");
}

/* limit entries from offset (by user_id when > 0) and which still exist. */
static PGresult *
log_rows(PGconn *c, long limit, long offset, long long user_id, bool **alive, arena_t *a, char *err,
         size_t errlen)
{
    admin_id_text_t lim = admin_id_text(limit), off = admin_id_text(offset),
                    user = admin_id_text(user_id);
    const char *params[] = {lim.s, off.s, user_id > 0 ? user.s : NULL};
    PGresult *res = PQexecParams(c, log_sql, 3, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        admin_pg_fail(res, c, "admin log", err, errlen);
        return NULL;
    }
    *alive = arena_calloc(a, (size_t)PQntuples(res) + 1, sizeof(**alive));
    if (*alive == NULL || mark_alive(c, res, PQntuples(res), *alive, err, errlen) != 0) {
        if (*alive == NULL)
            snprintf(err, errlen, "admin log: out of memory");
        PQclear(res);
        return NULL;
    }
    return res;
}

int
admin_log_page(html_t *h, PGconn *c, const http_pairs_t *query, arena_t *a, char *err,
               size_t errlen)
{
    long page = 0;
    if (!str_to_long(http_pairs_get(query, "p", NULL), 0, 100000, &page))
        page = 0;
    bool *alive;
    PGresult *res =
        log_rows(c, ADMIN_PAGE_SIZE + 1, page * ADMIN_PAGE_SIZE, 0, &alive, a, err, errlen);
    if (res == NULL)
        return -1;
    int n = PQntuples(res);
    HTML_LIT(h, "<h1>Admin log</h1>\n<table id=\"admin-log\"><thead><tr><th scope=\"col\">"
                "Date/time</th><th scope=\"col\">User</th><th scope=\"col\">Action</th>"
                "<th scope=\"col\">Model</th><th scope=\"col\">Object</th>"
                "<th scope=\"col\">Change message</th></tr></thead><tbody>\n");
    for (int i = 0; i < n && i < ADMIN_PAGE_SIZE; i++)
        log_row(h, res, i, alive[i]);
    HTML_LIT(h, "</tbody></table>\n<p class=\"paginator\">");
    if (page > 0) {
        HTML_LIT(h, "<a href=\"?p=");
        html_textf(h, "%ld", page - 1);
        HTML_LIT(h, "\">Newer</a> ");
    }
    if (n > ADMIN_PAGE_SIZE) {
        HTML_LIT(h, "<a href=\"?p=");
        html_textf(h, "%ld", page + 1);
        HTML_LIT(h, "\">Older</a>");
    }
    HTML_LIT(h, "</p>\n");
    PQclear(res);
    return 0;
}

int
admin_recent_actions(html_t *h, PGconn *c, long long user_id, arena_t *a, char *err, size_t errlen)
{
    static const char *const item_class[] = {"", "addlink", "changelink", "deletelink"};
    bool *alive;
    PGresult *res = log_rows(c, RECENT_ACTIONS, 0, user_id, &alive, a, err, errlen);
    if (res == NULL)
        return -1;
    HTML_LIT(h, "<div id=\"content-related\"><div class=\"module\" id=\"recent-actions-module\">"
                "<h2>Recent actions</h2><h3>My actions</h3>");
    if (PQntuples(res) == 0)
        HTML_LIT(h, "<p>None available</p>");
    else
        HTML_LIT(h, "<ul class=\"actionlist\">");
    for (int i = 0; i < PQntuples(res); i++) {
        int flag = atoi(PQgetvalue(res, i, COL_FLAG));
        HTML_LIT(h, "<li");
        HTML_ATTR(h, "class", str_from_cstr(flag >= 1 && flag <= 3 ? item_class[flag] : ""));
        HTML_LIT(h, ">");
        object_cell(h, res, i, alive[i]);
        HTML_LIT(h, "<br><span class=\"mini quiet\">");
        model_name(h, res, i);
        HTML_LIT(h, "</span></li>");
    }
    if (PQntuples(res) > 0)
        HTML_LIT(h, "</ul>");
    HTML_LIT(h, "<p><a href=\"/admin/log/\">The whole admin log</a></p></div></div>\n");
    PQclear(res);
    return 0;
}
