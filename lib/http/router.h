/* Method + path routing with named parameters, like Django's path():
 * "/api/social/<backend>/" matches "/api/social/github/" with backend=github.
 * A parameter matches one non-empty path segment (no '/'). A pattern ending
 * in "<path:name>" matches the rest of the path, slashes included. */
#ifndef HTTP_ROUTER_H
#define HTTP_ROUTER_H

#include "core/str.h"

enum { ROUTER_MAX_PARAMS = 8, ROUTER_MAX_ROUTES = 256 };

typedef struct http_req http_req_t;
typedef int (*http_handler_fn)(http_req_t *r);
typedef struct route_doc route_doc_t; /* http/openapi.h */

typedef struct {
    const char *method;  /* "GET", "POST", ... ; "*" any */
    const char *pattern; /* "/api/users/<id>/" */
    http_handler_fn handler;
    /* What /api/schema/ says of it (http/openapi.h); NULL in programs whose
     * routes are not part of the API document (admin, flower). */
    const route_doc_t *doc;
} route_t;

typedef struct {
    route_t routes[ROUTER_MAX_ROUTES];
    size_t len;
} router_t;

typedef struct {
    str_t names[ROUTER_MAX_PARAMS];
    str_t values[ROUTER_MAX_PARAMS];
    size_t len;
} route_params_t;

typedef enum {
    ROUTE_FOUND = 0,
    ROUTE_NOT_FOUND = 1,
    ROUTE_METHOD_NOT_ALLOWED = 2,
} route_rc_t;

void router_init(router_t *rt);

/* Returns -1 when the table is full, an argument is NULL (or the method
 * empty) or the pattern is malformed (unbalanced '<', empty name, more
 * than ROUTER_MAX_PARAMS parameters). */
int router_add(router_t *rt, const char *method, const char *pattern, http_handler_fn handler);

/* Adds a table of routes in order, as an app's routes.c declares them.
 * Returns -1 when one is refused (the ones before it stay added) or
 * routes is NULL with n > 0. */
int router_add_all(router_t *rt, const route_t *routes, size_t n);

#define ROUTES_LEN(table) (sizeof(table) / sizeof((table)[0]))

/* On ROUTE_FOUND sets *route and params (values point into path). On
 * ROUTE_METHOD_NOT_ALLOWED writes the allowed methods, comma-separated
 * ("GET, HEAD, POST"; HEAD is implied by GET; OPTIONS always listed) into
 * allow. A GET route also answers HEAD. */
route_rc_t router_match(const router_t *rt, str_t method, str_t path, const route_t **route,
                        route_params_t *params, char *allow, size_t allowlen);

/* Value of a matched parameter, STR_NULL when absent. */
str_t route_param(const route_params_t *params, const char *name);

#endif
