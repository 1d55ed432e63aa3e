/* ops/bench/graphql-micro: parse + validate + execute of the HN queries by
 * lib/graphql alone (no network, no SQL: the resolvers read arrays in
 * memory shaped like the benchmark's database: LINKS links, VOTES_PER_LINK
 * votes each, USERS users). Prints microseconds per document per phase as
 * JSON lines, for ops/bench/graphql-micro/run to print beside graphql-js.
 *   micro SCHEMA.graphql QUERIES.json ITERATIONS */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "graphql/exec.h"
#include "graphql/validate.h"

enum { LINKS = 1000, VOTES_PER_LINK = 5, USERS = 100 };

typedef struct {
    long long id;
    char email[64];
} bench_user_t;
typedef struct {
    long long id;
    char url[64], description[64];
    int user;
} bench_link_t;
typedef struct {
    long long id;
    int user, link;
} bench_vote_t;

static bench_user_t users[USERS];
static bench_link_t links[LINKS];
static bench_vote_t votes[LINKS * VOTES_PER_LINK];

static void
fill_data(void)
{
    for (int i = 0; i < USERS; i++) {
        users[i].id = i + 1;
        snprintf(users[i].email, sizeof users[i].email, "user%d@example.com", i + 1);
    }
    for (int i = 0; i < LINKS; i++) {
        links[i] = (bench_link_t){.id = i + 1, .user = i % USERS};
        snprintf(links[i].url, sizeof links[i].url, "https://example.com/%d", i + 1);
        snprintf(links[i].description, sizeof links[i].description, "Link number %d", i + 1);
    }
    for (int i = 0; i < LINKS * VOTES_PER_LINK; i++)
        votes[i] = (bench_vote_t){.id = i + 1, .user = i % USERS, .link = i / VOTES_PER_LINK};
}

static gql_val_t *
source_list(gql_resolve_t *rv, size_t i, size_t n)
{
    gql_val_t *v = rv->out[i];
    return gql_val_list(rv->arena, v, n) == 0 ? v : NULL;
}

static int
query_links(gql_resolve_t *rv)
{
    const gql_val_t *first = gql_resolve_arg(rv, "first");
    size_t n = first && first->kind == GQL_VAL_INT && first->i < LINKS ? (size_t)first->i : LINKS;
    gql_val_t *list = source_list(rv, 0, n);
    for (size_t k = 0; list && k < n; k++)
        gql_val_source(&list->items[k], &links[LINKS - 1 - k]);
    return list ? 0 : -1;
}

static int
query_users(gql_resolve_t *rv)
{
    gql_val_t *list = source_list(rv, 0, USERS);
    for (size_t k = 0; list && k < USERS; k++)
        gql_val_source(&list->items[k], &users[k]);
    return list ? 0 : -1;
}

static int
query_votes(gql_resolve_t *rv)
{
    enum { SHOWN = 200 };
    gql_val_t *list = source_list(rv, 0, SHOWN);
    for (size_t k = 0; list && k < SHOWN; k++)
        gql_val_source(&list->items[k], &votes[k]);
    return list ? 0 : -1;
}

static int
link_votes(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const bench_link_t *l = rv->parents[i];
        gql_val_t *list = source_list(rv, i, VOTES_PER_LINK);
        if (!list)
            return -1;
        for (size_t k = 0; k < VOTES_PER_LINK; k++)
            gql_val_source(&list->items[k], &votes[(l - links) * VOTES_PER_LINK + (long)k]);
    }
    return 0;
}

static int
user_links(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++) {
        const bench_user_t *u = rv->parents[i];
        size_t n = LINKS / USERS;
        gql_val_t *list = source_list(rv, i, n);
        if (!list)
            return -1;
        for (size_t k = 0; k < n; k++)
            gql_val_source(&list->items[k], &links[(u - users) + (long)k * USERS]);
    }
    return 0;
}

static int
empty_list(gql_resolve_t *rv)
{
    for (size_t i = 0; i < rv->n; i++)
        if (!source_list(rv, i, 0))
            return -1;
    return 0;
}

/* One resolver per scalar field: which one is in resolve_data. */
enum field_id { F_ID, F_URL, F_DESC, F_POSTED_BY, F_EMAIL, F_USER, F_LINK, F_EMPTY, F_FALSE };

static int
link_field(gql_resolve_t *rv)
{
    enum field_id which = (enum field_id)(long)rv->field->resolve_data;
    for (size_t i = 0; i < rv->n; i++) {
        const bench_link_t *l = rv->parents[i];
        if (which == F_ID)
            gql_val_int(rv->out[i], l->id);
        else if (which == F_URL)
            gql_val_string(rv->out[i], str_from_cstr(l->url));
        else if (which == F_DESC)
            gql_val_string(rv->out[i], str_from_cstr(l->description));
        else
            gql_val_source(rv->out[i], &users[l->user]);
    }
    return 0;
}

static int
user_field(gql_resolve_t *rv)
{
    enum field_id which = (enum field_id)(long)rv->field->resolve_data;
    for (size_t i = 0; i < rv->n; i++) {
        const bench_user_t *u = rv->parents[i];
        if (which == F_ID)
            gql_val_int(rv->out[i], u->id);
        else if (which == F_EMAIL)
            gql_val_string(rv->out[i], str_from_cstr(u->email));
        else if (which == F_FALSE)
            gql_val_bool(rv->out[i], false);
        else
            gql_val_string(rv->out[i], STR_LIT(""));
    }
    return 0;
}

static int
vote_field(gql_resolve_t *rv)
{
    enum field_id which = (enum field_id)(long)rv->field->resolve_data;
    for (size_t i = 0; i < rv->n; i++) {
        const bench_vote_t *v = rv->parents[i];
        if (which == F_ID)
            gql_val_int(rv->out[i], v->id);
        else if (which == F_USER)
            gql_val_source(rv->out[i], &users[v->user]);
        else
            gql_val_source(rv->out[i], &links[v->link]);
    }
    return 0;
}

static int
bind_all(gql_schema_t *s)
{
    static const struct {
        const char *type, *field;
        gql_resolve_fn fn;
        long data;
    } binds[] = {
        {"Query", "links", query_links, 0},
        {"Query", "users", query_users, 0},
        {"Query", "votes", query_votes, 0},
        {"Link", "id", link_field, F_ID},
        {"Link", "url", link_field, F_URL},
        {"Link", "description", link_field, F_DESC},
        {"Link", "postedBy", link_field, F_POSTED_BY},
        {"Link", "votes", link_votes, 0},
        {"User", "id", user_field, F_ID},
        {"User", "email", user_field, F_EMAIL},
        {"User", "firstName", user_field, F_EMPTY},
        {"User", "lastName", user_field, F_EMPTY},
        {"User", "isStaff", user_field, F_FALSE},
        {"User", "isActive", user_field, F_FALSE},
        {"User", "linkSet", user_links, 0},
        {"User", "voteSet", empty_list, 0},
        {"Vote", "id", vote_field, F_ID},
        {"Vote", "user", vote_field, F_USER},
        {"Vote", "link", vote_field, F_LINK},
    };
    for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++)
        if (gql_schema_bind(s, binds[i].type, binds[i].field, binds[i].fn, (void *)binds[i].data) !=
            0)
            return -1;
    return 0;
}

static double
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef struct {
    double parse, validate, execute, print;
    size_t bytes;
} phase_times_t;

/* One document once; -1 when any phase fails (a broken benchmark). */
static int
run_once(const gql_schema_t *s, arena_t *a, str_t query, json_object *vars, phase_times_t *t)
{
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_document_t doc;
    double t0 = now_us();
    if (gql_parse(a, query, &(gql_parse_limits_t){0}, &doc, &errs) != 0)
        return -1;
    double t1 = now_us();
    if (gql_validate(s, &doc, &errs) != 0)
        return -1;
    double t2 = now_us();
    gql_result_t res;
    gql_exec_params_t p = {.schema = s, .doc = &doc, .variables = vars, .arena = a};
    if (gql_execute(&p, &res) != 0 || res.errors.count)
        return -1;
    double t3 = now_us();
    buf_t *out = buf_new_on(a);
    gql_result_print_json(&res, out);
    double t4 = now_us();
    *t = (phase_times_t){t1 - t0, t2 - t1, t3 - t2, t4 - t3, out->len};
    return 0;
}

static int
bench_document(const gql_schema_t *s, arena_t *a, json_object *doc, long iterations)
{
    const char *name = json_object_get_string(json_object_object_get(doc, "name"));
    const char *text = json_object_get_string(json_object_object_get(doc, "query"));
    json_object *vars = json_object_object_get(doc, "variables");
    phase_times_t sum = {0}, one;
    for (long k = 0; k < iterations; k++) {
        arena_reset(a);
        if (run_once(s, a, str_from_cstr(text), vars, &one) != 0) {
            fprintf(stderr, "micro: %s failed\n", name);
            return -1;
        }
        sum.parse += one.parse, sum.validate += one.validate;
        sum.execute += one.execute, sum.print += one.print, sum.bytes = one.bytes;
    }
    double n = (double)iterations;
    printf("{\"name\":\"%s\",\"parse_us\":%.2f,\"validate_us\":%.2f,\"execute_us\":%.2f,"
           "\"print_us\":%.2f,\"total_us\":%.2f,\"bytes\":%zu}\n",
           name, sum.parse / n, sum.validate / n, sum.execute / n, sum.print / n,
           (sum.parse + sum.validate + sum.execute + sum.print) / n, sum.bytes);
    return 0;
}

static gql_schema_t *
load_schema(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char sdl[1 << 16];
    size_t n = f ? fread(sdl, 1, sizeof sdl - 1, f) : 0;
    if (f)
        fclose(f);
    arena_t *a = arena_new(4096);
    gql_errors_t errs;
    gql_errors_init(&errs, a);
    gql_schema_t *s = n ? gql_schema_from_sdl((str_t){sdl, n}, &errs) : NULL;
    if (!s)
        fprintf(stderr, "micro: %s: %s\n", path, errs.first ? errs.first->message : "unreadable");
    arena_free(a);
    return s && bind_all(s) == 0 ? s : NULL;
}

int
main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: micro SCHEMA.graphql QUERIES.json ITERATIONS\n");
        return 2;
    }
    fill_data();
    gql_schema_t *s = load_schema(argv[1]);
    json_object *docs = json_object_from_file(argv[2]);
    long iterations = atol(argv[3]);
    if (!s || !docs || iterations <= 0)
        return 1;
    arena_t *a = arena_new(1024 * 1024);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < json_object_array_length(docs); i++)
        rc = bench_document(s, a, json_object_array_get_idx(docs, i), iterations);
    arena_free(a);
    json_object_put(docs);
    gql_schema_free(s);
    return rc == 0 ? 0 : 1;
}
