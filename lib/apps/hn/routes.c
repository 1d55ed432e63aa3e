/* POST and GET /graphql/: size limit, parse, the limits of lib/graphql,
 * validation, the operation (a mutation only by POST), the caller, then
 * execution. Parse, limit, validation and request errors are 400 with
 * {"errors": [...]}; errors in resolvers are 200 with data and errors; a
 * dependency that is down is a 503 and a throttled tokenAuth or createUser
 * a 429, both with {"errors": [...]} only. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "apps/hn/http.h"
#include "core/log.h"
#include "core/settings.h"
#include "graphql/limits.h"
#include "graphql/validate.h"
#include "http/openapi.h"
#include "http/response.h"

enum {
    /* Nesting of selection sets, lists and objects the parser follows; the
     * field depth limit (GRAPHQL_MAX_DEPTH) is checked after parsing. */
    PARSE_MAX_DEPTH = 128,
};

/* Built once before the workers fork; read-only afterwards. */
static gql_schema_t *hn_graphql_schema;

static int
errors_reply(http_req_t *r, int status, const gql_errors_t *errs)
{
    buf_reset(r->out);
    buf_puts(r->out, "{\"errors\":");
    gql_errors_print_json(errs, r->out);
    buf_putc(r->out, '}');
    return http_json(r, status);
}

/* Size, syntax, limits and validation: 0, or -1 with the errors in errs. */
static int
document_or_errors(http_req_t *r, str_t query, json_object *variables, gql_document_t *doc,
                   gql_errors_t *errs)
{
    if (query.len > (size_t)settings.graphql.max_query_bytes) {
        gql_error_add(errs, "The query is too large: %zu bytes, at most %ld are allowed.",
                      query.len, settings.graphql.max_query_bytes);
        return -1;
    }
    gql_parse_limits_t pl = {.max_tokens = 0, .max_depth = PARSE_MAX_DEPTH};
    if (gql_parse(r->arena, query, &pl, doc, errs) != 0)
        return -1;
    gql_limits_t lim = {
        .max_depth = (size_t)settings.graphql.max_depth,
        .max_aliases = (size_t)settings.graphql.max_aliases,
        .max_fields = (size_t)settings.graphql.max_fields,
        .max_cost = (size_t)settings.graphql.max_cost,
        .default_list_size = (size_t)settings.graphql.default_list_size,
    };
    if (gql_check_limits(hn_graphql_schema, doc, variables, &lim, errs) != 0)
        return -1;
    return gql_validate(hn_graphql_schema, doc, errs) ? -1 : 0;
}

/* Runs the operation; a query's answer without errors is kept under key
 * (STR_NULL: not kept) and the generation read before it ran. */
static int
execute(http_req_t *r, const hn_gql_request_t *q, const gql_document_t *doc, hn_ctx_t *ctx,
        str_t key, unsigned long generation)
{
    gql_result_t res;
    gql_exec_params_t p = {
        .schema = hn_graphql_schema,
        .doc = doc,
        .operation_name = q->operation_name,
        .variables = q->variables,
        .root_value = "",
        .context = ctx,
        .arena = r->arena,
    };
    memset(&res, 0, sizeof(res));
    if (gql_execute(&p, &res) != 0) {
        if (!res.server_failed)
            return errors_reply(r, 400, &res.errors);
        /* Out of memory: the request was fine, so never a 400. */
        log_error("graphql_out_of_memory", "execution failed for want of memory");
        return errors_reply(r, 503, &res.errors);
    }
    if (ctx->unavailable)
        return hn_errors_reply(r, 503,
                               res.errors.first && res.errors.first->message
                                   ? res.errors.first->message
                                   : "Service unavailable.");
    if (ctx->throttled)
        return errors_reply(r, 429, &res.errors);
    buf_reset(r->out);
    gql_result_print_json(&res, r->out);
    if (key.p && res.errors.count == 0 && !r->out->failed)
        hn_cache_put(key, r->out, generation);
    return http_json(r, 200);
}

/* The caller comes first: the cache keeps answers per caller. Only
 * queries are kept, so a hit is never a mutation, by GET or not. */
static int
run(http_req_t *r, const hn_gql_request_t *q, bool by_get)
{
    hn_ctx_t ctx = {.r = r};
    const char *why;
    int status;
    if (hn_find_caller(r, &ctx, &why, &status) != 0)
        return hn_errors_reply(r, status, why);
    str_t key = hn_cache_key(r, q, &ctx);
    unsigned long generation = hn_cache_generation();
    if (hn_cache_get(r, key, generation))
        return http_json(r, 200);
    gql_errors_t errs;
    gql_document_t doc;
    const gql_operation_t *op;
    gql_errors_init(&errs, r->arena);
    if (document_or_errors(r, q->query, q->variables, &doc, &errs) != 0 ||
        gql_select_operation(&doc, q->operation_name, &op, &errs) != 0)
        return errors_reply(r, 400, &errs);
    if (by_get && op->kind != GQL_OP_QUERY) {
        http_add_header(r, "Allow", "POST");
        return hn_errors_reply(r, 405,
                               "Can only perform a mutation operation from a POST request.");
    }
    return execute(r, q, &doc, &ctx, op->kind == GQL_OP_QUERY ? key : STR_NULL, generation);
}

/* A browser asking for a page gets GraphiQL (DEBUG only): nginx serves the
 * built page that X-Accel-Redirect names. */
static bool
wants_html(http_req_t *r)
{
    str_t accept = http_header(r, "Accept");
    return accept.len && memmem(accept.p, accept.len, "text/html", 9) != NULL;
}

static int
graphql_get(http_req_t *r)
{
    if (settings.debug && wants_html(r)) {
        http_add_header(r, "X-Accel-Redirect", "/static/graphiql/index.html");
        return http_reply(r, 200, "text/html; charset=utf-8", STR_LIT(""));
    }
    hn_gql_request_t q;
    if (hn_read_get(r, &q) != 0)
        return r->status;
    return run(r, &q, true);
}

static int
graphql_post(http_req_t *r)
{
    hn_gql_request_t q;
    if (hn_read_post(r, &q) != 0)
        return r->status;
    return run(r, &q, false);
}

/* --- what GET /api/schema/ says of /graphql/ (http/openapi.h) -----------
 * cgi-bin/graphql serves these routes; the api program lists them in its
 * document (openapi_build's extra) with a pointer to the introspection,
 * which describes the GraphQL schema itself. */

#define GRAPHQL_DESCRIPTION                                                                        \
    "The Hacker News clone's GraphQL endpoint, served by cgi-bin/graphql. Its types, queries "     \
    "and mutations are described by GraphQL introspection, not here: POST "                        \
    "`{\"query\": \"{ __schema { queryType { name } types { name } } }\"}` (or any "               \
    "introspection query; GraphQL code generators send theirs). With DEBUG on, a GET of "          \
    "/graphql/ from a browser (`Accept: text/html`) is the GraphiQL page (nginx serves it from "   \
    "/static/graphiql/).\n\n"                                                                      \
    "The caller is found from `Authorization: JWT <tokenAuth's token>`, `Authorization: Bearer "   \
    "<access JWT of /api/auth/>` or the `sessionid` cookie, else anonymous; a token that does "    \
    "not verify is a 401 (with `WWW-Authenticate` naming its scheme), never an anonymous call. "   \
    "Errors follow the GraphQL specification: a request, parse, limit or validation error is a "   \
    "400 with `errors` only; an error in a resolver is a 200 with `data` (null where it failed) "  \
    "and `errors`."

/* The answers GET and POST share. */
#define GRAPHQL_EXECUTED                                                                           \
    {                                                                                              \
        200, "GraphQLResponse", "Executed: `data`, with `errors` from the resolvers that failed.", \
            NULL                                                                                   \
    }
#define GRAPHQL_BAD_TOKEN                                                                          \
    {                                                                                              \
        401, "GraphQLErrors",                                                                      \
            "A token that does not verify (`WWW-Authenticate`: `JWT` or `Bearer`).", NULL          \
    }
#define GRAPHQL_UNAVAILABLE                                                                        \
    {                                                                                              \
        503, "GraphQLErrorsOrDetail", "PostgreSQL or Redis is unreachable.", NULL                  \
    }

static const route_param_doc_t graphql_get_params[] = {
    {"query", "string",
     "The GraphQL document, a query operation (a mutation is a 405). Without it a 400, except "
     "for the GraphiQL page.",
     false},
    {"variables", "string", "The variables, a JSON object.", false},
    {"operationName", "string", "Which operation of the document to run.", false},
    {0},
};

static const route_response_doc_t graphql_get_responses[] = {
    GRAPHQL_EXECUTED,
    {200, NULL, "With DEBUG on, to a browser (`Accept: text/html`): the GraphiQL page.",
     "text/html"},
    {400, "GraphQLErrorsOrDetail",
     "No query, variables that are not a JSON object, or a document that does not parse, passes "
     "the size, depth, alias or cost limits, or validate; or nginx's `{\"detail\"}` for a request "
     "it refuses itself.",
     NULL},
    GRAPHQL_BAD_TOKEN,
    {404, "Error",
     "With DEBUG on, a browser's GET (`Accept: text/html`) where GraphiQL is not built "
     "(static/graphiql/): nginx's 404.",
     NULL},
    {405, "GraphQLErrorsOrDetail",
     "A mutation by GET (`Allow: POST`, `{\"errors\": [...]}`), or another method than GET and "
     "POST (`{\"detail\": ...}`).",
     NULL},
    GRAPHQL_UNAVAILABLE,
    {0, NULL, NULL, NULL},
};

static const route_doc_t graphql_get_doc = {
    .summary = "Run a GraphQL query",
    .description = GRAPHQL_DESCRIPTION,
    .tag = "graphql",
    .auth = ROUTE_AUTH_OPTIONAL,
    .query = graphql_get_params,
    .responses = graphql_get_responses,
};

static const route_response_doc_t graphql_post_responses[] = {
    GRAPHQL_EXECUTED,
    {400, "GraphQLErrorsOrDetail",
     "A body that cannot be read, no query, variables or operationName of the wrong type, or a "
     "document that does not parse, passes the size, depth, alias or cost limits, or validate; or "
     "nginx's `{\"detail\"}` for a request it refuses itself.",
     NULL},
    GRAPHQL_BAD_TOKEN,
    {413, "GraphQLErrorsOrDetail", "The body is larger than MAX_BODY_SIZE.", NULL},
    {415, "GraphQLErrors", "The body is neither application/json nor application/graphql.", NULL},
    {429, "GraphQLErrors",
     "A throttled `tokenAuth` (the REST login's buckets) or `createUser` (the register "
     "endpoint's budget), with `Retry-After`.",
     NULL},
    GRAPHQL_UNAVAILABLE,
    {0, NULL, NULL, NULL},
};

static const route_doc_t graphql_post_doc = {
    .summary = "Run a GraphQL query or mutation",
    .description = GRAPHQL_DESCRIPTION "\n\nThe body is JSON `{query, variables, operationName}`, "
                                       "or the document itself as `application/graphql`. A "
                                       "mutation that acts as a caller known by the cookie alone "
                                       "needs `X-CSRFToken` (else its field fails with `CSRF "
                                       "Failed: ...`).",
    .tag = "graphql",
    .auth = ROUTE_AUTH_OPTIONAL,
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "GraphQLRequest",
    .responses = graphql_post_responses,
};

const route_t hn_route_table[] = {
    {"GET", "/graphql/", graphql_get, &graphql_get_doc},
    {"POST", "/graphql/", graphql_post, &graphql_post_doc},
};
const size_t hn_route_table_len = ROUTES_LEN(hn_route_table);

int
hn_routes(router_t *rt)
{
    if (hn_graphql_schema == NULL && (hn_graphql_schema = hn_schema()) == NULL)
        return -1;
    if (hn_cache_init() != 0)
        return -1;
    return router_add_all(rt, hn_route_table, hn_route_table_len);
}
