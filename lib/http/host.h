/* Django's ALLOWED_HOSTS check, shared by the FastCGI programs (the Host
 * header) and wsd (the Host header and the browser's Origin). */
#ifndef HTTP_HOST_H
#define HTTP_HOST_H

#include <stdbool.h>

#include "core/str.h"

/* Whether host ("name", "name:port", "[v6]:port") is in ALLOWED_HOSTS:
 * `*` allows any, `.example.com` the domain and its subdomains, anything
 * else the name itself, case-insensitively; the port never counts. */
bool http_host_allowed(str_t host);

/* Whether an Origin header ("scheme://host[:port]", nothing after) names an
 * allowed host. An absent or empty origin, "null", or one that is not
 * http(s) is allowed only when ALLOWED_HOSTS has `*` (Channels'
 * AllowedHostsOriginValidator). */
bool http_origin_allowed(str_t origin);

#endif
