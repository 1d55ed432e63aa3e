/* createLink and createVote: the caller posts a link or votes for one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apps/hn/hn.h"
#include "db/prepared.h"

const user_t *
hn_mutation_caller(gql_resolve_t *rv, size_t i, const char *anon_message)
{
    const hn_ctx_t *ctx = rv->context;
    if (ctx->caller == NULL) {
        gql_resolve_error(rv, i, "%s", anon_message);
        return NULL;
    }
    if (!ctx->csrf_ok) {
        gql_resolve_error(rv, i, "CSRF Failed: %s",
                          ctx->csrf_problem ? ctx->csrf_problem : "CSRF token missing.");
        return NULL;
    }
    return ctx->caller;
}

const char *
hn_text_arg(gql_resolve_t *rv, const char *name, size_t *len)
{
    const gql_val_t *v = gql_resolve_arg(rv, name);
    str_t s = v && v->kind == GQL_VAL_STRING ? v->s : STR_LIT("");
    *len = s.len;
    if (memchr(s.p, '\0', s.len) != NULL) {
        gql_resolve_error(rv, 0, "Enter a value without NUL characters.");
        return NULL;
    }
    const char *c = arena_cstr(rv->arena, s);
    if (c == NULL)
        gql_resolve_error(rv, 0, "Out of memory.");
    return c;
}

bool
hn_url_valid(str_t url)
{
    size_t skip;
    if (url.len > HN_URL_MAX)
        return false;
    if (url.len > 7 && strncasecmp(url.p, "http://", 7) == 0)
        skip = 7;
    else if (url.len > 8 && strncasecmp(url.p, "https://", 8) == 0)
        skip = 8;
    else
        return false;
    if (url.p[skip] == '/' || url.p[skip] == '?' || url.p[skip] == '#')
        return false; /* no host */
    for (size_t k = 0; k < url.len; k++)
        if ((unsigned char)url.p[k] <= ' ' || url.p[k] == 0x7f)
            return false;
    return true;
}

static int
create_link(gql_resolve_t *rv)
{
    const user_t *caller = hn_mutation_caller(rv, 0, "Must be logged in to post a link");
    if (caller == NULL)
        return 0;
    size_t url_len, desc_len;
    const char *url = hn_text_arg(rv, "url", &url_len);
    const char *desc = url ? hn_text_arg(rv, "description", &desc_len) : NULL;
    if (desc == NULL)
        return 0;
    if (!hn_url_valid((str_t){url, url_len})) {
        gql_resolve_error(rv, 0, "Enter a valid URL.");
        return 0;
    }
    if (desc_len > HN_DESCRIPTION_MAX) {
        gql_resolve_error(rv, 0, "The description is longer than %d characters.",
                          HN_DESCRIPTION_MAX);
        return 0;
    }
    char owner[24];
    snprintf(owner, sizeof(owner), "%lld", caller->id);
    const char *params[] = {url, desc, owner};
    hn_link_t *rows;
    size_t n;
    if (hn_query_links(rv, "hn_link_create",
                       "INSERT INTO links AS l (url, description, posted_by_id)"
                       " VALUES ($1, $2, $3) RETURNING " HN_LINK_COLUMNS,
                       3, params, &rows, &n) != 0)
        return -1;
    gql_val_source(rv->out[0], &rows[0]);
    return 0;
}

static int
create_vote(gql_resolve_t *rv)
{
    const user_t *caller = hn_mutation_caller(rv, 0, "Must be logged in to vote");
    if (caller == NULL)
        return 0;
    const gql_val_t *link = gql_resolve_arg(rv, "linkId");
    char user_id[24], link_id[24];
    snprintf(user_id, sizeof(user_id), "%lld", caller->id);
    snprintf(link_id, sizeof(link_id), "%lld",
             link && link->kind == GQL_VAL_INT ? (long long)link->i : 0LL);
    const char *params[] = {user_id, link_id};
    hn_vote_t *rows;
    size_t n;
    /* One statement: whether the link exists, and the new vote's id (none
     * when the caller had voted already: the unique key holds it). */
    if (hn_query_votes(rv, "hn_vote_create",
                       "WITH l AS (SELECT id FROM links WHERE id = $2::bigint),"
                       " ins AS (INSERT INTO votes (user_id, link_id) SELECT $1::bigint, id FROM l"
                       " ON CONFLICT (user_id, link_id) DO NOTHING RETURNING id)"
                       " SELECT coalesce((SELECT id FROM ins), 0), $1::bigint,"
                       " coalesce((SELECT id FROM l), 0)",
                       2, params, &rows, &n) != 0)
        return -1;
    if (n != 1 || rows[0].link_id == 0)
        gql_resolve_error(rv, 0, "Invalid link");
    else if (rows[0].id == 0)
        gql_resolve_error(rv, 0, "You have already voted for this link");
    else
        gql_val_source(rv->out[0], &rows[0]);
    return 0;
}

int
hn_bind_mutations(gql_schema_t *s)
{
    if (gql_schema_bind(s, "Mutation", "createLink", create_link, NULL) != 0 ||
        gql_schema_bind(s, "Mutation", "createVote", create_vote, NULL) != 0)
        return -1;
    return 0;
}
