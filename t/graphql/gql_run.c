/* The C side of the differential test (t/graphql/compare.mjs): runs
 * GraphQL documents through our engine (gql_parse, gql_validate,
 * gql_execute) against a schema read from SDL and a fixture root value,
 * and prints one JSON line per document:
 *   {"name": ..., "phase": "parse"|"validate"|"execute", "errors": [...], "data": ...}
 * Every object field resolves as graphql-js's default resolver does (the
 * parent's property named like the field), abstract types by the object's
 * "__typename" (graphql-js's defaultTypeResolver), and a property
 * {"__error": "msg"} is a resolver error "msg" on both sides, so the two
 * engines see the same data. Arguments are validated and coerced, and
 * read by one field only: Query.echo returns them (a JSON object), so
 * coercion shows in the data.
 * Usage: gql_run SCHEMA.graphql FIXTURE.json DOC.graphql...
 * (DOC.json: its variables; DOC.op: its operationName.) */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/exec.h"
#include "graphql/schema.h"
#include "graphql/validate.h"
#include "graphql/value.h"

enum { ARENA_BLOCK = 64 * 1024 };

/* The whole file, NUL-terminated, in a; {NULL, 0} when it cannot be read. */
static str_t
read_file(arena_t *a, const char *path)
{
    str_t s = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return s;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        char *p = n >= 0 ? arena_alloc(a, (size_t)n + 1) : NULL;
        if (p && fseek(f, 0, SEEK_SET) == 0 && fread(p, 1, (size_t)n, f) == (size_t)n) {
            p[n] = '\0';
            s = (str_t){p, (size_t)n};
        }
    }
    fclose(f);
    return s;
}

/* A companion file of doc: DOC.json or DOC.op ("" when doc has no .graphql suffix). */
static const char *
companion(arena_t *a, const char *doc, const char *ext)
{
    size_t n = strlen(doc);
    if (n >= 8 && strcmp(doc + n - 8, ".graphql") == 0)
        n -= 8;
    char *p = arena_alloc(a, n + strlen(ext) + 1);
    if (p) {
        memcpy(p, doc, n);
        strcpy(p + n, ext);
    }
    return p;
}

/* graphql-js's defaultTypeResolver: the object's "__typename". */
static const char *
resolve_typename(const void *source, void *data)
{
    (void)data;
    json_object *tn = NULL;
    if (source && json_object_object_get_ex((json_object *)source, "__typename", &tn) &&
        json_object_is_type(tn, json_type_string))
        return json_object_get_string(tn);
    return NULL;
}

/* s without its trailing white space and newlines. */
static str_t
trim_line(str_t s)
{
    while (s.len > 0 && strchr(" \t\r\n", s.p[s.len - 1]))
        s.len--;
    return s;
}

/* The fixture value j as the value of a field of type t: composite objects
 * become sources (with their "__typename"), lists item by item, leaves
 * through gql_val_from_json. The engine completes and checks them. */
static int
fixture_value(arena_t *a, const gql_tref_t *t, json_object *j, gql_val_t *out)
{
    while (t->kind == GQL_TYPE_NON_NULL)
        t = t->of;
    if (j == NULL) {
        gql_val_null(out);
        return 0;
    }
    if (t->kind == GQL_TYPE_LIST && json_object_is_type(j, json_type_array)) {
        size_t n = json_object_array_length(j);
        if (gql_val_list(a, out, n) < 0)
            return -1;
        for (size_t i = 0; i < n; i++)
            if (fixture_value(a, t->of, json_object_array_get_idx(j, i), &out->items[i]) < 0)
                return -1;
        return 0;
    }
    /* Any value is the source of an object, as in graphql-js: the fields
     * of a string or a list resolve to null (it has no such property). */
    if (t->kind == GQL_TYPE_NAMED && gql_type_is_composite(gql_tref_named(t))) {
        gql_val_source(out, j);
        out->type_name = resolve_typename(j, NULL);
        return 0;
    }
    return gql_val_from_json(a, j, out);
}

/* Query.echo: its coerced arguments. */
static int
resolve_echo(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        if (rv->args)
            *rv->out[i] = *rv->args;
        else if (gql_val_object(rv->arena, rv->out[i], 0) < 0)
            return -1;
    }
    return 0;
}

/* The resolver of every object field: the parent's property of its name. */
static int
resolve_property(gql_resolve_t *rv)
{
    const char *name = arena_cstr(rv->arena, rv->field->name);
    if (!name)
        return -1;
    if (strcmp(name, "echo") == 0 && str_eq_cstr(rv->field->owner->name, "Query"))
        return resolve_echo(rv);
    for (size_t i = 0; i < rv->n; i++) {
        json_object *parent = (json_object *)rv->parents[i], *v = NULL, *msg = NULL;
        if (parent && json_object_is_type(parent, json_type_object))
            json_object_object_get_ex(parent, name, &v);
        if (v && json_object_is_type(v, json_type_object) &&
            json_object_object_get_ex(v, "__error", &msg) &&
            json_object_is_type(msg, json_type_string)) {
            gql_resolve_error(rv, i, "%s", json_object_get_string(msg));
            continue;
        }
        if (fixture_value(rv->arena, rv->field->type, v, rv->out[i]) < 0)
            return -1;
    }
    return 0;
}

/* Binds the property resolver to every field of every object type, and the
 * __typename one to every abstract type (the built-ins have their own). */
static int
bind_all(gql_schema_t *s)
{
    for (size_t i = 0; i < s->ntypes; i++) {
        const gql_type_t *t = s->types[i];
        if (t->builtin)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)t->name.len, t->name.p);
        if (t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION)
            if (gql_schema_bind_type(s, name, resolve_typename, NULL) < 0)
                return -1;
        if (t->kind != GQL_KIND_OBJECT)
            continue;
        for (size_t f = 0; f < t->nfields; f++) {
            char field[256];
            snprintf(field, sizeof field, "%.*s", (int)t->fields[f].name.len, t->fields[f].name.p);
            if (gql_schema_bind(s, name, field, resolve_property, NULL) < 0)
                return -1;
        }
    }
    return 0;
}

/* The document's name: its file name without directory and suffix. */
static str_t
doc_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(base);
    if (n >= 8 && strcmp(base + n - 8, ".graphql") == 0)
        n -= 8;
    return (str_t){base, n};
}

static void
print_errors_line(buf_t *out, const char *path, const char *phase, const gql_errors_t *errs)
{
    buf_puts(out, "{\"name\":");
    buf_json_str(out, doc_name(path));
    buf_printf(out, ",\"phase\":\"%s\",\"errors\":", phase);
    gql_errors_print_json(errs, out);
    buf_puts(out, "}\n");
}

typedef struct {
    gql_schema_t *schema;
    json_object *root;
    buf_t out;
} run_t;

/* Executes a parsed, valid document; prints the result with name and phase. */
static void
execute_document(run_t *r, arena_t *a, const char *path, const gql_document_t *doc)
{
    const char *opfile = companion(a, path, ".op");
    str_t op = opfile ? trim_line(read_file(a, opfile)) : (str_t){NULL, 0};
    const char *varfile = companion(a, path, ".json");
    FILE *probe = varfile ? fopen(varfile, "r") : NULL;
    json_object *vars = probe ? json_object_from_file(varfile) : NULL;
    if (probe)
        fclose(probe);
    gql_exec_params_t p = {.schema = r->schema,
                           .doc = doc,
                           .operation_name = op.p ? op : (str_t){"", 0},
                           .variables = vars,
                           .root_value = r->root,
                           .arena = a};
    gql_result_t res;
    memset(&res, 0, sizeof res);
    gql_execute(&p, &res);
    buf_t result;
    buf_init(&result);
    gql_result_print_json(&res, &result);
    const char *body = buf_cstr(&result);
    buf_puts(&r->out, "{\"name\":");
    buf_json_str(&r->out, doc_name(path));
    buf_puts(&r->out, ",\"phase\":\"execute\"");
    if (body[0] == '{' && body[1] != '}' && body[1] != '\0')
        buf_putc(&r->out, ',');
    buf_puts(&r->out, body[0] == '{' ? body + 1 : "}");
    buf_putc(&r->out, '\n');
    buf_free(&result);
    json_object_put(vars);
}

static void
run_document(run_t *r, const char *path)
{
    arena_t *a = arena_new(ARENA_BLOCK);
    if (!a) {
        fprintf(stderr, "gql_run: out of memory\n");
        exit(2);
    }
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    str_t src = read_file(a, path);
    gql_document_t doc;
    gql_parse_limits_t limits = {0, 0};
    if (!src.p) {
        fprintf(stderr, "gql_run: cannot read %s\n", path);
        exit(2);
    }
    if (gql_parse(a, src, &limits, &doc, &errs) < 0)
        print_errors_line(&r->out, path, "parse", &errs);
    else if (gql_validate(r->schema, &doc, &errs) > 0)
        print_errors_line(&r->out, path, "validate", &errs);
    else
        execute_document(r, a, path, &doc);
    fwrite(r->out.data, 1, r->out.len, stdout);
    fflush(stdout);
    buf_reset(&r->out);
    arena_free(a);
}

/* The schema from SDL, every field bound; exits on a bad schema. */
static gql_schema_t *
load_schema(const char *path)
{
    arena_t *a = arena_new(ARENA_BLOCK);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    str_t sdl = a ? read_file(a, path) : (str_t){NULL, 0};
    gql_schema_t *s = sdl.p ? gql_schema_from_sdl(sdl, &errs) : NULL;
    if (!s || bind_all(s) < 0) {
        buf_t b;
        buf_init(&b);
        gql_errors_print_json(&errs, &b);
        fprintf(stderr, "gql_run: bad schema %s: %s\n", path, buf_cstr(&b));
        exit(2);
    }
    arena_free(a);
    return s;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gql_run SCHEMA.graphql FIXTURE.json DOC.graphql...\n");
        return 2;
    }
    run_t r = {.schema = load_schema(argv[1]), .root = json_object_from_file(argv[2])};
    if (!r.root) {
        fprintf(stderr, "gql_run: cannot read the fixture %s\n", argv[2]);
        return 2;
    }
    buf_init(&r.out);
    for (int i = 3; i < argc; i++)
        run_document(&r, argv[i]);
    buf_free(&r.out);
    json_object_put(r.root);
    gql_schema_free(r.schema);
    return 0;
}
