/* Recent tasks, one task and revoke (inspect.h). Workers and queue depths
 * are in inspect_workers.c; the reply helpers in inspect_read.c. */
#include "queue/inspect.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kv/kv.h"
#include "kv/pipeline.h"
#include "queue/inspect_read.h"

enum {
    BATCH = 100,           /* commands per pipeline round trip */
    LIST_VALUE_MAX = 1024, /* bytes of args/kwargs/result/error in a task list */
    SEEN_SLOTS = 2048,     /* > 2 * INSPECT_RECENT_MAX, a power of two */
};

const char *const inspect_states[INSPECT_STATES] = {"PENDING", "STARTED", "RETRY",
                                                    "SUCCESS", "FAILURE", "REVOKED"};

bool
inspect_state_valid(const char *state)
{
    for (size_t i = 0; i < INSPECT_STATES; i++)
        if (state && strcmp(state, inspect_states[i]) == 0)
            return true;
    return false;
}

/* --- tasks -------------------------------------------------------------------------- */

/* One task:<id> hash; text past value_max bytes (0: no limit) is cut. */
static void
task_read(inspect_copy_t *c, str_t id, const redisReply *h, size_t value_max, inspect_task_t *t)
{
    t->id = id;
    t->state = inspect_copy_text(c, inspect_hash_get(h, "state"), value_max);
    t->task = inspect_copy_text(c, inspect_hash_get(h, "task"), value_max);
    t->queue = inspect_copy_text(c, inspect_hash_get(h, "queue"), value_max);
    t->worker = inspect_copy_text(c, inspect_hash_get(h, "worker"), value_max);
    t->owner = inspect_copy_num(inspect_hash_get(h, "owner"));
    t->retries = inspect_copy_num(inspect_hash_get(h, "retries"));
    t->enqueued_at = inspect_copy_num(inspect_hash_get(h, "enqueued_at"));
    t->started_at = inspect_copy_num(inspect_hash_get(h, "started_at"));
    t->finished_at = inspect_copy_num(inspect_hash_get(h, "finished_at"));
    t->runtime_ms = inspect_copy_num(inspect_hash_get(h, "runtime_ms"));
    t->args = inspect_copy_value(c, inspect_hash_get(h, "args"), value_max);
    t->kwargs = inspect_copy_value(c, inspect_hash_get(h, "kwargs"), value_max);
    t->result = inspect_copy_value(c, inspect_hash_get(h, "result"), value_max);
    t->error = inspect_copy_text(c, inspect_hash_get(h, "error"), value_max);
    t->revoked = -1;
}

/* Remembers ids already listed (tasks:recent may hold an id twice, after a
 * retry). Slots hold index + 1 into the LRANGE reply. */
typedef struct {
    size_t slot[SEEN_SLOTS];
} seen_t;

static bool
seen_add(seen_t *s, const redisReply *ids, size_t index)
{
    str_t id = inspect_reply_str(ids->element[index]);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < id.len; i++)
        h = (h ^ (unsigned char)id.p[i]) * 16777619u;
    for (size_t i = h & (SEEN_SLOTS - 1);; i = (i + 1) & (SEEN_SLOTS - 1)) {
        if (s->slot[i] == 0) {
            s->slot[i] = index + 1;
            return true;
        }
        if (str_eq(inspect_reply_str(ids->element[s->slot[i] - 1]), id))
            return false;
    }
}

static bool
id_usable(str_t id)
{
    return id.p && id.len > 0 && id.len <= INSPECT_TASK_ID_MAX;
}

/* Pipelines HGETALL task:<id> for the next ids not seen yet, at most
 * BATCH; which[i] is the index in ids of replies[i], *k how many. */
static int
batch_read(const redisReply *ids, size_t n, size_t *next, seen_t *seen, redisReply **replies,
           size_t *which, size_t *k, char *err, size_t errlen)
{
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return -1;
    for (*k = 0; *next < n && *k < BATCH; (*next)++) {
        str_t id = inspect_reply_str(ids->element[*next]);
        if (!id_usable(id) || !seen_add(seen, ids, *next))
            continue;
        if (kv_pipe_append(c, err, errlen, "HGETALL task:%b", id.p, id.len) != 0)
            return -1;
        which[(*k)++] = *next;
    }
    return kv_pipe_collect(c, *k, replies, err, errlen);
}

/* A page being read: tasks before offset are counted, not kept. */
typedef struct {
    inspect_copy_t copy;
    inspect_tasks_t *out;
    const char *state_filter;
    long matched;
} page_t;

/* Keeps the tasks of one batch that pass the filter and fall in the page;
 * sets more once the page is full. -1 on a reply that failed. */
static int
page_add(page_t *pg, const redisReply *ids, const size_t *which, redisReply **replies, size_t k,
         char *err, size_t errlen)
{
    inspect_tasks_t *out = pg->out;
    for (size_t i = 0; i < k; i++) {
        const redisReply *h = replies[i];
        if (inspect_reply_failed(h, err, errlen))
            return -1;
        if (inspect_hash_empty(h))
            continue; /* expired, or not a hash */
        if (pg->state_filter &&
            !str_eq_cstr(inspect_reply_str(inspect_hash_get(h, "state")), pg->state_filter))
            continue;
        if (pg->matched++ < out->offset)
            continue;
        if ((long)out->len == out->limit) {
            out->more = true;
            return 0;
        }
        str_t id = inspect_copy_text(&pg->copy, ids->element[which[i]], 0);
        task_read(&pg->copy, id, h, LIST_VALUE_MAX, &out->items[out->len++]);
    }
    return 0;
}

int
inspect_recent_tasks(arena_t *a, long limit, long offset, const char *state_filter,
                     inspect_tasks_t *out, char *err, size_t errlen)
{
    int rc = -1;
    redisReply *replies[BATCH] = {0};
    size_t which[BATCH];
    page_t pg = {{a, false}, out, state_filter, 0};
    *out = (inspect_tasks_t){.limit = limit, .offset = offset};
    seen_t *seen = arena_calloc(a, 1, sizeof(*seen));
    redisReply *ids = NULL;
    if (seen == NULL)
        goto oom;
    ids = inspect_command(err, errlen, "LRANGE tasks:recent 0 %d", INSPECT_RECENT_MAX - 1);
    if (ids == NULL)
        return -1;
    size_t n = ids->type == REDIS_REPLY_ARRAY ? ids->elements : 0;
    if (n > INSPECT_RECENT_MAX)
        n = INSPECT_RECENT_MAX;
    size_t cap = limit > 0 && (size_t)limit < n ? (size_t)limit : n;
    if ((out->items = arena_alloc(a, (cap ? cap : 1) * sizeof(*out->items))) == NULL)
        goto oom;
    for (size_t next = 0; next < n && !out->more;) {
        size_t k = 0;
        if (batch_read(ids, n, &next, seen, replies, which, &k, err, errlen) != 0)
            goto done;
        int added = page_add(&pg, ids, which, replies, k, err, errlen);
        kv_pipe_free(replies, k);
        if (added != 0)
            goto done;
    }
    if (pg.copy.oom)
        goto oom;
    rc = 0;
    goto done;
oom:
    snprintf(err, errlen, "out of memory");
done:
    if (ids)
        freeReplyObject(ids);
    return rc;
}

int
inspect_task(arena_t *a, const char *id, inspect_task_t *out, char *err, size_t errlen)
{
    redisReply *replies[2] = {0};
    str_t sid = str_from_cstr(id);
    if (!id_usable(sid))
        return 0;
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        return -1;
    if (kv_pipe_append(c, err, errlen, "HGETALL task:%b", sid.p, sid.len) != 0 ||
        kv_pipe_append(c, err, errlen, "SISMEMBER revoked %b", sid.p, sid.len) != 0 ||
        kv_pipe_collect(c, 2, replies, err, errlen) != 0)
        return -1;
    int rc = -1;
    if (inspect_reply_failed(replies[0], err, errlen) ||
        inspect_reply_failed(replies[1], err, errlen))
        goto done;
    rc = 0;
    if (inspect_hash_empty(replies[0]))
        goto done;
    inspect_copy_t copy = {a, false};
    task_read(&copy, sid, replies[0], 0, out);
    out->revoked = inspect_reply_int(replies[1]) == 1;
    rc = 1;
    if (copy.oom) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
done:
    kv_pipe_free(replies, 2);
    return rc;
}

/* Atomic, so a worker taking the task between the read and the write
 * cannot have its STARTED overwritten. 0 unknown, 1 revoked. */
static const char revoke_script[] =
    "if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return 0 end\n"
    "redis.call('SADD', KEYS[2], ARGV[1])\n"
    "if redis.call('HGET', KEYS[1], 'state') == 'PENDING' then\n"
    "  redis.call('HSET', KEYS[1], 'state', 'REVOKED')\n"
    "end\n"
    "return 1\n";

int
inspect_revoke(const char *id, char *err, size_t errlen)
{
    str_t sid = str_from_cstr(id);
    if (!id_usable(sid))
        return 0;
    redisReply *v = inspect_command(err, errlen, "EVAL %s 2 task:%b revoked %b", revoke_script,
                                    sid.p, sid.len, sid.p, sid.len);
    if (v == NULL)
        return -1;
    int rc = 0;
    if (v->type == REDIS_REPLY_ERROR) { /* WRONGTYPE on the revoked set */
        snprintf(err, errlen, "Redis: %s", v->str);
        rc = -1;
    } else {
        rc = inspect_reply_int(v) == 1;
    }
    freeReplyObject(v);
    return rc;
}
