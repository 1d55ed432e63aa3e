/* The Hacker News models of the admin (issue 14): links and votes as
 * Django's admin shows a model registered without options (its __str__,
 * "Link object (3)", ordered by -pk), with every field beside it, links
 * searchable by url and description, and a link's form checked as
 * createLink checks one. */
#include "admin/query_cache.h"
#include "admin/model.h"
#include "apps/hn/hn.h"

/* Beyond this many rows an unfiltered change list shows PostgreSQL's estimate. */
enum { HN_COUNT_EXACT_MAX = 10000 };

/* Django's ModelAdmin without list_display shows __str__ and sorts by -pk;
 * the id is the stand-in for "Link object (<id>)". */
static const admin_field_t link_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "url",
     .label = "Url",
     .type = ADMIN_TEXT,
     .editable = true,
     .required = true,
     .max_len = HN_URL_MAX},
    {.column = "description",
     .label = "Description",
     .type = ADMIN_TEXTAREA,
     .editable = true,
     .max_len = HN_DESCRIPTION_MAX},
    {.column = "posted_by_id",
     .label = "Posted by",
     .type = ADMIN_FK,
     .fk_model = "accounts.user",
     .editable = true},
    {.column = "created_at", .label = "Created", .type = ADMIN_DATETIME},
};

static const char *const link_list[] = {"id",           "url",        "description",
                                        "posted_by_id", "created_at", NULL};
static const char *const link_search[] = {"url", "description", NULL};

static const admin_related_t link_related[] = {
    {"votes", "votes", "link_id"},
    {NULL, NULL, NULL},
};

static int
link_validate(const admin_model_t *m, admin_form_t *f, const admin_actor_t *who, bool adding)
{
    bool present = false;
    (void)m, (void)who, (void)adding;
    str_t url = admin_form_value(f, "url", &present);
    if (!present || hn_url_valid(url))
        return 0; /* absent: the engine's "This field is required." */
    admin_form_error(f, "url", "Enter a valid URL.");
    return -1;
}

static const admin_model_t link_model = {
    .app = "hn",
    .app_label = "Hacker News",
    .name = "link",
    .verbose = "link",
    .verbose_plural = "links",
    .table = "links",
    .pk = "id",
    .str_sql = "'Link object (' || id || ')'",
    .fields = link_fields,
    .nfields = sizeof(link_fields) / sizeof(link_fields[0]),
    .list_display = link_list,
    .search_fields = link_search,
    .ordering = "-id",
    .related = link_related,
    .hooks = {.validate = link_validate},
    .can_add = true,
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = HN_COUNT_EXACT_MAX,
};

/* One vote per user and link: the unique constraint answers a second one. */
static const admin_field_t vote_fields[] = {
    {.column = "id", .label = "ID", .type = ADMIN_INT},
    {.column = "user_id",
     .label = "User",
     .type = ADMIN_FK,
     .fk_model = "accounts.user",
     .editable = true,
     .required = true},
    {.column = "link_id",
     .label = "Link",
     .type = ADMIN_FK,
     .fk_model = "hn.link",
     .editable = true,
     .required = true},
};

static const char *const vote_list[] = {"id", "user_id", "link_id", NULL};

static const admin_model_t vote_model = {
    .app = "hn",
    .app_label = "Hacker News",
    .name = "vote",
    .verbose = "vote",
    .verbose_plural = "votes",
    .table = "votes",
    .pk = "id",
    .str_sql = "'Vote object (' || id || ')'",
    .fields = vote_fields,
    .nfields = sizeof(vote_fields) / sizeof(vote_fields[0]),
    .list_display = vote_list,
    .ordering = "-id",
    .can_add = true,
    .can_change = true,
    .can_delete = true,
    .count_estimate_above = HN_COUNT_EXACT_MAX,
};

int
hn_admin_register(void)
{
    if (admin_register(&link_model) != 0 || admin_register(&vote_model) != 0)
        return -1;
    /* sql/0007: every commit to links or votes notifies hn_changed. */
    if (admin_cache_watch("links", "hn_changed") != 0)
        return -1;
    return admin_cache_watch("votes", "hn_changed");
}
