#include "queue/queue.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "core/json.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/registry.h"

long long
queue_now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

const char *
queue_default_name(void)
{
    return settings.queue.default_name;
}

const char *
queue_other_name(void)
{
    return settings.queue.other_name;
}

static int
uuid4(char out[TASK_ID_LEN + 1])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof(b)) != 1)
        return -1;
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    snprintf(out, TASK_ID_LEN + 1,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
    return 0;
}

static bool
name_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

int
envelope_parse(str_t json, envelope_t *out, const char **why)
{
    memset(out, 0, sizeof(*out));
    *why = NULL;
    if (json.len == 0 || json.len > ENVELOPE_MAX) {
        *why = "envelope empty or too large";
        return -1;
    }
    json_tokener *tok = json_tokener_new();
    json_object *o = tok ? json_tokener_parse_ex(tok, json.p, (int)json.len) : NULL;
    bool complete = tok && json_tokener_get_error(tok) == json_tokener_success &&
                    json_tokener_get_parse_end(tok) == json.len;
    json_tokener_free(tok);
    long long retries = 0, max_retries = settings.queue.task_max_retries, eta = 0, enq = 0,
              owner = 0, deferrals = 0;
    json_object *args = NULL, *kwargs = NULL;
    if (o == NULL || !complete || !json_object_is_type(o, json_type_object)) {
        *why = "envelope is not a JSON object";
        goto fail;
    }
    if (!json_copy_str(o, "id", out->id, sizeof(out->id)) || strlen(out->id) == 0) {
        *why = "envelope has no id";
        goto fail;
    }
    if (!json_copy_str(o, "task", out->task, sizeof(out->task)) ||
        !name_ok(out->task, TASK_NAME_MAX)) {
        *why = "envelope has no valid task name";
        goto fail;
    }
    if (!json_copy_str(o, "queue", out->queue, sizeof(out->queue)) ||
        !name_ok(out->queue, QUEUE_NAME_MAX)) {
        *why = "envelope has no valid queue";
        goto fail;
    }
    if (!json_object_object_get_ex(o, "args", &args) ||
        !json_object_is_type(args, json_type_array) ||
        !json_object_object_get_ex(o, "kwargs", &kwargs) ||
        !json_object_is_type(kwargs, json_type_object)) {
        *why = "envelope args must be an array and kwargs an object";
        goto fail;
    }
    /* Each number is optional, but a present one must be a JSON integer. */
    if (json_get_int64(o, "retries", &retries) < 0 ||
        json_get_int64(o, "max_retries", &max_retries) < 0 || json_get_int64(o, "eta", &eta) < 0 ||
        json_get_int64(o, "enqueued_at", &enq) < 0 || json_get_int64(o, "owner", &owner) < 0 ||
        json_get_int64(o, "deferrals", &deferrals) < 0 || retries < 0 || max_retries < 0 ||
        retries > 1000 || max_retries > 1000 || deferrals < 0 || deferrals > 1000) {
        *why = "envelope numbers are malformed";
        goto fail;
    }
    out->args = json_object_get(args);
    out->kwargs = json_object_get(kwargs);
    out->retries = (int)retries;
    out->max_retries = (int)max_retries;
    out->deferrals = (int)deferrals;
    out->eta_ms = eta;
    out->enqueued_at = enq;
    out->owner = owner;
    json_object_put(o);
    return 0;
fail:
    json_object_put(o);
    return -1;
}

void
envelope_free(envelope_t *e)
{
    json_object_put(e->args);
    json_object_put(e->kwargs);
    e->args = e->kwargs = NULL;
}

void
envelope_print(const envelope_t *e, buf_t *out)
{
    buf_puts(out, "{\"id\":");
    buf_json_cstr(out, e->id);
    buf_puts(out, ",\"task\":");
    buf_json_cstr(out, e->task);
    buf_puts(out, ",\"args\":");
    buf_puts(out, json_object_to_json_string_ext(e->args, JSON_C_TO_STRING_PLAIN));
    buf_puts(out, ",\"kwargs\":");
    buf_puts(out, json_object_to_json_string_ext(e->kwargs, JSON_C_TO_STRING_PLAIN));
    buf_puts(out, ",\"queue\":");
    buf_json_cstr(out, e->queue);
    buf_printf(
        out, ",\"retries\":%d,\"max_retries\":%d,\"eta\":%lld,\"enqueued_at\":%lld,\"owner\":%lld",
        e->retries, e->max_retries, e->eta_ms, e->enqueued_at, e->owner);
    if (e->deferrals) /* only deferred tasks carry it */
        buf_printf(out, ",\"deferrals\":%d", e->deferrals);
    buf_putc(out, '}');
}

static json_object *
parse_json_arg(const char *text, json_type want)
{
    if (text == NULL)
        return want == json_type_array ? json_object_new_array() : json_object_new_object();
    json_tokener *tok = json_tokener_new();
    size_t len = strlen(text);
    json_object *o = tok ? json_tokener_parse_ex(tok, text, (int)len) : NULL;
    bool complete = tok && json_tokener_get_error(tok) == json_tokener_success &&
                    json_tokener_get_parse_end(tok) == len;
    json_tokener_free(tok);
    if (o == NULL || !complete || !json_object_is_type(o, want)) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* Fills e for a call of task on queue (NULL: the task's queue) with args
 * and kwargs parsed from JSON; everything but the id and the times. 0, or
 * -1 with err (the caller frees e either way). */
static int
envelope_prepare(envelope_t *e, const char *task, const char *args_json, const char *kwargs_json,
                 const char *queue, char *err, size_t errlen)
{
    memset(e, 0, sizeof(*e));
    const task_def_t *def = task_lookup(task);
    if (def == NULL) {
        snprintf(err, errlen, "unknown task \"%.80s\"", task);
        return -1;
    }
    if (queue == NULL)
        queue = def->queue ? def->queue : queue_default_name();
    if (!name_ok(queue, QUEUE_NAME_MAX)) {
        snprintf(err, errlen, "invalid queue name \"%.80s\"", queue);
        return -1;
    }
    e->args = parse_json_arg(args_json, json_type_array);
    e->kwargs = parse_json_arg(kwargs_json, json_type_object);
    if (e->args == NULL || e->kwargs == NULL) {
        snprintf(err, errlen, "%s must be a JSON %s", e->args == NULL ? "args" : "kwargs",
                 e->args == NULL ? "array" : "object");
        return -1;
    }
    snprintf(e->task, sizeof(e->task), "%s", task);
    snprintf(e->queue, sizeof(e->queue), "%s", queue);
    e->max_retries =
        def->max_retries >= 0 ? def->max_retries : (int)settings.queue.task_max_retries;
    return 0;
}

/* An envelope for task and the buffer it is encoded into; enqueue_end
 * frees both, whatever enqueue_start returned. 0, or -1 with err. */
static int
enqueue_start(envelope_t *e, buf_t *wire, const char *task, const char *args_json,
              const char *kwargs_json, const char *queue, char *err, size_t errlen)
{
    buf_init(wire);
    return envelope_prepare(e, task, args_json, kwargs_json, queue, err, errlen);
}

static void
enqueue_end(envelope_t *e, buf_t *wire)
{
    envelope_free(e);
    buf_free(wire);
}

int
queue_new_id(char out[TASK_ID_LEN + 1])
{
    return uuid4(out);
}

int
queue_enqueue(const char *task, const char *args_json, const char *kwargs_json, const char *queue,
              long long owner, long long eta_ms, char id_out[TASK_ID_LEN + 1], char *err,
              size_t errlen)
{
    if (uuid4(id_out) != 0) {
        snprintf(err, errlen, "random generator failed");
        return -1;
    }
    return queue_enqueue_id(id_out, task, args_json, kwargs_json, queue, owner, eta_ms, err,
                            errlen);
}

int
queue_enqueue_id(const char *id, const char *task, const char *args_json, const char *kwargs_json,
                 const char *queue, long long owner, long long eta_ms, char *err, size_t errlen)
{
    envelope_t e;
    buf_t env;
    int rc = -1;

    if (enqueue_start(&e, &env, task, args_json, kwargs_json, queue, err, errlen) != 0)
        goto fail;
    snprintf(e.id, sizeof(e.id), "%s", id);
    e.enqueued_at = queue_now_ms();
    e.eta_ms = eta_ms > e.enqueued_at ? eta_ms : 0;
    e.owner = owner;
    envelope_print(&e, &env);
    if (env.failed || env.len > ENVELOPE_MAX) {
        snprintf(err, errlen, "task arguments too large (over %d bytes)", ENVELOPE_MAX);
        goto fail;
    }
    redisContext *c = kv_get(err, errlen);
    if (c == NULL)
        goto fail;
    char owner_s[24], enq_s[24];
    snprintf(owner_s, sizeof(owner_s), "%lld", owner);
    snprintf(enq_s, sizeof(enq_s), "%lld", e.enqueued_at);
    const char *args_s = json_object_to_json_string_ext(e.args, JSON_C_TO_STRING_PLAIN);
    const char *kwargs_s = json_object_to_json_string_ext(e.kwargs, JSON_C_TO_STRING_PLAIN);
    /* One round trip: state first, so a fast worker never finds the task unknown. */
    redisAppendCommand(c,
                       "HSET task:%s state PENDING task %s args %s kwargs %s queue %s owner %s "
                       "retries 0 enqueued_at %s",
                       e.id, e.task, args_s, kwargs_s, e.queue, owner_s, enq_s);
    redisAppendCommand(c, "EXPIRE task:%s %ld", e.id, settings.queue.result_ttl);
    redisAppendCommand(c, "LPUSH tasks:recent %s", e.id);
    redisAppendCommand(c, "LTRIM tasks:recent 0 999");
    if (e.eta_ms)
        redisAppendCommand(c, "ZADD delayed %lld %b", e.eta_ms, env.data, env.len);
    else
        redisAppendCommand(c, "LPUSH queue:%s %b", e.queue, env.data, env.len);
    long long pushed = 0;
    bool refused = false;
    for (int i = 0; i < 5; i++) {
        redisReply *r = NULL;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) {
            snprintf(err, errlen, "Redis: %s", c->errstr);
            kv_close();
            goto fail;
        }
        if (r->type == REDIS_REPLY_ERROR && !refused) {
            snprintf(err, errlen, "Redis: %s", r->str);
            refused = true;
        }
        if (i == 4 && r->type == REDIS_REPLY_INTEGER)
            pushed = r->integer;
        freeReplyObject(r);
    }
    if (refused)
        goto fail;
    /* Work arriving at an idle queue: wake autoscalers and publish metrics at once. */
    if (!e.eta_ms && pushed == 1) {
        redisReply *r = kv_command(err, errlen, "PUBLISH queue:wake %s", e.queue);
        if (r)
            freeReplyObject(r);
    }
    rc = 0;
fail:
    enqueue_end(&e, &env);
    return rc;
}

int
queue_task_json(const char *id, buf_t *out, long long *owner, char *err, size_t errlen)
{
    static const char *fields[] = {
        "state",      "task",        "args",       "kwargs", "queue",  "retries", "enqueued_at",
        "started_at", "finished_at", "runtime_ms", "worker", "result", "error",   "owner"};
    enum { NFIELDS = sizeof(fields) / sizeof(fields[0]) };
    redisReply *r = kv_command(err, errlen,
                               "HMGET task:%s state task args kwargs queue retries enqueued_at "
                               "started_at finished_at runtime_ms worker result error owner",
                               id);
    if (r == NULL)
        return -1;
    if (r->type != REDIS_REPLY_ARRAY || r->elements != NFIELDS ||
        r->element[0]->type != REDIS_REPLY_STRING) {
        freeReplyObject(r);
        return 0;
    }
    buf_puts(out, "{\"id\":");
    buf_json_cstr(out, id);
    for (size_t i = 0; i < NFIELDS; i++) {
        redisReply *v = r->element[i];
        const char *name = fields[i];
        buf_printf(out, ",\"%s\":", name);
        if (v->type != REDIS_REPLY_STRING) {
            buf_puts(out, "null");
            continue;
        }
        str_t s = {v->str, v->len};
        long n;
        bool numeric = strcmp(name, "retries") == 0 || strcmp(name, "enqueued_at") == 0 ||
                       strcmp(name, "started_at") == 0 || strcmp(name, "finished_at") == 0 ||
                       strcmp(name, "runtime_ms") == 0 || strcmp(name, "owner") == 0;
        bool raw_json =
            strcmp(name, "args") == 0 || strcmp(name, "kwargs") == 0 || strcmp(name, "result") == 0;
        if (numeric && str_to_long(s, -(1L << 62), 1L << 62, &n))
            buf_printf(out, "%ld", n);
        else if (raw_json && s.len > 0) {
            /* Stored by us as JSON; re-check so a corrupted value cannot break the reply. */
            json_object *o = json_tokener_parse(v->str);
            if (o || strcmp(v->str, "null") == 0)
                buf_str(out, s);
            else
                buf_json_str(out, s);
            json_object_put(o);
        } else
            buf_json_str(out, s);
    }
    buf_putc(out, '}');
    long ow = 0;
    if (owner) {
        redisReply *o = r->element[NFIELDS - 1];
        *owner =
            o->type == REDIS_REPLY_STRING && str_to_long((str_t){o->str, o->len}, 0, 1L << 62, &ow)
                ? ow
                : 0;
    }
    freeReplyObject(r);
    return 1;
}

int
queue_enqueue_many(const char *task, const char *args_json, const char *kwargs_json,
                   const char *queue, long count, FILE *out, bool json, char *err, size_t errlen)
{
    enum { BATCH = 500 };
    envelope_t e;
    buf_t env;
    int rc = -1;

    if (enqueue_start(&e, &env, task, args_json, kwargs_json, queue, err, errlen) != 0)
        goto fail;
    const char *args_s = json_object_to_json_string_ext(e.args, JSON_C_TO_STRING_PLAIN);
    const char *kwargs_s = json_object_to_json_string_ext(e.kwargs, JSON_C_TO_STRING_PLAIN);
    for (long done = 0; done < count;) {
        redisContext *c = kv_get(err, errlen);
        if (c == NULL)
            goto fail;
        long n = count - done < BATCH ? count - done : BATCH;
        for (long i = 0; i < n; i++) {
            if (uuid4(e.id) != 0) {
                snprintf(err, errlen, "random generator failed");
                goto fail;
            }
            e.enqueued_at = queue_now_ms();
            buf_reset(&env);
            envelope_print(&e, &env);
            redisAppendCommand(c,
                               "HSET task:%s state PENDING task %s args %s kwargs %s queue %s "
                               "owner 0 retries 0 enqueued_at %lld",
                               e.id, e.task, args_s, kwargs_s, e.queue, e.enqueued_at);
            redisAppendCommand(c, "EXPIRE task:%s %ld", e.id, settings.queue.result_ttl);
            redisAppendCommand(c, "LPUSH queue:%s %b", e.queue, env.data, env.len);
        }
        for (long i = 0; i < n * 3; i++) {
            redisReply *r = NULL;
            if (redisGetReply(c, (void **)&r) != REDIS_OK) {
                snprintf(err, errlen, "Redis: %s", c->errstr);
                kv_close();
                goto fail;
            }
            freeReplyObject(r);
        }
        done += n;
    }
    redisReply *r = kv_command(err, errlen, "PUBLISH queue:wake %s", e.queue);
    if (r)
        freeReplyObject(r);
    fprintf(out, json ? "{\"enqueued\":%ld,\"task\":\"%s\"}\n" : "enqueued %ld %s task(s)\n", count,
            task);
    rc = 0;
fail:
    enqueue_end(&e, &env);
    return rc;
}
