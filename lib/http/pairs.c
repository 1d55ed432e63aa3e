#include "http/pairs.h"

#include <string.h>

str_t
http_pairs_get(const http_pairs_t *kvs, const char *name, bool *found)
{
    size_t n = strlen(name);

    for (size_t i = 0; kvs != NULL && i < kvs->len; i++) {
        str_t k = kvs->items[i].name;
        if (k.len == n && (n == 0 || memcmp(k.p, name, n) == 0)) {
            if (found)
                *found = true;
            return kvs->items[i].value;
        }
    }
    if (found)
        *found = false;
    return STR_NULL;
}
