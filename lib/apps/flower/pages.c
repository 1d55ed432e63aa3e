/* Flower's HTML pages. Each reads the same JSON the API serves (inspect.h),
 * parses it back with json-c (a cold path) and renders a table; every value
 * that came from Redis goes through html_escape. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "apps/flower/flower.h"
#include "core/settings.h"
#include "http/response.h"
#include "queue/inspect.h"

enum {
    PAGE_DEFAULT_LIMIT = 50,
    CELL_MAX = 120, /* characters of args or error shown in a table cell */
    DOC_DEPTH = 64, /* the inspect wrappers around stored values of depth 32 */
};

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The inspect output as json-c objects; NULL only when out of memory. */
static json_object *
parse_doc(buf_t *b)
{
    json_tokener *tok = json_tokener_new_ex(DOC_DEPTH);
    if (tok == NULL || b->failed)
        return NULL;
    json_object *o = json_tokener_parse_ex(tok, buf_cstr(b), (int)b->len);
    json_tokener_free(tok);
    return o;
}

static int
page_kv_down(http_req_t *r, const char *err)
{
    flower_log_kv_error(r, err);
    return html_error(r, 503, "Redis is unavailable; try again shortly.");
}

static json_object *
field(json_object *o, const char *key)
{
    json_object *v = NULL;
    return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *
field_str(json_object *o, const char *key)
{
    json_object *v = field(o, key);
    return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool
field_num(json_object *o, const char *key, double *out)
{
    json_object *v = field(o, key);
    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
        return false;
    *out = json_object_get_double(v);
    return isfinite(*out);
}

/* Any value as text: a string as it is, anything else as JSON; cut past
 * max characters (0: never); nothing for null. */
static void
put_value(buf_t *b, json_object *v, size_t max, bool pretty)
{
    const char *text;
    size_t len;
    if (v == NULL)
        return;
    if (json_object_is_type(v, json_type_string)) {
        text = json_object_get_string(v);
        len = (size_t)json_object_get_string_len(v);
    } else {
        bool empty = (json_object_is_type(v, json_type_array) && !json_object_array_length(v)) ||
                     (json_object_is_type(v, json_type_object) && !json_object_object_length(v));
        int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
                    (pretty && !empty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : 0);
        text = json_object_to_json_string_ext(v, flags);
        len = strlen(text);
    }
    if (max && len > max) {
        while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
            max--; /* do not cut a UTF-8 sequence */
        html_escape(b, text, max);
        buf_puts(b, "\xe2\x80\xa6");
    } else {
        html_escape(b, text, len);
    }
}

static void
put_field(buf_t *b, json_object *o, const char *key)
{
    put_value(b, field(o, key), 0, false);
}

static void
put_number(buf_t *b, json_object *o, const char *key)
{
    double d;
    if (field_num(o, key, &d))
        buf_printf(b, "%.0f", d);
}

/* A unix-ms field as UTC. */
static void
put_time(buf_t *b, json_object *o, const char *key)
{
    double ms;
    struct tm tm;
    if (!field_num(o, key, &ms) || ms < 0 || ms > 253402300799000.0)
        return;
    time_t t = (time_t)(ms / 1000);
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
put_task_link(buf_t *b, const char *id)
{
    buf_puts(b, "<a href=\"/flower/task/");
    html_url_escape(b, id);
    buf_puts(b, "/\"><code>");
    html_escape_cstr(b, id);
    buf_puts(b, "</code></a>");
}

/* --- dashboard ------------------------------------------------------------------ */

static void
render_workers(buf_t *b, json_object *workers)
{
    size_t n =
        json_object_is_type(workers, json_type_array) ? json_object_array_length(workers) : 0;
    size_t alive = 0;
    long long now = now_ms();
    for (size_t i = 0; i < n; i++)
        alive += json_object_get_boolean(field(json_object_array_get_idx(workers, i), "alive"));
    buf_printf(b, "<h2>Workers</h2><p>%zu alive, %zu dead (no heartbeat for %d s).</p>\n", alive,
               n - alive, (int)settings.queue.worker_heartbeat_timeout);
    if (n == 0)
        return;
    buf_puts(b, "<table id=\"workers\"><tr><th>Worker</th><th>Host</th><th>PID</th>"
                "<th>Queues</th><th>Status</th><th>Last heartbeat</th><th>Processed</th>"
                "<th>Failed</th><th>Current task</th><th>Started</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        json_object *w = json_object_array_get_idx(workers, i);
        bool up = json_object_get_boolean(field(w, "alive"));
        double age, started;
        buf_puts(b, "<tr><td><code>");
        put_field(b, w, "id");
        buf_puts(b, "</code></td><td>");
        put_field(b, w, "host");
        buf_puts(b, "</td><td class=\"num\">");
        put_number(b, w, "pid");
        buf_puts(b, "</td><td>");
        json_object *queues = field(w, "queues");
        size_t nq =
            json_object_is_type(queues, json_type_array) ? json_object_array_length(queues) : 0;
        for (size_t q = 0; q < nq; q++) {
            if (q)
                buf_puts(b, ", ");
            put_value(b, json_object_array_get_idx(queues, q), CELL_MAX, false);
        }
        buf_printf(b, "</td><td class=\"%s\">%s</td><td>", up ? "alive" : "dead",
                   up ? "alive" : "dead");
        if (field_num(w, "heartbeat_age_ms", &age))
            put_age(b, age);
        buf_puts(b, "</td><td class=\"num\">");
        put_number(b, w, "processed");
        buf_puts(b, "</td><td class=\"num\">");
        put_number(b, w, "failed");
        buf_puts(b, "</td><td>");
        const char *current = field_str(w, "current");
        if (current)
            put_task_link(b, current);
        buf_puts(b, "</td><td>");
        if (current && field_num(w, "current_started_at", &started))
            put_age(b, (double)now - started);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</table>\n");
}

static void
render_queues(buf_t *b, json_object *doc)
{
    buf_puts(b, "<h2>Queues</h2><table id=\"queues\"><tr><th>Queue</th><th>Queued</th>"
                "<th>Reserved</th><th>Active</th></tr>\n");
    json_object *queues = field(doc, "queues");
    if (json_object_is_type(queues, json_type_object)) {
        json_object_object_foreach(queues, name, q)
        {
            buf_puts(b, "<tr><td>");
            html_escape_cstr(b, name);
            buf_puts(b, "</td><td class=\"num\">");
            put_number(b, q, "queued");
            buf_puts(b, "</td><td class=\"num\">");
            put_number(b, q, "reserved");
            buf_puts(b, "</td><td class=\"num\">");
            put_number(b, q, "active");
            buf_puts(b, "</td></tr>\n");
        }
    }
    buf_puts(b, "</table>\n<table><tr><th>Delayed (eta and retries, all queues)</th><td "
                "class=\"num\">");
    put_number(b, doc, "delayed");
    buf_puts(b, "</td></tr><tr><th>Dead letters</th><td class=\"num\">");
    put_number(b, doc, "dead");
    buf_puts(b, "</td></tr></table>\n");
}

int
flower_page_dashboard(http_req_t *r)
{
    char err[256];
    int status;
    buf_t data;
    json_object *workers = NULL, *queues = NULL;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    buf_init(&data);
    if (inspect_workers(&data, err, sizeof(err)) != 0) {
        status = page_kv_down(r, err);
        goto done;
    }
    workers = parse_doc(&data);
    buf_reset(&data);
    if (inspect_queues(&data, flower_queue_names(), FLOWER_QUEUES, err, sizeof(err)) != 0) {
        status = page_kv_down(r, err);
        goto done;
    }
    queues = parse_doc(&data);
    if (workers == NULL || queues == NULL) {
        status = 503; /* out of memory: the bare status becomes a 503 */
        goto done;
    }
    html_begin(r, "Dashboard");
    render_workers(r->out, workers);
    render_queues(r->out, queues);
    buf_puts(r->out, "<p><a href=\"/flower/tasks/\">Recent tasks</a> &middot; "
                     "<a href=\"/flower/tasks/?state=FAILURE\">Failed tasks</a></p>\n");
    status = html_end(r, 200);
done:
    json_object_put(workers);
    json_object_put(queues);
    buf_free(&data);
    return status;
}

/* --- recent tasks ----------------------------------------------------------------- */

static const char *const state_names[] = {"PENDING", "STARTED", "RETRY",
                                          "SUCCESS", "FAILURE", "REVOKED"};

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
    for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++) {
        bool on = p->state && strcmp(p->state, state_names[i]) == 0;
        buf_puts(b, "<a href=\"");
        put_tasks_href(b, p, state_names[i], 0);
        buf_printf(b, "\">%s%s%s</a>", on ? "<b>" : "", state_names[i], on ? "</b>" : "");
    }
    buf_puts(b, "</nav>\n");
}

static void
render_task_row(buf_t *b, json_object *t)
{
    const char *id = field_str(t, "id"), *state = field_str(t, "state");
    double runtime;
    buf_puts(b, "<tr><td>");
    if (id)
        put_task_link(b, id);
    buf_puts(b, "</td><td>");
    put_field(b, t, "task");
    buf_puts(b, "</td><td class=\"");
    html_escape_cstr(b, state);
    buf_puts(b, "\">");
    html_escape_cstr(b, state);
    buf_puts(b, "</td><td>");
    put_field(b, t, "queue");
    buf_puts(b, "</td><td class=\"num\">");
    if (field_num(t, "runtime_ms", &runtime))
        buf_printf(b, "%.0f", runtime);
    buf_puts(b, "</td><td><code>");
    put_value(b, field(t, "args"), CELL_MAX, false);
    buf_puts(b, "</code></td><td>");
    put_value(b, field(t, "error"), CELL_MAX, false);
    buf_puts(b, "</td><td>");
    put_time(b, t, "enqueued_at");
    buf_puts(b, "</td></tr>\n");
}

int
flower_page_tasks(http_req_t *r)
{
    char err[256];
    int status;
    buf_t data;
    flower_paging_t p;
    json_object *doc = NULL;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    const char *bad = flower_paging(r, PAGE_DEFAULT_LIMIT, &p);
    if (bad)
        return html_error(r, 400, bad);
    buf_init(&data);
    if (inspect_recent_tasks(&data, p.limit, p.offset, p.state, err, sizeof(err)) != 0) {
        status = page_kv_down(r, err);
        goto done;
    }
    if ((doc = parse_doc(&data)) == NULL) {
        status = 503;
        goto done;
    }
    json_object *tasks = field(doc, "tasks");
    size_t n = json_object_is_type(tasks, json_type_array) ? json_object_array_length(tasks) : 0;
    html_begin(r, p.state ? p.state : "Recent tasks");
    render_filters(r->out, &p);
    if (n == 0) {
        buf_puts(r->out, "<p>No tasks.</p>\n");
    } else {
        buf_puts(r->out, "<table id=\"tasks\"><tr><th>Task id</th><th>Name</th><th>State</th>"
                         "<th>Queue</th><th>Runtime (ms)</th><th>Args</th><th>Error</th>"
                         "<th>Enqueued</th></tr>\n");
        for (size_t i = 0; i < n; i++)
            render_task_row(r->out, json_object_array_get_idx(tasks, i));
        buf_puts(r->out, "</table>\n");
    }
    buf_puts(r->out, "<p>");
    if (p.offset > 0) {
        buf_puts(r->out, "<a rel=\"prev\" href=\"");
        put_tasks_href(r->out, &p, p.state, p.offset > p.limit ? p.offset - p.limit : 0);
        buf_puts(r->out, "\">&larr; Newer</a> ");
    }
    if (json_object_get_boolean(field(doc, "more"))) {
        buf_puts(r->out, "<a rel=\"next\" href=\"");
        put_tasks_href(r->out, &p, p.state, p.offset + p.limit);
        buf_puts(r->out, "\">Older &rarr;</a>");
    }
    buf_puts(r->out, "</p>\n");
    status = html_end(r, 200);
done:
    json_object_put(doc);
    buf_free(&data);
    return status;
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
render_task(buf_t *b, const char *id, json_object *t)
{
    static const char *const texts[][2] = {
        {"Name", "task"}, {"Queue", "queue"}, {"Worker", "worker"}};
    static const char *const numbers[][2] = {
        {"Owner (user id)", "owner"}, {"Retries", "retries"}, {"Runtime (ms)", "runtime_ms"}};
    static const char *const times[][2] = {
        {"Enqueued", "enqueued_at"}, {"Started", "started_at"}, {"Finished", "finished_at"}};
    static const char *const values[][2] = {
        {"Args", "args"}, {"Kwargs", "kwargs"}, {"Result", "result"}, {"Error", "error"}};
    const char *state = field_str(t, "state");
    bool revoked = json_object_get_boolean(field(t, "revoked"));

    buf_puts(b, "<dl id=\"task\">");
    dl_row(b, "Id");
    buf_puts(b, "<code>");
    html_escape_cstr(b, id);
    buf_puts(b, "</code></dd>");
    dl_row(b, "State");
    buf_puts(b, "<span class=\"");
    html_escape_cstr(b, state);
    buf_puts(b, "\">");
    html_escape_cstr(b, state);
    buf_puts(b, revoked ? "</span> (revoked)</dd>" : "</span></dd>");
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        dl_row(b, texts[i][0]);
        put_field(b, t, texts[i][1]);
        buf_puts(b, "</dd>");
    }
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        dl_row(b, numbers[i][0]);
        put_number(b, t, numbers[i][1]);
        buf_puts(b, "</dd>");
    }
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        dl_row(b, times[i][0]);
        put_time(b, t, times[i][1]);
        buf_puts(b, "</dd>");
    }
    buf_puts(b, "</dl>\n");
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        json_object *v = field(t, values[i][1]);
        if (v == NULL)
            continue;
        buf_printf(b, "<h2>%s</h2><pre>", values[i][0]);
        put_value(b, v, 0, true);
        buf_puts(b, "</pre>\n");
    }
    bool may_run = state && (strcmp(state, "PENDING") == 0 || strcmp(state, "STARTED") == 0 ||
                             strcmp(state, "RETRY") == 0);
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
    int status;
    buf_t data;
    json_object *doc = NULL;

    if (html_staff_or_reply(r) != 0)
        return r->status;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return html_error(r, 404, "Unknown task (or its result expired).");
    buf_init(&data);
    switch (inspect_task(id, &data, err, sizeof(err))) {
    case 0:
        status = html_error(r, 404, "Unknown task (or its result expired).");
        goto done;
    case -1:
        status = page_kv_down(r, err);
        goto done;
    }
    if ((doc = parse_doc(&data)) == NULL) {
        status = 503;
        goto done;
    }
    html_begin(r, "Task");
    render_task(r->out, id, doc);
    status = html_end(r, 200);
done:
    json_object_put(doc);
    buf_free(&data);
    return status;
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
