/* AWS Signature Version 4 (AWS4-HMAC-SHA256), checked against the AWS
 * signing test suite (t/unit/sigv4_test.c). Pure computation: no I/O, no
 * clock (the caller passes `now`), no global state.
 *
 * Header signing:
 *
 *     sigv4_out_t out;
 *     sigv4_out_init(&out);
 *     if (sigv4_sign_headers(&req, &creds, &params, &out) != 0) ... ;
 *     for (size_t i = 0; i < out.nadd; i++)
 *         send out.add[i].name ": " out.add[i].value besides req's headers;
 *     sigv4_out_free(&out);
 *
 * out.add holds X-Amz-Date, then x-amz-content-sha256 (sign_body only),
 * X-Amz-Security-Token (when the credentials carry one) and Authorization.
 * The request's own headers must be sent as given, Host included: the
 * signer signs every header it is handed, so leave out the ones a transport
 * rewrites (Content-Length, User-Agent, Accept ...). */
#ifndef AWS_SIGV4_H
#define AWS_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"

typedef struct {
    const char *access_key;
    const char *secret_key;
    const char *session_token; /* NULL or "" when there is none */
} aws_creds_t;

typedef struct {
    const char *name;
    const char *value;
} aws_header_t;

typedef struct {
    const char *method; /* "GET", "POST" ... */
    /* As on the wire for every service but S3: it is encoded once more for
     * signing, as those services expect ("/a%20b" signs as "/a%2520b").
     * For S3 pass the decoded key path ("/bucket/a b") and send
     * sigv4_uri_encode() of it: S3 signs the singly encoded path. */
    const char *path;
    const char *query;           /* raw, without '?'; NULL or "" when there is none */
    const aws_header_t *headers; /* must include Host */
    size_t nheaders;
    const void *body;
    size_t body_len;
} aws_request_t;

typedef struct {
    const char *region;  /* "us-east-1" */
    const char *service; /* "monitoring", "ecs", "s3" ... */
    time_t now;          /* the signing instant, UTC */
    /* Remove dot segments and empty segments from the path before encoding;
     * true for every service but S3, whose keys may hold "//" and "..". */
    bool normalize_path;
    /* Header signing adds (and signs) x-amz-content-sha256 (S3 wants it). */
    bool sign_body;
    /* Send the session token without signing it (X-Amz-Security-Token is
     * then added after signing; a few services ask for that). */
    bool omit_session_token;
    /* Query signing: sign "UNSIGNED-PAYLOAD" instead of the body's hash,
     * as S3 presigned URLs do. */
    bool unsigned_payload;
} sigv4_params_t;

typedef struct {
    char amz_date[17];       /* "20150830T123600Z" */
    char payload_hash[65];   /* lowercase hex SHA-256 of the body */
    aws_header_t add[4];     /* headers to send besides the request's own */
    size_t nadd;             /* (values point into this struct or creds) */
    buf_t authorization;     /* header signing: the Authorization value */
    buf_t query;             /* query signing: the whole query to send */
    buf_t canonical_request; /* for tests and for debugging a 403 */
    buf_t string_to_sign;
    char signature[65];
} sigv4_out_t;

/* Init once before the first signing; each signing call empties *out
 * first (so one out can serve many calls) and leaves it empty on failure.
 * Free it when done. */
void sigv4_out_init(sigv4_out_t *out);
void sigv4_out_free(sigv4_out_t *out);

/* Signs req for the Authorization header. Returns 0, or -1 when an argument
 * is missing, the time cannot be represented, or memory ran out. */
int sigv4_sign_headers(const aws_request_t *req, const aws_creds_t *creds,
                       const sigv4_params_t *params, sigv4_out_t *out);

/* Presigns req in its query string for `expires` seconds (1..604800):
 * out->query is req->query (as given) followed by the X-Amz-Algorithm,
 * -Credential, -Date, -SignedHeaders, -Expires, [-Security-Token] and
 * -Signature parameters, ready for "path?query". out->add stays empty.
 * Returns 0 or -1 as sigv4_sign_headers(). */
int sigv4_presign_query(const aws_request_t *req, const aws_creds_t *creds,
                        const sigv4_params_t *params, long expires, sigv4_out_t *out);

/* Appends s percent-encoded per RFC 3986: unreserved characters
 * (A-Z a-z 0-9 - . _ ~) kept, '/' kept when keep_slash, everything else
 * as %XX with uppercase hex. */
void sigv4_uri_encode(buf_t *b, const char *s, size_t len, bool keep_slash);

/* Lowercase hex SHA-256 of data into hex[65]; 0, or -1 if OpenSSL failed. */
int sigv4_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
