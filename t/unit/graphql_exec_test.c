/* Execution (lib/graphql/exec.h): a schema with fake resolvers that count
 * their calls (one call per field per level proves the batching), and a
 * table of queries whose expected responses graphql-js 16 printed
 * (t/data/graphql-exec/gen.js runs the same schema, data and queries). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/exec.h"
#include "tap.h"

/* The files gen.js reads too: t/data/graphql-exec/NAME under $srcdir. */
static char *
read_file(const char *rel)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", srcdir ? srcdir : ".", rel);
    FILE *f = fopen(path, "rb");
    long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    char *text = size >= 0 ? calloc(1, (size_t)size + 1) : NULL;
    if (text && (fseek(f, 0, SEEK_SET) != 0 || fread(text, 1, (size_t)size, f) != (size_t)size)) {
        free(text);
        text = NULL;
    }
    if (f)
        fclose(f);
    return text;
}

static char *
read_data(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "t/data/graphql-exec/%s", name);
    return read_file(rel);
}

static str_t
text_of(const buf_t *b)
{
    return (str_t){b->data, b->len};
}

/* --- the data (gen.js holds the same) ----------------------------------- */

typedef struct {
    const char *id, *email;
} user_t;
typedef struct {
    const char *id;
    const user_t *user;
} vote_t;
typedef struct {
    int id;
    const char *url, *description;
    const user_t *posted_by;
    const vote_t *votes;
    size_t nvotes;
} link_t;

static const user_t users[] = {{"u1", "a@x"}, {"u2", NULL}};
static const vote_t votes[] = {{"v1", &users[1]}, {"v2", &users[0]}, {"v3", &users[0]}};
static const link_t links[] = {
    {1, "http://a", "first", &users[0], &votes[0], 2},
    {2, "http://b", NULL, &users[1], NULL, 0},
    {3, NULL, "broken", NULL, &votes[2], 1},
};
static const link_t *all_links = links; /* the speed test swaps in 50 */
static size_t nall_links = 3;
static const int nested_object = 1;
static int64_t total;

/* --- resolvers ------------------------------------------------------------ */

typedef struct {
    int calls;
    size_t last_n;
} counter_t;

#define PARENT(T, i) ((const T *)rv->parents[i])

static void
counted(gql_resolve_t *rv)
{
    counter_t *c = rv->field->resolve_data;
    c->calls++;
    c->last_n = rv->n;
}

static void
put_cstr(gql_val_t *v, const char *s)
{
    if (s)
        gql_val_string(v, str_from_cstr(s));
    else
        gql_val_null(v);
}

static int
q_links(gql_resolve_t *rv)
{
    counted(rv);
    const gql_val_t *first = gql_resolve_arg(rv, "first");
    size_t n = first && first->kind == GQL_VAL_INT ? (size_t)first->i : nall_links;
    if (n > nall_links)
        n = nall_links;
    if (gql_val_list(rv->arena, rv->out[0], n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        gql_val_source(&rv->out[0]->items[i], &all_links[i]);
    return 0;
}

static int
q_node(gql_resolve_t *rv)
{
    counted(rv);
    str_t id = gql_resolve_arg(rv, "id")->s;
    for (size_t i = 0; i < 2; i++)
        if (str_eq_cstr(id, users[i].id)) {
            gql_val_source(rv->out[0], &users[i]);
            rv->out[0]->type_name = "User";
        }
    return 0;
}

static int
q_search(gql_resolve_t *rv)
{
    counted(rv);
    if (gql_val_list(rv->arena, rv->out[0], 2) != 0)
        return -1;
    gql_val_source(&rv->out[0]->items[0], &links[0]);
    gql_val_source(&rv->out[0]->items[1], &users[0]);
    return 0;
}

static const char *
search_type(const void *source, void *data)
{
    (void)data;
    return source == &users[0] ? "User" : "Link";
}

/* echoInt, echoList, echoColor: the argument back. */
static int
q_echo(gql_resolve_t *rv)
{
    counted(rv);
    const gql_val_t *v = rv->args->nfields ? &rv->args->values[0] : NULL;
    if (v)
        *rv->out[0] = *v;
    return 0;
}

static int
q_echo_filter(gql_resolve_t *rv)
{
    counted(rv);
    const gql_val_t *f = gql_resolve_arg(rv, "f");
    if (!f || f->kind == GQL_VAL_NULL)
        return 0;
    const gql_val_t *text = gql_val_get(f, "text"), *limit = gql_val_get(f, "limit");
    char *s = arena_alloc(rv->arena, 64);
    str_t shown = !text                        ? STR_LIT("absent")
                  : text->kind == GQL_VAL_NULL ? STR_LIT("null")
                                               : text->s;
    snprintf(s, 64, "%.*s/%lld", STR_FMT(shown), limit ? (long long)limit->i : -1LL);
    gql_val_string(rv->out[0], str_from_cstr(s));
    return 0;
}

/* echoPick: "a=1" or "b=x", as gen.js prints the one field. */
static int
q_echo_pick(gql_resolve_t *rv)
{
    counted(rv);
    const gql_val_t *p = gql_resolve_arg(rv, "p");
    if (!p || p->kind != GQL_VAL_OBJECT || p->nfields != 1)
        return 0;
    char *s = arena_alloc(rv->arena, 64);
    const gql_val_t *v = &p->values[0];
    if (v->kind == GQL_VAL_INT)
        snprintf(s, 64, "%.*s=%lld", STR_FMT(p->keys[0]), (long long)v->i);
    else
        snprintf(s, 64, "%.*s=%.*s", STR_FMT(p->keys[0]), STR_FMT(v->s));
    gql_val_string(rv->out[0], str_from_cstr(s));
    return 0;
}

/* Fields whose value is a JSON text: what their types must coerce. */
static int
q_json(gql_resolve_t *rv)
{
    static const struct {
        const char *field, *json;
    } values[] = {
        {"notAList", "5"},
        {"matrix", "[[1,2],[3,null],null]"},
        {"stringy", "[1,1.5,true,\"x\",1e21]"},
        {"inty", "[\"12\",true,2.0,\" 7 \"]"},
        {"ids", "[7,\"x\",1.0]"},
        {"bools", "[true,0,2.5]"},
        {"generic", "{\"a\":[1,\"x\",null],\"b\":{\"c\":2.5}}"},
    };
    counted(rv);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        if (!str_eq_cstr(rv->field->name, values[i].field))
            continue;
        json_object *j = json_tokener_parse(values[i].json);
        int rc = gql_val_from_json(rv->arena, j, rv->out[0]);
        json_object_put(j);
        return rc;
    }
    return -1;
}

static int
q_strict_links(gql_resolve_t *rv)
{
    counted(rv);
    if (gql_val_list(rv->arena, rv->out[0], 3) != 0)
        return -1;
    for (size_t i = 0; i < 3; i++)
        gql_val_source(&rv->out[0]->items[i], &links[i]);
    return 0;
}

/* badSearch(kind:): a value whose type is unknown, outside the union, or
 * not an object type. */
static int
q_bad_search(gql_resolve_t *rv)
{
    static const char *const names[] = {"Nope", "Vote", "Color"};
    counted(rv);
    if (gql_val_list(rv->arena, rv->out[0], 1) != 0)
        return -1;
    gql_val_source(&rv->out[0]->items[0], &users[0]);
    rv->out[0]->items[0].type_name = names[gql_resolve_arg(rv, "kind")->i % 3];
    return 0;
}

/* half, big, color, pi, tiny: values their types must refuse or print. */
static int
q_constant(gql_resolve_t *rv)
{
    counted(rv);
    str_t name = rv->field->name;
    if (str_eq_cstr(name, "half"))
        gql_val_float(rv->out[0], 1.5);
    else if (str_eq_cstr(name, "big"))
        gql_val_int(rv->out[0], 3000000000LL);
    else if (str_eq_cstr(name, "color"))
        gql_val_string(rv->out[0], STR_LIT("PURPLE"));
    else if (str_eq_cstr(name, "pi"))
        gql_val_float(rv->out[0], 3.14);
    else
        gql_val_float(rv->out[0], 1e-7);
    return 0;
}

/* badInt, Nested.other, Mutation.fail: resolver errors. */
static int
r_fail(gql_resolve_t *rv)
{
    counted(rv);
    str_t name = rv->field->name;
    gql_resolve_error_all(rv, "%s",
                          str_eq_cstr(name, "badInt")  ? "boom"
                          : str_eq_cstr(name, "other") ? "other failed"
                                                       : "nope");
    return -1;
}

static int
r_object(gql_resolve_t *rv)
{
    counted(rv);
    for (size_t i = 0; i < rv->n; i++)
        gql_val_source(rv->out[i], &nested_object);
    return 0;
}

static int
r_null(gql_resolve_t *rv)
{
    counted(rv);
    return 0;
}

static int
m_add(gql_resolve_t *rv)
{
    counted(rv);
    total += gql_resolve_arg(rv, "n")->i;
    gql_val_int(rv->out[0], total);
    return 0;
}

static int
link_scalar(gql_resolve_t *rv)
{
    counted(rv);
    str_t name = rv->field->name;
    for (size_t i = 0; i < rv->n; i++) {
        const link_t *l = PARENT(link_t, i);
        if (str_eq_cstr(name, "id"))
            gql_val_int(rv->out[i], l->id);
        else
            put_cstr(rv->out[i], str_eq_cstr(name, "url") ? l->url : l->description);
    }
    return 0;
}

static int
link_posted_by(gql_resolve_t *rv)
{
    counted(rv);
    for (size_t i = 0; i < rv->n; i++)
        if (PARENT(link_t, i)->posted_by)
            gql_val_source(rv->out[i], PARENT(link_t, i)->posted_by);
    return 0;
}

static int
link_votes(gql_resolve_t *rv)
{
    counted(rv);
    for (size_t i = 0; i < rv->n; i++) {
        const link_t *l = PARENT(link_t, i);
        if (gql_val_list(rv->arena, rv->out[i], l->nvotes) != 0)
            return -1;
        for (size_t j = 0; j < l->nvotes; j++)
            gql_val_source(&rv->out[i]->items[j], &l->votes[j]);
    }
    return 0;
}

static int
vote_field(gql_resolve_t *rv)
{
    counted(rv);
    for (size_t i = 0; i < rv->n; i++)
        if (str_eq_cstr(rv->field->name, "id"))
            put_cstr(rv->out[i], PARENT(vote_t, i)->id);
        else
            gql_val_source(rv->out[i], PARENT(vote_t, i)->user);
    return 0;
}

static int
user_field(gql_resolve_t *rv)
{
    counted(rv);
    for (size_t i = 0; i < rv->n; i++)
        put_cstr(rv->out[i], str_eq_cstr(rv->field->name, "id") ? PARENT(user_t, i)->id
                                                                : PARENT(user_t, i)->email);
    return 0;
}

static struct {
    const char *type, *field;
    gql_resolve_fn fn;
    counter_t counter;
} binds[] = {
    {"Query", "links", q_links, {0}},
    {"Query", "node", q_node, {0}},
    {"Query", "search", q_search, {0}},
    {"Query", "echoInt", q_echo, {0}},
    {"Query", "echoList", q_echo, {0}},
    {"Query", "echoColor", q_echo, {0}},
    {"Query", "echoFilter", q_echo_filter, {0}},
    {"Query", "echoPick", q_echo_pick, {0}},
    {"Query", "strictLinks", q_strict_links, {0}},
    {"Query", "badSearch", q_bad_search, {0}},
    {"Query", "notAList", q_json, {0}},
    {"Query", "matrix", q_json, {0}},
    {"Query", "stringy", q_json, {0}},
    {"Query", "inty", q_json, {0}},
    {"Query", "ids", q_json, {0}},
    {"Query", "bools", q_json, {0}},
    {"Query", "generic", q_json, {0}},
    {"Query", "echoGeneric", q_echo, {0}},
    {"Query", "half", q_constant, {0}},
    {"Query", "big", q_constant, {0}},
    {"Query", "color", q_constant, {0}},
    {"Query", "pi", q_constant, {0}},
    {"Query", "tiny", q_constant, {0}},
    {"Query", "badInt", r_fail, {0}},
    {"Query", "nested", r_object, {0}},
    {"Nested", "other", r_fail, {0}},
    {"Nested", "inner", r_object, {0}},
    {"Inner", "must", r_null, {0}},
    {"Mutation", "add", m_add, {0}},
    {"Mutation", "fail", r_fail, {0}},
    {"Link", "id", link_scalar, {0}},
    {"Link", "url", link_scalar, {0}},
    {"Link", "description", link_scalar, {0}},
    {"Link", "postedBy", link_posted_by, {0}},
    {"Link", "votes", link_votes, {0}},
    {"Vote", "id", vote_field, {0}},
    {"Vote", "user", vote_field, {0}},
    {"User", "id", user_field, {0}},
    {"User", "email", user_field, {0}},
    {"User", "fail", r_fail, {0}},
};
enum { NBINDS = sizeof binds / sizeof binds[0] };

static counter_t *
counter(const char *type, const char *field)
{
    for (size_t i = 0; i < NBINDS; i++)
        if (strcmp(binds[i].type, type) == 0 && strcmp(binds[i].field, field) == 0)
            return &binds[i].counter;
    return NULL;
}

static gql_schema_t *
test_schema(void)
{
    gql_errors_t errs;
    arena_t *a = arena_new(4096);
    gql_errors_init(&errs, a);
    char *sdl = read_data("schema.graphql");
    gql_schema_t *s = sdl ? gql_schema_from_sdl(str_from_cstr(sdl), &errs) : NULL;
    free(sdl);
    if (!s) {
        buf_t b;
        buf_init(&b);
        gql_errors_print_json(&errs, &b);
        printf("# schema: %s\n", buf_cstr(&b));
        buf_free(&b);
        arena_free(a);
        return NULL;
    }
    for (size_t i = 0; i < NBINDS; i++)
        gql_schema_bind(s, binds[i].type, binds[i].field, binds[i].fn, &binds[i].counter);
    gql_schema_bind_type(s, "SearchResult", search_type, NULL);
    gql_errors_init(&errs, a);
    is_int(gql_schema_check_bound(s, &errs), 0, "every field of the test schema has a resolver");
    arena_free(a);
    return s;
}

/* --- running a query -------------------------------------------------------- */

/* Parses and executes query; the response JSON in out, the return of
 * gql_execute as the result (-2 when the query does not parse). */
static int
run(gql_schema_t *s, arena_t *a, const char *query, const char *variables, const char *op,
    buf_t *out)
{
    gql_document_t doc;
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    if (gql_parse(a, str_from_cstr(query), &(gql_parse_limits_t){0}, &doc, &errs) != 0) {
        gql_errors_print_json(&errs, out);
        return -2;
    }
    json_object *vars = variables ? json_tokener_parse(variables) : NULL;
    gql_exec_params_t p = {.schema = s,
                           .doc = &doc,
                           .operation_name = op ? str_from_cstr(op) : STR_NULL,
                           .variables = vars,
                           .arena = a};
    gql_result_t res;
    total = 0;
    int rc = gql_execute(&p, &res);
    gql_result_print_json(&res, out);
    json_object_put(vars);
    return rc;
}

static const char batching_query[] = "{ links(first: 2) { id url description postedBy { id "
                                     "email } votes { id user { id } } } }";

static const char *
member_text(json_object *c, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(c, key, &v) ? json_object_get_string(v) : NULL;
}

/* One case of cases.json against its line of expected.jsonl. */
static void
test_case(gql_schema_t *s, arena_t *a, json_object *c, const char *expected, buf_t *out)
{
    const char *name = member_text(c, "name");
    json_object *vars;
    const char *variables = json_object_object_get_ex(c, "vars", &vars)
                                ? json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN)
                                : NULL;
    buf_reset(out);
    int rc = run(s, a, member_text(c, "query"), variables, member_text(c, "op"), out);
    bool request_error = strncmp(expected, "{\"errors\"", 9) == 0 && !strstr(expected, "\"data\":");
    is_int(rc, request_error ? -1 : 0, "%s: gql_execute's result", name);
    is_str(text_of(out), expected, "%s: the response", name);
}

static void
test_cases(gql_schema_t *s)
{
    char *cases_text = read_data("cases.json"), *expected = read_data("expected.jsonl");
    json_object *cases = cases_text ? json_tokener_parse(cases_text) : NULL;
    ok(cases && expected, "t/data/graphql-exec/cases.json and expected.jsonl read");
    arena_t *a = arena_new(1 << 16);
    buf_t out;
    buf_init(&out);
    char *line = expected, *next;
    for (size_t i = 0; cases && line && i < json_object_array_length(cases); i++, line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        test_case(s, a, json_object_array_get_idx(cases, i), line, &out);
        arena_reset(a);
    }
    ok(cases && json_object_array_length(cases) >= 30, "the table has its cases");
    json_object_put(cases);
    free(cases_text);
    free(expected);
    buf_free(&out);
    arena_free(a);
}

static void
reset_counters(void)
{
    for (size_t i = 0; i < NBINDS; i++)
        binds[i].counter = (counter_t){0};
}

/* links { postedBy votes { user } }: each resolver once per level, with
 * every parent of the level. */
static void
test_batching(gql_schema_t *s)
{
    arena_t *a = arena_new(1 << 16);
    buf_t out;
    buf_init(&out);
    reset_counters();
    run(s, a, batching_query, NULL, NULL, &out);
    is_int(counter("Query", "links")->calls, 1, "links called once");
    is_int(counter("Link", "postedBy")->calls, 1, "postedBy called once");
    is_int(counter("Link", "postedBy")->last_n, 2, "postedBy got both links");
    is_int(counter("Link", "votes")->calls, 1, "votes called once");
    is_int(counter("Vote", "user")->calls, 1, "Vote.user called once");
    is_int(counter("Vote", "user")->last_n, 2, "Vote.user got every vote of every link");
    is_int(counter("User", "id")->calls, 2, "User.id: once under postedBy, once under user");
    reset_counters();
    arena_reset(a);
    buf_reset(&out);
    run(s, a, "{ search { ... on Link { id } } node(id: \"u2\") { id } }", NULL, NULL, &out);
    is_str(text_of(&out), "{\"data\":{\"search\":[{\"id\":\"1\"},{}],\"node\":{\"id\":\"u2\"}}}",
           "a type condition that does not match leaves an empty object");
    buf_free(&out);
    arena_free(a);
}

/* A resolver that returns a string for an object field (a bug in the
 * app): the field's error, never a pointer taken for the next parent. */
static int
wrong_kind(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        gql_val_string(rv->out[i], STR_LIT("not an object"));
    return 0;
}

static int
never_called(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        gql_val_int(rv->out[i], 1);
    return 1; /* the test fails below if the next level ran */
}

static void
test_wrong_kind(void)
{
    arena_t *a = arena_new(1 << 14);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_schema_t *s =
        gql_schema_from_sdl(STR_LIT("type Query { thing: Thing }\ntype Thing { x: Int }"), &errs);
    ok(s && gql_schema_bind(s, "Query", "thing", wrong_kind, NULL) == 0 &&
           gql_schema_bind(s, "Thing", "x", never_called, NULL) == 0,
       "a schema with a resolver of the wrong kind");
    buf_t out;
    buf_init(&out);
    if (s)
        run(s, a, "{ thing { x } }", NULL, NULL, &out);
    is_str(text_of(&out),
           "{\"errors\":[{\"message\":\"Expected an object for field \\\"Query.thing\\\", but "
           "its resolver returned another kind of value.\",\"locations\":[{\"line\":1,"
           "\"column\":3}],\"path\":[\"thing\"]}],\"data\":{\"thing\":null}}",
           "a string for an object field is the field's error");
    buf_free(&out);
    gql_schema_free(s);
    arena_free(a);
}

/* Mutation root fields run one after another, each to its end. */
static void
test_mutation_order(gql_schema_t *s)
{
    arena_t *a = arena_new(1 << 16);
    buf_t out;
    buf_init(&out);
    reset_counters();
    run(s, a, "mutation { a: add(n: 1) f: fail b: add(n: 2) }", NULL, NULL, &out);
    is_int(counter("Mutation", "add")->calls, 1,
           "the field after a failed non-null one never runs");
    buf_free(&out);
    arena_free(a);
}

static void
test_js_numbers(void)
{
    static const struct {
        double f;
        const char *text;
    } numbers[] = {
        {1e-7, "1e-7"},
        {1e21, "1e+21"},
        {1e20, "100000000000000000000"},
        {0.1, "0.1"},
        {100, "100"},
        {-0.5, "-0.5"},
        {1.5e-7, "1.5e-7"},
        {0.000001, "0.000001"},
        {123.456, "123.456"},
        {-0.0, "0"},
        {2.5e+25, "2.5e+25"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
    };
    buf_t b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        buf_reset(&b);
        gql_js_number(numbers[i].f, &b);
        is_str(text_of(&b), numbers[i].text, "String(%s)", numbers[i].text);
    }
    buf_free(&b);
}

/* The HN benchmark's query, 50 links of 3 votes: microseconds per run. */
static void
test_speed(gql_schema_t *s)
{
    static link_t many[50];
    static vote_t many_votes[3];
    for (size_t i = 0; i < 3; i++)
        many_votes[i] = (vote_t){"v", &users[i % 2]};
    for (size_t i = 0; i < 50; i++)
        many[i] = (link_t){(int)i, "http://x", "d", &users[0], many_votes, 3};
    all_links = many;
    nall_links = 50;
    arena_t *a = arena_new(1 << 16);
    buf_t out;
    buf_init(&out);
    const char *q = "{ links(first: 50) { id url description postedBy { id email } votes { id "
                    "user { id } } } }";
    enum { RUNS = 200 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < RUNS; i++) {
        buf_reset(&out);
        run(s, a, q, NULL, NULL, &out);
        arena_reset(a);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us =
        ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / RUNS;
    printf("# parse + execute + print of the HN benchmark's query: %.1f us a run\n", us);
    all_links = links;
    nall_links = 3;
    ok(us > 0, "timed");
    buf_free(&out);
    arena_free(a);
}

/* The whole introspection query GraphiQL sends, executed, against what
 * graphql-js answered (h-schema's data files). */
static void
test_introspection(const char *sdl_file, const char *query_file, const char *answer_file)
{
    char *sdl = read_file(sdl_file), *query = read_file(query_file);
    char *answer = read_file(answer_file);
    gql_errors_t errs;
    arena_t *a = arena_new(1 << 16);
    gql_errors_init(&errs, a);
    gql_schema_t *s = sdl ? gql_schema_from_sdl(str_from_cstr(sdl), &errs) : NULL;
    ok(s && query && answer, "%s, %s and its answer", sdl_file, query_file);
    if (s && query && answer) {
        buf_t out;
        buf_init(&out);
        answer[strcspn(answer, "\n")] = '\0';
        is_int(run(s, a, query, NULL, NULL, &out), 0, "%s runs", query_file);
        is_str(text_of(&out), answer, "%s: the answer is graphql-js's", answer_file);
        buf_free(&out);
    }
    if (s)
        gql_schema_free(s);
    free(sdl);
    free(query);
    free(answer);
    arena_free(a);
}

int
main(void)
{
    test_js_numbers();
    gql_schema_t *s = test_schema();
    ok(s != NULL, "the test schema builds");
    if (!s)
        return done_testing();
    test_cases(s);
    test_batching(s);
    test_mutation_order(s);
    test_wrong_kind();
    test_speed(s);
    test_introspection("lib/apps/hn/schema.graphql", "t/data/graphql-schema/introspection.graphql",
                       "t/data/graphql-schema/hn-introspection.json");
    test_introspection("t/data/graphql-schema/rich.graphql",
                       "t/data/graphql-schema/introspection-full.graphql",
                       "t/data/graphql-schema/rich-introspection.json");
    test_introspection("t/data/graphql-schema/rich.graphql",
                       "t/data/graphql-schema/rich-queries.graphql",
                       "t/data/graphql-schema/rich-queries.json");
    gql_schema_free(s);
    return done_testing();
}
