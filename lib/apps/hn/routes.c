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

static const route_t hn_route_table[] = {
    {"GET", "/graphql/", graphql_get, NULL},
    {"POST", "/graphql/", graphql_post, NULL},
};

int
hn_routes(router_t *rt)
{
    if (hn_graphql_schema == NULL && (hn_graphql_schema = hn_schema()) == NULL)
        return -1;
    if (hn_cache_init() != 0)
        return -1;
    return router_add_all(rt, hn_route_table, ROUTES_LEN(hn_route_table));
}
