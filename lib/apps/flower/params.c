/* Request input shared by the HTML pages and the JSON API. */
#include <string.h>

#include "apps/flower/flower.h"
#include "core/log.h"
#include "http/response.h"
#include "queue/inspect.h"
#include "queue/queue.h"

const char *
flower_paging(http_req_t *r, long default_limit, flower_paging_t *out)
{
    bool found;
    str_t v;

    out->limit = default_limit;
    out->offset = 0;
    out->state = NULL;
    v = http_query(r, "limit", &found);
    if (found && !str_to_long(v, 1, FLOWER_LIMIT_MAX, &out->limit))
        return "limit must be an integer from 1 to 500.";
    v = http_query(r, "offset", &found);
    if (found && !str_to_long(v, 0, FLOWER_OFFSET_MAX, &out->offset))
        return "offset must be an integer from 0 to 100000.";
    v = http_query(r, "state", &found);
    if (found && v.len) { /* ?state= from an emptied filter means every state */
        char *state = arena_cstr(r->arena, v);
        if (state == NULL || strlen(state) != v.len || !inspect_state_valid(state))
            return "state must be one of PENDING, STARTED, RETRY, SUCCESS, FAILURE, REVOKED.";
        out->state = state;
    }
    return NULL;
}

const char *
flower_task_id(http_req_t *r)
{
    str_t id = http_route_param(r, "id");
    if (id.len == 0 || id.len > INSPECT_TASK_ID_MAX || memchr(id.p, '\0', id.len))
        return NULL;
    return arena_cstr(r->arena, id);
}

const char *const *
flower_queue_names(void)
{
    static const char *names[FLOWER_QUEUES];
    names[0] = queue_default_name();
    names[1] = queue_other_name();
    return names;
}

void
flower_log_kv_error(http_req_t *r, const char *err)
{
    const char *id = r->request_id.len ? arena_cstr(r->arena, r->request_id) : NULL;
    log_event(LOG_ERROR, id, "kv_unavailable", "%s", err);
}

void
flower_no_store(http_req_t *r)
{
    http_add_header(r, "Cache-Control", "no-store");
}
