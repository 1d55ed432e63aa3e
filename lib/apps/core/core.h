/* The core app: health, readiness and the debug endpoints of SPEC.md's Core table. */
#ifndef APPS_CORE_H
#define APPS_CORE_H

#include "http/request.h"
#include "http/router.h"

/* Mounts the core routes; returns -1 if the router is full. */
int core_routes(router_t *rt);

int core_root(http_req_t *r);

/* schema_view.c: GET /api/schema/ (http/openapi.h) and its doc. */
int core_api_schema(http_req_t *r);
extern const route_doc_t core_api_schema_doc;
int core_health_check(http_req_t *r);
int core_healthz(http_req_t *r);
int core_readiness(http_req_t *r);
int core_debug_sleep(http_req_t *r);

int core_sleep_task(http_req_t *r);
int core_send_test_email(http_req_t *r);
int core_celery_metrics(http_req_t *r);
int core_task_state(http_req_t *r);

/* tasks.c: sleep_task, send_test_email, debug_periodic_task, publish_queue_metrics, noop. */
void core_tasks_register(void);

int core_redis_get(http_req_t *r);
int core_redis_set(http_req_t *r);
int core_redis_clear(http_req_t *r);

#endif
