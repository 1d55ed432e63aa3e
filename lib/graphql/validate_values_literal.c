/* ValuesOfCorrectType and UniqueInputFieldNames on one literal, in the
 * order graphql-js's parallel visit reports them. A literal that cannot
 * be of its type at all (a list where no list goes, an object where no
 * input object goes) gets one error and its insides no more
 * ValuesOfCorrectType errors, but UniqueInputFieldNames still looks in. */
#include <stdlib.h>

#include "graphql/validate_values.h"

static void
report(gql_errors_t *errs, gql_loc_t loc, buf_t *msg)
{
    if (msg->failed) {
        errs->out_of_memory = 1;
        return;
    }
    gql_error_add_loc(errs, gql_error_add(errs, "%s", buf_cstr(msg)), loc);
}

/* Whether errs keeps no more errors: then an error is only counted, and
 * no suggestions are sought for it. */
static bool
counted_only(gql_errors_t *errs)
{
    if (errs->count < (errs->max ? errs->max : 100))
        return false;
    gql_error_add(errs, "%s", "");
    return true;
}

/* "Expected value of type "T", found <v>." */
static void
report_expected(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type)
{
    buf_t msg;
    buf_init(&msg);
    buf_puts(&msg, "Expected value of type \"");
    gql_tref_print(type, &msg);
    buf_puts(&msg, "\", found ");
    gql_value_print(&msg, v);
    buf_putc(&msg, '.');
    report(errs, v->loc, &msg);
    buf_free(&msg);
}

/* Whether an Int literal fits 32 bits, as parseInt and a comparison do. */
static bool
int_fits(str_t raw)
{
    bool negative = raw.len && raw.p[0] == '-';
    str_t digits = {raw.p + negative, raw.len - negative};
    if (digits.len == 0 || digits.len > 10)
        return false;
    long long n = 0;
    for (size_t i = 0; i < digits.len; i++)
        n = n * 10 + (digits.p[i] - '0');
    return negative ? n <= 2147483648LL : n <= 2147483647LL;
}

/* The built-in scalars' parseLiteral; custom scalars take any literal. */
static void
check_scalar(gql_errors_t *errs, const gql_value_t *v, const gql_type_t *scalar)
{
    const char *refusal = NULL;
    gql_value_kind_t k = v->kind;
    if (str_eq_cstr(scalar->name, "Int") && k != GQL_VALUE_INT)
        refusal = "Int cannot represent non-integer value: ";
    else if (str_eq_cstr(scalar->name, "Int") && !int_fits(v->raw))
        refusal = "Int cannot represent non 32-bit signed integer value: ";
    else if (str_eq_cstr(scalar->name, "Float") && k != GQL_VALUE_INT && k != GQL_VALUE_FLOAT)
        refusal = "Float cannot represent non numeric value: ";
    else if (str_eq_cstr(scalar->name, "String") && k != GQL_VALUE_STRING)
        refusal = "String cannot represent a non string value: ";
    else if (str_eq_cstr(scalar->name, "Boolean") && k != GQL_VALUE_BOOLEAN)
        refusal = "Boolean cannot represent a non boolean value: ";
    else if (str_eq_cstr(scalar->name, "ID") && k != GQL_VALUE_STRING && k != GQL_VALUE_INT)
        refusal = "ID cannot represent a non-string and non-integer value: ";
    if (!refusal)
        return;
    buf_t msg;
    buf_init(&msg);
    buf_puts(&msg, refusal);
    gql_value_print(&msg, v);
    report(errs, v->loc, &msg);
    buf_free(&msg);
}

/* GraphQLEnumType.parseLiteral: a name of the enum, nothing else. */
static void
check_enum(gql_errors_t *errs, const gql_value_t *v, const gql_type_t *e)
{
    if (v->kind == GQL_VALUE_ENUM)
        for (size_t i = 0; i < e->nvalues; i++)
            if (str_eq(e->values[i].name, v->name))
                return;
    if (counted_only(errs))
        return;
    buf_t printed, msg;
    buf_init(&printed);
    buf_init(&msg);
    gql_value_print(&printed, v);
    str_t shown = {printed.data, printed.len};
    if (v->kind == GQL_VALUE_ENUM)
        buf_printf(&msg, "Value \"%.*s\" does not exist in \"%.*s\" enum.", STR_FMT(shown),
                   STR_FMT(e->name));
    else
        buf_printf(&msg, "Enum \"%.*s\" cannot represent non-enum value: %.*s.", STR_FMT(e->name),
                   STR_FMT(shown));
    str_t *names = arena_alloc(errs->arena, (e->nvalues + 1) * sizeof *names);
    for (size_t i = 0; names && i < e->nvalues; i++)
        names[i] = e->values[i].name;
    if (names)
        gql_did_you_mean(&msg, "the enum value", shown, names, e->nvalues);
    report(errs, v->loc, &msg);
    buf_free(&printed);
    buf_free(&msg);
}

/* isValidValueNode: v at a position of the given type (NULL: unknown). */
static void
check_leaf(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type)
{
    const gql_type_t *named = type ? gql_tref_named(type) : NULL;
    if (!named)
        return;
    if (!gql_type_is_leaf(named))
        report_expected(errs, v, type);
    else if (named->kind == GQL_KIND_ENUM)
        check_enum(errs, v, named);
    else
        check_scalar(errs, v, named);
}

static void check_value(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type, bool on);

/* TypeInfo gives a list's items its item type, or the type itself when it
 * is no list (one value where a list goes is coerced to a list of one). */
static void
check_list(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type, bool on)
{
    const gql_tref_t *nullable = gql_tref_nullable(type);
    bool is_list = nullable && nullable->kind == GQL_TYPE_LIST;
    const gql_tref_t *item = is_list ? nullable->of : nullable;
    if (on && !is_list) {
        check_leaf(errs, v, item);
        on = false;
    }
    for (size_t i = 0; i < v->nitems; i++)
        check_value(errs, v->items[i], item, on);
}

static void
report_required(gql_errors_t *errs, const gql_value_t *v, const gql_type_t *t,
                const gql_input_value_t *field)
{
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Field \"%.*s.%.*s\" of required type \"", STR_FMT(t->name),
               STR_FMT(field->name));
    gql_tref_print(field->type, &msg);
    buf_puts(&msg, "\" was not provided.");
    report(errs, v->loc, &msg);
    buf_free(&msg);
}

/* Every non-null input field without a default must be given. */
static void
check_required(gql_errors_t *errs, const gql_value_t *v, const gql_type_t *t)
{
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const gql_input_value_t *field = &t->input_fields[i];
        if (field->type->kind != GQL_TYPE_NON_NULL || field->default_value)
            continue;
        size_t k = 0;
        while (k < v->nfields && !str_eq(v->fields[k].name, field->name))
            k++;
        if (k == v->nfields)
            report_required(errs, v, t, field);
    }
}

static void
report_unknown_field(gql_errors_t *errs, const gql_object_field_t *f, const gql_type_t *t)
{
    if (counted_only(errs))
        return;
    buf_t msg;
    buf_init(&msg);
    buf_printf(&msg, "Field \"%.*s\" is not defined by type \"%.*s\".", STR_FMT(f->name),
               STR_FMT(t->name));
    str_t *names = arena_alloc(errs->arena, (t->ninput_fields + 1) * sizeof *names);
    for (size_t i = 0; names && i < t->ninput_fields; i++)
        names[i] = t->input_fields[i].name;
    if (names)
        gql_did_you_mean(&msg, NULL, f->name, names, t->ninput_fields);
    report(errs, f->loc, &msg);
    buf_free(&msg);
}

typedef struct {
    str_t name;
    size_t index;
} field_order_t;

static int
field_order_cmp(const void *pa, const void *pb)
{
    const field_order_t *a = pa, *b = pb;
    size_t n = a->name.len < b->name.len ? a->name.len : b->name.len;
    int c = memcmp(a->name.p, b->name.p, n);
    if (c == 0)
        c = (a->name.len > b->name.len) - (a->name.len < b->name.len);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* first[i]: the index of the first field named as field i is, found by
 * sorting so that thousands of fields cost n log n, not n squared. */
static size_t *
first_of_names(arena_t *a, const gql_value_t *v)
{
    size_t *first = arena_alloc(a, (v->nfields + 1) * sizeof *first);
    field_order_t *order = arena_alloc(a, (v->nfields + 1) * sizeof *order);
    if (!first || !order)
        return NULL;
    for (size_t i = 0; i < v->nfields; i++)
        order[i] = (field_order_t){v->fields[i].name, i};
    qsort(order, v->nfields, sizeof *order, field_order_cmp);
    for (size_t i = 0; i < v->nfields; i++)
        first[order[i].index] = i && str_eq(order[i - 1].name, order[i].name)
                                    ? first[order[i - 1].index]
                                    : order[i].index;
    return first;
}

static void
report_duplicate(gql_errors_t *errs, const gql_object_field_t *first, const gql_object_field_t *f)
{
    gql_error_t *e =
        gql_error_add(errs, "There can be only one input field named \"%.*s\".", STR_FMT(f->name));
    gql_error_add_loc(errs, e, first->loc);
    gql_error_add_loc(errs, e, f->loc);
}

/* A @oneOf input object takes exactly one field, and not null. */
static void
check_one_of(gql_errors_t *errs, const gql_value_t *v, const gql_type_t *t, const size_t *first)
{
    size_t names = 0, last = 0;
    for (size_t i = 0; i < v->nfields; i++) {
        names += first[i] == i;
        last = i; /* keyMap keeps the last field of a name */
    }
    if (names != 1) {
        gql_error_add_loc(errs,
                          gql_error_add(errs,
                                        "OneOf Input Object \"%.*s\" must specify exactly one key.",
                                        STR_FMT(t->name)),
                          v->loc);
    } else if (v->fields[last].value->kind == GQL_VALUE_NULL) {
        gql_error_add_loc(errs,
                          gql_error_add(errs, "Field \"%.*s.%.*s\" must be non-null.",
                                        STR_FMT(t->name), STR_FMT(v->fields[last].name)),
                          v->loc);
    }
}

static void
check_object(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type, bool on)
{
    const gql_type_t *named = type ? gql_tref_named(type) : NULL;
    const gql_type_t *input = named && named->kind == GQL_KIND_INPUT_OBJECT ? named : NULL;
    size_t *first = first_of_names(errs->arena, v);
    if (!first)
        errs->out_of_memory = 1;
    if (on && !input) {
        check_leaf(errs, v, type);
        on = false;
    } else if (on) {
        check_required(errs, v, input);
        if (input->one_of && first)
            check_one_of(errs, v, input, first);
    }
    for (size_t i = 0; i < v->nfields; i++) {
        const gql_object_field_t *f = &v->fields[i];
        const gql_input_value_t *def = input ? gql_input_field(input, f->name) : NULL;
        if (on && input && !def)
            report_unknown_field(errs, f, input);
        if (first && first[i] != i)
            report_duplicate(errs, &v->fields[first[i]], f);
        check_value(errs, f->value, def ? def->type : NULL, on);
    }
}

static void
check_value(gql_errors_t *errs, const gql_value_t *v, const gql_tref_t *type, bool on)
{
    switch (v->kind) {
    case GQL_VALUE_VARIABLE:
        return;
    case GQL_VALUE_NULL:
        if (on && type && type->kind == GQL_TYPE_NON_NULL)
            report_expected(errs, v, type);
        return;
    case GQL_VALUE_LIST:
        check_list(errs, v, type, on);
        return;
    case GQL_VALUE_OBJECT:
        check_object(errs, v, type, on);
        return;
    default:
        if (on)
            check_leaf(errs, v, type);
        return;
    }
}

void
gql_values_check_literal(gql_values_walk_t *w, const gql_value_t *v, const gql_tref_t *type,
                         bool has_default)
{
    (void)has_default;
    check_value(w->data, v, type, true);
}
