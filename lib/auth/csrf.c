#include "auth/csrf.h"

#include <openssl/crypto.h>

#include "auth/random.h"

int
csrf_new_token(char token[CSRF_TOKEN_LEN + 1])
{
    return random_token(token, CSRF_TOKEN_LEN);
}

bool
csrf_method_unsafe(str_t method)
{
    return !(str_eq_cstr(method, "GET") || str_eq_cstr(method, "HEAD") ||
             str_eq_cstr(method, "OPTIONS") || str_eq_cstr(method, "TRACE"));
}

static bool
token_shape(str_t t)
{
    if (t.len != CSRF_TOKEN_LEN)
        return false;
    for (size_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

const char *
csrf_check(str_t cookie, str_t header)
{
    if (!token_shape(cookie))
        return "CSRF cookie not set.";
    if (header.len == 0)
        return "CSRF token missing.";
    if (!token_shape(header) || CRYPTO_memcmp(cookie.p, header.p, CSRF_TOKEN_LEN) != 0)
        return "CSRF token incorrect.";
    return NULL;
}
