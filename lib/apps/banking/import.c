/* process_statement_file(statement_file_id): reads the stored CSV once,
 * streaming (memory stays flat whatever the size), and loads its rows with
 * libpq COPY inside one transaction that first deletes the file's earlier
 * rows, so a re-run replaces instead of duplicating. The first bad row
 * aborts the COPY; reading goes on to report up to 100 line-numbered
 * errors; the statement ends "failed" with them and no rows. Status moves
 * pending -> processing -> done | failed. While PostgreSQL is away the task
 * is deferred (registry.h), not failed: it waits for it, however long. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "apps/banking/banking.h"
#include "apps/banking/csv.h"
#include "apps/banking/import_events.h"
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

/* Ends the COPY: a message makes the server abort it, so nothing of a bad
 * file stays; otherwise a failure to commit it goes into dberr. */
static void
copy_end(PGconn *c, bool abort_copy, char *dberr, size_t dberrlen)
{
    PQputCopyEnd(c, abort_copy ? "the statement file has errors" : NULL);
    PGresult *res = PQgetResult(c);
    if (!abort_copy && PQresultStatus(res) != PGRES_COMMAND_OK)
        snprintf(dberr, dberrlen, "COPY: %s", PQerrorMessage(c));
    PQclear(res);
    while ((res = PQgetResult(c)) != NULL)
        PQclear(res);
}

/* Sends a chunk of COPY rows; -1 with dberr when the server did not take it. */
static int
copy_put(PGconn *c, const buf_t *chunk, char *dberr, size_t dberrlen)
{
    if (!chunk->failed && PQputCopyData(c, chunk->data, (int)chunk->len) == 1)
        return 0;
    snprintf(dberr, dberrlen, "COPY: %s", PQerrorMessage(c));
    return -1;
}

/* Streams the file into COPY, telling the owner how far it got (ev). Returns rows copied, or -1
 * when the file has errors (in errs) or the database failed (dberr set). */
static long
load(PGconn *c, import_events_t *ev, const char *id, const char *owner, errors_t *errs, char *dberr,
     size_t dberrlen)
{
    csv_reader_t *r = csv_open_fd(ev->fd, MAX_FIELD, MAX_FIELDS);
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
            if (copy_put(c, &chunk, dberr, dberrlen) != 0)
                goto done;
            buf_reset(&chunk);
            import_events_progress(ev, rows);
        }
    }
    if (got < 0)
        error_add(errs, csv_error(r));
    if (errs->count == 0 && rows == 0)
        error_add(errs, "the file has a header but no rows");
    if (errs->count == 0 && chunk.len && copy_put(c, &chunk, dberr, dberrlen) != 0)
        goto done;
done:
    if (copying)
        copy_end(c, errs->count || dberr[0], dberr, dberrlen);
    csv_close(r);
    buf_free(&chunk);
    return errs->count || dberr[0] ? -1 : rows;
}

/* A database failure (msg, with res when there is one): PostgreSQL being
 * away defers the task, which runs again once it is back without using a
 * retry (an outage must not lose an accepted statement); anything else
 * fails it. Then drops a broken connection (msg is copied first). */
static int
db_failed(task_ctx_t *ctx, const PGresult *res, const char *msg)
{
    int rc = db_unavailable(res) ? task_defer(ctx, "database unavailable: %.400s", msg)
                                 : task_fail(ctx, "%s", msg);
    db_after_error();
    return rc;
}

/* The load met a database failure (msg) and rolled back. The task is
 * deferred or failed as db_failed decides; the owner's page and the
 * statement say "pending" when it will run again, "failed" when that was its
 * last try (a page must not keep a bar "processing" for ever). The status is
 * written only while the connection still answers: db_failed drops a broken
 * one, and c with it. */
static int
load_db_failed(task_ctx_t *ctx, PGconn *c, const import_events_t *ev, const char *id,
               const char *msg)
{
    static const char gave_up[] = "[\"the database could not store the rows\"]";
    bool again = db_unavailable(NULL) || ctx->envelope->retries < ctx->envelope->max_retries;
    const char *status = again ? "pending" : "failed", *errors = again ? "[]" : gave_up;
    int rc = db_failed(ctx, NULL, msg);

    if (!db_broken() && set_status(c, id, status, 0, errors) != 0)
        db_after_error();
    import_events_end(ev, status, 0, errors);
    return rc;
}

/* The statement_file_id argument (kwargs, else args[0]) as text; -1 when
 * it is absent or not a positive integer. */
static int
statement_id_arg(const envelope_t *e, char *id, size_t idlen)
{
    json_object *v = task_argument(e, "statement_file_id", 0);
    if (v == NULL || !json_object_is_type(v, json_type_int) || json_object_get_int64(v) <= 0)
        return -1;
    snprintf(id, idlen, "%lld", (long long)json_object_get_int64(v));
    return 0;
}

/* The store did not give the file (storage_open returned opened). An
 * unreachable store may come back: retry, and say failed only when the
 * retries are used up (the task then ends in the dead-letter list). */
static int
store_failed(task_ctx_t *ctx, PGconn *c, const import_events_t *ev, const char *id, int opened,
             const char *serr, errors_t *errs)
{
    if (opened == -1 && ctx->envelope->retries < ctx->envelope->max_retries) {
        task_fail(ctx, "%s", serr);
        set_status(c, id, "pending", 0, "[]");
        import_events_end(ev, "pending", 0, "[]");
        return -1;
    }
    log_event(LOG_WARNING, NULL, "storage", "statement %s: %s", id, serr);
    error_add(errs, opened == STORAGE_MISSING ? "the stored file is missing"
                                              : "the file store could not be reached");
    buf_putc(&errs->json, ']');
    set_status(c, id, "failed", 0, buf_cstr(&errs->json));
    import_events_end(ev, "failed", 0, buf_cstr(&errs->json));
    buf_printf(ctx->result, "{\"status\":\"failed\",\"errors\":%d}", errs->count);
    if (opened == -1) /* dead-lettered: worker-ctl requeue-dead runs it again */
        return task_fail(ctx, "%s", serr);
    return 0;
}

/* Loads the open file in one transaction and records the outcome: done
 * with its row count, or failed with the file's errors. A database
 * failure rolls back and defers or fails the task (load_db_failed). */
static int
import_rows(task_ctx_t *ctx, PGconn *c, import_events_t *ev, const char *id, const char *owner,
            errors_t *errs)
{
    char dberr[512] = "";

    if (exec_params(c, "BEGIN", 0, NULL) != 0)
        return load_db_failed(ctx, c, ev, id, PQerrorMessage(c));
    long rows = load(c, ev, id, owner, errs, dberr, sizeof(dberr));
    if (dberr[0]) {
        PQclear(PQexec(c, "ROLLBACK"));
        return load_db_failed(ctx, c, ev, id, dberr);
    }
    if (rows < 0) {
        PQclear(PQexec(c, "ROLLBACK"));
        buf_putc(&errs->json, ']');
        if (set_status(c, id, "failed", 0, buf_cstr(&errs->json)) != 0)
            return load_db_failed(ctx, c, ev, id, PQerrorMessage(c));
        import_events_end(ev, "failed", 0, buf_cstr(&errs->json));
        buf_printf(ctx->result, "{\"status\":\"failed\",\"errors\":%d}", errs->count);
        return 0;
    }
    if (set_status(c, id, "done", rows, "[]") != 0 || exec_params(c, "COMMIT", 0, NULL) != 0) {
        snprintf(dberr, sizeof(dberr), "%s", PQerrorMessage(c));
        PQclear(PQexec(c, "ROLLBACK"));
        return load_db_failed(ctx, c, ev, id, dberr);
    }
    log_info("statement_import", "statement file %s: %ld rows", id, rows);
    import_events_end(ev, "done", rows, "[]");
    buf_printf(ctx->result, "{\"status\":\"done\",\"rows\":%ld}", rows);
    return 0;
}

static int
process_statement_file(task_ctx_t *ctx)
{
    char id[24], owner[24], dberr[512] = "", serr[512] = "";
    errors_t errs = {.count = 0};
    int fd = -1;

    if (statement_id_arg(ctx->envelope, id, sizeof(id)) != 0)
        return task_fail(ctx, "statement_file_id must be a positive integer");
    PGconn *c = db_get(dberr, sizeof(dberr));
    if (c == NULL)
        return task_defer(ctx, "database unavailable: %.400s", dberr);
    const char *p[] = {id};
    PGresult *res = PQexecParams(c,
                                 "UPDATE statement_files SET status = 'processing', rows = 0, "
                                 "errors = '[]' WHERE id = $1 RETURNING owner_id, statement_file",
                                 1, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? task_fail(ctx, "no such statement file")
                                                        : db_failed(ctx, res, PQerrorMessage(c));
        PQclear(res);
        return rc;
    }
    snprintf(owner, sizeof(owner), "%s", PQgetvalue(res, 0, 0));
    import_events_t ev;
    import_events_start(&ev, id, owner);
    /* Stored names are ours (never the client's); storage refuses odd ones anyway. */
    int opened = storage_open(PQgetvalue(res, 0, 1), &fd, serr, sizeof(serr));
    PQclear(res);
    buf_init(&errs.json);
    if (opened == 0)
        import_events_file(&ev, fd);
    int rc = opened == 0 ? import_rows(ctx, c, &ev, id, owner, &errs)
                         : store_failed(ctx, c, &ev, id, opened, serr, &errs);
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
