/* The add form's checks, which run before any SQL: a refused form renders
 * without touching the database (the connection is NULL here). */
#include <stdlib.h>

#include "admin_models.h"
#include "http/parse.h"
#include "tap.h"

static const admin_field_t user_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "email",
     .label = "Email address",
     .type = ADMIN_EMAIL,
     .editable = true,
     .required = true},
    {.column = "first_name",
     .label = "First name",
     .type = ADMIN_TEXT,
     .editable = true,
     .max_len = 5},
    {.column = "password", .label = "Password", .type = ADMIN_SECRET, .on_add = true},
    {.column = "is_superuser",
     .label = "Superuser status",
     .type = ADMIN_BOOL,
     .editable = true,
     .superuser_only = true},
};
static const char *const user_list[] = {"email", NULL};
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
    .nfields = 5,
    .list_display = user_list,
};

static arena_t *arena;
static buf_t out;

/* Posts qs to the add form as who; returns the page. */
static const char *
post(const char *qs, bool superuser)
{
    http_pairs_t kv;
    admin_actor_t who = {7, superuser, "staff@example.com"};
    admin_page_t pg = {STR_LIT("t\"k"), arena};
    html_t h = {&out};
    long long saved = -1;
    char err[128] = "";
    buf_reset(&out);
    if (http_query_parse(arena, str_from_cstr(qs), &kv) != HTTP_PARSE_OK)
        abort();
    int rc = admin_form(&h, NULL, &user_model, 0, &kv, &who, &pg, &saved, err, sizeof err);
    is_int(rc, 0, "rendered: %s", qs);
    is_int(saved, 0, "not saved: %s", qs);
    return buf_cstr(&out);
}

int
main(void)
{
    arena = arena_new(4096);
    buf_init(&out);
    const char *page = post("email=a%40b.co&is_superuser=on", false);
    ok(strstr(page, "Only a superuser may change this field.") != NULL,
       "staff granting superuser refused beside the field");
    ok(strstr(page, "name=\"is_superuser\" disabled") != NULL, "superuser flag disabled for staff");
    page = post("email=nope&first_name=abcdef%3Cscript%3E", true);
    ok(strstr(page, "Enter a valid email address.") != NULL, "email checked");
    ok(strstr(page, "at most") != NULL, "max_len checked");
    ok(strstr(page, "value=\"abcdef&lt;script&gt;\"") != NULL, "posted value shown escaped");
    ok(strstr(page, "name=\"is_superuser\" disabled") == NULL, "superuser may set the flag");
    ok(strstr(page, "type=\"password\"") != NULL && strstr(page, "name=\"password\" value") == NULL,
       "password input on the add form, never with a value");
    ok(strstr(page, "value=\"t&quot;k\"") != NULL, "CSRF field escaped");
    page = post("first_name=x", true);
    ok(strstr(page, "This field is required.") != NULL, "required email");
    buf_free(&out);
    arena_free(arena);
    return done_testing();
}
