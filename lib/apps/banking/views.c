/* POST /api/statements/: stores the upload privately, within the
 * uploader's quota (upload_quota.h), and enqueues its import. Every
 * statement and transaction belongs to its uploader. An upload that is
 * not answered 201 leaves nothing behind: no row, no file. The row is
 * committed before the enqueue (a worker must find it), so a failed
 * enqueue deletes it again. */
#include <stdio.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/banking/date.h"
#include "apps/banking/upload_quota.h"
#include "auth/random.h"
#include "core/json.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "http/fields.h"
#include "http/response.h"
#include "queue/queue.h"
#include "server/deps.h"
#include "storage/storage.h"

/* Stores data as private/statements/<owner>/<random>.csv (local disk or
 * S3, per STORAGE_BACKEND); the client's filename is never used. Fills
 * key with the storage key, which is also the path under /media/. */
static int
store(long long owner, str_t data, char *key, size_t keylen, char *err, size_t errlen)
{
    char name[25];
    if (random_token(name, 24) != 0) {
        snprintf(err, errlen, "no random bytes");
        return -1;
    }
    snprintf(key, keylen, "private/statements/%lld/%s.csv", owner, name);
    return storage_put(key, data, err, errlen);
}

static bool
looks_binary(str_t data)
{
    size_t n = data.len < 8192 ? data.len : 8192;
    return memchr(data.p, '\0', n) != NULL;
}

static bool
csv_named(const http_part_t *file)
{
    str_t f = file->filename;
    return f.len >= 4 && strncasecmp(f.p + f.len - 4, ".csv", 4) == 0;
}

/* The upload's form part, a JSON object with a YYYY-MM-DD month, into
 * *month (owned by r->arena); a problem goes into fe. -1 after replying
 * 503 when out of memory. */
static int
upload_month(http_req_t *r, const http_parts_t *parts, field_errors_t *fe, const char **month)
{
    const http_part_t *form_part = http_parts_get(parts, "form");
    json_object *form = NULL;
    const char *why = NULL;

    if (form_part == NULL) {
        field_error(fe, "form", "This field is required.");
        return 0;
    }
    if (http_json_parse(form_part->data, &form, &why) != HTTP_PARSE_OK) {
        field_error(fe, "form", "Invalid JSON.");
        return 0;
    }
    if (json_own(r->arena, form) == NULL) {
        field_errors_free(fe);
        http_reply_detail(r, 503, "Out of memory.");
        return -1;
    }
    const char *m = json_get_str(form, "month", NULL);
    if (m == NULL || !date_iso_valid(str_from_cstr(m)))
        field_error(fe, "month",
                    "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    else
        *month = m;
    return 0;
}

/* The upload's month and CSV file; replies 400 with every field's problem,
 * or 415 for a file that is not CSV text, and returns -1. */
static int
upload_or_reply(http_req_t *r, const http_parts_t *parts, const char **month,
                const http_part_t **file)
{
    field_errors_t fe;

    field_errors_init(&fe);
    if (upload_month(r, parts, &fe, month) != 0)
        return -1;
    *file = http_parts_get(parts, "file");
    if (*file == NULL || (*file)->filename.p == NULL)
        field_error(&fe, "file", "No file was submitted.");
    else if ((*file)->data.len == 0)
        field_error(&fe, "file", "The submitted file is empty.");
    if (fe.count) {
        field_errors_reply(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    if (!csv_named(*file) || looks_binary((*file)->data)) {
        http_reply_detail(r, 415, "Unsupported media type: upload a CSV statement.");
        return -1;
    }
    return 0;
}

/* Removes a stored file the upload will not keep (its request failed);
 * one the store cannot remove now is logged, as nothing else will. */
static void
discard_file(const char *key)
{
    char err[256];

    if (storage_delete(key, err, sizeof(err)) != 0)
        log_event(LOG_ERROR, NULL, "storage", "cannot remove an abandoned file %s: %s", key, err);
}

/* The import could not be enqueued after the statement was committed: the
 * client gets 503, so nothing of the upload may stay (no row pending for
 * ever, no place in the quota, no file). A row that cannot be deleted
 * keeps its file, so it never names a missing one. */
static void
statement_discard(const char *id, const char *key)
{
    char err[256];
    const char *p[] = {id};
    PGconn *c = db_get(err, sizeof(err));
    PGresult *res = c == NULL ? NULL
                              : PQexecParams(c, "DELETE FROM statement_files WHERE id = $1", 1,
                                             NULL, p, NULL, NULL, 0);

    if (PQresultStatus(res) == PGRES_COMMAND_OK)
        discard_file(key);
    else
        log_event(LOG_ERROR, NULL, "statement_orphaned", "statement %s stays pending: %s", id,
                  c == NULL ? err : PQerrorMessage(c));
    PQclear(res);
    db_after_error();
}

/* Inside the quota's transaction: stores the file, inserts its row and
 * commits. The statement's id (owned by r->arena), or NULL after replying
 * with the transaction ended. key gets the storage key. */
static const char *
statement_save_or_reply(http_req_t *r, PGconn *c, str_t data, const char *month, char *key,
                        size_t keylen)
{
    const user_t *u = r->user;
    char owner[24], size[24], err[256];

    if (store(u->id, data, key, keylen, err, sizeof(err)) != 0) {
        upload_quota_rollback(c);
        log_event(LOG_ERROR, NULL, "storage", "cannot store a statement: %s", err);
        http_reply_detail(r, 503, "The file could not be stored.");
        return NULL;
    }
    snprintf(owner, sizeof(owner), "%lld", u->id);
    snprintf(size, sizeof(size), "%zu", data.len);
    const char *p[] = {owner, key, month, size};
    static const char sql[] = "INSERT INTO statement_files (owner_id, statement_file, month, size)"
                              " VALUES ($1, $2, $3, $4) RETURNING id";
    PGresult *res = db_own(r->arena, PQexecParams(c, sql, 4, NULL, p, NULL, NULL, 0));
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        upload_quota_rollback(c);
        deps_db_error_reply(r, res);
        discard_file(key);
        return NULL;
    }
    if (upload_quota_commit_or_reply(r, c) != 0) {
        discard_file(key);
        return NULL;
    }
    return PQgetvalue(res, 0, 0);
}

int
banking_statement_create(http_req_t *r)
{
    http_parts_t parts;
    const http_part_t *file;
    const char *month = NULL;
    char rel[256], args[40], task_id[TASK_ID_LEN + 1], err[256];

    if (accounts_user_or_reply(r) != 0 || http_multipart_or_reply(r, &parts) != 0 ||
        upload_or_reply(r, &parts, &month, &file) != 0)
        return r->status;
    const user_t *u = r->user;
    PGconn *c = deps_db_or_reply(r);
    if (c == NULL || upload_quota_begin_or_reply(r, c, u->id, file->data.len) != 0)
        return r->status;
    const char *id = statement_save_or_reply(r, c, file->data, month, rel, sizeof(rel));
    if (id == NULL)
        return r->status;
    snprintf(args, sizeof(args), "[%s]", id);
    if (queue_enqueue("process_statement_file", args, NULL, NULL, u->id, 0, task_id, err,
                      sizeof(err)) != 0) {
        log_event(LOG_ERROR, NULL, "enqueue", "%s", err);
        statement_discard(id, rel);
        return http_reply_detail(r, 503, "The task queue is unavailable.");
    }
    buf_printf(r->out, "{\"id\":%s,\"month\":", id);
    buf_json_cstr(r->out, month);
    buf_puts(r->out, ",\"statement_file\":");
    buf_printf(r->out, "\"/media/%s\",\"status\":\"pending\"}", rel);
    return http_json(r, 201);
}
