/* An action of an AWS service that takes a signed POST to its regional
 * endpoint and answers errors in XML (query protocol: CloudWatch) or JSON
 * (JSON 1.1 protocol: ECS). The callers build the body; this sends it. */
#ifndef AWS_ACTION_H
#define AWS_ACTION_H

#include <stddef.h>

#include "core/buf.h"

typedef struct {
    const char *what;    /* "CloudWatch PutMetricData", for err */
    const char *service; /* signing name and endpoint prefix */
    const char *content_type;
    const char *target; /* X-Amz-Target, or NULL */
} aws_action_t;

/* POSTs body to endpoint (NULL or "": https://<service>.<region>.amazonaws.com/)
 * with a 5 s deadline and a 256 KiB cap on the answer. region NULL or ""
 * means $AWS_REGION, else $AWS_DEFAULT_REGION, as boto3. 0 when AWS
 * answered 200; else -1 with one line in err: "<what>: out of memory" when
 * body->failed (so callers need not check), AWS's own Code and Message when
 * it answered them ("CloudWatch PutMetricData: HTTP 403
 * SignatureDoesNotMatch: The request signature ..."). */
int aws_action_post(const aws_action_t *action, const char *endpoint, const char *region,
                    const buf_t *body, char *err, size_t errlen);

#endif
