/* Passwords in Django's format: pbkdf2_sha256$<iterations>$<salt>$<base64 sha256>,
 * computed with OpenSSL, so hashes made by Django verify here and ours there. */
#ifndef AUTH_PASSWORD_H
#define AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

enum {
    PASSWORD_ITERATIONS = 260000, /* Django 3.2's count, the floor SPEC.md sets */
    PASSWORD_HASH_MAX = 128,      /* room for any hash we write */
    PASSWORD_MAX_LEN = 4096,      /* longer passwords are refused before hashing */
};

/* Writes a new hash with a random salt into out. Returns 0, or -1 when the
 * password is too long or OpenSSL fails. */
int password_hash(const char *password, size_t len, long iterations, char *out, size_t outlen);

/* Constant-time check of password against an encoded hash. A hash in any
 * other format, or malformed, never verifies. *iterations (may be NULL)
 * receives the stored count, so callers can upgrade weak hashes. */
bool password_verify(const char *password, size_t len, const char *encoded, long *iterations);

/* What password_verify() costs on a hash of `iterations` rounds, for an
 * email nobody has: the same work, so the answer's timing does not say
 * whether the account exists. Never verifies (false); *ran (may be
 * NULL) receives the rounds run, which the tests check. */
bool password_verify_dummy(const char *password, size_t len, long iterations, long *ran);

#endif
