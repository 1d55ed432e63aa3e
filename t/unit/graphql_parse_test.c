/* gql_parse: every construct of executable documents and of the type
 * system into the AST, and syntax errors worded and placed as graphql-js
 * 16 does (the table of bad documents was made by running graphql-js on
 * each), block string values, unicode columns, and the limits that keep
 * a hostile document from costing much. */
#include <stdlib.h>

#include "graphql/ast.h"
#include "tap.h"

static arena_t *arena;

#define DOC(s)                                                                                     \
    {                                                                                              \
        (s), sizeof(s) - 1                                                                         \
    }

/* Parses src (copied to a buffer of exactly its length, so that ASan
 * sees a read past the end) and returns the result; *errs gets the errors. */
static int
parse_with(str_t src, const gql_parse_limits_t *limits, gql_document_t *doc, gql_errors_t *errs)
{
    char *copy = malloc(src.len ? src.len : 1);
    if (src.len)
        memcpy(copy, src.p, src.len);
    str_t exact = {copy, src.len};
    gql_errors_init(errs, arena);
    int rc = gql_parse(arena, exact, limits, doc, errs);
    arena_own(arena, free, copy); /* the tree points into it */
    return rc;
}

/* The start of src for a test's name, in printable ASCII: the TAP reader
 * is a shell loop that bytes which are not UTF-8 would trip. */
static const char *
printable(str_t src)
{
    static char name[61];
    size_t n = src.len < sizeof name - 1 ? src.len : sizeof name - 1;
    for (size_t i = 0; i < n; i++)
        name[i] = src.p[i] >= 0x20 && src.p[i] < 0x7f ? src.p[i] : '?';
    name[n] = '\0';
    return name;
}

static gql_document_t
parse_ok(const char *src)
{
    gql_document_t doc;
    gql_errors_t errs;
    int rc = parse_with(str_from_cstr(src), NULL, &doc, &errs);
    if (!ok(rc == 0 && errs.count == 0, "parses: %s", printable(str_from_cstr(src))) && errs.first)
        diag(errs.first->message);
    return doc;
}

/* One error, with this message at this place. */
static void
parse_fails(str_t src, const gql_parse_limits_t *limits, const char *message, unsigned line,
            unsigned column)
{
    gql_document_t doc;
    gql_errors_t errs;
    int rc = parse_with(src, limits, &doc, &errs);
    bool one = rc == -1 && errs.count == 1 && errs.first && errs.first->nlocations == 1;
    ok(one, "one error for %s", printable(src));
    if (!one)
        return;
    is_str(str_from_cstr(errs.first->message), message, "  message");
    ok(errs.first->locations[0].line == line && errs.first->locations[0].column == column,
       "  at %u:%u (got %u:%u)", line, column, errs.first->locations[0].line,
       errs.first->locations[0].column);
}

static const struct {
    str_t src;
    const char *message;
    unsigned line, column;
} bad_documents[] = {
    {DOC("{ \007 }"), "Syntax Error: Unexpected character: U+0007.", 1, 3},
    {DOC("{ a(x: 1.) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {DOC("\"\\"), "Syntax Error: Invalid character escape sequence: \"\\\".", 1, 2},
    {DOC("{ . }"), "Syntax Error: Unexpected character: \".\".", 1, 3},
    {DOC(""), "Syntax Error: Unexpected <EOF>.", 1, 1},
    {DOC("   "), "Syntax Error: Unexpected <EOF>.", 1, 4},
    {DOC("# only a comment"), "Syntax Error: Unexpected <EOF>.", 1, 17},
    {DOC("{ a(x: \"\\u{12"), "Syntax Error: Invalid Unicode escape sequence: \"\\u{12\".", 1, 9},
    {DOC("{ a(x: \"\\uD800\") }"), "Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".", 1,
     9},
    {DOC("\360\237\230\200 {"), "Syntax Error: Unexpected character: U+1F600.", 1, 1},
    {DOC("{ a(x: 0x1) }"), "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
    {DOC("{ a(x: 01) }"), "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9},
    {DOC("{ a(x: .5) }"), "Syntax Error: Unexpected character: \".\".", 1, 8},
    {DOC("{ a(x: 1e) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {DOC("{ a(x: 1a) }"), "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {DOC("{ a(x: -) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9},
    {DOC("{ a(x: \"\\u{D800}\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{D800}\".", 1, 9},
    {DOC("{ a(x: \"\\u{110000}\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".", 1, 9},
    {DOC("{ a(x: \"\\u{}\") }"), "Syntax Error: Invalid Unicode escape sequence: \"\\u{}\".", 1, 9},
    {DOC("{ a(x: \"\\q\") }"), "Syntax Error: Invalid character escape sequence: \"\\q\".", 1, 9},
    {DOC("{ a(x: \"abc"), "Syntax Error: Unterminated string.", 1, 12},
    {DOC("{ a(x: \"\\u12\303\251\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u12\303\251\"\".", 1, 9},
    {DOC("{ a(x: \"\\u{12\303\251}\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{12\303\251\".", 1, 9},
    {DOC("fragment on on T { a }"), "Syntax Error: Unexpected Name \"on\".", 1, 10},
    {DOC("{ a \"x\\ny\" }"), "Syntax Error: Expected Name, found String \"x\ny\".", 1, 5},
    {DOC("query { ...on }"), "Syntax Error: Expected Name, found \"}\".", 1, 15},
    {DOC("query ($v: Int = $w) { a }"),
     "Syntax Error: Unexpected variable \"$w\" in constant value.", 1, 18},
    {DOC("query ($v: Int = $) { a }"), "Syntax Error: Unexpected \"$\".", 1, 18},
    {DOC("{"), "Syntax Error: Expected Name, found <EOF>.", 1, 2},
    {DOC("{ a"), "Syntax Error: Expected Name, found <EOF>.", 1, 4},
    {DOC("{ a("), "Syntax Error: Expected Name, found <EOF>.", 1, 5},
    {DOC("{ a(x"), "Syntax Error: Expected \":\", found <EOF>.", 1, 6},
    {DOC("{ a(x:"), "Syntax Error: Unexpected <EOF>.", 1, 7},
    {DOC("{ a(x: 1"), "Syntax Error: Expected Name, found <EOF>.", 1, 9},
    {DOC("{ a(x: 1) @"), "Syntax Error: Expected Name, found <EOF>.", 1, 12},
    {DOC("{ a(x: 1) @d("), "Syntax Error: Expected Name, found <EOF>.", 1, 14},
    {DOC("{ ..."), "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
    {DOC("{ ... on"), "Syntax Error: Expected Name, found <EOF>.", 1, 9},
    {DOC("{ ... on T"), "Syntax Error: Expected \"{\", found <EOF>.", 1, 11},
    {DOC("query"), "Syntax Error: Expected \"{\", found <EOF>.", 1, 6},
    {DOC("query Q"), "Syntax Error: Expected \"{\", found <EOF>.", 1, 8},
    {DOC("query Q("), "Syntax Error: Expected \"$\", found <EOF>.", 1, 9},
    {DOC("query Q($"), "Syntax Error: Expected Name, found <EOF>.", 1, 10},
    {DOC("query Q($a"), "Syntax Error: Expected \":\", found <EOF>.", 1, 11},
    {DOC("query Q($a:"), "Syntax Error: Expected Name, found <EOF>.", 1, 12},
    {DOC("query Q($a: ["), "Syntax Error: Expected Name, found <EOF>.", 1, 14},
    {DOC("query Q($a: [Int"), "Syntax Error: Expected \"]\", found <EOF>.", 1, 17},
    {DOC("query Q($a: [Int]"), "Syntax Error: Expected \"$\", found <EOF>.", 1, 18},
    {DOC("query Q($a: Int ="), "Syntax Error: Unexpected <EOF>.", 1, 18},
    {DOC("query Q($a: Int = 1"), "Syntax Error: Expected \"$\", found <EOF>.", 1, 20},
    {DOC("fragment"), "Syntax Error: Expected Name, found <EOF>.", 1, 9},
    {DOC("fragment F"), "Syntax Error: Expected \"on\", found <EOF>.", 1, 11},
    {DOC("fragment F on"), "Syntax Error: Expected Name, found <EOF>.", 1, 14},
    {DOC("fragment F on T"), "Syntax Error: Expected \"{\", found <EOF>.", 1, 16},
    {DOC("{ a: }"), "Syntax Error: Expected Name, found \"}\".", 1, 6},
    {DOC("{ a: b: c }"), "Syntax Error: Expected Name, found \":\".", 1, 7},
    {DOC("{ a }}"), "Syntax Error: Unexpected \"}\".", 1, 6},
    {DOC("{ a } x"), "Syntax Error: Unexpected Name \"x\".", 1, 7},
    {DOC("x { a }"), "Syntax Error: Unexpected Name \"x\".", 1, 1},
    {DOC("query Q { a } fragment"), "Syntax Error: Expected Name, found <EOF>.", 1, 23},
    {DOC("{ a(x: {a 1}) }"), "Syntax Error: Expected \":\", found Int \"1\".", 1, 11},
    {DOC("{ a(x: \"\"\"unterminated"), "Syntax Error: Unterminated string.", 1, 23},
    {DOC("\"\"\"desc\"\"\" { a }"),
     "Syntax Error: Unexpected description, descriptions are not supported on shorthand queries.",
     1, 1},
    {DOC("\"desc\" extend type A @d"),
     "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1},
    {DOC("\"desc\" foo"),
     "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.", 1, 1},
    {DOC("\"desc\" 1"), "Syntax Error: Unexpected Int \"1\".", 1, 8},
    {DOC("enum E { true }"),
     "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10},
    {DOC("enum E { \"d\" \"null\" }"),
     "Syntax Error: String \"null\" is reserved and cannot be used for an enum value.", 1, 14},
    {DOC("enum E { A null }"),
     "Syntax Error: Name \"null\" is reserved and cannot be used for an enum value.", 1, 12},
    {DOC("directive @d on FOO"), "Syntax Error: Unexpected Name \"FOO\".", 1, 17},
    {DOC("directive @d repeatable FIELD"), "Syntax Error: Expected \"on\", found Name \"FIELD\".",
     1, 25},
    {DOC("schema {}"), "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {DOC("extend schema"), "Syntax Error: Unexpected <EOF>.", 1, 14},
    {DOC("extend type A"), "Syntax Error: Unexpected <EOF>.", 1, 14},
    {DOC("extend scalar S"), "Syntax Error: Unexpected <EOF>.", 1, 16},
    {DOC("extend union U"), "Syntax Error: Unexpected <EOF>.", 1, 15},
    {DOC("extend enum E"), "Syntax Error: Unexpected <EOF>.", 1, 14},
    {DOC("extend input I"), "Syntax Error: Unexpected <EOF>.", 1, 15},
    {DOC("extend interface I"), "Syntax Error: Unexpected <EOF>.", 1, 19},
    {DOC("extend foo"), "Syntax Error: Unexpected Name \"foo\".", 1, 8},
    {DOC("extend"), "Syntax Error: Unexpected <EOF>.", 1, 7},
    {DOC("extend directive @d"), "Syntax Error: Unexpected Name \"directive\".", 1, 8},
    {DOC("type A { a: Int = 1 }"), "Syntax Error: Expected Name, found \"=\".", 1, 17},
    {DOC("type A { a(b): Int }"), "Syntax Error: Expected \":\", found \")\".", 1, 13},
    {DOC("{ a(x: 00) }"), "Syntax Error: Invalid number, unexpected digit after 0: \"0\".", 1, 9},
    {DOC("{ a(x: -01) }"), "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 10},
    {DOC("{ a(x: 1.e1) }"), "Syntax Error: Invalid number, expected digit but got: \"e\".", 1, 10},
    {DOC("{ a(x: 1.1.1) }"), "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {DOC("{ a(x: 123abc) }"), "Syntax Error: Invalid number, expected digit but got: \"a\".", 1,
     11},
    {DOC("{ a(x: 1e1e1) }"), "Syntax Error: Invalid number, expected digit but got: \"e\".", 1, 11},
    {DOC("{ a(x: 1_000) }"), "Syntax Error: Invalid number, expected digit but got: \"_\".", 1, 9},
    {DOC("'x'"),
     "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote "
     "(\")?",
     1, 1},
    {DOC("{ a(x: 'x') }"),
     "Syntax Error: Unexpected single quote character ('), did you mean to use a double quote "
     "(\")?",
     1, 8},
    {DOC("\r\n\r{ a(x: 1.) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 3,
     10},
    {DOC("{\n  a(x: \"\"\"\n  line\n  \"\"\" y: 1x)\n}"),
     "Syntax Error: Invalid number, expected digit but got: \"x\".", 4, 11},
    {DOC("{ a(x: \"\"\"a\r\nb\rc\"\"\", y: 1x) }"),
     "Syntax Error: Invalid number, expected digit but got: \"x\".", 3, 11},
    {DOC("{ \303\251 }"), "Syntax Error: Unexpected character: U+00E9.", 1, 3},
    {DOC("{ a(x: \"\303\251\" y: 1.x) }"),
     "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 17},
    {DOC("{ a(x: \"\360\237\230\200\" y: 1.x) }"),
     "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 18},
    {DOC("{ a(x: \"\"\"\360\237\230\200\n\360\237\230\200\"\"\" y: 1.x) }"),
     "Syntax Error: Invalid number, expected digit but got: \"x\".", 2, 12},
    {DOC("# \303\251 \360\237\230\200\n{ \360\237\230\200 }"),
     "Syntax Error: Unexpected character: U+1F600.", 2, 3},
    {DOC("{ a(x: \"\\u{000000041}\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{000000041\".", 1, 9},
    {DOC("{ a(x: \"\\u{80000000}\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\u{80000000\".", 1, 9},
    {DOC("{ a(x: \"\\uDBFF\\u0041\") }"),
     "Syntax Error: Invalid Unicode escape sequence: \"\\uDBFF\".", 1, 9},
    {DOC("{ a(x: \"\\uDC00\") }"), "Syntax Error: Invalid Unicode escape sequence: \"\\uDC00\".", 1,
     9},
    {DOC("{ a(x: \"\\u12\") }"), "Syntax Error: Invalid Unicode escape sequence: \"\\u12\")\".", 1,
     9},
    {DOC("{ a(x: \"\\u\") }"), "Syntax Error: Invalid Unicode escape sequence: \"\\u\") }\".", 1,
     9},
    {DOC("{ a(x: \"\\\") }"), "Syntax Error: Unterminated string.", 1, 14},
    {DOC("{ a(x: \"\\"), "Syntax Error: Invalid character escape sequence: \"\\\".", 1, 9},
    {DOC("{ a(x: \"a\nb\") }"), "Syntax Error: Unterminated string.", 1, 10},
    {DOC("{ a(x: \"a\rb\") }"), "Syntax Error: Unterminated string.", 1, 10},
    {DOC("query Q($a: Int = [1, {a: $b}]) { a }"),
     "Syntax Error: Unexpected variable \"$b\" in constant value.", 1, 27},
    {DOC("type T { a: Int @d(a: $x) }"),
     "Syntax Error: Unexpected variable \"$x\" in constant value.", 1, 23},
    {DOC("{ a(x: $) }"), "Syntax Error: Expected Name, found \")\".", 1, 9},
    {DOC("{ a(x: $1) }"), "Syntax Error: Expected Name, found Int \"1\".", 1, 9},
    {DOC("{ a(x: ) }"), "Syntax Error: Unexpected \")\".", 1, 8},
    {DOC("{ a() }"), "Syntax Error: Expected Name, found \")\".", 1, 5},
    {DOC("{ }"), "Syntax Error: Expected Name, found \"}\".", 1, 3},
    {DOC("query Q() { a }"), "Syntax Error: Expected \"$\", found \")\".", 1, 9},
    {DOC("{ a(x: [}) }"), "Syntax Error: Unexpected \"}\".", 1, 9},
    {DOC("type A {}"), "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {DOC("enum E {}"), "Syntax Error: Expected Name, found \"}\".", 1, 9},
    {DOC("input I {}"), "Syntax Error: Expected Name, found \"}\".", 1, 10},
    {DOC("{ a(x: \"\"\"\"\"\"\"\") }"), "Syntax Error: Expected Name, found String \"\".", 1, 14},
    {DOC("."), "Syntax Error: Unexpected character: \".\".", 1, 1},
    {DOC(".."), "Syntax Error: Unexpected character: \".\".", 1, 1},
    {DOC("..."), "Syntax Error: Unexpected \"...\".", 1, 1},
    {DOC("{ a(x: 1.5.) }"), "Syntax Error: Invalid number, expected digit but got: \".\".", 1, 11},
    {DOC("{ a(x: 0.) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {DOC("{ a(x: 0e) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10},
    {DOC("{ a(x: 0e+) }"), "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 11},
    {DOC("{ a(x: 0xFF) }"), "Syntax Error: Invalid number, expected digit but got: \"x\".", 1, 9},
    {DOC("{ a(x: -a) }"), "Syntax Error: Invalid number, expected digit but got: \"a\".", 1, 9},
    {DOC("{ a(x: --1) }"), "Syntax Error: Invalid number, expected digit but got: \"-\".", 1, 9},
    {DOC("{ a(x: +1) }"), "Syntax Error: Unexpected character: \"+\".", 1, 8},
    {DOC("\000"), "Syntax Error: Unexpected character: U+0000.", 1, 1},
    {DOC("{ a\000 }"), "Syntax Error: Unexpected character: U+0000.", 1, 4},
    {DOC("\302\240{ a }"), "Syntax Error: Unexpected character: U+00A0.", 1, 1},
};

/* What graphql-js cannot be asked (its source is text, ours bytes):
 * bytes that are not UTF-8. An encoded surrogate is named like a lone
 * surrogate in graphql-js; any other bad byte as U+FFFD. */
static const struct {
    str_t src;
    const char *message;
    unsigned line, column;
} bad_bytes[] = {
    {DOC("{ \355\240\200 }"), "Syntax Error: Invalid character: U+D800.", 1, 3},
    {DOC("{ \377 }"), "Syntax Error: Invalid character: U+FFFD.", 1, 3},
    {DOC("{ a(x: \"\300\200\") }"), "Syntax Error: Invalid character within String: U+FFFD.", 1, 9},
    {DOC("{ a(x: \"\355\277\277\") }"), "Syntax Error: Invalid character within String: U+DFFF.", 1,
     9},
    {DOC("{ a(x: \"\"\"\n\342\202\"\"\") }"),
     "Syntax Error: Invalid character within String: U+FFFD.", 2, 1},
    {DOC("# \360\237\230 comment\n{ a }"), "Syntax Error: Invalid character: U+FFFD.", 1, 3},
    {DOC("{ a(x: \"\342\202"), "Syntax Error: Invalid character within String: U+FFFD.", 1, 9},
};

static const gql_selection_t *
sel(const gql_selection_set_t *set, size_t i)
{
    return set && i < set->nitems ? &set->items[i] : NULL;
}

static void
test_operation(void)
{
    gql_document_t d = parse_ok("query Q($id: ID!, $n: [Int!] = [1, 2] @d) @op {\n"
                                "  al: field(a: 1) @include(if: $v) { sub }\n"
                                "  ...Frag @s\n"
                                "  ... on T { t }\n"
                                "  ... @d { u }\n"
                                "}\n"
                                "fragment Frag on T @f { x }");
    if (!ok(d.ndefs == 2 && d.defs[0].kind == GQL_DEF_OPERATION, "two definitions, an operation"))
        return;
    const gql_operation_t *op = d.defs[0].u.operation;
    ok(op->kind == GQL_OP_QUERY && str_eq_cstr(op->name, "Q"), "query Q");
    ok(op->name_loc.line == 1 && op->name_loc.column == 7, "name at 1:7");
    is_int(op->nvars, 2, "two variables");
    is_str(op->vars[0].name, "id", "$id");
    ok(op->vars[0].loc.column == 9 && op->vars[0].name_loc.column == 10, "at the $, and its name");
    const gql_type_ref_t *t = op->vars[0].type;
    ok(t->kind == GQL_TYPE_NON_NULL && t->of->kind == GQL_TYPE_NAMED &&
           str_eq_cstr(t->of->name, "ID"),
       "ID!");
    t = op->vars[1].type;
    ok(t->kind == GQL_TYPE_LIST && t->of->kind == GQL_TYPE_NON_NULL && t->loc.column == 23 &&
           str_eq_cstr(t->of->of->name, "Int"),
       "[Int!] at 1:23");
    const gql_value_t *dv = op->vars[1].default_value;
    ok(dv && dv->kind == GQL_VALUE_LIST && dv->nitems == 2 && str_eq_cstr(dv->items[1]->raw, "2"),
       "default [1, 2]");
    ok(op->vars[1].ndirectives == 1 && str_eq_cstr(op->vars[1].directives[0].name, "d"),
       "variable directive");
    ok(op->ndirectives == 1 && str_eq_cstr(op->directives[0].name, "op"), "operation directive");
    const gql_selection_set_t *set = op->selection_set;
    is_int(set->nitems, 4, "four selections");
    const gql_selection_t *f = sel(set, 0);
    ok(f->kind == GQL_SEL_FIELD && str_eq_cstr(f->alias, "al") && str_eq_cstr(f->name, "field"),
       "field with alias");
    ok(f->loc.line == 2 && f->loc.column == 3 && f->name_loc.column == 7, "at its alias, name");
    ok(f->nargs == 1 && str_eq_cstr(f->args[0].name, "a") &&
           f->args[0].value->kind == GQL_VALUE_INT,
       "argument a: 1");
    ok(f->ndirectives == 1 && f->directives[0].nargs == 1 &&
           f->directives[0].args[0].value->kind == GQL_VALUE_VARIABLE &&
           str_eq_cstr(f->directives[0].args[0].value->name, "v"),
       "@include(if: $v)");
    ok(f->selection_set && str_eq_cstr(sel(f->selection_set, 0)->name, "sub"), "sub-selection");
    ok(str_eq_cstr(gql_response_key(f), "al"), "response key is the alias");
    f = sel(set, 1);
    ok(f->kind == GQL_SEL_FRAGMENT_SPREAD && str_eq_cstr(f->name, "Frag") && f->ndirectives == 1 &&
           f->loc.column == 3 && f->name_loc.column == 6,
       "fragment spread");
    f = sel(set, 2);
    ok(f->kind == GQL_SEL_INLINE_FRAGMENT && str_eq_cstr(f->type_condition, "T") &&
           f->type_condition_loc.column == 10 && f->selection_set->nitems == 1,
       "inline fragment on T");
    f = sel(set, 3);
    ok(f->kind == GQL_SEL_INLINE_FRAGMENT && f->type_condition.len == 0 && f->ndirectives == 1,
       "inline fragment without type condition");
    const gql_fragment_t *fr = d.defs[1].u.fragment;
    ok(d.defs[1].kind == GQL_DEF_FRAGMENT && str_eq_cstr(fr->name, "Frag") &&
           str_eq_cstr(fr->type_condition, "T") && fr->ndirectives == 1 && fr->loc.line == 7 &&
           fr->name_loc.column == 10 && fr->type_condition_loc.column == 18,
       "fragment Frag on T");
}

static void
test_shorthand_and_kinds(void)
{
    gql_document_t d = parse_ok("{ a } mutation { b } subscription S { c } query { d }");
    ok(d.ndefs == 4, "four operations");
    ok(d.defs[0].u.operation->kind == GQL_OP_QUERY && d.defs[0].u.operation->name.len == 0,
       "shorthand is an anonymous query");
    ok(d.defs[1].u.operation->kind == GQL_OP_MUTATION, "mutation");
    ok(d.defs[2].u.operation->kind == GQL_OP_SUBSCRIPTION, "subscription");
    ok(d.defs[3].u.operation->name.len == 0, "anonymous query");
    d = parse_ok("query query { query } fragment fragment on on { on }");
    ok(str_eq_cstr(d.defs[0].u.operation->name, "query") &&
           str_eq_cstr(d.defs[1].u.fragment->type_condition, "on"),
       "keywords are names where a name goes");
    d = parse_ok("\"d\" query ($a: Int, \"\"\"e\"\"\" $b: Int) { a } \"f\" fragment F on T { a }");
    ok(d.ndefs == 2 && d.defs[0].u.operation->nvars == 2,
       "descriptions on operations, variables and fragments (graphql-js 16 takes them)");
    d = parse_ok("\xEF\xBB\xBF{\ta,b,,c # comment\n}");
    ok(d.ndefs == 1 && d.defs[0].u.operation->selection_set->nitems == 3,
       "BOM, tabs, commas and comments are ignored");
}

static const gql_value_t *
arg_value(const gql_document_t *d, size_t i)
{
    const gql_selection_t *f = sel(d->defs[0].u.operation->selection_set, 0);
    return f && i < f->nargs ? f->args[i].value : NULL;
}

static void
test_values(void)
{
    gql_document_t d =
        parse_ok("{ f(a: -12, b: 1.5e-3, c: \"s\\n\\u00e9\\uD83D\\uDE00\\u{1F600}\", "
                 "d: \"\"\"  x\\\"\"\" \"\"\", e: true, f: false, g: null, h: ENUM, "
                 "i: [1, [2]], j: {x: 1, y: {z: $v}}, k: $n, l: [], m: {}, "
                 "n: \"\\u0000\\\"\\\\\\/\\b\\f\\r\\t\") }");
    const gql_value_t *v = arg_value(&d, 0);
    ok(v && v->kind == GQL_VALUE_INT && str_eq_cstr(v->raw, "-12"), "int as written");
    v = arg_value(&d, 1);
    ok(v && v->kind == GQL_VALUE_FLOAT && str_eq_cstr(v->raw, "1.5e-3"), "float as written");
    v = arg_value(&d, 2);
    ok(v && v->kind == GQL_VALUE_STRING && !v->block &&
           str_eq_cstr(v->string, "s\n\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80"),
       "string escapes, a surrogate pair, \\u{...}");
    v = arg_value(&d, 3);
    ok(v && v->kind == GQL_VALUE_STRING && v->block && str_eq_cstr(v->string, "  x\"\"\" "),
       "block string with \\\"\"\"");
    ok(arg_value(&d, 4)->kind == GQL_VALUE_BOOLEAN && arg_value(&d, 4)->boolean, "true");
    ok(arg_value(&d, 5)->kind == GQL_VALUE_BOOLEAN && !arg_value(&d, 5)->boolean, "false");
    ok(arg_value(&d, 6)->kind == GQL_VALUE_NULL, "null");
    ok(arg_value(&d, 7)->kind == GQL_VALUE_ENUM && str_eq_cstr(arg_value(&d, 7)->name, "ENUM"),
       "enum");
    v = arg_value(&d, 8);
    ok(v && v->kind == GQL_VALUE_LIST && v->nitems == 2 && v->items[1]->kind == GQL_VALUE_LIST &&
           v->items[1]->loc.column > v->loc.column,
       "nested list");
    v = arg_value(&d, 9);
    ok(v && v->kind == GQL_VALUE_OBJECT && v->nfields == 2 && str_eq_cstr(v->fields[1].name, "y") &&
           v->fields[1].value->fields[0].value->kind == GQL_VALUE_VARIABLE,
       "nested object with a variable");
    ok(arg_value(&d, 10)->kind == GQL_VALUE_VARIABLE && str_eq_cstr(arg_value(&d, 10)->name, "n"),
       "variable");
    ok(arg_value(&d, 11)->nitems == 0 && arg_value(&d, 12)->nfields == 0, "empty list, object");
    v = arg_value(&d, 13);
    ok(v && v->string.len == 8 && memcmp(v->string.p, "\0\"\\/\b\f\r\t", 8) == 0,
       "\\u0000 and the one-character escapes");
}

static void
test_block_strings(void)
{
    static const struct {
        const char *src, *value;
    } cases[] = {
        {"\"\"\"\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  \"\"\"",
         "Hello,\n  World!\n\nYours,\n  GraphQL."},
        {"\"\"\"  first\n   second\"\"\"", "  first\nsecond"},
        {"\"\"\"\n\n   \n  a\n  \n\"\"\"", "a"},
        {"\"\"\"a \\\"\"\" b\"\"\"", "a \"\"\" b"},
        {"\"\"\"   \"\"\"", ""},
        {"\"\"\"a\r\n  b\r  c\"\"\"", "a\nb\nc"},
        {"\"\"\"\n\tx\n\t\ty\"\"\"", "x\n\ty"},
        {"\"\"\"\n  a\n b\n    c\n\"\"\"", " a\nb\n   c"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[128];
        snprintf(src, sizeof src, "{ f(a: %s) }", cases[i].src);
        gql_document_t d = parse_ok(src);
        const gql_value_t *v = d.ndefs ? arg_value(&d, 0) : NULL;
        is_str(v ? v->string : STR_NULL, cases[i].value, "block string value %zu", i);
    }
}

static void
test_type_system(void)
{
    gql_document_t d = parse_ok(
        "\"\"\"The schema\"\"\" schema @d { query: Q mutation: M subscription: S }\n"
        "\"A scalar\" scalar Date @d\n"
        "type Q implements & I & J @d { \"doc\" f(\"arg\" a: Int = 1 @x, b: [S!]!): [T!]! "
        "@deprecated(reason: \"no\") g: Int }\n"
        "interface I implements J { f: Int }\n"
        "union U @d = | A | B\n"
        "enum E { \"first\" A @d B }\n"
        "input In { a: Int = 1 @d, b: [In!] }\n"
        "directive @d(a: Int) repeatable on | FIELD | QUERY\n"
        "extend schema @d extend scalar Date @e extend type Q { h: Int } "
        "extend interface I @d extend union U = C extend enum E { C } extend input In { c: Int }");
    if (!ok(d.ndefs == 15, "fifteen definitions"))
        return;
    const gql_schema_def_t *s = d.defs[0].u.schema;
    ok(d.defs[0].kind == GQL_DEF_SCHEMA && str_eq_cstr(s->query, "Q") &&
           str_eq_cstr(s->mutation, "M") && str_eq_cstr(s->subscription, "S") && !s->extension,
       "schema with its roots");
    const gql_typedef_t *t = d.defs[1].u.type;
    ok(t->kind == GQL_TYPEDEF_SCALAR && str_eq_cstr(t->description, "A scalar") &&
           str_eq_cstr(t->name, "Date") && t->ndirectives == 1,
       "scalar with a description");
    t = d.defs[2].u.type;
    ok(t->kind == GQL_TYPEDEF_OBJECT && t->ninterfaces == 2 && str_eq_cstr(t->interfaces[1], "J") &&
           t->nfields == 2,
       "type implementing two interfaces");
    const gql_field_def_t *f = &t->fields[0];
    ok(str_eq_cstr(f->description, "doc") && f->nargs == 2 &&
           str_eq_cstr(f->args[0].description, "arg") && f->args[0].default_value &&
           f->args[0].ndirectives == 1 && f->type->kind == GQL_TYPE_NON_NULL && f->ndirectives == 1,
       "field with arguments, defaults, directives");
    ok(d.defs[3].u.type->kind == GQL_TYPEDEF_INTERFACE && d.defs[3].u.type->ninterfaces == 1,
       "interface implementing one");
    t = d.defs[4].u.type;
    ok(t->kind == GQL_TYPEDEF_UNION && t->nmembers == 2 && str_eq_cstr(t->members[0], "A"),
       "union members");
    t = d.defs[5].u.type;
    ok(t->kind == GQL_TYPEDEF_ENUM && t->nvalues == 2 &&
           str_eq_cstr(t->values[0].description, "first") && t->values[0].ndirectives == 1,
       "enum values");
    t = d.defs[6].u.type;
    ok(t->kind == GQL_TYPEDEF_INPUT_OBJECT && t->ninput_fields == 2 &&
           t->input_fields[1].type->kind == GQL_TYPE_LIST,
       "input fields");
    const gql_directive_def_t *dd = d.defs[7].u.directive;
    ok(d.defs[7].kind == GQL_DEF_DIRECTIVE && str_eq_cstr(dd->name, "d") && dd->repeatable &&
           dd->nargs == 1 && dd->nlocations == 2 && str_eq_cstr(dd->locations[1], "QUERY"),
       "repeatable directive definition");
    ok(d.defs[8].kind == GQL_DEF_SCHEMA && d.defs[8].u.schema->extension, "schema extension");
    for (size_t i = 9; i < 15; i++)
        ok(d.defs[i].kind == GQL_DEF_TYPE && d.defs[i].u.type->extension, "type extension %zu", i);
}

static void
test_bad_documents(void)
{
    for (size_t i = 0; i < sizeof bad_documents / sizeof *bad_documents; i++)
        parse_fails(bad_documents[i].src, NULL, bad_documents[i].message, bad_documents[i].line,
                    bad_documents[i].column);
    for (size_t i = 0; i < sizeof bad_bytes / sizeof *bad_bytes; i++)
        parse_fails(bad_bytes[i].src, NULL, bad_bytes[i].message, bad_bytes[i].line,
                    bad_bytes[i].column);
}

static void
test_locations(void)
{
    gql_document_t d = parse_ok("{ a(x: \"\xF0\x9F\x98\x80\xC3\xA9\") b }\r\n\r{\n x }");
    const gql_selection_t *b = sel(d.defs[0].u.operation->selection_set, 1);
    ok(b && b->loc.line == 1 && b->loc.column == 15,
       "columns count UTF-16 code units as graphql-js does (got %u)", b ? b->loc.column : 0);
    const gql_selection_t *x = sel(d.defs[1].u.operation->selection_set, 0);
    ok(x && x->loc.line == 4 && x->loc.column == 2, "\\r\\n, \\r and \\n each end a line");
    d = parse_ok(
        "# \xF0\x9F\x98\x80\xC3\xA9\r\n{ a(x: \"\xC3\xA9\") b(y: \"\xF0\x9F\x98\x80\", z: 1) }");
    b = sel(d.defs[0].u.operation->selection_set, 1);
    ok(b && b->loc.line == 2 && b->loc.column == 13 && b->nargs == 2 && b->args[1].loc.column == 24,
       "columns after wide characters on this line and the one before (graphql-js: 13, 24)");
    str_t src = STR_LIT("a\r\nb\rc\n\xC3\xA9z");
    gql_loc_t l = gql_loc_at(src, 9);
    ok(l.line == 4 && l.column == 2, "gql_loc_at after a two-byte character");
    l = gql_loc_at(src, 100);
    ok(l.line == 4 && l.column == 3, "gql_loc_at past the end stops at the end");
}

/* n copies of unit in a heap buffer without a NUL. */
static str_t
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t h = strlen(head), u = strlen(unit), t = strlen(tail);
    char *s = arena_alloc(arena, h + u * n + t);
    memcpy(s, head, h);
    for (size_t i = 0; i < n; i++)
        memcpy(s + h + i * u, unit, u);
    memcpy(s + h + u * n, tail, t);
    return (str_t){s, h + u * n + t};
}

static void
test_limits(void)
{
    gql_document_t doc;
    gql_errors_t errs;
    gql_parse_limits_t five = {.max_tokens = 5}, four = {.max_tokens = 4};
    ok(parse_with(STR_LIT("{ a b c }"), &five, &doc, &errs) == 0, "5 tokens within max_tokens 5");
    parse_fails(STR_LIT("{ a b c }"), &four,
                "Syntax Error: Document contains more that 4 tokens. Parsing aborted.", 1, 9);
    gql_parse_limits_t three = {.max_depth = 3};
    ok(parse_with(STR_LIT("{ a { b { c(x: 1) } } }"), &three, &doc, &errs) == 0,
       "three levels within max_depth 3");
    parse_fails(STR_LIT("{ a { b(x: [[1]]) } }"), &three,
                "Syntax Error: Document is nested too deeply (at most 3 levels).", 1, 13);
    parse_fails(STR_LIT("query ($a: [[[[Int]]]]) { a }"), &three,
                "Syntax Error: Document is nested too deeply (at most 3 levels).", 1, 15);
    str_t deep = repeat("{ a(x: ", "[", 255, "1");
    deep = repeat(deep.p, "]", 255, ") }");
    ok(parse_with((str_t){deep.p, deep.len}, NULL, &doc, &errs) == 0, "256 levels by default");
    deep = repeat("{ a(x: ", "[", 256, "1");
    deep = repeat(deep.p, "]", 256, ") }");
    parse_fails(deep, NULL, "Syntax Error: Document is nested too deeply (at most 256 levels).", 1,
                263);
    parse_fails(repeat("{ a(x: ", "[", 1 << 20, ""), NULL,
                "Syntax Error: Document is nested too deeply (at most 256 levels).", 1, 263);
    parse_fails(repeat("", "{a", 1 << 19, ""), NULL,
                "Syntax Error: Document is nested too deeply (at most 256 levels).", 1, 513);
    parse_fails(repeat("{ a(x: ", "{a:", 1 << 18, ""), NULL,
                "Syntax Error: Document is nested too deeply (at most 256 levels).", 1, 773);
    str_t wide = repeat("{", " a", 1 << 17, "}");
    ok(parse_with(wide, NULL, &doc, &errs) == 0 &&
           doc.defs[0].u.operation->selection_set->nitems == 1 << 17,
       "131072 fields side by side");
}

/* Every prefix of a document that uses most of the grammar ends in one
 * error or a document, never in a read past its end (ASan). */
static void
test_prefixes(void)
{
    static const char full[] =
        "query Q($a: [Int!]! = [1] @d) { f(x: {a: \"s\\u00e9\", b: \"\"\"b\"\"\"}) ... on T "
        "{ g } ...F } fragment F on T { h } type T implements I { f(a: Int = 1.5e3): E } "
        "directive @d repeatable on FIELD # end";
    size_t bad = 0;
    for (size_t n = 0; n <= sizeof full - 1; n++) {
        gql_document_t doc;
        gql_errors_t errs;
        int rc = parse_with((str_t){full, n}, NULL, &doc, &errs);
        if (!(rc == 0 ? errs.count == 0 : rc == -1 && errs.count == 1))
            bad++;
        arena_reset(arena);
    }
    is_int(bad, 0, "every prefix parses or fails with one error");
}

int
main(void)
{
    arena = arena_new(1 << 16);
    test_operation();
    test_shorthand_and_kinds();
    test_values();
    test_block_strings();
    test_type_system();
    test_bad_documents();
    test_locations();
    test_limits();
    test_prefixes();
    arena_free(arena);
    return done_testing();
}
