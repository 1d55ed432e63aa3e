/* Variable and argument values (graphql-js execution/values.js): see
 * coerce.h. */
#include "graphql/coerce.h"

#include <stdarg.h>

enum { VARIABLES_MAX_ERRORS = 50 }; /* graphql-js's maxCoercionErrors */

/* typeFromAST: NULL when the named type is unknown. */
static const gql_tref_t *
type_from_ast(arena_t *a, const gql_schema_t *s, const gql_type_ref_t *ref)
{
    gql_tref_t *t = arena_calloc(a, 1, sizeof *t);
    if (!t)
        return NULL;
    t->kind = ref->kind;
    if (ref->kind == GQL_TYPE_NAMED) {
        t->named = gql_schema_type(s, ref->name);
        return t->named ? t : NULL;
    }
    t->of = type_from_ast(a, s, ref->of);
    return t->of ? t : NULL;
}

static void
print_type_ref(const gql_type_ref_t *ref, buf_t *out)
{
    if (ref->kind == GQL_TYPE_NAMED) {
        buf_str(out, ref->name);
        return;
    }
    if (ref->kind == GQL_TYPE_LIST)
        buf_putc(out, '[');
    print_type_ref(ref->of, out);
    buf_puts(out, ref->kind == GQL_TYPE_LIST ? "]" : "!");
}

/* 'Variable "$x" <middle> "<type>"<tail>', located at loc. */
static void
variable_error(gql_errors_t *errs, const gql_variable_def_t *def, gql_loc_t loc, const char *middle,
               const char *tail)
{
    buf_t type;
    buf_init(&type);
    print_type_ref(def->type, &type);
    gql_error_t *e = gql_error_add(errs, "Variable \"$%.*s\" %s \"%s\"%s", STR_FMT(def->name),
                                   middle, buf_cstr(&type), tail);
    gql_error_add_loc(errs, e, loc);
    buf_free(&type);
}

/* One variable: 1 when it has a value (provided or defaulted), 0 when it
 * is absent, -1 when it is in error. */
static int
coerce_variable(arena_t *a, const gql_schema_t *s, const gql_variable_def_t *def,
                json_object *inputs, gql_val_t *out, gql_errors_t *errs)
{
    const gql_tref_t *t = type_from_ast(a, s, def->type);
    if (!t || !gql_type_is_input(gql_tref_named(t))) {
        variable_error(errs, def, def->type->loc, "expected value of type",
                       " which cannot be used as an input type.");
        return -1;
    }
    char *name = arena_cstr(a, def->name);
    json_object *given = NULL;
    if (!name || !inputs || !json_object_object_get_ex(inputs, name, &given)) {
        if (def->default_value)
            return gql_value_from_ast(a, def->default_value, t, NULL, out) == 0 ? 1 : 0;
        if (t->kind == GQL_TYPE_NON_NULL) {
            variable_error(errs, def, def->loc, "of required type", " was not provided.");
            return -1;
        }
        return 0;
    }
    if (!given && t->kind == GQL_TYPE_NON_NULL) {
        variable_error(errs, def, def->loc, "of non-null type", " must not be null.");
        return -1;
    }
    gql_val_t in;
    if (gql_val_from_json(a, given, &in) != 0)
        return -1;
    return gql_coerce_input(a, def->name, def->loc, &in, t, out, errs) == 0 ? 1 : -1;
}

int
gql_coerce_variables(arena_t *a, const gql_schema_t *s, const gql_operation_t *op,
                     json_object *inputs, gql_val_t *vars, gql_errors_t *errs)
{
    if (inputs && !json_object_is_type(inputs, json_type_object))
        inputs = NULL;
    if (gql_val_object(a, vars, op->nvars) != 0)
        return -1;
    size_t n = 0, max = errs->max;
    int failed = 0;
    errs->max = errs->count + VARIABLES_MAX_ERRORS;
    for (size_t i = 0; i < op->nvars && errs->count <= errs->max; i++) {
        vars->keys[n] = op->vars[i].name;
        int r = coerce_variable(a, s, &op->vars[i], inputs, &vars->values[n], errs);
        if (r < 0)
            failed = 1;
        else
            n += (size_t)r;
    }
    vars->nfields = n;
    if (errs->count > errs->max) { /* graphql-js stops at its 51st error */
        errs->count = errs->max;
        errs->max = max;
        gql_error_add(errs, "Too many errors processing variables, error limit reached. "
                            "Execution aborted.");
    }
    errs->max = max;
    return failed || errs->out_of_memory ? -1 : 0;
}

static int argument_error(arena_t *a, gql_coerce_error_t *err, gql_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
argument_error(arena_t *a, gql_coerce_error_t *err, gql_loc_t loc, const char *fmt, ...)
{
    buf_t b;
    buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    err->message = arena_strndup(a, buf_cstr(&b), b.len);
    err->loc = loc;
    buf_free(&b);
    return -1;
}

static const gql_argument_t *
find_argument(const gql_argument_t *args, size_t nargs, str_t name)
{
    for (size_t i = 0; i < nargs; i++)
        if (str_eq(args[i].name, name))
            return &args[i];
    return NULL;
}

/* An argument given no value: its default, nothing, or an error. 1 when
 * out holds a value. */
static int
argument_absent(arena_t *a, const gql_input_value_t *def, const gql_value_t *var,
                gql_loc_t node_loc, gql_val_t *out, gql_coerce_error_t *err)
{
    if (def->default_value)
        return gql_value_from_ast(a, def->default_value, def->type, NULL, out) == 0 ? 1 : 0;
    if (def->type->kind != GQL_TYPE_NON_NULL)
        return 0;
    buf_t type;
    buf_init(&type);
    gql_tref_print(def->type, &type);
    int r = var ? argument_error(a, err, var->loc,
                                 "Argument \"%.*s\" of required type \"%s\" was provided the "
                                 "variable \"$%.*s\" which was not provided a runtime value.",
                                 STR_FMT(def->name), buf_cstr(&type), STR_FMT(var->name))
                : argument_error(a, err, node_loc,
                                 "Argument \"%.*s\" of required type \"%s\" was not provided.",
                                 STR_FMT(def->name), buf_cstr(&type));
    buf_free(&type);
    return r;
}

/* One argument: 1 when out holds a value, 0 when absent, -1 on error. */
static int
coerce_argument(arena_t *a, const gql_input_value_t *def, const gql_argument_t *arg,
                gql_loc_t node_loc, const gql_val_t *vars, gql_val_t *out, gql_coerce_error_t *err)
{
    if (!arg)
        return argument_absent(a, def, NULL, node_loc, out, err);
    const gql_value_t *v = arg->value;
    bool is_null = v->kind == GQL_VALUE_NULL;
    if (v->kind == GQL_VALUE_VARIABLE) {
        const gql_val_t *var = gql_coerce_var(vars, v->name);
        if (!var)
            return argument_absent(a, def, v, node_loc, out, err);
        is_null = var->kind == GQL_VAL_NULL;
    }
    buf_t b;
    buf_init(&b);
    int r = 1;
    if (is_null && def->type->kind == GQL_TYPE_NON_NULL) {
        gql_tref_print(def->type, &b);
        r = argument_error(a, err, v->loc,
                           "Argument \"%.*s\" of non-null type \"%s\" must not be null.",
                           STR_FMT(def->name), buf_cstr(&b));
    } else if (gql_value_from_ast(a, v, def->type, vars, out) != 0) {
        gql_value_print(&b, v);
        r = argument_error(a, err, v->loc, "Argument \"%.*s\" has invalid value %s.",
                           STR_FMT(def->name), buf_cstr(&b));
    }
    buf_free(&b);
    return r;
}

int
gql_coerce_arguments(arena_t *a, const gql_input_value_t *defs, size_t ndefs,
                     const gql_argument_t *args, size_t nargs, gql_loc_t node_loc,
                     const gql_val_t *vars, gql_val_t *out, gql_coerce_error_t *err)
{
    if (gql_val_object(a, out, ndefs) != 0)
        return argument_error(a, err, node_loc, "Internal server error.");
    size_t n = 0;
    for (size_t i = 0; i < ndefs; i++) {
        out->keys[n] = defs[i].name;
        int r = coerce_argument(a, &defs[i], find_argument(args, nargs, defs[i].name), node_loc,
                                vars, &out->values[n], err);
        if (r < 0)
            return -1;
        n += (size_t)r;
    }
    out->nfields = n;
    return 0;
}
