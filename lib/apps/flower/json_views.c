/* Flower's JSON API: the inspect output as it is, staff only. */
#include <stdio.h>

#include "apps/accounts/accounts.h"
#include "apps/flower/flower.h"
#include "http/response.h"
#include "queue/inspect.h"

enum { API_DEFAULT_LIMIT = 100 };

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

int
flower_api_workers(http_req_t *r)
{
    char err[256];
    if (api_staff_or_reply(r) != 0)
        return r->status;
    if (inspect_workers(r->out, err, sizeof(err)) != 0)
        return api_kv_down(r, err);
    return http_json(r, 200);
}

int
flower_api_queues(http_req_t *r)
{
    char err[256];
    if (api_staff_or_reply(r) != 0)
        return r->status;
    if (inspect_queues(r->out, flower_queue_names(), FLOWER_QUEUES, err, sizeof(err)) != 0)
        return api_kv_down(r, err);
    return http_json(r, 200);
}

int
flower_api_tasks(http_req_t *r)
{
    char err[256];
    flower_paging_t page;
    if (api_staff_or_reply(r) != 0)
        return r->status;
    const char *bad = flower_paging(r, API_DEFAULT_LIMIT, &page);
    if (bad)
        return http_reply_detail(r, 400, bad);
    if (inspect_recent_tasks(r->out, page.limit, page.offset, page.state, err, sizeof(err)) != 0)
        return api_kv_down(r, err);
    return http_json(r, 200);
}

int
flower_api_task(http_req_t *r)
{
    char err[256];
    if (api_staff_or_reply(r) != 0)
        return r->status;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return http_reply_detail(r, 404, "Unknown task.");
    switch (inspect_task(id, r->out, err, sizeof(err))) {
    case 1:
        return http_json(r, 200);
    case 0:
        return http_reply_detail(r, 404, "Unknown task.");
    default:
        return api_kv_down(r, err);
    }
}

int
flower_api_revoke(http_req_t *r)
{
    char err[256];
    if (api_staff_or_reply(r) != 0)
        return r->status;
    const char *id = flower_task_id(r);
    if (id == NULL)
        return http_reply_detail(r, 404, "Unknown task.");
    switch (inspect_revoke(id, err, sizeof(err))) {
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
