/* Live events for /ws/notifications/: what the worker publishes and wsd
 * forwards. The channel layer is Redis pub/sub: each user's events go to
 * the channel "ws:user:<id>" as the exact JSON text wsd sends to that
 * user's sockets, so wsd never parses them. Publishing is best effort: an
 * event nobody listens to, or one lost while Redis is away, costs nothing
 * (the state itself is in task:<id> and statement_files; a client that
 * reconnects reads it over HTTP). Never fails the caller's work. */
#ifndef EVENTS_EVENTS_H
#define EVENTS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Channel names, shared by the publishers and wsd. */
#define EVENTS_USER_CHANNEL_PREFIX "ws:user:"
#define EVENTS_USER_CHANNEL_FMT EVENTS_USER_CHANNEL_PREFIX "%lld"
#define EVENTS_PING_PONG_CHANNEL "ws:group:ping-pong"
enum { EVENTS_CHANNEL_MAX = 48 };

/* {"type":"task","id":..,"name":..,"state":..} plus "result" (raw JSON
 * text, SUCCESS) or "error" (a string, RETRY and FAILURE) when given. */
void events_task_json(buf_t *out, const char *id, const char *name, const char *state,
                      const char *result_json, const char *error);

/* {"type":"statement","id":N,"status":..,"rows":N,"errors":[..],"progress":P}:
 * errors_json is a JSON array's text (NULL: []), progress the percent of
 * the file read, 0 to 100. */
void events_statement_json(buf_t *out, long long statement_id, const char *status, long rows,
                           const char *errors_json, int progress);

/* PUBLISH ws:user:<user_id> json on the process's Redis connection (kv.h).
 * user_id <= 0 (a task nobody owns) publishes nothing. Returns the number
 * of subscribers that got it, or -1 when Redis is unreachable (logged at
 * debug level only: the caller carries on). */
long events_publish_user(long long user_id, const char *json, size_t len);

#endif
