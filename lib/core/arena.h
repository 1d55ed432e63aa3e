/* Per-request arena: many small allocations, one reset when the response is
 * sent. Blocks are kept across resets so a warm worker stops calling malloc. */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stddef.h>

#include "core/str.h"

typedef struct arena arena_t;

arena_t *arena_new(size_t block_size);
void arena_free(arena_t *a);

/* Forgets every allocation; keeps the first block, frees the others. */
void arena_reset(arena_t *a);

/* 16-byte aligned; NULL only when malloc fails or n is absurd. */
void *arena_alloc(arena_t *a, size_t n);
void *arena_calloc(arena_t *a, size_t count, size_t size);

/* Copies into the arena with a terminating NUL, for libraries wanting C strings. */
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_cstr(arena_t *a, str_t s);

/* Bytes handed out since the last reset (for logs and tests). */
size_t arena_used(const arena_t *a);

#endif
