#include "auth/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

static const char salt_alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
enum { SALT_LEN = 22, DIGEST_LEN = 32, MAX_ITERATIONS = 100000000 };

static int
derive(const char *password, size_t len, str_t salt, long iterations,
       unsigned char digest[DIGEST_LEN])
{
    return PKCS5_PBKDF2_HMAC(password, (int)len, (const unsigned char *)salt.p, (int)salt.len,
                             (int)iterations, EVP_sha256(), DIGEST_LEN, digest) == 1
               ? 0
               : -1;
}

int
password_hash(const char *password, size_t len, long iterations, char *out, size_t outlen)
{
    unsigned char random[SALT_LEN], digest[DIGEST_LEN];
    char salt[SALT_LEN + 1], b64[64];

    if (len > PASSWORD_MAX_LEN || iterations < 1 || iterations > MAX_ITERATIONS)
        return -1;
    if (RAND_bytes(random, sizeof(random)) != 1)
        return -1;
    for (size_t i = 0; i < SALT_LEN; i++)
        salt[i] = salt_alphabet[random[i] % (sizeof(salt_alphabet) - 1)];
    salt[SALT_LEN] = '\0';
    if (derive(password, len, (str_t){salt, SALT_LEN}, iterations, digest) != 0)
        return -1;
    EVP_EncodeBlock((unsigned char *)b64, digest, DIGEST_LEN);
    int n = snprintf(out, outlen, "pbkdf2_sha256$%ld$%s$%s", iterations, salt, b64);
    OPENSSL_cleanse(digest, sizeof(digest));
    return n > 0 && (size_t)n < outlen ? 0 : -1;
}

bool
password_verify(const char *password, size_t len, const char *encoded, long *iterations)
{
    str_t rest = str_from_cstr(encoded), algo, iter, salt, hash;
    unsigned char digest[DIGEST_LEN];
    char b64[64];
    long count;

    if (len > PASSWORD_MAX_LEN || rest.len > 512)
        return false;
    if (!str_split(rest, '$', &algo, &rest) || !str_eq_cstr(algo, "pbkdf2_sha256") ||
        !str_split(rest, '$', &iter, &rest) || !str_split(rest, '$', &salt, &hash) ||
        memchr(hash.p, '$', hash.len) != NULL || salt.len == 0 ||
        !str_to_long(iter, 1, MAX_ITERATIONS, &count))
        return false;
    if (derive(password, len, salt, count, digest) != 0)
        return false;
    int n = EVP_EncodeBlock((unsigned char *)b64, digest, DIGEST_LEN);
    OPENSSL_cleanse(digest, sizeof(digest));
    if (iterations)
        *iterations = count;
    return (size_t)n == hash.len && CRYPTO_memcmp(b64, hash.p, hash.len) == 0;
}

bool
password_verify_dummy(const char *password, size_t len, long iterations, long *ran)
{
    char dummy[PASSWORD_HASH_MAX];
    snprintf(dummy, sizeof(dummy), "pbkdf2_sha256$%ld$dummysaltdummysalt12$%s", iterations,
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    if (ran)
        *ran = 0;
    password_verify(password, len, dummy, ran);
    return false;
}
