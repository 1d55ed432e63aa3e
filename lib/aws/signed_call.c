/* The signed call shared by CloudWatch, ECS and S3 (see signed_call.h).
 * The libcurl safeguards themselves live in http/client.c; this file only
 * puts them together. */
#include "aws/signed_call.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aws/credentials.h"
#include "http/client.h"

int
aws_url_host(const char *url, buf_t *host_header, char **path, char **query)
{
    int rc = -1;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;

    if (path != NULL)
        *path = NULL;
    if (query != NULL)
        *query = NULL;
    if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        (path != NULL && curl_url_get(u, CURLUPART_PATH, path, 0) != CURLUE_OK))
        goto fail;
    if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
        port = NULL;
    if (query != NULL && curl_url_get(u, CURLUPART_QUERY, query, 0) != CURLUE_OK)
        *query = NULL;
    buf_puts(host_header, host);
    if (port != NULL && strcmp(port, strcmp(scheme, "https") == 0 ? "443" : "80") != 0)
        buf_printf(host_header, ":%s", port);
    rc = 0;

fail:
    if (rc != 0 && path != NULL) {
        curl_free(*path);
        *path = NULL;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

/* Appends to *list the headers that were signed, the ones signing added
 * (X-Amz-Date, Authorization, ...), and "Expect:" so a body does not wait
 * for a 100-continue round trip. false when out of memory or a value holds
 * a line break (http_header_append refuses it). */
static bool
curl_header_list(const aws_header_t *signed_headers, size_t n, const sigv4_out_t *sig,
                 struct curl_slist **list)
{
    struct curl_slist *l;

    for (size_t i = 0; i < n; i++)
        if (!http_header_append(list, signed_headers[i].name, signed_headers[i].value))
            return false;
    for (size_t i = 0; i < sig->nadd; i++)
        if (!http_header_append(list, sig->add[i].name, sig->add[i].value))
            return false;
    if ((l = curl_slist_append(*list, "Expect:")) == NULL)
        return false;
    *list = l;
    return true;
}

/* The header list to send: Host and the call's headers, signed, then what
 * signing added. -1 with err when it cannot be made. */
static int
call_headers(const aws_call_t *call, const aws_creds_t *creds, const char *host, const char *path,
             const char *query, struct curl_slist **list, char *err, size_t errlen)
{
    aws_header_t signed_headers[AWS_CALL_MAX_HEADERS + 1] = {{"Host", host}};
    bool s3 = call->s3_path != NULL;
    sigv4_out_t sig;
    int rc = -1;

    for (size_t i = 0; i < call->nheaders; i++)
        signed_headers[i + 1] = call->headers[i];
    aws_request_t req = {call->method,   s3 ? call->s3_path : path, query ? query : "",
                         signed_headers, call->nheaders + 1,        call->body.p,
                         call->body.len};
    sigv4_params_t params = {.region = call->region,
                             .service = call->service,
                             .now = time(NULL),
                             .normalize_path = !s3,
                             .sign_body = s3};
    sigv4_out_init(&sig);
    if (sigv4_sign_headers(&req, creds, &params, &sig) != 0)
        http_client_error(err, errlen, "%s: could not sign the request", call->what);
    else if (!curl_header_list(signed_headers, call->nheaders + 1, &sig, list))
        http_client_error(err, errlen, "%s: out of memory", call->what);
    else
        rc = 0;
    sigv4_out_free(&sig);
    return rc;
}

/* Performs the call with its signed headers; -1 with err when no answer. */
static int
call_perform(const aws_call_t *call, struct curl_slist *headers, const char *host, long *status,
             char *err, size_t errlen)
{
    http_sink_t sink = {call->answer, call->max_answer, false};
    CURL *c = curl_easy_init();
    CURLcode res;
    const char *why = NULL;

    if (c == NULL) {
        http_client_error(err, errlen, "%s: out of memory", call->what);
        return -1;
    }
    curl_easy_setopt(c, CURLOPT_URL, call->url);
    http_client_defaults(c, call->timeout_ms);
    curl_easy_setopt(c, CURLOPT_USERAGENT, call->user_agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (strcmp(call->method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else if (strcmp(call->method, "GET") != 0) {
        if (strcmp(call->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call->method);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, call->body.p ? call->body.p : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)call->body.len);
    }
    if (call->write != NULL) {
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, call->write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, call->write_data);
        if (call->handle != NULL)
            *call->handle = c;
    } else {
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)call->max_answer);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_sink_write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    }
    if (call->header != NULL) {
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, call->header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, call->header_data);
    }
    res = curl_easy_perform(c);
    if (res == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(c);
    if (call->handle != NULL)
        *call->handle = NULL;
    if (res == CURLE_OK)
        return 0;
    if (res == CURLE_OPERATION_TIMEDOUT) {
        http_client_error(err, errlen, "%s: %s did not answer in %ld ms", call->what, host,
                          call->timeout_ms);
        return -1;
    }
    if (call->why != NULL)
        why = call->why(res, call->write_data);
    else if (sink.refused || res == CURLE_FILESIZE_EXCEEDED)
        why = "answer too large";
    http_client_error(err, errlen, "%s: %s: %s", call->what, host,
                      why != NULL ? why : curl_easy_strerror(res));
    return -1;
}

int
aws_signed_call(const aws_call_t *call, long *status, char *err, size_t errlen)
{
    int rc = -1;
    aws_creds_t creds;
    buf_t host;
    char *path = NULL, *query = NULL;
    struct curl_slist *headers = NULL;
    bool s3 = call->s3_path != NULL;

    *status = 0;
    buf_init(&host);
    if (call->nheaders > AWS_CALL_MAX_HEADERS) {
        http_client_error(err, errlen, "%s: more than %d headers", call->what,
                          AWS_CALL_MAX_HEADERS);
        goto fail;
    }
    if (aws_credentials_get(&creds, err, errlen) != 0)
        goto fail;
    if (aws_url_host(call->url, &host, s3 ? NULL : &path, s3 ? NULL : &query) != 0) {
        http_client_error(err, errlen, "%s: bad endpoint %s", call->what, call->url);
        goto fail;
    }
    if (host.failed) {
        http_client_error(err, errlen, "%s: out of memory", call->what);
        goto fail;
    }
    if (call_headers(call, &creds, buf_cstr(&host), path, query, &headers, err, errlen) != 0)
        goto fail;
    rc = call_perform(call, headers, buf_cstr(&host), status, err, errlen);

fail:
    curl_slist_free_all(headers);
    curl_free(path);
    curl_free(query);
    buf_free(&host);
    return rc;
}
