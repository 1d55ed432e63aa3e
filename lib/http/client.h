/* Small pieces every libcurl caller here needs (social login, AWS): a
 * write callback that keeps at most `max` bytes of an answer, and request
 * headers that can never carry a line break. */
#ifndef HTTP_CLIENT_H
#define HTTP_CLIENT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

typedef struct {
    buf_t *body;
    size_t max;   /* answers longer than this are refused */
    bool refused; /* over max, or out of memory */
} http_sink_t;

/* CURLOPT_WRITEFUNCTION with CURLOPT_WRITEDATA an http_sink_t. */
size_t http_sink_write(char *data, size_t size, size_t nmemb, void *sink);

/* Appends "name: value"; false (list unchanged) on out-of-memory or a
 * line break in either part. */
bool http_header_append(struct curl_slist **list, const char *name, const char *value);

/* The options every outside call here uses: no signals (the workers own
 * them), a whole-call timeout, http and https only, no redirects. */
void http_client_defaults(CURL *c, long timeout_ms);

/* vsnprintf into err when there is one: the one-line reasons clients give. */
void http_client_error(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
