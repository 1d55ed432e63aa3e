/* The banking models of the admin (issue 14): statements, with a link to
 * the stored file, their import status and errors and a "re-run import"
 * action; transactions, filtered by date, statement and owner and searched
 * by payee and address. */
#include <stdio.h>

#include "admin/query_cache.h"
#include "admin/model.h"
#include "apps/banking/banking.h"
#include "core/buf.h"
#include "core/log.h"
#include "queue/queue.h"

/* Beyond this many rows an unfiltered change list shows PostgreSQL's estimate. */
enum { BANKING_COUNT_EXACT_MAX = 10000 };

static const admin_field_t statement_fields[] = {
    {.column = "owner_id", .label = "Owner", .type = ADMIN_FK, .fk_model = "accounts.user"},
    {.column = "month",
     .label = "Month",
     .type = ADMIN_DATE,
     .editable = true,
     .required = true,
     .help = "The first day of the statement's month."},
    {.column = "statement_file", .label = "Statement file", .type = ADMIN_FILE},
    {.column = "status", .label = "Status", .type = ADMIN_TEXT},
    {.column = "rows", .label = "Rows", .type = ADMIN_INT},
    {.column = "errors", .label = "Import errors", .type = ADMIN_JSON},
    {.column = "uploaded_at", .label = "Uploaded at", .type = ADMIN_DATETIME},
};

static const char *const statement_list[] = {
    "month", "owner_id", "statement_file", "status", "rows", "uploaded_at", NULL};

static const admin_filter_t statement_filters[] = {
    {"status", "status", ADMIN_FILTER_CHOICE},
    {"owner_id", "owner", ADMIN_FILTER_FK},
};

static const admin_related_t statement_related[] = {
    {"transactions", "transactions", "source_file_id"},
    {NULL, NULL, NULL},
};

/* Enqueues process_statement_file for each selected statement that exists,
 * as an upload does, on behalf of the statement's owner (who can then
 * follow the task at /api/tasks/<id>/). The import replaces the
 * statement's transactions, so running it again is safe. Returns how many
 * were enqueued; -1 with err when PostgreSQL or the queue fails. */
static long
rerun_import(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
             const admin_actor_t *who, char *err, size_t errlen)
{
    buf_t set;
    long done = -1;
    char args[40], task_id[TASK_ID_LEN + 1];

    (void)m;
    buf_init(&set);
    const char *p[] = {admin_id_array(&set, ids, n)};
    PGresult *res = p[0] == NULL ? NULL
                                 : PQexecParams(c,
                                                "SELECT id, owner_id FROM statement_files"
                                                " WHERE id = ANY($1::bigint[]) ORDER BY id",
                                                1, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "%s", PQerrorMessage(c));
        goto fail;
    }
    for (done = 0; done < PQntuples(res); done++) {
        long owner = 0;
        str_to_long(str_from_cstr(PQgetvalue(res, (int)done, 1)), 1, (long)(~0UL >> 1), &owner);
        snprintf(args, sizeof(args), "[%s]", PQgetvalue(res, (int)done, 0));
        if (queue_enqueue("process_statement_file", args, NULL, NULL, owner, 0, task_id, err,
                          errlen) != 0) {
            done = -1;
            goto fail;
        }
        log_info("admin_rerun_import", "statement %s task %s by user %lld",
                 PQgetvalue(res, (int)done, 0), task_id, who->user_id);
    }
fail:
    PQclear(res);
    buf_free(&set);
    return done;
}

static const admin_action_t statement_actions[] = {
    {"rerun_import", "Re-run import of selected statements", rerun_import},
    {NULL, NULL, NULL},
};

static const admin_model_t statement_model = {
    .app = "banking",
    .app_label = "Banking",
    .name = "statementfile",
    .verbose = "statement file",
    .verbose_plural = "statement files",
    .table = "statement_files",
    .pk = "id",
    .str_sql = "to_char(month, 'YYYY-MM') || ' statement (' || id || ')'",
    .fields = statement_fields,
    .nfields = sizeof(statement_fields) / sizeof(statement_fields[0]),
    .list_display = statement_list,
    .filters = statement_filters,
    .nfilters = sizeof(statement_filters) / sizeof(statement_filters[0]),
    .ordering = "-uploaded_at",
    .related = statement_related,
    .actions = statement_actions,
    .can_add = false, /* a statement comes with its file: POST /api/statements/ */
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = BANKING_COUNT_EXACT_MAX,
};

static const admin_field_t transaction_fields[] = {
    {.column = "date", .label = "Date", .type = ADMIN_DATE, .editable = true, .required = true},
    {.column = "description",
     .label = "Description",
     .type = ADMIN_TEXT,
     .editable = true,
     .required = true,
     .help = "The payee, as the statement names it."},
    {.column = "location",
     .label = "Location",
     .type = ADMIN_TEXT,
     .editable = true,
     .help = "The payee's address."},
    {.column = "amount",
     .label = "Amount",
     .type = ADMIN_DECIMAL,
     .editable = true,
     .required = true},
    {.column = "source_file_id",
     .label = "Source file",
     .type = ADMIN_FK,
     .fk_model = "banking.statementfile",
     .editable = true,
     .required = true},
    {.column = "owner_id",
     .label = "Owner",
     .type = ADMIN_FK,
     .fk_model = "accounts.user",
     .editable = true,
     .required = true},
};

static const char *const transaction_list[] = {
    "date", "description", "location", "amount", "source_file_id", "owner_id", NULL};
static const char *const transaction_search[] = {"description", "location", NULL};

static const admin_filter_t transaction_filters[] = {
    {"date", "date", ADMIN_FILTER_DATE},
    {"source_file_id", "source file", ADMIN_FILTER_FK},
    {"owner_id", "owner", ADMIN_FILTER_FK},
};

static const admin_model_t transaction_model = {
    .app = "banking",
    .app_label = "Banking",
    .name = "transaction",
    .verbose = "transaction",
    .verbose_plural = "transactions",
    .table = "transactions",
    .pk = "id",
    .str_sql = "description",
    .fields = transaction_fields,
    .nfields = sizeof(transaction_fields) / sizeof(transaction_fields[0]),
    .list_display = transaction_list,
    .search_fields = transaction_search,
    .filters = transaction_filters,
    .nfilters = sizeof(transaction_filters) / sizeof(transaction_filters[0]),
    .ordering = "-date",
    .can_add = true,
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = BANKING_COUNT_EXACT_MAX,
};

int
banking_admin_register(void)
{
    /* queue_enqueue refuses task names it does not know: the re-run
     * action needs process_statement_file registered in this program too
     * (registering again is harmless). */
    banking_tasks_register();
    if (admin_register(&statement_model) != 0 || admin_register(&transaction_model) != 0)
        return -1;
    /* sql/0004: every commit to either table notifies banking_changed. */
    if (admin_cache_watch("statement_files", "banking_changed") != 0)
        return -1;
    return admin_cache_watch("transactions", "banking_changed");
}
