/* /admin/log/: the admin log, newest first, a page of 100 at a time
 * (the next page's link only when there is one, so no COUNT(*)). */
#include <stdio.h>
#include <stdlib.h>

#include "admin/internal.h"

static const char *const flag_words[] = {"", "Added", "Changed", "Deleted"};

static void
log_row(html_t *h, PGresult *res, int i)
{
    int flag = atoi(PQgetvalue(res, i, 2));
    HTML_LIT(h, "<tr><td>");
    html_text_cstr(h, PQgetvalue(res, i, 0));
    HTML_LIT(h, "</td><td>");
    html_text_cstr(h, PQgetvalue(res, i, 1));
    HTML_LIT(h, "</td><td>");
    html_text_cstr(h, flag >= 1 && flag <= 3 ? flag_words[flag] : "?");
    HTML_LIT(h, "</td><td>");
    html_text_cstr(h, PQgetvalue(res, i, 3));
    HTML_LIT(h, "</td><td>");
    html_text_cstr(h, PQgetvalue(res, i, 4));
    HTML_LIT(h, "</td></tr>\n");
}

int
admin_log_page(html_t *h, PGconn *c, const http_pairs_t *query, char *err, size_t errlen)
{
    bool found;
    long page = 0;
    if (!str_to_long(http_pairs_get(query, "p", &found), 0, 100000, &page))
        page = 0;
    char offset[24];
    snprintf(offset, sizeof offset, "%ld", page * ADMIN_PAGE_SIZE);
    const char *param = offset;
    PGresult *res = PQexecParams(
        c,
        "SELECT to_char(l.action_time, 'YYYY-MM-DD HH24:MI:SS'), coalesce(u.email, ''), "
        "l.action_flag::text, l.app || '.' || l.model, l.object_repr FROM admin_log l "
        "LEFT JOIN users u ON u.id = l.user_id ORDER BY l.action_time DESC, l.id DESC "
        "LIMIT 101 OFFSET $1::bigint",
        1, NULL, &param, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "admin log", err, errlen);
    int n = PQntuples(res);
    HTML_LIT(h, "<h1>Admin log</h1>\n<table id=\"admin-log\"><thead><tr><th scope=\"col\">"
                "Date/time</th><th scope=\"col\">User</th><th scope=\"col\">Action</th>"
                "<th scope=\"col\">Model</th><th scope=\"col\">Object</th></tr></thead><tbody>\n");
    for (int i = 0; i < n && i < ADMIN_PAGE_SIZE; i++)
        log_row(h, res, i);
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
