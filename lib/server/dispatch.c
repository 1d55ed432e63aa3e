/* One FastCGI request, from the host check to the access log line. */
#include "server/serve.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/settings.h"
#include "http/host.h"
#include "http/openapi.h"
#include "http/response.h"

/* The dispatcher's refusals in the program's shape (an HTML page for the admin). */
static int
refuse(const server_t *srv, http_req_t *r, int status, const char *detail)
{
    if (srv->refuse != NULL)
        return srv->refuse(r, status, detail);
    return http_reply_detail(r, status, detail);
}

static int
dispatch(const server_t *srv, http_req_t *r)
{
    const route_t *route = NULL;
    char allow[128], detail[96];

    /* nginx's auth_request for /ws/ carries the handshake's Host, which wsd
     * checks and refuses with its own 400 (an error here would be nginx's
     * 500). Only nginx's configuration can set this parameter; a client's
     * headers all arrive as HTTP_*. */
    bool host_checked_later = str_eq_cstr(http_param(r, "WS_AUTH_SUBREQUEST"), "1");
    route_rc_t match =
        router_match(srv->router, r->method, r->path, &route, &r->params, allow, sizeof(allow));
    /* Health checks (an ALB's, a kubelet's) send the target's IP as Host,
     * which no ALLOWED_HOSTS lists; those routes answer whatever the Host. */
    bool any_host =
        match == ROUTE_FOUND && route->doc != NULL && (route->doc->flags & ROUTE_DOC_ANY_HOST);
    if (!host_checked_later && !any_host && !http_host_allowed(http_param(r, "HTTP_HOST")))
        return refuse(srv, r, 400, "Invalid HTTP_HOST header.");
    if (!http_input_is_text(r))
        return refuse(srv, r, 400, HTTP_NOT_TEXT_DETAIL);
    switch (match) {
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
        return refuse(srv, r, 405, detail);
    case ROUTE_NOT_FOUND:
    default:
        return refuse(srv, r, 404, "Not found.");
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
