/* Reading a GraphQL request over HTTP: POST with a JSON body {query,
 * variables, operationName} or an application/graphql body, GET with the
 * same names in the query string. Every refusal is a GraphQL error shape
 * {"errors": [{"message"}]} with a 4xx status, never a 500. */
#include <string.h>

#include "apps/hn/http.h"
#include "core/json.h"
#include "core/settings.h"
#include "http/response.h"

int
hn_errors_reply(http_req_t *r, int status, const char *message)
{
    buf_reset(r->out);
    buf_puts(r->out, "{\"errors\":[{\"message\":");
    buf_json_cstr(r->out, message);
    buf_puts(r->out, "}]}");
    return http_json(r, status);
}

/* variables as sent: absent or null, an object, or (graphene took it) a
 * string holding a JSON object. */
static int
variables_or_reply(http_req_t *r, json_object *v, json_object **out)
{
    *out = NULL;
    if (v == NULL || json_object_is_type(v, json_type_null))
        return 0;
    if (json_object_is_type(v, json_type_string)) {
        const char *err;
        str_t text = {json_object_get_string(v), (size_t)json_object_get_string_len(v)};
        if (text.len == 0)
            return 0;
        if (http_json_parse(text, out, &err) != 0 || *out == NULL) {
            hn_errors_reply(r, 400, "Variables are invalid JSON.");
            return -1;
        }
        json_own(r->arena, *out);
        return 0;
    }
    if (!json_object_is_type(v, json_type_object)) {
        hn_errors_reply(r, 400, "Variables must be an object.");
        return -1;
    }
    *out = v;
    return 0;
}

static int
name_or_reply(http_req_t *r, json_object *v, str_t *out)
{
    *out = STR_NULL;
    if (v == NULL || json_object_is_type(v, json_type_null))
        return 0;
    if (!json_object_is_type(v, json_type_string)) {
        hn_errors_reply(r, 400, "operationName must be a string.");
        return -1;
    }
    *out = (str_t){json_object_get_string(v), (size_t)json_object_get_string_len(v)};
    return 0;
}

static int
query_or_reply(http_req_t *r, json_object *v, str_t *out)
{
    if (v == NULL || json_object_is_type(v, json_type_null)) {
        hn_errors_reply(r, 400, "Must provide query string.");
        return -1;
    }
    if (!json_object_is_type(v, json_type_string)) {
        hn_errors_reply(r, 400, "The query must be a string.");
        return -1;
    }
    *out = (str_t){json_object_get_string(v), (size_t)json_object_get_string_len(v)};
    return 0;
}

static int
json_request_or_reply(http_req_t *r, str_t body, hn_gql_request_t *q)
{
    json_object *obj;
    const char *err;
    if (http_json_parse(body, &obj, &err) != 0 || obj == NULL) {
        hn_errors_reply(r, 400, err ? err : "JSON parse error.");
        return -1;
    }
    json_own(r->arena, obj);
    if (query_or_reply(r, json_get(obj, "query"), &q->query) != 0 ||
        variables_or_reply(r, json_get(obj, "variables"), &q->variables) != 0 ||
        name_or_reply(r, json_get(obj, "operationName"), &q->operation_name) != 0)
        return -1;
    return 0;
}

int
hn_read_post(http_req_t *r, hn_gql_request_t *q)
{
    memset(q, 0, sizeof(*q));
    if (r->content_length > settings.max_body_size)
        return hn_errors_reply(r, 413, "Request body too large."), -1;
    http_media_type_t mt;
    if (r->content_type.len == 0 || http_media_type_parse(r->arena, r->content_type, &mt) != 0 ||
        !(str_eq_cstr(mt.type, "application/json") ||
          str_eq_cstr(mt.type, "application/graphql"))) {
        hn_errors_reply(r, 415, "Content-Type must be application/json or application/graphql.");
        return -1;
    }
    str_t body;
    if (http_body_or_reply(r, &body) != 0) {
        hn_errors_reply(r, r->status >= 400 ? r->status : 400, "The request body cannot be read.");
        return -1;
    }
    if (str_eq_cstr(mt.type, "application/json"))
        return json_request_or_reply(r, body, q);
    if (!str_utf8_text(body))
        return hn_errors_reply(r, 400, HTTP_NOT_TEXT_DETAIL), -1;
    if (body.len == 0)
        return hn_errors_reply(r, 400, "Must provide query string."), -1;
    q->query = body;
    return 0;
}

int
hn_read_get(http_req_t *r, hn_gql_request_t *q)
{
    bool found;
    memset(q, 0, sizeof(*q));
    q->query = http_query(r, "query", &found);
    if (!found || q->query.len == 0)
        return hn_errors_reply(r, 400, "Must provide query string."), -1;
    q->operation_name = http_query(r, "operationName", NULL);
    str_t vars = http_query(r, "variables", NULL);
    if (vars.len) {
        json_object *v = json_object_new_string_len(vars.p, (int)vars.len);
        if (v == NULL)
            return hn_errors_reply(r, 503, "Out of memory."), -1;
        json_own(r->arena, v);
        return variables_or_reply(r, v, &q->variables);
    }
    return 0;
}
