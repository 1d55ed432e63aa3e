/* libFuzzer: the first line is a Content-Type header (fuzzing the media type
 * parser too); its boundary parameter, or "XyZ" when it has none, splits the
 * rest as a multipart/form-data body. */
#include <stdint.h>
#include <stdlib.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
inside(str_t s, str_t body)
{
    return s.len == 0 || (s.p >= body.p && s.p + s.len <= body.p + body.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena_t *a;
    str_t in = {(const char *)data, size}, line, body;
    str_t boundary = STR_LIT("XyZ");
    http_media_type_t mt;
    http_parts_t parts;
    bool found = false;

    if (a == NULL && (a = arena_new(64 * 1024)) == NULL)
        abort();
    if (!str_split(in, '\n', &line, &body))
        body = in;
    if (http_media_type_parse(a, line, &mt) == HTTP_PARSE_OK) {
        if (mt.type.len == 0 || mt.type.p[mt.type.len] != '\0')
            abort();
        str_t b = http_pairs_get(&mt.params, "boundary", &found);
        if (found && b.len >= 1 && b.len <= 70)
            boundary = b;
    }
    int rc = http_multipart_parse(a, boundary, body, &parts);
    if (rc == HTTP_PARSE_OK) {
        if (parts.len > HTTP_MAX_PARTS)
            abort();
        for (size_t i = 0; i < parts.len; i++) {
            const http_part_t *p = &parts.items[i];
            if (p->name.len == 0 || !inside(p->data, body) || !inside(p->content_type, body) ||
                !str_utf8_text(p->name) || !str_utf8_text(p->filename))
                abort();
        }
        http_parts_get(&parts, "file");
    } else if (parts.len != 0 || parts.items != NULL) {
        abort();
    }
    arena_reset(a);
    return 0;
}
