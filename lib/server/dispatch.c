/* One FastCGI request, from the host check to the access log line. */
#include "server/serve.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"

/* The host check (Django's ALLOWED_HOSTS). */
static bool
host_allowed(str_t host)
{
    str_t name = host, port;
    if (host.len && host.p[0] == '[') { /* [::1]:8080 */
        const char *end = memchr(host.p, ']', host.len);
        name.len = end ? (size_t)(end - host.p) + 1 : host.len;
    } else {
        str_split(host, ':', &name, &port);
    }
    str_t list = str_from_cstr(settings.allowed_hosts), item;
    while (list.len) {
        str_split(list, ',', &item, &list);
        item = str_trim(item);
        if (str_eq_cstr(item, "*"))
            return true;
        if (item.len && item.p[0] == '.') {
            str_t bare = {item.p + 1, item.len - 1};
            if (name.len == bare.len
                    ? strncasecmp(name.p, bare.p, bare.len) == 0
                    : name.len > item.len &&
                          strncasecmp(name.p + name.len - item.len, item.p, item.len) == 0)
                return true;
        } else if (item.len == name.len && item.len && strncasecmp(item.p, name.p, item.len) == 0) {
            return true;
        }
    }
    return false;
}

static int
dispatch(const server_t *srv, http_req_t *r)
{
    const route_t *route = NULL;
    char allow[128], detail[96];

    if (!host_allowed(http_param(r, "HTTP_HOST")))
        return http_reply_detail(r, 400, "Invalid HTTP_HOST header.");
    if (http_input_text_or_reply(r) != 0)
        return r->status;
    switch (
        router_match(srv->router, r->method, r->path, &route, &r->params, allow, sizeof(allow))) {
    case ROUTE_FOUND:
        return route->handler(r);
    case ROUTE_METHOD_NOT_ALLOWED:
        http_add_header(r, "Allow", allow);
        if (str_eq_cstr(r->method, "OPTIONS")) {
            buf_puts(r->out, "{}");
            return http_json(r, 200);
        }
        snprintf(detail, sizeof(detail), "Method \"%.*s\" not allowed.",
                 r->method.len > 16 ? 16 : (int)r->method.len, r->method.p ? r->method.p : "");
        return http_reply_detail(r, 405, detail);
    case ROUTE_NOT_FOUND:
    default:
        return http_reply_detail(r, 404, "Not found.");
    }
}

void
serve_request(const server_t *srv, http_req_t *r, FCGX_Request *fcgx)
{
    struct timespec done;

    http_req_begin(r, fcgx);
    int status = dispatch(srv, r);
    size_t bytes = http_finish(r, status);
    clock_gettime(CLOCK_MONOTONIC, &done);
    log_access(&(log_access_t){
        .request_id = r->request_id,
        .method = r->method,
        .path = r->path,
        .remote_addr = r->remote_addr,
        .user_agent = http_param(r, "HTTP_USER_AGENT"),
        .status = r->status,
        .bytes = bytes,
        .duration_ms = (double)(done.tv_sec - r->started.tv_sec) * 1e3 +
                       (double)(done.tv_nsec - r->started.tv_nsec) / 1e6,
    });
    /* The request's memory, and what its handler handed to the arena (json-c
     * objects, PGresults, buffers), goes now, not when the next one comes. */
    arena_reset(r->arena);
}
