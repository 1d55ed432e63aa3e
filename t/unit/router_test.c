#include "http/router.h"
#include "tap.h"

static int
h_list(http_req_t *r)
{
    (void)r;
    return 1;
}

static int
h_item(http_req_t *r)
{
    (void)r;
    return 2;
}

static int
h_any(http_req_t *r)
{
    (void)r;
    return 3;
}

static router_t rt;

static route_rc_t
match(const char *method, const char *path, const route_t **route, route_params_t *params,
      char *allow, size_t allowlen)
{
    return router_match(&rt, str_from_cstr(method), str_from_cstr(path), route, params, allow,
                        allowlen);
}

static void
test_add(void)
{
    router_t bad;
    router_init(&bad);
    is_int(router_add(&bad, "GET", "/a/<id>/", h_item), 0, "simple pattern");
    is_int(router_add(&bad, "GET", "/a/<str:id>", h_item), 0, "str converter");
    is_int(router_add(&bad, "GET", "/m/<path:rest>", h_item), 0, "path converter");
    is_int(router_add(&bad, "GET", "/", h_item), 0, "root");
    is_int(router_add(&bad, "GET", "/a/<id", h_item), -1, "unterminated <");
    is_int(router_add(&bad, "GET", "/a/id>/", h_item), -1, "stray >");
    is_int(router_add(&bad, "GET", "/a/<>/", h_item), -1, "empty name");
    is_int(router_add(&bad, "GET", "/a/<path:>", h_item), -1, "empty path name");
    is_int(router_add(&bad, "GET", "/a/<a<b>>/", h_item), -1, "nested <");
    is_int(router_add(&bad, "GET", "/a/<int:id>/", h_item), -1, "unknown converter");
    is_int(router_add(&bad, "GET", "/a/<id>.json", h_item), -1, "parameter inside a segment");
    is_int(router_add(&bad, "GET", "/a/<path:p>/x", h_item), -1, "path parameter not last");
    is_int(router_add(&bad, "GET", "a/b", h_item), -1, "no leading slash");
    is_int(router_add(&bad, "GET", "", h_item), -1, "empty pattern");
    is_int(router_add(&bad, "", "/x", h_item), -1, "empty method");
    is_int(router_add(&bad, NULL, "/x", h_item), -1, "NULL method");
    is_int(router_add(&bad, "GET", NULL, h_item), -1, "NULL pattern");
    is_int(router_add(&bad, "GET", "/x", NULL), -1, "NULL handler");
    is_int(router_add(&bad, "GET", "/<a>/<b>/<c>/<d>/<e>/<f>/<g>/<h>", h_item), 0, "8 params");
    is_int(router_add(&bad, "GET", "/<a>/<b>/<c>/<d>/<e>/<f>/<g>/<h>/<i>", h_item), -1,
           "9 params refused");

    router_t full;
    router_init(&full);
    int rc = 0;
    for (int i = 0; i < ROUTER_MAX_ROUTES; i++)
        rc |= router_add(&full, "GET", "/x", h_item);
    is_int(rc, 0, "256 routes fit");
    is_int(router_add(&full, "GET", "/x", h_item), -1, "257th refused");
}

static void
test_match(void)
{
    const route_t *route = NULL;
    route_params_t params;
    char allow[128];

    router_init(&rt);
    ok(router_add(&rt, "GET", "/api/users/", h_list) == 0 &&
           router_add(&rt, "POST", "/api/users/", h_list) == 0 &&
           router_add(&rt, "GET", "/api/users/<id>/", h_item) == 0 &&
           router_add(&rt, "DELETE", "/api/users/<id>/", h_item) == 0 &&
           router_add(&rt, "PATCH", "/api/users/<id>/", h_item) == 0 &&
           router_add(&rt, "PUT", "/api/users/<id>/", h_item) == 0 &&
           router_add(&rt, "GET", "/api/social/<backend>/", h_item) == 0 &&
           router_add(&rt, "GET", "/media/private/<path:rest>", h_item) == 0 &&
           router_add(&rt, "*", "/api/any/", h_any) == 0 &&
           router_add(&rt, "POST", "/api/a/<x>/b/<y>", h_item) == 0 &&
           router_add(&rt, "PROPFIND", "/dav/", h_any) == 0 &&
           router_add(&rt, "POST", "/dav/", h_any) == 0 &&
           router_add(&rt, "PROPFIND", "/dav/", h_any) == 0 &&
           router_add(&rt, "OPTIONS", "/opt/", h_any) == 0,
       "routes added");

    is_int(match("GET", "/api/users/", &route, &params, allow, sizeof(allow)), ROUTE_FOUND,
           "GET list");
    ok(route && route->handler == h_list, "list handler");
    is_int(params.len, 0, "no params");
    is_int(match("POST", "/api/users/", &route, &params, allow, sizeof(allow)), ROUTE_FOUND,
           "POST list");
    is_int(match("HEAD", "/api/users/", &route, &params, allow, sizeof(allow)), ROUTE_FOUND,
           "HEAD answered by GET");
    ok(route && route->handler == h_list && strcmp(route->method, "GET") == 0, "GET route");

    is_int(match("GET", "/api/users/42/", &route, &params, allow, sizeof(allow)), ROUTE_FOUND,
           "GET item");
    ok(route && route->handler == h_item, "item handler");
    is_str(route_param(&params, "id"), "42", "id param");
    is_str(route_param(&params, "nope"), NULL, "absent param is STR_NULL");
    is_str(route_param(NULL, "id"), NULL, "route_param(NULL)");

    is_int(match("GET", "/api/social/github/", &route, &params, NULL, 0), ROUTE_FOUND, "social");
    is_str(route_param(&params, "backend"), "github", "backend param");
    is_int(match("GET", "/api/social//", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "empty param refused");
    is_int(match("GET", "/api/social/a/b/", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "param with '/' refused");
    is_int(match("GET", "/api/social/github", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "missing trailing slash");
    is_int(match("GET", "/api/social/github/x", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "extra bytes after the pattern");

    is_int(match("GET", "/media/private/2024/03/a.csv", &route, &params, NULL, 0), ROUTE_FOUND,
           "path param");
    is_str(route_param(&params, "rest"), "2024/03/a.csv", "path keeps slashes");
    is_int(match("GET", "/media/private/", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "empty path param refused");
    is_int(match("HEAD", "/media/private/x", &route, &params, NULL, 0), ROUTE_FOUND, "HEAD path");

    is_int(match("POST", "/api/a/1/b/2", &route, &params, NULL, 0), ROUTE_FOUND, "two params");
    is_int(params.len, 2, "two params set");
    is_str(route_param(&params, "x"), "1", "x");
    is_str(route_param(&params, "y"), "2", "y");

    is_int(match("BREW", "/api/any/", &route, &params, NULL, 0), ROUTE_FOUND, "* any method");
    ok(route && route->handler == h_any, "any handler");

    is_int(match("GET", "/api/users%2F/", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "no decoding");
    is_int(match("GET", "/API/users/", &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "case-sensitive path");
    is_int(match("get", "/api/users/", &route, &params, allow, sizeof(allow)),
           ROUTE_METHOD_NOT_ALLOWED, "case-sensitive method");
    is_int(match("GET", "", &route, &params, NULL, 0), ROUTE_NOT_FOUND, "empty path");
    is_int(router_match(&rt, STR_LIT("GET"), STR_NULL, &route, &params, NULL, 0), ROUTE_NOT_FOUND,
           "STR_NULL path");
    ok(route == NULL && params.len == 0, "route and params cleared");
    is_int(
        router_match(&rt, STR_LIT("GET"), (str_t){"/api/users/\0", 12}, &route, &params, NULL, 0),
        ROUTE_NOT_FOUND, "NUL after the path");
    is_int(router_match(&rt, STR_LIT("GET"), (str_t){"/api/social/a\0b/", 16}, &route, &params,
                        NULL, 0),
           ROUTE_FOUND, "NUL inside a param is a byte");
    is_int(route_param(&params, "backend").len, 3, "with its length");
}

static void
test_not_allowed(void)
{
    char allow[128];
    const route_t *route = (const route_t *)&rt;

    is_int(match("DELETE", "/api/users/", &route, NULL, allow, sizeof(allow)),
           ROUTE_METHOD_NOT_ALLOWED, "DELETE on the list");
    ok(route == NULL, "no route");
    is_str(str_from_cstr(allow), "GET, HEAD, POST, OPTIONS", "Allow for the list");
    is_int(match("POST", "/api/users/7/", NULL, NULL, allow, sizeof(allow)),
           ROUTE_METHOD_NOT_ALLOWED, "POST on an item");
    is_str(str_from_cstr(allow), "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", "stable order");
    is_int(match("GET", "/dav/", NULL, NULL, allow, sizeof(allow)), ROUTE_METHOD_NOT_ALLOWED,
           "GET on dav");
    is_str(str_from_cstr(allow), "POST, PROPFIND, OPTIONS", "other methods deduplicated");
    is_int(match("GET", "/opt/", NULL, NULL, allow, sizeof(allow)), ROUTE_METHOD_NOT_ALLOWED,
           "GET on an OPTIONS route");
    is_str(str_from_cstr(allow), "OPTIONS", "OPTIONS listed once");
    is_int(match("GET", "/api/users/", NULL, NULL, allow, sizeof(allow)), ROUTE_FOUND,
           "NULL route and params are fine");

    char tiny[12];
    memset(tiny, 'x', sizeof(tiny));
    is_int(match("DELETE", "/api/users/", NULL, NULL, tiny, sizeof(tiny)), ROUTE_METHOD_NOT_ALLOWED,
           "tiny Allow buffer");
    is_str(str_from_cstr(tiny), "GET, HEAD", "truncated at a whole entry");
    is_int(match("DELETE", "/api/users/", NULL, NULL, NULL, 0), ROUTE_METHOD_NOT_ALLOWED,
           "no Allow buffer");
    char one[1] = {'x'};
    is_int(match("DELETE", "/api/users/", NULL, NULL, one, sizeof(one)), ROUTE_METHOD_NOT_ALLOWED,
           "one-byte Allow buffer");
    ok(one[0] == '\0', "terminated");
}

/* An app's routes as a static table, added in order in one call. */
static void
test_add_all(void)
{
    static const route_t table[] = {
        {"GET", "/t/", h_list, NULL},
        {"POST", "/t/", h_list, NULL},
        {"GET", "/t/<id>/", h_item, NULL},
    };
    static const route_t broken[] = {
        {"GET", "/ok/", h_list, NULL},
        {"GET", "/bad/<id", h_item, NULL},
        {"GET", "/never/", h_item, NULL},
    };
    router_t tab;
    const route_t *route = NULL;
    route_params_t params;

    router_init(&tab);
    is_int(router_add_all(&tab, table, ROUTES_LEN(table)), 0, "table added");
    is_int((int)tab.len, 3, "every row added");
    is_int(router_match(&tab, STR_LIT("GET"), STR_LIT("/t/7/"), &route, &params, NULL, 0),
           ROUTE_FOUND, "a table row matches");
    ok(route && route->handler == h_item, "with its handler");
    is_str(route_param(&params, "id"), "7", "and its parameter");
    is_int(router_add_all(&tab, table, 0), 0, "an empty table is fine");
    is_int(router_add_all(&tab, NULL, 0), 0, "so is no table");
    is_int(router_add_all(&tab, NULL, 2), -1, "no table with rows is refused");
    is_int((int)tab.len, 3, "and adds nothing");

    router_t half;
    router_init(&half);
    is_int(router_add_all(&half, broken, ROUTES_LEN(broken)), -1, "a bad row refuses the table");
    is_int((int)half.len, 1, "rows after the bad one are not added");
}

int
main(void)
{
    test_add();
    test_add_all();
    test_match();
    test_not_allowed();
    return done_testing();
}
