#include <stdlib.h>

#include "admin_models.h"
#include "tap.h"

static void
test_good(void)
{
    admin_registry_clear();
    is_int(admin_register(&tx_model), 0, "transactions registers before its FK target");
    is_int(admin_registry_check(), -1, "FK to an unregistered model refused");
    is_int(admin_register(&statement_model), 0, "statements registers");
    is_int(admin_registry_check(), 0, "every FK target registered");
    ok(admin_model_find(STR_LIT("banking"), STR_LIT("transaction")) == &tx_model, "found");
    ok(admin_model_find(STR_LIT("banking"), STR_LIT("transactions")) == NULL, "plural not found");
    ok(admin_model_find(STR_LIT("bank"), STR_LIT("transaction")) == NULL, "other app not found");
    ok(admin_model_at(0) == &tx_model && admin_model_at(1) == &statement_model &&
           admin_model_at(2) == NULL,
       "iteration in registration order");
    is_int(admin_register(&tx_model), -1, "registered twice refused");
}

static void
test_bad(void)
{
    static const char *const unknown_list[] = {"date", "payee", NULL};
    static const char *const secret_list[] = {"hash", NULL};
    static const admin_field_t secret_fields[] = {
        {.column = "id", .label = "ID", .type = ADMIN_INT},
        {.column = "hash", .label = "Hash", .type = ADMIN_SECRET},
    };
    static const admin_field_t fk_fields[] = {
        {.column = "owner", .label = "Owner", .type = ADMIN_FK},
    };
    static const admin_filter_t bad_filter[] = {{"payee", "Payee", ADMIN_FILTER_CHOICE}};
    static const admin_filter_t fk_filter[] = {{"date", "Date", ADMIN_FILTER_FK}};
    admin_model_t m;
    admin_registry_clear();
    m = tx_model, m.list_display = unknown_list;
    is_int(admin_register(&m), -1, "listed column not a field");
    m = tx_model, m.search_fields = unknown_list;
    is_int(admin_register(&m), -1, "search column not a field");
    m = tx_model, m.fields = secret_fields, m.nfields = 2, m.list_display = secret_list,
    m.search_fields = NULL, m.filters = NULL, m.nfilters = 0, m.ordering = NULL;
    is_int(admin_register(&m), -1, "secret field listed");
    m = tx_model, m.fields = fk_fields, m.nfields = 1;
    is_int(admin_register(&m), -1, "FK without fk_model");
    m = tx_model, m.table = "transactions; DROP TABLE users";
    is_int(admin_register(&m), -1, "table not an identifier");
    m = tx_model, m.ordering = "-location";
    is_int(admin_register(&m), -1, "ordering not listed");
    m = tx_model, m.filters = bad_filter, m.nfilters = 1;
    is_int(admin_register(&m), -1, "filter on an unknown field");
    m = tx_model, m.filters = fk_filter, m.nfilters = 1;
    is_int(admin_register(&m), -1, "FK filter on a date");
    m = tx_model, m.list_display = unknown_list + 2;
    is_int(admin_register(&m), -1, "empty list_display");
    ok(admin_model_at(0) == NULL, "nothing bad was registered");
}

int
main(void)
{
    test_good();
    test_bad();
    return done_testing();
}
