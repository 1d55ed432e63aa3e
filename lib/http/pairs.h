/* Name/value pairs parsed out of a request (query, cookies, form fields).
 * All strings point into the request's arena or into the raw input. */
#ifndef HTTP_PAIRS_H
#define HTTP_PAIRS_H

#include "core/arena.h"
#include "core/str.h"

typedef struct {
    str_t name;
    str_t value;
} http_pair_t;

typedef struct {
    http_pair_t *items;
    size_t len;
} http_pairs_t;

/* First value for name (exact match), STR_NULL with found=false when absent. */
str_t http_pairs_get(const http_pairs_t *kvs, const char *name, bool *found);

#endif
