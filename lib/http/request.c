#include "http/request.h"

#include <limits.h>
#include <fcgiapp.h>
#include <stdlib.h>

#include "core/json.h"
#include "core/settings.h"
#include "http/response.h"

str_t
http_param(http_req_t *r, const char *name)
{
    return str_from_cstr(FCGX_GetParam(name, r->fcgx->envp));
}

str_t
http_header(http_req_t *r, const char *name)
{
    char key[128];
    if (!http_header_param_name(name, key, sizeof(key)))
        return STR_NULL;
    return http_param(r, key);
}

/* Parses the query string once; one that cannot be parsed (or is not
 * text) reads as empty. Returns the parser's code. */
static int
query_parse_once(http_req_t *r)
{
    int rc = HTTP_PARSE_OK;

    if (!r->query_parsed_) {
        r->query_parsed_ = true;
        rc = http_query_parse(r->arena, r->query_string, &r->query_);
        if (rc != HTTP_PARSE_OK)
            r->query_ = (http_pairs_t){NULL, 0};
    }
    return rc;
}

str_t
http_query(http_req_t *r, const char *name, bool *found)
{
    query_parse_once(r);
    return http_pairs_get(&r->query_, name, found);
}

bool
http_input_is_text(http_req_t *r)
{
    return str_utf8_text(r->path) &&
           !(r->query_string.len && query_parse_once(r) == HTTP_PARSE_NOT_TEXT);
}

int
http_input_text_or_reply(http_req_t *r)
{
    if (!http_input_is_text(r)) {
        http_reply_detail(r, 400, HTTP_NOT_TEXT_DETAIL);
        return -1;
    }
    return 0;
}

str_t
http_cookie(http_req_t *r, const char *name)
{
    if (!r->cookies_parsed_) {
        r->cookies_parsed_ = true;
        if (http_cookies_parse(r->arena, http_param(r, "HTTP_COOKIE"), &r->cookies_) !=
            HTTP_PARSE_OK)
            r->cookies_ = (http_pairs_t){NULL, 0};
    }
    return http_pairs_get(&r->cookies_, name, NULL);
}

str_t
http_route_param(http_req_t *r, const char *name)
{
    return route_param(&r->params, name);
}

int
http_body_or_reply(http_req_t *r, str_t *body)
{
    if (r->body_read_) {
        *body = r->body_;
        return 0;
    }
    if (r->content_length > settings.max_body_size) {
        http_reply_detail(r, 413, "Request body exceeded settings.MAX_BODY_SIZE.");
        return -1;
    }
    size_t want = r->content_length > 0 ? (size_t)r->content_length : 0;
    char *data = arena_alloc(r->arena, want + 1);
    if (data == NULL) {
        http_reply_detail(r, 503, "Out of memory reading the request body.");
        return -1;
    }
    size_t got = 0;
    while (got < want) {
        int chunk = want - got > (1 << 20) ? (1 << 20) : (int)(want - got);
        int n = FCGX_GetStr(data + got, chunk, r->fcgx->in);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got != want) {
        http_reply_detail(r, 400, "The request body ended before Content-Length bytes.");
        return -1;
    }
    data[got] = '\0';
    r->body_ = (str_t){data, got};
    r->body_read_ = true;
    *body = r->body_;
    return 0;
}

/* Parses Content-Type and replies 415 unless its type is `want`. */
static int
media_type_or_reply(http_req_t *r, const char *want, http_media_type_t *mt)
{
    if (r->content_type.len == 0 ||
        http_media_type_parse(r->arena, r->content_type, mt) != HTTP_PARSE_OK ||
        !str_eq_cstr(mt->type, want)) {
        char detail[160];
        snprintf(detail, sizeof(detail), "Unsupported media type \"%.*s\" in request.",
                 r->content_type.len > 80 ? 80 : (int)r->content_type.len,
                 r->content_type.p ? r->content_type.p : "");
        http_reply_detail(r, 415, detail);
        return -1;
    }
    return 0;
}

int
http_json_or_reply(http_req_t *r, json_object **out)
{
    http_media_type_t mt;
    str_t body;
    const char *err = NULL;

    *out = NULL;
    if (media_type_or_reply(r, "application/json", &mt) != 0)
        return -1;
    if (http_body_or_reply(r, &body) != 0)
        return -1;
    if (http_json_parse(body, out, &err) != HTTP_PARSE_OK) {
        http_reply_detail(r, 400, err ? err : "JSON parse error");
        return -1;
    }
    if ((*out = json_own(r->arena, *out)) == NULL) {
        http_reply_detail(r, 503, "Out of memory reading the request body.");
        return -1;
    }
    return 0;
}

int
http_multipart_or_reply(http_req_t *r, http_parts_t *out)
{
    http_media_type_t mt;
    str_t body;

    if (media_type_or_reply(r, "multipart/form-data", &mt) != 0)
        return -1;
    str_t boundary = http_pairs_get(&mt.params, "boundary", NULL);
    if (boundary.len == 0) {
        http_reply_detail(r, 400,
                          "Multipart form parse error - Invalid boundary in multipart: None");
        return -1;
    }
    if (http_body_or_reply(r, &body) != 0)
        return -1;
    int rc = http_multipart_parse(r->arena, boundary, body, out);
    if (rc == HTTP_PARSE_NOMEM) {
        http_reply_detail(r, 503, "Out of memory reading the request body.");
        return -1;
    }
    if (rc == HTTP_PARSE_NOT_TEXT) {
        http_reply_detail(r, 400, HTTP_NOT_TEXT_DETAIL);
        return -1;
    }
    if (rc != HTTP_PARSE_OK) {
        http_reply_detail(r, 400, "Multipart form parse error - malformed body.");
        return -1;
    }
    return 0;
}

void
http_req_begin(http_req_t *r, struct FCGX_Request *fcgx)
{
    arena_t *arena = r->arena;
    buf_t *headers = r->headers, *out = r->out;

    buf_reset(headers);
    buf_reset(out);
    memset(r, 0, sizeof(*r));
    r->arena = arena;
    r->headers = headers;
    r->out = out;
    r->fcgx = fcgx;
    clock_gettime(CLOCK_MONOTONIC, &r->started);

    r->method = http_param(r, "REQUEST_METHOD");
    r->path = http_param(r, "DOCUMENT_URI");
    if (r->path.len == 0) {
        /* Not behind our nginx config: fall back to the raw URI's path. */
        str_t uri = http_param(r, "REQUEST_URI"), rest;
        str_split(uri, '?', &r->path, &rest);
    }
    r->query_string = http_param(r, "QUERY_STRING");
    r->content_type = http_param(r, "CONTENT_TYPE");
    r->request_id = http_param(r, "REQUEST_ID");
    r->remote_addr = http_param(r, "REMOTE_ADDR");
    long cl = -1;
    str_t cls = http_param(r, "CONTENT_LENGTH");
    if (cls.len && !str_to_long(cls, 0, LONG_MAX, &cl))
        cl = -1;
    r->content_length = cl;
}
