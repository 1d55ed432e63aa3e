#include "http/pairs.h"

#include <string.h>

#include "http/parse.h"

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

int
http_pairs_split(arena_t *a, str_t input, char sep, http_piece_fn piece, http_pairs_t *out)
{
    str_t rest = input, text;
    size_t count = 0, n = 0;
    http_pair_t scratch;
    int rc;

    out->items = NULL;
    out->len = 0;
    while (rest.len > 0) {
        str_split(rest, sep, &text, &rest);
        if ((rc = piece(NULL, text, &scratch)) < 0)
            return rc;
        if (rc > 0 && ++count > HTTP_MAX_FIELDS)
            return HTTP_PARSE_TOO_MANY;
    }
    if (count == 0)
        return HTTP_PARSE_OK;

    http_pair_t *items = arena_calloc(a, count, sizeof(*items));
    if (items == NULL)
        return HTTP_PARSE_NOMEM;
    rest = input;
    while (rest.len > 0 && n < count) {
        str_split(rest, sep, &text, &rest);
        if ((rc = piece(a, text, &items[n])) < 0)
            return rc;
        n += (size_t)rc;
    }
    out->items = items;
    out->len = n;
    return HTTP_PARSE_OK;
}
