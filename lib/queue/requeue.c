#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "kv/kv.h"
#include "queue/queue.h"
#include "queue/task_event.h"
#include "queue/worker.h"

/* Appends the envelope (task id, or NULL when it does not parse) to the
 * dead-letter list with the reason, and says so as a warning. */
static void
dead_letter_cmd(redisContext *c, str_t raw, const char *id, const char *reason)
{
    log_warn("task_dead", "task %s is dead-lettered: %s", id ? id : "(malformed)", reason);
    buf_t b;
    buf_init(&b);
    buf_puts(&b, "{\"envelope\":");
    buf_json_str(&b, raw);
    buf_puts(&b, ",\"error\":");
    buf_json_cstr(&b, reason);
    buf_printf(&b, ",\"dead_at\":%lld}", queue_now_ms());
    redisAppendCommand(c, "LPUSH dead %b", b.data, b.len);
    buf_free(&b);
}

static int
drain(redisContext *c, int n)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            kv_close();
            return -1;
        }
        freeReplyObject(r);
    }
    return rc;
}

/* The running task is the one STARTED by this worker (process.c). */
static bool
task_was_running(const char *id, const char *worker_id)
{
    char err[256];
    redisReply *st = kv_command(err, sizeof(err), "HMGET task:%s state worker", id);
    bool running =
        st && st->type == REDIS_REPLY_ARRAY && st->elements == 2 &&
        st->element[0]->type == REDIS_REPLY_STRING && strcmp(st->element[0]->str, "STARTED") == 0 &&
        st->element[1]->type == REDIS_REPLY_STRING && strcmp(st->element[1]->str, worker_id) == 0;
    if (st)
        freeReplyObject(st);
    return running;
}

/* Puts one envelope of worker_id's processing list back in its queue (the
 * running one with a retry used, dead when none is left), publishing the
 * state it writes to the task's owner. Returns the commands appended on c. */
static int
requeue_one(redisContext *c, str_t raw, const char *worker_id, const char *reason,
            bool count_running)
{
    envelope_t e;
    const char *why;
    int pending = 1; /* the LREM */
    if (envelope_parse(raw, &e, &why) != 0) {
        dead_letter_cmd(c, raw, NULL, why);
        pending++;
    } else {
        bool was_running = count_running && task_was_running(e.id, worker_id);
        if (was_running)
            e.retries++;
        if (was_running && e.retries > e.max_retries) {
            dead_letter_cmd(c, raw, e.id, reason);
            redisAppendCommand(c, "HSET task:%s state FAILURE error %s", e.id, reason);
            pending += 2 + task_event_append(c, &e, "FAILURE", NULL, reason);
        } else {
            buf_t b;
            buf_init(&b);
            envelope_print(&e, &b);
            /* The right end is where workers take from: it runs next. */
            redisAppendCommand(c, "RPUSH queue:%s %b", e.queue, b.data, b.len);
            const char *state = was_running ? "RETRY" : "PENDING";
            redisAppendCommand(c, "HSET task:%s state %s", e.id, state);
            pending += 2 + task_event_append(c, &e, state, NULL, was_running ? reason : NULL);
            buf_free(&b);
        }
        envelope_free(&e);
    }
    redisAppendCommand(c, "LREM processing:%s 1 %b", worker_id, raw.p, raw.len);
    return pending;
}

long
worker_requeue(const char *worker_id, const char *reason, bool count_running)
{
    char err[256];
    redisReply *list = kv_command(err, sizeof(err), "LRANGE processing:%s 0 -1", worker_id);
    if (list == NULL)
        return -1;
    redisContext *c = kv_get(err, sizeof(err));
    if (c == NULL) {
        freeReplyObject(list);
        return -1;
    }
    long moved = 0;
    for (size_t i = 0; list->type == REDIS_REPLY_ARRAY && i < list->elements; i++) {
        redisReply *item = list->element[i];
        if (item->type != REDIS_REPLY_STRING)
            continue;
        /* Read each envelope's replies before the next one's HMGET goes
         * out on the same connection (it would read theirs). */
        int n = requeue_one(c, (str_t){item->str, item->len}, worker_id, reason, count_running);
        if (drain(c, n) != 0) {
            freeReplyObject(list);
            return -1;
        }
        moved++;
    }
    freeReplyObject(list);
    redisAppendCommand(c, "ZREM workers %s", worker_id);
    redisAppendCommand(c, "DEL worker:%s processing:%s", worker_id, worker_id);
    if (drain(c, 2) != 0)
        return -1;
    if (moved)
        log_warn("requeue", "put back %ld task(s) of %s (%s)", moved, worker_id, reason);
    return moved;
}

/* Atomic: a due envelope is moved by exactly one caller. */
static const char move_due_lua[] =
    "local due = redis.call('ZRANGEBYSCORE', 'delayed', '-inf', ARGV[1], 'LIMIT', 0, 500)\n"
    "for _, env in ipairs(due) do\n"
    "  redis.call('ZREM', 'delayed', env)\n"
    "  local ok, obj = pcall(cjson.decode, env)\n"
    "  if ok and type(obj) == 'table' and type(obj['queue']) == 'string' then\n"
    "    redis.call('LPUSH', 'queue:' .. obj['queue'], env)\n"
    "  else\n"
    "    redis.call('LPUSH', 'dead', cjson.encode({envelope = env, error = 'malformed delayed "
    "envelope'}))\n"
    "  end\n"
    "end\n"
    "return #due\n";

long
queue_move_due(void)
{
    char err[256];
    redisReply *r = kv_command(err, sizeof(err), "EVAL %s 0 %lld", move_due_lua, queue_now_ms());
    if (r == NULL)
        return -1;
    long n = r->type == REDIS_REPLY_INTEGER ? (long)r->integer : -1;
    if (r->type == REDIS_REPLY_ERROR)
        log_error("move_due", "%s", r->str);
    freeReplyObject(r);
    return n;
}
