/* GET /api/statements/ and GET /api/transactions/: DRF's limit/offset
 * pagination over the caller's rows (staff: everyone's). */
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/banking/list_cache.h"
#include "db/prepared.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

enum { DEFAULT_LIMIT = 10, MAX_LIMIT = 1000 };

/* DRF ignores a malformed limit or offset and uses the default. */
static long
query_long(http_req_t *r, const char *name, long def, long min, long max)
{
    long v;
    return str_to_long(http_query(r, name, NULL), min, max, &v) ? v : def;
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
    long limit = query_long(r, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long offset = query_long(r, "offset", 0, 0, 1L << 40);
    char owner[24], lim[24], off[24];
    snprintf(owner, sizeof(owner), "%lld", u->is_staff ? 0LL : u->id);
    snprintf(lim, sizeof(lim), "%ld", limit);
    snprintf(off, sizeof(off), "%ld", offset);
    const char *p[] = {owner, lim, off};
    PGresult *res = db_exec_prepared(
        c, "statement_list",
        "SELECT id, month, statement_file, status, rows, errors, "
        "to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
        "count(*) OVER () FROM statement_files WHERE ($1 = 0 OR owner_id = $1) "
        "ORDER BY uploaded_at DESC, id DESC LIMIT $2 OFFSET $3",
        3, p);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int st = deps_db_error_reply(r, res);
        PQclear(res);
        return st;
    }
    long count = 0;
    if (PQntuples(res) > 0) {
        str_to_long(str_from_cstr(PQgetvalue(res, 0, 7)), 0, 1L << 62, &count);
    } else {
        PGresult *cnt = db_exec_prepared(
            c, "statement_count",
            "SELECT count(*) FROM statement_files WHERE ($1 = 0 OR owner_id = $1)", 1, p);
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
    PQclear(res);
    return http_json(r, 200);
}

/* A date filter: absent is fine; present must be YYYY-MM-DD. */
static const char *
date_filter(http_req_t *r, field_errors_t *fe, const char *name)
{
    bool found = false;
    str_t v = http_query(r, name, &found);
    if (!found || v.len == 0)
        return NULL;
    char *s = arena_cstr(r->arena, v);
    int y, m, d;
    char tail;
    if (s == NULL || v.len != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31) {
        field_error(fe, name, "Enter a valid date.");
        return NULL;
    }
    return s;
}

int
banking_transaction_list(http_req_t *r)
{
    field_errors_t fe;
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    const user_t *u = r->user;
    field_errors_init(&fe);
    const char *after = date_filter(r, &fe, "date_after");
    const char *before = date_filter(r, &fe, "date_before");
    bool has_file = false;
    str_t file = http_query(r, "source_file", &has_file);
    long file_id = 0;
    if (has_file && file.len && !str_to_long(file, 1, 1L << 62, &file_id))
        field_error(&fe, "source_file", "Enter a number.");
    str_t search = http_query(r, "search", NULL);
    if (search.len > 200)
        field_error(&fe, "search", "Ensure this field has no more than 200 characters.");
    if (fe.count)
        return field_errors_reply(r, &fe);
    field_errors_free(&fe);
    PGconn *c = deps_db_or_reply(r); /* also hands over change notifications */
    if (c == NULL)
        return r->status;
    if (list_cache_get(r, u->id, u->is_staff))
        return http_json(r, 200);
    unsigned long generation = list_cache_generation();
    long limit = query_long(r, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long offset = query_long(r, "offset", 0, 0, 1L << 40);
    /* LIKE's wildcards in the search are taken literally. */
    buf_t like;
    buf_init(&like);
    for (size_t i = 0; i < search.len; i++) {
        if (search.p[i] == '%' || search.p[i] == '_' || search.p[i] == '\\')
            buf_putc(&like, '\\');
        buf_putc(&like, search.p[i]);
    }
    /* Only the conditions asked for: catch-all "($n IS NULL OR ...)" forms
     * made PostgreSQL plan a 100,000-row sort for every page. */
    char owner[24], fid[24], lim[24], off[24];
    const char *p[7];
    int np = 0;
    buf_t where, sql;
    buf_init(&where);
    buf_init(&sql);
    snprintf(owner, sizeof(owner), "%lld", u->id);
    snprintf(fid, sizeof(fid), "%ld", file_id);
    snprintf(lim, sizeof(lim), "%ld", limit);
    snprintf(off, sizeof(off), "%ld", offset);
    buf_puts(&where, " FROM transactions WHERE true");
    if (!u->is_staff) {
        p[np++] = owner;
        buf_printf(&where, " AND owner_id = $%d", np);
    }
    if (after) {
        p[np++] = after;
        buf_printf(&where, " AND date >= $%d::date", np);
    }
    if (before) {
        p[np++] = before;
        buf_printf(&where, " AND date <= $%d::date", np);
    }
    if (file_id) {
        p[np++] = fid;
        buf_printf(&where, " AND source_file_id = $%d", np);
    }
    if (search.len) {
        p[np++] = buf_cstr(&like);
        buf_printf(
            &where,
            " AND (description ILIKE '%%' || $%d || '%%' OR location ILIKE '%%' || $%d || '%%')",
            np, np);
    }
    int nfilter = np;
    bool filtered = after || before || file_id || search.len;
    /* The unfiltered count is the sum of the owner's statements' row counts,
     * which the importer keeps exact: a page never counts 100,000 rows. */
    if (filtered)
        buf_printf(&sql,
                   "SELECT id, source_file_id, date, description, location, amount, "
                   "(SELECT count(*)%s)",
                   buf_cstr(&where));
    else
        buf_printf(&sql,
                   "SELECT id, source_file_id, date, description, location, amount, "
                   "(SELECT coalesce(sum(rows), 0) FROM statement_files WHERE status = 'done'%s)",
                   u->is_staff ? "" : " AND owner_id = $1");
    p[np++] = lim;
    p[np++] = off;
    buf_printf(&sql, "%s ORDER BY date, id LIMIT $%d OFFSET $%d", buf_cstr(&where), np - 1, np);
    /* One prepared statement per combination of filters. */
    char name[32];
    unsigned shape = (u->is_staff ? 1u : 0u) | (after ? 2u : 0u) | (before ? 4u : 0u) |
                     (file_id ? 8u : 0u) | (search.len ? 16u : 0u);
    snprintf(name, sizeof(name), "transaction_list_%u", shape);
    PGresult *res = db_exec_prepared(c, name, buf_cstr(&sql), np, p);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        int st = deps_db_error_reply(r, res);
        PQclear(res);
        buf_free(&like);
        buf_free(&where);
        buf_free(&sql);
        return st;
    }
    long count = 0;
    if (PQntuples(res) > 0) {
        str_to_long(str_from_cstr(PQgetvalue(res, 0, 6)), 0, 1L << 62, &count);
    } else {
        /* Past the last page: the count still has to be told. */
        buf_reset(&sql);
        if (filtered)
            buf_printf(&sql, "SELECT count(*)%s", buf_cstr(&where));
        else
            buf_printf(&sql,
                       "SELECT coalesce(sum(rows), 0) FROM statement_files WHERE status = 'done'%s",
                       u->is_staff ? "" : " AND owner_id = $1");
        snprintf(name, sizeof(name), "transaction_count_%u", shape);
        PGresult *cnt = db_exec_prepared(c, name, buf_cstr(&sql),
                                         filtered ? nfilter : (u->is_staff ? 0 : 1), p);
        if (PQresultStatus(cnt) == PGRES_TUPLES_OK)
            str_to_long(str_from_cstr(PQgetvalue(cnt, 0, 0)), 0, 1L << 62, &count);
        PQclear(cnt);
    }
    buf_free(&where);
    buf_free(&sql);
    buf_free(&like);
    page_head(r, count, limit, offset);
    for (int i = 0; i < PQntuples(res); i++) {
        buf_printf(r->out,
                   "%s{\"id\":%s,\"source_file\":%s,\"date\":\"%s\",\"description\":", i ? "," : "",
                   PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
        buf_json_cstr(r->out, PQgetvalue(res, i, 3));
        buf_puts(r->out, ",\"location\":");
        buf_json_cstr(r->out, PQgetvalue(res, i, 4));
        buf_printf(r->out, ",\"amount\":\"%s\"}", PQgetvalue(res, i, 5));
    }
    buf_puts(r->out, "]}");
    PQclear(res);
    list_cache_put(r, u->id, u->is_staff, generation);
    return http_json(r, 200);
}
