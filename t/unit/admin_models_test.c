/* The apps' admin model tables (lib/apps/{accounts,banking,hn}/admin.c):
 * the engine's registry (lib/admin/registry.c) takes them all and finds
 * every FK's target; each filter fits its field's type and searches are on
 * text; and the hooks judge forms as /api/auth/register/ and createLink
 * do. The engine's form is private (lib/admin/internal.h) and needs a
 * posted request, so this file defines the calls the hooks make
 * (admin_form_value, admin_form_error, admin_form_stored) over tables of
 * pairs; nothing here pulls in lib/admin/form.c, so the linker takes these. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/hn/hn.h"
#include "core/settings.h"
#include "db/db.h"
#include "http/parse.h"
#include "tap.h"

enum { MAX_PAIRS = 16 };

/* --- a form as the engine would hand it to the hooks ------------------- */

struct admin_form {
    const char *pairs[MAX_PAIRS][2]; /* column, value; NULL column ends */
    const char *error_column;        /* the last error's, "" for the form's */
    const char *error;
    int errors;
    const char *stored[MAX_PAIRS][2]; /* the stored row's column, value (change form) */
};

const char *
admin_form_stored(const admin_form_t *f, const char *column)
{
    for (size_t i = 0; i < MAX_PAIRS && f->stored[i][0]; i++)
        if (strcmp(f->stored[i][0], column) == 0)
            return f->stored[i][1];
    return NULL;
}

str_t
admin_form_value(const admin_form_t *f, const char *column, bool *present)
{
    for (size_t i = 0; i < MAX_PAIRS && f->pairs[i][0]; i++)
        if (strcmp(f->pairs[i][0], column) == 0) {
            *present = true;
            return str_from_cstr(f->pairs[i][1]);
        }
    *present = false;
    return STR_NULL;
}

void
admin_form_error(admin_form_t *f, const char *column, const char *message)
{
    f->error_column = column ? column : "";
    f->error = message;
    f->errors++;
}

/* --- checks beyond the registry's (lib/admin/registry.c) --------------- */

static bool
filter_fits(admin_filter_kind_t kind, admin_type_t type)
{
    switch (kind) {
    case ADMIN_FILTER_BOOL:
        return type == ADMIN_BOOL;
    case ADMIN_FILTER_DATE:
        return type == ADMIN_DATE || type == ADMIN_DATETIME;
    case ADMIN_FILTER_FK:
        return type == ADMIN_FK;
    default:
        return type == ADMIN_TEXT || type == ADMIN_INT || type == ADMIN_EMAIL;
    }
}

/* What the registry lets through but a page would get wrong: a filter
 * whose kind does not fit its field (a yes/no filter on text), a search on
 * a column that is not text, a related entry or an action half filled. */
static const char *
model_problem(const admin_model_t *m, char *why, size_t cap)
{
    for (const char *const *c = m->search_fields; c && *c; c++) {
        const admin_field_t *fd = admin_field_find(m, *c);
        if (fd == NULL ||
            !(fd->type == ADMIN_TEXT || fd->type == ADMIN_TEXTAREA || fd->type == ADMIN_EMAIL))
            return snprintf(why, cap, "search column %s is no text field", *c), why;
    }
    for (size_t i = 0; i < m->nfilters; i++) {
        const admin_field_t *fd = admin_field_find(m, m->filters[i].column);
        if (fd == NULL || !filter_fits(m->filters[i].kind, fd->type) || !m->filters[i].label)
            return snprintf(why, cap, "filter %s does not fit a field", m->filters[i].column), why;
    }
    for (const admin_related_t *r = m->related; r && r->label; r++)
        if (!r->table || !r->fk_column)
            return snprintf(why, cap, "related %s lacks its table or column", r->label), why;
    for (const admin_action_t *a = m->actions; a && a->name; a++)
        if (!a->label || !a->run || strcmp(a->name, "delete_selected") == 0)
            return snprintf(why, cap, "action %s lacks its label or function", a->name), why;
    return NULL;
}

static int
register_apps(void)
{
    if (accounts_admin_register() != 0 || banking_admin_register() != 0 || hn_admin_register() != 0)
        return -1;
    return admin_registry_check();
}

static void
test_registration(void)
{
    char why[200];
    is_int(accounts_admin_register(), 0, "accounts registers users and social accounts");
    is_int(banking_admin_register(), 0, "banking registers statements and transactions");
    is_int(hn_admin_register(), 0, "hn registers links and votes");
    is_int(admin_registry_check(), 0, "every FK names a registered model");
    size_t n = 0;
    for (const admin_model_t *m; (m = admin_model_at(n)) != NULL; n++) {
        const char *problem = model_problem(m, why, sizeof(why));
        ok(problem == NULL, "%s.%s: filters, search, related, actions fit (%s)", m->app, m->name,
           problem ? problem : "yes");
    }
    is_int((long long)n, 6, "six models");

    const admin_model_t *t = admin_model_find(STR_LIT("banking"), STR_LIT("transaction"));
    ok(t && strcmp(t->ordering, "-date") == 0, "transactions newest first");
    ok(t && t->nfilters == 3 && strcmp(t->filters[1].column, "source_file_id") == 0,
       "transactions filter by date, statement, owner");
    const admin_model_t *s = admin_model_find(STR_LIT("banking"), STR_LIT("statementfile"));
    ok(s && s->actions && strcmp(s->actions[0].name, "rerun_import") == 0 && !s->actions[1].name,
       "statements have the re-run action");
    const admin_model_t *u = admin_model_find(STR_LIT("accounts"), STR_LIT("user"));
    const admin_field_t *hash = u ? admin_field_find(u, "password") : NULL;
    ok(hash && hash->type == ADMIN_SECRET && !hash->editable, "the hash is a secret, not editable");
    ok(u && admin_field_find(u, "is_superuser")->superuser_only &&
           admin_field_find(u, "is_staff")->superuser_only,
       "only a superuser grants staff or superuser");
    ok(hash && hash->change_link && strcmp(hash->change_link, "../password/") == 0,
       "the change form links the set password page instead of the hash");
    ok(u && u->add_fieldsets_only, "the add form asks for the email and the password only");
    ok(u && u->hooks.changed == accounts_user_admin_changed,
       "a saved user is forgotten by the user cache (staff revoked at once) and loses its "
       "sessions when inactive");
}

/* The checks can fail: each broken copy of the links model is refused. */
static void
test_checks_refuse(void)
{
    char why[200];
    const admin_model_t *l = admin_model_find(STR_LIT("hn"), STR_LIT("link"));
    if (l == NULL)
        return (void)ok(false, "links registered");
    static const char *const bad_list[] = {"url", "nope", NULL};
    static const char *const bad_search[] = {"posted_by_id", NULL};
    static const admin_filter_t bad_fk[] = {{"url", "url", ADMIN_FILTER_FK}};
    static const admin_filter_t bad_bool[] = {{"url", "url", ADMIN_FILTER_BOOL}};
    admin_model_t m = *l;
    m.name = "brokenlink";
    m.list_display = bad_list;
    is_int(admin_register(&m), -1, "a list column that is no field is refused");
    m.list_display = l->list_display, m.ordering = "-description_x";
    is_int(admin_register(&m), -1, "ordering by an unlisted column is refused");
    m.ordering = l->ordering, m.filters = bad_fk, m.nfilters = 1;
    is_int(admin_register(&m), -1, "an FK filter on text is refused");
    m.filters = bad_bool;
    ok(model_problem(&m, why, sizeof(why)) != NULL, "a yes/no filter on text is found");
    m.filters = l->filters, m.nfilters = l->nfilters, m.search_fields = bad_search;
    ok(model_problem(&m, why, sizeof(why)) != NULL, "a search on an FK is found");

    static admin_field_t fields[8];
    memcpy(fields, l->fields, l->nfields * sizeof(fields[0]));
    m = *l;
    m.fields = fields;
    m.name = "brokenlink";
    fields[3].fk_model = "accounts.nobody";
    is_int(admin_register(&m), 0, "an FK's target is known only once all are in");
    is_int(admin_registry_check(), -1, "then an FK to an unknown model is refused");
    admin_registry_clear();
    is_int(register_apps(), 0, "the apps register again after a clear");
}

/* Runs m's validate hook on the form as who (a superuser or not). */
static int
validate(const char *app, const char *name, admin_form_t *f, bool superuser, bool adding)
{
    const admin_model_t *m = admin_model_find(str_from_cstr(app), str_from_cstr(name));
    admin_actor_t who = {.user_id = 1, .is_superuser = superuser, .email = "staff@example.com"};
    if (m == NULL || m->hooks.validate == NULL)
        return 99;
    f->error_column = f->error = NULL;
    f->errors = 0;
    return m->hooks.validate(m, f, &who, adding);
}

/* One add form and the field its first problem is beside (NULL: none). */
typedef struct {
    const char *email, *password, *password2, *is_staff;
    bool superuser;
    const char *error_column;
    const char *why;
} user_add_case_t;

static void
test_user_add(void)
{
    static const user_add_case_t cases[] = {
        {"ann@example.com", "correct horse 9", "correct horse 9", NULL, false, NULL, "valid"},
        {"ann@example", "correct horse 9", "correct horse 9", NULL, false, "email", "no dot"},
        {"ann@@example.com", "correct horse 9", "correct horse 9", NULL, false, "email", "two @"},
        {"ann@example.com", "short1", "short1", NULL, false, "password", "too short"},
        {"ann@example.com", "1234567890", "1234567890", NULL, false, "password", "numeric"},
        {"ann@example.com", "ann@example.com", "ann@example.com", NULL, false, "password",
         "the email"},
        {"ann@example.com", "correct horse 9", "correct horse 8", NULL, false, "password2",
         "confirmation differs"},
        {"ann@example.com", "correct horse 9", NULL, NULL, false, "password2", "no confirmation"},
        /* "": above the form, as the add form has no staff field (Django's add_fieldsets) */
        {"ann@example.com", "correct horse 9", "correct horse 9", "on", false, "",
         "staff granted by a non-superuser"},
        {"ann@example.com", "correct horse 9", "correct horse 9", "on", true, NULL,
         "staff granted by a superuser"},
        {"ann@example.com", "correct horse 9", "correct horse 9", "0", false, NULL,
         "an unchecked staff box"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const user_add_case_t *c = &cases[i];
        admin_form_t f = {.pairs = {{"email", c->email}, {"password", c->password}}};
        size_t n = 2;
        if (c->password2)
            f.pairs[n][0] = "password2", f.pairs[n++][1] = c->password2;
        if (c->is_staff)
            f.pairs[n][0] = "is_staff", f.pairs[n++][1] = c->is_staff;
        int rc = validate("accounts", "user", &f, c->superuser, true);
        is_int(rc, c->error_column ? -1 : 0, "user add, %s: %s", c->why,
               c->error_column ? "refused" : "accepted");
        if (c->error_column)
            is_str(str_from_cstr(f.error_column ? f.error_column : "(none)"), c->error_column,
                   "user add, %s: the error is beside %s (%s)", c->why, c->error_column,
                   f.error ? f.error : "");
    }
}

static void
test_user_change_and_link(void)
{
    admin_form_t names = {.pairs = {{"first_name", "Ann"}, {"is_staff", "on"}}};
    is_int(validate("accounts", "user", &names, false, false), 0,
           "a change without the email field passes (the engine guards is_staff)");
    admin_form_t bad = {.pairs = {{"email", "not an email"}}};
    is_int(validate("accounts", "user", &bad, true, false), -1, "a changed email is checked");
    is_str(str_from_cstr(bad.error ? bad.error : ""), "Enter a valid email address.",
           "with Django's message");
    /* Staff could otherwise deactivate or re-address every superuser. */
    admin_form_t su = {.pairs = {{"first_name", "Ann"}},
                       .stored = {{"email", "root@example.com"}, {"is_superuser", "true"}}};
    is_int(validate("accounts", "user", &su, false, false), -1,
           "a staff user may not change a superuser");
    is_str(str_from_cstr(su.error ? su.error : ""), "Only a superuser may change a superuser.",
           "said above the form");
    su.errors = 0;
    is_int(validate("accounts", "user", &su, true, false), 0, "a superuser may");
    admin_form_t staff = {.pairs = {{"first_name", "Ann"}}, .stored = {{"is_superuser", "false"}}};
    is_int(validate("accounts", "user", &staff, false, false), 0,
           "a staff user may still change one who is no superuser");

    const char *urls[][2] = {
        {"https://example.com/a?b=c", "0"}, {"HTTP://example.com", "0"},
        {"javascript:alert(1)", "-1"},      {"https:///path", "-1"},
        {"http://exa mple.com", "-1"},      {"ftp://example.com", "-1"},
    };
    for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
        admin_form_t f = {.pairs = {{"url", urls[i][0]}}};
        int want = urls[i][1][0] == '-' ? -1 : 0;
        is_int(validate("hn", "link", &f, false, true), want, "link url %s %s", urls[i][0],
               want ? "refused" : "accepted");
    }
}

/* The engine's change list SQL for app.model and a query string, in a. */
static const char *
changelist_sql(arena_t *a, const char *app, const char *name, const char *qs, int *nparams)
{
    http_pairs_t kv;
    admin_query_t q;
    const admin_model_t *m = admin_model_find(str_from_cstr(app), str_from_cstr(name));
    if (m == NULL || http_query_parse(a, str_from_cstr(qs), &kv) != HTTP_PARSE_OK ||
        admin_query_build(&q, a, m, &kv) != 0)
        return "";
    char *sql = arena_cstr(a, (str_t){q.sql.data, q.sql.len});
    *nparams = q.nparams;
    admin_query_free(&q);
    return sql ? sql : "";
}

/* The pages the issue names, as the engine turns these tables into SQL. */
static void
test_changelists(void)
{
    arena_t *a = arena_new(4096);
    int n = 0;
    const char *sql = changelist_sql(a, "banking", "transaction",
                                     "q=coffee&source_file_id__id__exact=3&owner_id__id__exact=2&"
                                     "date__gte=2024-01-01&date__lt=2024-02-01",
                                     &n);
    ok(strstr(sql, "\"description\" ILIKE '%' || $1 || '%' OR "
                   "\"transactions\".\"location\" ILIKE") != NULL,
       "transactions: search payee and address");
    ok(strstr(sql, "\"source_file_id\" = $") && strstr(sql, "\"owner_id\" = $") &&
           strstr(sql, "\"date\" >= $"),
       "transactions: filter by statement, owner and date");
    ok(strstr(sql, "ORDER BY \"transactions\".\"date\" DESC") != NULL, "newest first");
    is_int(n, 5, "transactions: five parameters");
    sql = changelist_sql(a, "banking", "statementfile",
                         "status__exact=failed&owner_id__id__exact=1", &n);
    ok(strstr(sql, "\"status\" = $") && strstr(sql, "\"owner_id\" = $") && n == 2,
       "statements: filter by status and owner");
    sql = changelist_sql(a, "accounts", "user", "q=ann&is_staff__exact=1&o=-2", &n);
    ok(strstr(sql, "\"first_name\" ILIKE") && strstr(sql, "\"is_staff\" = $") &&
           strstr(sql, "ORDER BY \"users\".\"first_name\" DESC"),
       "users: search names, filter staff, order by first name");
    ok(strstr(sql, "password") == NULL, "users: the hash is never selected");
    sql = changelist_sql(a, "accounts", "socialaccount", "provider__exact=github&q=42", &n);
    ok(strstr(sql, "\"provider\" = $") && strstr(sql, "\"uid\" ILIKE") && n == 2,
       "social accounts: filter by provider, search uid");
    sql = changelist_sql(a, "hn", "link", "q=%3Cscript%3E", &n);
    ok(strstr(sql, "\"url\" ILIKE") && strstr(sql, "ORDER BY \"links\".\"id\" DESC") && n == 1,
       "links: search url and description, newest first");
    arena_free(a);
}

/* Copies `in` to `out` with every "{O}" replaced by `owner` and every "{S}"
 * by `statement`: the ids the integration test's rows really have. */
static void
with_ids(char *out, size_t size, const char *in, const char *owner, const char *statement)
{
    size_t n = 0;
    for (; *in != '\0' && n + 1 < size; in++) {
        const char *put = strncmp(in, "{O}", 3) == 0   ? owner
                          : strncmp(in, "{S}", 3) == 0 ? statement
                                                       : NULL;
        if (put == NULL) {
            out[n++] = *in;
            continue;
        }
        for (; *put != '\0' && n + 1 < size; put++)
            out[n++] = *put;
        in += 2;
    }
    out[n] = '\0';
}

/* For t/integration/admin_models.t: each model's change list, plain and
 * searched and filtered, as a psql script that PREPAREs and EXECUTEs the
 * engine's SQL, so the real schema judges the tables' names and str_sql.
 * `owner` and `statement` are the ids of the test's own rows. */
static int
print_sql_script(const char *owner, const char *statement)
{
    static const char *const cases[][4] = {
        {"accounts", "user", "", ""},
        {"accounts", "user", "q=ci&is_staff__exact=1&is_active__exact=1&o=-2",
         "('ci', true, true)"},
        {"accounts", "socialaccount", "q=1&provider__exact=github", "('1', 'github')"},
        {"banking", "statementfile", "status__exact=done&owner_id__id__exact={O}", "('done', {O})"},
        {"banking", "transaction",
         "q=cafe&date__gte=2024-01-01&date__lt=2024-02-01&source_file_id__id__exact={S}&"
         "owner_id__id__exact={O}",
         "('cafe', '2024-01-01', '2024-02-01', {S}, {O})"},
        {"hn", "link", "q=example", "('example')"},
        {"hn", "vote", "o=2", ""},
    };
    arena_t *a = arena_new(4096);
    if (register_apps() != 0 || a == NULL)
        return 1;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        http_pairs_t kv;
        admin_query_t q;
        char query[256], params[128];
        with_ids(query, sizeof(query), cases[i][2], owner, statement);
        with_ids(params, sizeof(params), cases[i][3], owner, statement);
        const admin_model_t *m =
            admin_model_find(str_from_cstr(cases[i][0]), str_from_cstr(cases[i][1]));
        if (m == NULL || http_query_parse(a, str_from_cstr(query), &kv) != HTTP_PARSE_OK ||
            admin_query_build(&q, a, m, &kv) != 0)
            return 1;
        printf("PREPARE q AS %s;\nEXECUTE q%s;\nDEALLOCATE q;\n", q.sql.data, params);
        printf("PREPARE c AS %s;\nEXECUTE c%s;\nDEALLOCATE c;\n", q.count_sql.data, params);
        admin_query_free(&q);
    }
    arena_free(a);
    return 0;
}

/* For t/integration/admin_models.t, with the stack's settings: adds a user
 * through the users model's hooks and re-runs the import of statement
 * `statement` and of an id that does not exist; prints the new user's id
 * and how many imports were enqueued. */
static int
run_hooks(const char *statement)
{
    char err[512] = "";
    long long id = 0, ids[] = {0, 1LL << 60};
    admin_form_t f = {.pairs = {{"email", "added@ci.example.com"},
                                {"password", "Added-pw-0123"},
                                {"password2", "Added-pw-0123"},
                                {"first_name", "Ann <i>"},
                                {"is_active", "on"}}};
    admin_actor_t who = {.user_id = 1, .is_superuser = true, .email = "staff@ci.example.com"};
    settings_load_or_exit("admin_models_test");
    PGconn *c = db_get(err, sizeof(err));
    if (c == NULL || register_apps() != 0)
        return fprintf(stderr, "no database or models: %s\n", err), 1;
    const admin_model_t *u = admin_model_find(STR_LIT("accounts"), STR_LIT("user"));
    const admin_model_t *s = admin_model_find(STR_LIT("banking"), STR_LIT("statementfile"));
    if (u->hooks.validate(u, &f, &who, true) != 0 ||
        u->hooks.insert(c, u, &f, &id, err, sizeof(err)) != 0)
        return fprintf(stderr, "user not added: %s %s\n", f.error ? f.error : "", err), 1;
    ids[0] = strtoll(statement, NULL, 10);
    long n = s->actions[0].run(c, s, ids, 2, &who, err, sizeof(err));
    printf("%lld %ld\n", id, n);
    if (n < 0)
        fprintf(stderr, "re-run import: %s\n", err);
    db_close();
    return n < 0;
}

int
main(int argc, char **argv)
{
    if (argc > 3 && strcmp(argv[1], "--sql") == 0)
        return print_sql_script(argv[2], argv[3]);
    if (argc > 2 && strcmp(argv[1], "--hooks") == 0)
        return run_hooks(argv[2]);
    test_registration();
    test_checks_refuse();
    test_user_add();
    test_user_change_and_link();
    test_changelists();
    return done_testing();
}
