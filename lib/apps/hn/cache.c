/* Answers to GraphQL queries kept in this worker's memory, by caller,
 * operation name, variables and document text, until the next commit to
 * links, votes or users (sql/0007_hn.sql notifies hn_changed) or for at
 * most GRAPHQL_CACHE_SECONDS. A reader repeating the front page's query
 * then costs no parse, no validation and no SQL. */
#include <stdlib.h>
#include <string.h>

#include "apps/hn/http.h"
#include "core/clock.h"
#include "core/settings.h"
#include "db/db.h"

/* 32 answers of at most 128 KB: 4 MB per worker at worst. */
enum { CACHE_ANSWERS = 32, ANSWER_MAX = 128 * 1024 };

typedef struct {
    char *key; /* caller, operation, variables and text, as hn_cache_key made them */
    size_t key_len;
    char *body;
    size_t body_len;
    unsigned long generation;
    double stored_at;
    unsigned long last_used;
} answer_t;

static answer_t answers[CACHE_ANSWERS];
static unsigned long hn_generation = 1;
static unsigned long hn_use_clock;

/* A commit that touched the HN tables, or a new connection that may have
 * missed one: every answer is out of date. */
static void
hn_changed(const char *payload)
{
    (void)payload;
    hn_generation++;
}

int
hn_cache_init(void)
{
    return settings.graphql.cache_seconds ? db_listen("hn_changed", hn_changed) : 0;
}

str_t
hn_cache_key(http_req_t *r, const hn_gql_request_t *q, const hn_ctx_t *ctx)
{
    buf_t *b = buf_new_on(r->arena);
    if (b == NULL)
        return STR_NULL;
    const char *vars =
        q->variables ? json_object_to_json_string_ext(q->variables, JSON_C_TO_STRING_PLAIN) : "";
    buf_printf(b, "%lld\n%zu:", ctx->caller ? ctx->caller->id : 0LL, q->operation_name.len);
    buf_str(b, q->operation_name);
    buf_printf(b, "\n%zu:%s\n", strlen(vars), vars);
    buf_str(b, q->query);
    return (str_t){b->data, b->len};
}

unsigned long
hn_cache_generation(void)
{
    if (settings.graphql.cache_seconds == 0)
        return 0;
    /* Hands over the notifications that arrived. While PostgreSQL is away
     * nothing commits, so kept answers stay true; the next connection
     * drops them all (db_listen calls hn_changed with NULL). */
    db_poll_notifications();
    return hn_generation;
}

bool
hn_cache_get(http_req_t *r, str_t key, unsigned long generation)
{
    if (generation == 0 || key.p == NULL)
        return false;
    double now = clock_monotonic_s();
    for (size_t i = 0; i < CACHE_ANSWERS; i++) {
        answer_t *a = &answers[i];
        if (a->key == NULL || a->generation != generation || a->key_len != key.len ||
            now - a->stored_at >= (double)settings.graphql.cache_seconds ||
            memcmp(a->key, key.p, key.len) != 0)
            continue;
        a->last_used = ++hn_use_clock;
        buf_reset(r->out);
        buf_append(r->out, a->body, a->body_len);
        return true;
    }
    return false;
}

/* A slot out of date, else the least recently used. */
static answer_t *
free_slot(void)
{
    answer_t *oldest = &answers[0];
    for (size_t i = 0; i < CACHE_ANSWERS; i++) {
        if (answers[i].key == NULL || answers[i].generation != hn_generation)
            return &answers[i];
        if (answers[i].last_used < oldest->last_used)
            oldest = &answers[i];
    }
    return oldest;
}

void
hn_cache_put(str_t key, const buf_t *body, unsigned long generation)
{
    if (generation == 0 || generation != hn_generation || key.p == NULL || body->len > ANSWER_MAX)
        return;
    char *k = malloc(key.len ? key.len : 1), *b = malloc(body->len ? body->len : 1);
    if (k == NULL || b == NULL) {
        free(k);
        free(b);
        return;
    }
    memcpy(k, key.p, key.len);
    memcpy(b, body->data, body->len);
    answer_t *slot = free_slot();
    free(slot->key);
    free(slot->body);
    *slot = (answer_t){k, key.len, b, body->len, generation, clock_monotonic_s(), ++hn_use_clock};
}
