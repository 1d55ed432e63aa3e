/* valueFromAST (graphql-js utilities/valueFromAST.js): a literal of the
 * document, variables substituted, as a value of its input type. */
#include "graphql/coerce.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

const gql_val_t *
gql_coerce_var(const gql_val_t *vars, str_t name)
{
    if (!vars || vars->kind != GQL_VAL_OBJECT)
        return NULL;
    for (size_t i = 0; i < vars->nfields; i++)
        if (str_eq(vars->keys[i], name))
            return &vars->values[i];
    return NULL;
}

static bool
missing_variable(const gql_value_t *v, const gql_val_t *vars)
{
    return v->kind == GQL_VALUE_VARIABLE && !gql_coerce_var(vars, v->name);
}

/* JavaScript's parseInt/parseFloat of the literal's digits: an Int
 * literal too large for int64 becomes a FLOAT, as a JS number would. */
static int
number_from_raw(arena_t *a, str_t raw, bool integer, gql_val_t *out)
{
    /* Whole: a 400-digit literal is Infinity to graphql-js, not its first 63 digits. */
    char *text = arena_cstr(a, raw);
    if (!text)
        return -1;
    if (integer) {
        errno = 0;
        long long i = strtoll(text, NULL, 10);
        if (errno == 0) {
            gql_val_int(out, i);
            return 0;
        }
    }
    gql_val_float(out, strtod(text, NULL));
    return 0;
}

static int from_ast(arena_t *a, const gql_value_t *v, const gql_tref_t *t, const gql_val_t *vars,
                    gql_val_t *out);

/* valueFromASTUntyped: a custom scalar's literal as it is. */
static int
untyped(arena_t *a, const gql_value_t *v, const gql_val_t *vars, gql_val_t *out)
{
    const gql_val_t *var;
    switch (v->kind) {
    case GQL_VALUE_VARIABLE:
        var = gql_coerce_var(vars, v->name);
        if (var)
            *out = *var;
        else
            gql_val_null(out);
        return 0;
    case GQL_VALUE_INT:
    case GQL_VALUE_FLOAT:
        return number_from_raw(a, v->raw, v->kind == GQL_VALUE_INT, out);
    case GQL_VALUE_STRING:
        gql_val_string(out, v->string);
        return 0;
    case GQL_VALUE_ENUM:
        gql_val_string(out, v->name);
        return 0;
    case GQL_VALUE_BOOLEAN:
        gql_val_bool(out, v->boolean);
        return 0;
    case GQL_VALUE_NULL:
        gql_val_null(out);
        return 0;
    case GQL_VALUE_LIST:
        if (gql_val_list(a, out, v->nitems) != 0)
            return -1;
        for (size_t i = 0; i < v->nitems; i++)
            if (untyped(a, v->items[i], vars, &out->items[i]) != 0)
                return -1;
        return 0;
    case GQL_VALUE_OBJECT:
        if (gql_val_object(a, out, v->nfields) != 0)
            return -1;
        for (size_t i = 0; i < v->nfields; i++) {
            out->keys[i] = v->fields[i].name;
            if (untyped(a, v->fields[i].value, vars, &out->values[i]) != 0)
                return -1;
        }
        return 0;
    }
    return -1;
}

static bool
enum_has(const gql_type_t *t, str_t name)
{
    for (size_t i = 0; i < t->nvalues; i++)
        if (str_eq(t->values[i].name, name))
            return true;
    return false;
}

/* The built-in scalars' and enums' parseLiteral. */
static int
leaf(arena_t *a, const gql_value_t *v, const gql_type_t *t, const gql_val_t *vars, gql_val_t *out)
{
    if (t->kind == GQL_KIND_ENUM) {
        if (v->kind != GQL_VALUE_ENUM || !enum_has(t, v->name))
            return -1;
        gql_val_enum(out, v->name);
        return 0;
    }
    if (str_eq_cstr(t->name, "Int")) {
        if (v->kind != GQL_VALUE_INT)
            return -1;
        if (number_from_raw(a, v->raw, true, out) != 0)
            return -1;
        return out->kind == GQL_VAL_INT && out->i >= INT32_MIN && out->i <= INT32_MAX ? 0 : -1;
    }
    if (str_eq_cstr(t->name, "Float")) {
        if (v->kind != GQL_VALUE_INT && v->kind != GQL_VALUE_FLOAT)
            return -1;
        return number_from_raw(a, v->raw, false, out);
    }
    if (str_eq_cstr(t->name, "String") || str_eq_cstr(t->name, "ID")) {
        if (v->kind == GQL_VALUE_STRING)
            gql_val_string(out, v->string);
        else if (v->kind == GQL_VALUE_INT && str_eq_cstr(t->name, "ID"))
            gql_val_string(out, v->raw);
        else
            return -1;
        return 0;
    }
    if (str_eq_cstr(t->name, "Boolean")) {
        if (v->kind != GQL_VALUE_BOOLEAN)
            return -1;
        gql_val_bool(out, v->boolean);
        return 0;
    }
    return untyped(a, v, vars, out);
}

static const gql_object_field_t *
literal_field(const gql_value_t *v, str_t name)
{
    for (size_t i = 0; i < v->nfields; i++)
        if (str_eq(v->fields[i].name, name))
            return &v->fields[i];
    return NULL;
}

static int
input_object(arena_t *a, const gql_value_t *v, const gql_type_t *t, const gql_val_t *vars,
             gql_val_t *out)
{
    if (v->kind != GQL_VALUE_OBJECT || gql_val_object(a, out, t->ninput_fields) != 0)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const gql_input_value_t *def = &t->input_fields[i];
        const gql_object_field_t *f = literal_field(v, def->name);
        out->keys[n] = def->name;
        if (!f || missing_variable(f->value, vars)) {
            if (def->default_value) {
                if (from_ast(a, def->default_value, def->type, NULL, &out->values[n]) != 0)
                    return -1;
                n++;
            } else if (def->type->kind == GQL_TYPE_NON_NULL)
                return -1;
            continue;
        }
        if (from_ast(a, f->value, def->type, vars, &out->values[n++]) != 0)
            return -1;
    }
    out->nfields = n;
    if (t->one_of && (n != 1 || out->values[0].kind == GQL_VAL_NULL))
        return -1;
    return 0;
}

static int
list(arena_t *a, const gql_value_t *v, const gql_tref_t *item, const gql_val_t *vars,
     gql_val_t *out)
{
    if (v->kind != GQL_VALUE_LIST) {
        if (gql_val_list(a, out, 1) != 0)
            return -1;
        return from_ast(a, v, item, vars, &out->items[0]);
    }
    if (gql_val_list(a, out, v->nitems) != 0)
        return -1;
    for (size_t i = 0; i < v->nitems; i++) {
        if (missing_variable(v->items[i], vars)) {
            if (item->kind == GQL_TYPE_NON_NULL)
                return -1;
            continue; /* stays null */
        }
        if (from_ast(a, v->items[i], item, vars, &out->items[i]) != 0)
            return -1;
    }
    return 0;
}

static int
from_ast(arena_t *a, const gql_value_t *v, const gql_tref_t *t, const gql_val_t *vars,
         gql_val_t *out)
{
    if (v->kind == GQL_VALUE_VARIABLE) {
        const gql_val_t *var = gql_coerce_var(vars, v->name);
        if (!var || (var->kind == GQL_VAL_NULL && t->kind == GQL_TYPE_NON_NULL))
            return -1;
        *out = *var;
        return 0;
    }
    if (t->kind == GQL_TYPE_NON_NULL)
        return v->kind == GQL_VALUE_NULL ? -1 : from_ast(a, v, t->of, vars, out);
    if (v->kind == GQL_VALUE_NULL) {
        gql_val_null(out);
        return 0;
    }
    if (t->kind == GQL_TYPE_LIST)
        return list(a, v, t->of, vars, out);
    if (t->named->kind == GQL_KIND_INPUT_OBJECT)
        return input_object(a, v, t->named, vars, out);
    return leaf(a, v, t->named, vars, out);
}

int
gql_value_from_ast(arena_t *a, const gql_value_t *v, const gql_tref_t *t, const gql_val_t *vars,
                   gql_val_t *out)
{
    return from_ast(a, v, t, vars, out);
}
