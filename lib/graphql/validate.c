/* gql_validate: every rule group, in graphql-js's specifiedRules order as
 * far as the groups allow (graphql-js visits the document once with all
 * rules in parallel, so errors of different groups may come in another
 * order; each group keeps graphql-js's order among its own rules). Stops
 * after 100 errors with graphql-js's closing error, and after a group
 * that spent the fragment work budget ("Validation aborted."). */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

enum { GQL_VALIDATE_MAX_ERRORS = 100 };

typedef void (*group_fn)(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs);

size_t
gql_validate(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    static const group_fn groups[] = {
        gql_validate_documents, gql_validate_fields,     gql_validate_fragments,
        gql_validate_variables, gql_validate_directives, gql_validate_arguments,
        gql_validate_values,    gql_validate_overlap,    gql_validate_introspection,
    };
    size_t before = errs->count, max = errs->max;
    size_t limit = before + GQL_VALIDATE_MAX_ERRORS;
    if (!max || max > limit)
        errs->max = limit;
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        groups[i](s, doc, errs);
        if (errs->count > limit || vw_aborted(errs))
            break;
    }
    if (errs->count > limit) {
        /* graphql-js keeps 100 errors, then says why it stopped. */
        errs->count = limit;
        errs->max = limit + 1;
        gql_error_add(errs, "Too many validation errors, error limit reached. Validation "
                            "aborted.");
    }
    errs->max = max;
    return errs->count - before;
}
