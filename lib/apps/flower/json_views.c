/* Flower's JSON API: what inspect.h read, printed as JSON, staff only.
 * Output is always valid JSON: text goes through buf_json_str (invalid
 * UTF-8 becomes U+FFFD) and parsed values are printed again, not copied. */
#include <math.h>
#include <stdio.h>

#include "apps/accounts/accounts.h"
#include "apps/flower/flower.h"
#include "http/response.h"
#include "queue/inspect.h"

enum { API_DEFAULT_LIMIT = 100 };

/* 2^53: integers past it are not exact in a double (nor in JavaScript). */
static const double max_exact = 9007199254740992.0;

/* --- values ------------------------------------------------------------------------ */

static void
print_num(buf_t *b, inspect_num_t n)
{
    if (!n.set)
        buf_puts(b, "null");
    else if (n.v == floor(n.v) && fabs(n.v) <= max_exact)
        buf_printf(b, "%.0f", n.v);
    else
        buf_printf(b, "%.17g", n.v);
}

static void
print_text(buf_t *b, str_t s)
{
    if (s.p == NULL)
        buf_puts(b, "null");
    else
        buf_json_str(b, s);
}

static void print_json(buf_t *b, json_object *o);

static void
print_json_array(buf_t *b, json_object *o)
{
    size_t n = json_object_array_length(o);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        print_json(b, json_object_array_get_idx(o, i));
    }
    buf_putc(b, ']');
}

static void
print_json_object(buf_t *b, json_object *o)
{
    bool first = true;
    buf_putc(b, '{');
    json_object_object_foreach(o, key, val)
    {
        if (!first)
            buf_putc(b, ',');
        first = false;
        buf_json_cstr(b, key);
        buf_putc(b, ':');
        print_json(b, val);
    }
    buf_putc(b, '}');
}

/* A parsed value, printed so that the output is valid JSON whatever
 * json-c accepted: strings through buf_json_str; numbers are finite
 * (inspect.h), printed as they were written. */
static void
print_json(buf_t *b, json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_null:
        buf_puts(b, "null");
        break;
    case json_type_boolean:
        buf_puts(b, json_object_get_boolean(o) ? "true" : "false");
        break;
    case json_type_int:
    case json_type_double:
        buf_puts(b, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        break;
    case json_type_string:
        buf_json_str(b, (str_t){json_object_get_string(o), (size_t)json_object_get_string_len(o)});
        break;
    case json_type_array:
        print_json_array(b, o);
        break;
    case json_type_object:
        print_json_object(b, o);
        break;
    }
}

static void
print_value(buf_t *b, const inspect_value_t *v)
{
    if (v->parsed)
        print_json(b, v->json);
    else
        print_text(b, v->text);
}

/* --- documents ------------------------------------------------------------------------ */

/* {"id","state","task","queue","worker","owner","retries","enqueued_at",
 *  "started_at","finished_at","runtime_ms","args","kwargs","result","error"}
 * and "revoked" when it was asked. */
static void
print_task(buf_t *b, const inspect_task_t *t)
{
    buf_puts(b, "{\"id\":");
    buf_json_str(b, t->id);
    const struct {
        const char *key;
        str_t value;
    } texts[] = {
        {"state", t->state}, {"task", t->task}, {"queue", t->queue}, {"worker", t->worker}};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        buf_printf(b, ",\"%s\":", texts[i].key);
        print_text(b, texts[i].value);
    }
    const struct {
        const char *key;
        inspect_num_t value;
    } numbers[] = {{"owner", t->owner},
                   {"retries", t->retries},
                   {"enqueued_at", t->enqueued_at},
                   {"started_at", t->started_at},
                   {"finished_at", t->finished_at},
                   {"runtime_ms", t->runtime_ms}};
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        buf_printf(b, ",\"%s\":", numbers[i].key);
        print_num(b, numbers[i].value);
    }
    buf_puts(b, ",\"args\":");
    print_value(b, &t->args);
    buf_puts(b, ",\"kwargs\":");
    print_value(b, &t->kwargs);
    buf_puts(b, ",\"result\":");
    print_value(b, &t->result);
    buf_puts(b, ",\"error\":");
    print_text(b, t->error);
    if (t->revoked >= 0)
        buf_printf(b, ",\"revoked\":%s", t->revoked ? "true" : "false");
    buf_putc(b, '}');
}

static void
print_worker(buf_t *b, const inspect_worker_t *w)
{
    buf_puts(b, "{\"id\":");
    buf_json_str(b, w->id);
    buf_puts(b, ",\"host\":");
    print_text(b, w->host);
    buf_puts(b, ",\"pid\":");
    print_num(b, w->pid);
    buf_puts(b, ",\"queues\":");
    print_json(b, w->queues);
    buf_puts(b, ",\"started_at\":");
    print_num(b, w->started_at);
    if (w->has_heartbeat)
        buf_printf(b, ",\"last_heartbeat\":%lld,\"heartbeat_age_ms\":%lld,\"alive\":%s",
                   w->last_heartbeat, w->heartbeat_age_ms, w->alive ? "true" : "false");
    else
        buf_puts(b, ",\"last_heartbeat\":null,\"heartbeat_age_ms\":null,\"alive\":false");
    buf_puts(b, ",\"processed\":");
    print_num(b, w->processed);
    buf_puts(b, ",\"failed\":");
    print_num(b, w->failed);
    buf_puts(b, ",\"current\":");
    buf_json_cstr(b, w->current);
    if (w->current && w->has_current_started_at)
        buf_printf(b, ",\"current_started_at\":%lld}", w->current_started_at);
    else
        buf_puts(b, ",\"current_started_at\":null}");
}

/* --- views --------------------------------------------------------------------------- */

/* Authenticates and sets the headers every answer carries. */
static int
api_staff_or_reply(http_req_t *r)
{
    flower_no_store(r);
    return accounts_staff_or_reply(r);
}

static int
api_kv_down(http_req_t *r, const char *err)
{
    flower_log_kv_error(r, err);
    return http_reply_detail(r, 503, "Cache unavailable.");
}

/* Every API view: staff only, no-store, and a line for Redis's error. */
typedef int (*api_view_fn)(http_req_t *r, char *err, size_t errlen);

static int
api_view(http_req_t *r, api_view_fn view)
{
    char err[256];
    if (api_staff_or_reply(r) != 0)
        return r->status;
    return view(r, err, sizeof(err));
}

static int
workers_view(http_req_t *r, char *err, size_t errlen)
{
    inspect_workers_t workers;
    if (inspect_workers(r->arena, &workers, err, errlen) != 0)
        return api_kv_down(r, err);
    buf_putc(r->out, '[');
    for (size_t i = 0; i < workers.len; i++) {
        if (i)
            buf_putc(r->out, ',');
        print_worker(r->out, &workers.items[i]);
    }
    buf_putc(r->out, ']');
    return http_json(r, 200);
}

static int
queues_view(http_req_t *r, char *err, size_t errlen)
{
    inspect_queues_t q;
    if (inspect_queues(r->arena, flower_queue_names(), FLOWER_QUEUES, &q, err, errlen) != 0)
        return api_kv_down(r, err);
    buf_puts(r->out, "{\"queues\":{");
    for (size_t i = 0; i < q.len; i++) {
        if (i)
            buf_putc(r->out, ',');
        buf_json_cstr(r->out, q.items[i].name);
        buf_printf(r->out, ":{\"queued\":%lld,\"reserved\":%lld,\"active\":%lld}",
                   q.items[i].queued, q.items[i].reserved, q.items[i].active);
    }
    buf_printf(r->out, "},\"delayed\":%lld,\"dead\":%lld}", q.delayed, q.dead);
    return http_json(r, 200);
}

static int
tasks_view(http_req_t *r, char *err, size_t errlen)
{
    inspect_tasks_t tasks;
    flower_paging_t page;
    const char *bad = flower_paging(r, API_DEFAULT_LIMIT, &page);
    if (bad)
        return http_reply_detail(r, 400, bad);
    if (inspect_recent_tasks(r->arena, page.limit, page.offset, page.state, &tasks, err, errlen) !=
        0)
        return api_kv_down(r, err);
    buf_puts(r->out, "{\"tasks\":[");
    for (size_t i = 0; i < tasks.len; i++) {
        if (i)
            buf_putc(r->out, ',');
        print_task(r->out, &tasks.items[i]);
    }
    buf_printf(r->out, "],\"limit\":%ld,\"offset\":%ld,\"more\":%s}", tasks.limit, tasks.offset,
               tasks.more ? "true" : "false");
    return http_json(r, 200);
}

static int
task_view(http_req_t *r, char *err, size_t errlen)
{
    inspect_task_t task;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return http_reply_detail(r, 404, "Unknown task.");
    switch (inspect_task(r->arena, id, &task, err, errlen)) {
    case 1:
        print_task(r->out, &task);
        return http_json(r, 200);
    case 0:
        return http_reply_detail(r, 404, "Unknown task.");
    default:
        return api_kv_down(r, err);
    }
}

static int
revoke_view(http_req_t *r, char *err, size_t errlen)
{
    const char *id = flower_task_id(r);
    if (id == NULL)
        return http_reply_detail(r, 404, "Unknown task.");
    switch (inspect_revoke(id, err, errlen)) {
    case 1: {
        char message[INSPECT_TASK_ID_MAX + 16];
        snprintf(message, sizeof(message), "Revoked '%s'", id);
        buf_puts(r->out, "{\"message\":");
        buf_json_cstr(r->out, message);
        buf_putc(r->out, '}');
        return http_json(r, 200);
    }
    case 0:
        return http_reply_detail(r, 404, "Unknown task.");
    default:
        return api_kv_down(r, err);
    }
}

/* The handlers lib/apps/flower/routes.c names. */
int
flower_api_workers(http_req_t *r)
{
    return api_view(r, workers_view);
}

int
flower_api_queues(http_req_t *r)
{
    return api_view(r, queues_view);
}

int
flower_api_tasks(http_req_t *r)
{
    return api_view(r, tasks_view);
}

int
flower_api_task(http_req_t *r)
{
    return api_view(r, task_view);
}

int
flower_api_revoke(http_req_t *r)
{
    return api_view(r, revoke_view);
}
