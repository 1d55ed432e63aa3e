/* Batched loads: a relation field's resolver gets every parent of one level
 * at once and asks PostgreSQL once (WHERE key = ANY($1)), so a query costs
 * one statement per field of the document, however many rows it returns.
 * Rows point into the PGresult, which the request's arena clears. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "db/db.h"
#include "db/prepared.h"

int
hn_db_failed(gql_resolve_t *rv, PGresult *res)
{
    hn_ctx_t *ctx = rv->context;
    if (db_unavailable(res))
        ctx->unavailable = true;
    db_after_error();
    PQclear(res);
    gql_resolve_error_all(rv, "Database unavailable.");
    return -1;
}

PGconn *
hn_db(gql_resolve_t *rv)
{
    char err[256];
    PGconn *c = db_get(err, sizeof(err));
    if (c == NULL) {
        ((hn_ctx_t *)rv->context)->unavailable = true;
        gql_resolve_error_all(rv, "Database unavailable.");
    }
    return c;
}

static long long
cell_ll(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static str_t
cell_str(const PGresult *res, int row, int col)
{
    return (str_t){PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col)};
}

/* Runs the statement; the result (owned by the arena) or NULL after the
 * error went to every out[]. */
static PGresult *
rows_or_fail(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
             const char *const *params, int ncols, size_t size, void **rows)
{
    PGconn *c = hn_db(rv);
    if (c == NULL)
        return NULL;
    PGresult *res = db_exec_prepared(c, name, sql, nparams, params);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQnfields(res) != ncols) {
        hn_db_failed(rv, res);
        return NULL;
    }
    if (db_own(rv->arena, res) == NULL ||
        (*rows = arena_calloc(rv->arena, (size_t)PQntuples(res) + 1, size)) == NULL) {
        gql_resolve_error_all(rv, "Out of memory.");
        return NULL;
    }
    return res;
}

int
hn_query_users(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
               const char *const *params, hn_user_t **rows, size_t *n)
{
    PGresult *res = rows_or_fail(rv, name, sql, nparams, params, 7, sizeof(**rows), (void **)rows);
    if (res == NULL)
        return -1;
    *n = (size_t)PQntuples(res);
    for (int i = 0; i < (int)*n; i++) {
        hn_user_t *u = &(*rows)[i];
        u->id = cell_ll(res, i, 0);
        u->email = cell_str(res, i, 1);
        u->first_name = cell_str(res, i, 2);
        u->last_name = cell_str(res, i, 3);
        u->date_joined = cell_str(res, i, 4);
        u->is_staff = PQgetvalue(res, i, 5)[0] == 't';
        u->is_active = PQgetvalue(res, i, 6)[0] == 't';
    }
    return 0;
}

int
hn_query_links(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
               const char *const *params, hn_link_t **rows, size_t *n)
{
    PGresult *res = rows_or_fail(rv, name, sql, nparams, params, 4, sizeof(**rows), (void **)rows);
    if (res == NULL)
        return -1;
    *n = (size_t)PQntuples(res);
    for (int i = 0; i < (int)*n; i++) {
        hn_link_t *l = &(*rows)[i];
        l->id = cell_ll(res, i, 0);
        l->url = cell_str(res, i, 1);
        l->description = cell_str(res, i, 2);
        l->posted_by_id = cell_ll(res, i, 3);
    }
    return 0;
}

int
hn_query_votes(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
               const char *const *params, hn_vote_t **rows, size_t *n)
{
    PGresult *res = rows_or_fail(rv, name, sql, nparams, params, 3, sizeof(**rows), (void **)rows);
    if (res == NULL)
        return -1;
    *n = (size_t)PQntuples(res);
    for (int i = 0; i < (int)*n; i++) {
        hn_vote_t *v = &(*rows)[i];
        v->id = cell_ll(res, i, 0);
        v->user_id = cell_ll(res, i, 1);
        v->link_id = cell_ll(res, i, 2);
    }
    return 0;
}

str_t
hn_id_text(arena_t *a, long long id)
{
    char digits[24], *end = digits + sizeof(digits), *p = end;
    unsigned long long v = id < 0 ? 0ULL - (unsigned long long)id : (unsigned long long)id;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (id < 0)
        *--p = '-';
    size_t len = (size_t)(end - p);
    return (str_t){arena_strndup(a, p, len), len};
}

/* '{1,2,3}': the ids as one bigint[] parameter. */
static const char *
id_array(gql_resolve_t *rv, const long long *ids, size_t n)
{
    buf_t *b = buf_new_on(rv->arena);
    if (b == NULL)
        return NULL;
    buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) {
        str_t text = hn_id_text(rv->arena, ids[i]);
        if (text.p == NULL)
            return NULL;
        if (i)
            buf_putc(b, ',');
        buf_str(b, text);
    }
    buf_putc(b, '}');
    return b->failed ? NULL : buf_cstr(b);
}

#define ID_PARAM_OR_FAIL(rv, ids, n, param)                                                        \
    const char *param = id_array(rv, ids, n);                                                      \
    if (param == NULL) {                                                                           \
        gql_resolve_error_all(rv, "Out of memory.");                                               \
        return -1;                                                                                 \
    }

int
hn_load_users(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_user_t **rows, size_t *n)
{
    ID_PARAM_OR_FAIL(rv, ids, n_ids, param);
    return hn_query_users(rv, "hn_users_by_id",
                          "SELECT " HN_USER_COLUMNS " FROM users u"
                          " WHERE u.id = ANY($1::bigint[]) ORDER BY u.id",
                          1, &param, rows, n);
}

int
hn_load_links_by_id(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_link_t **rows,
                    size_t *n)
{
    ID_PARAM_OR_FAIL(rv, ids, n_ids, param);
    return hn_query_links(rv, "hn_links_by_id",
                          "SELECT " HN_LINK_COLUMNS " FROM links l"
                          " WHERE l.id = ANY($1::bigint[]) ORDER BY l.id",
                          1, &param, rows, n);
}

int
hn_load_links_by_poster(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_link_t **rows,
                        size_t *n)
{
    ID_PARAM_OR_FAIL(rv, ids, n_ids, param);
    return hn_query_links(rv, "hn_links_by_poster",
                          "SELECT " HN_LINK_COLUMNS " FROM links l"
                          " WHERE l.posted_by_id = ANY($1::bigint[])"
                          " ORDER BY l.posted_by_id, l.created_at DESC, l.id DESC",
                          1, &param, rows, n);
}

int
hn_load_votes_by(gql_resolve_t *rv, const char *column, const long long *ids, size_t n_ids,
                 hn_vote_t **rows, size_t *n)
{
    ID_PARAM_OR_FAIL(rv, ids, n_ids, param);
    if (strcmp(column, "link_id") == 0)
        return hn_query_votes(rv, "hn_votes_by_link",
                              "SELECT " HN_VOTE_COLUMNS " FROM votes v"
                              " WHERE v.link_id = ANY($1::bigint[]) ORDER BY v.link_id, v.id",
                              1, &param, rows, n);
    return hn_query_votes(rv, "hn_votes_by_user",
                          "SELECT " HN_VOTE_COLUMNS " FROM votes v"
                          " WHERE v.user_id = ANY($1::bigint[]) ORDER BY v.user_id, v.id",
                          1, &param, rows, n);
}

static long long
key_at(const void *rows, size_t i, size_t size, size_t key_off)
{
    long long k;
    memcpy(&k, (const char *)rows + i * size + key_off, sizeof(k));
    return k;
}

/* The first row whose key is >= want (rows sorted by key). */
static size_t
lower_bound(const void *rows, size_t n, size_t size, size_t key_off, long long want)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_at(rows, mid, size, key_off) < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int
hn_out_group(gql_resolve_t *rv, size_t i, const void *rows, size_t n, size_t size, size_t key_off,
             long long want)
{
    size_t from = lower_bound(rows, n, size, key_off, want), to = from;
    while (to < n && key_at(rows, to, size, key_off) == want)
        to++;
    if (gql_val_list(rv->arena, rv->out[i], to - from) != 0) {
        gql_resolve_error(rv, i, "Out of memory.");
        return -1;
    }
    for (size_t k = from; k < to; k++)
        gql_val_source(&rv->out[i]->items[k - from], (const char *)rows + k * size);
    return 0;
}

void
hn_out_one(gql_resolve_t *rv, size_t i, const void *rows, size_t n, size_t size, size_t key_off,
           long long want)
{
    size_t at = lower_bound(rows, n, size, key_off, want);
    if (at < n && key_at(rows, at, size, key_off) == want)
        gql_val_source(rv->out[i], (const char *)rows + at * size);
    else
        gql_val_null(rv->out[i]);
}
