/* A memory buffer as a read callback for the CSV reader, serving at most
 * chunk bytes per read (to test records split across reads). Shared by the
 * CSV unit test and its fuzz target. */
#ifndef T_MEM_SOURCE_H
#define T_MEM_SOURCE_H

#include <string.h>
#include <sys/types.h>

typedef struct {
    const void *data;
    size_t len, pos, chunk;
} mem_src_t;

static inline ssize_t
mem_read(void *ctx, void *buf, size_t len)
{
    mem_src_t *m = ctx;
    size_t n = m->len - m->pos;
    if (n > len)
        n = len;
    if (n > m->chunk)
        n = m->chunk;
    memcpy(buf, (const char *)m->data + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

#endif
