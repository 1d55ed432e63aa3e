/* ECS UpdateService: the JSON 1.1 protocol's body, POSTed with
 * aws_action_post(). */
#include "aws/ecs.h"

#include <stdint.h>

#include "aws/action.h"
#include "core/buf.h"
#include "http/client.h"

int
ecs_update_service(const char *endpoint, const char *region, const char *cluster,
                   const char *service, long desired_count, char *err, size_t errlen)
{
    static const aws_action_t update_service = {"ECS UpdateService", "ecs",
                                                "application/x-amz-json-1.1",
                                                "AmazonEC2ContainerServiceV20141113.UpdateService"};
    int rc = -1;
    buf_t json;

    buf_init(&json);
    if (cluster == NULL || cluster[0] == '\0' || service == NULL || service[0] == '\0' ||
        desired_count < 0 || desired_count > INT32_MAX) {
        http_client_error(err, errlen, "%s: need a cluster, a service and a desired count >= 0",
                          update_service.what);
        goto fail;
    }
    buf_puts(&json, "{\"cluster\":");
    buf_json_cstr(&json, cluster);
    buf_puts(&json, ",\"service\":");
    buf_json_cstr(&json, service);
    buf_printf(&json, ",\"desiredCount\":%ld}", desired_count);
    rc = aws_action_post(&update_service, endpoint, region, &json, err, errlen);

fail:
    buf_free(&json);
    return rc;
}
