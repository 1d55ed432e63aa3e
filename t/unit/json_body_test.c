#include <stdlib.h>

#include "core/buf.h"
#include "http/parse.h"
#include "tap.h"

static int
parse_len(const char *body, size_t len, json_object **obj, const char **err)
{
    return http_json_parse((str_t){body, len}, obj, err);
}

/* Expects a refusal whose message starts like DRF's. */
static void
bad(const char *body, size_t len, const char *what)
{
    json_object *obj = (json_object *)1;
    const char *err = NULL;
    int rc = parse_len(body, len, &obj, &err);
    is_int(rc, HTTP_PARSE_MALFORMED, "refused: %s", what);
    ok(obj == NULL, "no object: %s", what);
    ok(err && strncmp(err, "JSON parse error - ", 19) == 0, "DRF-style message: %s (%s)", what,
       err ? err : "null");
}

/* bad() over a literal's bytes, its NUL excluded. */
#define bad_lit(lit, what) bad((lit), sizeof(lit) - 1, (what))

static void
good(const char *body, const char *what)
{
    json_object *obj = NULL;
    const char *err = NULL;
    is_int(parse_len(body, strlen(body), &obj, &err), HTTP_PARSE_OK, "accepted: %s", what);
    ok(obj && json_object_is_type(obj, json_type_object), "object: %s", what);
    json_object_put(obj);
}

static void
test_good(void)
{
    json_object *obj = NULL, *v;
    const char *err = NULL;

    is_int(parse_len("{\"a\": 1, \"b\": [true, null, \"x\"]}", 32, &obj, &err), HTTP_PARSE_OK,
           "object parsed");
    ok(json_object_object_get_ex(obj, "a", &v) && json_object_get_int(v) == 1, "a is 1");
    ok(json_object_object_get_ex(obj, "b", &v) && json_object_array_length(v) == 3, "b has 3");
    json_object_put(obj);

    good("{}", "empty object");
    good("  \r\n\t{ } \r\n\t", "surrounding whitespace");
    good("{\"name\": \"caf\xc3\xa9 \xf0\x9f\x98\x80\"}", "valid UTF-8");
    good("{\"s\": \"\\u00e9\\ud83d\\ude00\"}", "unicode escapes");
    good("{\"n\": -1.5e10, \"i\": 9223372036854775807}", "numbers");
    good("{\"a\": 1, \"a\": 2}", "duplicate keys");

    good("{\"s\": \"\\\\u0000 \\\\ud800\"}", "escaped backslashes before u0000 and ud800");
    good("{\"s\": \"\\uD83D\\uDE00 \\u0041\\uffff\"}", "pair in upper case, BMP escapes");
}

/* What PostgreSQL's text cannot hold (NUL), and what json-c would silently
 * turn into U+FFFD (a lone surrogate), is refused rather than changed. */
static void
test_escapes(void)
{
    const char *err = NULL;
    json_object *obj = NULL;

    bad_lit("{\"s\": \"a\\u0000b\"}", "escaped NUL");
    bad_lit("{\"a\\u0000\": 1}", "escaped NUL in a key");
    bad_lit("{\"s\": \"\\ud800\"}", "lone high surrogate");
    bad_lit("{\"s\": \"\\udc00\"}", "lone low surrogate");
    bad_lit("{\"s\": \"\\ud800x\"}", "high surrogate then a character");
    bad_lit("{\"s\": \"\\ud800\\u0041\"}", "high surrogate then a BMP escape");
    bad_lit("{\"s\": \"\\ud800\\ud800\"}", "two high surrogates");
    bad_lit("{\"s\": \"\\udc00\\ud800\"}", "low before high");
    bad_lit("{\"s\": \"\\ud800\\", "high surrogate at the end of data");
    parse_len("{\"s\": \"a\\u0000b\"}", 17, &obj, &err);
    json_object_put(obj);
    ok(err && strstr(err, "\\u0000"), "the message names \\u0000 (%s)", err ? err : "null");
}

static void
test_bad(void)
{
    bad("", 0, "empty body");
    bad(NULL, 0, "STR_NULL body");
    bad("   \r\n", 5, "blank body");
    bad("[1, 2]", 6, "array at the top");
    bad("\"str\"", 5, "string at the top");
    bad("42", 2, "number at the top");
    bad("null", 4, "null at the top");
    bad("true", 4, "true at the top");
    bad("{", 1, "unterminated object");
    bad("{\"a\":", 5, "unterminated value");
    bad("{\"a\": \"x", 8, "unterminated string");
    bad("{} x", 4, "trailing garbage");
    bad("{}{}", 4, "two objects");
    bad("{}\0", 3, "trailing NUL");
    bad("{\"a\":\0 1}", 9, "NUL inside");
    bad("{\"a\": \"x\0y\"}", 12, "raw NUL in a string");
    bad("{'a': 1}", 8, "single quotes");
    bad("{a: 1}", 6, "bare key");
    bad("{\"a\": 1,}", 9, "trailing comma");
    bad("{\"a\": NaN}", 10, "NaN");
    bad("{\"a\": Infinity}", 15, "Infinity");
    bad("{\"a\": 01}", 9, "leading zero");
    bad("{\"a\": 1} // c", 13, "comment");
    bad("/* c */ {}", 10, "leading comment");
    bad("{\"a\": \"\xff\"}", 10, "invalid UTF-8");
    bad("{\"a\": \"\xc3\"}", 10, "truncated UTF-8");
    bad("{\"a\": \"\xed\xa0\x80\"}", 12, "encoded surrogate");
    bad("{\"a\": \"\t\"}", 10, "raw tab in a string");
    bad("{\"a\": \"\\x41\"}", 13, "bad escape");
    bad("\xef\xbb\xbf{}", 5, "byte order mark");
    bad("{\"a\": tru}", 10, "bad literal");
}

static void
test_depth(void)
{
    buf_t b;
    json_object *obj = NULL;
    const char *err = NULL;

    buf_init(&b);
    for (int i = 0; i < HTTP_MAX_JSON_DEPTH - 1; i++)
        buf_puts(&b, "{\"a\":");
    buf_puts(&b, "{}");
    for (int i = 0; i < HTTP_MAX_JSON_DEPTH - 1; i++)
        buf_putc(&b, '}');
    is_int(http_json_parse((str_t){b.data, b.len}, &obj, &err), HTTP_PARSE_OK, "64 levels pass");
    json_object_put(obj);

    buf_reset(&b);
    for (int i = 0; i < 100; i++)
        buf_puts(&b, "{\"a\":");
    buf_puts(&b, "{}");
    for (int i = 0; i < 100; i++)
        buf_putc(&b, '}');
    bad(b.data, b.len, "100 levels of objects");
    is_int(http_json_parse((str_t){b.data, b.len}, &obj, &err), HTTP_PARSE_MALFORMED, "depth");
    ok(err && strstr(err, "deep"), "message says too deep: %s", err ? err : "null");

    buf_reset(&b);
    buf_puts(&b, "{\"a\":");
    for (int i = 0; i < 100000; i++)
        buf_putc(&b, '[');
    bad(b.data, b.len, "100000 open brackets");
    buf_free(&b);
}

static void
test_big(void)
{
    size_t n = 10u << 20;
    char *body = malloc(n + 16);
    json_object *obj = NULL, *v;
    const char *err = NULL;

    memcpy(body, "{\"v\": \"", 7);
    memset(body + 7, 'x', n);
    memcpy(body + 7 + n, "\"}", 2);
    is_int(http_json_parse((str_t){body, n + 9}, &obj, &err), HTTP_PARSE_OK, "10 MB string");
    ok(obj && json_object_object_get_ex(obj, "v", &v) && (size_t)json_object_get_string_len(v) == n,
       "whole string");
    json_object_put(obj);
    memcpy(body + 7 + n, "\"", 1);
    bad(body, n + 8, "10 MB unterminated");
    free(body);
}

int
main(void)
{
    test_good();
    test_bad();
    test_escapes();
    test_depth();
    test_big();
    return done_testing();
}
