#include "core/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    arena_cleanup_fn fn;
    void *data;
};

struct arena {
    struct arena_block *head;
    struct arena_cleanup *cleanups; /* newest first, allocated in the arena */
    size_t block_size;
    size_t total_used;
};

static struct arena_block *
block_new(size_t size)
{
    struct arena_block *b = malloc(sizeof(*b) + size);
    if (b == NULL)
        return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

arena_t *
arena_new(size_t block_size)
{
    arena_t *a = malloc(sizeof(*a));
    if (a == NULL)
        return NULL;
    a->block_size = block_size < 1024 ? 1024 : block_size;
    a->total_used = 0;
    a->cleanups = NULL;
    a->head = block_new(a->block_size);
    if (a->head == NULL) {
        free(a);
        return NULL;
    }
    return a;
}

static void
run_cleanups(arena_t *a)
{
    /* A cleanup may register another (a buffer owning a json object):
     * take the list first and loop until it stays empty. */
    while (a->cleanups) {
        struct arena_cleanup *c = a->cleanups;
        a->cleanups = NULL;
        for (; c; c = c->next)
            c->fn(c->data);
    }
}

void
arena_free(arena_t *a)
{
    if (a == NULL)
        return;
    run_cleanups(a);
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void
arena_reset(arena_t *a)
{
    run_cleanups(a);
    /* The first block allocated is the last in the list: keep it. */
    struct arena_block *b = a->head;
    while (b->next) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
    a->total_used = 0;
}

void *
arena_alloc(arena_t *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + 15) & ~(size_t)15;
    if (n == 0)
        n = 16;
    struct arena_block *b = a->head;
    if (b->size - b->used < n) {
        size_t size = n > a->block_size ? n : a->block_size;
        b = block_new(size);
        if (b == NULL)
            return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total_used += n;
    return p;
}

void *
arena_calloc(arena_t *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / 2 / size)
        return NULL;
    void *p = arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *
arena_strndup(arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
arena_cstr(arena_t *a, str_t s)
{
    return arena_strndup(a, s.p, s.len);
}

size_t
arena_used(const arena_t *a)
{
    return a->total_used;
}

int
arena_on_reset(arena_t *a, arena_cleanup_fn fn, void *data)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
    if (c == NULL) {
        fn(data);
        return -1;
    }
    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
    return 0;
}

void *
arena_own(arena_t *a, arena_cleanup_fn fn, void *p)
{
    if (p == NULL)
        return NULL;
    return arena_on_reset(a, fn, p) == 0 ? p : NULL;
}
