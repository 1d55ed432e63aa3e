#include "http/parse.h"

/* Like Django's parse_cookie, but a piece needs both a name and '=' to count:
 * a nameless cookie cannot be looked up anyway, nor can one that is not
 * UTF-8 text be used. Values keep their bytes as sent (no percent-decoding),
 * so names and values point into header and the arena is not used. An
 * http_piece_fn: 1 for a cookie, 0 to skip. */
static int
cookie_pair(arena_t *a, str_t piece, http_pair_t *out)
{
    str_t name, value;

    (void)a;
    if (!str_split(piece, '=', &name, &value))
        return 0;
    name = str_trim(name);
    value = str_trim(value);
    if (name.len == 0 || !str_utf8_text(name) || !str_utf8_text(value))
        return 0;
    if (value.len >= 2 && value.p[0] == '"' && value.p[value.len - 1] == '"') {
        value.p++;
        value.len -= 2;
    }
    out->name = name;
    out->value = value;
    return 1;
}

int
http_cookies_parse(arena_t *a, str_t header, http_pairs_t *out)
{
    return http_pairs_split(a, header, ';', cookie_pair, out);
}
