/* django-graphql-jwt tokens (lib/apps/hn/jwt.c): what hn_jwt_issue signs
 * decodes with its payload; expiry, other keys, other algorithms, forged
 * and malformed tokens are each told apart, at fixed instants. */
#include <jwt.h>
#include <stdlib.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "core/settings.h"
#include "tap.h"

#define KEY "graphql-test-key-0123456789abcdef0123456789"

enum { NOW = 1700000000 };

/* A token with these grants, signed with key by alg (libjwt directly). */
static char *
make(jwt_alg_t alg, const char *key, const char *email, long long exp, long long orig_iat)
{
    jwt_t *jwt;
    jwt_new(&jwt);
    jwt_set_alg(jwt, alg, (const unsigned char *)key, key ? (int)strlen(key) : 0);
    if (email)
        jwt_add_grant(jwt, "email", email);
    if (exp)
        jwt_add_grant_int(jwt, "exp", exp);
    if (orig_iat)
        jwt_add_grant_int(jwt, "origIat", orig_iat);
    char *s = jwt_encode_str(jwt);
    jwt_free(jwt);
    return s;
}

static hn_jwt_rc_t
decode(arena_t *a, const char *token, bool check_exp, hn_token_t *t)
{
    return hn_jwt_decode(a, str_from_cstr(token), NOW, check_exp, t);
}

static void
issued_tokens(arena_t *a)
{
    char token[HN_JWT_MAX_LEN + 1];
    long long exp;
    hn_token_t t;
    ok(hn_jwt_issue("Ann@Example.com", NOW - 100, NOW, token, sizeof(token), &exp) == 0,
       "a token is issued");
    is_int(exp, NOW + 300, "it lives GRAPHQL_JWT_EXPIRATION seconds");
    is_int(decode(a, token, true, &t), HN_JWT_OK, "it verifies");
    is_str(t.email, "Ann@Example.com", "email claim");
    is_int(t.exp, NOW + 300, "exp claim");
    is_int(t.orig_iat, NOW - 100, "origIat claim kept as given");
    is_str(t.token, token, "the token itself is kept");
    is_int(hn_jwt_decode(a, str_from_cstr(token), NOW + 300, true, &t), HN_JWT_EXPIRED,
           "at exp it has expired");
    is_int(hn_jwt_decode(a, str_from_cstr(token), NOW + 300, false, &t), HN_JWT_OK,
           "refreshToken may still read it");
    ok(hn_jwt_issue("a@b.c", NOW, NOW, token, 20, &exp) != 0, "a buffer too small is refused");
}

static void
foreign_tokens(arena_t *a)
{
    hn_token_t t;
    char *s = make(JWT_ALG_HS256, "another-key-0123456789abcdef0123456789", "a@b.c", NOW + 60, NOW);
    is_int(decode(a, s, true, &t), HN_JWT_DECODE_ERROR, "another key's token");
    free(s);
    s = make(JWT_ALG_NONE, NULL, "a@b.c", NOW + 60, NOW);
    is_int(decode(a, s, true, &t), HN_JWT_DECODE_ERROR, "alg none");
    free(s);
    s = make(JWT_ALG_HS512, KEY, "a@b.c", NOW + 60, NOW);
    is_int(decode(a, s, true, &t), HN_JWT_DECODE_ERROR, "HS512 with our key");
    free(s);
    s = make(JWT_ALG_HS256, KEY, "a@b.c", NOW + 60, 0);
    is_int(decode(a, s, true, &t), HN_JWT_BAD_PAYLOAD, "no origIat");
    free(s);
    s = make(JWT_ALG_HS256, KEY, NULL, NOW + 60, NOW);
    is_int(decode(a, s, true, &t), HN_JWT_BAD_PAYLOAD, "no email");
    free(s);
    s = make(JWT_ALG_HS256, KEY, "a@b.c", NOW + 60, NOW);
    is_int(decode(a, s, true, &t), HN_JWT_OK, "a token made by another library verifies");
    s[strlen(s) - 2] = s[strlen(s) - 2] == 'A' ? 'B' : 'A';
    is_int(decode(a, s, true, &t), HN_JWT_DECODE_ERROR, "a changed signature");
    free(s);
}

static void
garbage(arena_t *a)
{
    static const char *const inputs[] = {
        "",        "abc",  "a.b", "a.b.c", "a.b.c.d", "....", "eyJhbGciOiJIUzI1NiJ9.e30.",
        "a b.c.d", "é.é.é"};
    hn_token_t t;
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
        is_int(decode(a, inputs[i], true, &t), HN_JWT_DECODE_ERROR, "garbage %zu", i);
    char *long_one = malloc(HN_JWT_MAX_LEN + 10);
    memset(long_one, 'a', HN_JWT_MAX_LEN + 9);
    long_one[10] = long_one[20] = '.';
    long_one[HN_JWT_MAX_LEN + 9] = '\0';
    is_int(decode(a, long_one, true, &t), HN_JWT_DECODE_ERROR, "too long");
    free(long_one);
    is_str(str_from_cstr(hn_jwt_message(HN_JWT_EXPIRED)), "Signature has expired", "message");
    is_str(str_from_cstr(hn_jwt_message(HN_JWT_DECODE_ERROR)), "Error decoding signature",
           "message");
}

int
main(void)
{
    arena_t *a = arena_new(4096);
    settings.secret_key = KEY;
    settings.graphql.jwt_expiration = 300;
    issued_tokens(a);
    foreign_tokens(a);
    garbage(a);
    arena_free(a);
    return done_testing();
}
