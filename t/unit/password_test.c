/* Django's pbkdf2_sha256 hashes: vectors from Python's hashlib verify,
 * ours round-trip, malformed hashes never verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "tap.h"

static size_t
unhex(const char *hex, char *out, size_t cap)
{
    size_t n = 0;
    if (strcmp(hex, "-") == 0)
        return 0;
    for (; hex[0] && hex[1] && n + 1 < cap; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (char)v;
    }
    out[n] = '\0';
    return n;
}

static void
vectors(void)
{
    char path[512], line[1024], hex[700], encoded[300], password[400];
    const char *srcdir = getenv("srcdir");
    snprintf(path, sizeof(path), "%s/t/data/password/vectors.txt", srcdir ? srcdir : ".");
    FILE *f = fopen(path, "r");
    ok(f != NULL, "vectors file opens (%s)", path);
    if (f == NULL)
        return;
    int count = 0;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%699s %299s", hex, encoded) != 2)
            continue;
        size_t len = unhex(hex, password, sizeof(password));
        long iterations = 0;
        ok(password_verify(password, len, encoded, &iterations), "hashlib vector %d verifies",
           count);
        ok(iterations > 0, "and reports its %ld iterations", iterations);
        char wrong[400];
        memcpy(wrong, password, len);
        wrong[len] = 'x';
        ok(!password_verify(wrong, len + 1, encoded, NULL), "a changed password does not");
        count++;
    }
    fclose(f);
    ok(count >= 8, "read %d vectors", count);
}

int
main(void)
{
    char hash[PASSWORD_HASH_MAX], other[PASSWORD_HASH_MAX];
    long iterations = 0;

    vectors();

    ok(password_hash("s3cret pass", 11, 1000, hash, sizeof(hash)) == 0, "hash a password");
    ok(strncmp(hash, "pbkdf2_sha256$1000$", 19) == 0, "Django's format: %s", hash);
    ok(password_verify("s3cret pass", 11, hash, &iterations) && iterations == 1000, "it verifies");
    ok(!password_verify("s3cret pasS", 11, hash, NULL), "one letter off does not");
    ok(!password_verify("s3cret pass", 10, hash, NULL), "a prefix does not");
    ok(password_hash("s3cret pass", 11, 1000, other, sizeof(other)) == 0 && strcmp(hash, other),
       "a second hash has another salt");
    ok(password_hash("x", 1, PASSWORD_ITERATIONS, hash, sizeof(hash)) == 0 &&
           strncmp(hash, "pbkdf2_sha256$260000$", 21) == 0,
       "the default count is at least 260000");

    /* An unknown email costs what a known one does, whatever the setting. */
    long ran = 0;
    ok(!password_verify_dummy("s3cret pass", 11, 300000, &ran) && ran == 300000,
       "the dummy check runs the configured 300000 rounds (ran %ld)", ran);
    ok(!password_verify_dummy("s3cret pass", 11, PASSWORD_ITERATIONS, &ran) &&
           ran == PASSWORD_ITERATIONS,
       "and the default's (ran %ld)", ran);

    /* Refused before any hashing. */
    static char huge[PASSWORD_MAX_LEN + 2];
    memset(huge, 'a', sizeof(huge) - 1);
    ok(password_hash(huge, sizeof(huge) - 1, 1000, hash, sizeof(hash)) == -1,
       "a password over PASSWORD_MAX_LEN is not hashed");
    ok(!password_verify(huge, sizeof(huge) - 1, "pbkdf2_sha256$1$s$x", NULL), "nor verified");
    ok(password_hash("x", 1, 1000, hash, 20) == -1, "too small an output buffer is an error");
    ok(password_hash("x", 1, 0, hash, sizeof(hash)) == -1, "zero iterations are refused");

    const char *bad[] = {
        "",
        "pbkdf2_sha256",
        "pbkdf2_sha256$",
        "pbkdf2_sha256$1000$salt",
        "pbkdf2_sha256$1000$$hash",
        "pbkdf2_sha256$abc$salt$hash",
        "pbkdf2_sha256$-5$salt$hash",
        "pbkdf2_sha256$999999999999$salt$hash",
        "pbkdf2_sha1$1000$salt$hash",
        "argon2$argon2id$v=19$m=102400,t=2,p=8$salt$hash",
        "!unusablepasswordfromdjango0123456789abcdef",
        "pbkdf2_sha256$1$seasalt$YQUqaoGGIdcjQtCPUVvu1oIcyb7WgPW9b7k/hvRudOk=$extra",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok(!password_verify("password", 8, bad[i], NULL), "malformed hash %zu never verifies", i);
    return done_testing();
}
