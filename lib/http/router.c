#include "http/router.h"

#include <stdio.h>
#include <string.h>

/* The order of the Allow header; other methods follow, then OPTIONS. */
static const char *const router_known_methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
enum { ROUTER_KNOWN = sizeof(router_known_methods) / sizeof(router_known_methods[0]) };

static bool
router_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A pattern is literal bytes and parameters "<name>", "<str:name>" or, last
 * only, "<path:name>". A segment parameter must be followed by '/' or the
 * end so that it always spans a whole segment. */
static bool
router_pattern_valid(const char *pattern)
{
    size_t params = 0;
    const char *p = pattern;

    if (p[0] != '/')
        return false;
    while (*p) {
        if (*p == '>')
            return false;
        if (*p != '<') {
            p++;
            continue;
        }
        const char *name = ++p;
        const char *close = strchr(name, '>');
        bool rest = false;
        if (close == NULL)
            return false;
        if (strncmp(name, "path:", 5) == 0) {
            rest = true;
            name += 5;
        } else if (strncmp(name, "str:", 4) == 0) {
            name += 4;
        }
        if (name == close)
            return false;
        for (const char *q = name; q < close; q++)
            if (!router_name_char(*q))
                return false;
        if (++params > ROUTER_MAX_PARAMS)
            return false;
        p = close + 1;
        if (rest ? *p != '\0' : (*p != '\0' && *p != '/'))
            return false;
    }
    return true;
}

void
router_init(router_t *rt)
{
    memset(rt, 0, sizeof(*rt));
}

static int
router_add_route(router_t *rt, const route_t *route)
{
    if (rt->len >= ROUTER_MAX_ROUTES || route->method == NULL || route->method[0] == '\0' ||
        route->pattern == NULL || route->handler == NULL || !router_pattern_valid(route->pattern))
        return -1;
    rt->routes[rt->len++] = *route;
    return 0;
}

int
router_add(router_t *rt, const char *method, const char *pattern, http_handler_fn handler)
{
    return router_add_route(rt, &(route_t){method, pattern, handler, NULL});
}

int
router_add_all(router_t *rt, const route_t *routes, size_t n)
{
    if (routes == NULL)
        return n == 0 ? 0 : -1;
    for (size_t i = 0; i < n; i++)
        if (router_add_route(rt, &routes[i]) != 0)
            return -1;
    return 0;
}

/* Matches path against a pattern that router_add accepted. */
static bool
router_path_match(const char *pattern, str_t path, route_params_t *params)
{
    const char *pat = pattern;
    size_t i = 0;

    params->len = 0;
    while (*pat) {
        if (*pat != '<') {
            if (i == path.len || path.p[i] != *pat)
                return false;
            i++;
            pat++;
            continue;
        }
        const char *name = pat + 1;
        const char *close = strchr(name, '>');
        bool rest = strncmp(name, "path:", 5) == 0;
        if (rest)
            name += 5;
        else if (strncmp(name, "str:", 4) == 0)
            name += 4;
        size_t start = i;
        if (rest) {
            i = path.len;
        } else {
            while (i < path.len && path.p[i] != '/')
                i++;
        }
        if (i == start)
            return false;
        params->names[params->len] = (str_t){name, (size_t)(close - name)};
        params->values[params->len] = (str_t){path.p + start, i - start};
        params->len++;
        pat = close + 1;
    }
    return i == path.len;
}

static bool
router_method_match(const char *route_method, str_t method)
{
    return strcmp(route_method, "*") == 0 || str_eq_cstr(method, route_method) ||
           (strcmp(route_method, "GET") == 0 && str_eq_cstr(method, "HEAD"));
}

/* Appends ", name" (or "name" first), always leaving allow NUL-terminated. */
static void
router_allow_add(char *allow, size_t allowlen, size_t *used, const char *name)
{
    int n = snprintf(allow + *used, allowlen - *used, "%s%s", *used ? ", " : "", name);
    if (n < 0 || (size_t)n >= allowlen - *used) {
        allow[*used] = '\0'; /* drop an entry that does not fit whole */
        *used = allowlen - 1;
        return;
    }
    *used += (size_t)n;
}

static void
router_allow(const router_t *rt, const bool *path_ok, char *allow, size_t allowlen)
{
    bool known[ROUTER_KNOWN] = {false};
    size_t used = 0;

    if (allow == NULL || allowlen == 0)
        return;
    allow[0] = '\0';
    for (size_t r = 0; r < rt->len; r++) {
        if (!path_ok[r])
            continue;
        for (size_t k = 0; k < ROUTER_KNOWN; k++)
            if (strcmp(rt->routes[r].method, router_known_methods[k]) == 0)
                known[k] = true;
        if (strcmp(rt->routes[r].method, "GET") == 0)
            known[1] = true;
    }
    for (size_t k = 0; k < ROUTER_KNOWN; k++)
        if (known[k])
            router_allow_add(allow, allowlen, &used, router_known_methods[k]);
    for (size_t r = 0; r < rt->len; r++) {
        const char *m = rt->routes[r].method;
        bool dup = strcmp(m, "OPTIONS") == 0;
        for (size_t k = 0; k < ROUTER_KNOWN && !dup; k++)
            dup = strcmp(m, router_known_methods[k]) == 0;
        for (size_t q = 0; q < r && !dup; q++)
            dup = path_ok[q] && strcmp(m, rt->routes[q].method) == 0;
        if (path_ok[r] && !dup)
            router_allow_add(allow, allowlen, &used, m);
    }
    router_allow_add(allow, allowlen, &used, "OPTIONS");
}

route_rc_t
router_match(const router_t *rt, str_t method, str_t path, const route_t **route,
             route_params_t *params, char *allow, size_t allowlen)
{
    route_params_t scratch, local;
    bool path_ok[ROUTER_MAX_ROUTES] = {false};
    bool any_path = false;

    if (params == NULL)
        params = &local;
    params->len = 0;
    if (route)
        *route = NULL;
    if (allow && allowlen)
        allow[0] = '\0';
    for (size_t r = 0; r < rt->len; r++) {
        if (!router_path_match(rt->routes[r].pattern, path, &scratch))
            continue;
        if (router_method_match(rt->routes[r].method, method)) {
            *params = scratch;
            if (route)
                *route = &rt->routes[r];
            return ROUTE_FOUND;
        }
        path_ok[r] = true;
        any_path = true;
    }
    if (!any_path)
        return ROUTE_NOT_FOUND;
    router_allow(rt, path_ok, allow, allowlen);
    return ROUTE_METHOD_NOT_ALLOWED;
}

str_t
route_param(const route_params_t *params, const char *name)
{
    for (size_t i = 0; params != NULL && i < params->len; i++)
        if (str_eq_cstr(params->names[i], name))
            return params->values[i];
    return STR_NULL;
}
