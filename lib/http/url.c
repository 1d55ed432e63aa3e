#include "http/parse.h"

/* Decoding never grows the input, so one allocation of s.len + 1 is enough. */
str_t
http_url_decode(arena_t *a, str_t s, bool plus_is_space)
{
    char *out = arena_alloc(a, s.len + 1);
    size_t n = 0;

    if (out == NULL)
        return STR_NULL;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c == '%' && s.len - i > 2) {
            int hi = str_hex_digit((unsigned char)s.p[i + 1]);
            int lo = str_hex_digit((unsigned char)s.p[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out[n++] = (char)(hi << 4 | lo);
                i += 2;
                continue;
            }
        }
        out[n++] = (c == '+' && plus_is_space) ? ' ' : (char)c;
    }
    out[n] = '\0';
    return (str_t){out, n};
}

/* Counts the non-empty '&'-separated pieces first, so the array is allocated
 * once at its final size and the field limit is checked before any work. */
int
http_query_parse(arena_t *a, str_t qs, http_pairs_t *out)
{
    str_t rest = qs, piece;
    size_t count = 0, n = 0;

    out->items = NULL;
    out->len = 0;
    while (rest.len > 0) {
        str_split(rest, '&', &piece, &rest);
        if (piece.len > 0 && ++count > HTTP_MAX_FIELDS)
            return HTTP_PARSE_TOO_MANY;
    }
    if (count == 0)
        return HTTP_PARSE_OK;

    http_pair_t *items = arena_calloc(a, count, sizeof(*items));
    if (items == NULL)
        return HTTP_PARSE_NOMEM;
    rest = qs;
    while (rest.len > 0) {
        str_t name, value;
        str_split(rest, '&', &piece, &rest);
        if (piece.len == 0)
            continue;
        str_split(piece, '=', &name, &value);
        items[n].name = http_url_decode(a, name, true);
        items[n].value = http_url_decode(a, value, true);
        if (items[n].name.p == NULL || items[n].value.p == NULL)
            return HTTP_PARSE_NOMEM;
        n++;
    }
    out->items = items;
    out->len = n;
    return HTTP_PARSE_OK;
}
