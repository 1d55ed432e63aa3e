/* GET /api/schema/: the API document cgi-bin/api built at start-up
 * (http/openapi.h), as JSON, or YAML with ?format=yaml. */
#include "apps/core/core.h"

#include <string.h>

#include "http/openapi.h"
#include "http/response.h"

int
core_api_schema(http_req_t *r)
{
    bool given = false;
    str_t format = http_query(r, "format", &given);
    const char *text = NULL, *type = NULL;
    if (!given || str_eq_cstr(format, "json")) {
        text = openapi_json();
        type = "application/vnd.oai.openapi+json; charset=utf-8";
    } else if (str_eq_cstr(format, "yaml")) {
        text = openapi_yaml();
        type = "application/yaml; charset=utf-8";
    } else {
        return http_reply_detail(r, 400, "Unknown format: json (the default) or yaml.");
    }
    if (text == NULL)
        return http_reply_detail(r, 503, "The API document was not built.");
    return http_reply(r, 200, type, (str_t){text, strlen(text)});
}

const route_doc_t core_api_schema_doc = {
    .summary = "This document",
    .description = "The OpenAPI 3.1 description of every /api/ endpoint, generated from the route "
                   "tables at start-up. `?format=yaml` gives it as YAML.",
    .tag = "schema",
    .auth = ROUTE_AUTH_NONE,
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .query =
        (const route_param_doc_t[]){
            {"format", "enum:json|yaml", "json (the default) or yaml", false},
            {0},
        },
    .responses =
        (const route_response_doc_t[]){
            {200, "OpenAPIDocument", "The document as JSON.", "application/vnd.oai.openapi+json"},
            {200, "OpenAPIText", NULL, "application/yaml"},
            {0},
        },
};
