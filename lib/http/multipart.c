#include "http/parse.h"

enum { MULTIPART_MAX_LINE = 8192, MULTIPART_MAX_BOUNDARY = 70 };

typedef struct {
    const char *p, *end;
    str_t boundary;
} mp_cursor_t;

/* Is there "--boundary" at p, followed by optional padding and then a line
 * end or "--"? *next is set past the line end (or past the "--"), *last
 * tells which. A boundary followed by anything else is data, not a
 * delimiter, so a boundary string used as a prefix inside data is safe. */
static bool
mp_delimiter_at(const mp_cursor_t *c, const char *p, const char **next, bool *last)
{
    size_t need = 2 + c->boundary.len;

    if ((size_t)(c->end - p) < need || p[0] != '-' || p[1] != '-' ||
        memcmp(p + 2, c->boundary.p, c->boundary.len) != 0)
        return false;
    p += need;
    if (c->end - p >= 2 && p[0] == '-' && p[1] == '-') {
        *next = p + 2;
        *last = true;
        return true;
    }
    while (p < c->end && (*p == ' ' || *p == '\t'))
        p++;
    if (c->end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
        *next = p + 2;
    } else if (p < c->end && *p == '\n') {
        *next = p + 1;
    } else {
        return false;
    }
    *last = false;
    return true;
}

/* Finds the next delimiter at the start of a line, searching from the '\n'
 * at or after from. Returns the position of that '\n' or NULL. */
static const char *
mp_find_delimiter(const mp_cursor_t *c, const char *from, const char **next, bool *last)
{
    const char *p = from;

    while (p < c->end) {
        const char *nl = memchr(p, '\n', (size_t)(c->end - p));
        if (nl == NULL)
            return NULL;
        if (mp_delimiter_at(c, nl + 1, next, last))
            return nl;
        p = nl + 1;
    }
    return NULL;
}

/* Reads one header line (CRLF or bare LF). False at the end of input or on
 * a line over the limit. */
static bool
mp_line(mp_cursor_t *c, str_t *line)
{
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (nl == NULL)
        return false;
    size_t len = (size_t)(nl - c->p);
    if (len > 0 && c->p[len - 1] == '\r')
        len--;
    if (len > MULTIPART_MAX_LINE)
        return false;
    *line = (str_t){c->p, len};
    c->p = nl + 1;
    return true;
}

/* A quoted-string at p (on its opening quote), its backslash escapes removed,
 * copied into the arena. *pp is advanced past the closing quote. */
static int
mp_quoted(arena_t *a, const char **pp, const char *end, str_t *out)
{
    const char *p = *pp + 1;
    char *buf = arena_alloc(a, (size_t)(end - p) + 1);
    size_t n = 0;

    if (buf == NULL)
        return HTTP_PARSE_NOMEM;
    for (; p < end && *p != '"'; p++) {
        if (*p == '\\' && p + 1 < end)
            p++;
        buf[n++] = *p;
    }
    if (p == end)
        return HTTP_PARSE_MALFORMED; /* unterminated */
    buf[n] = '\0';
    *out = (str_t){buf, n};
    *pp = p + 1;
    return HTTP_PARSE_OK;
}

static const char *
mp_skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* Content-Disposition: form-data; name="x"; filename="a.csv". Only name
 * and filename are kept (the first of each); pieces without '=' and other
 * parameters are skipped. */
static int
mp_disposition(arena_t *a, str_t value, http_part_t *part)
{
    str_t kind, rest;

    str_split(value, ';', &kind, &rest);
    if (!str_ieq_cstr(str_trim(kind), "form-data"))
        return HTTP_PARSE_MALFORMED;
    const char *p = rest.p, *end = rest.p + rest.len;
    while (p < end) {
        str_t name, v;
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
            p++;
        const char *start = p;
        while (p < end && *p != '=' && *p != ';')
            p++;
        if (p == end || *p == ';')
            continue;
        name = str_trim((str_t){start, (size_t)(p - start)});
        p = mp_skip_ws(p + 1, end);
        if (p < end && *p == '"') {
            int rc = mp_quoted(a, &p, end, &v);
            if (rc != HTTP_PARSE_OK)
                return rc;
            p = mp_skip_ws(p, end);
            if (p < end && *p != ';')
                return HTTP_PARSE_MALFORMED;
        } else {
            const char *vs = p;
            while (p < end && *p != ';')
                p++;
            v = str_trim((str_t){vs, (size_t)(p - vs)});
        }
        if (str_ieq_cstr(name, "name") && part->name.p == NULL)
            part->name = v;
        else if (str_ieq_cstr(name, "filename") && part->filename.p == NULL)
            part->filename = v;
    }
    return HTTP_PARSE_OK;
}

/* Header lines up to the empty line. Leaves c->p at the start of the data
 * and *header_end at the '\n' of the empty line. */
static int
mp_headers(arena_t *a, mp_cursor_t *c, http_part_t *part, const char **header_end)
{
    str_t line, name, value;
    bool seen_disposition = false;

    for (;;) {
        if (!mp_line(c, &line))
            return HTTP_PARSE_MALFORMED;
        if (line.len == 0) {
            *header_end = c->p - 1;
            break;
        }
        if (!str_split(line, ':', &name, &value) || (name = str_trim(name)).len == 0)
            return HTTP_PARSE_MALFORMED;
        value = str_trim(value);
        if (str_ieq_cstr(name, "content-disposition") && !seen_disposition) {
            seen_disposition = true;
            int rc = mp_disposition(a, value, part);
            if (rc != HTTP_PARSE_OK)
                return rc;
        } else if (str_ieq_cstr(name, "content-type") && part->content_type.p == NULL) {
            part->content_type = value;
        }
    }
    return part->name.p == NULL || part->name.len == 0 ? HTTP_PARSE_MALFORMED : HTTP_PARSE_OK;
}

/* What a handler may store as text is UTF-8 text; a file's data is bytes. */
static bool
mp_text(const http_part_t *part)
{
    return str_utf8_text(part->name) && str_utf8_text(part->filename) &&
           str_utf8_text(part->content_type) &&
           (part->filename.p != NULL || str_utf8_text(part->data));
}

static int
mp_push(arena_t *a, http_parts_t *out, size_t *cap, const http_part_t *part)
{
    if (out->len == HTTP_MAX_PARTS)
        return HTTP_PARSE_TOO_MANY;
    if (out->len == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        http_part_t *items = arena_calloc(a, ncap, sizeof(*items));
        if (items == NULL)
            return HTTP_PARSE_NOMEM;
        if (out->len)
            memcpy(items, out->items, out->len * sizeof(*items));
        out->items = items;
        *cap = ncap;
    }
    out->items[out->len++] = *part;
    return HTTP_PARSE_OK;
}

int
http_multipart_parse(arena_t *a, str_t boundary, str_t body, http_parts_t *out)
{
    mp_cursor_t c = {body.p, body.p, boundary};
    const char *next = NULL;
    bool last = false;
    size_t cap = 0;
    int rc = HTTP_PARSE_MALFORMED;

    out->items = NULL;
    out->len = 0;
    if (boundary.len < 1 || boundary.len > MULTIPART_MAX_BOUNDARY || body.len == 0)
        goto fail;
    c.end = body.p + body.len;

    /* The first delimiter opens the body or a line of the preamble. */
    if (!mp_delimiter_at(&c, c.p, &next, &last) && mp_find_delimiter(&c, c.p, &next, &last) == NULL)
        goto fail;

    while (!last) {
        http_part_t part = {STR_NULL, STR_NULL, STR_NULL, STR_NULL};
        const char *header_end, *nl;

        c.p = next;
        rc = mp_headers(a, &c, &part, &header_end);
        if (rc != HTTP_PARSE_OK)
            goto fail;
        /* The data's closing CRLF belongs to the next delimiter. Searching
         * from the empty line's '\n' lets a part with no data and no CRLF
         * before the delimiter through. */
        rc = HTTP_PARSE_MALFORMED;
        nl = mp_find_delimiter(&c, header_end, &next, &last);
        if (nl == NULL)
            goto fail;
        const char *data_end = nl;
        if (data_end > c.p && data_end[-1] == '\r')
            data_end--;
        if (data_end < c.p)
            data_end = c.p;
        part.data = (str_t){c.p, (size_t)(data_end - c.p)};
        rc = mp_text(&part) ? mp_push(a, out, &cap, &part) : HTTP_PARSE_NOT_TEXT;
        if (rc != HTTP_PARSE_OK)
            goto fail;
    }
    return HTTP_PARSE_OK;

fail:
    out->items = NULL;
    out->len = 0;
    return rc;
}

const http_part_t *
http_parts_get(const http_parts_t *parts, const char *name)
{
    for (size_t i = 0; parts != NULL && i < parts->len; i++)
        if (str_eq_cstr(parts->items[i].name, name))
            return &parts->items[i];
    return NULL;
}
