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

/* A non-empty piece is a pair, a name without '=' has an empty value;
 * both are decoded into the arena and must be UTF-8 text. */
static int
query_pair(arena_t *a, str_t piece, http_pair_t *out)
{
    str_t name, value;

    if (piece.len == 0)
        return 0;
    if (a == NULL)
        return 1;
    str_split(piece, '=', &name, &value);
    out->name = http_url_decode(a, name, true);
    out->value = http_url_decode(a, value, true);
    if (out->name.p == NULL || out->value.p == NULL)
        return HTTP_PARSE_NOMEM;
    if (!str_utf8_text(out->name) || !str_utf8_text(out->value))
        return HTTP_PARSE_NOT_TEXT;
    return 1;
}

int
http_query_parse(arena_t *a, str_t qs, http_pairs_t *out)
{
    return http_pairs_split(a, qs, '&', query_pair, out);
}
