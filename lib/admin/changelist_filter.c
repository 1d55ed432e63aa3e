/* The change list's side panel: for each filter of the model, its choices
 * as links that keep the rest of the query (Django's "By <label>"). */
#include <stdio.h>
#include <time.h>

#include "admin/internal.h"
#include "admin/query_cache.h"

#define FILTER_CHOICES_MAX 100

/* <li><a href=...>label</a></li>, marked selected when the request has
 * exactly this value for name (or, for "All", no value). */
static void
choice(html_t *h, const http_pairs_t *query, const char *name, str_t value, str_t label)
{
    bool found;
    str_t cur = http_pairs_get(query, name, &found);
    bool selected = value.len == 0 ? !found || cur.len == 0 : found && str_eq(cur, value);
    if (selected)
        HTML_LIT(h, "<li class=\"selected\"><a");
    else
        HTML_LIT(h, "<li><a");
    admin_query_href(h, query, name, value);
    HTML_LIT(h, ">");
    html_text(h, label);
    HTML_LIT(h, "</a></li>\n");
}

static void
bool_choices(html_t *h, const http_pairs_t *query, const char *name)
{
    choice(h, query, name, STR_NULL, STR_LIT("All"));
    choice(h, query, name, STR_LIT("1"), STR_LIT("Yes"));
    choice(h, query, name, STR_LIT("0"), STR_LIT("No"));
}

static void
ymd(char *out, int y, int m, int d)
{
    struct tm t = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    time_t when = timegm(&t); /* normalises day 0, month 13 and the like */
    gmtime_r(&when, &t);
    strftime(out, 11, "%Y-%m-%d", &t); /* 10 characters: the year is near now */
}

/* Django's date choices as __gte/__lt pairs of UTC days. */
static void
date_choices(html_t *h, const http_pairs_t *query, const char *column)
{
    static const char *const labels[] = {"Any date", "Today", "Past 7 days", "This month",
                                         "This year"};
    char gte_name[128], lt_name[128], from[11], to[11];
    snprintf(gte_name, sizeof gte_name, "%s__gte", column);
    snprintf(lt_name, sizeof lt_name, "%s__lt", column);
    time_t now = time(NULL);
    struct tm t;
    gmtime_r(&now, &t);
    int y = t.tm_year + 1900, mo = t.tm_mon + 1, d = t.tm_mday;
    const int ranges[5][6] = {{0},
                              {y, mo, d, y, mo, d + 1},
                              {y, mo, d - 7, y, mo, d + 1},
                              {y, mo, 1, y, mo + 1, 1},
                              {y, 1, 1, y + 1, 1, 1}};
    const char *const names[2] = {gte_name, lt_name};
    bool found;
    str_t cur_from = http_pairs_get(query, gte_name, &found);
    str_t cur_to = http_pairs_get(query, lt_name, &found);
    for (int i = 0; i < 5; i++) {
        from[0] = to[0] = '\0'; /* "Any date": neither bound */
        if (i > 0) {
            ymd(from, ranges[i][0], ranges[i][1], ranges[i][2]);
            ymd(to, ranges[i][3], ranges[i][4], ranges[i][5]);
        }
        const str_t values[2] = {str_from_cstr(from), str_from_cstr(to)};
        if (str_eq(cur_from, values[0]) && str_eq(cur_to, values[1]))
            HTML_LIT(h, "<li class=\"selected\"><a");
        else
            HTML_LIT(h, "<li><a");
        admin_query_href_n(h, query, names, values, 2);
        HTML_LIT(h, ">");
        html_text_cstr(h, labels[i]);
        HTML_LIT(h, "</a></li>\n");
    }
}

/* Choices read from the database (bounded): an FK's target rows, or the
 * distinct values of a column. */
static int
db_choices(html_t *h, PGconn *c, const admin_model_t *m, const admin_filter_t *flt,
           const http_pairs_t *query, char *err, size_t errlen)
{
    const admin_field_t *f = admin_field_find(m, flt->column);
    const admin_model_t *t = f->type == ADMIN_FK ? admin_fk_target(f) : NULL;
    char name[128], sql[512];
    snprintf(name, sizeof name, "%s%s", f->column, t ? "__id__exact" : "__exact");
    if (t != NULL)
        snprintf(sql, sizeof sql, "SELECT \"%s\"::text, (%s)::text FROM \"%s\" ORDER BY 2 LIMIT %d",
                 t->pk, t->str_sql, t->table, FILTER_CHOICES_MAX);
    else
        snprintf(sql, sizeof sql,
                 "SELECT DISTINCT \"%s\"::text, \"%s\"::text FROM \"%s\" WHERE \"%s\" IS NOT NULL "
                 "ORDER BY 1 LIMIT %d",
                 f->column, f->column, m->table, f->column, FILTER_CHOICES_MAX);
    const char *tables[] = {t ? t->table : m->table, NULL};
    PGresult *res = admin_cache_exec(c, tables, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "filter choices", err, errlen);
    choice(h, query, name, STR_NULL, STR_LIT("All"));
    for (int i = 0; i < PQntuples(res); i++)
        choice(h, query, name, str_from_cstr(PQgetvalue(res, i, 0)),
               str_from_cstr(PQgetvalue(res, i, 1)));
    PQclear(res);
    return 0;
}

int
admin_filters_render(html_t *h, PGconn *c, const admin_model_t *m, const http_pairs_t *query,
                     char *err, size_t errlen)
{
    if (m->nfilters == 0)
        return 0;
    HTML_LIT(h, "<nav id=\"changelist-filter\"><h2>Filter</h2>\n");
    for (size_t i = 0; i < m->nfilters; i++) {
        const admin_filter_t *flt = &m->filters[i];
        char name[128];
        HTML_LIT(h, "<h3>By ");
        html_text_cstr(h, flt->label);
        HTML_LIT(h, "</h3>\n<ul>\n");
        if (flt->kind == ADMIN_FILTER_BOOL) {
            snprintf(name, sizeof name, "%s__exact", flt->column);
            bool_choices(h, query, name);
        } else if (flt->kind == ADMIN_FILTER_DATE) {
            date_choices(h, query, flt->column);
        } else if (db_choices(h, c, m, flt, query, err, errlen) != 0) {
            return -1;
        }
        HTML_LIT(h, "</ul>\n");
    }
    HTML_LIT(h, "</nav>\n");
    return 0;
}
