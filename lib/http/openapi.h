/* The API document (GET /api/schema/, OpenAPI 3.1) is generated from the
 * route tables: each route_t of the api program carries a route_doc_t, and
 * the JSON shapes it names are JSON Schemas in its app's schemas.json
 * (lib/apps/<app>/schemas.json, compiled in by Makefile.am). Nothing about a
 * path is written anywhere else, so the document cannot drift from the
 * routes; the contract test (t/contract/) checks every response the
 * integration tests receive against it.
 *
 * A route's doc declares its success responses and the errors that are
 * particular to it; the generator adds the errors every route of its kind
 * can answer (see openapi_build), with the shapes of SPEC.md:
 *   400 BadRequest                 every route (nginx and the request checks
 *                                  refuse a bad Host, path or encoding anywhere)
 *   401 Error + WWW-Authenticate   auth USER, STAFF
 *   403 Error                      auth STAFF (not staff; CSRF), auth USER on
 *                                  an unsafe method (a session without CSRF)
 *   404 Error                      a path parameter
 *   405 Error + Allow              every route (another method on its path)
 *   413 Error, 415 Error           a request body
 *   414 Error                      every route (nginx: the URL is too long)
 *   429 Error + Retry-After        ROUTE_DOC_THROTTLED
 *   503 Error                      every route: PostgreSQL or Redis down, or
 *                                  with ROUTE_DOC_NO_DEPENDENCIES only the
 *                                  program behind nginx
 * OPTIONS on any path answers components.responses.Options (Allow, {}).
 * A status the route lists itself replaces the generic one; a 401 always
 * declares WWW-Authenticate (http_finish adds it to every 401). */
#ifndef HTTP_OPENAPI_H
#define HTTP_OPENAPI_H

#include <stdbool.h>

#include "core/buf.h"
#include "http/router.h"

typedef enum {
    ROUTE_AUTH_NONE = 0, /* anyone */
    ROUTE_AUTH_USER,     /* Bearer JWT, or the session cookie (+ X-CSRFToken on unsafe methods) */
    ROUTE_AUTH_STAFF,    /* as USER, and is_staff */
    ROUTE_AUTH_OPTIONAL, /* anyone; a Bearer JWT or session, when given, identifies the caller */
    ROUTE_AUTH_CSRF,     /* anyone, with the csrftoken cookie and a matching X-CSRFToken header */
    ROUTE_AUTH_TOKEN,    /* a shared secret in the body (celery_metrics_token) */
} route_auth_t;

enum {
    ROUTE_DOC_THROTTLED = 1 << 0,       /* may answer 429 with Retry-After */
    ROUTE_DOC_NO_DEPENDENCIES = 1 << 1, /* touches neither PostgreSQL nor Redis */
    ROUTE_DOC_DEBUG_ONLY = 1 << 2,      /* routed only when DEBUG is on */
    ROUTE_DOC_BODY_OPTIONAL = 1 << 3,   /* the request body may be left out */
    ROUTE_DOC_ANY_HOST = 1 << 4,        /* answers whatever the Host (health checks) */
};

/* A query parameter (path parameters come from the pattern). */
typedef struct {
    const char *name;
    /* "string", "integer", "number", "boolean", "date" (YYYY-MM-DD), or
     * "enum:a|b|c" (a string, one of those). */
    const char *type;
    const char *description;
    bool required;
} route_param_doc_t;

typedef struct {
    int status; /* 0 ends a list */
    /* A schema name of a schemas.json ("TokenPair"), or NULL: no body. */
    const char *schema;
    const char *description;
    /* NULL: "application/json"; else e.g. "text/csv" (then schema may be NULL). */
    const char *media_type;
} route_response_doc_t;

struct route_doc {
    /* NULL when the route is not part of the API document (a file under
     * /media/, nginx's internal subrequests): then why says why. */
    const char *summary;
    const char *why;         /* required when summary is NULL */
    const char *description; /* Markdown, may be NULL */
    /* One of auth, users, social, banking, tasks, graphql, core, debug, health,
     * schema (openapi_tags in lib/http/openapi.c, which describes each). */
    const char *tag;
    route_auth_t auth;
    unsigned flags; /* ROUTE_DOC_* */
    /* The request body: a schema name, NULL for none. */
    const char *request_schema;
    const char *request_media_type;        /* NULL: "application/json" */
    const route_param_doc_t *query;        /* {0}-terminated, NULL: none */
    const route_response_doc_t *responses; /* {0}-terminated; at least the success */
};

/* Builds the document from every route of rt that has a doc with a summary,
 * then from extra (routes served by another program, /graphql/, listed for
 * reference), with the schemas of every app. Before the workers fork.
 * Returns -1 with a one-line reason in err for a doc that cannot be right:
 * a schema name that no schemas.json defines, a malformed schemas.json, a
 * duplicate schema name, a status listed twice. Otherwise returns how many
 * routes have no doc at all and were left out (0 when the document is
 * complete; err then names the first): a missing doc is a failed unit test
 * (t/unit/openapi_test.c) and contract test, not a reason to stop serving. */
int openapi_build(const router_t *rt, const route_t *extra, size_t n_extra, char *err,
                  size_t errlen);

/* The document built last, as JSON or YAML; NULL before openapi_build. */
const char *openapi_json(void);
const char *openapi_yaml(void);

/* The compiled-in schemas.json texts (lib/apps/openapi_schemas.c, generated). */
extern const char *const openapi_schema_files[];
extern const char *const openapi_schema_file_names[];

#endif
