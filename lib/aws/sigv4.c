/* SigV4 as the AWS test suite (awslabs/aws-c-auth, v4) and botocore do it.
 * Every intermediate string is built in a buf_t owned by one call and freed
 * at its single exit; the caller's sigv4_out_t owns what it returns. */
#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_EXPIRES = 604800, /* seven days, the longest AWS accepts */
    SHA256_LEN = 32,
    EXTRA_PARAMS = 6 /* X-Amz-* parameters query signing adds */
};

static const char algorithm[] = "AWS4-HMAC-SHA256";

void
sigv4_out_init(sigv4_out_t *out)
{
    memset(out, 0, sizeof(*out));
    buf_init(&out->authorization);
    buf_init(&out->query);
    buf_init(&out->canonical_request);
    buf_init(&out->string_to_sign);
}

void
sigv4_out_free(sigv4_out_t *out)
{
    buf_free(&out->authorization);
    buf_free(&out->query);
    buf_free(&out->canonical_request);
    buf_free(&out->string_to_sign);
    sigv4_out_init(out);
}

static void
hex_encode(const unsigned char *p, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[p[i] >> 4];
        hex[2 * i + 1] = digits[p[i] & 15];
    }
    hex[2 * n] = '\0';
}

int
sigv4_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    hex[0] = '\0';
    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != SHA256_LEN)
        return -1;
    hex_encode(md, mdlen, hex);
    return 0;
}

static bool
hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
            unsigned char out[SHA256_LEN])
{
    unsigned int outlen = 0;

    if (keylen > INT32_MAX)
        return false;
    return HMAC(EVP_sha256(), key, (int)keylen, data, len, out, &outlen) != NULL &&
           outlen == SHA256_LEN;
}

static bool
is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static void
encode_byte(buf_t *b, unsigned char c)
{
    static const char digits[] = "0123456789ABCDEF";
    char e[3] = {'%', digits[c >> 4], digits[c & 15]};

    if (is_unreserved(c))
        buf_putc(b, (char)c);
    else
        buf_append(b, e, sizeof(e));
}

void
sigv4_uri_encode(buf_t *b, const char *s, size_t len, bool keep_slash)
{
    for (size_t i = 0; i < len; i++) {
        if (keep_slash && s[i] == '/')
            buf_putc(b, '/');
        else
            encode_byte(b, (unsigned char)s[i]);
    }
}

/* Percent-decodes s (a '%' not followed by two hex digits stays itself) and
 * encodes the result again, so "%e1%88%b4", "\xe1\x88\xb4" and
 * "%E1%88%B4" all come out as "%E1%88%B4". '+' is not a space here. */
static void
recode(buf_t *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%' && i + 2 < len && str_hex_digit((unsigned char)s[i + 1]) >= 0 &&
            str_hex_digit((unsigned char)s[i + 2]) >= 0) {
            c = (unsigned char)(str_hex_digit((unsigned char)s[i + 1]) * 16 +
                                str_hex_digit((unsigned char)s[i + 2]));
            i += 2;
        }
        encode_byte(b, c);
    }
}

/* The canonical URI. Normalizing drops empty and "." segments and lets
 * ".." remove the segment before it (RFC 3986 5.2.4 plus AWS's collapsing
 * of "//"); a trailing '/' survives unless nothing else does. */
static void
canonical_path(buf_t *b, const char *path, bool normalize)
{
    size_t len = strlen(path), nseg = 0, cap = 1;
    str_t *segs;
    const char *p = path, *end = path + len;

    if (len == 0) {
        buf_putc(b, '/');
        return;
    }
    if (!normalize) {
        if (path[0] != '/')
            buf_putc(b, '/');
        sigv4_uri_encode(b, path, len, true);
        return;
    }
    for (size_t i = 0; i < len; i++)
        cap += path[i] == '/';
    segs = malloc(cap * sizeof(*segs));
    if (segs == NULL) {
        b->failed = true;
        return;
    }
    for (;;) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        size_t n = (size_t)((slash ? slash : end) - p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (nseg > 0)
                nseg--;
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            segs[nseg++] = (str_t){p, n};
        }
        if (slash == NULL)
            break;
        p = slash + 1;
    }
    buf_putc(b, '/');
    for (size_t i = 0; i < nseg; i++) {
        if (i > 0)
            buf_putc(b, '/');
        sigv4_uri_encode(b, segs[i].p, segs[i].len, false);
    }
    if (nseg > 0 && path[len - 1] == '/')
        buf_putc(b, '/');
    free(segs);
}

/* A name/value pair kept as offsets into a growing buffer, turned into
 * pointers once the buffer stops moving. */
typedef struct {
    size_t name_off, name_len, value_off, value_len, index;
    str_t name, value;
} pair_t;

static int
str_cmp(str_t a, str_t b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.p, b.p, n) : 0;

    if (c != 0)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

/* Query parameters sort by name, then value. */
static int
param_cmp(const void *x, const void *y)
{
    const pair_t *a = x, *b = y;
    int c = str_cmp(a->name, b->name);

    return c ? c : str_cmp(a->value, b->value);
}

/* Headers sort by name and keep their order within a name (the values
 * of a repeated header are joined in the order they were sent). */
static int
header_cmp(const void *x, const void *y)
{
    const pair_t *a = x, *b = y;
    int c = str_cmp(a->name, b->name);

    if (c != 0)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void
pairs_resolve(pair_t *pairs, size_t n, const buf_t *store)
{
    for (size_t i = 0; i < n; i++) {
        pairs[i].name = (str_t){store->data + pairs[i].name_off, pairs[i].name_len};
        pairs[i].value = (str_t){store->data + pairs[i].value_off, pairs[i].value_len};
    }
}

/* Adds one parameter of the raw query (decoded, then encoded). */
static void
query_add_raw(pair_t *p, buf_t *store, const char *s, size_t len)
{
    const char *eq = memchr(s, '=', len);
    size_t nlen = eq ? (size_t)(eq - s) : len;

    p->name_off = store->len;
    recode(store, s, nlen);
    p->name_len = store->len - p->name_off;
    p->value_off = store->len;
    if (eq != NULL)
        recode(store, eq + 1, len - nlen - 1);
    p->value_len = store->len - p->value_off;
}

/* Adds one of the signer's own parameters; value is encoded here. */
static void
query_add(pair_t *p, buf_t *store, const char *name, const char *value)
{
    p->name_off = store->len;
    buf_puts(store, name);
    p->name_len = store->len - p->name_off;
    p->value_off = store->len;
    sigv4_uri_encode(store, value, strlen(value), false);
    p->value_len = store->len - p->value_off;
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Appends value trimmed, each run of whitespace inside (a folded line
 * break included) replaced by one space. */
static void
header_value(buf_t *b, const char *v)
{
    bool pending = false, any = false;

    for (; *v; v++) {
        if (is_space(*v)) {
            pending = any;
            continue;
        }
        if (pending)
            buf_putc(b, ' ');
        buf_putc(b, *v);
        pending = false;
        any = true;
    }
}

static bool
header_name_ok(const char *name)
{
    if (name == NULL || name[0] == '\0')
        return false;
    for (const char *c = name; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == ':' || *c == 0x7F)
            return false;
    return true;
}

static void
header_add(pair_t *p, buf_t *store, const char *name, const char *value, size_t index)
{
    p->index = index;
    p->name_off = store->len;
    for (const char *c = name; *c; c++)
        buf_putc(store, (char)(*c >= 'A' && *c <= 'Z' ? *c + ('a' - 'A') : *c));
    p->name_len = store->len - p->name_off;
    p->value_off = store->len;
    header_value(store, value);
    p->value_len = store->len - p->value_off;
}

/* "name:v1,v2\n" per distinct name into canon, "name;name" into signed_list. */
static void
canonical_headers(buf_t *canon, buf_t *signed_list, const pair_t *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && str_eq(h[i].name, h[i - 1].name)) {
            buf_putc(canon, ',');
            buf_str(canon, h[i].value);
            continue;
        }
        if (i > 0) {
            buf_putc(canon, '\n');
            buf_putc(signed_list, ';');
        }
        buf_str(canon, h[i].name);
        buf_putc(canon, ':');
        buf_str(canon, h[i].value);
        buf_str(signed_list, h[i].name);
    }
    buf_putc(canon, '\n');
}

static bool
args_ok(const aws_request_t *req, const aws_creds_t *creds, const sigv4_params_t *params)
{
    if (req == NULL || creds == NULL || params == NULL || req->method == NULL ||
        req->method[0] == '\0' || req->path == NULL || (req->body == NULL && req->body_len) ||
        (req->headers == NULL && req->nheaders) || creds->access_key == NULL ||
        creds->access_key[0] == '\0' || creds->secret_key == NULL || creds->secret_key[0] == '\0' ||
        params->region == NULL || params->region[0] == '\0' || params->service == NULL ||
        params->service[0] == '\0')
        return false;
    for (size_t i = 0; i < req->nheaders; i++)
        if (!header_name_ok(req->headers[i].name) || req->headers[i].value == NULL)
            return false;
    return true;
}

/* The HMAC chain of the signing key, then the signature of sts. */
static bool
sign_string(const char *secret, const char *date, const sigv4_params_t *params, const buf_t *sts,
            char signature[65])
{
    unsigned char k[SHA256_LEN], sig[SHA256_LEN];
    buf_t key;
    bool good;

    buf_init(&key);
    buf_printf(&key, "AWS4%s", secret);
    good = !key.failed && hmac_sha256(key.data, key.len, date, strlen(date), k) &&
           hmac_sha256(k, sizeof(k), params->region, strlen(params->region), k) &&
           hmac_sha256(k, sizeof(k), params->service, strlen(params->service), k) &&
           hmac_sha256(k, sizeof(k), "aws4_request", strlen("aws4_request"), k) &&
           hmac_sha256(k, sizeof(k), sts->data, sts->len, sig);
    if (good)
        hex_encode(sig, sizeof(sig), signature);
    OPENSSL_cleanse(k, sizeof(k));
    if (key.data != NULL)
        OPENSSL_cleanse(key.data, key.len);
    buf_free(&key);
    return good;
}

/* One signing in progress: the arguments, and what its steps build for
 * the later ones. Every buffer and array is freed by signing_free. */
typedef struct {
    const aws_request_t *req;
    const aws_creds_t *creds;
    const sigv4_params_t *params;
    bool presign;        /* the X-Amz-* values go in the query, not headers */
    const char *token;   /* the session token, or NULL */
    const char *query;   /* req's raw query, "" when none */
    char date[9];        /* "20150830" */
    char expires_s[24];  /* presign: the lifetime in seconds */
    buf_t scope;         /* "date/region/service/aws4_request" */
    buf_t credential;    /* "access_key/scope" */
    buf_t canon_headers; /* "name:value\n" per signed header */
    buf_t signed_list;   /* "host;x-amz-date" */
    pair_t *hdrs, *qparams;
    buf_t hstore, qstore; /* what hdrs and qparams point into */
} signing_t;

static void
signing_init(signing_t *s, const aws_request_t *req, const aws_creds_t *creds,
             const sigv4_params_t *params, long expires)
{
    memset(s, 0, sizeof(*s));
    s->req = req;
    s->creds = creds;
    s->params = params;
    s->presign = expires > 0;
    s->token =
        creds && creds->session_token && creds->session_token[0] ? creds->session_token : NULL;
    s->query = req && req->query ? req->query : "";
    snprintf(s->expires_s, sizeof(s->expires_s), "%ld", expires);
    buf_init(&s->scope);
    buf_init(&s->credential);
    buf_init(&s->canon_headers);
    buf_init(&s->signed_list);
    buf_init(&s->hstore);
    buf_init(&s->qstore);
}

static void
signing_free(signing_t *s)
{
    free(s->hdrs);
    free(s->qparams);
    buf_free(&s->scope);
    buf_free(&s->credential);
    buf_free(&s->canon_headers);
    buf_free(&s->signed_list);
    buf_free(&s->hstore);
    buf_free(&s->qstore);
}

/* The date, the payload hash, the scope and the credential. */
static bool
signing_start(signing_t *s, sigv4_out_t *out)
{
    struct tm tm;

    if (!args_ok(s->req, s->creds, s->params) || gmtime_r(&s->params->now, &tm) == NULL ||
        strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm) == 0)
        return false;
    memcpy(s->date, out->amz_date, 8);
    s->date[8] = '\0';
    if (sigv4_sha256_hex(s->req->body ? s->req->body : "", s->req->body_len, out->payload_hash) !=
        0)
        return false;
    buf_printf(&s->scope, "%s/%s/%s/aws4_request", s->date, s->params->region, s->params->service);
    buf_printf(&s->credential, "%s/%s", s->creds->access_key, buf_cstr(&s->scope));
    return !s->scope.failed && !s->credential.failed;
}

/* The signed headers, sorted: the request's, plus the signer's own when
 * header signing; into canon_headers and signed_list. Presigning puts the
 * signed list in the query, which comes before the headers in the
 * canonical request: hence on the side. */
static bool
signing_headers(signing_t *s, const sigv4_out_t *out)
{
    const aws_request_t *req = s->req;
    size_t nh = 0;

    s->hdrs = calloc(req->nheaders + 3, sizeof(*s->hdrs));
    if (s->hdrs == NULL)
        return false;
    for (size_t i = 0; i < req->nheaders; i++, nh++)
        header_add(&s->hdrs[nh], &s->hstore, req->headers[i].name, req->headers[i].value, nh);
    if (!s->presign) {
        header_add(&s->hdrs[nh], &s->hstore, "x-amz-date", out->amz_date, nh);
        nh++;
        if (s->params->sign_body) {
            header_add(&s->hdrs[nh], &s->hstore, "x-amz-content-sha256", out->payload_hash, nh);
            nh++;
        }
        if (s->token != NULL && !s->params->omit_session_token) {
            header_add(&s->hdrs[nh], &s->hstore, "x-amz-security-token", s->token, nh);
            nh++;
        }
    }
    if (s->hstore.failed)
        return false;
    pairs_resolve(s->hdrs, nh, &s->hstore);
    qsort(s->hdrs, nh, sizeof(*s->hdrs), header_cmp);
    canonical_headers(&s->canon_headers, &s->signed_list, s->hdrs, nh);
    return !s->canon_headers.failed && !s->signed_list.failed;
}

/* The canonical query: the request's parameters, plus the X-Amz-* ones
 * when presigning, sorted and appended to b. */
static bool
signing_query(signing_t *s, const sigv4_out_t *out, buf_t *b)
{
    size_t nparams = EXTRA_PARAMS + 1, np = 0;
    pair_t *q;

    for (const char *c = s->query; *c; c++)
        nparams += *c == '&';
    q = s->qparams = calloc(nparams, sizeof(*q));
    if (q == NULL)
        return false;
    for (const char *p = s->query; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0)
            query_add_raw(&q[np++], &s->qstore, p, len);
        p += len + (amp != NULL);
    }
    if (s->presign) {
        query_add(&q[np++], &s->qstore, "X-Amz-Algorithm", algorithm);
        query_add(&q[np++], &s->qstore, "X-Amz-Credential", buf_cstr(&s->credential));
        query_add(&q[np++], &s->qstore, "X-Amz-Date", out->amz_date);
        query_add(&q[np++], &s->qstore, "X-Amz-Expires", s->expires_s);
        if (s->token != NULL && !s->params->omit_session_token)
            query_add(&q[np++], &s->qstore, "X-Amz-Security-Token", s->token);
        query_add(&q[np++], &s->qstore, "X-Amz-SignedHeaders", buf_cstr(&s->signed_list));
    }
    if (s->qstore.failed || s->credential.failed)
        return false;
    pairs_resolve(q, np, &s->qstore);
    qsort(q, np, sizeof(*q), param_cmp);
    for (size_t i = 0; i < np; i++) {
        if (i > 0)
            buf_putc(b, '&');
        buf_str(b, q[i].name);
        buf_putc(b, '=');
        buf_str(b, q[i].value);
    }
    return true;
}

/* The canonical request, its hash in the string to sign, and the
 * signature; each kept in out. */
static bool
signing_sign(signing_t *s, sigv4_out_t *out)
{
    buf_t *cr = &out->canonical_request;
    char hash[65];

    buf_puts(cr, s->req->method);
    buf_putc(cr, '\n');
    canonical_path(cr, s->req->path, s->params->normalize_path);
    buf_putc(cr, '\n');
    if (!signing_headers(s, out) || !signing_query(s, out, cr))
        return false;
    buf_putc(cr, '\n');
    buf_append(cr, s->canon_headers.data, s->canon_headers.len);
    buf_putc(cr, '\n');
    buf_append(cr, s->signed_list.data, s->signed_list.len);
    buf_putc(cr, '\n');
    buf_puts(cr,
             s->presign && s->params->unsigned_payload ? "UNSIGNED-PAYLOAD" : out->payload_hash);
    if (cr->failed || sigv4_sha256_hex(cr->data, cr->len, hash) != 0)
        return false;
    buf_printf(&out->string_to_sign, "%s\n%s\n%s\n%s", algorithm, out->amz_date,
               buf_cstr(&s->scope), hash);
    return !s->scope.failed && !out->string_to_sign.failed &&
           sign_string(s->creds->secret_key, s->date, s->params, &out->string_to_sign,
                       out->signature);
}

/* Presigning's answer: the query to send, signature last. */
static bool
signing_presigned_query(const signing_t *s, sigv4_out_t *out)
{
    buf_t *q = &out->query;

    buf_puts(q, s->query);
    buf_printf(q, "%sX-Amz-Algorithm=%s&X-Amz-Credential=", s->query[0] ? "&" : "", algorithm);
    sigv4_uri_encode(q, s->credential.data, s->credential.len, false);
    buf_printf(q, "&X-Amz-Date=%s&X-Amz-SignedHeaders=", out->amz_date);
    sigv4_uri_encode(q, s->signed_list.data, s->signed_list.len, false);
    buf_printf(q, "&X-Amz-Expires=%s", s->expires_s);
    if (s->token != NULL) {
        buf_puts(q, "&X-Amz-Security-Token=");
        sigv4_uri_encode(q, s->token, strlen(s->token), false);
    }
    buf_printf(q, "&X-Amz-Signature=%s", out->signature);
    return !q->failed;
}

/* Header signing's answer: Authorization and the headers to send with it. */
static bool
signing_headers_to_add(signing_t *s, sigv4_out_t *out)
{
    buf_printf(&out->authorization, "%s Credential=%s, SignedHeaders=%s, Signature=%s", algorithm,
               buf_cstr(&s->credential), buf_cstr(&s->signed_list), out->signature);
    if (out->authorization.failed)
        return false;
    out->add[out->nadd++] = (aws_header_t){"X-Amz-Date", out->amz_date};
    if (s->params->sign_body)
        out->add[out->nadd++] = (aws_header_t){"x-amz-content-sha256", out->payload_hash};
    if (s->token != NULL)
        out->add[out->nadd++] = (aws_header_t){"X-Amz-Security-Token", s->token};
    out->add[out->nadd++] = (aws_header_t){"Authorization", buf_cstr(&out->authorization)};
    return true;
}

/* Both flavours: presign (expires > 0) puts the X-Amz-* values in the
 * query, header signing puts them in headers. */
static int
sign(const aws_request_t *req, const aws_creds_t *creds, const sigv4_params_t *params, long expires,
     sigv4_out_t *out)
{
    signing_t s;
    bool good;

    if (out == NULL)
        return -1;
    sigv4_out_free(out);
    signing_init(&s, req, creds, params, expires);
    good = signing_start(&s, out) && signing_sign(&s, out) &&
           (s.presign ? signing_presigned_query(&s, out) : signing_headers_to_add(&s, out));
    signing_free(&s);
    if (!good)
        sigv4_out_free(out);
    return good ? 0 : -1;
}

int
sigv4_sign_headers(const aws_request_t *req, const aws_creds_t *creds, const sigv4_params_t *params,
                   sigv4_out_t *out)
{
    return sign(req, creds, params, 0, out);
}

int
sigv4_presign_query(const aws_request_t *req, const aws_creds_t *creds,
                    const sigv4_params_t *params, long expires, sigv4_out_t *out)
{
    if (expires < 1 || expires > MAX_EXPIRES) {
        if (out != NULL)
            sigv4_out_free(out);
        return -1;
    }
    return sign(req, creds, params, expires, out);
}
