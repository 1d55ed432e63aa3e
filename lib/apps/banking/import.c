/* process_statement_file(statement_file_id): reads the stored CSV once,
 * streaming (memory stays flat whatever the size), and loads its rows with
 * libpq COPY inside one transaction that first deletes the file's earlier
 * rows, so a re-run replaces instead of duplicating. The first bad row
 * aborts the COPY; reading goes on to report up to 100 line-numbered
 * errors; the statement ends "failed" with them and no rows. Status moves
 * pending -> processing -> done | failed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apps/banking/banking.h"
#include "apps/banking/csv.h"
#include "apps/banking/statement_row.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "queue/registry.h"
#include "storage/storage.h"

enum { MAX_ERRORS = 100, COPY_CHUNK = 256 * 1024, MAX_FIELD = 4096, MAX_FIELDS = 64 };

typedef struct {
    buf_t json; /* ["line 3: ...", ...] */
    int count;
} errors_t;

static void
error_add(errors_t *e, const char *msg)
{
    if (e->count == MAX_ERRORS)
        return;
    buf_puts(&e->json, e->count ? "," : "[");
    buf_json_cstr(&e->json, msg);
    e->count++;
}

static int
exec_params(PGconn *c, const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok ? 0 : -1;
}

static int
set_status(PGconn *c, const char *id, const char *status, long rows, const char *errors)
{
    char n[24];
    snprintf(n, sizeof(n), "%ld", rows);
    const char *p[] = {id, status, n, errors};
    /* A failed statement keeps no rows, not even those of an earlier run. */
    return exec_params(c,
                       "WITH gone AS (DELETE FROM transactions WHERE $2 = 'failed' AND "
                       "source_file_id = $1::bigint) "
                       "UPDATE statement_files SET status = $2, rows = $3, errors = $4::jsonb "
                       "WHERE id = $1",
                       4, p);
}

/* Streams the file into COPY. Returns rows copied, or -1 when the file has
 * errors (in errs) or the database failed (dberr set). */
static long
load(PGconn *c, int fd, const char *id, const char *owner, errors_t *errs, char *dberr,
     size_t dberrlen)
{
    csv_reader_t *r = csv_open_fd(fd, MAX_FIELD, MAX_FIELDS);
    csv_row_t row;
    statement_columns_t cols;
    statement_row_t tx;
    char err[256];
    buf_t chunk;
    long rows = 0;
    bool copying = false;

    buf_init(&chunk);
    if (r == NULL) {
        error_add(errs, "cannot read the stored file");
        goto done;
    }
    int got = csv_next(r, &row);
    if (got <= 0) {
        error_add(errs, got == 0 ? "the file is empty" : csv_error(r));
        goto done;
    }
    if (statement_header(&row, &cols, err, sizeof(err)) != 0) {
        error_add(errs, err);
        goto done;
    }
    const char *p[] = {id};
    if (exec_params(c, "DELETE FROM transactions WHERE source_file_id = $1", 1, p) != 0) {
        snprintf(dberr, dberrlen, "%s", PQerrorMessage(c));
        goto done;
    }
    PGresult *res = PQexec(c, "COPY transactions (source_file_id, owner_id, date, description, "
                              "location, amount) FROM STDIN");
    copying = PQresultStatus(res) == PGRES_COPY_IN;
    PQclear(res);
    if (!copying) {
        snprintf(dberr, dberrlen, "%s", PQerrorMessage(c));
        goto done;
    }
    while ((got = csv_next(r, &row)) == 1) {
        if (statement_row_parse(&row, &cols, &tx, err, sizeof(err)) != 0) {
            error_add(errs, err);
            if (errs->count == MAX_ERRORS)
                break;
            continue;
        }
        if (errs->count)
            continue; /* only looking for more errors now */
        buf_printf(&chunk, "%s\t%s\t", id, owner);
        statement_row_copy(&chunk, &tx);
        rows++;
        if (chunk.len >= COPY_CHUNK) {
            if (chunk.failed || PQputCopyData(c, chunk.data, (int)chunk.len) != 1) {
                snprintf(dberr, dberrlen, "COPY: %s", PQerrorMessage(c));
                goto done;
            }
            buf_reset(&chunk);
        }
    }
    if (got < 0)
        error_add(errs, csv_error(r));
    if (errs->count == 0 && rows == 0)
        error_add(errs, "the file has a header but no rows");
    if (errs->count == 0 && chunk.len &&
        (chunk.failed || PQputCopyData(c, chunk.data, (int)chunk.len) != 1)) {
        snprintf(dberr, dberrlen, "COPY: %s", PQerrorMessage(c));
        goto done;
    }
done:
    if (copying) {
        /* A message makes the server abort the COPY: nothing of a bad file stays. */
        bool abort_copy = errs->count || dberr[0];
        PQputCopyEnd(c, abort_copy ? "the statement file has errors" : NULL);
        res = PQgetResult(c);
        if (!abort_copy && PQresultStatus(res) != PGRES_COMMAND_OK)
            snprintf(dberr, dberrlen, "COPY: %s", PQerrorMessage(c));
        PQclear(res);
        while ((res = PQgetResult(c)) != NULL)
            PQclear(res);
    }
    csv_close(r);
    buf_free(&chunk);
    return errs->count || dberr[0] ? -1 : rows;
}

static int
process_statement_file(task_ctx_t *ctx)
{
    char id[24], owner[24], dberr[512] = "";
    errors_t errs = {.count = 0};
    int fd = -1, rc = -1;
    json_object *v = NULL;

    buf_init(&errs.json);
    if (!json_object_object_get_ex(ctx->envelope->kwargs, "statement_file_id", &v))
        v = json_object_array_length(ctx->envelope->args)
                ? json_object_array_get_idx(ctx->envelope->args, 0)
                : NULL;
    if (v == NULL || !json_object_is_type(v, json_type_int) || json_object_get_int64(v) <= 0) {
        snprintf(ctx->error, sizeof(ctx->error), "statement_file_id must be a positive integer");
        goto out;
    }
    snprintf(id, sizeof(id), "%lld", (long long)json_object_get_int64(v));
    PGconn *c = db_get(dberr, sizeof(dberr));
    if (c == NULL) {
        snprintf(ctx->error, sizeof(ctx->error), "database unavailable: %.400s", dberr);
        goto out;
    }
    const char *p[] = {id};
    PGresult *res = PQexecParams(c,
                                 "UPDATE statement_files SET status = 'processing', rows = 0, "
                                 "errors = '[]' WHERE id = $1 RETURNING owner_id, statement_file",
                                 1, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        snprintf(ctx->error, sizeof(ctx->error), "%s",
                 PQresultStatus(res) == PGRES_TUPLES_OK ? "no such statement file"
                                                        : PQerrorMessage(c));
        PQclear(res);
        db_after_error();
        goto out;
    }
    snprintf(owner, sizeof(owner), "%s", PQgetvalue(res, 0, 0));
    const char *stored = PQgetvalue(res, 0, 1);
    /* Stored names are ours (never the client's); storage refuses odd ones anyway. */
    char serr[512] = "";
    int opened = storage_open(stored, &fd, serr, sizeof(serr));
    PQclear(res);
    /* An unreachable store may come back: retry, and say failed only when
     * the retries are used up (the task then ends in the dead-letter list). */
    if (opened == -1 && ctx->envelope->retries < ctx->envelope->max_retries) {
        snprintf(ctx->error, sizeof(ctx->error), "%s", serr);
        set_status(c, id, "pending", 0, "[]");
        goto out;
    }
    if (opened != 0) {
        log_event(LOG_WARNING, NULL, "storage", "statement %s: %s", id, serr);
        error_add(&errs, opened == STORAGE_MISSING ? "the stored file is missing"
                                                   : "the file store could not be reached");
        buf_putc(&errs.json, ']');
        set_status(c, id, "failed", 0, buf_cstr(&errs.json));
        buf_printf(ctx->result, "{\"status\":\"failed\",\"errors\":%d}", errs.count);
        rc = 0;
        if (opened == -1) { /* dead-lettered: worker-ctl requeue-dead runs it again */
            snprintf(ctx->error, sizeof(ctx->error), "%s", serr);
            rc = -1;
        }
        goto out;
    }
    if (exec_params(c, "BEGIN", 0, NULL) != 0) {
        snprintf(ctx->error, sizeof(ctx->error), "%s", PQerrorMessage(c));
        goto out;
    }
    long rows = load(c, fd, id, owner, &errs, dberr, sizeof(dberr));
    if (dberr[0]) {
        PQclear(PQexec(c, "ROLLBACK"));
        snprintf(ctx->error, sizeof(ctx->error), "%s", dberr);
        db_after_error();
        goto out; /* a database failure is retried */
    }
    if (rows < 0) {
        PQclear(PQexec(c, "ROLLBACK"));
        buf_putc(&errs.json, ']');
        if (set_status(c, id, "failed", 0, buf_cstr(&errs.json)) != 0) {
            snprintf(ctx->error, sizeof(ctx->error), "%s", PQerrorMessage(c));
            goto out;
        }
        buf_printf(ctx->result, "{\"status\":\"failed\",\"errors\":%d}", errs.count);
        rc = 0;
        goto out;
    }
    if (set_status(c, id, "done", rows, "[]") != 0 || exec_params(c, "COMMIT", 0, NULL) != 0) {
        snprintf(ctx->error, sizeof(ctx->error), "%s", PQerrorMessage(c));
        PQclear(PQexec(c, "ROLLBACK"));
        goto out;
    }
    log_info("statement_import", "statement file %s: %ld rows", id, rows);
    buf_printf(ctx->result, "{\"status\":\"done\",\"rows\":%ld}", rows);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    buf_free(&errs.json);
    return rc;
}

void
banking_tasks_register(void)
{
    static const task_def_t tasks[] = {
        {"process_statement_file", process_statement_file, NULL, -1},
    };
    for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++)
        task_register(&tasks[i]);
}
