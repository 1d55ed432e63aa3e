/* The HTTP half's own parts (request.c, routes.c): what a GraphQL request
 * carries, and its error replies. */
#ifndef APPS_HN_HTTP_H
#define APPS_HN_HTTP_H

#include <json-c/json.h>

#include "apps/hn/hn.h"

typedef struct {
    str_t query;
    json_object *variables; /* NULL: none */
    str_t operation_name;   /* empty: the only operation */
} hn_gql_request_t;

/* {"errors": [{"message": message}]} with status; returns status. */
int hn_errors_reply(http_req_t *r, int status, const char *message);

/* The request's query, variables and operationName; -1 after replying
 * (400 malformed JSON or missing query, 413, 415). */
int hn_read_post(http_req_t *r, hn_gql_request_t *q);
int hn_read_get(http_req_t *r, hn_gql_request_t *q);

/* --- cache.c: answers to queries, per worker, until a write commits ----- */

/* Listens for hn_changed; call once at start (before the workers fork). */
int hn_cache_init(void);
/* The generation to tag an answer with, read before executing (0: the
 * cache is off: no hit, nothing kept). */
unsigned long hn_cache_generation(void);
/* What tells one answer from another: caller, operation name, variables
 * and the document's text. STR_NULL when out of memory. */
str_t hn_cache_key(http_req_t *r, const hn_gql_request_t *q, const hn_ctx_t *ctx);
/* On a hit, r->out is the answer and true is returned. */
bool hn_cache_get(http_req_t *r, str_t key, unsigned long generation);
/* Keeps body (a 200 without errors) under the generation read before it. */
void hn_cache_put(str_t key, const buf_t *body, unsigned long generation);

#endif
