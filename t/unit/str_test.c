#include "core/str.h"
#include "tap.h"

static void
test_trim(void)
{
    is_str(str_trim(STR_LIT("  a b \t")), "a b", "trim spaces and tabs");
    is_str(str_trim(STR_LIT(" \t ")), "", "trim all-blank");
    is_int(str_trim(STR_NULL).len, 0, "trim STR_NULL");
    is_str(str_trim(STR_LIT("\na\n")), "\na\n", "trim keeps newlines");
}

static void
test_split(void)
{
    str_t head, rest;

    ok(str_split(STR_LIT("a=b=c"), '=', &head, &rest), "split finds =");
    is_str(head, "a", "split head");
    is_str(rest, "b=c", "split rest keeps later separators");
    ok(!str_split(STR_LIT("abc"), '=', &head, &rest), "split without separator");
    is_str(head, "abc", "head is all");
    is_int(rest.len, 0, "rest empty");
    ok(str_split(STR_LIT("="), '=', &head, &rest), "split lone separator");
    ok(head.len == 0 && rest.len == 0, "both empty");
    ok(!str_split(STR_NULL, '=', &head, &rest), "split STR_NULL");
    ok(str_split((str_t){"a\0b=c", 5}, '=', &head, &rest), "split across NUL");
    is_int(head.len, 3, "NUL kept in head");
}

static void
test_to_long(void)
{
    long v = 7;

    ok(str_to_long(STR_LIT("42"), 0, 100, &v) && v == 42, "42");
    ok(str_to_long(STR_LIT("-5"), -10, 10, &v) && v == -5, "-5");
    ok(str_to_long(STR_LIT("+5"), -10, 10, &v) && v == 5, "+5");
    ok(!str_to_long(STR_LIT(""), 0, 10, &v), "empty refused");
    ok(!str_to_long(STR_LIT("-"), -10, 10, &v), "sign alone refused");
    ok(!str_to_long(STR_LIT("1a"), 0, 100, &v), "trailing junk refused");
    ok(!str_to_long(STR_LIT(" 1"), 0, 100, &v), "leading space refused");
    ok(!str_to_long(STR_LIT("101"), 0, 100, &v), "above max refused");
    ok(!str_to_long(STR_LIT("-1"), 0, 100, &v), "below min refused");
    ok(str_to_long(STR_LIT("9223372036854775807"), 0, __LONG_MAX__, &v) && v == __LONG_MAX__,
       "LONG_MAX");
    ok(!str_to_long(STR_LIT("9223372036854775808"), 0, __LONG_MAX__, &v), "LONG_MAX+1 refused");
    ok(str_to_long(STR_LIT("-9223372036854775808"), -__LONG_MAX__ - 1, 0, &v) &&
           v == -__LONG_MAX__ - 1,
       "LONG_MIN");
    ok(!str_to_long(STR_LIT("99999999999999999999"), 0, __LONG_MAX__, &v), "20 digits refused");
    ok(!str_to_long((str_t){"1\0", 2}, 0, 100, &v), "NUL inside refused");
}

static void
test_compare(void)
{
    ok(str_eq(STR_LIT("ab"), STR_LIT("ab")), "eq");
    ok(!str_eq(STR_LIT("ab"), STR_LIT("abc")), "eq length");
    ok(str_eq(STR_NULL, STR_LIT("")), "NULL equals empty");
    ok(str_eq_cstr(STR_LIT("x"), "x"), "eq_cstr");
    ok(!str_eq_cstr(STR_LIT("x"), NULL), "eq_cstr NULL");
    ok(str_ieq_cstr(STR_LIT("Content-Type"), "content-type"), "ieq");
    ok(!str_ieq_cstr(STR_LIT("Content-Typ"), "content-type"), "ieq length");
    ok(str_starts_with(STR_LIT("/api/x"), "/api/"), "starts_with");
    ok(!str_starts_with(STR_LIT("/ap"), "/api/"), "starts_with short");
    is_int(str_from_cstr(NULL).len, 0, "from_cstr NULL");
}

/* utf8_len(literal): the validator over the literal's bytes, NUL excluded. */
#define utf8_len(lit) str_utf8_len((lit), sizeof(lit) - 1)

static void
test_utf8(void)
{
    is_int(utf8_len("a"), 1, "ASCII is 1 byte");
    is_int(utf8_len("\x7f"), 1, "DEL is 1 byte");
    is_int(utf8_len("\xc2\x80"), 2, "U+0080, the first 2-byte form");
    is_int(utf8_len("\xdf\xbf"), 2, "U+07FF, the last 2-byte form");
    is_int(utf8_len("\xe0\xa0\x80"), 3, "U+0800, the first 3-byte form");
    is_int(utf8_len("\xed\x9f\xbf"), 3, "U+D7FF, just below the surrogates");
    is_int(utf8_len("\xee\x80\x80"), 3, "U+E000, just above the surrogates");
    is_int(utf8_len("\xef\xbf\xbd"), 3, "U+FFFD");
    is_int(utf8_len("\xf0\x90\x80\x80"), 4, "U+10000, the first 4-byte form");
    is_int(utf8_len("\xf4\x8f\xbf\xbf"), 4, "U+10FFFF, the last code point");
    is_int(utf8_len("\xc3\xa9tail"), 2, "only the first sequence counts");

    is_int(utf8_len("\xc0\x80"), 0, "overlong NUL refused");
    is_int(utf8_len("\xc1\xbf"), 0, "overlong 2-byte refused");
    is_int(utf8_len("\xe0\x9f\xbf"), 0, "overlong 3-byte refused");
    is_int(utf8_len("\xf0\x8f\xbf\xbf"), 0, "overlong 4-byte refused");
    is_int(utf8_len("\xed\xa0\x80"), 0, "U+D800 (high surrogate) refused");
    is_int(utf8_len("\xed\xbf\xbf"), 0, "U+DFFF (low surrogate) refused");
    is_int(utf8_len("\xf4\x90\x80\x80"), 0, "U+110000 refused");
    is_int(utf8_len("\xf5\x80\x80\x80"), 0, "lead byte F5 refused");
    is_int(utf8_len("\xff"), 0, "byte FF refused");
    is_int(utf8_len("\x80"), 0, "stray continuation byte refused");
    is_int(utf8_len("\xc3"), 0, "truncated 2-byte refused");
    is_int(utf8_len("\xe2\x82"), 0, "truncated 3-byte refused");
    is_int(utf8_len("\xf0\x9f\x98"), 0, "truncated 4-byte refused");
    is_int(str_utf8_len("\xc3\xa9", 1), 0, "sequence past `left` refused");
    is_int(str_utf8_len("a", 0), 0, "nothing left: no sequence, nothing read");
    is_int(str_utf8_len(NULL, 0), 0, "nothing left: NULL is never read");
    is_int(utf8_len("\xe2\x28\xa1"), 0, "bad continuation byte refused");
}

static void
test_utf8_text(void)
{
    ok(str_utf8_text(STR_NULL), "text: nothing is text");
    ok(str_utf8_text(STR_LIT("caf\xc3\xa9 \xf0\x9f\x98\x80 ok")), "text: mixed widths");
    ok(!str_utf8_text(STR_LIT("ab\xff")), "text: byte FF refused");
    ok(!str_utf8_text(STR_LIT("\xc3")), "text: truncated at the end refused");
    ok(!str_utf8_text(STR_LIT("\xed\xa0\x80")), "text: surrogate refused");
    ok(!str_utf8_text((str_t){"a\0b", 3}), "text: NUL refused");
    ok(!str_utf8_text((str_t){"\xc3\xa9\0", 3}), "text: NUL after a sequence refused");
}

int
main(void)
{
    test_trim();
    test_split();
    test_to_long();
    test_compare();
    test_utf8();
    test_utf8_text();
    return done_testing();
}
