/* A tiny TAP producer for the unit tests (automake's tap-driver.sh reads it).
 *
 *     plan(3);                      (or no plan and done_testing() prints it)
 *     ok(x == 1, "x is one");
 *     is_int(n, 2, "two items");
 *     is_str(name, "alice", "name decoded");
 *     return done_testing();        (non-zero when any test failed)
 */
#ifndef T_UNIT_TAP_H
#define T_UNIT_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

static int tap_run, tap_failed, tap_planned = -1;

static inline void
plan(int n)
{
    tap_planned = n;
    printf("1..%d\n", n);
}

/* Diagnostics go to stdout as "# " lines so they stay next to the result. */
static inline void
tap_diag_bytes(const char *label, const char *p, size_t len)
{
    printf("#   %s: ", label);
    if (p == NULL) {
        printf("(null)\n");
        return;
    }
    putchar('"');
    for (size_t i = 0; i < len && i < 200; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    printf("\"%s (%zu bytes)\n", len > 200 ? "..." : "", len);
}

__attribute__((format(printf, 4, 0))) static inline bool
tap_vok(bool cond, const char *file, int line, const char *fmt, va_list ap)
{
    char desc[512];

    vsnprintf(desc, sizeof(desc), fmt, ap);
    /* '#' starts a directive in TAP and a newline ends the line. */
    for (char *c = desc; *c; c++)
        if (*c == '#' || *c == '\n')
            *c = ' ';
    tap_run++;
    if (!cond)
        tap_failed++;
    printf("%sok %d - %s\n", cond ? "" : "not ", tap_run, desc);
    if (!cond)
        printf("#   Failed test at %s line %d\n", file, line);
    fflush(stdout);
    return cond;
}

__attribute__((format(printf, 4, 5))) static inline bool
tap_ok(bool cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool r = tap_vok(cond, file, line, fmt, ap);
    va_end(ap);
    return r;
}

__attribute__((format(printf, 5, 6))) static inline bool
tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool r = tap_vok(got == want, file, line, fmt, ap);
    va_end(ap);
    if (!r)
        printf("#   got: %lld\n#   expected: %lld\n", got, want);
    return r;
}

/* want NULL expects got.p == NULL (STR_NULL). */
__attribute__((format(printf, 5, 6))) static inline bool
tap_is_str(str_t got, const char *want, const char *file, int line, const char *fmt, ...)
{
    bool same = want == NULL ? got.p == NULL : got.p != NULL && str_eq_cstr(got, want);
    va_list ap;
    va_start(ap, fmt);
    bool r = tap_vok(same, file, line, fmt, ap);
    va_end(ap);
    if (!r) {
        tap_diag_bytes("got", got.p, got.len);
        tap_diag_bytes("expected", want, want ? strlen(want) : 0);
    }
    return r;
}

static inline void
diag(const char *msg)
{
    printf("# %s\n", msg);
}

/* Prints the plan when none was given; returns the process exit code. */
static inline int
done_testing(void)
{
    if (tap_planned < 0)
        printf("1..%d\n", tap_run);
    else if (tap_planned != tap_run)
        printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
    if (tap_failed)
        printf("# failed %d of %d tests\n", tap_failed, tap_run);
    fflush(stdout);
    return tap_failed || (tap_planned >= 0 && tap_planned != tap_run) ? 1 : 0;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                     \
    tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
