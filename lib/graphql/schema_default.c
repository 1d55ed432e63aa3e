/* Default values as introspection shows them: graphql-js coerces the SDL
 * literal to the argument's type (valueFromAST) and prints it back
 * (print(astFromValue(...))), so `Float = 1.50` reads `1.5`, a single
 * value for a list reads `[5]`, and an input object gets its fields'
 * defaults filled in. A literal that does not coerce has no default. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graphql/schema_impl.h"

/* Input object defaults can refer to each other; graphql-js would loop. */
enum { DEFAULT_MAX_DEPTH = 32 };

static bool print_value(const gql_value_t *lit, const gql_tref_t *type, buf_t *out, int depth);

/* graphql-js's printString: JSON-like, control characters as \uXXXX. */
static void
print_string(str_t s, buf_t *out)
{
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
            buf_printf(out, "\\u%04X", c);
        else if (c == 0xc2 && i + 1 < s.len && (unsigned char)s.p[i + 1] >= 0x80 &&
                 (unsigned char)s.p[i + 1] <= 0x9f)
            buf_printf(out, "\\u%04X", (unsigned char)s.p[++i]); /* U+0080..U+009F */
        else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

/* JavaScript's Number.prototype.toString for a finite double: the
 * shortest digits that read back the same, placed as ECMAScript says. */
static void
print_js_number(double f, buf_t *out)
{
    if (f == 0) {
        buf_putc(out, '0');
        return;
    }
    char tmp[40];
    for (int p = 0; p < 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p, f);
        if (strtod(tmp, NULL) == f)
            break;
    }
    char digits[24];
    size_t k = 0;
    const char *c = tmp;
    if (*c == '-') {
        buf_putc(out, '-');
        c++;
    }
    for (; *c && *c != 'e'; c++)
        if (*c != '.')
            digits[k++] = *c;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    int n = atoi(c + 1) + 1; /* the decimal point sits after n digits */
    if ((int)k <= n && n <= 21) {
        buf_append(out, digits, k);
        for (int i = (int)k; i < n; i++)
            buf_putc(out, '0');
    } else if (0 < n && n <= 21) {
        buf_append(out, digits, (size_t)n);
        buf_putc(out, '.');
        buf_append(out, digits + n, k - (size_t)n);
    } else if (-6 < n && n <= 0) {
        buf_puts(out, "0.");
        for (int i = n; i < 0; i++)
            buf_putc(out, '0');
        buf_append(out, digits, k);
    } else {
        buf_putc(out, digits[0]);
        if (k > 1) {
            buf_putc(out, '.');
            buf_append(out, digits + 1, k - 1);
        }
        buf_printf(out, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
}

static bool
int_text(str_t raw, long long *v)
{
    char tmp[32];
    if (raw.len == 0 || raw.len >= sizeof tmp)
        return false;
    memcpy(tmp, raw.p, raw.len);
    tmp[raw.len] = '\0';
    errno = 0;
    *v = strtoll(tmp, NULL, 10);
    return errno == 0;
}

static bool
number_of(const gql_value_t *lit, double *f)
{
    if (lit->kind != GQL_VALUE_INT && lit->kind != GQL_VALUE_FLOAT)
        return false;
    char *tmp = malloc(lit->raw.len + 1);
    if (!tmp)
        return false;
    memcpy(tmp, lit->raw.p, lit->raw.len);
    tmp[lit->raw.len] = '\0';
    *f = strtod(tmp, NULL);
    free(tmp);
    return isfinite(*f);
}

/* An ID prints as an Int when its text is one (graphql-js's astFromValue). */
static bool
id_is_int(str_t s)
{
    size_t i = s.len && s.p[0] == '-';
    if (i >= s.len || (s.p[i] == '0' && s.len > i + 1))
        return false;
    for (; i < s.len; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

/* A custom scalar of buildSchema reads any literal as JSON would
 * (valueFromASTUntyped) and prints it back; lists and objects it cannot. */
static bool
print_custom(const gql_value_t *lit, buf_t *out)
{
    double f;
    switch (lit->kind) {
    case GQL_VALUE_INT:
    case GQL_VALUE_FLOAT:
        if (!number_of(lit, &f))
            return false;
        print_js_number(f, out);
        return true;
    case GQL_VALUE_STRING:
        print_string(lit->string, out);
        return true;
    case GQL_VALUE_ENUM:
        print_string(lit->name, out);
        return true;
    case GQL_VALUE_BOOLEAN:
        buf_puts(out, lit->boolean ? "true" : "false");
        return true;
    default:
        return false;
    }
}

static bool
print_scalar(const gql_value_t *lit, const gql_type_t *t, buf_t *out)
{
    double f;
    long long v;
    if (!t->builtin)
        return print_custom(lit, out);
    if (str_eq_cstr(t->name, "Int")) {
        if (lit->kind != GQL_VALUE_INT || !int_text(lit->raw, &v) || v < INT32_MIN || v > INT32_MAX)
            return false;
        buf_printf(out, "%lld", v);
    } else if (str_eq_cstr(t->name, "Float")) {
        if (!number_of(lit, &f))
            return false;
        print_js_number(f, out);
    } else if (str_eq_cstr(t->name, "Boolean")) {
        if (lit->kind != GQL_VALUE_BOOLEAN)
            return false;
        buf_puts(out, lit->boolean ? "true" : "false");
    } else if (str_eq_cstr(t->name, "ID") && lit->kind == GQL_VALUE_INT) {
        buf_str(out, lit->raw);
    } else if (lit->kind != GQL_VALUE_STRING) {
        return false;
    } else if (str_eq_cstr(t->name, "ID") && id_is_int(lit->string)) {
        buf_str(out, lit->string);
    } else {
        print_string(lit->string, out);
    }
    return true;
}

static bool
print_enum(const gql_value_t *lit, const gql_type_t *t, buf_t *out)
{
    if (lit->kind != GQL_VALUE_ENUM)
        return false;
    for (size_t i = 0; i < t->nvalues; i++) {
        if (str_eq(t->values[i].name, lit->name)) {
            buf_str(out, lit->name);
            return true;
        }
    }
    return false;
}

static const gql_value_t *
object_field(const gql_value_t *lit, str_t name)
{
    for (size_t i = 0; i < lit->nfields; i++)
        if (str_eq(lit->fields[i].name, name))
            return lit->fields[i].value;
    return NULL;
}

/* Fields in the type's order, a missing one by its own default. */
static bool
print_object(const gql_value_t *lit, const gql_type_t *t, buf_t *out, int depth)
{
    if (lit->kind != GQL_VALUE_OBJECT)
        return false;
    size_t printed = 0, nonnull = 0;
    buf_putc(out, '{');
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const gql_input_value_t *f = &t->input_fields[i];
        const gql_value_t *v = object_field(lit, f->name);
        if (v && v->kind == GQL_VALUE_VARIABLE)
            v = NULL; /* no variables in a schema: missing */
        if (!v)
            v = f->default_value;
        if (!v && f->type->kind == GQL_TYPE_NON_NULL)
            return false;
        if (!v)
            continue;
        buf_puts(out, printed++ ? ", " : "");
        buf_str(out, f->name);
        buf_puts(out, ": ");
        if (!print_value(v, f->type, out, depth + 1))
            return false;
        nonnull += v->kind != GQL_VALUE_NULL;
    }
    buf_putc(out, '}');
    return !t->one_of || (printed == 1 && nonnull == 1);
}

static bool
print_value(const gql_value_t *lit, const gql_tref_t *type, buf_t *out, int depth)
{
    if (depth > DEFAULT_MAX_DEPTH || lit->kind == GQL_VALUE_VARIABLE)
        return false;
    if (lit->kind == GQL_VALUE_NULL) {
        buf_puts(out, "null");
        return type->kind != GQL_TYPE_NON_NULL;
    }
    if (type->kind == GQL_TYPE_NON_NULL)
        return print_value(lit, type->of, out, depth);
    if (type->kind == GQL_TYPE_LIST) {
        buf_putc(out, '[');
        if (lit->kind != GQL_VALUE_LIST) {
            if (!print_value(lit, type->of, out, depth + 1))
                return false;
        }
        for (size_t i = 0; lit->kind == GQL_VALUE_LIST && i < lit->nitems; i++) {
            buf_puts(out, i ? ", " : "");
            if (!print_value(lit->items[i], type->of, out, depth + 1))
                return false;
        }
        buf_putc(out, ']');
        return true;
    }
    const gql_type_t *t = type->named;
    switch (t->kind) {
    case GQL_KIND_SCALAR:
        return print_scalar(lit, t, out);
    case GQL_KIND_ENUM:
        return print_enum(lit, t, out);
    case GQL_KIND_INPUT_OBJECT:
        return print_object(lit, t, out, depth);
    default:
        return false; /* an output type: the schema check reports it */
    }
}

bool
gql_default_print(const gql_value_t *lit, const gql_tref_t *type, buf_t *out)
{
    return lit && type && print_value(lit, type, out, 0);
}
