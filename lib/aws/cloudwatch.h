/* boto3's cloudwatch.put_metric_data for the worker's queue metrics, sent
 * with aws_action_post() (see aws/action.h: credentials, deadline, cap).
 * The endpoint is a parameter so tests can use t/fake/aws_endpoint.py; NULL
 * or "" means the AWS one for the region. Returns 0, or -1 with one line
 * in err: AWS's own error Code and Message when it answered one
 * ("CloudWatch PutMetricData: HTTP 403 SignatureDoesNotMatch: The request
 * signature ..."), else what failed. */
#ifndef AWS_CLOUDWATCH_H
#define AWS_CLOUDWATCH_H

#include <stddef.h>

typedef struct {
    const char *name;
    const char *value;
} aws_dimension_t;

typedef struct {
    const char *name;                  /* MetricName */
    double value;                      /* finite */
    const char *unit;                  /* "Count", "Seconds", ...; NULL means "Count" */
    const aws_dimension_t *dimensions; /* up to 30, may be NULL */
    size_t ndimensions;
} aws_metric_t;

/* PutMetricData of n (1..1000) metrics under metric_namespace, e.g.
 * endpoint "https://monitoring.us-east-1.amazonaws.com/". */
int cloudwatch_put_metrics(const char *endpoint, const char *region, const char *metric_namespace,
                           const aws_metric_t *metrics, size_t n, char *err, size_t errlen);

#endif
