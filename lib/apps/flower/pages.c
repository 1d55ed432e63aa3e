/* Flower's HTML pages. Each renders what inspect.h read (the same structs
 * the JSON API prints) as a table; every value that came from Redis goes
 * through html_escape. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "apps/flower/flower.h"
#include "core/settings.h"
#include "http/response.h"
#include "queue/inspect.h"
#include "queue/queue.h"

enum {
    PAGE_DEFAULT_LIMIT = 50,
    CELL_MAX = 120, /* characters of args or error shown in a table cell */
};

static int
page_kv_down(http_req_t *r, const char *err)
{
    flower_log_kv_error(r, err);
    return html_error(r, 503, "Redis is unavailable; try again shortly.");
}

/* Invalid UTF-8 bytes each become U+FFFD, as buf_json_str makes them, so a
 * page shows what the JSON API says. */
static void
put_valid_utf8(buf_t *out, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0, n; i < len; i += n ? n : 1) {
        n = str_utf8_len(text + i, len - i);
        if (n)
            buf_append(out, p + i, n);
        else
            buf_puts(out, "\xef\xbf\xbd");
    }
}

static bool
utf8_valid(const char *text, size_t len)
{
    for (size_t i = 0, n; i < len; i += n)
        if ((n = str_utf8_len(text + i, len - i)) == 0)
            return false;
    return true;
}

/* Text escaped, cut past max bytes (0: never) with an ellipsis. */
static void
put_cut(buf_t *b, const char *text, size_t len, size_t max)
{
    buf_t valid;
    buf_init(&valid);
    if (!utf8_valid(text, len)) { /* rare: a copy, then as usual */
        put_valid_utf8(&valid, text, len);
        text = valid.data;
        len = valid.len;
    }
    if (max && len > max) {
        while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
            max--; /* do not cut a UTF-8 sequence */
        html_escape(b, text, max);
        buf_puts(b, "\xe2\x80\xa6");
    } else {
        html_escape(b, text, len);
    }
    buf_free(&valid);
}

static void
put_text(buf_t *b, str_t s, size_t max)
{
    put_cut(b, s.p, s.len, max);
}

/* A parsed value as text: a string as it is, anything else as JSON;
 * nothing for null. */
static void
put_json(buf_t *b, json_object *v, size_t max, bool pretty)
{
    if (v == NULL)
        return;
    if (json_object_is_type(v, json_type_string)) {
        put_cut(b, json_object_get_string(v), (size_t)json_object_get_string_len(v), max);
        return;
    }
    bool empty = (json_object_is_type(v, json_type_array) && !json_object_array_length(v)) ||
                 (json_object_is_type(v, json_type_object) && !json_object_object_length(v));
    int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
                (pretty && !empty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : 0);
    const char *text = json_object_to_json_string_ext(v, flags);
    put_cut(b, text, strlen(text), max);
}

/* A stored JSON field: the value when it parsed, else its text. */
static void
put_value(buf_t *b, const inspect_value_t *v, size_t max, bool pretty)
{
    if (v->parsed)
        put_json(b, v->json, max, pretty);
    else
        put_text(b, v->text, max);
}

static void
put_number(buf_t *b, inspect_num_t n)
{
    if (n.set)
        buf_printf(b, "%.0f", n.v);
}

/* A unix-ms field as UTC. */
static void
put_time(buf_t *b, inspect_num_t ms)
{
    struct tm tm;
    if (!ms.set || ms.v < 0 || ms.v > 253402300799000.0)
        return;
    time_t t = (time_t)(ms.v / 1000);
    if (gmtime_r(&t, &tm) == NULL)
        return;
    buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
put_age(buf_t *b, double ms)
{
    double s = ms / 1000;
    if (s < 0)
        buf_puts(b, "in the future");
    else if (s < 120)
        buf_printf(b, "%.1f s ago", s);
    else if (s < 7200)
        buf_printf(b, "%.0f min ago", s / 60);
    else if (s < 172800)
        buf_printf(b, "%.0f h ago", s / 3600);
    else
        buf_printf(b, "%.0f days ago", s / 86400);
}

static void
put_task_link(buf_t *b, str_t id)
{
    buf_puts(b, "<a href=\"/flower/task/");
    html_url_escape(b, id.p);
    buf_puts(b, "/\"><code>");
    put_text(b, id, 0);
    buf_puts(b, "</code></a>");
}

/* --- dashboard ------------------------------------------------------------------ */

static void
render_worker(buf_t *b, const inspect_worker_t *w, long long now)
{
    buf_puts(b, "<tr><td><code>");
    put_text(b, w->id, 0);
    buf_puts(b, "</code></td><td>");
    put_text(b, w->host, 0);
    buf_puts(b, "</td><td class=\"num\">");
    put_number(b, w->pid);
    buf_puts(b, "</td><td>");
    size_t nq =
        json_object_is_type(w->queues, json_type_array) ? json_object_array_length(w->queues) : 0;
    for (size_t q = 0; q < nq; q++) {
        if (q)
            buf_puts(b, ", ");
        put_json(b, json_object_array_get_idx(w->queues, q), CELL_MAX, false);
    }
    buf_printf(b, "</td><td class=\"%s\">%s</td><td>", w->alive ? "alive" : "dead",
               w->alive ? "alive" : "dead");
    if (w->has_heartbeat)
        put_age(b, (double)w->heartbeat_age_ms);
    buf_puts(b, "</td><td class=\"num\">");
    put_number(b, w->processed);
    buf_puts(b, "</td><td class=\"num\">");
    put_number(b, w->failed);
    buf_puts(b, "</td><td>");
    if (w->current)
        put_task_link(b, str_from_cstr(w->current));
    buf_puts(b, "</td><td>");
    if (w->current && w->has_current_started_at)
        put_age(b, (double)(now - w->current_started_at));
    buf_puts(b, "</td></tr>\n");
}

static void
render_workers(buf_t *b, const inspect_workers_t *workers)
{
    size_t alive = 0;
    for (size_t i = 0; i < workers->len; i++)
        alive += workers->items[i].alive;
    buf_printf(b, "<h2>Workers</h2><p>%zu alive, %zu dead (no heartbeat for %d s).</p>\n", alive,
               workers->len - alive, (int)settings.queue.worker_heartbeat_timeout);
    if (workers->len == 0)
        return;
    buf_puts(b, "<table id=\"workers\"><tr><th>Worker</th><th>Host</th><th>PID</th>"
                "<th>Queues</th><th>Status</th><th>Last heartbeat</th><th>Processed</th>"
                "<th>Failed</th><th>Current task</th><th>Started</th></tr>\n");
    long long now = queue_now_ms();
    for (size_t i = 0; i < workers->len; i++)
        render_worker(b, &workers->items[i], now);
    buf_puts(b, "</table>\n");
}

static bool
queue_listed_before(const inspect_queues_t *q, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(q->items[k].name, q->items[i].name) == 0)
            return true;
    return false;
}

static void
render_queues(buf_t *b, const inspect_queues_t *q)
{
    buf_puts(b, "<h2>Queues</h2><table id=\"queues\"><tr><th>Queue</th><th>Queued</th>"
                "<th>Reserved</th><th>Active</th></tr>\n");
    for (size_t i = 0; i < q->len; i++) {
        const inspect_queue_t *one = &q->items[i];
        if (queue_listed_before(q, i))
            continue; /* one row per name, as a JSON object has */
        buf_puts(b, "<tr><td>");
        html_escape_cstr(b, one->name);
        buf_printf(b,
                   "</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                   "<td class=\"num\">%lld</td></tr>\n",
                   one->queued, one->reserved, one->active);
    }
    buf_printf(b,
               "</table>\n<table><tr><th>Delayed (eta and retries, all queues)</th><td "
               "class=\"num\">%lld</td></tr><tr><th>Dead letters</th><td class=\"num\">%lld"
               "</td></tr></table>\n",
               q->delayed, q->dead);
}

int
flower_page_dashboard(http_req_t *r)
{
    char err[256];
    inspect_workers_t workers;
    inspect_queues_t queues;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    if (inspect_workers(r->arena, &workers, err, sizeof(err)) != 0 ||
        inspect_queues(r->arena, flower_queue_names(), FLOWER_QUEUES, &queues, err, sizeof(err)) !=
            0)
        return page_kv_down(r, err);
    html_begin(r, "Dashboard");
    render_workers(r->out, &workers);
    render_queues(r->out, &queues);
    buf_puts(r->out, "<p><a href=\"/flower/tasks/\">Recent tasks</a> &middot; "
                     "<a href=\"/flower/tasks/?state=FAILURE\">Failed tasks</a></p>\n");
    return html_end(r, 200);
}

/* --- recent tasks ----------------------------------------------------------------- */

static void
put_tasks_href(buf_t *b, const flower_paging_t *p, const char *state, long offset)
{
    buf_printf(b, "/flower/tasks/?limit=%ld&amp;offset=%ld", p->limit, offset);
    if (state) {
        buf_puts(b, "&amp;state=");
        html_url_escape(b, state);
    }
}

static void
render_filters(buf_t *b, const flower_paging_t *p)
{
    buf_puts(b, "<nav class=\"filters\">State: <a href=\"");
    put_tasks_href(b, p, NULL, 0);
    buf_puts(b, p->state ? "\">all</a>" : "\"><b>all</b></a>");
    for (size_t i = 0; i < INSPECT_STATES; i++) {
        bool on = p->state && strcmp(p->state, inspect_states[i]) == 0;
        buf_puts(b, "<a href=\"");
        put_tasks_href(b, p, inspect_states[i], 0);
        buf_printf(b, "\">%s%s%s</a>", on ? "<b>" : "", inspect_states[i], on ? "</b>" : "");
    }
    buf_puts(b, "</nav>\n");
}

static void
render_task_row(buf_t *b, const inspect_task_t *t)
{
    buf_puts(b, "<tr><td>");
    put_task_link(b, t->id);
    buf_puts(b, "</td><td>");
    put_text(b, t->task, 0);
    buf_puts(b, "</td><td class=\"");
    put_text(b, t->state, 0);
    buf_puts(b, "\">");
    put_text(b, t->state, 0);
    buf_puts(b, "</td><td>");
    put_text(b, t->queue, 0);
    buf_puts(b, "</td><td class=\"num\">");
    put_number(b, t->runtime_ms);
    buf_puts(b, "</td><td><code>");
    put_value(b, &t->args, CELL_MAX, false);
    buf_puts(b, "</code></td><td>");
    put_text(b, t->error, CELL_MAX);
    buf_puts(b, "</td><td>");
    put_time(b, t->enqueued_at);
    buf_puts(b, "</td></tr>\n");
}

static void
render_pager(buf_t *b, const flower_paging_t *p, bool more)
{
    buf_puts(b, "<p>");
    if (p->offset > 0) {
        buf_puts(b, "<a rel=\"prev\" href=\"");
        put_tasks_href(b, p, p->state, p->offset > p->limit ? p->offset - p->limit : 0);
        buf_puts(b, "\">&larr; Newer</a> ");
    }
    if (more) {
        buf_puts(b, "<a rel=\"next\" href=\"");
        put_tasks_href(b, p, p->state, p->offset + p->limit);
        buf_puts(b, "\">Older &rarr;</a>");
    }
    buf_puts(b, "</p>\n");
}

int
flower_page_tasks(http_req_t *r)
{
    char err[256];
    flower_paging_t p;
    inspect_tasks_t tasks;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    const char *bad = flower_paging(r, PAGE_DEFAULT_LIMIT, &p);
    if (bad)
        return html_error(r, 400, bad);
    if (inspect_recent_tasks(r->arena, p.limit, p.offset, p.state, &tasks, err, sizeof(err)) != 0)
        return page_kv_down(r, err);
    html_begin(r, p.state ? p.state : "Recent tasks");
    render_filters(r->out, &p);
    if (tasks.len == 0) {
        buf_puts(r->out, "<p>No tasks.</p>\n");
    } else {
        buf_puts(r->out, "<table id=\"tasks\"><tr><th>Task id</th><th>Name</th><th>State</th>"
                         "<th>Queue</th><th>Runtime (ms)</th><th>Args</th><th>Error</th>"
                         "<th>Enqueued</th></tr>\n");
        for (size_t i = 0; i < tasks.len; i++)
            render_task_row(r->out, &tasks.items[i]);
        buf_puts(r->out, "</table>\n");
    }
    render_pager(r->out, &p, tasks.more);
    return html_end(r, 200);
}

/* --- one task ------------------------------------------------------------------------ */

static void
dl_row(buf_t *b, const char *label)
{
    buf_puts(b, "<dt>");
    buf_puts(b, label);
    buf_puts(b, "</dt><dd>");
}

static void
render_task_fields(buf_t *b, const inspect_task_t *t)
{
    const struct {
        const char *label;
        str_t value;
    } texts[] = {{"Name", t->task}, {"Queue", t->queue}, {"Worker", t->worker}};
    const struct {
        const char *label;
        inspect_num_t value;
    } numbers[] = {{"Owner (user id)", t->owner},
                   {"Retries", t->retries},
                   {"Runtime (ms)", t->runtime_ms}},
      times[] = {
          {"Enqueued", t->enqueued_at}, {"Started", t->started_at}, {"Finished", t->finished_at}};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        dl_row(b, texts[i].label);
        put_text(b, texts[i].value, 0);
        buf_puts(b, "</dd>");
    }
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        dl_row(b, numbers[i].label);
        put_number(b, numbers[i].value);
        buf_puts(b, "</dd>");
    }
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        dl_row(b, times[i].label);
        put_time(b, times[i].value);
        buf_puts(b, "</dd>");
    }
}

/* Args, kwargs, result and error in full, each when it is not null. */
static void
render_task_values(buf_t *b, const inspect_task_t *t)
{
    const inspect_value_t error = {.text = t->error};
    const struct {
        const char *label;
        const inspect_value_t *value;
    } values[] = {
        {"Args", &t->args}, {"Kwargs", &t->kwargs}, {"Result", &t->result}, {"Error", &error}};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        const inspect_value_t *v = values[i].value;
        if (v->parsed ? v->json == NULL : v->text.p == NULL)
            continue;
        buf_printf(b, "<h2>%s</h2><pre>", values[i].label);
        put_value(b, v, 0, true);
        buf_puts(b, "</pre>\n");
    }
}

static void
render_task(buf_t *b, const char *id, const inspect_task_t *t)
{
    bool revoked = t->revoked == 1;
    buf_puts(b, "<dl id=\"task\">");
    dl_row(b, "Id");
    buf_puts(b, "<code>");
    html_escape_cstr(b, id);
    buf_puts(b, "</code></dd>");
    dl_row(b, "State");
    buf_puts(b, "<span class=\"");
    put_text(b, t->state, 0);
    buf_puts(b, "\">");
    put_text(b, t->state, 0);
    buf_puts(b, revoked ? "</span> (revoked)</dd>" : "</span></dd>");
    render_task_fields(b, t);
    buf_puts(b, "</dl>\n");
    render_task_values(b, t);
    bool may_run = str_eq_cstr(t->state, "PENDING") || str_eq_cstr(t->state, "STARTED") ||
                   str_eq_cstr(t->state, "RETRY");
    if (may_run && !revoked) {
        buf_puts(b, "<form method=\"post\" data-fetch action=\"/flower/task/");
        html_url_escape(b, id);
        buf_puts(b, "/revoke/\"><button type=\"submit\" id=\"revoke\">Revoke</button> "
                    "<span id=\"form-status\"></span></form>\n");
    }
}

int
flower_page_task(http_req_t *r)
{
    char err[256];
    inspect_task_t task;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return html_error(r, 404, "Unknown task (or its result expired).");
    switch (inspect_task(r->arena, id, &task, err, sizeof(err))) {
    case 0:
        return html_error(r, 404, "Unknown task (or its result expired).");
    case -1:
        return page_kv_down(r, err);
    }
    html_begin(r, "Task");
    render_task(r->out, id, &task);
    return html_end(r, 200);
}

int
flower_page_revoke(http_req_t *r)
{
    char err[256];
    if (html_staff_or_reply(r) != 0)
        return r->status;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return html_error(r, 404, "Unknown task (or its result expired).");
    switch (inspect_revoke(id, err, sizeof(err))) {
    case 0:
        return html_error(r, 404, "Unknown task (or its result expired).");
    case -1:
        return page_kv_down(r, err);
    }
    buf_t location;
    buf_init(&location);
    buf_puts(&location, "/flower/task/");
    html_url_escape(&location, id);
    buf_puts(&location, "/");
    http_add_header(r, "Location", buf_cstr(&location));
    html_begin(r, "Revoked");
    buf_puts(r->out, "<p><a href=\"");
    html_escape(r->out, location.data, location.len);
    buf_puts(r->out, "\">Back to the task</a></p>\n");
    buf_free(&location);
    return html_end(r, 302);
}
