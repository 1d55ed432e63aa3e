/* Runs lib/aws/sigv4 over every case of the AWS SigV4 test suite
 * (awslabs/aws-c-auth tests/aws-signing-test-suite/v4): one folder a case
 * with request.txt, context.json and the expected canonical request,
 * string to sign, signature and signed request, for header signing and
 * for query (presigned) signing.
 *
 *     sigv4_test [SUITE_DIR]
 *
 * SUITE_DIR defaults to $AWS_SIGV4_SUITE, then to the repository's copy,
 * $srcdir/t/data/aws-sigv4-testsuite ($srcdir defaults to "."). */
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "aws/sigv4.h"
#include "core/buf.h"
#include "tap.h"

enum { MAX_HEADERS = 32, MAX_CASES = 256 };

/* One case of the suite, parsed. Strings point into `raw` (request.txt,
 * cut in place) or into `ctx` (context.json), both freed by case_free(). */
typedef struct {
    buf_t raw;
    json_object *ctx;
    const char *method, *path, *query, *version;
    aws_header_t headers[MAX_HEADERS];
    size_t nheaders;
    const char *body;
    size_t body_len;
    aws_creds_t creds;
    sigv4_params_t params;
    long expires;
} suite_case_t;

static bool
read_file(const char *dir, const char *name, buf_t *out)
{
    char path[4096];
    char chunk[4096];
    size_t n;
    FILE *f;

    buf_reset(out);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL)
        return false;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    fclose(f);
    buf_cstr(out);
    return !out->failed;
}

/* The expected file without the newline an editor may have left at its end. */
static const char *
expected(const char *dir, const char *name, buf_t *b)
{
    if (!read_file(dir, name, b))
        return NULL;
    while (b->len > 0 && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == '\r'))
        b->data[--b->len] = '\0';
    return b->data ? b->data : "";
}

static const char *
ctx_str(json_object *o, const char *key)
{
    json_object *v;

    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static bool
ctx_bool(json_object *o, const char *key, bool dflt)
{
    json_object *v;

    if (!json_object_object_get_ex(o, key, &v))
        return dflt;
    return json_object_get_boolean(v);
}

static bool
parse_timestamp(const char *s, time_t *out)
{
    struct tm tm;
    char *end;

    memset(&tm, 0, sizeof(tm));
    if (s == NULL || (end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL || strcmp(end, "Z"))
        return false;
    *out = timegm(&tm);
    return true;
}

/* Splits request.txt in place: request line (the target may hold spaces,
 * as in "GET /example space/ HTTP/1.1"), headers with obs-fold
 * continuation lines joined to their header by '\n', blank line, body. */
static bool
parse_request(suite_case_t *c)
{
    char *p = c->raw.data, *end = c->raw.data + c->raw.len, *line_end, *sp;

    line_end = strchr(p, '\n');
    if (line_end == NULL)
        return false;
    *line_end = '\0';
    if (line_end > p && line_end[-1] == '\r')
        line_end[-1] = '\0';
    if ((sp = strchr(p, ' ')) == NULL)
        return false;
    *sp = '\0';
    c->method = p;
    c->path = sp + 1;
    if ((sp = strrchr(c->path, ' ')) == NULL)
        return false;
    *sp = '\0';
    c->version = sp + 1;
    if ((sp = strchr(c->path, '?')) != NULL) {
        *sp = '\0';
        c->query = sp + 1;
    } else {
        c->query = "";
    }

    for (p = line_end + 1; p < end;) {
        char *colon;
        line_end = strchr(p, '\n');
        if (line_end == NULL)
            line_end = end;
        *line_end = '\0';
        if (line_end > p && line_end[-1] == '\r')
            line_end[-1] = '\0';
        if (*p == '\0') { /* blank line: the body follows */
            p = line_end + 1;
            break;
        }
        if (*p == ' ' || *p == '\t') {
            if (c->nheaders == 0)
                return false;
            p[-1] = '\n'; /* the line break folded into the previous value */
            p = line_end + 1;
            continue;
        }
        if ((colon = strchr(p, ':')) == NULL || c->nheaders == MAX_HEADERS)
            return false;
        *colon = '\0';
        c->headers[c->nheaders++] = (aws_header_t){p, colon + 1};
        p = line_end + 1;
    }
    c->body = p < end ? p : "";
    c->body_len = p < end ? (size_t)(end - p) : 0;
    return true;
}

static bool
case_load(const char *dir, suite_case_t *c)
{
    char path[4096];
    json_object *creds, *exp;

    memset(c, 0, sizeof(*c));
    buf_init(&c->raw);
    if (!read_file(dir, "request.txt", &c->raw) || c->raw.len == 0 || !parse_request(c))
        return false;
    if ((size_t)snprintf(path, sizeof(path), "%s/context.json", dir) >= sizeof(path))
        return false;
    c->ctx = json_object_from_file(path);
    if (c->ctx == NULL || !json_object_object_get_ex(c->ctx, "credentials", &creds))
        return false;
    c->creds.access_key = ctx_str(creds, "access_key_id");
    c->creds.secret_key = ctx_str(creds, "secret_access_key");
    c->creds.session_token = ctx_str(creds, "token");
    c->params.region = ctx_str(c->ctx, "region");
    c->params.service = ctx_str(c->ctx, "service");
    c->params.normalize_path = ctx_bool(c->ctx, "normalize", true);
    c->params.sign_body = ctx_bool(c->ctx, "sign_body", false);
    c->params.omit_session_token = ctx_bool(c->ctx, "omit_session_token", false);
    c->expires = 0;
    if (json_object_object_get_ex(c->ctx, "expiration_in_seconds", &exp))
        c->expires = (long)json_object_get_int64(exp);
    return c->creds.access_key && c->creds.secret_key && c->params.region && c->params.service &&
           parse_timestamp(ctx_str(c->ctx, "timestamp"), &c->params.now);
}

static void
case_free(suite_case_t *c)
{
    buf_free(&c->raw);
    json_object_put(c->ctx);
}

static aws_request_t
case_request(const suite_case_t *c)
{
    return (aws_request_t){c->method,   c->path, c->query,   c->headers,
                           c->nheaders, c->body, c->body_len};
}

static void
skip(const char *name, const char *reason)
{
    printf("ok %d - %s # SKIP %s\n", ++tap_run, name, reason);
}

static str_t
bstr(const buf_t *b)
{
    return (str_t){b->data ? b->data : "", b->len};
}

/* The value of header `name` among the "Name:value" lines of a signed
 * request, or NULL. */
static const char *
signed_header(char *signed_req, const char *name, char *value, size_t len)
{
    size_t n = strlen(name);

    for (char *line = strchr(signed_req, '\n'); line != NULL; line = strchr(line, '\n')) {
        line++;
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            size_t vlen = strcspn(line + n + 1, "\r\n");
            if (vlen >= len)
                return NULL;
            memcpy(value, line + n + 1, vlen);
            value[vlen] = '\0';
            return value;
        }
        if (*line == '\n' || *line == '\r')
            break;
    }
    return NULL;
}

static void
check_header_signing(const char *dir, const char *name, const suite_case_t *c)
{
    aws_request_t req = case_request(c);
    sigv4_out_t out;
    buf_t want;
    char value[2048];
    int rc;

    buf_init(&want);
    sigv4_out_init(&out);
    rc = sigv4_sign_headers(&req, &c->creds, &c->params, &out);
    if (!is_int(rc, 0, "%s: header signing succeeds", name))
        goto done;
    is_str(bstr(&out.canonical_request), expected(dir, "header-canonical-request.txt", &want),
           "%s: header canonical request", name);
    is_str(bstr(&out.string_to_sign), expected(dir, "header-string-to-sign.txt", &want),
           "%s: header string to sign", name);
    is_str(str_from_cstr(out.signature), expected(dir, "header-signature.txt", &want),
           "%s: header signature", name);
    if (expected(dir, "header-signed-request.txt", &want) == NULL) {
        skip(name, "no header-signed-request.txt");
        goto done;
    }
    /* Every header the signer asks to add is in the signed request, with
     * its value, and nothing else was added. */
    bool all = true;
    for (size_t i = 0; i < out.nadd; i++) {
        const char *v = signed_header(want.data, out.add[i].name, value, sizeof(value));
        if (v == NULL || strcmp(v, out.add[i].value) != 0) {
            all = false;
            printf("#   %s: %s differs or is missing\n", name, out.add[i].name);
        }
    }
    size_t lines = 0;
    for (char *l = strchr(want.data, '\n'); l != NULL && l[1] != '\n' && l[1] != '\0';
         l = strchr(l + 1, '\n'))
        lines++;
    size_t folded = 0;
    for (size_t i = 0; i < c->nheaders; i++)
        for (const char *v = c->headers[i].value; *v; v++)
            folded += *v == '\n';
    ok(all && lines == c->nheaders + folded + out.nadd,
       "%s: signed request headers (Authorization included)", name);

done:
    sigv4_out_free(&out);
    buf_free(&want);
}

static void
check_query_signing(const char *dir, const char *name, const suite_case_t *c)
{
    aws_request_t req = case_request(c);
    sigv4_out_t out;
    buf_t want, line;
    int rc;

    buf_init(&want);
    buf_init(&line);
    sigv4_out_init(&out);
    if (c->expires <= 0) {
        skip(name, "no expiration_in_seconds for query signing");
        goto done;
    }
    rc = sigv4_presign_query(&req, &c->creds, &c->params, c->expires, &out);
    if (!is_int(rc, 0, "%s: query signing succeeds", name))
        goto done;
    is_str(bstr(&out.canonical_request), expected(dir, "query-canonical-request.txt", &want),
           "%s: query canonical request", name);
    is_str(bstr(&out.string_to_sign), expected(dir, "query-string-to-sign.txt", &want),
           "%s: query string to sign", name);
    is_str(str_from_cstr(out.signature), expected(dir, "query-signature.txt", &want),
           "%s: query signature", name);
    if (expected(dir, "query-signed-request.txt", &want) == NULL) {
        skip(name, "no query-signed-request.txt");
        goto done;
    }
    buf_printf(&line, "%s %s?%s %s", c->method, c->path, buf_cstr(&out.query), c->version);
    is_str(bstr(&line), strtok(want.data, "\r\n"), "%s: presigned request line", name);

done:
    sigv4_out_free(&out);
    buf_free(&line);
    buf_free(&want);
}

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_suite(const char *suite)
{
    char *names[MAX_CASES];
    size_t n = 0;
    struct dirent *e;
    DIR *d = opendir(suite);

    if (!ok(d != NULL, "test suite found at %s", suite))
        return;
    while ((e = readdir(d)) != NULL && n < MAX_CASES) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", suite, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), name_cmp);
    ok(n > 0, "the suite has %zu cases", n);
    for (size_t i = 0; i < n; i++) {
        char dir[4096];
        suite_case_t c;
        snprintf(dir, sizeof(dir), "%s/%s", suite, names[i]);
        if (ok(case_load(dir, &c), "%s: request.txt and context.json parsed", names[i])) {
            check_header_signing(dir, names[i], &c);
            check_query_signing(dir, names[i], &c);
        }
        case_free(&c);
        free(names[i]);
    }
}

/* What the suite does not cover: argument checks, presign limits and
 * UNSIGNED-PAYLOAD, path encoding of '%'. */
static void
run_edges(void)
{
    aws_header_t host[] = {{"Host", "examplebucket.s3.amazonaws.com"}};
    aws_creds_t creds = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
    aws_request_t req = {"GET", "/test.txt", "", host, 1, NULL, 0};
    sigv4_params_t p = {"us-east-1", "s3", 1369353600, false, false, false, true};
    sigv4_out_t out;
    buf_t b;

    buf_init(&b);
    sigv4_out_init(&out);
    /* The S3 documentation's presigned URL example (GET /test.txt). */
    is_int(sigv4_presign_query(&req, &creds, &p, 86400, &out), 0, "S3 example presigns");
    is_str(str_from_cstr(out.signature),
           "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
           "S3 example signature (UNSIGNED-PAYLOAD)");
    ok(out.nadd == 0, "query signing adds no headers");
    is_int(sigv4_presign_query(&req, &creds, &p, 0, &out), -1, "expires 0 refused");
    is_int(sigv4_presign_query(&req, &creds, &p, 604801, &out), -1, "expires > 7 days refused");
    ok(out.query.len == 0 && out.signature[0] == '\0', "a refused call leaves nothing behind");

    p.service = "ecs";
    p.normalize_path = true;
    req.path = "/a%20b/./c";
    is_int(sigv4_sign_headers(&req, &creds, &p, &out), 0, "header signing");
    ok(strncmp(out.canonical_request.data, "GET\n/a%2520b/c\n", 15) == 0,
       "non-S3 paths are encoded again, dot segments removed");
    is_int((long)out.nadd, 2, "X-Amz-Date and Authorization to add");
    creds.session_token = "tok/en";
    is_int(sigv4_sign_headers(&req, &creds, &p, &out), 0, "signing with a session token");
    is_int((long)out.nadd, 3, "X-Amz-Security-Token added too");
    is_str(str_from_cstr(out.add[1].value), "tok/en", "token sent as given");

    creds.secret_key = "";
    is_int(sigv4_sign_headers(&req, &creds, &p, &out), -1, "empty secret refused");
    creds.secret_key = "x";
    host[0].name = "Bad Name";
    is_int(sigv4_sign_headers(&req, &creds, &p, &out), -1, "header name with a space refused");
    is_int(sigv4_sign_headers(NULL, &creds, &p, &out), -1, "NULL request refused");

    sigv4_uri_encode(&b, "a b/~%\xe1", 7, true);
    is_str(bstr(&b), "a%20b/~%25%E1", "uri encode keeps / when asked");
    buf_reset(&b);
    sigv4_uri_encode(&b, "a/b", 3, false);
    is_str(bstr(&b), "a%2Fb", "uri encode of a query value");
    sigv4_out_free(&out);
    buf_free(&b);
}

int
main(int argc, char **argv)
{
    const char *suite = argc > 1 ? argv[1] : getenv("AWS_SIGV4_SUITE");
    const char *srcdir = getenv("srcdir");
    char in_repo[2048]; /* half of the case paths' buffers: they add a name to it */

    snprintf(in_repo, sizeof(in_repo), "%s/t/data/aws-sigv4-testsuite", srcdir ? srcdir : ".");
    run_suite(suite && suite[0] ? suite : in_repo);
    run_edges();
    return done_testing();
}
