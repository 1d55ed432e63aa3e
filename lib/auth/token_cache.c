#include <stdint.h>
#include <string.h>

#include "auth/token.h"

enum { MEMO_SLOTS = 128, MEMO_TOKEN_MAX = 1024 };

typedef struct {
    size_t len; /* 0: empty */
    char token[MEMO_TOKEN_MAX];
    token_type_t type;
    token_claims_t claims;
} memo_t;

static memo_t memo[MEMO_SLOTS];

static uint64_t
fnv1a(str_t s)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 1099511628211ULL;
    return h;
}

token_rc_t
token_verify_cached(str_t token, token_type_t want, time_t now, const char *key, size_t keylen,
                    token_claims_t *claims)
{
    if (token.len == 0 || token.len > MEMO_TOKEN_MAX)
        return token_verify(token, want, now, key, keylen, claims);
    memo_t *m = &memo[fnv1a(token) % MEMO_SLOTS];
    if (m->len == token.len && m->type == want && memcmp(m->token, token.p, token.len) == 0) {
        if (m->claims.exp <= (long long)now) {
            m->len = 0;
            memset(claims, 0, sizeof(*claims));
            return TOKEN_EXPIRED;
        }
        *claims = m->claims;
        return TOKEN_OK;
    }
    token_rc_t rc = token_verify(token, want, now, key, keylen, claims);
    if (rc == TOKEN_OK) {
        memcpy(m->token, token.p, token.len);
        m->len = token.len;
        m->type = want;
        m->claims = *claims;
    }
    return rc;
}
