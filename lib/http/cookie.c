#include "http/parse.h"

/* Like Django's parse_cookie, but a piece needs both a name and '=' to count:
 * a nameless cookie cannot be looked up anyway. Values keep their bytes as
 * sent (no percent-decoding), so names and values point into header. */
static bool
cookie_piece(str_t piece, http_pair_t *kv)
{
    str_t name, value;

    if (!str_split(piece, '=', &name, &value))
        return false;
    name = str_trim(name);
    value = str_trim(value);
    if (name.len == 0)
        return false;
    if (value.len >= 2 && value.p[0] == '"' && value.p[value.len - 1] == '"') {
        value.p++;
        value.len -= 2;
    }
    kv->name = name;
    kv->value = value;
    return true;
}

static int
cookie_pair(arena_t *a, str_t piece, http_pair_t *out)
{
    (void)a; /* names and values point into the header */
    return cookie_piece(piece, out) ? 1 : 0;
}

int
http_cookies_parse(arena_t *a, str_t header, http_pairs_t *out)
{
    return http_pairs_split(a, header, ';', cookie_pair, out);
}
