/* Where the worker's AWS credentials come from, in the order boto3 looks:
 *
 * 1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 * 2. the ECS container credentials endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 *    appended to http://169.254.170.2 (AWS_CONTAINER_CREDENTIALS_HOST, e.g.
 *    http://127.0.0.1:8123, replaces that for tests), else
 *    AWS_CONTAINER_CREDENTIALS_FULL_URI as is, with
 *    AWS_CONTAINER_AUTHORIZATION_TOKEN sent as its Authorization header.
 *
 * Container credentials are cached in static storage and fetched again when
 * fewer than five minutes remain before their Expiration. If that refresh
 * fails while the old ones still hold, the old ones are returned. One
 * cache per process and no locking: call from one thread (a worker is a
 * process). */
#ifndef AWS_CREDENTIALS_H
#define AWS_CREDENTIALS_H

#include <stddef.h>
#include <time.h>

#include "aws/sigv4.h"

/* Fills *out. Its strings belong to the environment or to the cache and
 * stay valid until the next call (or a change of the environment).
 * Returns 0, or -1 with one line in err, e.g. "no AWS credentials: set
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or run in ECS". */
int aws_credentials_get(aws_creds_t *out, char *err, size_t errlen);

/* The same at a given instant, for tests of the refresh. */
int aws_credentials_get_at(aws_creds_t *out, time_t now, char *err, size_t errlen);

/* Forgets cached container credentials. */
void aws_credentials_reset(void);

#endif
