/* Two model tables shaped like the banking app's, for the admin engine's
 * unit tests: statements, and transactions pointing at them. */
#ifndef T_UNIT_ADMIN_MODELS_H
#define T_UNIT_ADMIN_MODELS_H

#include "admin/admin.h"

static const admin_field_t statement_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "name", .label = "Name", .type = ADMIN_TEXT, .editable = true, .max_len = 5},
};
static const char *const statement_list[] = {"id", "name", NULL};
static const admin_model_t statement_model = {
    .app = "banking",
    .app_label = "Banking",
    .name = "statement",
    .verbose = "statement",
    .verbose_plural = "statements",
    .table = "statements",
    .pk = "id",
    .str_sql = "name",
    .fields = statement_fields,
    .nfields = 2,
    .list_display = statement_list,
};

static const admin_field_t tx_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "date", .label = "Date", .type = ADMIN_DATE, .editable = true},
    {.column = "description", .label = "Description", .type = ADMIN_TEXT, .editable = true},
    {.column = "amount", .label = "Amount", .type = ADMIN_DECIMAL, .editable = true},
    {.column = "source_file_id",
     .label = "Statement",
     .type = ADMIN_FK,
     .fk_model = "banking.statement",
     .editable = true},
    {.column = "reviewed", .label = "Reviewed", .type = ADMIN_BOOL, .editable = true},
    {.column = "location", .label = "Location", .type = ADMIN_TEXT},
    {.column = "owner_note", .label = "Note", .type = ADMIN_TEXT},
};
static const char *const tx_list[] = {"date", "description", "amount", "source_file_id", NULL};
static const char *const tx_search[] = {"description", "location", NULL};
static const admin_filter_t tx_filters[] = {
    {.column = "date", .label = "Date", .kind = ADMIN_FILTER_DATE},
    {.column = "source_file_id", .label = "Statement", .kind = ADMIN_FILTER_FK},
    {.column = "reviewed", .label = "Reviewed", .kind = ADMIN_FILTER_BOOL},
    {.column = "description", .label = "Description", .kind = ADMIN_FILTER_CHOICE},
};
static const admin_model_t tx_model = {
    .app = "banking",
    .app_label = "Banking",
    .name = "transaction",
    .verbose = "transaction",
    .verbose_plural = "transactions",
    .table = "transactions",
    .pk = "id",
    .str_sql = "description",
    .fields = tx_fields,
    .nfields = 8,
    .list_display = tx_list,
    .search_fields = tx_search,
    .filters = tx_filters,
    .nfilters = 4,
    .ordering = "-date",
    .count_estimate_above = 10000,
};

#endif
