#include "http/response.h"

#include <fcgiapp.h>
#include <stdio.h>
#include <string.h>

const char *
http_reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Request Entity Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

/* DRF's wording for a bare status. */
static const char *
default_detail(int status)
{
    switch (status) {
    case 400:
        return "Bad request.";
    case 401:
        return "Authentication credentials were not provided.";
    case 403:
        return "You do not have permission to perform this action.";
    case 404:
        return "Not found.";
    case 405:
        return "Method not allowed.";
    case 413:
        return "Request body too large.";
    case 415:
        return "Unsupported media type in request.";
    case 429:
        return "Request was throttled.";
    case 503:
        return "Service temporarily unavailable.";
    default:
        return "A server error occurred.";
    }
}

int
http_json(http_req_t *r, int status)
{
    r->status = status;
    r->replied = true;
    r->reply_type = NULL;
    return status;
}

int
http_reply(http_req_t *r, int status, const char *content_type, str_t body)
{
    buf_reset(r->out);
    buf_str(r->out, body);
    r->status = status;
    r->replied = true;
    r->reply_type = content_type;
    return status;
}

int
http_reply_detail(http_req_t *r, int status, const char *detail)
{
    buf_reset(r->out);
    buf_puts(r->out, "{\"detail\":");
    buf_json_cstr(r->out, detail);
    buf_putc(r->out, '}');
    return http_json(r, status);
}

void
http_add_header(http_req_t *r, const char *name, const char *value)
{
    /* A header value must never carry a line break: it would split the response. */
    buf_puts(r->headers, name);
    buf_puts(r->headers, ": ");
    for (const char *p = value; *p; p++)
        buf_putc(r->headers, (*p == '\r' || *p == '\n') ? ' ' : *p);
    buf_puts(r->headers, "\r\n");
}

void
http_set_cookie(http_req_t *r, const char *name, str_t value, const char *attributes)
{
    buf_printf(r->headers, "Set-Cookie: %s=", name);
    for (size_t i = 0; i < value.len; i++) {
        char c = value.p[i];
        buf_putc(r->headers, (c == '\r' || c == '\n' || c == ';') ? '_' : c);
    }
    if (attributes && *attributes)
        buf_printf(r->headers, "; %s", attributes);
    buf_puts(r->headers, "\r\n");
}

static void
write_head(http_req_t *r, int status, const char *content_type, long content_length)
{
    char line[256];
    FCGX_Stream *o = r->fcgx->out;
    int n = snprintf(line, sizeof(line), "Status: %d %s\r\nContent-Type: %s\r\n", status,
                     http_reason(status), content_type);
    FCGX_PutStr(line, n, o);
    if (content_length >= 0) {
        n = snprintf(line, sizeof(line), "Content-Length: %ld\r\n", content_length);
        FCGX_PutStr(line, n, o);
    }
    if (r->request_id.len && r->request_id.len < 128) {
        n = snprintf(line, sizeof(line), "X-Request-ID: %.*s\r\n", STR_FMT(r->request_id));
        FCGX_PutStr(line, n, o);
    }
    if (r->headers->len)
        FCGX_PutStr(r->headers->data, (int)r->headers->len, o);
    FCGX_PutStr("\r\n", 2, o);
}

int
http_stream_begin(http_req_t *r, int status, const char *content_type)
{
    r->status = status;
    r->replied = true;
    r->streamed = true;
    write_head(r, status, content_type, -1);
    return status;
}

int
http_stream_write(http_req_t *r, const void *data, size_t len)
{
    while (len > 0) {
        int chunk = len > (1 << 20) ? (1 << 20) : (int)len;
        if (FCGX_PutStr(data, chunk, r->fcgx->out) != chunk)
            return -1;
        data = (const char *)data + chunk;
        len -= (size_t)chunk;
    }
    return 0;
}

size_t
http_finish(http_req_t *r, int status)
{
    if (r->streamed)
        return 0;
    if (status < 100 || status > 599)
        status = 500;
    if (!r->replied || r->status != status || r->out->failed) {
        /* A bare status, or a handler that bailed out after writing: replace the body. */
        bool oom = r->out->failed;
        if (oom)
            status = 503;
        buf_reset(r->headers);
        http_reply_detail(r, status, oom ? "Out of memory." : default_detail(status));
    }
    if (status == 401 && strstr(buf_cstr(r->headers), "WWW-Authenticate:") == NULL)
        http_add_header(r, "WWW-Authenticate", "Bearer realm=\"api\"");
    const char *type = r->reply_type ? r->reply_type : "application/json";
    bool head = str_eq_cstr(r->method, "HEAD");
    bool no_body = status == 204 || status == 304;
    write_head(r, status, type, no_body ? -1 : (long)r->out->len);
    if (!head && !no_body && r->out->len)
        FCGX_PutStr(r->out->data, (int)r->out->len, r->fcgx->out);
    r->status = status;
    return no_body ? 0 : r->out->len;
}
