/* JWTs as djangorestframework-simplejwt makes them: HS256 signed with
 * SECRET_KEY, claims token_type ("access" | "refresh"), exp, iat, jti (32
 * hex chars), user_id (integer). Built on libjwt 1.10. Time is a parameter
 * so tests check expiry at fixed instants. */
#ifndef AUTH_TOKEN_H
#define AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/str.h"

typedef enum { TOKEN_ACCESS, TOKEN_REFRESH } token_type_t;

typedef enum {
    TOKEN_OK = 0,
    TOKEN_MALFORMED,     /* not three base64url parts, bad JSON, too long */
    TOKEN_BAD_ALG,       /* alg other than HS256 (none, RS256, HS512, ...) */
    TOKEN_BAD_SIGNATURE, /* signature does not match SECRET_KEY */
    TOKEN_EXPIRED,       /* exp <= now */
    TOKEN_NOT_YET_VALID, /* nbf or iat in the future (beyond TOKEN_LEEWAY) */
    TOKEN_WRONG_TYPE,    /* token_type is not the one wanted */
    TOKEN_BAD_CLAIMS,    /* exp, jti, user_id or token_type missing or mistyped */
} token_rc_t;

enum {
    TOKEN_MAX_LEN = 4096, /* longer input is TOKEN_MALFORMED without parsing */
    TOKEN_JTI_LEN = 32,
    TOKEN_LEEWAY = 0, /* simplejwt's default LEEWAY */
};

typedef struct {
    token_type_t type;
    long long user_id;
    char jti[TOKEN_JTI_LEN + 1];
    long long exp;
    long long iat;
} token_claims_t;

/* Signs a new token for user_id, valid for lifetime seconds from now, with
 * a random jti. Writes the compact JWT (NUL-terminated) into out and its
 * claims into claims (may be NULL). Returns 0, or -1 when out is too small,
 * the key is empty, or libjwt/OpenSSL fail. */
int token_issue(token_type_t type, long long user_id, time_t now, long lifetime, const char *key,
                size_t keylen, char *out, size_t outlen, token_claims_t *claims);

/* Checks signature (HS256 only, with key), algorithm, type and times at
 * `now`. On TOKEN_OK fills *claims. Never crashes on any input. */
token_rc_t token_verify(str_t token, token_type_t want, time_t now, const char *key, size_t keylen,
                        token_claims_t *claims);

/* token_verify with a small per-process memo of tokens already verified:
 * a client sends the same access token on every request, and checking it
 * again (base64, three JSON parses, HMAC) is most of an authenticated
 * request's cost. A hit needs the whole token byte for byte, so it proves
 * what the first check proved; expiry is checked again at every use. */
token_rc_t token_verify_cached(str_t token, token_type_t want, time_t now, const char *key,
                               size_t keylen, token_claims_t *claims);

/* simplejwt's message for a failed check: "Token is invalid or expired". */
const char *token_message(token_rc_t rc);

/* "access" or "refresh". */
const char *token_type_name(token_type_t type);

#endif
