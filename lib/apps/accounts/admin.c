/* The users model of the admin (issue 14), in the shape of Django's
 * UserAdmin: the add form takes an email and a password twice and checks
 * them with the rules of /api/auth/register/; the change form edits the
 * names and flags (staff and superuser only by a superuser, which the
 * engine enforces from superuser_only); the hash is never shown. */
#include <stdio.h>
#include <string.h>

#include "admin/query_cache.h"
#include "admin/model.h"
#include "apps/accounts/accounts.h"
#include "auth/password.h"
#include "auth/session.h"
#include "core/log.h"

enum { EMAIL_MAX = 254, NAME_MAX_CHARS = 150 };
/* Beyond this many rows an unfiltered change list shows PostgreSQL's estimate. */
enum { ACCOUNTS_COUNT_EXACT_MAX = 10000 };

static const admin_field_t user_fields[] = {
    {.column = "email",
     .label = "Email address",
     .type = ADMIN_EMAIL,
     .editable = true,
     .on_add = true,
     .required = true,
     .max_len = EMAIL_MAX},
    /* Add form only: ADMIN_SECRET inputs are never filled back in. The
     * confirmation is no column: the insert hook consumes both. */
    {.column = "password",
     .label = "Password",
     .type = ADMIN_SECRET,
     .on_add = true,
     .required = true,
     .change_link = "../password/"},
    {.column = "password2",
     .label = "Password confirmation",
     .type = ADMIN_SECRET,
     .on_add = true,
     .required = true,
     .help = "Enter the same password as before, for verification."},
    {.column = "first_name",
     .label = "First name",
     .type = ADMIN_TEXT,
     .editable = true,
     .max_len = NAME_MAX_CHARS},
    {.column = "last_name",
     .label = "Last name",
     .type = ADMIN_TEXT,
     .editable = true,
     .max_len = NAME_MAX_CHARS},
    {.column = "is_active",
     .label = "Active",
     .type = ADMIN_BOOL,
     .editable = true,
     .help = "Designates whether this user should be treated as active. Unselect this instead "
             "of deleting accounts."},
    {.column = "is_staff",
     .label = "Staff status",
     .type = ADMIN_BOOL,
     .editable = true,
     .superuser_only = true,
     .help = "Designates whether the user can log into this admin site."},
    {.column = "is_superuser",
     .label = "Superuser status",
     .type = ADMIN_BOOL,
     .editable = true,
     .superuser_only = true,
     .help = "Designates that this user has all permissions without explicitly assigning them."},
    {.column = "last_login", .label = "Last login", .type = ADMIN_DATETIME},
    {.column = "date_joined", .label = "Date joined", .type = ADMIN_DATETIME},
};

static const char *const user_list[] = {"email", "first_name", "last_name", "is_staff", NULL};
static const char *const user_search[] = {"email", "first_name", "last_name", NULL};

static const admin_filter_t user_filters[] = {
    {"is_staff", "staff status", ADMIN_FILTER_BOOL},
    {"is_superuser", "superuser status", ADMIN_FILTER_BOOL},
    {"is_active", "active", ADMIN_FILTER_BOOL},
};

/* Everything with ON DELETE CASCADE to users (sql/0003, 0007, 0008). */
static const admin_related_t user_related[] = {
    {"social accounts", "social_accounts", "user_id"},
    {"statements", "statement_files", "owner_id"},
    {"transactions", "transactions", "owner_id"},
    {"links", "links", "posted_by_id"},
    {"votes", "votes", "user_id"},
    {NULL, NULL, NULL},
};

/* The form value of column as a C string in out; false when absent,
 * longer than cap - 1 bytes or holding a NUL (never a valid value here). */
static bool
form_cstr(const admin_form_t *f, const char *column, char *out, size_t cap)
{
    bool present = false;
    str_t v = admin_form_value(f, column, &present);
    out[0] = '\0';
    if (!present || v.len >= cap || (v.len && memchr(v.p, '\0', v.len) != NULL))
        return false;
    memcpy(out, v.p, v.len);
    out[v.len] = '\0';
    return true;
}

/* A checkbox: absent when unchecked; "0", "false" and "off" count as unchecked too. */
static bool
form_checked(const admin_form_t *f, const char *column)
{
    bool present = false;
    str_t v = admin_form_value(f, column, &present);
    return present && v.len > 0 && !str_eq_cstr(v, "0") && !str_ieq_cstr(v, "false") &&
           !str_ieq_cstr(v, "off");
}

/* The password twice, as /api/auth/register/ judges one: 0, or -1 after
 * the error beside the field at fault. */
static int
validate_passwords(admin_form_t *f, const char *email)
{
    char pw[PASSWORD_MAX_LEN + 1], again[PASSWORD_MAX_LEN + 1];
    const char *problem = "This password is too long.";

    if (form_cstr(f, "password", pw, sizeof(pw)))
        problem = accounts_password_problem(pw, strlen(pw), email);
    if (problem) {
        admin_form_error(f, "password", problem);
        return -1;
    }
    if (!form_cstr(f, "password2", again, sizeof(again)) || strcmp(pw, again) != 0) {
        admin_form_error(f, "password2", "The two password fields didn\u2019t match.");
        return -1;
    }
    return 0;
}

static int
user_validate(const admin_model_t *m, admin_form_t *f, const admin_actor_t *who, bool adding)
{
    char email[EMAIL_MAX + 1];
    bool present = false;
    int errors = 0;

    (void)m;
    const char *superuser = admin_form_stored(f, "is_superuser");
    if (!adding && !who->is_superuser && superuser != NULL && strcmp(superuser, "true") == 0) {
        /* Else staff could deactivate or re-address, so take over, every superuser. */
        admin_form_error(f, NULL, "Only a superuser may change a superuser.");
        log_warn("admin_privilege_refused", "user %lld tried to change superuser %s", who->user_id,
                 admin_form_stored(f, "email"));
        return -1;
    }
    admin_form_value(f, "email", &present);
    if ((adding || present) && (!form_cstr(f, "email", email, sizeof(email)) ||
                                !accounts_email_valid(email, strlen(email)))) {
        admin_form_error(f, "email", "Enter a valid email address.");
        errors++;
    }
    if (!adding)
        return errors ? -1 : 0;
    /* The engine drops superuser_only fields for others; refuse anyway
     * rather than create a staff account on a form that slipped through. */
    const char *grant[] = {"is_staff", "is_superuser"};
    for (size_t i = 0; i < 2; i++)
        if (!who->is_superuser && form_checked(f, grant[i])) {
            /* Not a field of the add form: the error goes above it. */
            admin_form_error(f, NULL, "Only a superuser may grant staff or superuser status.");
            log_warn("admin_privilege_refused", "user %lld tried to add a user with %s",
                     who->user_id, grant[i]);
            errors++;
        }
    if (validate_passwords(f, email) != 0)
        errors++;
    return errors ? -1 : 0;
}

/* Sets the names a form may carry besides the add form's three fields
 * (Django's add form has none; a post with them keeps them). A new user is
 * active, as accounts_user_create makes it. */
static int
user_set_rest(PGconn *c, long long id, const admin_form_t *f, char *err, size_t errlen)
{
    char idtext[24], first[4 * NAME_MAX_CHARS + 1], last[4 * NAME_MAX_CHARS + 1];

    snprintf(idtext, sizeof(idtext), "%lld", id);
    form_cstr(f, "first_name", first, sizeof(first));
    form_cstr(f, "last_name", last, sizeof(last));
    const char *p[] = {idtext, first, last};
    PGresult *res =
        PQexecParams(c, "UPDATE users SET first_name = $2, last_name = $3 WHERE id = $1", 3, NULL,
                     p, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "%s", PQerrorMessage(c));
    PQclear(res);
    return rc;
}

/* INSERT through accounts_user_create, which hashes the password as
 * registration does; the form passed user_validate, so the flags are the
 * ones this actor may set. A taken email is a field error (err stays
 * empty); a database failure sets err. */
static int
user_insert(PGconn *c, const admin_model_t *m, admin_form_t *f, long long *id_out, char *err,
            size_t errlen)
{
    char email[EMAIL_MAX + 1], pw[PASSWORD_MAX_LEN + 1];

    (void)m;
    err[0] = '\0';
    if (!form_cstr(f, "email", email, sizeof(email)) || !form_cstr(f, "password", pw, sizeof(pw))) {
        admin_form_error(f, NULL, "The email or the password is missing.");
        return -1;
    }
    char why[256] = "";
    switch (accounts_user_create(c, email, pw, form_checked(f, "is_staff"),
                                 form_checked(f, "is_superuser"), id_out, why, sizeof(why))) {
    case USER_CREATED:
        return user_set_rest(c, *id_out, f, err, errlen);
    case USER_EXISTS:
        admin_form_error(f, "email", "User with this Email address already exists.");
        return -1;
    case USER_INVALID:
        admin_form_error(f, "email", why);
        return -1;
    default:
        snprintf(err, errlen, "%s", why);
        return -1;
    }
}

void
accounts_user_admin_changed(long long id)
{
    user_t u;
    char err[256] = "";
    accounts_user_cache_forget(id);
    int found = accounts_user_cached(id, &u);
    if (found < 0 || (found == 1 && u.is_active))
        return;
    if (session_end_user_sessions(id, STR_LIT(""), err, sizeof(err)) < 0)
        log_error("session_end_failed", "user %lld inactive or deleted: %s", id, err);
}

/* Only a superuser may delete a superuser: else staff could remove them all. */
static int
user_may_delete(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
                const admin_actor_t *who, char *err, size_t errlen)
{
    (void)m;
    if (who->is_superuser)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char id[24];
        const char *param = id;
        snprintf(id, sizeof(id), "%lld", ids[i]);
        PGresult *res = PQexecParams(c, "SELECT 1 FROM users WHERE id = $1 AND is_superuser", 1,
                                     NULL, &param, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            snprintf(err, errlen, "superuser check: %s", PQerrorMessage(c));
            rc = -1;
        } else if (PQntuples(res) > 0) {
            log_warn("admin_privilege_refused", "user %lld tried to delete superuser %lld",
                     who->user_id, ids[i]);
            rc = 1;
        }
        PQclear(res);
    }
    return rc;
}

static const admin_model_t user_model = {
    .app = "accounts",
    .app_label = "Accounts",
    .name = "user",
    .verbose = "user",
    .verbose_plural = "users",
    .table = "users",
    .pk = "id",
    .str_sql = "email",
    .fields = user_fields,
    .nfields = sizeof(user_fields) / sizeof(user_fields[0]),
    .list_display = user_list,
    .search_fields = user_search,
    .filters = user_filters,
    .nfilters = sizeof(user_filters) / sizeof(user_filters[0]),
    .ordering = "email",
    .related = user_related,
    /* A change of the flags must reach every worker's user cache at once:
     * revoking staff or active ends what an open session may do. */
    .hooks = {.validate = user_validate,
              .insert = user_insert,
              .changed = accounts_user_admin_changed,
              .may_delete = user_may_delete},
    .can_add = true,
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = ACCOUNTS_COUNT_EXACT_MAX,
    .add_fieldsets_only = true,
};

/* Social accounts (sql/0008_admin.sql) as python-social-auth's admin
 * shows UserSocialAuth: "<user> - <Provider>", filtered by provider. */
static const admin_field_t social_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "user_id",
     .label = "User",
     .help = "Who signs in with this provider account.",
     .type = ADMIN_FK,
     .fk_model = "accounts.user",
     .editable = true,
     .required = true},
    {.column = "provider",
     .label = "Provider",
     .type = ADMIN_TEXT,
     .editable = true,
     .required = true,
     .max_len = 32},
    {.column = "uid",
     .label = "Uid",
     .type = ADMIN_TEXT,
     .editable = true,
     .required = true,
     .max_len = 255},
    {.column = "extra_data", .label = "Extra data", .type = ADMIN_JSON},
    {.column = "created", .label = "Created", .type = ADMIN_DATETIME},
};

static const char *const social_list[] = {"id", "user_id", "provider", "uid", "created", NULL};
static const char *const social_search[] = {"uid", "provider", NULL};
static const admin_filter_t social_filters[] = {{"provider", "provider", ADMIN_FILTER_CHOICE}};

static const admin_model_t social_model = {
    .app = "accounts",
    .app_label = "Accounts",
    .name = "socialaccount",
    .verbose = "social account",
    .verbose_plural = "social accounts",
    .table = "social_accounts",
    .pk = "id",
    /* user_id binds to this table's row wherever the engine puts it. */
    .str_sql =
        "(SELECT u.email FROM users AS u WHERE u.id = user_id) || ' - ' || initcap(provider)",
    .fields = social_fields,
    .nfields = sizeof(social_fields) / sizeof(social_fields[0]),
    .list_display = social_list,
    .search_fields = social_search,
    .filters = social_filters,
    .nfilters = sizeof(social_filters) / sizeof(social_filters[0]),
    .ordering = "-id",
    .can_add = true,
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = ACCOUNTS_COUNT_EXACT_MAX,
};

int
accounts_admin_register(void)
{
    if (admin_register(&user_model) != 0 || admin_register(&social_model) != 0)
        return -1;
    /* sql/0007: every commit to users notifies hn_changed (0005's
     * users_changed is not sent for an INSERT). */
    return admin_cache_watch("users", "hn_changed");
}
