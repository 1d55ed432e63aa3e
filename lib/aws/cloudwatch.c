/* CloudWatch PutMetricData: the query protocol's form, POSTed with
 * aws_action_post(). */
#include "aws/cloudwatch.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/action.h"
#include "aws/sigv4.h"
#include "core/buf.h"
#include "http/client.h"

enum {
    MAX_METRICS = 1000,  /* PutMetricData's limit per call */
    MAX_DIMENSIONS = 30, /* per metric */
};

/* "&key=value" with value percent-encoded. */
static void
form_add(buf_t *form, const char *key, const char *value)
{
    buf_printf(form, "&%s=", key);
    sigv4_uri_encode(form, value, strlen(value), false);
}

/* The shortest of %.15g and %.17g that reads back as v. */
static void
form_add_double(buf_t *form, const char *key, double v)
{
    char s[40];

    snprintf(s, sizeof(s), "%.15g", v);
    if (strtod(s, NULL) != v)
        snprintf(s, sizeof(s), "%.17g", v);
    buf_printf(form, "&%s=%s", key, s);
}

static const aws_action_t put_metric_data = {"CloudWatch PutMetricData", "monitoring",
                                             "application/x-www-form-urlencoded; charset=utf-8",
                                             NULL};

/* The form fields of metric number i (from 1); false with err when the
 * metric is not one CloudWatch takes. */
static bool
form_add_metric(buf_t *form, size_t i, const aws_metric_t *m, char *err, size_t errlen)
{
    char key[96];

    if (m->name == NULL || m->name[0] == '\0' || !isfinite(m->value) ||
        m->ndimensions > MAX_DIMENSIONS || (m->dimensions == NULL && m->ndimensions > 0)) {
        http_client_error(err, errlen,
                          "%s: metric %zu needs a name, a finite value and at most %d dimensions",
                          put_metric_data.what, i, MAX_DIMENSIONS);
        return false;
    }
    snprintf(key, sizeof(key), "MetricData.member.%zu.MetricName", i);
    form_add(form, key, m->name);
    snprintf(key, sizeof(key), "MetricData.member.%zu.Value", i);
    form_add_double(form, key, m->value);
    snprintf(key, sizeof(key), "MetricData.member.%zu.Unit", i);
    form_add(form, key, m->unit && m->unit[0] ? m->unit : "Count");
    for (size_t d = 0; d < m->ndimensions; d++) {
        const aws_dimension_t *dim = &m->dimensions[d];
        if (dim->name == NULL || dim->value == NULL) {
            http_client_error(err, errlen, "%s: metric %zu has a dimension without name or value",
                              put_metric_data.what, i);
            return false;
        }
        snprintf(key, sizeof(key), "MetricData.member.%zu.Dimensions.member.%zu.Name", i, d + 1);
        form_add(form, key, dim->name);
        snprintf(key, sizeof(key), "MetricData.member.%zu.Dimensions.member.%zu.Value", i, d + 1);
        form_add(form, key, dim->value);
    }
    return true;
}

int
cloudwatch_put_metrics(const char *endpoint, const char *region, const char *metric_namespace,
                       const aws_metric_t *metrics, size_t n, char *err, size_t errlen)
{
    int rc = -1;
    buf_t form;

    buf_init(&form);
    if (metric_namespace == NULL || metric_namespace[0] == '\0' || metrics == NULL || n == 0 ||
        n > MAX_METRICS) {
        http_client_error(err, errlen, "%s: need a namespace and 1 to %d metrics",
                          put_metric_data.what, MAX_METRICS);
        goto fail;
    }
    buf_puts(&form, "Action=PutMetricData&Version=2010-08-01");
    form_add(&form, "Namespace", metric_namespace);
    for (size_t i = 0; i < n; i++)
        if (!form_add_metric(&form, i + 1, &metrics[i], err, errlen))
            goto fail;
    rc = aws_action_post(&put_metric_data, endpoint, region, &form, err, errlen);

fail:
    buf_free(&form);
    return rc;
}
