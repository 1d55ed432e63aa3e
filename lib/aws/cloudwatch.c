/* CloudWatch PutMetricData (query protocol: a form POST answered in XML)
 * and ECS UpdateService (JSON 1.1 protocol), one signed POST each. */
#include "aws/cloudwatch.h"
#include "aws/curl_headers.h"
#include "http/client.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/credentials.h"
#include "aws/sigv4.h"
#include "core/buf.h"

enum {
    MAX_ANSWER = 256 * 1024,
    TIMEOUT_MS = 5000,
    MAX_METRICS = 1000,  /* PutMetricData's limit per call */
    MAX_DIMENSIONS = 30, /* per metric */
    MAX_QUOTE = 300      /* bytes of AWS's error message quoted in err */
};

static const char user_agent[] = "verbose-c-aws/1";

/* What differs between the two calls. */
typedef struct {
    const char *what;    /* "CloudWatch PutMetricData", for err */
    const char *service; /* signing name and endpoint prefix */
    const char *content_type;
    const char *target; /* X-Amz-Target, or NULL */
} call_t;

/* The region given, else $AWS_REGION, else $AWS_DEFAULT_REGION, as boto3;
 * NULL unless it looks like one ("us-east-1"). */
static const char *
pick_region(const char *region)
{
    const char *r = region;

    if (r == NULL || r[0] == '\0')
        r = getenv("AWS_REGION");
    if (r == NULL || r[0] == '\0')
        r = getenv("AWS_DEFAULT_REGION");
    if (r == NULL || r[0] == '\0' || strlen(r) > 64)
        return NULL;
    for (const char *c = r; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
            return NULL;
    return r;
}

/* Appends text quoted from an answer: XML entities decoded when xml,
 * control characters dropped, at most MAX_QUOTE bytes. */
static void
quote_text(buf_t *b, const char *s, size_t len, bool xml)
{
    static const struct {
        const char *entity, *c;
    } entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
    size_t start = b->len;

    for (size_t i = 0; i < len && b->len - start < MAX_QUOTE; i++) {
        bool done = false;
        if (xml && s[i] == '&') {
            for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]) && !done; e++) {
                size_t n = strlen(entities[e].entity);
                if (len - i >= n && memcmp(s + i, entities[e].entity, n) == 0) {
                    buf_puts(b, entities[e].c);
                    i += n - 1;
                    done = true;
                }
            }
        }
        if (!done && ((unsigned char)s[i] >= 0x20 && s[i] != 0x7F))
            buf_putc(b, s[i]);
        else if (!done && s[i] == '\n')
            buf_putc(b, ' ');
    }
}

/* The text between <tag> and </tag> in an XML answer, or false. */
static bool
xml_element(const buf_t *body, const char *tag, const char **text, size_t *len)
{
    char open[32], close[32];
    const char *start, *end;

    snprintf(open, sizeof(open), "<%s>", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    if (body->data == NULL || (start = strstr(body->data, open)) == NULL)
        return false;
    start += strlen(open);
    if ((end = strstr(start, close)) == NULL)
        return false;
    *text = start;
    *len = (size_t)(end - start);
    return true;
}

/* "<what>: HTTP <status> <Code>: <Message>" from an XML (query protocol)
 * or JSON (__type, message) error answer, whichever it is. */
static void
say_refused(const call_t *call, long status, buf_t *body, char *err, size_t errlen)
{
    buf_t line;
    const char *code = NULL, *msg = NULL;
    size_t code_len = 0, msg_len = 0;
    json_object *answer = NULL, *v;
    bool xml = true;

    buf_init(&line);
    buf_printf(&line, "%s: HTTP %ld", call->what, status);
    buf_cstr(body);
    if (!xml_element(body, "Code", &code, &code_len)) {
        code = NULL;
        xml = false;
        answer = json_tokener_parse(buf_cstr(body));
        if (json_object_is_type(answer, json_type_object)) {
            if (json_object_object_get_ex(answer, "__type", &v) &&
                json_object_is_type(v, json_type_string)) {
                code = json_object_get_string(v);
                if (strchr(code, '#') != NULL) /* "com.amazonaws.ecs#ClientException" */
                    code = strchr(code, '#') + 1;
                code_len = strlen(code);
            }
            if ((json_object_object_get_ex(answer, "message", &v) ||
                 json_object_object_get_ex(answer, "Message", &v)) &&
                json_object_is_type(v, json_type_string)) {
                msg = json_object_get_string(v);
                msg_len = strlen(msg);
            }
        }
    } else if (!xml_element(body, "Message", &msg, &msg_len)) {
        msg = NULL;
    }
    if (code != NULL) {
        buf_putc(&line, ' ');
        quote_text(&line, code, code_len, xml);
    }
    if (msg != NULL) {
        buf_puts(&line, ": ");
        quote_text(&line, msg, msg_len, xml);
    }
    http_client_error(err, errlen, "%s", line.failed ? call->what : buf_cstr(&line));
    json_object_put(answer);
    buf_free(&line);
}

/* One signed POST of body to endpoint; 0 when AWS answered 200. */
static int
aws_post(const call_t *call, const char *endpoint, const char *region, const buf_t *body, char *err,
         size_t errlen)
{
    int rc = -1;
    CURL *c = NULL;
    CURLU *u = NULL;
    CURLcode res;
    struct curl_slist *headers = NULL;
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
    buf_t url, host_header, answer;
    http_sink_t sink = {&answer, MAX_ANSWER, false};
    aws_creds_t creds;
    sigv4_out_t sig;
    aws_header_t signed_headers[3];
    aws_request_t req;
    sigv4_params_t params;
    size_t nsigned = 0;
    long status = 0;

    buf_init(&url);
    buf_init(&host_header);
    buf_init(&answer);
    sigv4_out_init(&sig);
    region = pick_region(region);
    if (region == NULL) {
        http_client_error(err, errlen, "%s: no AWS region: pass one or set AWS_REGION", call->what);
        goto fail;
    }
    if (endpoint == NULL || endpoint[0] == '\0')
        buf_printf(&url, "https://%s.%s.amazonaws.com/", call->service, region);
    else
        buf_puts(&url, endpoint);
    if (aws_credentials_get(&creds, err, errlen) != 0)
        goto fail;

    u = curl_url();
    if (u == NULL || url.failed || curl_url_set(u, CURLUPART_URL, buf_cstr(&url), 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK) {
        http_client_error(err, errlen, "%s: bad endpoint %s", call->what, buf_cstr(&url));
        goto fail;
    }
    if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
        port = NULL;
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
        query = NULL;
    /* Host as curl would send it: the port only when not the default. */
    buf_puts(&host_header, host);
    if (port != NULL && strcmp(port, strcmp(scheme, "https") == 0 ? "443" : "80") != 0)
        buf_printf(&host_header, ":%s", port);

    signed_headers[nsigned++] = (aws_header_t){"Host", buf_cstr(&host_header)};
    signed_headers[nsigned++] = (aws_header_t){"Content-Type", call->content_type};
    if (call->target != NULL)
        signed_headers[nsigned++] = (aws_header_t){"X-Amz-Target", call->target};
    req = (aws_request_t){"POST",  path,       query ? query : "", signed_headers,
                          nsigned, body->data, body->len};
    params = (sigv4_params_t){
        .region = region, .service = call->service, .now = time(NULL), .normalize_path = true};
    if (host_header.failed || sigv4_sign_headers(&req, &creds, &params, &sig) != 0) {
        http_client_error(err, errlen, "%s: could not sign the request", call->what);
        goto fail;
    }
    if (aws_curl_headers(signed_headers, nsigned, &sig, &headers) != 0)
        goto no_memory;

    c = curl_easy_init();
    if (c == NULL)
        goto no_memory;
    curl_easy_setopt(c, CURLOPT_URL, buf_cstr(&url));
    http_client_defaults(c, (long)TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_ANSWER);
    curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data ? body->data : "");
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_sink_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    res = curl_easy_perform(c);
    if (res == CURLE_OPERATION_TIMEDOUT) {
        http_client_error(err, errlen, "%s: %s did not answer in %d ms", call->what, host,
                          (int)TIMEOUT_MS);
        goto fail;
    }
    if (res != CURLE_OK) {
        http_client_error(err, errlen, "%s: %s: %s", call->what, host,
                          sink.refused || res == CURLE_FILESIZE_EXCEEDED ? "answer too large"
                                                                         : curl_easy_strerror(res));
        goto fail;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        say_refused(call, status, &answer, err, errlen);
        goto fail;
    }
    rc = 0;
    goto fail;

no_memory:
    http_client_error(err, errlen, "%s: out of memory", call->what);
fail:
    curl_easy_cleanup(c);
    curl_slist_free_all(headers);
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(u);
    sigv4_out_free(&sig);
    buf_free(&url);
    buf_free(&host_header);
    buf_free(&answer);
    return rc;
}

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

int
cloudwatch_put_metrics(const char *endpoint, const char *region, const char *metric_namespace,
                       const aws_metric_t *metrics, size_t n, char *err, size_t errlen)
{
    static const call_t call = {"CloudWatch PutMetricData", "monitoring",
                                "application/x-www-form-urlencoded; charset=utf-8", NULL};
    int rc = -1;
    buf_t form;
    char key[96];

    buf_init(&form);
    if (metric_namespace == NULL || metric_namespace[0] == '\0' || metrics == NULL || n == 0 ||
        n > MAX_METRICS) {
        http_client_error(err, errlen, "%s: need a namespace and 1 to %d metrics", call.what,
                          MAX_METRICS);
        goto fail;
    }
    buf_puts(&form, "Action=PutMetricData&Version=2010-08-01");
    form_add(&form, "Namespace", metric_namespace);
    for (size_t i = 0; i < n; i++) {
        const aws_metric_t *m = &metrics[i];
        if (m->name == NULL || m->name[0] == '\0' || !isfinite(m->value) ||
            m->ndimensions > MAX_DIMENSIONS || (m->dimensions == NULL && m->ndimensions > 0)) {
            http_client_error(
                err, errlen,
                "%s: metric %zu needs a name, a finite value and at most %d dimensions", call.what,
                i + 1, MAX_DIMENSIONS);
            goto fail;
        }
        snprintf(key, sizeof(key), "MetricData.member.%zu.MetricName", i + 1);
        form_add(&form, key, m->name);
        snprintf(key, sizeof(key), "MetricData.member.%zu.Value", i + 1);
        form_add_double(&form, key, m->value);
        snprintf(key, sizeof(key), "MetricData.member.%zu.Unit", i + 1);
        form_add(&form, key, m->unit && m->unit[0] ? m->unit : "Count");
        for (size_t d = 0; d < m->ndimensions; d++) {
            const aws_dimension_t *dim = &m->dimensions[d];
            if (dim->name == NULL || dim->value == NULL) {
                http_client_error(err, errlen,
                                  "%s: metric %zu has a dimension without name or value", call.what,
                                  i + 1);
                goto fail;
            }
            snprintf(key, sizeof(key), "MetricData.member.%zu.Dimensions.member.%zu.Name", i + 1,
                     d + 1);
            form_add(&form, key, dim->name);
            snprintf(key, sizeof(key), "MetricData.member.%zu.Dimensions.member.%zu.Value", i + 1,
                     d + 1);
            form_add(&form, key, dim->value);
        }
    }
    if (form.failed) {
        http_client_error(err, errlen, "%s: out of memory", call.what);
        goto fail;
    }
    rc = aws_post(&call, endpoint, region, &form, err, errlen);

fail:
    buf_free(&form);
    return rc;
}

int
ecs_update_service(const char *endpoint, const char *region, const char *cluster,
                   const char *service, long desired_count, char *err, size_t errlen)
{
    static const call_t call = {"ECS UpdateService", "ecs", "application/x-amz-json-1.1",
                                "AmazonEC2ContainerServiceV20141113.UpdateService"};
    int rc = -1;
    buf_t json;

    buf_init(&json);
    if (cluster == NULL || cluster[0] == '\0' || service == NULL || service[0] == '\0' ||
        desired_count < 0 || desired_count > INT32_MAX) {
        http_client_error(err, errlen, "%s: need a cluster, a service and a desired count >= 0",
                          call.what);
        goto fail;
    }
    buf_puts(&json, "{\"cluster\":");
    buf_json_cstr(&json, cluster);
    buf_puts(&json, ",\"service\":");
    buf_json_cstr(&json, service);
    buf_printf(&json, ",\"desiredCount\":%ld}", desired_count);
    if (json.failed) {
        http_client_error(err, errlen, "%s: out of memory", call.what);
        goto fail;
    }
    rc = aws_post(&call, endpoint, region, &json, err, errlen);

fail:
    buf_free(&json);
    return rc;
}
