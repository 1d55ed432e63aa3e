/* Failed-login throttling in Redis (what django-axes / DRF throttles did):
 * a counter per scope and identity ("email" + address, "ip" + address)
 * that expires THROTTLE_LOGIN_WINDOW seconds after the first failure. The
 * identity is hashed so the key space holds no email addresses. */
#ifndef AUTH_THROTTLE_H
#define AUTH_THROTTLE_H

#include <stddef.h>

#include "core/str.h"

/* > 0: throttled, the value is the Retry-After in seconds; 0: allowed;
 * -1: Redis is down (err set). */
long throttle_blocked(const char *scope, str_t identity, long limit, char *err, size_t errlen);

/* Counts one failure. 0, or -1 when Redis is down. */
int throttle_fail(const char *scope, str_t identity, long window, char *err, size_t errlen);

/* Forgets the failures (after a successful login). */
void throttle_reset(const char *scope, str_t identity);

#endif
