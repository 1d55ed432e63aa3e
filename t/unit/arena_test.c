#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "tap.h"

static const char *order[8];
static int order_len;

static void
record(void *what)
{
    if (order_len < 8)
        order[order_len++] = what;
}

static void
record_and_register(void *arena)
{
    record((void *)"chain");
    arena_on_reset(arena, record, (void *)"late");
}

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
    /* Cleanups run at reset, newest first, once; those registered by a
     * cleanup run in the same reset. */
    order_len = 0;
    arena_on_reset(a, record, (void *)"first");
    arena_on_reset(a, record, (void *)"second");
    arena_on_reset(a, record_and_register, a);
    is_int(order_len, 0, "cleanups wait for the reset");
    arena_reset(a);
    is_int(order_len, 4, "every cleanup ran, and the one a cleanup registered");
    ok(order_len == 4 && strcmp(order[0], "chain") == 0 && strcmp(order[1], "second") == 0 &&
           strcmp(order[2], "first") == 0 && strcmp(order[3], "late") == 0,
       "newest first, then what the cleanups registered");
    arena_reset(a);
    is_int(order_len, 4, "a cleanup runs once");

    char *heap = arena_own(a, free, strdup("owned by the arena"));
    ok(heap && strcmp(heap, "owned by the arena") == 0, "arena_own hands the pointer back");
    order_len = 0;
    ok(arena_own(a, record, NULL) == NULL, "arena_own(NULL) is NULL");
    arena_reset(a);
    is_int(order_len, 0, "and registers no cleanup for it");
    /* LeakSanitizer reports heap if that reset did not free it. */

    order_len = 0;
    arena_on_reset(a, record, (void *)"at free");
    arena_free(a);
    ok(order_len == 1 && strcmp(order[0], "at free") == 0, "arena_free runs the cleanups");
    arena_free(NULL); /* harmless: ASan stops the test if not */
    return done_testing();
}
