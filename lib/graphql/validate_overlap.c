/* OverlappingFieldsCanBeMerged (validate.h): every selection set of the
 * document, in document order, with the parent type TypeInfo gives it.
 * An inline fragment's set is part of its enclosing one; a set of one
 * field or spread cannot conflict within itself. */
#include "graphql/validate.h"
#include "graphql/validate_overlap.h"

enum { OVERLAP_BUDGET = 500000 };

bool
ovl_spend(ovl_ctx_t *ctx, long cost)
{
    ctx->budget -= cost;
    if (ctx->budget < 0)
        ctx->aborted = true;
    return !ctx->aborted;
}

void
ovl_oom(ovl_ctx_t *ctx)
{
    ctx->errs->out_of_memory = 1;
    ctx->aborted = true;
}

static void
report(gql_errors_t *errs, const ovl_conflict_t *c)
{
    str_t name = c->response_name;
    gql_error_t *e = gql_error_add(errs,
                                   "Fields \"%.*s%s\" conflict because %s. Use different aliases "
                                   "on the fields to fetch both if this was intentional.",
                                   name.len > OVL_MAX_DETAIL ? OVL_MAX_DETAIL : (int)name.len,
                                   name.p, name.len > OVL_MAX_DETAIL ? "..." : "", c->reason);
    for (size_t i = 0; i < c->n1; i++)
        gql_error_add_loc(errs, e, c->fields1[i]->loc);
    for (size_t i = 0; i < c->n2; i++)
        gql_error_add_loc(errs, e, c->fields2[i]->loc);
}

enum { QUICK_MAX = 32 };

/* Whether set plainly has nothing to compare: no fragments, inline or
 * spread, and no response name twice. Then graphql-js finds no conflict
 * and spends none of its budget, so the field map need not be made. */
static bool
nothing_to_compare(const gql_selection_set_t *set)
{
    if (set->nitems > QUICK_MAX)
        return false;
    for (size_t i = 0; i < set->nitems; i++) {
        if (set->items[i].kind != GQL_SEL_FIELD)
            return false;
        str_t key = gql_response_key(&set->items[i]);
        for (size_t j = 0; j < i; j++)
            if (str_eq(key, gql_response_key(&set->items[j])))
                return false;
    }
    return true;
}

static void
visit_set(gql_values_walk_t *w, const gql_selection_set_t *set, const gql_type_t *parent,
          bool inline_fragment)
{
    ovl_ctx_t *ctx = w->data;
    if (inline_fragment ||
        (set->nitems <= 1 && (set->nitems == 0 || set->items[0].kind != GQL_SEL_INLINE_FRAGMENT)) ||
        nothing_to_compare(set))
        return;
    ovl_conflicts_t found = {0};
    ovl_conflicts_within(ctx, &found, parent, set);
    if (ctx->aborted) {
        if (ctx->budget < 0)
            gql_error_add(ctx->errs, "Validation aborted.");
        w->stop = true;
        return;
    }
    for (size_t i = 0; i < found.n; i++)
        report(ctx->errs, &found.items[i]);
}

void
gql_validate_overlap(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    ovl_ctx_t ctx = {
        .schema = s, .arena = errs->arena, .errs = errs, .doc = doc, .budget = OVERLAP_BUDGET};
    ovl_map_t *maps[] = {&ctx.names,    &ctx.name_of, &ctx.collected,   &ctx.groups,  &ctx.spread,
                         &ctx.compared, &ctx.pairs,   &ctx.overlapping, &ctx.reasons, &ctx.printed};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        maps[i]->arena = errs->arena;
    gql_values_walk_t w = {.schema = s, .arena = errs->arena, .visit_set = visit_set, .data = &ctx};
    for (size_t i = 0; i < doc->ndefs && !w.stop; i++) {
        if (doc->defs[i].kind == GQL_DEF_OPERATION)
            gql_values_walk_operation(&w, doc->defs[i].u.operation);
        else if (doc->defs[i].kind == GQL_DEF_FRAGMENT)
            gql_values_walk_fragment(&w, doc->defs[i].u.fragment);
    }
}
