/* Credentials from the environment or the ECS container endpoint (see
 * credentials.h). The endpoint is local to the task, so one short GET with
 * a 2 s deadline, no redirects and a 64 KiB cap. */
#include "aws/credentials.h"
#include "http/client.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"

enum {
    MAX_ANSWER = 64 * 1024,
    TIMEOUT_MS = 2000,
    REFRESH_BEFORE = 5 * 60 /* seconds before Expiration */
};

static const char default_host[] = "http://169.254.170.2";
static const char no_creds[] =
    "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or run in ECS";

typedef struct {
    bool valid;
    char url[2048];
    char access_key[256];
    char secret_key[256];
    char token[8192];
    time_t expiration;
} cached_t;

static cached_t cache;

static const char *
env(const char *name)
{
    const char *v = getenv(name);

    return v != NULL && v[0] != '\0' ? v : NULL;
}

void
aws_credentials_reset(void)
{
    memset(&cache, 0, sizeof(cache));
}

/* "2024-05-01T12:00:00Z", with optional fractions of a second and a
 * "+HH:MM" / "-HH:MM" offset instead of Z. */
static bool
parse_iso8601(const char *s, time_t *out)
{
    struct tm tm;
    const char *p;
    long offset = 0;

    memset(&tm, 0, sizeof(tm));
    if (s == NULL || (p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
        return false;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 && p[3] == ':') {
        int h = 0, m = 0;
        if (sscanf(p + 1, "%2d:%2d", &h, &m) != 2)
            return false;
        offset = (p[0] == '+' ? 1 : -1) * (h * 3600L + m * 60L);
    } else if (strcmp(p, "Z") != 0) {
        return false;
    }
    *out = timegm(&tm) - offset;
    return true;
}

/* Copies the string member key of obj into dst[dstlen]; false when it is
 * missing, too long or holds control characters. */
static bool
copy_member(json_object *obj, const char *key, char *dst, size_t dstlen)
{
    size_t len = 0;
    const char *s = json_get_str(obj, key, &len);

    if (s == NULL || len == 0 || len >= dstlen)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return false;
    memcpy(dst, s, len + 1);
    return true;
}

/* Fills *got from the endpoint's JSON answer; -1 with err when it is not
 * what the ECS agent answers. */
static int
read_answer(buf_t *body, const char *url, cached_t *got, char *err, size_t errlen)
{
    int rc = -1;
    json_object *answer = json_tokener_parse(buf_cstr(body));

    if (!json_object_is_type(answer, json_type_object) ||
        !copy_member(answer, "AccessKeyId", got->access_key, sizeof(got->access_key)) ||
        !copy_member(answer, "SecretAccessKey", got->secret_key, sizeof(got->secret_key)) ||
        !parse_iso8601(json_object_get_string(json_get(answer, "Expiration")), &got->expiration))
        http_client_error(
            err, errlen,
            "container credentials: %s did not answer AccessKeyId, SecretAccessKey and "
            "an ISO 8601 Expiration",
            url);
    else if (json_has(answer, "Token") &&
             !copy_member(answer, "Token", got->token, sizeof(got->token)))
        http_client_error(err, errlen, "container credentials: %s answered an unusable Token", url);
    else
        rc = 0;
    if (rc == 0) {
        snprintf(got->url, sizeof(got->url), "%s", url);
        got->valid = true;
    }
    json_object_put(answer);
    return rc;
}

/* GETs url and fills *got from its JSON answer. */
static int
fetch(const char *url, const char *auth_token, cached_t *got, char *err, size_t errlen)
{
    int rc = -1;
    CURL *c = curl_easy_init();
    struct curl_slist *headers = NULL, *l;
    buf_t body, auth;
    http_sink_t sink = {&body, MAX_ANSWER, false};
    CURLcode res;
    long status = 0;

    buf_init(&body);
    buf_init(&auth);
    memset(got, 0, sizeof(*got));
    if (c == NULL) {
        http_client_error(err, errlen, "container credentials: out of memory");
        goto fail;
    }
    if (auth_token != NULL) {
        buf_printf(&auth, "Authorization: %s", auth_token);
        if (auth.failed || strpbrk(buf_cstr(&auth), "\r\n") != NULL ||
            (l = curl_slist_append(headers, buf_cstr(&auth))) == NULL) {
            http_client_error(err, errlen,
                              "container credentials: bad AWS_CONTAINER_AUTHORIZATION_TOKEN");
            goto fail;
        }
        headers = l;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    http_client_defaults(c, (long)TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_ANSWER);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_sink_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    res = curl_easy_perform(c);
    if (res != CURLE_OK) {
        http_client_error(err, errlen, "container credentials: %s: %s", url,
                          sink.refused ? "answer too large" : curl_easy_strerror(res));
        goto fail;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        http_client_error(err, errlen, "container credentials: %s answered HTTP %ld", url, status);
        goto fail;
    }
    if (read_answer(&body, url, got, err, errlen) != 0)
        goto fail;
    rc = 0;

fail:
    if (rc != 0)
        memset(got, 0, sizeof(*got));
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    buf_free(&body);
    buf_free(&auth);
    return rc;
}

static void
from_cache(aws_creds_t *out)
{
    out->access_key = cache.access_key;
    out->secret_key = cache.secret_key;
    out->session_token = cache.token[0] ? cache.token : NULL;
}

/* The container endpoint's URL into url[len]: the relative URI under
 * AWS_CONTAINER_CREDENTIALS_HOST (or the ECS agent's), else the full URI. */
static int
container_url(char *url, size_t len, const char *relative, const char *full, char *err,
              size_t errlen)
{
    if (relative != NULL) {
        const char *host = env("AWS_CONTAINER_CREDENTIALS_HOST");
        host = host ? host : default_host;
        size_t hl = strlen(host);
        while (hl > 0 && host[hl - 1] == '/')
            hl--;
        if ((size_t)snprintf(url, len, "%.*s%s%s", (int)hl, host, relative[0] == '/' ? "" : "/",
                             relative) >= len) {
            http_client_error(err, errlen, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is too long");
            return -1;
        }
    } else if ((size_t)snprintf(url, len, "%s", full) >= len) {
        http_client_error(err, errlen, "AWS_CONTAINER_CREDENTIALS_FULL_URI is too long");
        return -1;
    }
    return 0;
}

int
aws_credentials_get_at(aws_creds_t *out, time_t now, char *err, size_t errlen)
{
    const char *key = env("AWS_ACCESS_KEY_ID"), *secret = env("AWS_SECRET_ACCESS_KEY");
    const char *relative = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    char url[sizeof(cache.url)];
    cached_t got;
    bool same;

    memset(out, 0, sizeof(*out));
    http_client_error(err, errlen, "%s", "");
    if (key != NULL && secret != NULL) {
        out->access_key = key;
        out->secret_key = secret;
        out->session_token = env("AWS_SESSION_TOKEN");
        return 0;
    }
    if (key != NULL || secret != NULL) {
        http_client_error(err, errlen, "AWS credentials: %s is set but %s is not",
                          key ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                          key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
        return -1;
    }
    if (relative == NULL && full == NULL) {
        http_client_error(err, errlen, "%s", no_creds);
        return -1;
    }
    if (container_url(url, sizeof(url), relative, full, err, errlen) != 0)
        return -1;
    same = cache.valid && strcmp(cache.url, url) == 0;
    if (same && now < cache.expiration - REFRESH_BEFORE) {
        from_cache(out);
        return 0;
    }
    if (fetch(url, relative ? NULL : env("AWS_CONTAINER_AUTHORIZATION_TOKEN"), &got, err, errlen) ==
        0) {
        if (now < got.expiration) {
            cache = got;
            memset(&got, 0, sizeof(got));
            from_cache(out);
            return 0;
        }
        http_client_error(err, errlen, "container credentials from %s have expired already", url);
        memset(&got, 0, sizeof(got));
    }
    if (same && now < cache.expiration) {
        /* Refreshing early failed; the current ones still work. */
        log_warn("aws_credentials", "refresh failed, keeping the current ones: %s", err ? err : "");
        http_client_error(err, errlen, "%s", "");
        from_cache(out);
        return 0;
    }
    memset(&cache, 0, sizeof(cache));
    return -1;
}

int
aws_credentials_get(aws_creds_t *out, char *err, size_t errlen)
{
    return aws_credentials_get_at(out, time(NULL), err, errlen);
}
