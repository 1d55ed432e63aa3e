/* Query.links, Query.votes, Query.users and the relation fields between
 * links, votes and users. A relation is data (which key of the parent,
 * which loader, which key of the rows), so one resolver serves all of
 * them, each with one query for every parent of its level. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "core/settings.h"

enum {
    /* Rows links(first:) returns at most (a client pages with first/skip). */
    HN_LIST_MAX = 1000,
};

/* Rows a root list without `first` returns: GRAPHQL_DEFAULT_LIST_SIZE, the
 * size gql_check_limits counts it for, so the cost limit holds for what the
 * query really returns. votes and users, which have no paging arguments,
 * always stop there. As text, a statement's LIMIT parameter. */
static const char *
default_list_limit(arena_t *a)
{
    char lim[24];
    snprintf(lim, sizeof(lim), "%ld", settings.graphql.default_list_size);
    return arena_strndup(a, lim, strlen(lim));
}

typedef int (*loader_fn)(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows,
                         size_t *n);

typedef struct {
    size_t parent_key; /* offset of the long long in the parent source */
    bool many;         /* a list of the rows with that key, else the one row */
    loader_fn load;
    size_t row_size, row_key;
} relation_t;

static int
load_users(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows, size_t *n)
{
    return hn_load_users(rv, ids, n_ids, (hn_user_t **)rows, n);
}

static int
load_links(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows, size_t *n)
{
    return hn_load_links_by_id(rv, ids, n_ids, (hn_link_t **)rows, n);
}

static int
load_links_of(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows, size_t *n)
{
    return hn_load_links_by_poster(rv, ids, n_ids, (hn_link_t **)rows, n);
}

static int
load_votes_of_link(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows, size_t *n)
{
    return hn_load_votes_by(rv, "link_id", ids, n_ids, (hn_vote_t **)rows, n);
}

static int
load_votes_of_user(gql_resolve_t *rv, const long long *ids, size_t n_ids, void **rows, size_t *n)
{
    return hn_load_votes_by(rv, "user_id", ids, n_ids, (hn_vote_t **)rows, n);
}

static const relation_t link_posted_by = {offsetof(hn_link_t, posted_by_id), false, load_users,
                                          sizeof(hn_user_t), offsetof(hn_user_t, id)};
static const relation_t link_votes = {offsetof(hn_link_t, id), true, load_votes_of_link,
                                      sizeof(hn_vote_t), offsetof(hn_vote_t, link_id)};
static const relation_t vote_user = {offsetof(hn_vote_t, user_id), false, load_users,
                                     sizeof(hn_user_t), offsetof(hn_user_t, id)};
static const relation_t vote_link = {offsetof(hn_vote_t, link_id), false, load_links,
                                     sizeof(hn_link_t), offsetof(hn_link_t, id)};
static const relation_t user_links = {offsetof(hn_user_t, id), true, load_links_of,
                                      sizeof(hn_link_t), offsetof(hn_link_t, posted_by_id)};
static const relation_t user_votes = {offsetof(hn_user_t, id), true, load_votes_of_user,
                                      sizeof(hn_vote_t), offsetof(hn_vote_t, user_id)};

static int
resolve_relation(gql_resolve_t *rv)
{
    const relation_t *rel = rv->field->resolve_data;
    if (rv->n == 0)
        return 0; /* no parents at this level: no query */
    long long *ids = arena_calloc(rv->arena, rv->n, sizeof(*ids));
    if (ids == NULL) {
        gql_resolve_error_all(rv, "Out of memory.");
        return -1;
    }
    for (size_t i = 0; i < rv->n; i++)
        memcpy(&ids[i], (const char *)rv->parents[i] + rel->parent_key, sizeof(ids[i]));
    void *rows;
    size_t n;
    if (rel->load(rv, ids, rv->n, &rows, &n) != 0)
        return -1;
    for (size_t i = 0; i < rv->n; i++) {
        if (!rel->many)
            hn_out_one(rv, i, rows, n, rel->row_size, rel->row_key, ids[i]);
        else if (hn_out_group(rv, i, rows, n, rel->row_size, rel->row_key, ids[i]) != 0)
            return -1;
    }
    return 0;
}

/* out[0] = the rows as a list of sources. */
static int
root_list(gql_resolve_t *rv, const void *rows, size_t n, size_t size)
{
    if (gql_val_list(rv->arena, rv->out[0], n) != 0) {
        gql_resolve_error_all(rv, "Out of memory.");
        return -1;
    }
    for (size_t k = 0; k < n; k++)
        gql_val_source(&rv->out[0]->items[k], (const char *)rows + k * size);
    return 0;
}

/* An Int argument, def when absent or null; false (error added) when
 * negative. */
static bool
count_arg(gql_resolve_t *rv, const char *name, long def, long *out)
{
    const gql_val_t *v = gql_resolve_arg(rv, name);
    *out = v && v->kind == GQL_VAL_INT ? (long)v->i : def;
    if (*out < 0) {
        gql_resolve_error(rv, 0, "%s must not be negative.", name);
        return false;
    }
    return true;
}

/* The LIKE pattern that finds s anywhere, its % _ and \ taken literally. */
static const char *
like_pattern(arena_t *a, str_t s)
{
    buf_t *b = buf_new_on(a);
    if (b == NULL)
        return NULL;
    buf_putc(b, '%');
    for (size_t i = 0; i < s.len; i++) {
        if (s.p[i] == '%' || s.p[i] == '_' || s.p[i] == '\\')
            buf_putc(b, '\\');
        buf_putc(b, s.p[i]);
    }
    buf_putc(b, '%');
    return buf_cstr(b);
}

static int
resolve_links(gql_resolve_t *rv)
{
    long first, skip;
    if (!count_arg(rv, "first", settings.graphql.default_list_size, &first) ||
        !count_arg(rv, "skip", 0, &skip))
        return 0;
    char lim[24], off[24];
    snprintf(lim, sizeof(lim), "%ld", first < HN_LIST_MAX ? first : (long)HN_LIST_MAX);
    snprintf(off, sizeof(off), "%ld", skip);
    const gql_val_t *search = gql_resolve_arg(rv, "search");
    hn_link_t *rows;
    size_t n;
    int rc;
    if (search && search->kind == GQL_VAL_STRING && search->s.len) {
        const char *params[] = {like_pattern(rv->arena, search->s), lim, off};
        if (params[0] == NULL)
            return gql_resolve_error_all(rv, "Out of memory."), -1;
        rc = hn_query_links(rv, "hn_links_search",
                            "SELECT " HN_LINK_COLUMNS " FROM links l"
                            " WHERE l.url ILIKE $1 OR l.description ILIKE $1"
                            " ORDER BY l.created_at DESC, l.id DESC LIMIT $2 OFFSET $3",
                            3, params, &rows, &n);
    } else {
        const char *params[] = {lim, off};
        rc = hn_query_links(rv, "hn_links_newest",
                            "SELECT " HN_LINK_COLUMNS " FROM links l"
                            " ORDER BY l.created_at DESC, l.id DESC LIMIT $1 OFFSET $2",
                            2, params, &rows, &n);
    }
    return rc != 0 ? -1 : root_list(rv, rows, n, sizeof(*rows));
}

static int
resolve_votes(gql_resolve_t *rv)
{
    hn_vote_t *rows;
    size_t n;
    const char *params[] = {default_list_limit(rv->arena)};
    if (params[0] == NULL)
        return gql_resolve_error_all(rv, "Out of memory."), -1;
    if (hn_query_votes(rv, "hn_votes_all",
                       "SELECT " HN_VOTE_COLUMNS " FROM votes v ORDER BY v.id LIMIT $1", 1, params,
                       &rows, &n) != 0)
        return -1;
    return root_list(rv, rows, n, sizeof(*rows));
}

static int
resolve_users(gql_resolve_t *rv)
{
    hn_user_t *rows;
    size_t n;
    const char *params[] = {default_list_limit(rv->arena)};
    if (params[0] == NULL)
        return gql_resolve_error_all(rv, "Out of memory."), -1;
    if (hn_query_users(rv, "hn_users_all",
                       "SELECT " HN_USER_COLUMNS " FROM users u ORDER BY u.id LIMIT $1", 1, params,
                       &rows, &n) != 0)
        return -1;
    return root_list(rv, rows, n, sizeof(*rows));
}

int
hn_bind_relations(gql_schema_t *s)
{
    static const struct {
        const char *type, *field;
        const relation_t *rel;
    } relations[] = {
        {"Link", "postedBy", &link_posted_by},
        {"Link", "votes", &link_votes},
        {"Vote", "user", &vote_user},
        {"Vote", "link", &vote_link},
        {"User", "linkSet", &user_links},
        {"User", "voteSet", &user_votes},
        {"CreateLink", "postedBy", &link_posted_by},
        {"CreateVote", "user", &vote_user},
        {"CreateVote", "link", &vote_link},
    };
    for (size_t i = 0; i < sizeof(relations) / sizeof(relations[0]); i++)
        if (gql_schema_bind(s, relations[i].type, relations[i].field, resolve_relation,
                            (void *)relations[i].rel) != 0)
            return -1;
    if (gql_schema_bind(s, "Query", "links", resolve_links, NULL) != 0 ||
        gql_schema_bind(s, "Query", "votes", resolve_votes, NULL) != 0 ||
        gql_schema_bind(s, "Query", "users", resolve_users, NULL) != 0)
        return -1;
    return 0;
}
