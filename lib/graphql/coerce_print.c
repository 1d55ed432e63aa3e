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

/* language/printString.js: control characters, '"', '\\' and C1 controls
 * escaped, the rest as is. */
static void
print_string(str_t s, buf_t *out)
{
    static const char hex[] = "0123456789ABCDEF";
    buf_putc(out, '"');
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        const char *esc = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c == '\b' ? "\\b"
                          : c == '\t' ? "\\t"
                          : c == '\n' ? "\\n"
                          : c == '\f' ? "\\f"
                          : c == '\r' ? "\\r"
                                      : NULL;
        if (esc)
            buf_puts(out, esc);
        else if (c < 0x20 || c == 0x7f)
            buf_printf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        else if (c == 0xc2 && i + 1 < s.len && (unsigned char)s.p[i + 1] >= 0x80 &&
                 (unsigned char)s.p[i + 1] <= 0x9f) {
            c = (unsigned char)s.p[++i];
            buf_printf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
        } else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

void
gql_print_literal(const gql_value_t *v, buf_t *out)
{
    switch (v->kind) {
    case GQL_VALUE_VARIABLE:
        buf_putc(out, '$');
        buf_str(out, v->name);
        return;
    case GQL_VALUE_INT:
    case GQL_VALUE_FLOAT:
        buf_str(out, v->raw);
        return;
    case GQL_VALUE_STRING:
        print_string(v->string, out);
        return;
    case GQL_VALUE_BOOLEAN:
        buf_puts(out, v->boolean ? "true" : "false");
        return;
    case GQL_VALUE_NULL:
        buf_puts(out, "null");
        return;
    case GQL_VALUE_ENUM:
        buf_str(out, v->name);
        return;
    case GQL_VALUE_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            buf_puts(out, i ? ", " : "");
            gql_print_literal(v->items[i], out);
        }
        buf_putc(out, ']');
        return;
    case GQL_VALUE_OBJECT:
        buf_putc(out, '{');
        for (size_t i = 0; i < v->nfields; i++) {
            buf_puts(out, i ? ", " : "");
            buf_str(out, v->fields[i].name);
            buf_puts(out, ": ");
            gql_print_literal(v->fields[i].value, out);
        }
        buf_putc(out, '}');
        return;
    }
}

static size_t
min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* suggestionList.js's LexicalDistance: optimal string alignment distance
 * of the lower-cased texts, SIZE_MAX when over threshold. a is the longer. */
static size_t
lexical_distance(const char *a, size_t alen, const char *b, size_t blen, size_t threshold)
{
    if (alen - blen > threshold)
        return SIZE_MAX;
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= blen; j++)
        rows[0][j] = j;
    for (size_t i = 1; i <= alen; i++) {
        size_t *up = rows[(i - 1) % 3], *cur = rows[i % 3];
        size_t smallest = cur[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t cell = min3(up[j] + 1, cur[j - 1] + 1, up[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                rows[(i - 2) % 3][j - 2] + 1 < cell)
                cell = rows[(i - 2) % 3][j - 2] + 1;
            if (cell < smallest)
                smallest = cell;
            cur[j] = cell;
        }
        if (smallest > threshold)
            return SIZE_MAX;
    }
    size_t d = rows[alen % 3][blen];
    return d <= threshold ? d : SIZE_MAX;
}

static size_t
lower_copy(str_t s, char *out)
{
    size_t n = s.len < SUGGEST_MAX_LEN ? s.len : SUGGEST_MAX_LEN;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)s.p[i]);
    return n;
}

static size_t
suggestion_distance(str_t input, str_t option, size_t threshold)
{
    if (str_eq(input, option))
        return 0;
    char a[SUGGEST_MAX_LEN], b[SUGGEST_MAX_LEN];
    size_t alen = lower_copy(option, a), blen = lower_copy(input, b);
    if (alen == blen && memcmp(a, b, alen) == 0)
        return 1;
    if (alen < blen)
        return lexical_distance(b, blen, a, alen, threshold);
    return lexical_distance(a, alen, b, blen, threshold);
}

/* naturalCompare.js: digit runs compare as numbers. */
static int
natural_compare(str_t a, str_t b)
{
    size_t i = 0, j = 0;
    while (i < a.len && j < b.len) {
        unsigned char ca = (unsigned char)a.p[i], cb = (unsigned char)b.p[j];
        if (isdigit(ca) && isdigit(cb)) {
            unsigned long long na = 0, nb = 0;
            do
                na = na * 10 + (unsigned)(a.p[i++] - '0');
            while (i < a.len && isdigit((unsigned char)a.p[i]) && na > 0);
            do
                nb = nb * 10 + (unsigned)(b.p[j++] - '0');
            while (j < b.len && isdigit((unsigned char)b.p[j]) && nb > 0);
            if (na != nb)
                return na < nb ? -1 : 1;
        } else {
            if (ca != cb)
                return ca < cb ? -1 : 1;
            i++, j++;
        }
    }
    return (a.len > b.len) - (a.len < b.len);
}

typedef struct {
    str_t name;
    size_t distance;
} suggestion_t;

static int
suggestion_cmp(const void *pa, const void *pb)
{
    const suggestion_t *a = pa, *b = pb;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return natural_compare(a->name, b->name);
}

void
gql_did_you_mean(str_t input, const str_t *options, size_t noptions, const char *sub, buf_t *out)
{
    suggestion_t found[SUGGEST_MAX_OPTIONS];
    size_t n = 0, threshold = input.len * 4 / 10 + 1;
    for (size_t i = 0; i < noptions && n < SUGGEST_MAX_OPTIONS; i++) {
        size_t d = suggestion_distance(input, options[i], threshold);
        if (d != SIZE_MAX)
            found[n++] = (suggestion_t){options[i], d};
    }
    if (n == 0)
        return;
    qsort(found, n, sizeof *found, suggestion_cmp);
    buf_puts(out, " Did you mean ");
    if (sub)
        buf_printf(out, "%s ", sub);
    if (n > SUGGEST_MAX)
        n = SUGGEST_MAX;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(out, n == 2 ? " or " : i == n - 1 ? ", or " : ", ");
        buf_printf(out, "\"%.*s\"", STR_FMT(found[i].name));
    }
    buf_putc(out, '?');
}
