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

#include "apps/accounts/accounts.h"
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
} hn_ctx_t;

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

#endif
