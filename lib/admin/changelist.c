/* The change list page: search box, filters, a table of the page's rows
 * with checkboxes and ordering links, the action select, and pagination
 * with the total (PostgreSQL's estimate, labelled, on big unfiltered
 * tables: COUNT(*) there is what makes Django's admin slow). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "admin/query_cache.h"
#include "admin/internal.h"

/* The tables the list's SELECT reads: the model's and its listed FKs';
 * none (never kept) when they do not fit. */
static void
list_tables(const admin_model_t *m, const char **tables, size_t max)
{
    size_t n = 0;
    tables[n++] = m->table;
    for (size_t i = 0; m->list_display[i]; i++) {
        const admin_field_t *f = admin_field_find(m, m->list_display[i]);
        const admin_model_t *t = f->type == ADMIN_FK ? admin_fk_target(f) : NULL;
        if (t != NULL && n + 1 == max)
            n = 0;
        if (t != NULL && n > 0)
            tables[n++] = t->table;
    }
    tables[n] = NULL;
}

static int
query_params(PGconn *c, const admin_model_t *m, const admin_query_t *q, PGresult **res, char *err,
             size_t errlen)
{
    const char *tables[ADMIN_MAX_ORDER + 2];
    list_tables(m, tables, sizeof tables / sizeof tables[0]);
    *res = admin_cache_exec(c, tables, q->sql.data, q->nparams, q->params);
    if (PQresultStatus(*res) != PGRES_TUPLES_OK)
        return admin_pg_fail(*res, c, "change list", err, errlen);
    return 0;
}

/* A single number the query of m's table answers (COUNT, reltuples, the
 * first line of an EXPLAIN), or -1 with err set. */
static long long
query_number(PGconn *c, const admin_model_t *m, const char *sql, int nparams,
             const char *const *params, bool plan, char *err, size_t errlen)
{
    const char *tables[] = {m->table, NULL};
    PGresult *res = admin_cache_exec(c, tables, sql, nparams, params);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "change list count", err, errlen);
    long long n = -1;
    if (PQntuples(res) > 0)
        n = plan ? admin_plan_rows(PQgetvalue(res, 0, 0)) : atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n < 0 && !plan ? 0 : n;
}

/* *total rows, *about when it is the estimate: exact up to the model's
 * count limit, then reltuples (unfiltered) or the planner's estimate of the
 * filtered rows, never below what was counted. An unfiltered list looks at
 * reltuples first, so a big table is never counted at all. */
static int
count_rows(PGconn *c, const admin_model_t *m, const admin_query_t *q, long long *total, bool *about,
           char *err, size_t errlen)
{
    const char *table = m->table;
    *about = false;
    if (!q->filtered && q->count_limit > 0) {
        *total = query_number(c, m, admin_estimate_sql, 1, &table, false, err, errlen);
        if (*total < 0 || *total > q->count_limit)
            return *total < 0 ? -1 : (*about = true, 0);
    }
    *total = query_number(c, m, q->count_sql.data, q->nparams, q->params, false, err, errlen);
    if (*total < 0 || q->count_limit == 0 || *total <= q->count_limit)
        return *total < 0 ? -1 : 0;
    long long estimate =
        q->filtered
            ? query_number(c, m, q->estimate_sql.data, q->nparams, q->params, true, err, errlen)
            : query_number(c, m, admin_estimate_sql, 1, &table, false, err, errlen);
    if (estimate < 0 && err[0] != '\0')
        return -1;
    *about = true;
    if (estimate > *total)
        *total = estimate;
    return 0;
}

static void
render_search(html_t *h, const admin_model_t *m, const http_pairs_t *query)
{
    bool found;
    if (m->search_fields == NULL || m->search_fields[0] == NULL)
        return;
    HTML_LIT(h, "<form id=\"changelist-search\" method=\"get\"><label for=\"searchbar\">Search"
                "</label> <input type=\"text\" size=\"40\" name=\"q\" id=\"searchbar\"");
    HTML_ATTR(h, "value", http_pairs_get(query, "q", &found));
    HTML_LIT(h, "> <input type=\"submit\" value=\"Search\">");
    for (size_t i = 0; query && i < query->len; i++) {
        str_t n = query->items[i].name;
        if (str_eq_cstr(n, "q") || str_eq_cstr(n, "p") || n.len == 0)
            continue;
        HTML_LIT(h, "<input type=\"hidden\"");
        HTML_ATTR(h, "name", n);
        HTML_ATTR(h, "value", query->items[i].value);
        HTML_LIT(h, ">");
    }
    HTML_LIT(h, "</form>\n");
}

static void
render_actions(html_t *h, const admin_model_t *m)
{
    HTML_LIT(h, "<div class=\"actions\"><label>Action: <select name=\"action\" required>"
                "<option value=\"\" selected>---------</option>");
    if (m->can_delete) {
        HTML_LIT(h, "<option value=\"delete_selected\">Delete selected ");
        html_text_cstr(h, m->verbose_plural);
        HTML_LIT(h, "</option>");
    }
    for (size_t i = 0; m->actions && m->actions[i].name; i++) {
        HTML_LIT(h, "<option");
        HTML_ATTR(h, "value", str_from_cstr(m->actions[i].name));
        HTML_LIT(h, ">");
        html_text_cstr(h, m->actions[i].label);
        HTML_LIT(h, "</option>");
    }
    HTML_LIT(h, "</select></label> <button type=\"submit\" class=\"button\" name=\"index\" "
                "value=\"0\">Go</button></div>\n");
}

/* The ?o= a click on column idx (1-based) asks for: that column first,
 * toggled when it already is first, the others after it. */
static void
header_link(html_t *h, const admin_query_t *q, int idx, const http_pairs_t *query)
{
    char o[ADMIN_MAX_ORDER * 5 + 8];
    int first = q->norder > 0 && abs(q->order[0]) == idx ? -q->order[0] : idx;
    size_t n = (size_t)snprintf(o, sizeof o, "%d", first);
    for (size_t i = 0; i < q->norder && n < sizeof o - 6; i++)
        if (abs(q->order[i]) != idx)
            n += (size_t)snprintf(o + n, sizeof o - n, ".%d", q->order[i]);
    admin_query_href(h, query, "o", (str_t){o, n});
}

static void
render_header(html_t *h, const admin_model_t *m, const admin_query_t *q, const http_pairs_t *query)
{
    HTML_LIT(h, "<table id=\"result_list\"><thead><tr><th scope=\"col\" class=\"action-checkbox-"
                "column\"><input type=\"checkbox\" id=\"action-toggle\" aria-label=\"Select all "
                "objects on this page for an action\"></th>");
    for (int i = 0; m->list_display[i]; i++) {
        int sort = 0;
        for (size_t k = 0; k < q->norder; k++)
            if (abs(q->order[k]) == i + 1)
                sort = q->order[k];
        if (sort > 0)
            HTML_LIT(h, "<th scope=\"col\" class=\"sorted ascending\"><a");
        else if (sort < 0)
            HTML_LIT(h, "<th scope=\"col\" class=\"sorted descending\"><a");
        else
            HTML_LIT(h, "<th scope=\"col\"><a");
        header_link(h, q, i + 1, query);
        HTML_LIT(h, ">");
        html_text_cstr(h, admin_field_find(m, m->list_display[i])->label);
        HTML_LIT(h, "</a></th>");
    }
    HTML_LIT(h, "</tr></thead>\n<tbody>\n");
}

/* One cell as Django shows it: "-" for NULL, Yes/No for booleans. */
static void
render_cell(html_t *h, const admin_field_t *f, PGresult *res, int row, int col)
{
    if (PQgetisnull(res, row, col))
        HTML_LIT(h, "-");
    else if (f->type == ADMIN_BOOL)
        html_text_cstr(h, PQgetvalue(res, row, col)[0] == 't' ? "Yes" : "No");
    else if (f->type == ADMIN_FILE)
        admin_file_link(h, (str_t){PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col)});
    else
        html_text(h, (str_t){PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col)});
}

/* Columns of res: pk, __str__, then list_display. The first listed column
 * links to the change form. */
static void
render_rows(html_t *h, const admin_model_t *m, PGresult *res, bool reversed)
{
    for (int k = 0, n = PQntuples(res); k < n; k++) {
        int r = reversed ? n - 1 - k : k;
        str_t pk = str_from_cstr(PQgetvalue(res, r, 0));
        HTML_LIT(h, "<tr><td class=\"action-checkbox\"><input type=\"checkbox\" "
                    "name=\"_selected_action\" class=\"action-select\"");
        HTML_ATTR(h, "value", pk);
        HTML_LIT(h, "></td>");
        for (int i = 0; m->list_display[i]; i++) {
            const admin_field_t *f = admin_field_find(m, m->list_display[i]);
            if (i == 0) {
                HTML_LIT(h, "<th><a href=\"");
                html_url_part(h, pk);
                HTML_LIT(h, "/change/\">");
                render_cell(h, f, res, r, 2);
                HTML_LIT(h, "</a></th>");
            } else {
                HTML_LIT(h, "<td>");
                render_cell(h, f, res, r, 2 + i);
                HTML_LIT(h, "</td>");
            }
        }
        HTML_LIT(h, "</tr>\n");
    }
    HTML_LIT(h, "</tbody></table>\n");
}

static void
page_link(html_t *h, const http_pairs_t *query, long page, long current)
{
    char p[24];
    int n = snprintf(p, sizeof p, "%ld", page);
    if (page == current) {
        HTML_LIT(h, "<span class=\"this-page\">");
        html_textf(h, "%ld", page + 1);
        HTML_LIT(h, "</span> ");
        return;
    }
    HTML_LIT(h, "<a");
    admin_query_href(h, query, "p", (str_t){p, (size_t)n});
    HTML_LIT(h, ">");
    html_textf(h, "%ld", page + 1);
    HTML_LIT(h, "</a> ");
}

static size_t
page_run(long *out, size_t n, long from, long to)
{
    for (long p = from; p < to; p++)
        out[n++] = p;
    return n;
}

size_t
admin_page_links(long pages, long current, long out[ADMIN_PAGE_LINKS_MAX])
{
    enum { EACH_SIDE = 3, ENDS = 2 };
    if (pages <= 1)
        return 0;
    if (pages <= (EACH_SIDE + ENDS) * 2)
        return page_run(out, 0, 0, pages);
    long c = current < 0 ? 0 : current >= pages ? pages - 1 : current;
    size_t n = 0;
    if (c > EACH_SIDE + ENDS + 1) {
        n = page_run(out, n, 0, ENDS);
        out[n++] = ADMIN_PAGE_GAP;
        n = page_run(out, n, c - EACH_SIDE, c + 1);
    } else {
        n = page_run(out, n, 0, c + 1);
    }
    if (c < pages - EACH_SIDE - ENDS - 2) {
        n = page_run(out, n, c + 1, c + EACH_SIDE + 1);
        out[n++] = ADMIN_PAGE_GAP;
        return page_run(out, n, pages - ENDS, pages);
    }
    return page_run(out, n, c + 1, pages);
}

/* Django's paginator: the first two pages, three either side of the
 * current one, the last two, "…" between; only those, whatever the total. */
static void
render_paginator(html_t *h, const admin_model_t *m, const admin_query_t *q, long long total,
                 bool about, const http_pairs_t *query)
{
    long long pages = (total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE;
    long links[ADMIN_PAGE_LINKS_MAX];
    size_t n = admin_page_links(pages > LONG_MAX ? LONG_MAX : (long)pages, q->page, links);
    HTML_LIT(h, "<p class=\"paginator\">");
    for (size_t i = 0; i < n; i++)
        if (links[i] == ADMIN_PAGE_GAP)
            HTML_LIT(h, "… ");
        else
            page_link(h, query, links[i], q->page);
    if (about)
        HTML_LIT(h, "about ");
    html_textf(h, "%lld ", total);
    html_text_cstr(h, total == 1 ? m->verbose : m->verbose_plural);
    HTML_LIT(h, "</p>\n");
}

int
admin_changelist(html_t *h, PGconn *c, const admin_model_t *m, const http_pairs_t *query,
                 const admin_page_t *pg, char *err, size_t errlen)
{
    admin_query_t q;
    PGresult *res = NULL;
    long long total = 0;
    bool about;
    if (admin_query_build(&q, pg->arena, m, query) != 0) {
        snprintf(err, errlen, "change list: out of memory");
        return -1;
    }
    int rc = -1;
    err[0] = '\0';
    if (count_rows(c, m, &q, &total, &about, err, errlen) != 0)
        goto done;
    if (admin_query_page(&q, m, total, !about) != 0) {
        snprintf(err, errlen, "change list: out of memory");
        goto done;
    }
    if (query_params(c, m, &q, &res, err, errlen) != 0)
        goto done;
    HTML_LIT(h, "<h1>Select ");
    html_text_cstr(h, m->verbose);
    HTML_LIT(h, " to change</h1>\n");
    if (m->can_add) {
        HTML_LIT(h, "<ul class=\"object-tools\"><li><a href=\"add/\" class=\"addlink\">Add ");
        html_text_cstr(h, m->verbose);
        HTML_LIT(h, "</a></li></ul>\n");
    }
    HTML_LIT(h, "<div id=\"changelist\">\n");
    render_search(h, m, query);
    if (admin_filters_render(h, c, m, query, err, errlen) != 0)
        goto done;
    HTML_LIT(h, "<form id=\"changelist-form\" method=\"post\">");
    admin_csrf_hidden(h, pg->csrf_token);
    render_actions(h, m);
    render_header(h, m, &q, query);
    render_rows(h, m, res, q.reversed);
    render_paginator(h, m, &q, total, about, query);
    HTML_LIT(h, "</form>\n</div>\n");
    rc = 0;
done:
    PQclear(res);
    admin_query_free(&q);
    return rc;
}
