/* The HN schema: the SDL kept in schema.graphql (compiled in), every field
 * bound to its resolver, checked once at start. */
#include <stdio.h>
#include <string.h>

#include "apps/hn/hn.h"

gql_schema_t *
hn_schema(void)
{
    arena_t *a = arena_new(16384);
    if (a == NULL) {
        fprintf(stderr, "hn: out of memory\n");
        return NULL;
    }
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_schema_t *s = gql_schema_from_sdl(str_from_cstr(hn_schema_sdl), &errs);
    if (s != NULL && (hn_bind_members(s) != 0 || hn_bind_relations(s) != 0 ||
                      hn_bind_mutations(s) != 0 || hn_bind_auth(s) != 0)) {
        gql_error_add(&errs, "a resolver names a field the schema does not have");
    } else if (s != NULL) {
        gql_schema_check_bound(s, &errs);
    }
    if (s == NULL || errs.count) {
        for (const gql_error_t *e = errs.first; e; e = e->next)
            fprintf(stderr, "hn: schema: %s\n", e->message);
        if (errs.count == 0)
            fprintf(stderr, "hn: schema: cannot be built\n");
        if (s)
            gql_schema_free(s);
        s = NULL;
    }
    arena_free(a);
    return s;
}
