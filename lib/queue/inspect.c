/* Recent tasks, one task and revoke (inspect.h). Workers and queue depths
 * are in inspect_workers.c; the reply helpers in inspect_read.c. */
#include "queue/inspect.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv/kv.h"
#include "kv/pipeline.h"
#include "queue/inspect_read.h"

enum {
    BATCH = 100,           /* commands per pipeline round trip */
    LIST_VALUE_MAX = 1024, /* bytes of args/kwargs/result/error in a task list */
    SEEN_SLOTS = 2048,     /* > 2 * INSPECT_RECENT_MAX, a power of two */
};

static const char *const states[] = {"PENDING", "STARTED", "RETRY",
                                     "SUCCESS", "FAILURE", "REVOKED"};

bool
inspect_state_valid(const char *state)
{
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        if (state && strcmp(state, states[i]) == 0)
            return true;
    return false;
}

/* --- tasks -------------------------------------------------------------------------- */

/* One task:<id> hash as JSON; revoked < 0 leaves the field out. */
static void
print_task(buf_t *b, str_t id, const redisReply *h, int revoked, size_t value_max)
{
    static const char *const strings[] = {"state", "task", "queue", "worker"};
    static const char *const numbers[] = {"owner",      "retries",     "enqueued_at",
                                          "started_at", "finished_at", "runtime_ms"};
    buf_puts(b, "{\"id\":");
    buf_json_str(b, id);
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        buf_printf(b, ",\"%s\":", strings[i]);
        inspect_print_string(b, inspect_hash_get(h, strings[i]), value_max);
    }
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        buf_printf(b, ",\"%s\":", numbers[i]);
        inspect_print_number(b, inspect_hash_get(h, numbers[i]));
    }
    buf_puts(b, ",\"args\":");
    inspect_print_json_field(b, inspect_hash_get(h, "args"), value_max);
    buf_puts(b, ",\"kwargs\":");
    inspect_print_json_field(b, inspect_hash_get(h, "kwargs"), value_max);
    buf_puts(b, ",\"result\":");
    inspect_print_json_field(b, inspect_hash_get(h, "result"), value_max);
    buf_puts(b, ",\"error\":");
    inspect_print_string(b, inspect_hash_get(h, "error"), value_max);
    if (revoked >= 0)
        buf_printf(b, ",\"revoked\":%s", revoked ? "true" : "false");
    buf_putc(b, '}');
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

int
inspect_recent_tasks(buf_t *json, long limit, long offset, const char *state_filter, char *err,
                     size_t errlen)
{
    int rc = -1;
    redisReply *replies[BATCH] = {0};
    size_t batch_ids[BATCH];
    seen_t *seen = calloc(1, sizeof(*seen));
    redisReply *ids = NULL;
    long matched = 0, printed = 0;
    bool more = false;

    if (seen == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ids = inspect_command(err, errlen, "LRANGE tasks:recent 0 %d", INSPECT_RECENT_MAX - 1);
    if (ids == NULL)
        goto fail;
    size_t n = ids->type == REDIS_REPLY_ARRAY ? ids->elements : 0;
    if (n > INSPECT_RECENT_MAX)
        n = INSPECT_RECENT_MAX;

    buf_puts(json, "{\"tasks\":[");
    for (size_t next = 0; next < n && !more;) {
        size_t k = 0;
        redisContext *c = kv_get(err, errlen);
        if (c == NULL)
            goto fail;
        for (; next < n && k < BATCH; next++) {
            str_t id = inspect_reply_str(ids->element[next]);
            if (!id_usable(id) || !seen_add(seen, ids, next))
                continue;
            if (kv_pipe_append(c, err, errlen, "HGETALL task:%b", id.p, id.len) != 0)
                goto fail;
            batch_ids[k++] = next;
        }
        if (kv_pipe_collect(c, k, replies, err, errlen) != 0)
            goto fail;
        for (size_t i = 0; i < k; i++) {
            const redisReply *h = replies[i];
            if (inspect_reply_failed(h, err, errlen)) {
                kv_pipe_free(replies, k);
                goto fail;
            }
            if (inspect_hash_empty(h))
                continue; /* expired, or not a hash */
            if (state_filter &&
                !str_eq_cstr(inspect_reply_str(inspect_hash_get(h, "state")), state_filter))
                continue;
            if (matched++ < offset)
                continue;
            if (printed == limit) {
                more = true;
                break;
            }
            if (printed++)
                buf_putc(json, ',');
            print_task(json, inspect_reply_str(ids->element[batch_ids[i]]), h, -1, LIST_VALUE_MAX);
        }
        kv_pipe_free(replies, k);
    }
    buf_printf(json, "],\"limit\":%ld,\"offset\":%ld,\"more\":%s}", limit, offset,
               more ? "true" : "false");
    rc = 0;
fail:
    if (ids)
        freeReplyObject(ids);
    free(seen);
    return rc;
}

int
inspect_task(const char *id, buf_t *json, char *err, size_t errlen)
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
    print_task(json, sid, replies[0], inspect_reply_int(replies[1]) == 1, 0);
    rc = 1;
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
