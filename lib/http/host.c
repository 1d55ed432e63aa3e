/* The ALLOWED_HOSTS check (host.h). */
#include "http/host.h"

#include <string.h>
#include <strings.h>

#include "core/settings.h"

static bool
any_host_allowed(void)
{
    str_t list = str_from_cstr(settings.allowed_hosts), item;
    while (list.len) {
        str_split(list, ',', &item, &list);
        if (str_eq_cstr(str_trim(item), "*"))
            return true;
    }
    return false;
}

bool
http_host_allowed(str_t host)
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

bool
http_origin_allowed(str_t origin)
{
    static const char *const schemes[] = {"http://", "https://"};
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        size_t n = strlen(schemes[i]);
        if (origin.len <= n || strncasecmp(origin.p, schemes[i], n) != 0)
            continue;
        str_t host = {origin.p + n, origin.len - n};
        /* An origin is scheme://host[:port]: no path, user or query. */
        for (size_t k = 0; k < host.len; k++)
            if (strchr("/@?#\\ ", host.p[k]) || (unsigned char)host.p[k] < 0x21)
                return any_host_allowed();
        return http_host_allowed(host);
    }
    return any_host_allowed();
}
