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

int
http_cookies_parse(arena_t *a, str_t header, http_pairs_t *out)
{
    str_t rest = header, piece;
    size_t count = 0, n = 0;
    http_pair_t kv;

    out->items = NULL;
    out->len = 0;
    while (rest.len > 0) {
        str_split(rest, ';', &piece, &rest);
        if (cookie_piece(piece, &kv) && ++count > HTTP_MAX_FIELDS)
            return HTTP_PARSE_TOO_MANY;
    }
    if (count == 0)
        return HTTP_PARSE_OK;

    http_pair_t *items = arena_calloc(a, count, sizeof(*items));
    if (items == NULL)
        return HTTP_PARSE_NOMEM;
    rest = header;
    while (rest.len > 0 && n < count) {
        str_split(rest, ';', &piece, &rest);
        if (cookie_piece(piece, &items[n]))
            n++;
    }
    out->items = items;
    out->len = n;
    return HTTP_PARSE_OK;
}
