/* Server-side sessions in Redis, like Django's cache-backed sessions:
 * key "session:<40 random chars>" holding the user id, expiring after
 * SESSION_COOKIE_AGE. Each user's keys are also in the set
 * "user_sessions:<id>" (renewed to SESSION_COOKIE_AGE by each new session,
 * so it outlives its newest session by nothing), which is how a password
 * change ends the user's other sessions, as Django's session auth hash does. Redis because a
 * session is read on every request of a cookie-authenticated client, expires by itself, and is
 * cheap to lose (the user logs in again). */
#ifndef AUTH_SESSION_H
#define AUTH_SESSION_H

#include <stddef.h>

#include "core/str.h"

enum { SESSION_KEY_LEN = 40 };

/* Creates a session for user_id; writes its key. 0, or -1 (Redis down, err set). */
int session_create(long long user_id, char key[SESSION_KEY_LEN + 1], char *err, size_t errlen);

/* The user id of a live session: > 0; 0 when there is none (unknown,
 * expired, malformed key); -1 when Redis is down (err set). */
long long session_user(str_t key, char *err, size_t errlen);

/* Ends a session (no-op when unknown) and drops it from its user's set.
 * 0, or -1 when Redis is down. */
int session_delete(str_t key, char *err, size_t errlen);

/* Ends every session of user_id except keep_key (an empty keep_key: all of
 * them), in one atomic round trip. The number ended, or -1 when Redis is
 * down (err set; no session was ended). */
long long session_end_user_sessions(long long user_id, str_t keep_key, char *err, size_t errlen);

#endif
