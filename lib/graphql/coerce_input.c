/* coerceInputValue (graphql-js utilities/coerceInputValue.js) for the
 * request's variables: a JSON value as a value of an input type, with one
 * error per problem, worded as graphql-js's getVariableValues words them. */
#include "graphql/coerce.h"

#include <math.h>
#include <stdint.h>

enum { INPUT_MAX_DEPTH = 64 }; /* json-c's parser nests far less */

typedef struct {
    arena_t *a;
    str_t var;
    gql_loc_t loc;
    gql_errors_t *errs;
    gql_path_elem_t path[INPUT_MAX_DEPTH];
    size_t depth;
    int failed;
} input_cx_t;

/* 'Variable "$x" got invalid value 1 at "x.a[0]"; <reason>' */
static void
input_fail(input_cx_t *cx, const gql_val_t *invalid, const char *reason)
{
    buf_t b;
    buf_init(&b);
    buf_printf(&b, "Variable \"$%.*s\" got invalid value ", STR_FMT(cx->var));
    gql_inspect(invalid, &b);
    if (cx->depth) {
        buf_printf(&b, " at \"%.*s", STR_FMT(cx->var));
        for (size_t i = 0; i < cx->depth; i++)
            if (cx->path[i].key.p)
                buf_printf(&b, ".%.*s", STR_FMT(cx->path[i].key));
            else
                buf_printf(&b, "[%zu]", cx->path[i].index);
        buf_putc(&b, '"');
    }
    buf_printf(&b, "; %s", reason);
    gql_error_t *e = gql_error_add(cx->errs, "%s", buf_cstr(&b));
    gql_error_add_loc(cx->errs, e, cx->loc);
    buf_free(&b);
    cx->failed = 1;
}

/* reason is built in b, then reported and b freed. */
static int
input_fail_buf(input_cx_t *cx, const gql_val_t *invalid, buf_t *b)
{
    input_fail(cx, invalid, buf_cstr(b));
    buf_free(b);
    return -1;
}

static int input_value(input_cx_t *cx, const gql_val_t *in, const gql_tref_t *t, gql_val_t *out);

static bool
is_integral(const gql_val_t *in, double *num)
{
    if (in->kind == GQL_VAL_INT) {
        *num = (double)in->i;
        return true;
    }
    *num = in->f;
    return in->kind == GQL_VAL_FLOAT && isfinite(in->f) && floor(in->f) == in->f;
}

static int
input_int(input_cx_t *cx, const gql_val_t *in, gql_val_t *out)
{
    double num;
    buf_t b;
    buf_init(&b);
    if (!is_integral(in, &num)) {
        buf_puts(&b, "Int cannot represent non-integer value: ");
        gql_inspect(in, &b);
        return input_fail_buf(cx, in, &b);
    }
    if (num > INT32_MAX || num < INT32_MIN) {
        buf_puts(&b, "Int cannot represent non 32-bit signed integer value: ");
        gql_inspect(in, &b);
        return input_fail_buf(cx, in, &b);
    }
    gql_val_int(out, (int64_t)num);
    return 0;
}

/* The built-in scalars' parseValue; reason_prefix NULL when it passed. */
static const char *
input_scalar(const gql_val_t *in, str_t name, gql_val_t *out, buf_t *b)
{
    double num;
    if (str_eq_cstr(name, "Float")) {
        if (in->kind == GQL_VAL_INT || (in->kind == GQL_VAL_FLOAT && isfinite(in->f))) {
            gql_val_float(out, in->kind == GQL_VAL_INT ? (double)in->i : in->f);
            return NULL;
        }
        return "Float cannot represent non numeric value: ";
    }
    if (str_eq_cstr(name, "String")) {
        *out = *in;
        return in->kind == GQL_VAL_STRING ? NULL : "String cannot represent a non string value: ";
    }
    if (str_eq_cstr(name, "Boolean")) {
        *out = *in;
        return in->kind == GQL_VAL_BOOLEAN ? NULL
                                           : "Boolean cannot represent a non boolean value: ";
    }
    if (str_eq_cstr(name, "ID")) {
        if (in->kind == GQL_VAL_STRING) {
            *out = *in;
            return NULL;
        }
        if (!is_integral(in, &num))
            return "ID cannot represent value: ";
        gql_js_number(num, b); /* the text is kept: b is handed over */
        gql_val_string(out, (str_t){buf_cstr(b), b->len});
        return NULL;
    }
    *out = *in; /* a custom scalar: buildSchema's parseValue is the identity */
    return NULL;
}

static int
input_enum(input_cx_t *cx, const gql_val_t *in, const gql_type_t *t, gql_val_t *out)
{
    buf_t b;
    buf_init(&b);
    str_t *names = arena_alloc(cx->a, (t->nvalues + 1) * sizeof *names);
    if (!names)
        return -1;
    for (size_t i = 0; i < t->nvalues; i++) {
        names[i] = t->values[i].name;
        if (in->kind == GQL_VAL_STRING && str_eq(in->s, names[i])) {
            gql_val_enum(out, names[i]);
            return 0;
        }
    }
    if (in->kind != GQL_VAL_STRING) {
        buf_t shown;
        buf_init(&shown);
        gql_inspect(in, &shown);
        buf_printf(&b, "Enum \"%.*s\" cannot represent non-string value: %s.", STR_FMT(t->name),
                   buf_cstr(&shown));
        gql_did_you_mean(&b, "the enum value", (str_t){shown.data, shown.len}, names, t->nvalues);
        buf_free(&shown);
    } else {
        buf_printf(&b, "Value \"%.*s\" does not exist in \"%.*s\" enum.", STR_FMT(in->s),
                   STR_FMT(t->name));
        gql_did_you_mean(&b, "the enum value", in->s, names, t->nvalues);
    }
    return input_fail_buf(cx, in, &b);
}

static int
input_leaf(input_cx_t *cx, const gql_val_t *in, const gql_type_t *t, gql_val_t *out)
{
    if (t->kind == GQL_KIND_ENUM)
        return input_enum(cx, in, t, out);
    if (str_eq_cstr(t->name, "Int"))
        return input_int(cx, in, out);
    buf_t *kept = buf_new_on(cx->a);
    if (!kept)
        return -1;
    const char *reason = input_scalar(in, t->name, out, kept);
    if (!reason)
        return 0;
    buf_t b;
    buf_init(&b);
    buf_puts(&b, reason);
    gql_inspect(in, &b);
    return input_fail_buf(cx, in, &b);
}

static const gql_val_t *
member(const gql_val_t *obj, str_t name)
{
    for (size_t i = 0; i < obj->nfields; i++)
        if (str_eq(obj->keys[i], name))
            return &obj->values[i];
    return NULL;
}

static int
input_path_push(input_cx_t *cx, str_t key, size_t index)
{
    if (cx->depth == INPUT_MAX_DEPTH)
        return -1;
    cx->path[cx->depth++] = (gql_path_elem_t){key, index};
    return 0;
}

/* A provided field the type does not define. */
static void
input_unknown_fields(input_cx_t *cx, const gql_val_t *in, const gql_type_t *t)
{
    str_t *names = arena_alloc(cx->a, (t->ninput_fields + 1) * sizeof *names);
    if (!names)
        return;
    for (size_t i = 0; i < t->ninput_fields; i++)
        names[i] = t->input_fields[i].name;
    for (size_t i = 0; i < in->nfields; i++) {
        if (gql_input_field(t, in->keys[i]))
            continue;
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "Field \"%.*s\" is not defined by type \"%.*s\".", STR_FMT(in->keys[i]),
                   STR_FMT(t->name));
        gql_did_you_mean(&b, NULL, in->keys[i], names, t->ninput_fields);
        input_fail_buf(cx, in, &b);
    }
}

static int
input_field_absent(input_cx_t *cx, const gql_val_t *in, const gql_input_value_t *def,
                   gql_val_t *out)
{
    if (def->default_value)
        return gql_value_from_ast(cx->a, def->default_value, def->type, NULL, out) == 0 ? 1 : 0;
    if (def->type->kind == GQL_TYPE_NON_NULL) {
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "Field \"%.*s\" of required type \"", STR_FMT(def->name));
        gql_tref_print(def->type, &b);
        buf_puts(&b, "\" was not provided.");
        input_fail_buf(cx, in, &b);
    }
    return 0;
}

/* @oneOf: exactly one field, and not null. */
static void
input_one_of(input_cx_t *cx, const gql_val_t *in, const gql_type_t *t, const gql_val_t *out)
{
    buf_t b;
    if (out->nfields != 1) {
        buf_init(&b);
        buf_printf(&b, "Exactly one key must be specified for OneOf type \"%.*s\".",
                   STR_FMT(t->name));
        input_fail_buf(cx, in, &b);
    }
    if (out->nfields == 0 || out->values[0].kind != GQL_VAL_NULL ||
        input_path_push(cx, out->keys[0], 0) != 0)
        return;
    buf_init(&b);
    buf_printf(&b, "Field \"%.*s\" must be non-null.", STR_FMT(out->keys[0]));
    input_fail_buf(cx, &out->values[0], &b);
    cx->depth--;
}

static int
input_object(input_cx_t *cx, const gql_val_t *in, const gql_type_t *t, gql_val_t *out)
{
    if (in->kind != GQL_VAL_OBJECT) {
        buf_t b;
        buf_init(&b);
        buf_printf(&b, "Expected type \"%.*s\" to be an object.", STR_FMT(t->name));
        return input_fail_buf(cx, in, &b);
    }
    if (gql_val_object(cx->a, out, t->ninput_fields) != 0)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const gql_input_value_t *def = &t->input_fields[i];
        const gql_val_t *given = member(in, def->name);
        out->keys[n] = def->name;
        if (!given) {
            n += (size_t)input_field_absent(cx, in, def, &out->values[n]);
            continue;
        }
        if (input_path_push(cx, def->name, 0) != 0)
            return -1;
        input_value(cx, given, def->type, &out->values[n++]);
        cx->depth--;
    }
    out->nfields = n;
    input_unknown_fields(cx, in, t);
    if (t->one_of)
        input_one_of(cx, in, t, out);
    return 0;
}

static int
input_list(input_cx_t *cx, const gql_val_t *in, const gql_tref_t *item, gql_val_t *out)
{
    if (in->kind != GQL_VAL_LIST) { /* a single value is a list of one */
        if (gql_val_list(cx->a, out, 1) != 0)
            return -1;
        return input_value(cx, in, item, &out->items[0]);
    }
    if (gql_val_list(cx->a, out, in->nitems) != 0)
        return -1;
    for (size_t i = 0; i < in->nitems; i++) {
        if (input_path_push(cx, STR_NULL, i) != 0)
            return -1;
        input_value(cx, &in->items[i], item, &out->items[i]);
        cx->depth--;
    }
    return 0;
}

static int
input_value(input_cx_t *cx, const gql_val_t *in, const gql_tref_t *t, gql_val_t *out)
{
    gql_val_null(out);
    if (t->kind == GQL_TYPE_NON_NULL) {
        if (in->kind != GQL_VAL_NULL)
            return input_value(cx, in, t->of, out);
        buf_t b;
        buf_init(&b);
        buf_puts(&b, "Expected non-nullable type \"");
        gql_tref_print(t, &b);
        buf_puts(&b, "\" not to be null.");
        return input_fail_buf(cx, in, &b);
    }
    if (in->kind == GQL_VAL_NULL)
        return 0;
    if (t->kind == GQL_TYPE_LIST)
        return input_list(cx, in, t->of, out);
    if (t->named->kind == GQL_KIND_INPUT_OBJECT)
        return input_object(cx, in, t->named, out);
    return input_leaf(cx, in, t->named, out);
}

/* coerceVariableValues' call of coerceInputValue for one variable. */
int
gql_coerce_input(arena_t *a, str_t var, gql_loc_t loc, const gql_val_t *in, const gql_tref_t *t,
                 gql_val_t *out, gql_errors_t *errs)
{
    input_cx_t cx = {.a = a, .var = var, .loc = loc, .errs = errs};
    if (input_value(&cx, in, t, out) != 0 && !cx.failed) {
        errs->out_of_memory = 1;
        return -1;
    }
    return cx.failed ? -1 : 0;
}
