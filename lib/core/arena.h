/* Per-request arena: many small allocations, one reset when the response is
 * sent. Blocks are kept across resets so a warm worker stops calling malloc. */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stddef.h>

#include "core/str.h"

typedef struct arena arena_t;

arena_t *arena_new(size_t block_size);
void arena_free(arena_t *a);

/* Runs the cleanups (last registered first), then forgets every
 * allocation; keeps the first block, frees the others. */
void arena_reset(arena_t *a);

/* What a request borrows from a library (a json-c object, a PGresult, a
 * heap buffer) is handed to its arena, as nginx does with its pool
 * cleanups: fn(data) runs at the next arena_reset or arena_free, so a
 * handler can return from anywhere. Returns 0; -1 when out of memory, and
 * then fn(data) has run already, so the caller must not use data. */
typedef void (*arena_cleanup_fn)(void *data);
int arena_on_reset(arena_t *a, arena_cleanup_fn fn, void *data);

/* fn(p) at the next reset, for the typed owners (json_own, db_own):
 * p, or NULL when p is NULL or out of memory (fn(p) has run then).
 * arena_own(a, free, p) hands a heap pointer to the arena. */
void *arena_own(arena_t *a, arena_cleanup_fn fn, void *p);

/* 16-byte aligned; NULL only when malloc fails or n is absurd. */
void *arena_alloc(arena_t *a, size_t n);
void *arena_calloc(arena_t *a, size_t count, size_t size);

/* Copies into the arena with a terminating NUL, for libraries wanting C strings. */
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_cstr(arena_t *a, str_t s);

/* Bytes handed out since the last reset (for logs and tests). */
size_t arena_used(const arena_t *a);

#endif
