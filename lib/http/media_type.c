#include "http/parse.h"

/* RFC 9110 tchar: the bytes a type, subtype or parameter name may use. */
static bool
is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool
is_token(str_t s)
{
    if (s.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (!is_tchar((unsigned char)s.p[i]))
            return false;
    return true;
}

static str_t
lower_dup(arena_t *a, str_t s)
{
    char *p = arena_strndup(a, s.p, s.len);
    if (p == NULL)
        return STR_NULL;
    for (size_t i = 0; i < s.len; i++)
        if (p[i] >= 'A' && p[i] <= 'Z')
            p[i] = (char)(p[i] - 'A' + 'a');
    return (str_t){p, s.len};
}

/* Removes the backslashes of a quoted-string's body (quotes already gone). */
static str_t
unescape_dup(arena_t *a, str_t s)
{
    char *p = arena_alloc(a, s.len + 1);
    size_t n = 0;
    if (p == NULL)
        return STR_NULL;
    for (size_t i = 0; i < s.len; i++) {
        if (s.p[i] == '\\' && i + 1 < s.len)
            i++;
        p[n++] = s.p[i];
    }
    p[n] = '\0';
    return (str_t){p, n};
}

/* Reads the next "; name=value" from *rest without allocating. A value in
 * quotes runs to the closing quote (or the end, when unterminated) and
 * *quoted is set; anything after it up to the next ';' is ignored. Returns
 * false at the end of input; *name is empty for a piece to skip. */
static bool
param_next(str_t *rest, str_t *name, str_t *value, bool *quoted)
{
    const char *p = rest->p, *end = rest->p + rest->len;

    *name = STR_NULL;
    *value = STR_NULL;
    *quoted = false;
    while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
        p++;
    if (p == end) {
        *rest = (str_t){end, 0};
        return false;
    }
    const char *start = p;
    while (p < end && *p != '=' && *p != ';')
        p++;
    if (p == end || *p == ';') {
        *rest = (str_t){p, (size_t)(end - p)};
        return true; /* no '=': skipped */
    }
    *name = str_trim((str_t){start, (size_t)(p - start)});
    p++;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p < end && *p == '"') {
        const char *v = ++p;
        while (p < end && *p != '"') {
            if (*p == '\\' && p + 1 < end)
                p++;
            p++;
        }
        *value = (str_t){v, (size_t)(p - v)};
        *quoted = true;
        while (p < end && *p != ';')
            p++;
    } else {
        const char *v = p;
        while (p < end && *p != ';')
            p++;
        *value = str_trim((str_t){v, (size_t)(p - v)});
    }
    if (!is_token(*name))
        *name = STR_NULL;
    *rest = (str_t){p, (size_t)(end - p)};
    return true;
}

int
http_media_type_parse(arena_t *a, str_t header, http_media_type_t *out)
{
    str_t type, rest, name, value, sub, params;
    bool quoted;
    size_t count = 0, n = 0;

    out->type = STR_NULL;
    out->params.items = NULL;
    out->params.len = 0;
    str_split(header, ';', &type, &params);
    type = str_trim(type);
    if (!str_split(type, '/', &rest, &sub) || !is_token(rest) || !is_token(sub))
        return HTTP_PARSE_MALFORMED;

    rest = params;
    while (param_next(&rest, &name, &value, &quoted))
        if (name.len > 0 && ++count > HTTP_MAX_FIELDS)
            return HTTP_PARSE_TOO_MANY;

    out->type = lower_dup(a, type);
    if (out->type.p == NULL)
        return HTTP_PARSE_NOMEM;
    if (count == 0)
        return HTTP_PARSE_OK;
    http_pair_t *items = arena_calloc(a, count, sizeof(*items));
    if (items == NULL)
        return HTTP_PARSE_NOMEM;
    rest = params;
    while (n < count && param_next(&rest, &name, &value, &quoted)) {
        if (name.len == 0)
            continue;
        items[n].name = lower_dup(a, name);
        items[n].value = quoted ? unescape_dup(a, value) : value;
        if (items[n].name.p == NULL || items[n].value.p == NULL)
            return HTTP_PARSE_NOMEM;
        n++;
    }
    out->params.items = items;
    out->params.len = n;
    return HTTP_PARSE_OK;
}
