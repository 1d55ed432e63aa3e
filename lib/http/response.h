/* Building a response. A handler writes its body into r->out (usually JSON
 * printed straight in with buf_*), then returns http_json(r, status). One
 * place, http_finish(), turns the status into bytes on the wire, so a
 * handler that fails halfway never leaves a partial body: it returns an
 * error status and the server replaces whatever was in r->out. */
#ifndef HTTP_RESPONSE_H
#define HTTP_RESPONSE_H

#include "http/request.h"

/* Marks r->out as the JSON reply with this status; returns status. */
int http_json(http_req_t *r, int status);

/* Replaces r->out with a body of another type; returns status. */
int http_reply(http_req_t *r, int status, const char *content_type, str_t body);

/* {"detail": "..."} with status, DRF's error shape. */
int http_reply_detail(http_req_t *r, int status, const char *detail);

/* Adds a response header. */
void http_add_header(http_req_t *r, const char *name, const char *value);

/* Set-Cookie with the given attributes ("Path=/; HttpOnly; SameSite=Lax"). */
void http_set_cookie(http_req_t *r, const char *name, str_t value, const char *attributes);

/* Writes headers now and streams the body with http_stream_write(); for
 * large responses (CSV export). After this the status cannot change. */
int http_stream_begin(http_req_t *r, int status, const char *content_type);
int http_stream_write(http_req_t *r, const void *data, size_t len);

/* The standard reason phrase ("Not Found"). */
const char *http_reason(int status);

/* Sends what the handler left (or a default body for a bare status) and
 * returns the number of body bytes written. Called by lib/server only. */
size_t http_finish(http_req_t *r, int status);

#endif
