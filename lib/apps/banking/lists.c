/* GET /api/statements/ and GET /api/transactions/: DRF's limit/offset
 * pagination over the caller's own rows, staff included (staff see others'
 * only in /admin/). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/banking/date.h"
#include "apps/banking/list_cache.h"
#include "db/prepared.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

enum { DEFAULT_LIMIT = 10, MAX_LIMIT = 1000, SEARCH_MAX = 200 };

/* DRF ignores a malformed limit or offset and uses the default. */
static long
query_long(http_req_t *r, const char *name, long def, long min, long max)
{
    long v;
    return str_to_long(http_query(r, name, NULL), min, max, &v) ? v : def;
}

/* DRF's LimitOffsetPagination: a limit above max_limit is cut to it, a
 * malformed, zero or negative one is the default. */
static long
query_limit(http_req_t *r)
{
    long v = query_long(r, "limit", DEFAULT_LIMIT, 1, LONG_MAX);
    return v > MAX_LIMIT ? MAX_LIMIT : v;
}

/* An absolute link to this list at offset, the other parameters kept. */
static void
page_link(http_req_t *r, long limit, long offset)
{
    str_t qs = r->query_string, piece;
    buf_t url;
    buf_init(&url);
    str_t scheme = http_param(r, "REQUEST_SCHEME"), host = http_param(r, "HTTP_HOST");
    buf_printf(&url, "%.*s://%.*s%.*s?", STR_FMT(scheme.len ? scheme : STR_LIT("http")),
               STR_FMT(host), STR_FMT(r->path));
    while (qs.len) {
        str_split(qs, '&', &piece, &qs);
        if (piece.len && !str_starts_with(piece, "limit=") && !str_starts_with(piece, "offset=") &&
            !str_eq_cstr(piece, "limit") && !str_eq_cstr(piece, "offset")) {
            buf_str(&url, piece);
            buf_putc(&url, '&');
        }
    }
    buf_printf(&url, "limit=%ld", limit);
    if (offset > 0)
        buf_printf(&url, "&offset=%ld", offset);
    buf_json_str(r->out, (str_t){url.data, url.len});
    buf_free(&url);
}

static void
page_head(http_req_t *r, long count, long limit, long offset)
{
    buf_printf(r->out, "{\"count\":%ld,\"next\":", count);
    if (offset + limit < count)
        page_link(r, limit, offset + limit);
    else
        buf_puts(r->out, "null");
    buf_puts(r->out, ",\"previous\":");
    if (offset > 0)
        page_link(r, limit, offset - limit > 0 ? offset - limit : 0);
    else
        buf_puts(r->out, "null");
    buf_puts(r->out, ",\"results\":[");
}

int
banking_statement_list(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    const user_t *u = r->user;
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        return r->status;
    long limit = query_limit(r);
    long offset = query_long(r, "offset", 0, 0, 1L << 40);
    char owner[24], lim[24], off[24];
    snprintf(owner, sizeof(owner), "%lld", u->id);
    snprintf(lim, sizeof(lim), "%ld", limit);
    snprintf(off, sizeof(off), "%ld", offset);
    const char *p[] = {owner, lim, off};
    static const char sql[] =
        "SELECT id, month, statement_file, status, rows, errors, "
        "to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
        "count(*) OVER () FROM statement_files WHERE owner_id = $1 "
        "ORDER BY uploaded_at DESC, id DESC LIMIT $2 OFFSET $3";
    PGresult *res = deps_rows_or_reply(r, db_exec_prepared(c, "statement_list", sql, 3, p));
    if (res == NULL)
        return r->status;
    long count = 0;
    if (PQntuples(res) > 0) {
        str_to_long(str_from_cstr(PQgetvalue(res, 0, 7)), 0, 1L << 62, &count);
    } else {
        PGresult *cnt = db_exec_prepared(
            c, "statement_count", "SELECT count(*) FROM statement_files WHERE owner_id = $1", 1, p);
        if (PQresultStatus(cnt) == PGRES_TUPLES_OK)
            str_to_long(str_from_cstr(PQgetvalue(cnt, 0, 0)), 0, 1L << 62, &count);
        PQclear(cnt);
    }
    page_head(r, count, limit, offset);
    for (int i = 0; i < PQntuples(res); i++) {
        buf_printf(r->out, "%s{\"id\":%s,\"month\":\"%s\",\"statement_file\":", i ? "," : "",
                   PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
        buf_printf(r->out, "\"/media/%s\",\"status\":\"%s\",\"rows\":%s,\"errors\":%s,",
                   PQgetvalue(res, i, 2), PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
                   PQgetvalue(res, i, 5));
        buf_printf(r->out, "\"uploaded_at\":\"%s\"}", PQgetvalue(res, i, 6));
    }
    buf_puts(r->out, "]}");
    return http_json(r, 200);
}

/* A date filter: absent is fine; present must be a real YYYY-MM-DD date
 * (django-filter's message otherwise). Owned by r->arena. */
static const char *
date_filter(http_req_t *r, field_errors_t *fe, const char *name)
{
    bool found = false;
    str_t v = http_query(r, name, &found);
    if (!found || v.len == 0)
        return NULL;
    char *s = date_iso_valid(v) ? arena_cstr(r->arena, v) : NULL;
    if (s == NULL)
        field_error(fe, name, "Enter a valid date.");
    return s;
}

/* What GET /api/transactions/ filters on, from the query string. */
typedef struct {
    const char *after, *before; /* YYYY-MM-DD, or NULL */
    long file_id;               /* 0: every statement */
    str_t search;               /* empty: no search */
} tx_filters_t;

/* Replies 400 with every filter's problem and returns -1. */
static int
tx_filters_or_reply(http_req_t *r, tx_filters_t *f)
{
    field_errors_t fe;
    bool has_file = false;

    field_errors_init(&fe);
    f->after = date_filter(r, &fe, "date_after");
    f->before = date_filter(r, &fe, "date_before");
    str_t file = http_query(r, "source_file", &has_file);
    f->file_id = 0;
    if (has_file && file.len && !str_to_long(file, 1, 1L << 62, &f->file_id))
        field_error(&fe, "source_file", "Enter a number.");
    f->search = http_query(r, "search", NULL);
    if (f->search.len > SEARCH_MAX)
        field_error(&fe, "search", "Ensure this field has no more than 200 characters.");
    if (fe.count) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    return 0;
}

/* SQL text of bounded length: fixed pieces and parameter numbers only
 * (values travel as parameters), so it lives on the stack. */
typedef struct {
    char text[1024];
    size_t len;
} sql_text_t;

__attribute__((format(printf, 2, 3))) static void
sql_add(sql_text_t *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->text + s->len, sizeof(s->text) - s->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->len = s->len + (size_t)n < sizeof(s->text) ? s->len + (size_t)n : sizeof(s->text) - 1;
}

/* One page's query: one prepared statement per combination of filters
 * (shape), with only the conditions asked for: catch-all "($n IS NULL OR
 * ...)" forms made PostgreSQL plan a 100,000-row sort for every page. */
typedef struct {
    sql_text_t where, sql;
    char like[2 * SEARCH_MAX + 1]; /* the search, LIKE's wildcards escaped */
    char owner[24], fid[24], lim[24], off[24];
    const char *p[7];
    int np, nfilter; /* parameters of the page, of the filters alone */
    unsigned shape;
    bool filtered;
} tx_query_t;

static void
tx_where(tx_query_t *q, long long owner_id, const tx_filters_t *f)
{
    size_t n = 0;
    /* LIKE's wildcards in the search are taken literally. */
    for (size_t i = 0; i < f->search.len; i++) {
        char ch = f->search.p[i];
        if (ch == '%' || ch == '_' || ch == '\\')
            q->like[n++] = '\\';
        q->like[n++] = ch;
    }
    q->like[n] = '\0';
    snprintf(q->owner, sizeof(q->owner), "%lld", owner_id);
    snprintf(q->fid, sizeof(q->fid), "%ld", f->file_id);
    q->p[q->np++] = q->owner;
    sql_add(&q->where, " FROM transactions WHERE owner_id = $%d", q->np);
    if (f->after) {
        q->p[q->np++] = f->after;
        sql_add(&q->where, " AND date >= $%d::date", q->np);
    }
    if (f->before) {
        q->p[q->np++] = f->before;
        sql_add(&q->where, " AND date <= $%d::date", q->np);
    }
    if (f->file_id) {
        q->p[q->np++] = q->fid;
        sql_add(&q->where, " AND source_file_id = $%d", q->np);
    }
    if (f->search.len) {
        q->p[q->np++] = q->like;
        sql_add(&q->where,
                " AND (description ILIKE '%%' || $%d || '%%' OR location ILIKE '%%' || $%d || "
                "'%%')",
                q->np, q->np);
    }
    q->nfilter = q->np;
}

/* The unfiltered count is the sum of the owner's statements' row counts,
 * which the importer keeps exact: a page never counts 100,000 rows. */
static const char tx_count_sql[] =
    "SELECT coalesce(sum(rows), 0) FROM statement_files WHERE status = 'done' AND owner_id = $1";

static void
tx_query_build(tx_query_t *q, const user_t *u, const tx_filters_t *f, long limit, long offset)
{
    q->where.len = q->sql.len = 0;
    q->np = 0;
    q->filtered = f->after || f->before || f->file_id || f->search.len;
    q->shape = (f->after ? 1u : 0u) | (f->before ? 2u : 0u) | (f->file_id ? 4u : 0u) |
               (f->search.len ? 8u : 0u);
    tx_where(q, u->id, f);
    snprintf(q->lim, sizeof(q->lim), "%ld", limit);
    snprintf(q->off, sizeof(q->off), "%ld", offset);
    sql_add(&q->sql, "SELECT id, source_file_id, date, description, location, amount, ");
    if (q->filtered)
        sql_add(&q->sql, "(SELECT count(*)%s)", q->where.text);
    else
        sql_add(&q->sql, "(%s)", tx_count_sql);
    q->p[q->np++] = q->lim;
    q->p[q->np++] = q->off;
    sql_add(&q->sql, "%s ORDER BY date, id LIMIT $%d OFFSET $%d", q->where.text, q->np - 1, q->np);
}

/* The count of every matching row: from the page's first row, or past the
 * last page by a count query of its own. */
static long
tx_count(PGconn *c, tx_query_t *q, const PGresult *res)
{
    long count = 0;
    char name[32];

    if (PQntuples(res) > 0) {
        str_to_long(str_from_cstr(PQgetvalue(res, 0, 6)), 0, 1L << 62, &count);
        return count;
    }
    q->sql.len = 0;
    if (q->filtered)
        sql_add(&q->sql, "SELECT count(*)%s", q->where.text);
    else
        sql_add(&q->sql, "%s", tx_count_sql);
    snprintf(name, sizeof(name), "transaction_count_%u", q->shape);
    PGresult *cnt = db_exec_prepared(c, name, q->sql.text, q->filtered ? q->nfilter : 1, q->p);
    if (PQresultStatus(cnt) == PGRES_TUPLES_OK)
        str_to_long(str_from_cstr(PQgetvalue(cnt, 0, 0)), 0, 1L << 62, &count);
    PQclear(cnt);
    return count;
}

/* The rows straight from the result into r->out: no copy per row. */
static void
tx_rows_print(http_req_t *r, const PGresult *res)
{
    for (int i = 0; i < PQntuples(res); i++) {
        buf_printf(r->out,
                   "%s{\"id\":%s,\"source_file\":%s,\"date\":\"%s\",\"description\":", i ? "," : "",
                   PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
        buf_json_cstr(r->out, PQgetvalue(res, i, 3));
        buf_puts(r->out, ",\"location\":");
        buf_json_cstr(r->out, PQgetvalue(res, i, 4));
        buf_printf(r->out, ",\"amount\":\"%s\"}", PQgetvalue(res, i, 5));
    }
}

int
banking_transaction_list(http_req_t *r)
{
    tx_filters_t filters;
    tx_query_t q;
    char name[32];

    if (accounts_user_or_reply(r) != 0 || tx_filters_or_reply(r, &filters) != 0)
        return r->status;
    const user_t *u = r->user;
    PGconn *c = deps_db_or_reply(r); /* also hands over change notifications */
    if (c == NULL)
        return r->status;
    if (list_cache_get(r, u->id))
        return http_json(r, 200);
    unsigned long generation = list_cache_generation();
    long limit = query_limit(r);
    long offset = query_long(r, "offset", 0, 0, 1L << 40);
    tx_query_build(&q, u, &filters, limit, offset);
    snprintf(name, sizeof(name), "transaction_list_%u", q.shape);
    PGresult *res = deps_rows_or_reply(r, db_exec_prepared(c, name, q.sql.text, q.np, q.p));
    if (res == NULL)
        return r->status;
    page_head(r, tx_count(c, &q, res), limit, offset);
    tx_rows_print(r, res);
    buf_puts(r->out, "]}");
    list_cache_put(r, u->id, generation);
    return http_json(r, 200);
}
