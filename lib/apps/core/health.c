#include <stdbool.h>
#include <time.h>

#include "apps/core/core.h"
#include "core/log.h"
#include "db/db.h"
#include "http/response.h"
#include "kv/kv.h"

int
core_root(http_req_t *r)
{
    buf_puts(r->out, "{\"message\":\"Root\"}");
    return http_json(r, 200);
}

/* Touches nothing: the load balancer's check and the benchmark's baseline. */
int
core_health_check(http_req_t *r)
{
    buf_puts(r->out, "{\"message\":\"OK\"}");
    return http_json(r, 200);
}

int
core_healthz(http_req_t *r)
{
    buf_puts(r->out, "{\"status\":\"ok\"}");
    return http_json(r, 200);
}

/* The reason a dependency failed goes to the log only: libpq's and hiredis'
 * messages name hosts, ports and users, and /readiness is public. */
static const char *
dependency_state(http_req_t *r, bool ok, const char *event, const char *err)
{
    if (ok)
        return "ok";
    log_event(LOG_WARNING, r->request_id.len ? arena_cstr(r->arena, r->request_id) : NULL, event,
              "%s", err);
    return "unavailable";
}

/* 200 when PostgreSQL and Redis both answer; 503 naming what is down. */
int
core_readiness(http_req_t *r)
{
    char pg_err[256], kv_err[256];
    bool pg_ok = db_ping(pg_err, sizeof(pg_err)) == 0;
    bool kv_ok = kv_ping(kv_err, sizeof(kv_err)) == 0;

    buf_puts(r->out, "{\"status\":");
    buf_puts(r->out, pg_ok && kv_ok ? "\"ok\"" : "\"unavailable\"");
    if (!(pg_ok && kv_ok)) {
        buf_puts(r->out, ",\"detail\":");
        buf_json_cstr(r->out, !pg_ok && !kv_ok ? "PostgreSQL and Redis are down."
                              : !pg_ok         ? "PostgreSQL is down."
                                               : "Redis is down.");
    }
    buf_puts(r->out, ",\"postgres\":");
    buf_json_cstr(r->out, dependency_state(r, pg_ok, "readiness_postgres", pg_err));
    buf_puts(r->out, ",\"redis\":");
    buf_json_cstr(r->out, dependency_state(r, kv_ok, "readiness_redis", kv_err));
    buf_putc(r->out, '}');
    return http_json(r, pg_ok && kv_ok ? 200 : 503);
}

int
core_debug_sleep(http_req_t *r)
{
    long ms = 0;
    if (!str_to_long(http_query(r, "ms", NULL), 0, 60000, &ms))
        return http_reply_detail(r, 400, "ms must be an integer from 0 to 60000.");
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ; /* a signal (SIGTERM) must not cut the request short */
    buf_printf(r->out, "{\"slept_ms\":%ld}", ms);
    return http_json(r, 200);
}
