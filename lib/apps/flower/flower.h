/* The flower app: Celery Flower's views over lib/queue for staff (SPEC.md,
 * Background work). Server-rendered HTML under /flower/ and a JSON API
 * under /flower/api/, both reading Redis through queue/inspect.h.
 *
 *   GET  /flower/                        dashboard: workers and queues
 *   GET  /flower/tasks/                  recent tasks (?state, ?limit, ?offset)
 *   GET  /flower/task/<id>/              one task, with a Revoke button
 *   POST /flower/task/<id>/revoke/       revoke, then 302 back to the task
 *   GET  /flower/api/workers             JSON
 *   GET  /flower/api/queues              JSON
 *   GET  /flower/api/tasks               JSON (?state, ?limit, ?offset)
 *   GET  /flower/api/task/<id>           JSON, 404 when unknown
 *   POST /flower/api/task/revoke/<id>    JSON (Flower's URL shape)
 */
#ifndef APPS_FLOWER_H
#define APPS_FLOWER_H

#include <stdbool.h>

#include "core/buf.h"
#include "http/request.h"
#include "http/router.h"

enum {
    FLOWER_LIMIT_MAX = 500,     /* tasks per page */
    FLOWER_OFFSET_MAX = 100000, /* tasks:recent holds 1000 anyway */
    FLOWER_QUEUES = 2,          /* default and other */
};

/* Mounts every route above; -1 when the router is full. */
int flower_routes(router_t *rt);

/* --- pages.c ---------------------------------------------------------------- */
int flower_page_dashboard(http_req_t *r);
int flower_page_tasks(http_req_t *r);
int flower_page_task(http_req_t *r);
int flower_page_revoke(http_req_t *r);

/* --- json_views.c ----------------------------------------------------------- */
int flower_api_workers(http_req_t *r);
int flower_api_queues(http_req_t *r);
int flower_api_tasks(http_req_t *r);
int flower_api_task(http_req_t *r);
int flower_api_revoke(http_req_t *r);

/* --- params.c: what both faces read from a request ---------------------------- */
typedef struct {
    long limit, offset;
    const char *state; /* NULL: every state; else a valid state, in the arena */
} flower_paging_t;

/* ?limit (1..FLOWER_LIMIT_MAX, default default_limit), ?offset (0..), ?state.
 * NULL when they are acceptable, else the message for a 400. */
const char *flower_paging(http_req_t *r, long default_limit, flower_paging_t *out);

/* The <id> route parameter as a C string in the arena; NULL when it cannot
 * be a task id (too long, a NUL byte), which callers answer with 404. */
const char *flower_task_id(http_req_t *r);

/* The configured queue names (CELERY_QUEUE_DEFAULT, CELERY_QUEUE_OTHER). */
const char *const *flower_queue_names(void);

/* Logs a Redis failure for this request. */
void flower_log_kv_error(http_req_t *r, const char *err);

/* Cache-Control: no-store on every Flower answer. */
void flower_no_store(http_req_t *r);

/* --- html.c: HTML output ------------------------------------------------------ */

/* Appends s with &, <, >, " and ' replaced by entities (NUL bytes dropped). */
void html_escape(buf_t *b, const char *s, size_t len);
void html_escape_cstr(buf_t *b, const char *s);
/* Appends s percent-encoded for one URL path segment or query value. */
void html_url_escape(buf_t *b, const char *s);

/* Starts r->out with the page head, navigation and <h1>title</h1> (title
 * escaped), and sets the no-store and Content-Security-Policy headers. */
void html_begin(http_req_t *r, const char *title);
/* Closes the page and marks r->out as the text/html reply; returns status. */
int html_end(http_req_t *r, int status);

/* A whole page with one escaped message, for errors; returns status. */
int html_error(http_req_t *r, int status, const char *message);

/* accounts_staff_or_reply for pages: on failure the 401/403/503 becomes an
 * HTML page linking to the admin login. 0, or -1 after replying. */
int html_staff_or_reply(http_req_t *r);

#endif
