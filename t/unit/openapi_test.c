/* lib/http/openapi.c and yaml.c: the document built from route docs, the
 * generic errors each kind of route gets, refusals, and the YAML form. */
#include <json-c/json.h>

#include "apps/accounts/accounts.h"
#include "apps/banking/banking.h"
#include "apps/core/core.h"
#include "apps/hn/hn.h"
#include "core/settings.h"
#include "http/openapi.h"
#include "http/yaml.h"
#include "tap.h"

#define is_cs(got, want, ...) is_str(str_from_cstr(got), want, __VA_ARGS__)

static int
handler(http_req_t *r)
{
    (void)r;
    return 200;
}

static const route_doc_t thing_get_doc = {
    .summary = "One thing",
    .tag = "banking",
    .auth = ROUTE_AUTH_USER,
    .responses = (const route_response_doc_t[]){{200, "Error", "The thing.", NULL}, {0}},
};

static const route_doc_t thing_post_doc = {
    .summary = "Make a thing",
    .tag = "banking",
    .auth = ROUTE_AUTH_STAFF,
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "Error",
    .query = (const route_param_doc_t[]){{"kind", "enum:a|b", "which", true}, {0}},
    .responses = (const route_response_doc_t[]){{201, "Error", NULL, NULL},
                                                {401, "Error", "its own", NULL},
                                                {0}},
};

static const route_doc_t public_doc = {
    .summary = "Public",
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .responses = (const route_response_doc_t[]){{200, NULL, NULL, "text/csv"}, {0}},
};

static const route_doc_t hidden_doc = {.why = "nginx's internal subrequest"};

/* json at a path of keys ("paths", "/api/x/", "get", NULL). */
static json_object *
at(json_object *o, ...)
{
    va_list ap;
    va_start(ap, o);
    for (const char *k; o && (k = va_arg(ap, const char *)) != NULL;)
        if (!json_object_object_get_ex(o, k, &o))
            o = NULL;
    va_end(ap);
    return o;
}

static const char *
str_at(json_object *o, const char *a, const char *b, const char *c)
{
    json_object *v = at(o, a, b, c, NULL);
    return v ? json_object_get_string(v) : "(missing)";
}

static json_object *
build_ok(const route_t *routes, size_t n)
{
    static router_t rt;
    char err[256] = "";
    router_init(&rt);
    router_add_all(&rt, routes, n);
    ok(openapi_build(&rt, NULL, 0, err, sizeof(err)) == 0, "builds (%s)", err);
    return openapi_json() ? json_tokener_parse(openapi_json()) : NULL;
}

static void
test_operations(void)
{
    const route_t routes[] = {
        {"GET", "/api/things/<id>/", handler, &thing_get_doc},
        {"POST", "/api/things/<str:id>/", handler, &thing_post_doc},
        {"GET", "/api/things.csv", handler, &public_doc},
        {"GET", "/internal/", handler, &hidden_doc},
    };
    json_object *doc = build_ok(routes, ROUTES_LEN(routes));
    ok(doc != NULL, "the JSON parses");
    is_cs(str_at(doc, "openapi", NULL, NULL), "3.1.0", "OpenAPI 3.1");
    json_object *get = at(doc, "paths", "/api/things/{id}/", "get", NULL);
    json_object *post = at(doc, "paths", "/api/things/{id}/", "post", NULL);
    ok(get && post, "both methods under one templated path");
    is_cs(str_at(get, "operationId", NULL, NULL), "api_things_id_retrieve", "spectacular-like id");
    is_cs(str_at(post, "operationId", NULL, NULL), "api_things_id_create", "POST is create");
    is_cs(str_at(get, "responses", "401", "$ref"), "#/components/responses/Unauthorized",
          "a user route can answer 401");
    ok(at(get, "responses", "404", NULL) && at(get, "responses", "405", NULL) &&
           at(get, "responses", "503", NULL),
       "404 for its path parameter, 405 and 503 always");
    ok(at(get, "responses", "400", NULL) && at(get, "responses", "414", NULL),
       "400 and 414 everywhere (nginx's refusals of a request it cannot read)");
    ok(!at(get, "responses", "415", NULL) && !at(get, "responses", "429", NULL) &&
           !at(get, "responses", "413", NULL),
       "no 413, 415 or 429 without a body or throttle");
    ok(at(post, "responses", "400", NULL) && at(post, "responses", "413", NULL) &&
           at(post, "responses", "415", NULL) && at(post, "responses", "429", NULL) &&
           at(post, "responses", "201", "content", "application/json", "schema", NULL),
       "a throttled POST with a body: 400, 413, 415, 429 and its 201");
    json_object *param = json_object_array_get_idx(at(post, "parameters", NULL), 1);
    is_cs(str_at(param, "in", NULL, NULL), "query", "the query parameter follows the path's");
    ok(json_object_array_length(at(param, "schema", "enum", NULL)) == 2, "an enum of two");
    json_object *second = json_object_array_get_idx(at(post, "security", NULL), 1);
    ok(at(second, "sessionCookie", NULL) && at(second, "csrfToken", NULL),
       "an unsafe method by session needs the CSRF header");
    ok(json_object_array_length(at(get, "security", NULL)) == 2, "GET: bearer or session");
    ok(!at(get, "responses", "403", NULL) && at(post, "responses", "403", NULL),
       "403 for staff, and for a user's unsafe method (CSRF), not a user's GET");
    ok(json_object_get_boolean(at(post, "requestBody", "required", NULL)), "a body is required");
    ok(at(post, "responses", "401", "headers", "WWW-Authenticate", NULL) != NULL,
       "a route's own 401 declares WWW-Authenticate too");
    json_object *csv = at(doc, "paths", "/api/things.csv", "get", NULL);
    ok(at(csv, "responses", "200", "content", "text/csv", NULL) &&
           json_object_array_length(at(csv, "security", NULL)) == 0,
       "text/csv, public");
    is_cs(str_at(csv, "responses", "503", "$ref"), "#/components/responses/ProgramUnavailable",
          "without dependencies, only its program can be down");
    is_cs(str_at(get, "responses", "503", "$ref"), "#/components/responses/ServiceUnavailable",
          "with them, PostgreSQL or Redis too");
    ok(at(doc, "components", "responses", "Options", "headers", "Allow", NULL) != NULL,
       "OPTIONS' answer is described");
    ok(!at(doc, "paths", "/internal/", NULL),
       "a route with a reason instead of a summary is left out");
    is_cs(str_at(doc, "components", "responses", NULL)
              ? str_at(at(doc, "components", "responses", "MethodNotAllowed", NULL), "headers",
                       "Allow", "required")
              : "",
          "true", "405 declares Allow");
    json_object_put(doc);
}

static void
refused(const route_t *route, const char *want, const char *what)
{
    router_t rt;
    char err[256] = "";
    router_init(&rt);
    router_add_all(&rt, route, 1);
    ok(openapi_build(&rt, NULL, 0, err, sizeof(err)) == -1 && strstr(err, want) != NULL,
       "refused: %s", what);
    if (!strstr(err, want))
        printf("#   err: %s\n", err);
}

static const route_doc_t no_schema = {
    .summary = "x",
    .responses = (const route_response_doc_t[]){{200, "NoSuchSchema", NULL, NULL}, {0}}};
static const route_doc_t no_why = {.tag = "x"};
static const route_doc_t twice = {.summary = "x",
                                  .responses = (const route_response_doc_t[]){
                                      {200, "Error", NULL, NULL}, {200, "Error", NULL, NULL}, {0}}};
static const route_doc_t bad_type = {
    .summary = "x",
    .query = (const route_param_doc_t[]){{"q", "strnig", NULL, false}, {0}},
    .responses = (const route_response_doc_t[]){{200, "Error", NULL, NULL}, {0}}};
static const route_doc_t none = {.summary = "x"};
static const route_doc_t bad_tag = {
    .summary = "x",
    .tag = "thigns",
    .responses = (const route_response_doc_t[]){{200, "Error", NULL, NULL}, {0}}};

static void
test_refusals(void)
{
    refused(&(route_t){"GET", "/a/", handler, &no_schema}, "NoSuchSchema", "an unknown schema");
    refused(&(route_t){"GET", "/a/", handler, &no_why}, "must say why", "no summary and no reason");
    refused(&(route_t){"GET", "/a/", handler, &twice}, "twice", "a status listed twice");
    refused(&(route_t){"GET", "/a/", handler, &bad_type}, "strnig", "an unknown parameter type");
    refused(&(route_t){"GET", "/a/", handler, &none}, "no response", "no response listed");
    refused(&(route_t){"GET", "/a/", handler, &bad_tag}, "tag thigns", "an unknown tag");
}

/* A route without a doc is counted and named, not an error. */
static void
test_undocumented(void)
{
    router_t rt;
    char err[256] = "";
    router_init(&rt);
    router_add(&rt, "GET", "/a/", handler);
    router_add(&rt, "GET", "/b/", handler);
    is_int(openapi_build(&rt, NULL, 0, err, sizeof(err)), 2, "two routes without a doc counted");
    ok(strstr(err, "GET /a/ has no doc") != NULL, "the first one named (%s)", err);
    ok(openapi_json() && !strstr(openapi_json(), "\"/a/\""), "and left out");
}

static void
test_yaml(void)
{
    json_object *v = json_tokener_parse(
        "{\"a\": [1, {\"b\": \"x\\n\\\"y\\\"\", \"c\": []}, [true, null]], \"d\": {}, \"e\": 2.5}");
    buf_t out;
    buf_init(&out);
    ok(yaml_from_json(v, &out) == 0, "YAML written");
    is_cs(buf_cstr(&out),
          "\"a\":\n"
          "  - 1\n"
          "  -\n"
          "    \"b\": \"x\\n\\\"y\\\"\"\n"
          "    \"c\": []\n"
          "  -\n"
          "    - true\n"
          "    - null\n"
          "\"d\": {}\n"
          "\"e\": 2.5\n",
          "block YAML, JSON-quoted scalars, flow for empty containers");
    buf_free(&out);
    json_object_put(v);
}

/* Every route of cgi-bin/api (DEBUG on, so its debug routes too) has a doc
 * naming schemas that exist. */
static void
test_api_routes(void)
{
    static router_t rt;
    char err[256] = "";
    router_init(&rt);
    settings.debug = true;
    ok(core_routes(&rt) == 0 && accounts_routes(&rt) == 0 && banking_routes(&rt) == 0,
       "the api's routes mount");
    ok(openapi_build(&rt, NULL, 0, err, sizeof(err)) == 0, "every api route is described (%s)",
       err);
}

int
main(void)
{
    test_operations();
    test_refusals();
    test_undocumented();
    test_yaml();
    test_api_routes();
    return done_testing();
}
