/* libFuzzer: query strings and percent-decoding. */
#include <stdint.h>
#include <stdlib.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena_t *a;
    str_t in = {(const char *)data, size};
    http_pairs_t kv;

    if (a == NULL && (a = arena_new(64 * 1024)) == NULL)
        abort();
    str_t d = http_url_decode(a, in, true);
    if (d.p == NULL || d.len > size || d.p[d.len] != '\0')
        abort();
    d = http_url_decode(a, in, false);
    if (d.p == NULL || d.len > size)
        abort();
    int rc = http_query_parse(a, in, &kv);
    if (rc == HTTP_PARSE_OK) {
        if (kv.len > HTTP_MAX_FIELDS)
            abort();
        for (size_t i = 0; i < kv.len; i++)
            if (kv.items[i].name.len + kv.items[i].value.len > size ||
                !str_utf8_text(kv.items[i].name) || !str_utf8_text(kv.items[i].value))
                abort();
        http_pairs_get(&kv, "a", NULL);
    } else if (rc != HTTP_PARSE_TOO_MANY && rc != HTTP_PARSE_NOT_TEXT) {
        abort();
    }
    arena_reset(a);
    return 0;
}
