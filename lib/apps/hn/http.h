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

#endif
