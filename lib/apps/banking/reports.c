/* Spend over time, the CSV export, and the private media check. */
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/banking/csv_cell.h"
#include "http/response.h"
#include "core/log.h"
#include "server/deps.h"
#include "storage/storage.h"

/* GET /api/transactions/spend/?interval=day|week|month: the caller's
 * charges (negative amounts) as positive spend per period; staff too see
 * only their own. */
int
banking_spend(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    bool given = false;
    str_t interval = http_query(r, "interval", &given);
    const char *unit = !given || interval.len == 0      ? "month"
                       : str_eq_cstr(interval, "day")   ? "day"
                       : str_eq_cstr(interval, "week")  ? "week"
                       : str_eq_cstr(interval, "month") ? "month"
                                                        : NULL;
    if (unit == NULL)
        return http_reply(
            r, 400, NULL,
            STR_LIT("{\"interval\":[\"Select a valid choice: day, week or month.\"]}"));
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        return r->status;
    const user_t *u = r->user;
    char owner[24];
    snprintf(owner, sizeof(owner), "%lld", u->id);
    const char *p[] = {unit, owner};
    static const char sql[] = "SELECT date_trunc($1, date)::date, -sum(amount), count(*)"
                              " FROM transactions WHERE owner_id = $2 AND amount < 0"
                              " GROUP BY 1 ORDER BY 1";
    PGresult *res = deps_rows_or_reply(r, PQexecParams(c, sql, 2, NULL, p, NULL, NULL, 0));
    if (res == NULL)
        return r->status;
    buf_putc(r->out, '[');
    for (int i = 0; i < PQntuples(res); i++)
        buf_printf(r->out, "%s{\"period\":\"%s\",\"spend\":%s,\"count\":%s}", i ? "," : "",
                   PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
    buf_putc(r->out, ']');
    return http_json(r, 200);
}

/* GET /api/transactions/export.csv: the caller's rows (staff too: their
 * own) in the importer's format, streamed row by row (libpq single-row
 * mode), so an export re-imports to the same rows, except that a text cell
 * a spreadsheet would run as a formula comes back with a leading '. */
int
banking_export(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        return r->status;
    const user_t *u = r->user;
    char owner[24];
    snprintf(owner, sizeof(owner), "%lld", u->id);
    const char *p[] = {owner};
    if (!PQsendQueryParams(c,
                           "SELECT to_char(date, 'MM/DD/YYYY'), description, location, amount"
                           " FROM transactions WHERE owner_id = $1 ORDER BY date, id",
                           1, NULL, p, NULL, NULL, 0) ||
        !PQsetSingleRowMode(c))
        return deps_db_error_reply(r, NULL);
    PGresult *res = PQgetResult(c);
    if (PQresultStatus(res) != PGRES_SINGLE_TUPLE && PQresultStatus(res) != PGRES_TUPLES_OK) {
        int st = deps_db_error_reply(r, res);
        PQclear(res);
        while ((res = PQgetResult(c)) != NULL)
            PQclear(res);
        return st;
    }
    http_add_header(r, "Content-Disposition", "attachment; filename=\"transactions.csv\"");
    http_stream_begin(r, 200, "text/csv; charset=utf-8");
    buf_t chunk;
    buf_init(&chunk);
    buf_puts(&chunk, "Posted Date,Reference Number,Payee,Address,Amount\r\n");
    long n = 0;
    while (res != NULL) {
        if (PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
            buf_printf(&chunk, "%s,%ld,", PQgetvalue(res, 0, 0), ++n);
            csv_cell_put(&chunk, PQgetvalue(res, 0, 1));
            buf_putc(&chunk, ',');
            csv_cell_put(&chunk, PQgetvalue(res, 0, 2));
            buf_printf(&chunk, ",%s\r\n", PQgetvalue(res, 0, 3));
            if (chunk.len > 64 * 1024) {
                http_stream_write(r, chunk.data, chunk.len);
                buf_reset(&chunk);
            }
        }
        PQclear(res);
        res = PQgetResult(c);
    }
    http_stream_write(r, chunk.data, chunk.len);
    buf_free(&chunk);
    return 200;
}

/* A 302 to a URL presigned for 60 s; 503 when it cannot be made. */
static int
presigned_redirect(http_req_t *r, const char *stored)
{
    char err[256];
    buf_t *url = buf_new_on(r->arena);
    if (url == NULL)
        return http_reply_detail(r, 503, "Out of memory.");
    if (storage_presign_get(stored, 60, url, err, sizeof(err)) != 0) {
        log_event(LOG_ERROR, NULL, "storage", "%s", err);
        return http_reply_detail(r, 503, "The file is unavailable.");
    }
    http_add_header(r, "Location", buf_cstr(url));
    return http_reply(r, 302, NULL, STR_LIT(""));
}

/* GET /media/private/<path>: the owner (or staff) gets the file through
 * nginx's internal location (or, from S3, a 302 to a URL presigned for
 * 60 s); anyone else, whatever the path, a 404 that
 * does not tell whether the file exists. */
int
banking_private_media(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    str_t rest = http_route_param(r, "rest");
    /* nginx has decoded and normalized the path; refuse anything odd anyway. */
    bool bad = rest.len == 0 || rest.len > 512 || rest.p[0] == '/' ||
               memchr(rest.p, '\\', rest.len) || memchr(rest.p, '\0', rest.len) ||
               memchr(rest.p, '%', rest.len);
    for (size_t i = 0; !bad && i + 1 < rest.len; i++)
        bad = rest.p[i] == '.' && rest.p[i + 1] == '.';
    if (bad)
        return http_reply_detail(r, 404, "Not found.");
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL)
        return r->status;
    char owner[24], *stored = arena_alloc(r->arena, rest.len + 9);
    if (stored == NULL)
        return http_reply_detail(r, 503, "Out of memory.");
    snprintf(stored, rest.len + 9, "private/%.*s", STR_FMT(rest));
    const user_t *u = r->user;
    snprintf(owner, sizeof(owner), "%lld", u->is_staff ? 0LL : u->id);
    const char *p[] = {stored, owner};
    static const char sql[] = "SELECT 1 FROM statement_files WHERE statement_file = $1"
                              " AND ($2 = 0 OR owner_id = $2)";
    PGresult *res = deps_rows_or_reply(r, PQexecParams(c, sql, 2, NULL, p, NULL, NULL, 0));
    if (res == NULL)
        return r->status;
    if (PQntuples(res) == 0)
        return http_reply_detail(r, 404, "Not found.");
    if (storage_is_s3())
        return presigned_redirect(r, stored);
    char target[600];
    snprintf(target, sizeof(target), "/_protected_media/%.*s", STR_FMT(rest));
    http_add_header(r, "X-Accel-Redirect", target);
    return http_reply(r, 200, "text/csv; charset=utf-8", STR_LIT(""));
}
