/* ValuesOfCorrectType, UniqueInputFieldNames and VariablesInAllowedPosition
 * (validate.h), in graphql-js's order: definitions in document order, the
 * literals of each as they come, and the variable usages of an operation
 * when it ends, as graphql-js reports them when it leaves the operation.
 * Type system definitions have their values checked too, as graphql-js
 * visits them. */
#include "graphql/validate.h"
#include "graphql/validate_values.h"

/* The fragment table and usage cache, made for the first operation that
 * declares variables (most requests never need them). */
static gql_values_vars_t *
vars_for(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs, gql_fragtab_t *frags,
         gql_values_vars_t **vars)
{
    if (!*vars && gql_fragtab_init(frags, errs->arena, doc) == 0)
        *vars = gql_values_vars_new(s, frags, errs);
    if (!*vars)
        errs->out_of_memory = 1;
    return *vars;
}

void
gql_validate_values(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    gql_fragtab_t frags;
    gql_values_vars_t *vars = NULL;
    gql_values_walk_t w = {
        .schema = s, .arena = errs->arena, .visit = gql_values_check_literal, .data = errs};
    for (size_t i = 0; i < doc->ndefs; i++) {
        const gql_definition_t *def = &doc->defs[i];
        if (def->kind == GQL_DEF_OPERATION) {
            const gql_operation_t *op = def->u.operation;
            gql_values_walk_operation(&w, op);
            if (op->nvars && !vars_for(s, doc, errs, &frags, &vars))
                return;
            if (op->nvars && gql_values_check_variables(vars, op) != 0)
                return;
        } else if (def->kind == GQL_DEF_FRAGMENT) {
            gql_values_walk_fragment(&w, def->u.fragment);
        } else {
            gql_values_walk_sdl(&w, def);
        }
    }
}
