/* The OpenAPI 3.1 document, built once at start-up from the route tables'
 * docs (http/openapi.h) and the apps' schemas.json, kept as JSON and YAML
 * text for GET /api/schema/. */
#include "config.h"

#include "http/openapi.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "http/response.h"
#include "http/yaml.h"

static char *openapi_json_text;
static char *openapi_yaml_text;

typedef struct {
    json_object *schemas; /* components.schemas */
    json_object *tags;    /* the tags routes use: name -> true */
    int undocumented;     /* routes without a doc, left out */
    char *err;
    size_t errlen;
} openapi_build_t;

static const char openapi_description[] =
    "The REST API. Bodies are JSON (`application/json; charset=utf-8`) unless stated.\n\n"
    "**Authentication:** `Authorization: Bearer <access JWT>` (obtain one with "
    "`POST /api/auth/obtain_token/`, then use the Authorize button), or the `sessionid` "
    "cookie of `POST /api/login/`; with the cookie, unsafe methods also need the "
    "`X-CSRFToken` header matching the `csrftoken` cookie, as Django does.\n\n"
    "**Errors** are `{\"detail\": \"...\"}` (DRF's shape); field validation errors are "
    "`{\"field\": [\"message\", ...]}` with status 400. 401 carries `WWW-Authenticate`, "
    "405 `Allow`, 429 `Retry-After`; 503 means PostgreSQL or Redis is unreachable (or the "
    "program behind the path is not running). Every path answers `OPTIONS` with its methods in "
    "`Allow` and `{}` (`components.responses.Options`).\n\n"
    "**Lists** use limit/offset pagination (default limit 10, at most 1000): "
    "`{\"count\", \"next\", \"previous\", \"results\"}`.\n\n"
    "This document is generated from the route tables at start-up "
    "(`lib/http/openapi.h`); `?format=yaml` gives it as YAML.";

/* The tags a route may carry, in the order the docs page lists them. */
static const char *const openapi_tags[][2] = {
    {"auth", "JSON Web Tokens (simplejwt's URLs), registration, session login and logout."},
    {"users", "The caller's profile."},
    {"social", "Login with GitHub, Google or Facebook (an OAuth code exchanged for tokens)."},
    {"banking", "Credit-card statements: upload, import, transactions, spend, export."},
    {"tasks", "Background work: enqueue, read a task's state, queue metrics."},
    {"graphql", "The Hacker News clone's GraphQL endpoint (served by cgi-bin/graphql)."},
    {"core", "The root and the debug helpers of the old application."},
    {"debug", "Helpers the old application's tests call."},
    {"health", "Liveness and readiness for load balancers and orchestrators."},
    {"schema", "This document."},
};
enum { OPENAPI_TAGS = sizeof(openapi_tags) / sizeof(openapi_tags[0]) };

__attribute__((format(printf, 2, 3))) static int
openapi_fail(openapi_build_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->err, b->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static json_object *
openapi_ref(const char *kind, const char *name)
{
    char ref[160];
    snprintf(ref, sizeof(ref), "#/components/%s/%s", kind, name);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "$ref", json_object_new_string(ref));
    return o;
}

static json_object *
openapi_type(const char *type)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "type", json_object_new_string(type));
    return o;
}

/* Every schemas.json into components.schemas; a name defined twice or a
 * file that is not one JSON object is refused. */
static int
openapi_load_schemas(openapi_build_t *b)
{
    for (size_t i = 0; openapi_schema_files[i] != NULL; i++) {
        enum json_tokener_error jerr = json_tokener_success;
        json_object *file = json_tokener_parse_verbose(openapi_schema_files[i], &jerr);
        if (file == NULL || !json_object_is_type(file, json_type_object)) {
            json_object_put(file);
            return openapi_fail(b, "%s: not one JSON object (%s)", openapi_schema_file_names[i],
                                json_tokener_error_desc(jerr));
        }
        json_object_object_foreach(file, name, schema)
        {
            if (json_object_object_get_ex(b->schemas, name, NULL)) {
                json_object_put(file);
                return openapi_fail(b, "%s: schema %s is already defined by another schemas.json",
                                    openapi_schema_file_names[i], name);
            }
            json_object_object_add(b->schemas, name, json_object_get(schema));
        }
        json_object_put(file);
    }
    return 0;
}

/* Every "$ref" under node names a schema that exists. */
static int
openapi_check_refs(openapi_build_t *b, json_object *node, const char *where)
{
    static const char prefix[] = "#/components/schemas/";
    if (json_object_is_type(node, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(node); i++)
            if (openapi_check_refs(b, json_object_array_get_idx(node, i), where) != 0)
                return -1;
        return 0;
    }
    if (!json_object_is_type(node, json_type_object))
        return 0;
    json_object_object_foreach(node, key, child)
    {
        if (strcmp(key, "$ref") == 0 && json_object_is_type(child, json_type_string)) {
            const char *ref = json_object_get_string(child);
            if (strncmp(ref, prefix, sizeof(prefix) - 1) != 0 ||
                !json_object_object_get_ex(b->schemas, ref + sizeof(prefix) - 1, NULL))
                return openapi_fail(b, "%s: $ref %s names no schema of a schemas.json", where, ref);
        } else if (openapi_check_refs(b, child, where) != 0) {
            return -1;
        }
    }
    return 0;
}

static int
openapi_schema_ref(openapi_build_t *b, const char *name, const route_t *route, json_object **out)
{
    if (!json_object_object_get_ex(b->schemas, name, NULL))
        return openapi_fail(b, "route %s %s: schema %s is in no schemas.json", route->method,
                            route->pattern, name);
    *out = openapi_ref("schemas", name);
    return 0;
}

/* "/api/tasks/<id>/" -> "/api/tasks/{id}/"; each parameter's name into names. */
static void
openapi_path_template(const char *pattern, char *out, size_t cap, json_object *names)
{
    size_t n = 0;
    for (const char *p = pattern; *p && n + 1 < cap;) {
        if (*p != '<') {
            out[n++] = *p++;
            continue;
        }
        const char *name = p + 1, *close = strchr(p, '>');
        const char *colon = memchr(name, ':', (size_t)(close - name));
        if (colon)
            name = colon + 1;
        int w = snprintf(out + n, cap - n, "{%.*s}", (int)(close - name), name);
        json_object_array_add(names, json_object_new_string_len(name, (int)(close - name)));
        n += (size_t)w < cap - n ? (size_t)w : cap - n - 1;
        p = close + 1;
    }
    out[n] = '\0';
}

/* drf-spectacular's names: the path's words, then what the method does. */
static void
openapi_operation_id(const char *method, const char *template, char *out, size_t cap)
{
    static const char *const verbs[][2] = {{"GET", "retrieve"},
                                           {"POST", "create"},
                                           {"PUT", "update"},
                                           {"PATCH", "partial_update"},
                                           {"DELETE", "destroy"}};
    const char *verb = "call";
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strcmp(method, verbs[i][0]) == 0)
            verb = verbs[i][1];
    size_t n = 0;
    bool sep = true; /* no leading '_' */
    for (const char *p = template; *p && n + 1 < cap; p++) {
        if (isalnum((unsigned char)*p)) {
            out[n++] = (char)tolower((unsigned char)*p);
            sep = false;
        } else if (!sep) {
            out[n++] = '_';
            sep = true;
        }
    }
    snprintf(out + n, cap - n, "%s%s", sep ? "" : "_", verb);
}

static bool
openapi_safe_method(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static json_object *
openapi_requirement(const char *a, const char *b)
{
    json_object *o = json_object_new_object();
    if (a)
        json_object_object_add(o, a, json_object_new_array());
    if (b)
        json_object_object_add(o, b, json_object_new_array());
    return o;
}

/* Who may call it, as security requirements (one of them suffices). */
static json_object *
openapi_security(route_auth_t auth, const char *method)
{
    json_object *s = json_object_new_array();
    switch (auth) {
    case ROUTE_AUTH_OPTIONAL:
        json_object_array_add(s, json_object_new_object());
        /* fallthrough */
    case ROUTE_AUTH_USER:
    case ROUTE_AUTH_STAFF:
        json_object_array_add(s, openapi_requirement("bearerAuth", NULL));
        json_object_array_add(
            s,
            openapi_requirement("sessionCookie", openapi_safe_method(method) ? NULL : "csrfToken"));
        break;
    case ROUTE_AUTH_CSRF:
        json_object_array_add(s, openapi_requirement("csrfCookie", "csrfToken"));
        break;
    case ROUTE_AUTH_NONE:
    case ROUTE_AUTH_TOKEN:
        break;
    }
    return s;
}

static json_object *
openapi_param_schema(const char *type)
{
    if (strncmp(type, "enum:", 5) == 0) {
        json_object *s = openapi_type("string"), *values = json_object_new_array();
        for (const char *p = type + 5; *p;) {
            size_t n = strcspn(p, "|");
            json_object_array_add(values, json_object_new_string_len(p, (int)n));
            p += n + (p[n] == '|');
        }
        json_object_object_add(s, "enum", values);
        return s;
    }
    if (strcmp(type, "date") == 0) {
        json_object *s = openapi_type("string");
        json_object_object_add(s, "format", json_object_new_string("date"));
        return s;
    }
    return openapi_type(type);
}

static json_object *
openapi_parameter(const char *name, const char *in, const char *type, const char *description,
                  bool required)
{
    json_object *p = json_object_new_object();
    json_object_object_add(p, "name", json_object_new_string(name));
    json_object_object_add(p, "in", json_object_new_string(in));
    json_object_object_add(p, "required", json_object_new_boolean(required));
    if (description)
        json_object_object_add(p, "description", json_object_new_string(description));
    json_object_object_add(p, "schema", openapi_param_schema(type));
    return p;
}

static int
openapi_parameters(openapi_build_t *b, const route_t *route, json_object *path_names,
                   json_object *op)
{
    static const char *const types[] = {"string", "integer", "number", "boolean", "date"};
    json_object *params = json_object_new_array();
    json_object_object_add(op, "parameters", params);
    for (size_t i = 0; i < json_object_array_length(path_names); i++)
        json_object_array_add(
            params,
            openapi_parameter(json_object_get_string(json_object_array_get_idx(path_names, i)),
                              "path", "string", NULL, true));
    for (const route_param_doc_t *q = route->doc->query; q && q->name; q++) {
        bool known = q->type && strncmp(q->type, "enum:", 5) == 0;
        for (size_t i = 0; q->type && i < sizeof(types) / sizeof(types[0]); i++)
            known = known || strcmp(q->type, types[i]) == 0;
        if (!known)
            return openapi_fail(b, "route %s %s: query parameter %s has type %s", route->method,
                                route->pattern, q->name, q->type ? q->type : "(none)");
        json_object_array_add(
            params, openapi_parameter(q->name, "query", q->type, q->description, q->required));
    }
    if (json_object_array_length(params) == 0)
        json_object_object_del(op, "parameters");
    return 0;
}

static json_object *
openapi_content(const char *media_type, json_object *schema)
{
    json_object *content = json_object_new_object(), *media = json_object_new_object();
    if (schema)
        json_object_object_add(media, "schema", schema);
    json_object_object_add(content, media_type ? media_type : "application/json", media);
    return content;
}

static int
openapi_request_body(openapi_build_t *b, const route_t *route, json_object *op)
{
    const route_doc_t *doc = route->doc;
    if (doc->request_schema == NULL)
        return 0;
    json_object *schema = NULL, *body = json_object_new_object();
    json_object_object_add(op, "requestBody", body);
    if (openapi_schema_ref(b, doc->request_schema, route, &schema) != 0)
        return -1;
    json_object_object_add(body, "required",
                           json_object_new_boolean(!(doc->flags & ROUTE_DOC_BODY_OPTIONAL)));
    json_object_object_add(body, "content", openapi_content(doc->request_media_type, schema));
    return 0;
}

#define OPENAPI_WWW_AUTHENTICATE "`Bearer realm=\"api\"`: how to authenticate."

/* The statuses every route of a kind can answer, as components.responses. */
static const struct {
    int status;
    const char *name;
    const char *schema;
    const char *description;
    const char *header; /* a header it always carries */
    const char *header_description;
} openapi_generic[] = {
    {400, "BadRequest", "BadRequest",
     "The request could not be read (its Host header, path or encoding), or its body or a query "
     "parameter is invalid.",
     NULL, NULL},
    {401, "Unauthorized", "Error", "No valid credentials.", "WWW-Authenticate",
     OPENAPI_WWW_AUTHENTICATE},
    {403, "Forbidden", "Error",
     "Authenticated but not allowed (not staff, or a session without its CSRF token).", NULL, NULL},
    {404, "NotFound", "Error", "No such object.", NULL, NULL},
    {405, "MethodNotAllowed", "Error", "Another method on this path.", "Allow",
     "The methods this path answers."},
    {413, "PayloadTooLarge", "Error", "The body is too large.", NULL, NULL},
    {415, "UnsupportedMediaType", "Error", "The body's Content-Type is not accepted.", NULL, NULL},
    {429, "TooManyRequests", "Error", "Throttled.", "Retry-After", "Seconds to wait."},
    {414, "UriTooLong", "Error", "The URL is too long.", NULL, NULL},
    {503, "ServiceUnavailable", "Error",
     "PostgreSQL or Redis is unreachable, or the program behind this path is not running.", NULL,
     NULL},
    {503, "ProgramUnavailable", "Error", "The program behind this path is not running.", NULL,
     NULL},
};
enum { OPENAPI_GENERIC = sizeof(openapi_generic) / sizeof(openapi_generic[0]) };

/* {name: a required string header}. */
static json_object *
openapi_headers(const char *name, const char *description)
{
    json_object *headers = json_object_new_object(), *h = json_object_new_object();
    json_object_object_add(h, "description", json_object_new_string(description));
    json_object_object_add(h, "required", json_object_new_boolean(true));
    json_object_object_add(h, "schema", openapi_type("string"));
    json_object_object_add(headers, name, h);
    return headers;
}

static json_object *
openapi_generic_responses(void)
{
    json_object *all = json_object_new_object();
    for (size_t i = 0; i < OPENAPI_GENERIC; i++) {
        json_object *r = json_object_new_object();
        json_object_object_add(r, "description",
                               json_object_new_string(openapi_generic[i].description));
        if (openapi_generic[i].header)
            json_object_object_add(
                r, "headers",
                openapi_headers(openapi_generic[i].header, openapi_generic[i].header_description));
        json_object_object_add(
            r, "content", openapi_content(NULL, openapi_ref("schemas", openapi_generic[i].schema)));
        json_object_object_add(all, openapi_generic[i].name, r);
    }
    /* OPTIONS on any path: its methods, no operation of its own. */
    json_object *options = json_object_new_object(), *headers = json_object_new_object();
    json_object *allow = json_object_new_object(), *empty = openapi_type("object");
    json_object_object_add(
        options, "description",
        json_object_new_string("OPTIONS on any path of this document: the methods "
                               "it answers in Allow, and an empty object."));
    json_object_object_add(allow, "required", json_object_new_boolean(true));
    json_object_object_add(allow, "schema", openapi_type("string"));
    json_object_object_add(headers, "Allow", allow);
    json_object_object_add(options, "headers", headers);
    json_object_object_add(empty, "maxProperties", json_object_new_int(0));
    json_object_object_add(options, "content", openapi_content(NULL, empty));
    json_object_object_add(all, "Options", options);
    return all;
}

/* Whether generic response i applies to this route (see http/openapi.h):
 * 400, 405, 414 and one of the 503s apply to every route. */
static bool
openapi_generic_applies(size_t i, const route_t *route, bool path_params)
{
    const route_doc_t *d = route->doc;
    bool user = d->auth == ROUTE_AUTH_USER || d->auth == ROUTE_AUTH_STAFF;
    bool no_deps = (d->flags & ROUTE_DOC_NO_DEPENDENCIES) != 0;
    switch (openapi_generic[i].status) {
    case 401:
        return user;
    case 403:
        return d->auth == ROUTE_AUTH_STAFF || (user && !openapi_safe_method(route->method));
    case 404:
        return path_params;
    case 413:
    case 415:
        return d->request_schema != NULL;
    case 429:
        return (d->flags & ROUTE_DOC_THROTTLED) != 0;
    case 503:
        return strcmp(openapi_generic[i].name, "ProgramUnavailable") == 0 ? no_deps : !no_deps;
    default:
        return true;
    }
}

static int
openapi_response(openapi_build_t *b, const route_t *route, const route_response_doc_t *r,
                 json_object *responses)
{
    char code[8];
    const char *media_type = r->media_type ? r->media_type : "application/json";
    json_object *resp, *content, *schema = NULL;
    snprintf(code, sizeof(code), "%d", r->status);
    if (!json_object_object_get_ex(responses, code, &resp)) {
        resp = json_object_new_object();
        json_object_object_add(responses, code, resp);
        json_object_object_add(
            resp, "description",
            json_object_new_string(r->description ? r->description : http_reason(r->status)));
        /* A route's own 401, 405 or 429 carries the header the generic one
         * does (WWW-Authenticate, Allow, Retry-After): the server adds it. */
        for (size_t i = 0; i < OPENAPI_GENERIC; i++)
            if (openapi_generic[i].status == r->status && openapi_generic[i].header) {
                json_object_object_add(resp, "headers",
                                       openapi_headers(openapi_generic[i].header,
                                                       openapi_generic[i].header_description));
                break;
            }
    } else if (!json_object_object_get_ex(resp, "content", &content) ||
               json_object_object_get_ex(content, media_type, NULL)) {
        return openapi_fail(b, "route %s %s lists status %s twice", route->method, route->pattern,
                            code);
    }
    if (r->schema && openapi_schema_ref(b, r->schema, route, &schema) != 0)
        return -1;
    if (!r->schema && !r->media_type)
        return 0;
    if (!json_object_object_get_ex(resp, "content", &content)) {
        content = json_object_new_object();
        json_object_object_add(resp, "content", content);
    }
    json_object *media = json_object_new_object();
    if (schema)
        json_object_object_add(media, "schema", schema);
    json_object_object_add(content, media_type, media);
    return 0;
}

static int
openapi_responses(openapi_build_t *b, const route_t *route, bool path_params, json_object *op)
{
    json_object *responses = json_object_new_object();
    json_object_object_add(op, "responses", responses);
    for (const route_response_doc_t *r = route->doc->responses; r && r->status; r++)
        if (openapi_response(b, route, r, responses) != 0)
            return -1;
    if (json_object_object_length(responses) == 0)
        return openapi_fail(b, "route %s %s lists no response", route->method, route->pattern);
    for (size_t i = 0; i < OPENAPI_GENERIC; i++) {
        char code[8];
        snprintf(code, sizeof(code), "%d", openapi_generic[i].status);
        if (!json_object_object_get_ex(responses, code, NULL) &&
            openapi_generic_applies(i, route, path_params))
            json_object_object_add(responses, code,
                                   openapi_ref("responses", openapi_generic[i].name));
    }
    return 0;
}

static json_object *
openapi_description_of(const route_doc_t *doc)
{
    char text[4096];
    const char *staff = doc->auth == ROUTE_AUTH_STAFF ? "Staff only. " : "";
    const char *debug = doc->flags & ROUTE_DOC_DEBUG_ONLY ? "Routed only when DEBUG is on. " : "";
    const char *token =
        doc->auth == ROUTE_AUTH_TOKEN ? "Authenticated by a shared token in the body. " : "";
    snprintf(text, sizeof(text), "%s%s%s%s", staff, debug, token,
             doc->description ? doc->description : "");
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == ' ')
        text[--n] = '\0';
    return n ? json_object_new_string(text) : NULL;
}

static int
openapi_operation(openapi_build_t *b, const route_t *route, const char *template,
                  json_object *path_names, json_object **out)
{
    const route_doc_t *doc = route->doc;
    char id[256];
    json_object *op = json_object_new_object();
    *out = op;
    openapi_operation_id(route->method, template, id, sizeof(id));
    json_object_object_add(op, "operationId", json_object_new_string(id));
    json_object_object_add(op, "summary", json_object_new_string(doc->summary));
    json_object *description = openapi_description_of(doc);
    if (description)
        json_object_object_add(op, "description", description);
    if (doc->tag) {
        size_t t = 0;
        while (t < OPENAPI_TAGS && strcmp(openapi_tags[t][0], doc->tag) != 0)
            t++;
        if (t == OPENAPI_TAGS)
            return openapi_fail(b,
                                "route %s %s: tag %s is not in openapi_tags (lib/http/openapi.c)",
                                route->method, route->pattern, doc->tag);
        json_object *tags = json_object_new_array();
        json_object_array_add(tags, json_object_new_string(doc->tag));
        json_object_object_add(op, "tags", tags);
        json_object_object_add(b->tags, doc->tag, json_object_new_boolean(true));
    }
    json_object_object_add(op, "security", openapi_security(doc->auth, route->method));
    if (openapi_parameters(b, route, path_names, op) != 0 ||
        openapi_request_body(b, route, op) != 0)
        return -1;
    return openapi_responses(b, route, json_object_array_length(path_names) > 0, op);
}

static int
openapi_add_route(openapi_build_t *b, const route_t *route, json_object *paths)
{
    if (route->doc == NULL) {
        if (b->undocumented++ == 0)
            snprintf(b->err, b->errlen, "route %s %s has no doc (http/openapi.h)", route->method,
                     route->pattern);
        return 0;
    }
    if (route->doc->summary == NULL) {
        if (route->doc->why == NULL)
            return openapi_fail(b, "route %s %s: a doc without summary must say why", route->method,
                                route->pattern);
        return 0;
    }
    if (strcmp(route->method, "*") == 0)
        return openapi_fail(b, "route * %s: document each method", route->pattern);
    char template[512], method[16];
    json_object *names = json_object_new_array(), *item, *op = NULL;
    openapi_path_template(route->pattern, template, sizeof(template), names);
    snprintf(method, sizeof(method), "%s", route->method);
    for (char *p = method; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (!json_object_object_get_ex(paths, template, &item)) {
        item = json_object_new_object();
        json_object_object_add(paths, template, item);
    }
    int rc = json_object_object_get_ex(item, method, NULL)
                 ? openapi_fail(b, "route %s %s is routed twice", route->method, route->pattern)
                 : openapi_operation(b, route, template, names, &op);
    if (op)
        json_object_object_add(item, method, op);
    json_object_put(names);
    return rc;
}

static json_object *
openapi_security_schemes(void)
{
    json_object *s = json_object_new_object(), *bearer = openapi_type("http");
    json_object_object_add(bearer, "scheme", json_object_new_string("bearer"));
    json_object_object_add(bearer, "bearerFormat", json_object_new_string("JWT"));
    json_object_object_add(
        bearer, "description",
        json_object_new_string("An access token of POST /api/auth/obtain_token/ (simplejwt's)."));
    json_object_object_add(s, "bearerAuth", bearer);
    static const char *const keys[][4] = {
        {"sessionCookie", "cookie", "sessionid", "The session of POST /api/login/."},
        {"csrfCookie", "cookie", "csrftoken", "Set by GET /api/login-set-cookie/."},
        {"csrfToken", "header", "X-CSRFToken", "The csrftoken cookie's value, on unsafe methods."},
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        json_object *k = openapi_type("apiKey");
        json_object_object_add(k, "in", json_object_new_string(keys[i][1]));
        json_object_object_add(k, "name", json_object_new_string(keys[i][2]));
        json_object_object_add(k, "description", json_object_new_string(keys[i][3]));
        json_object_object_add(s, keys[i][0], k);
    }
    return s;
}

static json_object *
openapi_skeleton(openapi_build_t *b, json_object **paths)
{
    json_object *doc = json_object_new_object(), *info = json_object_new_object();
    json_object_object_add(doc, "openapi", json_object_new_string("3.1.0"));
    json_object_object_add(info, "title", json_object_new_string(PACKAGE_NAME " API"));
    json_object_object_add(info, "version", json_object_new_string(PACKAGE_VERSION));
    json_object_object_add(info, "description", json_object_new_string(openapi_description));
    json_object_object_add(doc, "info", info);
    json_object *servers = json_object_new_array(), *server = json_object_new_object();
    json_object_object_add(server, "url", json_object_new_string("/"));
    json_object_object_add(server, "description", json_object_new_string("This server"));
    json_object_array_add(servers, server);
    json_object_object_add(doc, "servers", servers);
    *paths = json_object_new_object();
    json_object_object_add(doc, "paths", *paths);
    json_object *components = json_object_new_object();
    json_object_object_add(components, "schemas", json_object_get(b->schemas));
    json_object_object_add(components, "responses", openapi_generic_responses());
    json_object_object_add(components, "securitySchemes", openapi_security_schemes());
    json_object_object_add(doc, "components", components);
    return doc;
}

/* The tags routes use, described, in openapi_tags' order. */
static json_object *
openapi_tag_list(openapi_build_t *b)
{
    json_object *tags = json_object_new_array();
    for (size_t i = 0; i < OPENAPI_TAGS; i++) {
        if (!json_object_object_get_ex(b->tags, openapi_tags[i][0], NULL))
            continue;
        json_object *t = json_object_new_object();
        json_object_object_add(t, "name", json_object_new_string(openapi_tags[i][0]));
        json_object_object_add(t, "description", json_object_new_string(openapi_tags[i][1]));
        json_object_array_add(tags, t);
    }
    return tags;
}

/* JSON and YAML texts of doc, replacing the ones kept. */
static int
openapi_keep(openapi_build_t *b, json_object *doc)
{
    buf_t yaml;
    buf_init(&yaml);
    const char *json = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    char *json_copy = json ? strdup(json) : NULL;
    if (json_copy == NULL || yaml_from_json(doc, &yaml) != 0) {
        free(json_copy);
        buf_free(&yaml);
        return openapi_fail(b, "out of memory writing the document");
    }
    free(openapi_json_text);
    free(openapi_yaml_text);
    openapi_json_text = json_copy;
    openapi_yaml_text = strdup(buf_cstr(&yaml));
    buf_free(&yaml);
    return openapi_yaml_text ? 0 : openapi_fail(b, "out of memory writing the document");
}

int
openapi_build(const router_t *rt, const route_t *extra, size_t n_extra, char *err, size_t errlen)
{
    openapi_build_t b = {json_object_new_object(), json_object_new_object(), 0, err, errlen};
    json_object *paths, *doc = NULL;
    int rc = openapi_load_schemas(&b);
    if (rc == 0)
        rc = openapi_check_refs(&b, b.schemas, "schemas.json");
    if (rc == 0)
        doc = openapi_skeleton(&b, &paths);
    for (size_t i = 0; rc == 0 && i < rt->len; i++)
        rc = openapi_add_route(&b, &rt->routes[i], paths);
    for (size_t i = 0; rc == 0 && i < n_extra; i++)
        rc = openapi_add_route(&b, &extra[i], paths);
    if (rc == 0) {
        json_object_object_add(doc, "tags", openapi_tag_list(&b));
        rc = openapi_keep(&b, doc);
    }
    json_object_put(doc);
    json_object_put(b.schemas);
    json_object_put(b.tags);
    return rc == 0 ? b.undocumented : -1;
}

const char *
openapi_json(void)
{
    return openapi_json_text;
}

const char *
openapi_yaml(void)
{
    return openapi_yaml_text;
}
