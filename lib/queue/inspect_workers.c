/* Workers and queue depths. What a worker runs is not stored on the worker:
 * it is the envelope in processing:<worker> whose task:<id> is STARTED by
 * that worker (queue.h); the other envelopes there are taken but not
 * started, which Celery calls reserved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "kv/kv.h"
#include "core/json.h"
#include "kv/pipeline.h"
#include "queue/inspect.h"
#include "queue/inspect_read.h"
#include "queue/queue.h"

enum {
    BATCH = 100,         /* commands per pipeline round trip */
    PROCESSING_MAX = 100 /* envelopes read per processing list */
};

/* --- processing lists --------------------------------------------------------- */

/* One envelope found in a processing list. */
typedef struct {
    size_t worker;                    /* index into the ids scanned */
    char id[INSPECT_TASK_ID_MAX + 1]; /* "" when it has none usable */
    char queue[QUEUE_NAME_MAX + 1];   /* "" likewise */
    bool running;                     /* task:<id> is STARTED by this worker */
    bool has_started_at;
    long long started_at;
} held_t;

typedef struct {
    held_t *items;
    size_t len, cap;
} held_list_t;

static void
held_free(held_list_t *l)
{
    free(l->items);
    *l = (held_list_t){0};
}

/* Adds the JSON-object envelopes of one LRANGE reply; others are skipped. */
static int
held_add(held_list_t *l, size_t worker, const redisReply *list)
{
    for (size_t e = 0; list->type == REDIS_REPLY_ARRAY && e < list->elements; e++) {
        json_object *env = inspect_parse_json_object(inspect_reply_str(list->element[e]));
        if (env == NULL)
            continue;
        if (l->len == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 16;
            held_t *items = realloc(l->items, cap * sizeof(*items));
            if (items == NULL) {
                json_object_put(env);
                return -1;
            }
            l->items = items;
            l->cap = cap;
        }
        held_t *h = &l->items[l->len++];
        memset(h, 0, sizeof(*h));
        h->worker = worker;
        json_copy_str(env, "id", h->id, sizeof(h->id));
        json_copy_str(env, "queue", h->queue, sizeof(h->queue));
        json_object_put(env);
    }
    return 0;
}

/* Reads the processing lists of the n workers, in worker order. */
static int
held_read(const str_t *ids, size_t n, held_list_t *out, char *err, size_t errlen)
{
    redisReply *replies[BATCH] = {0};
    for (size_t start = 0; start < n; start += BATCH) {
        size_t k = n - start < BATCH ? n - start : BATCH;
        redisContext *c = kv_get(err, errlen);
        if (c == NULL)
            return -1;
        for (size_t i = 0; i < k; i++)
            if (kv_pipe_append(c, err, errlen, "LRANGE processing:%b 0 %d",
                               ids[start + i].p ? ids[start + i].p : "", ids[start + i].len,
                               PROCESSING_MAX - 1) != 0)
                return -1;
        if (kv_pipe_collect(c, k, replies, err, errlen) != 0)
            return -1;
        int rc = 0;
        for (size_t i = 0; i < k && rc == 0; i++) {
            if (inspect_reply_failed(replies[i], err, errlen))
                rc = -1;
            else if (held_add(out, start + i, replies[i]) != 0)
                rc = -1, snprintf(err, errlen, "out of memory");
        }
        kv_pipe_free(replies, k);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Marks the envelopes whose task:<id> is STARTED by their worker. */
static int
held_mark_running(const str_t *ids, held_list_t *l, char *err, size_t errlen)
{
    redisReply *replies[BATCH] = {0};
    size_t which[BATCH];
    for (size_t next = 0; next < l->len;) {
        size_t k = 0;
        redisContext *c = kv_get(err, errlen);
        if (c == NULL)
            return -1;
        for (; next < l->len && k < BATCH; next++) {
            if (l->items[next].id[0] == '\0')
                continue;
            if (kv_pipe_append(c, err, errlen, "HMGET task:%s state worker started_at",
                               l->items[next].id) != 0)
                return -1;
            which[k++] = next;
        }
        if (kv_pipe_collect(c, k, replies, err, errlen) != 0)
            return -1;
        for (size_t i = 0; i < k; i++) {
            const redisReply *v = replies[i];
            held_t *h = &l->items[which[i]];
            if (inspect_reply_failed(v, err, errlen)) {
                kv_pipe_free(replies, k);
                return -1;
            }
            if (v->type != REDIS_REPLY_ARRAY || v->elements != 3)
                continue; /* task:<id> is not a hash */
            h->running = str_eq_cstr(inspect_reply_str(v->element[0]), "STARTED") &&
                         str_eq(inspect_reply_str(v->element[1]), ids[h->worker]);
            h->has_started_at = inspect_reply_ms(v->element[2], &h->started_at);
        }
        kv_pipe_free(replies, k);
    }
    return 0;
}

static int
held_scan(const str_t *ids, size_t n, held_list_t *out, char *err, size_t errlen)
{
    if (held_read(ids, n, out, err, errlen) != 0 || held_mark_running(ids, out, err, errlen) != 0) {
        held_free(out);
        return -1;
    }
    return 0;
}

/* --- workers -------------------------------------------------------------------- */

/* ZRANGE workers with scores; an empty array reply for a wrong-typed key. */
static redisReply *
workers_read(char *err, size_t errlen)
{
    return inspect_command(err, errlen, "ZRANGE workers 0 %d WITHSCORES", INSPECT_WORKERS_MAX - 1);
}

static size_t
workers_count(const redisReply *z)
{
    return z->type == REDIS_REPLY_ARRAY ? z->elements / 2 : 0;
}

typedef struct {
    str_t id;
    const redisReply *score;
} worker_ref_t;

static int
worker_ref_cmp(const void *a, const void *b)
{
    str_t x = ((const worker_ref_t *)a)->id, y = ((const worker_ref_t *)b)->id;
    size_t n = x.len < y.len ? x.len : y.len;
    int c = n ? memcmp(x.p, y.p, n) : 0;
    return c ? c : (x.len > y.len) - (x.len < y.len);
}

/* The ids of the ZRANGE reply (sorted when sort), as str_t for held_scan. */
static str_t *
worker_ids(const redisReply *z, bool sort, worker_ref_t **refs_out)
{
    size_t n = workers_count(z);
    worker_ref_t *refs = malloc((n ? n : 1) * sizeof(*refs));
    str_t *ids = malloc((n ? n : 1) * sizeof(*ids));
    if (refs == NULL || ids == NULL) {
        free(refs);
        free(ids);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        refs[i] = (worker_ref_t){inspect_reply_str(z->element[2 * i]), z->element[2 * i + 1]};
    if (sort)
        qsort(refs, n, sizeof(*refs), worker_ref_cmp);
    for (size_t i = 0; i < n; i++)
        ids[i] = refs[i].id;
    *refs_out = refs;
    return ids;
}

/* "queues": a JSON array as written, else a comma-separated list made
 * one. Owned by the arena; NULL when out of memory. */
static json_object *
queues_read(inspect_copy_t *c, const redisReply *v)
{
    str_t s = inspect_reply_str(v), item, rest;
    json_object *o;
    if (inspect_parse_json(s, &o) && json_object_is_type(o, json_type_array))
        return json_own(c->arena, o);
    json_object_put(o);
    json_object *list = json_own(c->arena, json_object_new_array());
    while (list && s.len) {
        bool more = str_split(s, ',', &item, &rest);
        item = str_trim(item);
        json_object *name = item.len ? json_object_new_string_len(item.p, (int)item.len) : NULL;
        if (item.len && (name == NULL || json_object_array_add(list, name) != 0)) {
            json_object_put(name);
            list = NULL; /* the arena puts it */
        }
        if (!more)
            break;
        s = rest;
    }
    c->oom |= list == NULL;
    return list;
}

static void
worker_read(inspect_copy_t *c, const worker_ref_t *w, const redisReply *h, const held_t *current,
            long long now, inspect_worker_t *out)
{
    out->id = (str_t){arena_strndup(c->arena, w->id.p ? w->id.p : "", w->id.len), w->id.len};
    c->oom |= out->id.p == NULL;
    out->host = inspect_copy_text(c, inspect_hash_get(h, "host"), 0);
    out->pid = inspect_copy_num(inspect_hash_get(h, "pid"));
    out->queues = queues_read(c, inspect_hash_get(h, "queues"));
    out->started_at = inspect_copy_num(inspect_hash_get(h, "started_at"));
    out->has_heartbeat = inspect_reply_ms(w->score, &out->last_heartbeat);
    if (out->has_heartbeat) {
        out->heartbeat_age_ms = now - out->last_heartbeat;
        out->alive = out->heartbeat_age_ms <= settings.queue.worker_heartbeat_timeout * 1000LL;
    }
    out->processed = inspect_copy_num(inspect_hash_get(h, "processed"));
    out->failed = inspect_copy_num(inspect_hash_get(h, "failed"));
    if (current) {
        out->current = arena_cstr(c->arena, str_from_cstr(current->id));
        c->oom |= out->current == NULL;
        out->has_current_started_at = current->has_started_at;
        out->current_started_at = current->started_at;
    }
}

/* inspect_workers under way: what it read so far, in worker order. */
typedef struct {
    inspect_copy_t copy;
    const worker_ref_t *refs;
    const str_t *ids;
    const held_list_t *held;
    size_t cursor; /* the next envelope of held (in worker order too) */
    long long now;
    inspect_worker_t *out;
} workers_scan_t;

/* Reads worker:<id> for ids[start..start+k) in one round trip. */
static int
workers_batch(workers_scan_t *s, size_t start, size_t k, char *err, size_t errlen)
{
    redisReply *replies[BATCH] = {0};
    redisContext *conn = kv_get(err, errlen);
    if (conn == NULL)
        return -1;
    for (size_t i = 0; i < k; i++)
        if (kv_pipe_append(conn, err, errlen, "HGETALL worker:%b",
                           s->ids[start + i].p ? s->ids[start + i].p : "",
                           s->ids[start + i].len) != 0)
            return -1;
    if (kv_pipe_collect(conn, k, replies, err, errlen) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < k; i++) {
        if (inspect_reply_failed(replies[i], err, errlen)) {
            rc = -1;
            break;
        }
        const held_t *current = NULL;
        for (; s->cursor < s->held->len && s->held->items[s->cursor].worker == start + i;
             s->cursor++)
            if (s->held->items[s->cursor].running && current == NULL)
                current = &s->held->items[s->cursor];
        worker_read(&s->copy, &s->refs[start + i], replies[i], current, s->now, &s->out[start + i]);
    }
    kv_pipe_free(replies, k);
    return rc;
}

int
inspect_workers(arena_t *a, inspect_workers_t *out, char *err, size_t errlen)
{
    int rc = -1;
    worker_ref_t *refs = NULL;
    str_t *ids = NULL;
    held_list_t held = {0};
    *out = (inspect_workers_t){0};
    redisReply *z = workers_read(err, errlen);
    if (z == NULL)
        return -1;
    size_t n = workers_count(z);
    if ((ids = worker_ids(z, true, &refs)) == NULL ||
        (out->items = arena_calloc(a, n ? n : 1, sizeof(*out->items))) == NULL) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (held_scan(ids, n, &held, err, errlen) != 0)
        goto fail;
    workers_scan_t scan = {{a, false}, refs, ids, &held, 0, queue_now_ms(), out->items};
    for (size_t start = 0; start < n; start += BATCH)
        if (workers_batch(&scan, start, n - start < BATCH ? n - start : BATCH, err, errlen) != 0)
            goto fail;
    out->len = n;
    rc = 0;
    if (scan.copy.oom) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
fail:
    held_free(&held);
    free(ids);
    free(refs);
    freeReplyObject(z);
    return rc;
}

/* --- queues ------------------------------------------------------------------------ */

/* queued, delayed and dead. */
static int
queue_lengths(inspect_queues_t *out, char *err, size_t errlen)
{
    for (size_t i = 0; i < out->len; i++) {
        redisReply *v = inspect_command(err, errlen, "LLEN queue:%s", out->items[i].name);
        if (v == NULL)
            return -1;
        out->items[i].queued = inspect_reply_int(v);
        freeReplyObject(v);
    }
    redisReply *v = inspect_command(err, errlen, "ZCARD delayed");
    if (v == NULL)
        return -1;
    out->delayed = inspect_reply_int(v);
    freeReplyObject(v);
    if ((v = inspect_command(err, errlen, "LLEN dead")) == NULL)
        return -1;
    out->dead = inspect_reply_int(v);
    freeReplyObject(v);
    return 0;
}

/* reserved and active, from every worker's processing list. */
static int
queue_held(inspect_queues_t *out, char *err, size_t errlen)
{
    worker_ref_t *refs = NULL;
    held_list_t held = {0};
    redisReply *z = workers_read(err, errlen);
    if (z == NULL)
        return -1;
    str_t *ids = worker_ids(z, false, &refs);
    int rc = -1;
    if (ids == NULL)
        snprintf(err, errlen, "out of memory");
    else if (held_scan(ids, workers_count(z), &held, err, errlen) == 0)
        rc = 0;
    for (size_t h = 0; h < held.len; h++)
        for (size_t i = 0; i < out->len; i++)
            if (strcmp(held.items[h].queue, out->items[i].name) == 0) {
                if (held.items[h].running)
                    out->items[i].active++;
                else
                    out->items[i].reserved++;
                break;
            }
    held_free(&held);
    free(ids);
    free(refs);
    freeReplyObject(z);
    return rc;
}

int
inspect_queues(arena_t *a, const char *const *queues, size_t n, inspect_queues_t *out, char *err,
               size_t errlen)
{
    *out = (inspect_queues_t){0};
    if ((out->items = arena_calloc(a, n ? n : 1, sizeof(*out->items))) == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    out->len = n;
    for (size_t i = 0; i < n; i++)
        out->items[i].name = queues[i];
    if (queue_lengths(out, err, errlen) != 0 || queue_held(out, err, errlen) != 0)
        return -1;
    return 0;
}
