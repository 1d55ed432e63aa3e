/* The ECS call worker-ctl scale makes (boto3's ecs.update_service), sent
 * with aws_action_post() (see aws/action.h: credentials, deadline, cap).
 * The endpoint is a parameter so tests can use t/fake/aws_endpoint.py;
 * NULL or "" means the AWS one for the region. */
#ifndef AWS_ECS_H
#define AWS_ECS_H

#include <stddef.h>

/* UpdateService setting desiredCount, e.g. endpoint
 * "https://ecs.us-east-1.amazonaws.com/". 0, or -1 with one line in err:
 * AWS's own error Code and Message when it answered one ("ECS
 * UpdateService: HTTP 400 ClientException: ..."), else what failed. */
int ecs_update_service(const char *endpoint, const char *region, const char *cluster,
                       const char *service, long desired_count, char *err, size_t errlen);

#endif
