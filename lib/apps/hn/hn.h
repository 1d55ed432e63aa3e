/* The Hacker News clone over GraphQL (SPEC.md, "Hacker News clone over
 * GraphQL"): links, votes and users on the engine of lib/graphql, served by
 * cgi-bin/graphql at /graphql/. Two halves: the data (schema binding,
 * SQL with batched loads, createLink, createVote, seed data) and the HTTP
 * side (the request, who is calling, CSRF, GraphQL JWTs, tokenAuth,
 * verifyToken, refreshToken, currentUser, createUser, GraphiQL). */
#ifndef APPS_HN_H
#define APPS_HN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "graphql/exec.h"
#include "graphql/schema.h"
#include "http/request.h"
#include "http/router.h"

/* What every resolver gets as gql_resolve_t.context. */
typedef struct {
    http_req_t *r;
    const user_t *caller; /* NULL: anonymous */
    bool csrf_ok;         /* a cookie-authenticated mutation sent a matching X-CSRFToken */
    /* Set by a resolver when PostgreSQL or Redis is down: the handler then
     * answers 503 instead of a 200 with errors. */
    bool unavailable;
    /* Why csrf_ok is false for a caller known by the session cookie alone
     * ("CSRF token missing."); NULL when the caller came by a token. */
    const char *csrf_problem;
    /* Set by a resolver a throttle refused (tokenAuth, createUser): the
     * handler then answers 429 (with the Retry-After the resolver added)
     * instead of a 200 with errors, as the REST endpoints do. */
    bool throttled;
} hn_ctx_t;

/* --- the sources resolvers pass down (structs in the request's arena) --- */

typedef struct {
    long long id;
    str_t email, first_name, last_name;
    str_t date_joined; /* ISO 8601 as graphene's DateTime prints it */
    bool is_staff, is_active;
} hn_user_t;

typedef struct {
    long long id;
    str_t url, description;
    long long posted_by_id; /* 0: nobody */
} hn_link_t;

typedef struct {
    long long id, user_id, link_id;
} hn_vote_t;

/* A GraphQL JWT as tokenAuth and refreshToken return it. */
typedef struct {
    str_t token;
    str_t email;
    long long exp, orig_iat;
} hn_token_t;

/* --- jwt.c: django-graphql-jwt's tokens ---------------------------------- */

typedef enum {
    HN_JWT_OK = 0,
    HN_JWT_DECODE_ERROR, /* malformed, not HS256, bad signature: "Error decoding signature" */
    HN_JWT_EXPIRED,      /* "Signature has expired" */
    HN_JWT_BAD_PAYLOAD,  /* email, exp or origIat missing or mistyped: "Invalid payload" */
} hn_jwt_rc_t;

enum { HN_JWT_MAX_LEN = 4096 };

/* Signs {"email", "exp": now + GRAPHQL_JWT_EXPIRATION, "origIat"} with
 * SECRET_KEY into out. 0, or -1 when it does not fit or libjwt fails. */
int hn_jwt_issue(const char *email, long long orig_iat, time_t now, char *out, size_t cap,
                 long long *exp);
/* Checks the signature (HS256 only) and, when check_exp, exp > now. On OK
 * and on EXPIRED (signature good) fills *t, email in a. */
hn_jwt_rc_t hn_jwt_decode(arena_t *a, str_t token, time_t now, bool check_exp, hn_token_t *t);
/* graphql_jwt's words for rc. */
const char *hn_jwt_message(hn_jwt_rc_t rc);

/* --- load.c: batched loads (one query for all parents) ------------------- */

/* Each returns the rows in a (sorted by the column named), *n their count;
 * -1 after adding the error to every out[] of rv (and marking the context
 * unavailable when PostgreSQL is away). ids: n_ids values. */
int hn_load_users(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_user_t **rows,
                  size_t *n); /* by id */
int hn_load_links_by_id(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_link_t **rows,
                        size_t *n); /* by id */
int hn_load_links_by_poster(gql_resolve_t *rv, const long long *ids, size_t n_ids, hn_link_t **rows,
                            size_t *n); /* by posted_by_id, newest first */
int hn_load_votes_by(gql_resolve_t *rv, const char *column, const long long *ids, size_t n_ids,
                     hn_vote_t **rows, size_t *n); /* column: "link_id" or "user_id" */
/* Runs a prepared statement whose rows are users, links or votes; 0 or -1
 * as above. */
int hn_query_users(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
                   const char *const *params, hn_user_t **rows, size_t *n);
int hn_query_links(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
                   const char *const *params, hn_link_t **rows, size_t *n);
int hn_query_votes(gql_resolve_t *rv, const char *name, const char *sql, int nparams,
                   const char *const *params, hn_vote_t **rows, size_t *n);
/* The SELECT lists those expect. */
#define HN_USER_COLUMNS                                                                            \
    "u.id, u.email, u.first_name, u.last_name, "                                                   \
    "to_char(u.date_joined AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), "        \
    "u.is_staff, u.is_active"
#define HN_LINK_COLUMNS "l.id, l.url, l.description, coalesce(l.posted_by_id, 0)"
#define HN_VOTE_COLUMNS "v.id, v.user_id, v.link_id"
/* A database failure in a resolver: the error on every out[] and, when
 * PostgreSQL is away, ctx->unavailable. res may be NULL. Returns -1. */
int hn_db_failed(gql_resolve_t *rv, PGresult *res);
/* The process's connection, or NULL after hn_db_failed. */
PGconn *hn_db(gql_resolve_t *rv);

/* The decimal text of id, in a (pages of links print hundreds of ids:
 * no printf). */
str_t hn_id_text(arena_t *a, long long id);

/* Sets out[i] to the list of sources in rows (of size `size`) whose key
 * (the long long at key_off) equals want; rows sorted by that key. */
int hn_out_group(gql_resolve_t *rv, size_t i, const void *rows, size_t n, size_t size,
                 size_t key_off, long long want);
/* Sets out[i] to the source in rows whose key equals want, else null. */
void hn_out_one(gql_resolve_t *rv, size_t i, const void *rows, size_t n, size_t size,
                size_t key_off, long long want);

/* --- fields.c: scalar fields read from a source struct ------------------ */
int hn_bind_members(gql_schema_t *s);

/* --- queries.c, mutations.c, auth.c --------------------------------------- */
int hn_bind_relations(gql_schema_t *s); /* Link.postedBy, Vote.user, ... */
int hn_bind_mutations(gql_schema_t *s); /* createLink, createVote */
/* The caller a mutation acts as; NULL after adding to out[i] the error
 * anon_message (anonymous) or the CSRF failure (session without token). */
const user_t *hn_mutation_caller(gql_resolve_t *rv, size_t i, const char *anon_message);
/* The string argument name of a root field as a C string in the arena
 * ("" when absent), its length in *len; NULL after adding to out[0] the
 * error: a NUL inside (a C string, so the hash of a password or the text
 * PostgreSQL gets, would end there) or out of memory. */
const char *hn_text_arg(gql_resolve_t *rv, const char *name, size_t *len);
/* What createLink (and the admin's link form) accept: bytes. */
enum { HN_URL_MAX = 2048, HN_DESCRIPTION_MAX = 10000 };
/* http:// or https:// (any case), then a host, no spaces or controls, at
 * most HN_URL_MAX bytes. */
bool hn_url_valid(str_t url);

/* --- caller.c: who is calling (HTTP half) -------------------------------- */

/* Fills ctx->caller, csrf_ok, csrf_problem from the Authorization header
 * or the session cookie. 0, or -1 with the GraphQL error message in *why
 * and the HTTP status in *status (a bad token: 401, with the header
 * WWW-Authenticate naming the scheme it came in; Redis or PostgreSQL
 * down: 503). */
int hn_find_caller(http_req_t *r, hn_ctx_t *ctx, const char **why, int *status);

/* --- seed.c: worker-ctl seed-hn ------------------------------------------- */
/* A few users, links and votes for development; idempotent. Prints what it
 * did to out. 0, or -1 with err. */
int hn_seed(PGconn *c, FILE *out, char *err, size_t errlen);

/* The schema with every resolver bound, built once at start from the
 * SDL kept in lib/apps/hn/schema.graphql (compiled in). NULL after
 * printing the reason to stderr. */
gql_schema_t *hn_schema(void);

/* The SDL text compiled in from schema.graphql (schema_sdl.c, generated). */
extern const char hn_schema_sdl[];

/* Binds the resolvers of each half; 0 or -1. */
int hn_bind_data(
    gql_schema_t *s); /* Query.links/votes/users, Link.*, Vote.*, User.*, createLink, createVote */
int hn_bind_auth(gql_schema_t *s); /* currentUser, createUser, tokenAuth, verifyToken, refreshToken,
                                      their payload types */

/* routes.c: POST/GET /graphql/ */
int hn_routes(router_t *rt);
/* Those routes with their docs, which the api program lists in its API
 * document (openapi_build's extra) without serving them. */
extern const route_t hn_route_table[];
extern const size_t hn_route_table_len;

/* admin.c: links and votes in /admin/ (lib/admin/model.h). 0, or -1 when
 * the engine refuses a table. Needs accounts.user first. */
int hn_admin_register(void);

#endif
