/* simplejwt-compatible tokens on libjwt 1.10.
 *
 * libjwt does the HMAC (its comparison is constant-time) and owns the
 * claims we act on; we parse the header ourselves first, only to refuse
 * every alg but HS256 before libjwt sees the token and to tell a malformed
 * token from a badly signed one. */
#include "auth/token.h"

#include <json-c/json.h>
#include <jwt.h>
#include <limits.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"

/* jwt_add_grant_int() takes a long; claims are 64-bit. */
_Static_assert(sizeof(long) >= sizeof(long long), "libjwt grants must hold 64-bit claims");

enum {
    /* PyJWT rejects any iat in the future, but our workers may run on
     * hosts whose clocks differ by a few seconds: a token one host just
     * issued must verify on another. More than this is a broken clock or a
     * token minted for later use, so it is refused. */
    IAT_SKEW = 30,
};

static const char INVALID_MESSAGE[] = "Token is invalid or expired";

static bool
is_b64url_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Decodes one unpadded base64url segment into out; returns the decoded
 * length, or -1 when seg is not base64url or does not fit. */
static int
b64url_decode(str_t seg, unsigned char *out, size_t outcap)
{
    char b64[TOKEN_MAX_LEN + 4];
    size_t pad = (4 - seg.len % 4) % 4;

    if (seg.len % 4 == 1 || seg.len + pad > sizeof(b64) || (seg.len + pad) / 4 * 3 > outcap)
        return -1;
    for (size_t i = 0; i < seg.len; i++) {
        unsigned char c = (unsigned char)seg.p[i];
        if (!is_b64url_char(c))
            return -1;
        b64[i] = c == '-' ? '+' : c == '_' ? '/' : (char)c;
    }
    memset(b64 + seg.len, '=', pad);
    /* EVP_DecodeBlock counts the padding as zero bytes: take them off. */
    int n = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)(seg.len + pad));
    return n < 0 ? -1 : n - (int)pad;
}

/* Parses strict JSON text that must be an object; NULL otherwise. The
 * caller owns the result (json_object_put). */
static json_object *
json_parse_object(const char *text, size_t len)
{
    json_tokener *tok = NULL;
    json_object *obj = NULL;

    if (len == 0 || len > INT_MAX || memchr(text, '\0', len) != NULL)
        goto fail;
    tok = json_tokener_new();
    if (tok == NULL)
        goto fail;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    obj = json_tokener_parse_ex(tok, text, (int)len);
    if (obj == NULL || json_tokener_get_error(tok) != json_tokener_success ||
        json_tokener_get_parse_end(tok) != len || !json_object_is_type(obj, json_type_object)) {
        json_object_put(obj);
        obj = NULL;
    }
fail:
    if (tok != NULL) /* json-c 0.16's json_tokener_free(NULL) crashes */
        json_tokener_free(tok);
    return obj;
}

/* A base64url segment holding a JSON object; NULL when it is not one. */
static json_object *
segment_object(str_t seg)
{
    unsigned char raw[TOKEN_MAX_LEN];
    int n = b64url_decode(seg, raw, sizeof(raw));

    return n > 0 ? json_parse_object((const char *)raw, (size_t)n) : NULL;
}

static bool
string_is(const char *s, size_t len, const char *want)
{
    return s != NULL && len == strlen(want) && memcmp(s, want, len) == 0;
}

/* Shape checks done before libjwt sees the token: TOKEN_OK when the three
 * segments are well-formed base64url (JSON objects for the first two) and
 * the header names HS256. */
static token_rc_t
check_shape(str_t token)
{
    str_t head, payload, sig;
    token_rc_t rc = TOKEN_MALFORMED;
    json_object *header = NULL, *claims = NULL;
    unsigned char raw[TOKEN_MAX_LEN];
    const char *s;
    size_t len;

    if (!str_split(token, '.', &head, &payload) || !str_split(payload, '.', &payload, &sig) ||
        memchr(sig.p, '.', sig.len) != NULL)
        goto fail;
    header = segment_object(head);
    if (header == NULL || (s = json_get_str(header, "alg", &len)) == NULL)
        goto fail;
    if (!string_is(s, len, "HS256")) {
        rc = TOKEN_BAD_ALG;
        goto fail;
    }
    /* libjwt refuses any typ but "JWT" (any case): call that malformed too. */
    if (json_has(header, "typ") && ((s = json_get_str(header, "typ", &len)) == NULL || len != 3 ||
                                    strncasecmp(s, "JWT", 3) != 0))
        goto fail;
    claims = segment_object(payload);
    if (claims == NULL || b64url_decode(sig, raw, sizeof(raw)) < 0)
        goto fail;
    rc = TOKEN_OK;
fail:
    json_object_put(header);
    json_object_put(claims);
    return rc;
}

/* t lies more than slack seconds after now (overflow-safe). */
static bool
later_than(long long t, long long now, long long slack)
{
    return t > now && (unsigned long long)t - (unsigned long long)now > (unsigned long long)slack;
}

/* Checks the claims libjwt verified, in simplejwt's order after the
 * signature: shape, expiry, not-before, token type. */
static token_rc_t
check_claims(json_object *claims, token_type_t want, time_t now, token_claims_t *out)
{
    long long nbf = 0;
    int has_nbf, has_iat;
    const char *s;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (json_get_int64(claims, "exp", &out->exp) != 1 ||
        (has_iat = json_get_int64(claims, "iat", &out->iat)) < 0 ||
        (has_nbf = json_get_int64(claims, "nbf", &nbf)) < 0 ||
        json_get_int64(claims, "user_id", &out->user_id) != 1 || out->user_id <= 0)
        return TOKEN_BAD_CLAIMS;

    s = json_get_str(claims, "token_type", &len);
    if (string_is(s, len, "access"))
        out->type = TOKEN_ACCESS;
    else if (string_is(s, len, "refresh"))
        out->type = TOKEN_REFRESH;
    else
        return TOKEN_BAD_CLAIMS;

    /* Ours are 32 hex chars; a jti goes into blacklist keys, so only
     * printable ASCII without spaces is taken. */
    s = json_get_str(claims, "jti", &len);
    if (s == NULL || len == 0 || len > TOKEN_JTI_LEN)
        return TOKEN_BAD_CLAIMS;
    for (size_t i = 0; i < len; i++)
        if (s[i] <= ' ' || s[i] > '~')
            return TOKEN_BAD_CLAIMS;
    memcpy(out->jti, s, len);
    out->jti[len] = '\0';

    if (out->exp <= (long long)now)
        return TOKEN_EXPIRED;
    if (has_nbf && later_than(nbf, now, TOKEN_LEEWAY))
        return TOKEN_NOT_YET_VALID;
    if (has_iat && later_than(out->iat, now, IAT_SKEW))
        return TOKEN_NOT_YET_VALID;
    if (out->type != want)
        return TOKEN_WRONG_TYPE;
    return TOKEN_OK;
}

token_rc_t
token_verify(str_t token, token_type_t want, time_t now, const char *key, size_t keylen,
             token_claims_t *claims)
{
    char buf[TOKEN_MAX_LEN + 1];
    token_rc_t rc = TOKEN_MALFORMED;
    token_claims_t found;
    jwt_t *jwt = NULL;
    char *grants = NULL;
    json_object *obj = NULL;

    if (claims != NULL)
        memset(claims, 0, sizeof(*claims));
    if (token.p == NULL || token.len == 0 || token.len > TOKEN_MAX_LEN)
        goto fail;
    /* Only the base64url alphabet and dots: NUL, spaces, '=' and '+' are out. */
    for (size_t i = 0; i < token.len; i++)
        if (token.p[i] != '.' && !is_b64url_char((unsigned char)token.p[i]))
            goto fail;
    rc = check_shape(token);
    if (rc != TOKEN_OK)
        goto fail;

    /* Never a NULL key: libjwt would then accept the token unverified. */
    rc = TOKEN_BAD_SIGNATURE;
    if (key == NULL || keylen == 0 || keylen > INT_MAX)
        goto fail;
    memcpy(buf, token.p, token.len);
    buf[token.len] = '\0';
    if (jwt_decode(&jwt, buf, (const unsigned char *)key, (int)keylen) != 0 || jwt == NULL)
        goto fail;
    rc = TOKEN_BAD_ALG;
    if (jwt_get_alg(jwt) != JWT_ALG_HS256)
        goto fail;

    /* The claims as libjwt parsed and verified them, typed by json-c. */
    rc = TOKEN_BAD_CLAIMS;
    grants = jwt_get_grants_json(jwt, NULL);
    if (grants == NULL || (obj = json_parse_object(grants, strlen(grants))) == NULL)
        goto fail;
    rc = check_claims(obj, want, now, &found);
    if (rc == TOKEN_OK && claims != NULL)
        *claims = found;
fail:
    json_object_put(obj);
    free(grants);
    jwt_free(jwt);
    return rc;
}

int
token_issue(token_type_t type, long long user_id, time_t now, long lifetime, const char *key,
            size_t keylen, char *out, size_t outlen, token_claims_t *claims)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char random[TOKEN_JTI_LEN / 2];
    char jti[TOKEN_JTI_LEN + 1];
    long long exp;
    jwt_t *jwt = NULL;
    char *encoded = NULL;
    size_t len;
    int rc = -1;

    if (out != NULL && outlen > 0)
        out[0] = '\0';
    if (out == NULL || key == NULL || keylen == 0 || keylen > INT_MAX || user_id <= 0 ||
        lifetime <= 0 || (type != TOKEN_ACCESS && type != TOKEN_REFRESH) ||
        (long long)now > LLONG_MAX - lifetime)
        goto fail;
    exp = (long long)now + lifetime;
    if (RAND_bytes(random, sizeof(random)) != 1)
        goto fail;
    for (size_t i = 0; i < sizeof(random); i++) {
        jti[2 * i] = hex[random[i] >> 4];
        jti[2 * i + 1] = hex[random[i] & 0xf];
    }
    jti[TOKEN_JTI_LEN] = '\0';

    /* simplejwt's order; libjwt 1.10 sorts the keys when it serialises. */
    if (jwt_new(&jwt) != 0 || jwt_add_grant(jwt, "token_type", token_type_name(type)) != 0 ||
        jwt_add_grant_int(jwt, "exp", (long)exp) != 0 ||
        jwt_add_grant_int(jwt, "iat", (long)now) != 0 || jwt_add_grant(jwt, "jti", jti) != 0 ||
        jwt_add_grant_int(jwt, "user_id", (long)user_id) != 0 ||
        jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)key, (int)keylen) != 0)
        goto fail;
    encoded = jwt_encode_str(jwt);
    if (encoded == NULL)
        goto fail;
    len = strlen(encoded);
    if (len >= outlen)
        goto fail;
    memcpy(out, encoded, len + 1);
    if (claims != NULL) {
        claims->type = type;
        claims->user_id = user_id;
        memcpy(claims->jti, jti, sizeof(jti));
        claims->exp = exp;
        claims->iat = (long long)now;
    }
    rc = 0;
fail:
    free(encoded);
    jwt_free(jwt);
    return rc;
}

const char *
token_message(token_rc_t rc)
{
    return rc == TOKEN_OK ? "" : INVALID_MESSAGE;
}

const char *
token_type_name(token_type_t type)
{
    return type == TOKEN_REFRESH ? "refresh" : "access";
}
