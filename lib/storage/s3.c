/* The S3 backend: PUT, GET and DELETE of one object with a SigV4 Authorization
 * header, and presigned GET URLs. Virtual-host style
 * (https://<bucket>.s3.<region>.amazonaws.com/<key>) unless AWS_S3_ENDPOINT
 * is set, then path style (<endpoint>/<bucket>/<key>). */
#include "storage/storage.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "aws/credentials.h"
#include "aws/signed_call.h"
#include "aws/sigv4.h"
#include "core/settings.h"
#include "http/client.h"

enum {
    TIMEOUT_MS = 60000,
    MAX_ERROR_ANSWER = 16 * 1024,
    MAX_QUOTE = 200 /* bytes of S3's error answer quoted in err */
};

static const char user_agent[] = "verbose-c-storage/1";

/* Where one object is. */
typedef struct {
    buf_t host;   /* Host header: host[:port], the port only when not the default */
    buf_t path;   /* decoded, as S3 signs it: "/bucket/key" or "/key" */
    buf_t url;    /* base + the encoded path */
    buf_t origin; /* scheme://host[:port] */
} target_t;

static void
target_free(target_t *t)
{
    buf_free(&t->host);
    buf_free(&t->path);
    buf_free(&t->url);
    buf_free(&t->origin);
}

static int
target_init(target_t *t, const char *bucket, const char *key, char *err, size_t errlen)
{
    const char *endpoint = settings.storage.s3_endpoint;

    buf_init(&t->host);
    buf_init(&t->path);
    buf_init(&t->url);
    buf_init(&t->origin);
    if (endpoint != NULL && endpoint[0] != '\0') {
        size_t n = strlen(endpoint);
        while (n > 0 && endpoint[n - 1] == '/')
            n--;
        buf_append(&t->origin, endpoint, n);
        buf_printf(&t->path, "/%s/%s", bucket, key);
    } else {
        buf_printf(&t->origin, "https://%s.s3.%s.amazonaws.com", bucket, settings.aws.region);
        buf_printf(&t->path, "/%s", key);
    }
    if (t->origin.failed || aws_url_host(buf_cstr(&t->origin), &t->host, NULL, NULL) != 0) {
        snprintf(err, errlen, "S3: bad endpoint %s", buf_cstr(&t->origin));
        target_free(t);
        return -1;
    }
    buf_puts(&t->url, buf_cstr(&t->origin));
    sigv4_uri_encode(&t->url, t->path.data, t->path.len, true);
    if (t->host.failed || t->path.failed || t->url.failed) {
        snprintf(err, errlen, "S3: out of memory");
        target_free(t);
        return -1;
    }
    return 0;
}

/* What every S3 request shares: signed for "s3" in the region, on t's URL
 * and key path, an error answer into *answer. The caller adds the rest. */
static aws_call_t
s3_call_base(target_t *t, const char *what, const char *method, buf_t *answer)
{
    return (aws_call_t){.what = what,
                        .method = method,
                        .url = buf_cstr(&t->url),
                        .s3_path = t->path.data,
                        .region = settings.aws.region,
                        .service = "s3",
                        .timeout_ms = TIMEOUT_MS,
                        .user_agent = user_agent,
                        .answer = answer,
                        .max_answer = MAX_ERROR_ANSWER};
}

/* Where a GET's body goes: the file while S3 answers 200, else (an error
 * answer) a small buffer for the message. */
typedef struct {
    CURL *curl;
    int fd;
    int write_errno; /* why writing to fd failed, or 0 */
    http_sink_t error;
} get_sink_t;

static size_t
get_write(char *data, size_t size, size_t nmemb, void *p)
{
    get_sink_t *s = p;
    size_t n = size * nmemb, done = 0;
    long status = 0;

    curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        return http_sink_write(data, size, nmemb, &s->error);
    while (done < n) {
        ssize_t w = write(s->fd, data + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->write_errno = w < 0 ? errno : ENOSPC;
            return 0; /* curl stops with CURLE_WRITE_ERROR */
        }
        done += (size_t)w;
    }
    return n;
}

/* A failed GET's reason when the file was the trouble. */
static const char *
get_why(CURLcode res, void *p)
{
    const get_sink_t *s = p;

    (void)res;
    return s->write_errno != 0 ? strerror(s->write_errno) : NULL;
}

/* "S3 GET key: HTTP 403 SignatureDoesNotMatch" from S3's XML error answer. */
static void
say_refused(const char *what, long status, buf_t *answer, char *err, size_t errlen)
{
    const char *code = NULL, *end = NULL, *body = buf_cstr(answer);
    int len = 0;

    if (body != NULL && (code = strstr(body, "<Code>")) != NULL &&
        (end = strstr(code, "</Code>")) != NULL) {
        code += 6;
        len = (int)(end - code) < MAX_QUOTE ? (int)(end - code) : MAX_QUOTE;
    }
    snprintf(err, errlen, "%s: HTTP %ld%s%.*s", what, status, len ? " " : "", len, len ? code : "");
}

/* One signed request: PUT of data, GET into fd, or DELETE (S3 answers
 * 204, also for a key it does not have). */
static int
s3_call(const char *method, const char *key, str_t data, int fd, char *err, size_t errlen)
{
    int rc;
    target_t t;
    buf_t answer, what;
    get_sink_t sink = {NULL, fd, 0, {&answer, MAX_ERROR_ANSWER, false}};
    bool put = strcmp(method, "PUT") == 0, get = strcmp(method, "GET") == 0;
    size_t klen = strlen(key);
    aws_header_t content_type = {"Content-Type", klen >= 4 && strcmp(key + klen - 4, ".csv") == 0
                                                     ? "text/csv; charset=utf-8"
                                                     : "application/octet-stream"};
    long status = 0;

    if (target_init(&t, settings.storage.bucket_name, key, err, errlen) != 0)
        return -1;
    buf_init(&answer);
    buf_init(&what);
    buf_printf(&what, "S3 %s %s", method, key);
    aws_call_t call = s3_call_base(&t, buf_cstr(&what), method, &answer);
    call.headers = &content_type;
    call.nheaders = put ? 1 : 0;
    call.body = put ? data : STR_NULL;
    call.write = get ? get_write : NULL;
    call.write_data = &sink;
    call.handle = &sink.curl;
    call.why = get ? get_why : NULL;
    if (what.failed)
        snprintf(err, errlen, "S3 %s %s: out of memory", method, key);
    else if (aws_signed_call(&call, &status, err, errlen) == 0 && status != 200 && status != 204)
        say_refused(call.what, status, &answer, err, errlen);
    rc = status == 200 || status == 204 ? 0 : status == 404 ? STORAGE_MISSING : -1;
    target_free(&t);
    buf_free(&answer);
    buf_free(&what);
    return rc;
}

int
s3_put(const char *key, str_t data, char *err, size_t errlen)
{
    return s3_call("PUT", key, data, -1, err, errlen);
}

int
s3_delete(const char *key, char *err, size_t errlen)
{
    int rc = s3_call("DELETE", key, STR_NULL, -1, err, errlen);
    return rc == STORAGE_MISSING ? 0 : rc;
}

/* An unlinked temporary file: O_TMPFILE where the file system has it. */
static int
temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int fd;

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    if ((size_t)snprintf(path, sizeof(path), "%s/storage-XXXXXX", dir) >= sizeof(path))
        return -1;
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

int
s3_open(const char *key, int *fd_out, char *err, size_t errlen)
{
    int fd = temp_fd();

    if (fd < 0) {
        snprintf(err, errlen, "S3 GET %s: temporary file: %s", key, strerror(errno));
        return -1;
    }
    int rc = s3_call("GET", key, (str_t){NULL, 0}, fd, err, errlen);
    if (rc != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return rc == STORAGE_MISSING ? rc : -1;
    }
    *fd_out = fd;
    return 0;
}

int
s3_presign_get(const char *key, long seconds, buf_t *url, char *err, size_t errlen)
{
    int rc = -1;
    target_t t;
    aws_creds_t creds;
    sigv4_out_t sig;

    sigv4_out_init(&sig);
    if (target_init(&t, settings.storage.bucket_name, key, err, errlen) != 0) {
        sigv4_out_free(&sig);
        return -1;
    }
    if (aws_credentials_get(&creds, err, errlen) != 0)
        goto fail;
    aws_header_t host = {"Host", buf_cstr(&t.host)};
    aws_request_t req = {"GET", t.path.data, "", &host, 1, NULL, 0};
    sigv4_params_t params = {.region = settings.aws.region,
                             .service = "s3",
                             .now = time(NULL),
                             .normalize_path = false,
                             .unsigned_payload = true};
    if (sigv4_presign_query(&req, &creds, &params, seconds, &sig) != 0) {
        snprintf(err, errlen, "S3 presign %s: could not sign", key);
        goto fail;
    }
    buf_printf(url, "%s?%s", buf_cstr(&t.url), buf_cstr(&sig.query));
    if (url->failed) {
        snprintf(err, errlen, "S3 presign %s: out of memory", key);
        goto fail;
    }
    rc = 0;

fail:
    sigv4_out_free(&sig);
    target_free(&t);
    return rc;
}

/* Copies the value of header `name` from one answer header line into out
 * (NUL-terminated, cut at outlen - 1, without the trailing CR LF). */
static void
header_value(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
    size_t len = strlen(name);

    if (n <= len || strncasecmp(line, name, len) != 0 || line[len] != ':')
        return;
    line += len + 1;
    n -= len + 1;
    while (n > 0 && (*line == ' ' || *line == '\t'))
        line++, n--;
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n' || line[n - 1] == ' '))
        n--;
    if (n >= outlen)
        n = outlen - 1;
    memcpy(out, line, n);
    out[n] = '\0';
}

static size_t
head_header(char *data, size_t size, size_t nmemb, void *p)
{
    s3_head_t *h = p;
    size_t n = size * nmemb;

    header_value(data, n, "ETag", h->etag, sizeof(h->etag));
    header_value(data, n, "Content-Type", h->content_type, sizeof(h->content_type));
    header_value(data, n, "Cache-Control", h->cache_control, sizeof(h->cache_control));
    return n;
}

/* One signed HEAD or PUT of bucket/key for s3_head_object and s3_put_object. */
static int
s3_object_call(const char *method, const char *bucket, const char *key, str_t data,
               const aws_header_t *headers, size_t nheaders, s3_head_t *head, char *err,
               size_t errlen)
{
    int rc;
    target_t t;
    buf_t answer, what;
    long status = 0;

    if (target_init(&t, bucket, key, err, errlen) != 0)
        return -1;
    buf_init(&answer);
    buf_init(&what);
    buf_printf(&what, "S3 %s %s/%s", method, bucket, key);
    aws_call_t call = s3_call_base(&t, buf_cstr(&what), method, &answer);
    call.headers = headers;
    call.nheaders = nheaders;
    call.body = data;
    call.header = head != NULL ? head_header : NULL;
    call.header_data = head;
    if (what.failed) {
        snprintf(err, errlen, "S3 %s %s: out of memory", method, key);
        rc = -1;
    } else if (aws_signed_call(&call, &status, err, errlen) != 0) {
        rc = -1;
    } else if (status == 200 || (status == 206 && head == NULL)) {
        rc = 0;
    } else if (status == 404 && head != NULL) {
        rc = STORAGE_MISSING;
    } else if (head != NULL) {
        /* HeadObject's errors have no body: a GET of one byte of the same
         * key names the code (SignatureDoesNotMatch, AccessDenied ...). */
        aws_header_t range = {"Range", "bytes=0-0"};
        char why[512];
        if (s3_object_call("GET", bucket, key, STR_NULL, &range, 1, NULL, why, sizeof(why)) == 0)
            snprintf(why, sizeof(why), "a GET of it was answered");
        snprintf(err, errlen, "%s: HTTP %ld (%s)", call.what, status, why);
        rc = -1;
    } else {
        say_refused(call.what, status, &answer, err, errlen);
        rc = -1;
    }
    target_free(&t);
    buf_free(&answer);
    buf_free(&what);
    return rc;
}

int
s3_head_object(const char *bucket, const char *key, s3_head_t *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    return s3_object_call("HEAD", bucket, key, STR_NULL, NULL, 0, out, err, errlen);
}

int
s3_put_object(const char *bucket, const char *key, str_t data, const char *content_type,
              const char *cache_control, const char *content_md5, char *err, size_t errlen)
{
    aws_header_t headers[] = {{"Content-Type", content_type},
                              {"Cache-Control", cache_control},
                              {"Content-MD5", content_md5}};
    return s3_object_call("PUT", bucket, key, data, headers, 3, NULL, err, errlen);
}
