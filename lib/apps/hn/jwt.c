/* django-graphql-jwt's tokens on libjwt: HS256 with SECRET_KEY, payload
 * {"email", "exp", "origIat"}. Unlike the old application this one checks
 * exp; refreshToken asks for the payload of an expired token too (its
 * limit is origIat + GRAPHQL_JWT_REFRESH_EXPIRATION). */
#include <json-c/json.h>
#include <jwt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "apps/hn/hn.h"
#include "core/json.h"
#include "core/settings.h"

int
hn_jwt_issue(const char *email, long long orig_iat, time_t now, char *out, size_t cap,
             long long *exp)
{
    const char *key = settings.secret_key;
    size_t keylen = strlen(key);
    jwt_t *jwt = NULL;
    char *encoded = NULL;
    int rc = -1;
    *exp = (long long)now + settings.graphql.jwt_expiration;
    if (keylen == 0 || keylen > INT_MAX || jwt_new(&jwt) != 0)
        goto done;
    if (jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)key, (int)keylen) != 0 ||
        jwt_add_grant(jwt, "email", email) != 0 || jwt_add_grant_int(jwt, "exp", *exp) != 0 ||
        jwt_add_grant_int(jwt, "origIat", orig_iat) != 0 ||
        (encoded = jwt_encode_str(jwt)) == NULL || strlen(encoded) >= cap)
        goto done;
    memcpy(out, encoded, strlen(encoded) + 1);
    rc = 0;
done:
    free(encoded);
    jwt_free(jwt);
    return rc;
}

/* Only base64url characters in three parts: anything else never reaches
 * libjwt. */
static bool
jwt_shaped(str_t token)
{
    size_t dots = 0;
    if (token.len == 0 || token.len > HN_JWT_MAX_LEN)
        return false;
    for (size_t i = 0; i < token.len; i++) {
        char c = token.p[i];
        if (c == '.')
            dots++;
        else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_'))
            return false;
    }
    return dots == 2;
}

/* The claims libjwt verified, typed by json-c. */
static hn_jwt_rc_t
read_claims(arena_t *a, jwt_t *jwt, hn_token_t *t)
{
    hn_jwt_rc_t rc = HN_JWT_BAD_PAYLOAD;
    char *grants = jwt_get_grants_json(jwt, NULL);
    json_object *obj = grants ? json_tokener_parse(grants) : NULL;
    size_t len;
    const char *email = obj ? json_get_str(obj, "email", &len) : NULL;
    if (email && len > 0 && len <= 254 && json_get_int64(obj, "exp", &t->exp) == 1 &&
        json_get_int64(obj, "origIat", &t->orig_iat) == 1) {
        t->email.p = arena_strndup(a, email, len);
        t->email.len = len;
        rc = t->email.p ? HN_JWT_OK : HN_JWT_DECODE_ERROR;
    }
    json_object_put(obj);
    free(grants);
    return rc;
}

hn_jwt_rc_t
hn_jwt_decode(arena_t *a, str_t token, time_t now, bool check_exp, hn_token_t *t)
{
    const char *key = settings.secret_key;
    size_t keylen = strlen(key);
    char buf[HN_JWT_MAX_LEN + 1];
    jwt_t *jwt = NULL;
    memset(t, 0, sizeof(*t));
    if (!jwt_shaped(token) || keylen == 0 || keylen > INT_MAX)
        return HN_JWT_DECODE_ERROR;
    memcpy(buf, token.p, token.len);
    buf[token.len] = '\0';
    /* Never a NULL key: libjwt would accept the token unverified. */
    if (jwt_decode(&jwt, buf, (const unsigned char *)key, (int)keylen) != 0 || jwt == NULL)
        return HN_JWT_DECODE_ERROR;
    hn_jwt_rc_t rc =
        jwt_get_alg(jwt) == JWT_ALG_HS256 ? read_claims(a, jwt, t) : HN_JWT_DECODE_ERROR;
    jwt_free(jwt);
    if (rc != HN_JWT_OK)
        return rc;
    t->token = (str_t){arena_strndup(a, token.p, token.len), token.len};
    if (t->token.p == NULL)
        return HN_JWT_DECODE_ERROR;
    return check_exp && t->exp <= (long long)now ? HN_JWT_EXPIRED : HN_JWT_OK;
}

const char *
hn_jwt_message(hn_jwt_rc_t rc)
{
    switch (rc) {
    case HN_JWT_OK:
        return "";
    case HN_JWT_EXPIRED:
        return "Signature has expired";
    case HN_JWT_BAD_PAYLOAD:
        return "Invalid payload";
    default:
        return "Error decoding signature";
    }
}
