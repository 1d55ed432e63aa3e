/* One HTTP request as the FastCGI server hands it to a handler. Everything
 * read from the client lives in r->arena and is gone after the response.
 * Handlers return the HTTP status they produced (see response.h). */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <json-c/json.h>
#include <stdbool.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "http/pairs.h"
#include "http/parse.h"
#include "http/router.h"

struct FCGX_Request;

struct http_req {
    arena_t *arena;
    struct FCGX_Request *fcgx;

    str_t method;
    str_t path; /* DOCUMENT_URI: decoded and normalized by nginx */
    str_t query_string;
    str_t content_type;
    str_t request_id;
    str_t remote_addr;
    long content_length; /* -1 when absent */
    route_params_t params;

    /* Lazily parsed; use the accessors below. */
    http_pairs_t query_;
    bool query_parsed_;
    http_pairs_t cookies_;
    bool cookies_parsed_;
    str_t body_;
    bool body_read_;

    /* Response under construction (response.h). */
    int status;
    bool replied;
    const char *reply_type; /* Content-Type, NULL: JSON */
    buf_t *headers;         /* extra "Name: value\r\n" lines */
    buf_t *out;             /* body */
    bool streamed;          /* body already written to the client */

    void *user; /* the authenticated user, set by lib/auth */
    struct timespec started;
};

/* A FastCGI parameter by name (REQUEST_METHOD, HTTP_COOKIE, ...). */
str_t http_param(http_req_t *r, const char *name);

/* A request header by its HTTP name ("X-CSRFToken"), STR_NULL when absent. */
str_t http_header(http_req_t *r, const char *name);

/* A query-string value; *found (may be NULL) tells an empty value from none.
 * A query string that cannot be parsed reads as empty. */
str_t http_query(http_req_t *r, const char *name, bool *found);

/* A cookie value, STR_NULL when absent. */
str_t http_cookie(http_req_t *r, const char *name);

/* The route parameter <name>. */
str_t http_route_param(http_req_t *r, const char *name);

/* The raw body, read once. Replies 413 past MAX_BODY_SIZE and 400 on a
 * short read; returns -1 then (the handler returns r->status). */
int http_body_or_reply(http_req_t *r, str_t *body);

/* A JSON object body: 415 unless Content-Type is application/json, 400
 * with DRF's "JSON parse error - ..." when it does not parse. *out belongs
 * to r->arena (put at its reset). Returns -1 after replying. */
int http_json_or_reply(http_req_t *r, json_object **out);

/* multipart/form-data body: 415 for another type, 400 when malformed. */
int http_multipart_or_reply(http_req_t *r, http_parts_t *out);

/* The detail of the 400 for request data that is not UTF-8 text. */
#define HTTP_NOT_TEXT_DETAIL "Request data must be UTF-8 text without NUL characters."

/* Before routing: 400 unless the path (as nginx decoded it) and every query
 * name and value (decoded) are UTF-8 text (str_utf8_text), so no handler
 * can pass PostgreSQL bytes it refuses or libpq would cut at a NUL. Parses
 * the query string once, here, for http_query. Cookies and bodies are
 * checked by their parsers (parse.h). Returns -1 after replying. */
int http_input_text_or_reply(http_req_t *r);
/* The same check without the reply. */
bool http_input_is_text(http_req_t *r);

/* Per-request setup, used by lib/server, which resets r->arena after each
 * response (running the cleanups handlers registered). */
void http_req_begin(http_req_t *r, struct FCGX_Request *fcgx);

#endif
