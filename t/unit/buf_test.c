#include <stdlib.h>

#include "core/buf.h"
#include "tap.h"

/* JSON-escapes s and compares the whole output. */
static void
json_case(str_t s, const char *want, const char *what)
{
    buf_t b;
    buf_init(&b);
    buf_json_str(&b, s);
    is_str(((str_t){b.data, b.len}), want, "json: %s", what);
    buf_free(&b);
}

static void
test_json(void)
{
    json_case(STR_LIT("plain"), "\"plain\"", "plain ASCII");
    json_case(STR_LIT(""), "\"\"", "empty");
    json_case(STR_NULL, "\"\"", "STR_NULL");
    json_case(STR_LIT("a\"b\\c"), "\"a\\\"b\\\\c\"", "quote and backslash");
    json_case(STR_LIT("\n\r\t"), "\"\\n\\r\\t\"", "common controls");
    json_case(STR_LIT("\x01\x1f\b\f"), "\"\\u0001\\u001f\\u0008\\u000c\"", "other controls");
    json_case((str_t){"a\0b", 3}, "\"a\\u0000b\"", "NUL byte");
    json_case(STR_LIT("\x7f"), "\"\x7f\"", "DEL kept");
    json_case(STR_LIT("/"), "\"/\"", "slash not escaped");
    json_case(STR_LIT("caf\xc3\xa9"), "\"caf\xc3\xa9\"", "2-byte UTF-8 kept");
    json_case(STR_LIT("\xe2\x82\xac"), "\"\xe2\x82\xac\"", "3-byte UTF-8 kept");
    json_case(STR_LIT("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"", "4-byte UTF-8 kept");
    json_case(STR_LIT("\xff"), "\"\\ufffd\"", "0xff replaced");
    json_case(STR_LIT("a\xc3"), "\"a\\ufffd\"", "truncated sequence at end");
    json_case(STR_LIT("\xc3("), "\"\\ufffd(\"", "bad continuation");
    json_case(STR_LIT("\xc0\xaf"), "\"\\ufffd\\ufffd\"", "overlong 2-byte");
    json_case(STR_LIT("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"", "overlong 3-byte");
    json_case(STR_LIT("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"", "UTF-16 surrogate");
    json_case(STR_LIT("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "above U+10FFFF");
    json_case(STR_LIT("\x80"), "\"\\ufffd\"", "lone continuation");
}

static void
test_append(void)
{
    buf_t b;

    buf_init(&b);
    is_str(str_from_cstr(buf_cstr(&b)), "", "empty cstr");
    buf_puts(&b, "a");
    buf_putc(&b, 'b');
    buf_str(&b, STR_LIT("cd"));
    buf_append(&b, "ef", 2);
    buf_append(&b, NULL, 0);
    buf_printf(&b, "%d-%s", 42, "x");
    is_str(((str_t){b.data, b.len}), "abcdef42-x", "appends in order");
    is_str(str_from_cstr(buf_cstr(&b)), "abcdef42-x", "cstr terminates");
    buf_json_cstr(&b, NULL);
    is_str(str_from_cstr(buf_cstr(&b)), "abcdef42-xnull", "json_cstr NULL is null");

    buf_reset(&b);
    is_int(b.len, 0, "reset empties");
    char *big = malloc(1 << 20);
    memset(big, 'z', 1 << 20);
    for (int i = 0; i < 3; i++)
        buf_append(&b, big, 1 << 20);
    ok(b.len == 3u << 20 && !b.failed, "3 MiB appended");
    ok(b.data[(3u << 20) - 1] == 'z', "last byte intact");
    buf_reset(&b);
    ok(b.cap == 0 && b.data == NULL, "reset shrinks a big buffer");
    free(big);

    b.failed = true;
    buf_puts(&b, "x");
    is_int(b.len, 0, "failed buffer ignores appends");
    buf_free(&b);
    ok(!b.failed && b.data == NULL, "free reinitialises");
}

int
main(void)
{
    test_json();
    test_append();
    return done_testing();
}
