/* How graphql-js writes values into its messages (coerce.h): inspect(),
 * print() of literals, and "Did you mean" suggestions. */
#include "graphql/coerce.h"

#include <ctype.h>
#include <stdlib.h>

enum {
    INSPECT_MAX_DEPTH = 2,  /* jsutils/inspect.js MAX_RECURSIVE_DEPTH */
    INSPECT_MAX_ITEMS = 10, /* MAX_ARRAY_LENGTH */
    SUGGEST_MAX = 5,        /* didYouMean.js MAX_SUGGESTIONS */
    SUGGEST_MAX_OPTIONS = 64,
    SUGGEST_MAX_LEN = 256,
};

static void inspect_at(const gql_val_t *v, int depth, buf_t *out);

static void
inspect_list(const gql_val_t *v, int depth, buf_t *out)
{
    if (v->nitems == 0) {
        buf_puts(out, "[]");
        return;
    }
    if (depth > INSPECT_MAX_DEPTH) {
        buf_puts(out, "[Array]");
        return;
    }
    size_t len = v->nitems < INSPECT_MAX_ITEMS ? v->nitems : INSPECT_MAX_ITEMS;
    buf_putc(out, '[');
    for (size_t i = 0; i < len; i++) {
        if (i)
            buf_puts(out, ", ");
        inspect_at(&v->items[i], depth + 1, out);
    }
    size_t remaining = v->nitems - len;
    if (remaining == 1)
        buf_puts(out, ", ... 1 more item");
    else if (remaining > 1)
        buf_printf(out, ", ... %zu more items", remaining);
    buf_putc(out, ']');
}

static void
inspect_object(const gql_val_t *v, int depth, buf_t *out)
{
    if (v->nfields == 0) {
        buf_puts(out, "{}");
        return;
    }
    if (depth > INSPECT_MAX_DEPTH) {
        buf_puts(out, "[Object]");
        return;
    }
    buf_puts(out, "{ ");
    for (size_t i = 0; i < v->nfields; i++) {
        if (i)
            buf_puts(out, ", ");
        buf_str(out, v->keys[i]);
        buf_puts(out, ": ");
        inspect_at(&v->values[i], depth + 1, out);
    }
    buf_puts(out, " }");
}

static void
inspect_at(const gql_val_t *v, int depth, buf_t *out)
{
    switch (v->kind) {
    case GQL_VAL_NULL:
        buf_puts(out, "null");
        return;
    case GQL_VAL_BOOLEAN:
        buf_puts(out, v->b ? "true" : "false");
        return;
    case GQL_VAL_INT:
        buf_printf(out, "%lld", (long long)v->i);
        return;
    case GQL_VAL_FLOAT:
        gql_js_number(v->f, out);
        return;
    case GQL_VAL_STRING:
    case GQL_VAL_ENUM:
        buf_json_str(out, v->s);
        return;
    case GQL_VAL_LIST:
        inspect_list(v, depth, out);
        return;
    case GQL_VAL_OBJECT:
        inspect_object(v, depth, out);
        return;
    case GQL_VAL_SOURCE:
        buf_puts(out, "{}");
        return;
    }
}

void
gql_inspect(const gql_val_t *v, buf_t *out)
{
    inspect_at(v, 1, out);
}
