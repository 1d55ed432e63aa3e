/* Small helpers every admin page uses. */
#include <stdio.h>

#include "admin/internal.h"

int
admin_pg_fail(PGresult *res, PGconn *c, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: %s", what, PQerrorMessage(c));
    PQclear(res);
    return -1;
}

const char *
admin_id_array(buf_t *b, const long long *ids, size_t n)
{
    buf_putc(b, '{');
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%lld", i ? "," : "", ids[i]);
    buf_putc(b, '}');
    return b->failed ? NULL : buf_cstr(b);
}

int
admin_tx_end(PGconn *c, int ok, const char *what, char *err, size_t errlen)
{
    PGresult *res = PQexec(c, ok ? "COMMIT" : "ROLLBACK");
    if (ok && PQresultStatus(res) != PGRES_COMMAND_OK)
        return admin_pg_fail(res, c, what, err, errlen);
    PQclear(res);
    return ok ? 0 : -1;
}

admin_id_text_t
admin_id_text(long long id)
{
    admin_id_text_t t;
    snprintf(t.s, sizeof t.s, "%lld", id);
    return t;
}

int
admin_object_repr(PGconn *c, const admin_model_t *m, long long id, arena_t *a, const char **out,
                  char *err, size_t errlen)
{
    admin_id_text_t pk = admin_id_text(id);
    const char *param = pk.s;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT (%s)::text FROM \"%s\" WHERE \"%s\" = $1", m->str_sql,
             m->table, m->pk);
    PGresult *res = PQexecParams(c, sql, 1, NULL, &param, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "repr", err, errlen);
    int found = PQntuples(res) > 0;
    *out = arena_cstr(a, str_from_cstr(found ? PQgetvalue(res, 0, 0) : ""));
    PQclear(res);
    if (*out == NULL) {
        snprintf(err, errlen, "repr: out of memory");
        return -1;
    }
    return found ? 0 : 1;
}

void
admin_file_link(html_t *h, str_t path)
{
    HTML_LIT(h, "<a href=\"/media/");
    size_t start = 0;
    for (size_t i = 0; i <= path.len; i++) /* each segment encoded, the slashes kept */
        if (i == path.len || path.p[i] == '/') {
            if (start > 0)
                HTML_LIT(h, "/");
            html_url_part(h, (str_t){path.p + start, i - start});
            start = i + 1;
        }
    HTML_LIT(h, "\">");
    html_text(h, path);
    HTML_LIT(h, "</a>");
}

/* href="?<the current query without p and name>&name=value": the change
 * list's links keep the search, filters and ordering, and start again at
 * the first page. name NULL: just the current query without p. */
/* One name=value of a query string, after "?" or "&amp;". */
static void
query_pair(html_t *h, bool *first, str_t name, str_t value)
{
    if (*first)
        HTML_LIT(h, "?");
    else
        HTML_LIT(h, "&amp;");
    *first = false;
    html_url_part(h, name);
    HTML_LIT(h, "=");
    html_url_part(h, value);
}

static bool
name_in(str_t n, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (str_eq_cstr(n, names[i]))
            return true;
    return false;
}

void
admin_query_href_n(html_t *h, const http_pairs_t *query, const char *const *names,
                   const str_t *values, size_t count)
{
    bool first = true;
    HTML_LIT(h, " href=\"");
    for (size_t i = 0; query && i < query->len; i++) {
        str_t n = query->items[i].name;
        if (n.len > 0 && !str_eq_cstr(n, "p") && !name_in(n, names, count))
            query_pair(h, &first, n, query->items[i].value);
    }
    for (size_t i = 0; i < count; i++)
        if (values[i].len > 0)
            query_pair(h, &first, str_from_cstr(names[i]), values[i]);
    if (first)
        HTML_LIT(h, "?");
    HTML_LIT(h, "\"");
}

void
admin_query_href(html_t *h, const http_pairs_t *query, const char *name, str_t value)
{
    admin_query_href_n(h, query, &name, &value, name ? 1 : 0);
}
