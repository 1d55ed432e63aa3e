/* libFuzzer: Cookie headers. */
#include <stdint.h>
#include <stdlib.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
inside(str_t s, const uint8_t *data, size_t size)
{
    return s.len == 0 ||
           ((const uint8_t *)s.p >= data && (const uint8_t *)s.p + s.len <= data + size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static arena_t *a;
    http_pairs_t kv;

    if (a == NULL && (a = arena_new(64 * 1024)) == NULL)
        abort();
    int rc = http_cookies_parse(a, (str_t){(const char *)data, size}, &kv);
    if (rc == HTTP_PARSE_OK) {
        for (size_t i = 0; i < kv.len; i++)
            if (kv.items[i].name.len == 0 || !inside(kv.items[i].name, data, size) ||
                !inside(kv.items[i].value, data, size) || !str_utf8_text(kv.items[i].name) ||
                !str_utf8_text(kv.items[i].value))
                abort();
        http_pairs_get(&kv, "sessionid", NULL);
    } else if (rc != HTTP_PARSE_TOO_MANY) {
        abort();
    }
    arena_reset(a);
    return 0;
}
