/* One SigV4-signed HTTP call with libcurl, as CloudWatch, ECS and S3 make
 * them: credentials from aws_credentials_get(), the Host header as curl
 * sends it, the headers sigv4 adds, http_client_defaults() (timeout, http
 * and https only, no redirects), and the answer into a capped buffer or the
 * caller's own sink. */
#ifndef AWS_SIGNED_CALL_H
#define AWS_SIGNED_CALL_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "aws/sigv4.h"
#include "core/buf.h"
#include "core/str.h"

enum { AWS_CALL_MAX_HEADERS = 4 };

typedef struct {
    const char *what;   /* starts every err: "CloudWatch PutMetricData", "S3 GET a.csv" */
    const char *method; /* "GET", "POST", "PUT", "DELETE", "HEAD" (no body either way) */
    const char *url;    /* as sent */
    /* NULL: the URL's own path and query are signed, normalized, as every
     * service but S3 wants. S3: its decoded key path ("/bucket/a b"); the
     * body's hash is then signed too (see sigv4.h). */
    const char *s3_path;
    const char *region;
    const char *service;         /* signing name: "monitoring", "ecs", "s3" */
    const aws_header_t *headers; /* signed and sent besides Host */
    size_t nheaders;             /* at most AWS_CALL_MAX_HEADERS */
    str_t body;                  /* sent unless the method is GET */
    long timeout_ms;
    const char *user_agent;
    /* Where the answer goes: *answer, refused past max_answer bytes ... */
    buf_t *answer;
    size_t max_answer;
    /* ... unless write is set: then write(..., write_data), and *handle
     * (when not NULL) is the handle while it runs, for a sink that asks
     * libcurl about the answer. why, when set, says why a transfer failed
     * when the sink knows better than libcurl (NULL to let libcurl say). */
    curl_write_callback write;
    void *write_data;
    CURL **handle;
    const char *(*why)(CURLcode res, void *write_data);
    /* When set, every header line of the answer goes to header(...,
     * header_data) (libcurl's CURLOPT_HEADERFUNCTION), as S3's HeadObject
     * answers in headers only. */
    curl_write_callback header;
    void *header_data;
} aws_call_t;

/* Signs and performs call. 0 when it was answered, the HTTP status in
 * *status (any status: the caller judges it); -1 with one line in err:
 * no credentials, "<what>: more than N headers", "<what>: bad endpoint
 * <url>", "<what>: could not sign the request", "<what>: out of memory", "<what>: <host> did not
 * answer in N ms",
 * "<what>: <host>: <reason>". */
int aws_signed_call(const aws_call_t *call, long *status, char *err, size_t errlen);

/* Appends to host the Host header curl sends for url (the port only when
 * not the scheme's default; never a user or password); with path and
 * query not NULL, also gives the URL's path ("/" when empty) and query
 * (NULL when it has none; never the #fragment), which the caller
 * curl_free()s. Out of memory shows in host->failed. -1, host untouched,
 * when url is not an http or https URL with a host, as libcurl reads it. */
int aws_url_host(const char *url, buf_t *host, char **path, char **query);

#endif
