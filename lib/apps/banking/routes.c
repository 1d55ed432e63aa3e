#include "apps/banking/banking.h"
#include "apps/banking/list_cache.h"
#include "http/openapi.h"

int
banking_cache_init(void)
{
    return list_cache_init();
}

/* --- what GET /api/schema/ says of each route (http/openapi.h) ----------- */

static const route_response_doc_t statement_create_responses[] = {
    {201, "StatementCreated", "Stored and queued for import.", NULL},
    {400, "BadRequest",
     "A field error: `form` missing or not JSON, `month` not a YYYY-MM-DD date, `file` missing "
     "or empty (each field named that has a problem); or `{\"detail\"}` for a multipart body "
     "that cannot be parsed.",
     NULL},
    {413, "Error",
     "The body is larger than MAX_BODY_SIZE, or the upload quota is exceeded "
     "(`Upload quota exceeded: ...`).",
     NULL},
    {415, "Error",
     "The body is not multipart/form-data, or the file is not a CSV statement (its name does not "
     "end in .csv, or it holds a NUL byte).",
     NULL},
    {503, "Error",
     "PostgreSQL or Redis is unreachable, the file could not be stored, or the task "
     "queue is unavailable; nothing of the upload is kept.",
     NULL},
    {0, NULL, NULL, NULL},
};

static const route_doc_t statement_create_doc = {
    .summary = "Upload a statement",
    .description =
        "A multipart/form-data body with two parts: `form`, a JSON object "
        "`{\"month\": \"YYYY-MM-DD\"}`, and `file`, the CSV statement (`Posted Date,Reference "
        "Number,Payee,Address,Amount`). The file is stored privately under a random name (the "
        "client's filename is never used) and `process_statement_file` is enqueued; follow the "
        "import in GET /api/statements/ (status pending, processing, done or failed).\n\n"
        "Each user may store at most BANKING_MAX_FILES_PER_USER files and "
        "BANKING_MAX_BYTES_PER_USER bytes of them (0: no limit); an upload over the quota is a "
        "413. An upload that is not answered 201 leaves nothing behind.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .request_schema = "StatementUpload",
    .request_media_type = "multipart/form-data",
    .responses = statement_create_responses,
};

/* DRF's limit/offset pagination, as lists.c reads it. */
#define LIMIT_PARAM                                                                                \
    {                                                                                              \
        "limit", "integer",                                                                        \
            "Page size (default 10); above 1000 means 1000, a malformed, zero or negative value "  \
            "10.",                                                                                 \
            false                                                                                  \
    }
#define OFFSET_PARAM                                                                               \
    {                                                                                              \
        "offset", "integer", "Rows to skip (default 0); a malformed or negative value means 0.",   \
            false                                                                                  \
    }

static const route_param_doc_t page_params[] = {
    LIMIT_PARAM,
    OFFSET_PARAM,
    {0},
};

static const route_response_doc_t statement_list_responses[] = {
    {200, "StatementPage", "The caller's statements, newest first.", NULL},
    {0, NULL, NULL, NULL},
};

static const route_doc_t statement_list_doc = {
    .summary = "List the caller's statements",
    .description = "Only the caller's own statements, staff included (staff see everybody's in "
                   "/admin/). `errors` holds the line-numbered problems of a failed import.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .query = page_params,
    .responses = statement_list_responses,
};

static const route_param_doc_t transaction_params[] = {
    LIMIT_PARAM,
    OFFSET_PARAM,
    {"date_after", "date", "Only transactions on or after this date.", false},
    {"date_before", "date", "Only transactions on or before this date.", false},
    {"source_file", "integer", "Only the transactions of this statement (its id).", false},
    {"search", "string",
     "Only transactions whose description or location contains this text, case-insensitively "
     "(`%` and `_` are literal); at most 200 bytes.",
     false},
    {0},
};

static const route_response_doc_t transaction_list_responses[] = {
    {200, "TransactionPage", "The caller's transactions, by date then id.", NULL},
    {400, "BadRequest",
     "A filter's error, each bad filter named: `date_after` or `date_before` not a real "
     "YYYY-MM-DD date, `source_file` not a positive integer, `search` longer than 200 bytes.",
     NULL},
    {0, NULL, NULL, NULL},
};

static const route_doc_t transaction_list_doc = {
    .summary = "List the caller's transactions",
    .description = "Only the caller's own transactions, staff included. An empty filter is no "
                   "filter.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .query = transaction_params,
    .responses = transaction_list_responses,
};

static const route_param_doc_t spend_params[] = {
    {"interval", "enum:day|week|month", "The period to sum over (default month; empty: month).",
     false},
    {0},
};

static const route_response_doc_t spend_responses[] = {
    {200, "Spend", "One entry per period that has charges, oldest first.", NULL},
    {400, "BadRequest", "`interval` is not day, week or month.", NULL},
    {0, NULL, NULL, NULL},
};

static const route_doc_t spend_doc = {
    .summary = "Spend over time",
    .description = "The caller's charges (negative amounts) summed per day, week (starting on "
                   "Monday) or month, as positive numbers, with how many charges each period "
                   "has. Staff too see only their own.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .query = spend_params,
    .responses = spend_responses,
};

static const route_response_doc_t export_responses[] = {
    {200, NULL,
     "Every transaction of the caller, by date then id, as an attachment `transactions.csv`.",
     "text/csv"},
    {0, NULL, NULL, NULL},
};

static const route_doc_t export_doc = {
    .summary = "Export the caller's transactions as CSV",
    .description =
        "Streamed in the importer's format, so an export re-imports to the same rows: the "
        "header `Posted Date,Reference Number,Payee,Address,Amount`, CRLF line ends, dates "
        "MM/DD/YYYY, the reference number counting the rows from 1, RFC 4180 quoting. A text "
        "cell that a spreadsheet would run as a formula comes back with a leading `'`.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .responses = export_responses,
};

static const route_doc_t private_media_doc = {
    .summary = NULL,
    .why = "A private file under /media/ (an uploaded statement), not an /api/ endpoint: its "
           "owner or staff get the file (through nginx, or a 302 to a presigned S3 URL), "
           "anyone else a 404.",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
};

static const route_t banking_route_table[] = {
    {"POST", "/api/statements/", banking_statement_create, &statement_create_doc},
    {"GET", "/api/statements/", banking_statement_list, &statement_list_doc},
    {"GET", "/api/transactions/", banking_transaction_list, &transaction_list_doc},
    {"GET", "/api/transactions/spend/", banking_spend, &spend_doc},
    {"GET", "/api/transactions/export.csv", banking_export, &export_doc},
    {"GET", "/media/private/<path:rest>", banking_private_media, &private_media_doc},
};

int
banking_routes(router_t *rt)
{
    return router_add_all(rt, banking_route_table, ROUTES_LEN(banking_route_table));
}
