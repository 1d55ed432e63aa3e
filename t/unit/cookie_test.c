#include "core/buf.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *a;

int
main(void)
{
    http_pairs_t kv;
    bool found;

    a = arena_new(4096);
    is_int(http_cookies_parse(a, STR_LIT("a=1; b=\"quoted\""), &kv), HTTP_PARSE_OK, "basic");
    is_int(kv.len, 2, "two cookies");
    is_str(http_pairs_get(&kv, "a", &found), "1", "a");
    is_str(http_pairs_get(&kv, "b", &found), "quoted", "quotes removed");

    is_int(http_cookies_parse(a, STR_LIT("sessionid=abc;csrftoken=x%20y"), &kv), HTTP_PARSE_OK,
           "no space after ';'");
    is_str(http_pairs_get(&kv, "csrftoken", NULL), "x%20y", "not percent-decoded");

    is_int(http_cookies_parse(a, STR_LIT("  a = 1 ;\tb=2\t"), &kv), HTTP_PARSE_OK, "blanks");
    is_str(kv.items[0].name, "a", "name trimmed");
    is_str(kv.items[0].value, "1", "value trimmed");
    is_str(kv.items[1].value, "2", "tab trimmed");

    is_int(http_cookies_parse(a, STR_LIT("flag; a=1; ; =x; b"), &kv), HTTP_PARSE_OK, "junk");
    is_int(kv.len, 1, "pieces without '=' or a name skipped");
    is_str(kv.items[0].name, "a", "only a kept");

    is_int(http_cookies_parse(a, STR_LIT("a=b=c"), &kv), HTTP_PARSE_OK, "two =");
    is_str(kv.items[0].value, "b=c", "value keeps later =");
    is_int(http_cookies_parse(a, STR_LIT("a="), &kv), HTTP_PARSE_OK, "empty value");
    ok(kv.len == 1 && kv.items[0].value.len == 0, "empty value kept");
    is_int(http_cookies_parse(a, STR_LIT("a=\"\""), &kv), HTTP_PARSE_OK, "empty quoted");
    is_str(kv.items[0].value, "", "empty quotes removed");
    is_int(http_cookies_parse(a, STR_LIT("a=\"unterminated; b=2"), &kv), HTTP_PARSE_OK,
           "unterminated quote");
    is_str(kv.items[0].value, "\"unterminated", "unterminated quote kept");
    is_str(kv.items[1].value, "2", "next cookie still read");
    is_int(http_cookies_parse(a, STR_LIT("a=\""), &kv), HTTP_PARSE_OK, "lone quote");
    is_str(kv.items[0].value, "\"", "lone quote kept");
    is_int(http_cookies_parse(a, STR_LIT("a=x\"y\""), &kv), HTTP_PARSE_OK, "inner quotes");
    is_str(kv.items[0].value, "x\"y\"", "quotes not at both ends kept");

    is_int(http_cookies_parse(a, STR_LIT(""), &kv), HTTP_PARSE_OK, "empty header");
    is_int(kv.len, 0, "no cookies");
    is_int(http_cookies_parse(a, STR_NULL, &kv), HTTP_PARSE_OK, "STR_NULL header");
    is_int(http_cookies_parse(a, STR_LIT(";;;"), &kv), HTTP_PARSE_OK, "separators only");
    is_int(kv.len, 0, "no cookies from separators");

    /* A cookie that is not UTF-8 text never reaches a handler; the others
     * are still read (a foreign cookie must not lock the user out). */
    is_int(http_cookies_parse(a, (str_t){"a=x\0y; b=2", 10}, &kv), HTTP_PARSE_OK, "NUL inside");
    ok(kv.len == 1 && str_eq_cstr(kv.items[0].name, "b"), "cookie with NUL skipped");
    is_int(http_cookies_parse(a, STR_LIT("sessionid=\xff\xfe; csrftoken=t"), &kv), HTTP_PARSE_OK,
           "invalid UTF-8 value");
    ok(kv.len == 1 && http_pairs_get(&kv, "sessionid", &found).p == NULL && !found,
       "cookie with invalid UTF-8 skipped");
    is_str(http_pairs_get(&kv, "csrftoken", NULL), "t", "the next one read");
    is_int(http_cookies_parse(a, STR_LIT("\xc3=1; n=caf\xc3\xa9"), &kv), HTTP_PARSE_OK,
           "invalid UTF-8 name");
    ok(kv.len == 1 && str_eq_cstr(kv.items[0].value, "caf\xc3\xa9"), "UTF-8 value kept");

    is_int(http_cookies_parse(a, STR_LIT("a=1; a=2"), &kv), HTTP_PARSE_OK, "duplicate");
    is_str(http_pairs_get(&kv, "a", NULL), "1", "get returns the first");

    buf_t b;
    buf_init(&b);
    for (int i = 0; i < HTTP_MAX_FIELDS; i++)
        buf_printf(&b, "c%d=%d; ", i, i);
    is_int(http_cookies_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_OK, "1000 cookies");
    is_int(kv.len, 1000, "1000 read");
    buf_puts(&b, "last=1");
    is_int(http_cookies_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_TOO_MANY,
           "1001 cookies refused");
    buf_reset(&b);
    for (int i = 0; i < 5000; i++)
        buf_puts(&b, "junk; ");
    is_int(http_cookies_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_OK,
           "5000 skipped pieces do not count");
    buf_reset(&b);
    buf_puts(&b, "big=");
    for (int i = 0; i < (1 << 20); i++)
        buf_append(&b, "0123456789", 10);
    is_int(http_cookies_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_OK, "10 MB value");
    is_int(kv.items[0].value.len, 10 << 20, "whole value");
    buf_free(&b);

    arena_free(a);
    return done_testing();
}
