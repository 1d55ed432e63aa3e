/* Throttling in Redis (what django-axes / DRF throttles did): a counter
 * per scope and identity ("login-email" + email, "login-ip" + address,
 * "register-ip" + address) that expires a window after its first count.
 * The identity is hashed so the key space holds no email addresses; it is
 * hashed byte for byte, so callers pass it normalised (see
 * accounts_email_key()). */
#ifndef AUTH_THROTTLE_H
#define AUTH_THROTTLE_H

#include <stddef.h>

#include "core/str.h"

/* > 0: throttled, the value is the Retry-After in seconds; 0: allowed;
 * -1: Redis is down (err set). */
long throttle_blocked(const char *scope, str_t identity, long limit, char *err, size_t errlen);

/* Counts one failure. 0, or -1 when Redis is down. */
int throttle_fail(const char *scope, str_t identity, long window, char *err, size_t errlen);

/* Counts one request and says whether it is over the limit: 0 allowed
 * (at most `limit` counted in the window), > 0 refused with the Retry-After
 * in seconds, -1 Redis is down (err set). One INCR, so concurrent requests
 * cannot slip past the limit together. */
long throttle_hit(const char *scope, str_t identity, long limit, long window, char *err,
                  size_t errlen);

/* Forgets the failures (after a successful login). */
void throttle_reset(const char *scope, str_t identity);

#endif
