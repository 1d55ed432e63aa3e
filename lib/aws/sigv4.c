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

/* Both flavours: presign (expires > 0) puts the X-Amz-* values in the
 * query, header signing puts them in headers. */
static int
sign(const aws_request_t *req, const aws_creds_t *creds, const sigv4_params_t *params, long expires,
     sigv4_out_t *out)
{
    int rc = -1;
    bool presign = expires > 0;
    const char *token =
        creds && creds->session_token && creds->session_token[0] ? creds->session_token : NULL;
    const char *query = req && req->query ? req->query : "";
    char date[9], expires_s[24], hash[65];
    size_t nparams = EXTRA_PARAMS + 1, np = 0, nh = 0;
    pair_t *params_v = NULL, *hdrs = NULL;
    buf_t store, scope, credential, signed_list, hstore, canon_headers;
    struct tm tm;

    buf_init(&canon_headers);
    buf_init(&store);
    buf_init(&scope);
    buf_init(&credential);
    buf_init(&signed_list);
    buf_init(&hstore);
    if (out == NULL)
        goto fail;
    sigv4_out_free(out);
    if (!args_ok(req, creds, params) || gmtime_r(&params->now, &tm) == NULL ||
        strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm) == 0)
        goto fail;
    memcpy(date, out->amz_date, 8);
    date[8] = '\0';
    snprintf(expires_s, sizeof(expires_s), "%ld", expires);
    if (sigv4_sha256_hex(req->body ? req->body : "", req->body_len, out->payload_hash) != 0)
        goto fail;
    buf_printf(&scope, "%s/%s/%s/aws4_request", date, params->region, params->service);
    buf_printf(&credential, "%s/%s", creds->access_key, buf_cstr(&scope));

    /* Headers: the request's, plus the signer's own when header signing. */
    hdrs = calloc(req->nheaders + 3, sizeof(*hdrs));
    if (hdrs == NULL)
        goto fail;
    for (size_t i = 0; i < req->nheaders; i++, nh++)
        header_add(&hdrs[nh], &hstore, req->headers[i].name, req->headers[i].value, nh);
    if (!presign) {
        header_add(&hdrs[nh], &hstore, "x-amz-date", out->amz_date, nh);
        nh++;
        if (params->sign_body) {
            header_add(&hdrs[nh], &hstore, "x-amz-content-sha256", out->payload_hash, nh);
            nh++;
        }
        if (token != NULL && !params->omit_session_token) {
            header_add(&hdrs[nh], &hstore, "x-amz-security-token", token, nh);
            nh++;
        }
    }
    if (hstore.failed)
        goto fail;
    pairs_resolve(hdrs, nh, &hstore);
    qsort(hdrs, nh, sizeof(*hdrs), header_cmp);
    buf_puts(&out->canonical_request, req->method);
    buf_putc(&out->canonical_request, '\n');
    canonical_path(&out->canonical_request, req->path, params->normalize_path);
    buf_putc(&out->canonical_request, '\n');
    /* Presigning puts the signed header list in the query, which comes
     * before the headers: build them on the side first. */
    canonical_headers(&canon_headers, &signed_list, hdrs, nh);

    /* Query parameters. */
    for (const char *c = query; *c; c++)
        nparams += *c == '&';
    params_v = calloc(nparams, sizeof(*params_v));
    if (params_v == NULL)
        goto fail;
    for (const char *p = query; *p;) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0)
            query_add_raw(&params_v[np++], &store, p, len);
        p += len + (amp != NULL);
    }
    if (presign) {
        query_add(&params_v[np++], &store, "X-Amz-Algorithm", algorithm);
        query_add(&params_v[np++], &store, "X-Amz-Credential", buf_cstr(&credential));
        query_add(&params_v[np++], &store, "X-Amz-Date", out->amz_date);
        query_add(&params_v[np++], &store, "X-Amz-Expires", expires_s);
        if (token != NULL && !params->omit_session_token)
            query_add(&params_v[np++], &store, "X-Amz-Security-Token", token);
        query_add(&params_v[np++], &store, "X-Amz-SignedHeaders", buf_cstr(&signed_list));
    }
    if (store.failed || signed_list.failed || credential.failed || canon_headers.failed)
        goto fail;
    pairs_resolve(params_v, np, &store);
    qsort(params_v, np, sizeof(*params_v), param_cmp);
    for (size_t i = 0; i < np; i++) {
        if (i > 0)
            buf_putc(&out->canonical_request, '&');
        buf_str(&out->canonical_request, params_v[i].name);
        buf_putc(&out->canonical_request, '=');
        buf_str(&out->canonical_request, params_v[i].value);
    }
    buf_putc(&out->canonical_request, '\n');
    buf_append(&out->canonical_request, canon_headers.data, canon_headers.len);
    buf_putc(&out->canonical_request, '\n');
    buf_append(&out->canonical_request, signed_list.data, signed_list.len);
    buf_putc(&out->canonical_request, '\n');
    buf_puts(&out->canonical_request,
             presign && params->unsigned_payload ? "UNSIGNED-PAYLOAD" : out->payload_hash);
    if (out->canonical_request.failed ||
        sigv4_sha256_hex(out->canonical_request.data, out->canonical_request.len, hash) != 0)
        goto fail;

    buf_printf(&out->string_to_sign, "%s\n%s\n%s\n%s", algorithm, out->amz_date, buf_cstr(&scope),
               hash);
    if (scope.failed || out->string_to_sign.failed ||
        !sign_string(creds->secret_key, date, params, &out->string_to_sign, out->signature))
        goto fail;

    if (presign) {
        buf_t *q = &out->query;
        buf_puts(q, query);
        buf_printf(q, "%sX-Amz-Algorithm=%s&X-Amz-Credential=", query[0] ? "&" : "", algorithm);
        sigv4_uri_encode(q, credential.data, credential.len, false);
        buf_printf(q, "&X-Amz-Date=%s&X-Amz-SignedHeaders=", out->amz_date);
        sigv4_uri_encode(q, signed_list.data, signed_list.len, false);
        buf_printf(q, "&X-Amz-Expires=%s", expires_s);
        if (token != NULL) {
            buf_puts(q, "&X-Amz-Security-Token=");
            sigv4_uri_encode(q, token, strlen(token), false);
        }
        buf_printf(q, "&X-Amz-Signature=%s", out->signature);
        if (q->failed)
            goto fail;
    } else {
        buf_printf(&out->authorization, "%s Credential=%s, SignedHeaders=%s, Signature=%s",
                   algorithm, buf_cstr(&credential), buf_cstr(&signed_list), out->signature);
        if (out->authorization.failed)
            goto fail;
        out->add[out->nadd++] = (aws_header_t){"X-Amz-Date", out->amz_date};
        if (params->sign_body)
            out->add[out->nadd++] = (aws_header_t){"x-amz-content-sha256", out->payload_hash};
        if (token != NULL)
            out->add[out->nadd++] = (aws_header_t){"X-Amz-Security-Token", token};
        out->add[out->nadd++] = (aws_header_t){"Authorization", buf_cstr(&out->authorization)};
    }
    rc = 0;

fail:
    if (rc != 0 && out != NULL)
        sigv4_out_free(out);
    free(params_v);
    free(hdrs);
    buf_free(&store);
    buf_free(&scope);
    buf_free(&credential);
    buf_free(&signed_list);
    buf_free(&hstore);
    buf_free(&canon_headers);
    return rc;
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
