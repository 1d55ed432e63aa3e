#include <stdint.h>

#include "core/arena.h"
#include "tap.h"

int
main(void)
{
    arena_t *a = arena_new(0);

    ok(a != NULL, "arena_new");
    is_int(arena_used(a), 0, "fresh arena unused");

    char *p = arena_alloc(a, 1);
    ok(p != NULL && ((uintptr_t)p & 15) == 0, "alloc 1 is 16-aligned");
    char *q = arena_alloc(a, 3);
    ok(q != NULL && ((uintptr_t)q & 15) == 0 && q != p, "second alloc aligned and distinct");
    is_int(arena_used(a), 32, "used counts rounded sizes");
    ok(arena_alloc(a, 0) != NULL, "alloc 0 gives a pointer");

    char *big = arena_alloc(a, 1 << 20);
    ok(big != NULL, "alloc larger than a block");
    memset(big, 'x', 1 << 20);
    ok(arena_alloc(a, SIZE_MAX) == NULL, "absurd size refused");
    ok(arena_calloc(a, SIZE_MAX / 4, 8) == NULL, "calloc overflow refused");

    int *zero = arena_calloc(a, 100, sizeof(int));
    bool all_zero = zero != NULL;
    for (int i = 0; zero && i < 100; i++)
        all_zero &= zero[i] == 0;
    ok(all_zero, "calloc zeroes");

    char *s = arena_strndup(a, "hello world", 5);
    ok(s && strcmp(s, "hello") == 0, "strndup terminates");
    char *e = arena_strndup(a, NULL, 0);
    ok(e && e[0] == '\0', "strndup of nothing");
    char *c = arena_cstr(a, (str_t){"a\0b", 3});
    ok(c && c[0] == 'a' && c[1] == '\0' && c[2] == 'b' && c[3] == '\0', "cstr copies NULs");

    arena_reset(a);
    is_int(arena_used(a), 0, "reset forgets");
    /* Many allocations over several blocks, then reset, in a loop: ASan
     * would catch a leak or a use after free. */
    bool ok_all = true;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 1000; i++) {
            char *m = arena_alloc(a, (size_t)(i % 300) + 1);
            if (m == NULL) {
                ok_all = false;
                break;
            }
            memset(m, i & 0xff, (size_t)(i % 300) + 1);
        }
        arena_reset(a);
    }
    ok(ok_all, "20 rounds of 1000 allocations and reset");
    is_int(arena_used(a), 0, "empty after the rounds");
    arena_free(a);
    arena_free(NULL);
    ok(1, "arena_free(NULL) is harmless");
    return done_testing();
}
