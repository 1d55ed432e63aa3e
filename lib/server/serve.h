/* Inside a FastCGI program's child (see server.h). */
#ifndef SERVER_SERVE_H
#define SERVER_SERVE_H

#include <fcgiapp.h>

#include "http/request.h"
#include "server/server.h"

/* The child: serves requests on listen_fd until SIGTERM, then answers what
 * already arrived on kept connections. Returns the exit status. */
int serve_child(const server_t *srv, int listen_fd);

/* One request: the host check, the route, the response, the access log. */
void serve_request(const server_t *srv, http_req_t *r, FCGX_Request *fcgx);

#endif
