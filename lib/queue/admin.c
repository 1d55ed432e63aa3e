#include "queue/admin.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ecs.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/metrics.h"
#include "queue/queue.h"

int
admin_enqueue(FILE *out, bool json, const char *task, const char *args, const char *kwargs,
              const char *queue, long count, char *err, size_t errlen)
{
    char id[TASK_ID_LEN + 1];
    if (count < 1 || count > 10000000) {
        snprintf(err, errlen, "--count must be from 1 to 10000000");
        return -1;
    }
    if (count > 1)
        return queue_enqueue_many(task, args, kwargs, queue, count, out, json, err, errlen);
    if (queue_enqueue(task, args, kwargs, queue, 0, 0, id, err, errlen) != 0)
        return -1;
    if (json)
        fprintf(out, "{\"task_id\":\"%s\",\"task\":\"%s\"}\n", id, task);
    else
        fprintf(out, "%s\n", id);
    return 0;
}

static long long
hash_ll(redisReply *h, const char *field)
{
    for (size_t i = 0; h->type == REDIS_REPLY_ARRAY && i + 1 < h->elements; i += 2)
        if (h->element[i]->type == REDIS_REPLY_STRING && strcmp(h->element[i]->str, field) == 0 &&
            h->element[i + 1]->type == REDIS_REPLY_STRING)
            return atoll(h->element[i + 1]->str);
    return 0;
}

/* Whether the envelope is the task worker_id is running: STARTED by it. */
static bool
is_running(const char *raw, const char *worker_id, char *err, size_t errlen)
{
    envelope_t e;
    const char *why;
    if (envelope_parse(str_from_cstr(raw), &e, &why) != 0)
        return false;
    redisReply *st = kv_command_ok(err, errlen, "HMGET task:%s state worker", e.id);
    bool running = st && st->elements == 2 && st->element[0]->type == REDIS_REPLY_STRING &&
                   strcmp(st->element[0]->str, "STARTED") == 0 &&
                   st->element[1]->type == REDIS_REPLY_STRING &&
                   strcmp(st->element[1]->str, worker_id) == 0;
    if (st)
        freeReplyObject(st);
    envelope_free(&e);
    return running;
}

/* The id of the task worker_id is running, "" when idle. */
static void
current_task(const char *worker_id, char out[TASK_ID_LEN + 1], char *err, size_t errlen)
{
    out[0] = '\0';
    redisReply *list = kv_command_ok(err, errlen, "LRANGE processing:%s 0 -1", worker_id);
    for (size_t k = 0; list && k < list->elements; k++) {
        if (list->element[k]->type != REDIS_REPLY_STRING ||
            !is_running(list->element[k]->str, worker_id, err, errlen))
            continue;
        envelope_t e;
        const char *why;
        if (envelope_parse(str_from_cstr(list->element[k]->str), &e, &why) == 0) {
            memcpy(out, e.id, TASK_ID_LEN + 1);
            envelope_free(&e);
        }
        break;
    }
    if (list)
        freeReplyObject(list);
}

int
admin_status(FILE *out, bool json, char *err, size_t errlen)
{
    const char *queues[2] = {queue_default_name(), queue_other_name()};
    long totals[2];
    redisReply *w = kv_command_ok(err, errlen, "ZRANGE workers 0 -1 WITHSCORES");
    if (w == NULL)
        return -1;
    redisReply *lens[2] = {kv_command_ok(err, errlen, "LLEN queue:%s", queues[0]),
                           kv_command_ok(err, errlen, "LLEN queue:%s", queues[1])};
    redisReply *delayed = kv_command_ok(err, errlen, "ZCARD delayed"),
               *dead = kv_command_ok(err, errlen, "LLEN dead");
    int rc = -1;
    if (!lens[0] || !lens[1] || !delayed || !dead || metrics_collect(queues, 2, totals) != 0)
        goto done;
    long long now = queue_now_ms(), timeout = settings.queue.worker_heartbeat_timeout * 1000;
    if (json)
        fputs("{\"workers\":[", out);
    else
        fprintf(out, "%-44s %-6s %9s %9s %7s  %s\n", "WORKER", "STATE", "HEARTBEAT", "PROCESSED",
                "FAILED", "CURRENT");
    for (size_t i = 0; i + 1 < w->elements; i += 2) {
        const char *id = w->element[i]->str;
        long long beat = atoll(w->element[i + 1]->str);
        redisReply *h = kv_command_ok(err, errlen, "HGETALL worker:%s", id);
        if (h == NULL)
            goto done;
        bool alive = now - beat < timeout;
        char current[TASK_ID_LEN + 1];
        current_task(id, current, err, errlen);
        if (json) {
            buf_t b;
            buf_init(&b);
            buf_puts(&b, i ? ",{\"id\":" : "{\"id\":");
            buf_json_cstr(&b, id);
            buf_printf(&b,
                       ",\"alive\":%s,\"heartbeat_age_ms\":%lld,\"processed\":%lld,\"failed\":%lld,"
                       "\"current\":",
                       alive ? "true" : "false", now - beat, hash_ll(h, "processed"),
                       hash_ll(h, "failed"));
            buf_json_cstr(&b, current);
            buf_putc(&b, '}');
            fputs(buf_cstr(&b), out);
            buf_free(&b);
        } else {
            fprintf(out, "%-44s %-6s %8.1fs %9lld %7lld  %s\n", id, alive ? "alive" : "lapsed",
                    (double)(now - beat) / 1000.0, hash_ll(h, "processed"), hash_ll(h, "failed"),
                    current);
        }
        freeReplyObject(h);
    }
    if (json) {
        fputs("],\"queues\":{", out);
        for (int i = 0; i < 2; i++)
            fprintf(out, "%s\"%s\":{\"queued\":%lld,\"total\":%ld}", i ? "," : "", queues[i],
                    lens[i]->integer, totals[i]);
        fprintf(out, "},\"delayed\":%lld,\"dead\":%lld}\n", delayed->integer, dead->integer);
    } else {
        fprintf(out, "\n%-12s %8s %8s\n", "QUEUE", "QUEUED", "TOTAL");
        for (int i = 0; i < 2; i++)
            fprintf(out, "%-12s %8lld %8ld\n", queues[i], lens[i]->integer, totals[i]);
        fprintf(out, "\ndelayed (retries, eta): %lld\ndead letters: %lld\n", delayed->integer,
                dead->integer);
    }
    rc = 0;
done:
    freeReplyObject(w);
    for (int i = 0; i < 2; i++)
        if (lens[i])
            freeReplyObject(lens[i]);
    if (delayed)
        freeReplyObject(delayed);
    if (dead)
        freeReplyObject(dead);
    return rc;
}

/* Prints one envelope line or JSON element. */
static void
print_envelope(FILE *out, bool json, bool *first, const char *raw, const char *extra_key,
               long long extra)
{
    envelope_t e;
    const char *why;
    if (envelope_parse(str_from_cstr(raw), &e, &why) != 0)
        return;
    if (json) {
        buf_t b;
        buf_init(&b);
        envelope_print(&e, &b);
        if (extra_key) {
            b.len--; /* reopen the object */
            buf_printf(&b, ",\"%s\":%lld}", extra_key, extra);
        }
        fprintf(out, "%s%s", *first ? "" : ",", buf_cstr(&b));
        buf_free(&b);
    } else {
        fprintf(out, "%s  %-24s %-10s retries=%d%s", e.id, e.task, e.queue, e.retries,
                extra_key ? "" : "\n");
        if (extra_key)
            fprintf(out, "  %s=%lld\n", extra_key, extra);
    }
    *first = false;
    envelope_free(&e);
}

int
admin_inspect(FILE *out, bool json, const char *what, char *err, size_t errlen)
{
    bool first = true;
    if (strcmp(what, "scheduled") == 0) {
        redisReply *r = kv_command_ok(err, errlen, "ZRANGE delayed 0 999 WITHSCORES");
        if (r == NULL)
            return -1;
        if (json)
            fputc('[', out);
        for (size_t i = 0; i + 1 < r->elements; i += 2)
            print_envelope(out, json, &first, r->element[i]->str, "eta",
                           atoll(r->element[i + 1]->str));
        if (json)
            fputs("]\n", out);
        freeReplyObject(r);
        return 0;
    }
    bool active = strcmp(what, "active") == 0;
    if (!active && strcmp(what, "reserved") != 0) {
        snprintf(err, errlen, "inspect wants active, reserved or scheduled");
        return -1;
    }
    redisReply *w = kv_command_ok(err, errlen, "ZRANGE workers 0 -1");
    if (w == NULL)
        return -1;
    if (json)
        fputc('[', out);
    for (size_t i = 0; i < w->elements; i++) {
        const char *id = w->element[i]->str;
        redisReply *list = kv_command_ok(err, errlen, "LRANGE processing:%s 0 -1", id);
        for (size_t k = 0; list && k < list->elements; k++) {
            const char *raw = list->element[k]->str;
            if (is_running(raw, id, err, errlen) == active)
                print_envelope(out, json, &first, raw, NULL, 0);
        }
        if (list)
            freeReplyObject(list);
    }
    if (json)
        fputs("]\n", out);
    freeReplyObject(w);
    return 0;
}

int
admin_purge(FILE *out, bool json, const char *queue, char *err, size_t errlen)
{
    static const char lua[] =
        "local n = redis.call('LLEN', KEYS[1]) redis.call('DEL', KEYS[1]) return n";
    if (strlen(queue) == 0 || strlen(queue) > QUEUE_NAME_MAX) {
        snprintf(err, errlen, "invalid queue name");
        return -1;
    }
    redisReply *r = kv_command_ok(err, errlen, "EVAL %s 1 queue:%s", lua, queue);
    if (r == NULL)
        return -1;
    if (json)
        fprintf(out, "{\"queue\":\"%s\",\"purged\":%lld}\n", queue, r->integer);
    else
        fprintf(out, "purged %lld task(s) from %s\n", r->integer, queue);
    freeReplyObject(r);
    return 0;
}

int
admin_requeue_dead(FILE *out, bool json, char *err, size_t errlen)
{
    redisReply *r = kv_command_ok(err, errlen, "LRANGE dead 0 -1");
    if (r == NULL)
        return -1;
    long moved = 0, kept = 0;
    for (size_t i = 0; i < r->elements; i++) {
        const char *entry = r->element[i]->str;
        json_object *o = json_tokener_parse(entry), *env = NULL;
        envelope_t e;
        const char *why;
        bool good = o && json_object_object_get_ex(o, "envelope", &env) &&
                    json_object_is_type(env, json_type_string) &&
                    envelope_parse(str_from_cstr(json_object_get_string(env)), &e, &why) == 0;
        if (!good) {
            kept++; /* malformed: nothing could ever run it */
            json_object_put(o);
            continue;
        }
        e.retries = 0;
        buf_t b;
        buf_init(&b);
        envelope_print(&e, &b);
        redisReply *p = kv_command_ok(err, errlen, "LPUSH queue:%s %b", e.queue, b.data, b.len);
        redisReply *s =
            p ? kv_command_ok(err, errlen, "HSET task:%s state PENDING retries 0", e.id) : NULL;
        redisReply *d = p ? kv_command_ok(err, errlen, "LREM dead 1 %s", entry) : NULL;
        moved += p != NULL;
        if (p)
            freeReplyObject(p);
        if (s)
            freeReplyObject(s);
        if (d)
            freeReplyObject(d);
        buf_free(&b);
        envelope_free(&e);
        json_object_put(o);
        if (p == NULL) {
            freeReplyObject(r);
            return -1;
        }
    }
    freeReplyObject(r);
    if (json)
        fprintf(out, "{\"requeued\":%ld,\"kept_malformed\":%ld}\n", moved, kept);
    else
        fprintf(out, "requeued %ld dead task(s); %ld malformed kept in the dead-letter list\n",
                moved, kept);
    return 0;
}

int
admin_metrics(FILE *out, bool json, bool publish, char *err, size_t errlen)
{
    const char *queues[2] = {queue_default_name(), queue_other_name()};
    long totals[2];
    if (publish) {
        buf_t b;
        buf_init(&b);
        int rc = metrics_publish(&b, err, errlen);
        if (rc == 0)
            fprintf(out, json ? "%s\n" : "published %s\n", buf_cstr(&b));
        buf_free(&b);
        return rc;
    }
    if (metrics_collect(queues, 2, totals) != 0) {
        snprintf(err, errlen, "Redis is unavailable");
        return -1;
    }
    if (json)
        fprintf(out, "{\"%s\":%ld,\"%s\":%ld}\n", queues[0], totals[0], queues[1], totals[1]);
    else
        fprintf(out, "%s %ld\n%s %ld\n", queues[0], totals[0], queues[1], totals[1]);
    return 0;
}

int
admin_scale(FILE *out, bool json, long desired, char *err, size_t errlen)
{
    if (settings.aws.ecs_cluster[0] == '\0' || settings.aws.ecs_worker_service[0] == '\0') {
        snprintf(err, errlen, "scale needs ECS_CLUSTER and ECS_WORKER_SERVICE");
        return -1;
    }
    if (ecs_update_service(settings.aws.ecs_endpoint, settings.aws.region, settings.aws.ecs_cluster,
                           settings.aws.ecs_worker_service, desired, err, errlen) != 0)
        return -1;
    if (json)
        fprintf(out, "{\"cluster\":\"%s\",\"service\":\"%s\",\"desired_count\":%ld}\n",
                settings.aws.ecs_cluster, settings.aws.ecs_worker_service, desired);
    else
        fprintf(out, "desired count of %s/%s set to %ld\n", settings.aws.ecs_cluster,
                settings.aws.ecs_worker_service, desired);
    return 0;
}
