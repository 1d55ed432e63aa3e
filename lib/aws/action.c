/* A signed POST of one action to an AWS service, and the one-line error it
 * makes of a refusal (see action.h). */
#include "aws/action.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/signed_call.h"
#include "core/json.h"
#include "http/client.h"

enum {
    MAX_ANSWER = 256 * 1024,
    TIMEOUT_MS = 5000,
    MAX_QUOTE = 300 /* bytes of AWS's error message quoted in err */
};

static const char user_agent[] = "verbose-c-aws/1";

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
xml_element(const buf_t *body, const char *tag, str_t *text)
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
    *text = (str_t){start, (size_t)(end - start)};
    return true;
}

/* __type (without its "com.amazonaws.ecs#" prefix) and message of a JSON
 * error answer; the parsed answer, which the caller puts. */
static json_object *
json_error(buf_t *body, str_t *code, str_t *msg)
{
    json_object *answer = json_tokener_parse(buf_cstr(body));
    const char *s = json_get_str(answer, "__type", NULL);

    if (s != NULL) {
        if (strchr(s, '#') != NULL) /* "com.amazonaws.ecs#ClientException" */
            s = strchr(s, '#') + 1;
        *code = str_from_cstr(s);
    }
    s = json_get_str(answer, json_has(answer, "message") ? "message" : "Message", NULL);
    if (s != NULL)
        *msg = str_from_cstr(s);
    return answer;
}

/* "<what>: HTTP <status> <Code>: <Message>" from an XML (query protocol)
 * or JSON (__type, message) error answer, whichever it is. */
static void
say_refused(const aws_action_t *action, long status, buf_t *body, char *err, size_t errlen)
{
    buf_t line;
    str_t code = STR_NULL, msg = STR_NULL;
    json_object *answer = NULL;
    bool xml;

    buf_init(&line);
    buf_printf(&line, "%s: HTTP %ld", action->what, status);
    buf_cstr(body);
    xml = xml_element(body, "Code", &code);
    if (xml && !xml_element(body, "Message", &msg))
        msg = STR_NULL;
    if (!xml)
        answer = json_error(body, &code, &msg);
    if (code.p != NULL) {
        buf_putc(&line, ' ');
        quote_text(&line, code.p, code.len, xml);
    }
    if (msg.p != NULL) {
        buf_puts(&line, ": ");
        quote_text(&line, msg.p, msg.len, xml);
    }
    http_client_error(err, errlen, "%s", line.failed ? action->what : buf_cstr(&line));
    json_object_put(answer);
    buf_free(&line);
}

int
aws_action_post(const aws_action_t *action, const char *endpoint, const char *region,
                const buf_t *body, char *err, size_t errlen)
{
    int rc = -1;
    buf_t url, answer;
    aws_header_t headers[2] = {{"Content-Type", action->content_type},
                               {"X-Amz-Target", action->target}};
    long status = 0;

    buf_init(&url);
    buf_init(&answer);
    if (body->failed) {
        http_client_error(err, errlen, "%s: out of memory", action->what);
        goto fail;
    }
    region = pick_region(region);
    if (region == NULL) {
        http_client_error(err, errlen, "%s: no AWS region: pass one or set AWS_REGION",
                          action->what);
        goto fail;
    }
    if (endpoint == NULL || endpoint[0] == '\0')
        buf_printf(&url, "https://%s.%s.amazonaws.com/", action->service, region);
    else
        buf_puts(&url, endpoint);
    if (url.failed) {
        http_client_error(err, errlen, "%s: out of memory", action->what);
        goto fail;
    }
    aws_call_t call = {.what = action->what,
                       .method = "POST",
                       .url = buf_cstr(&url),
                       .region = region,
                       .service = action->service,
                       .headers = headers,
                       .nheaders = action->target != NULL ? 2 : 1,
                       .body = {body->data, body->len},
                       .timeout_ms = TIMEOUT_MS,
                       .user_agent = user_agent,
                       .answer = &answer,
                       .max_answer = MAX_ANSWER};
    if (aws_signed_call(&call, &status, err, errlen) != 0)
        goto fail;
    if (status != 200) {
        say_refused(action, status, &answer, err, errlen);
        goto fail;
    }
    rc = 0;

fail:
    buf_free(&url);
    buf_free(&answer);
    return rc;
}
