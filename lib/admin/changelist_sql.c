/* The change list's SELECT: identifiers only from the model table, request
 * values only as $n parameters, so ?q= ?o= and filters can choose among
 * what the table allows and never add SQL of their own. */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "apps/banking/date.h"
#include "core/settings.h"

const char admin_estimate_sql[] = "SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass";

#define ADMIN_MAX_TERMS 8

/* The registered model an FK field points at ("app.model"), or NULL. */
const admin_model_t *
admin_fk_target(const admin_field_t *f)
{
    const char *dot = f->fk_model ? strchr(f->fk_model, '.') : NULL;
    if (dot == NULL)
        return NULL;
    return admin_model_find((str_t){f->fk_model, (size_t)(dot - f->fk_model)},
                            str_from_cstr(dot + 1));
}

/* One list column as text: an FK shows its target's __str__. */
static void
select_column(buf_t *b, const admin_model_t *m, const admin_field_t *f)
{
    const admin_model_t *t = f->type == ADMIN_FK ? admin_fk_target(f) : NULL;
    if (t != NULL)
        buf_printf(b, ", (SELECT (%s)::text FROM \"%s\" AS _fk WHERE _fk.\"%s\" = \"%s\".\"%s\")",
                   t->str_sql, t->table, t->pk, m->table, f->column);
    else
        buf_printf(b, ", \"%s\".\"%s\"::text", m->table, f->column);
}

/* Adds a parameter (copied to the arena); its number, or 0 when full. */
static int
add_param(admin_query_t *q, arena_t *a, str_t value)
{
    if (q->nparams == ADMIN_MAX_PARAMS)
        return 0;
    char *p = arena_cstr(a, value);
    if (p == NULL)
        return 0;
    q->params[q->nparams++] = p;
    return q->nparams;
}

static void
where_and(admin_query_t *q, buf_t *w)
{
    buf_puts(w, q->filtered ? " AND " : " WHERE ");
    q->filtered = true;
}

/* A search term as a LIKE pattern that matches it literally: % _ and \
 * in what was typed are not wildcards. */
static str_t
like_literal(arena_t *a, str_t term)
{
    char *p = arena_alloc(a, term.len * 2 + 1);
    size_t n = 0;
    if (p == NULL)
        return STR_NULL;
    for (size_t i = 0; i < term.len; i++) {
        if (term.p[i] == '%' || term.p[i] == '_' || term.p[i] == '\\')
            p[n++] = '\\';
        p[n++] = term.p[i];
    }
    return (str_t){p, n};
}

/* Django's search: every whitespace-separated term must match one of the
 * search fields. */
static void
where_search(admin_query_t *q, arena_t *a, const admin_model_t *m, str_t text, buf_t *w)
{
    str_t rest = str_trim(text), term;
    for (int terms = 0; rest.len > 0 && terms < ADMIN_MAX_TERMS; terms++) {
        str_split(rest, ' ', &term, &rest);
        rest = str_trim(rest);
        if (term.len == 0) {
            terms--;
            continue;
        }
        int n = add_param(q, a, like_literal(a, term));
        if (n == 0)
            return;
        where_and(q, w);
        buf_putc(w, '(');
        for (size_t i = 0; m->search_fields[i]; i++) {
            const admin_field_t *f = admin_field_find(m, m->search_fields[i]);
            bool text_col =
                f->type == ADMIN_TEXT || f->type == ADMIN_TEXTAREA || f->type == ADMIN_EMAIL;
            buf_printf(w, "%s\"%s\".\"%s\"%s ILIKE '%%' || $%d || '%%'", i ? " OR " : "", m->table,
                       f->column, text_col ? "" : "::text", n);
        }
        buf_putc(w, ')');
    }
}

/* The request's value of ?<column><suffix>=, or found false. */
static str_t
filter_param(const http_pairs_t *query, const char *column, const char *suffix, bool *found)
{
    char name[160];
    *found = false;
    if ((size_t)snprintf(name, sizeof name, "%s%s", column, suffix) >= sizeof name)
        return STR_NULL;
    str_t v = http_pairs_get(query, name, found);
    return *found && v.len > 0 ? v : (*found = false, STR_NULL);
}

static void
where_compare(admin_query_t *q, arena_t *a, const admin_model_t *m, const char *column,
              const char *op, const char *cast, str_t value, buf_t *w)
{
    int n = add_param(q, a, value);
    if (n == 0)
        return;
    where_and(q, w);
    buf_printf(w, "\"%s\".\"%s\" %s $%d%s", m->table, column, op, n, cast);
}

static void
where_filter(admin_query_t *q, arena_t *a, const admin_model_t *m, const admin_filter_t *flt,
             const http_pairs_t *query, buf_t *w)
{
    const admin_field_t *f = admin_field_find(m, flt->column);
    bool found;
    long id;
    str_t v;
    switch (flt->kind) {
    case ADMIN_FILTER_BOOL:
        v = filter_param(query, f->column, "__exact", &found);
        if (found && (str_eq_cstr(v, "1") || str_eq_cstr(v, "0")))
            where_compare(q, a, m, f->column, "=", "",
                          str_eq_cstr(v, "1") ? STR_LIT("true") : STR_LIT("false"), w);
        break;
    case ADMIN_FILTER_CHOICE:
        v = filter_param(query, f->column, "__exact", &found);
        if (found && admin_value_check(f, v) == NULL)
            where_compare(q, a, m, f->column, "=", "", v, w);
        break;
    case ADMIN_FILTER_FK:
        v = filter_param(query, f->column, "__id__exact", &found);
        if (found && str_to_long(v, 1, 0x7fffffffffffffffL, &id))
            where_compare(q, a, m, f->column, "=", "", v, w);
        break;
    case ADMIN_FILTER_DATE:
        v = filter_param(query, f->column, "__gte", &found);
        if (found && date_iso_valid(v))
            where_compare(q, a, m, f->column, ">=", "::date", v, w);
        v = filter_param(query, f->column, "__lt", &found);
        if (found && date_iso_valid(v))
            where_compare(q, a, m, f->column, "<", "::date", v, w);
        break;
    }
}

/* ?o=: list_display indexes, 1-based, "-" for descending, separated by
 * "." (Django) or ","; out of range, repeated or malformed ones ignored. */
static void
parse_ordering(admin_query_t *q, const admin_model_t *m, str_t o)
{
    size_t ncols = 0;
    while (m->list_display[ncols])
        ncols++;
    str_t rest = o, piece;
    while (rest.len > 0 && q->norder < ADMIN_MAX_ORDER) {
        size_t cut = 0;
        while (cut < rest.len && rest.p[cut] != '.' && rest.p[cut] != ',')
            cut++;
        piece = (str_t){rest.p, cut};
        rest = cut < rest.len ? (str_t){rest.p + cut + 1, rest.len - cut - 1} : STR_NULL;
        long idx;
        if (!str_to_long(piece, -(long)ncols, (long)ncols, &idx) || idx == 0)
            continue;
        bool seen = false;
        for (size_t i = 0; i < q->norder; i++)
            seen |= q->order[i] == idx || q->order[i] == -idx;
        if (!seen)
            q->order[q->norder++] = (int)idx;
    }
    if (q->norder > 0 || m->ordering == NULL)
        return;
    const char *col = m->ordering[0] == '-' ? m->ordering + 1 : m->ordering;
    for (size_t i = 0; i < ncols; i++)
        if (strcmp(m->list_display[i], col) == 0)
            q->order[q->norder++] = (int)(m->ordering[0] == '-' ? -(long)(i + 1) : (long)(i + 1));
}

/* The ordering, or its exact reverse (a page read from the end). */
static void
order_by(const admin_query_t *q, const admin_model_t *m, bool reversed, buf_t *b)
{
    buf_puts(b, " ORDER BY ");
    for (size_t i = 0; i < q->norder; i++) {
        int idx = q->order[i] < 0 ? -q->order[i] : q->order[i];
        buf_printf(b, "\"%s\".\"%s\"%s, ", m->table, m->list_display[idx - 1],
                   (q->order[i] < 0) != reversed ? " DESC" : "");
    }
    /* The pk last, so pages never overlap or skip rows with equal keys. */
    buf_printf(b, "\"%s\".\"%s\"%s", m->table, m->pk, reversed ? "" : " DESC");
}

long
admin_count_limit(const admin_model_t *m)
{
    long limit = settings.admin.count_limit;
    if (m->count_estimate_above > 0 && (limit <= 0 || m->count_estimate_above < limit))
        limit = m->count_estimate_above;
    return limit > 0 ? limit : 0;
}

/* COUNT(*) stopping after count_limit + 1 rows, and the EXPLAIN whose
 * estimate stands for the total beyond them. */
static void
count_queries(admin_query_t *q, const admin_model_t *m, const buf_t *where)
{
    if (q->count_limit > 0)
        buf_printf(&q->count_sql, "SELECT COUNT(*) FROM (SELECT 1 FROM \"%s\"", m->table);
    else
        buf_printf(&q->count_sql, "SELECT COUNT(*) FROM \"%s\"", m->table);
    buf_append(&q->count_sql, where->data, where->len);
    if (q->count_limit > 0)
        buf_printf(&q->count_sql, " LIMIT %ld) AS _capped", q->count_limit + 1);
    buf_printf(&q->estimate_sql, "EXPLAIN SELECT 1 FROM \"%s\"", m->table);
    buf_append(&q->estimate_sql, where->data, where->len);
}

long long
admin_plan_rows(const char *line)
{
    const char *rows = line ? strstr(line, " rows=") : NULL;
    long long n = -1;
    if (rows != NULL && sscanf(rows + 6, "%lld", &n) != 1)
        n = -1;
    return n;
}

/* The page's rows chosen in a subquery under the table's own name, so the
 * list columns (the FK's __str__ subselects among them) are computed for
 * the page's rows only, never for the rows OFFSET skips. */
static void
page_tail(admin_query_t *q, const admin_model_t *m, long long limit, long long offset)
{
    q->sql.len = q->order_at;
    order_by(q, m, q->reversed, &q->sql);
    buf_printf(&q->sql, " LIMIT %lld OFFSET %lld) AS \"%s\"", limit, offset, m->table);
    order_by(q, m, q->reversed, &q->sql);
    buf_cstr(&q->sql);
}

int
admin_query_page(admin_query_t *q, const admin_model_t *m, long long total, bool exact)
{
    long long pages = (total + ADMIN_PAGE_SIZE - 1) / ADMIN_PAGE_SIZE;
    if (q->page >= pages)
        q->page = pages > 0 ? (long)(pages - 1) : 0;
    long long offset = (long long)q->page * ADMIN_PAGE_SIZE, limit = ADMIN_PAGE_SIZE;
    /* An estimated total is read from the end for its last page only: the
     * other pages' distance from the end is not known. */
    q->reversed = q->page > 0 && (exact ? q->page >= pages / 2 : q->page == pages - 1);
    if (q->reversed && exact) { /* the rows after this page, then this page's, backwards */
        limit = total - offset < ADMIN_PAGE_SIZE ? total - offset : ADMIN_PAGE_SIZE;
        offset = total - offset - limit;
    } else if (q->reversed) {
        offset = 0;
    }
    page_tail(q, m, limit, offset);
    return q->sql.failed ? -1 : 0;
}

int
admin_query_build(admin_query_t *q, arena_t *a, const admin_model_t *m, const http_pairs_t *query)
{
    buf_t where;
    bool found;
    memset(q, 0, sizeof *q);
    buf_init(&q->sql);
    buf_init(&q->count_sql);
    buf_init(&q->estimate_sql);
    buf_init(&where);
    q->count_limit = admin_count_limit(m);

    str_t text = http_pairs_get(query, "q", &found);
    if (found && m->search_fields != NULL && m->search_fields[0] != NULL)
        where_search(q, a, m, text, &where);
    for (size_t i = 0; i < m->nfilters; i++)
        where_filter(q, a, m, &m->filters[i], query, &where);
    parse_ordering(q, m, http_pairs_get(query, "o", &found));
    long page = 0;
    if (str_to_long(http_pairs_get(query, "p", &found), 0, 1000000, &page))
        q->page = page;

    buf_printf(&q->sql, "SELECT \"%s\".\"%s\", (%s)::text", m->table, m->pk, m->str_sql);
    for (size_t i = 0; m->list_display[i]; i++)
        select_column(&q->sql, m, admin_field_find(m, m->list_display[i]));
    buf_printf(&q->sql, " FROM (SELECT * FROM \"%s\"", m->table);
    buf_append(&q->sql, where.data, where.len);
    q->order_at = q->sql.len;
    page_tail(q, m, ADMIN_PAGE_SIZE, (long long)q->page * ADMIN_PAGE_SIZE);
    count_queries(q, m, &where);
    bool failed = where.failed || q->sql.failed || q->count_sql.failed || q->estimate_sql.failed;
    buf_free(&where);
    buf_cstr(&q->sql);
    buf_cstr(&q->count_sql);
    buf_cstr(&q->estimate_sql);
    if (failed || q->sql.failed || q->count_sql.failed || q->estimate_sql.failed) {
        admin_query_free(q);
        return -1;
    }
    return 0;
}

void
admin_query_free(admin_query_t *q)
{
    buf_free(&q->sql);
    buf_free(&q->count_sql);
    buf_free(&q->estimate_sql);
}
