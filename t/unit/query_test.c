#include <stdlib.h>

#include "core/buf.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *a;

static void
test_decode(void)
{
    struct {
        const char *in, *want;
        bool plus;
    } cases[] = {
        {"a%20b", "a b", false},      {"a+b", "a b", true},
        {"a+b", "a+b", false},        {"%2B", "+", true},
        {"%zz", "%zz", true},         {"%", "%", true},
        {"a%", "a%", true},           {"%0", "%0", true},
        {"%0g", "%0g", true},         {"%%41", "%A", true},
        {"%c3%A9", "\xc3\xa9", true}, {"", "", true},
        {"%25", "%", true},           {"100%", "100%", true},
        {"%%%", "%%%", true},         {"caf\xc3\xa9", "caf\xc3\xa9", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        str_t got = http_url_decode(a, str_from_cstr(cases[i].in), cases[i].plus);
        is_str(got, cases[i].want, "decode \"%s\"%s", cases[i].in,
               cases[i].plus ? " (+ is space)" : "");
    }
    str_t nul = http_url_decode(a, STR_LIT("a%00b"), true);
    ok(nul.len == 3 && nul.p[1] == '\0' && nul.p[3] == '\0', "%%00 decodes to a NUL byte");
    str_t raw = http_url_decode(a, (str_t){"x\0y", 3}, true);
    ok(raw.len == 3 && memcmp(raw.p, "x\0y", 3) == 0, "raw NUL kept");
    str_t empty = http_url_decode(a, STR_NULL, true);
    ok(empty.p != NULL && empty.len == 0, "STR_NULL decodes to empty, not NULL");
    str_t term = http_url_decode(a, STR_LIT("ab"), true);
    ok(term.p[2] == '\0', "decoded copy is NUL-terminated");
}

static void
test_parse(void)
{
    http_pairs_t kv;
    bool found;

    is_int(http_query_parse(a, STR_LIT("a=1&b=&c&a=2"), &kv), HTTP_PARSE_OK, "basic query");
    is_int(kv.len, 4, "four fields");
    is_str(kv.items[0].name, "a", "first name");
    is_str(kv.items[0].value, "1", "first value");
    is_str(kv.items[1].value, "", "b= is empty");
    is_str(kv.items[2].name, "c", "c without =");
    is_str(kv.items[2].value, "", "c has empty value");
    is_str(http_pairs_get(&kv, "a", &found), "1", "get returns first a");
    ok(found, "found set");
    ok(http_pairs_get(&kv, "zz", &found).p == NULL && !found, "absent name");
    ok(http_pairs_get(&kv, "A", &found).p == NULL && !found, "get is case-sensitive");
    str_t b_value = http_pairs_get(&kv, "b", NULL);
    ok(b_value.p != NULL && b_value.len == 0, "get with NULL found still finds b's empty value");

    is_int(http_query_parse(a, STR_LIT("a=1&&b=2&"), &kv), HTTP_PARSE_OK, "empty pieces");
    is_int(kv.len, 2, "empty pieces skipped");

    is_int(http_query_parse(a, STR_LIT(""), &kv), HTTP_PARSE_OK, "empty query");
    ok(kv.len == 0, "no fields");
    is_int(http_query_parse(a, STR_NULL, &kv), HTTP_PARSE_OK, "STR_NULL query");
    is_int(http_query_parse(a, STR_LIT("&&&&"), &kv), HTTP_PARSE_OK, "only separators");
    is_int(kv.len, 0, "no fields from separators");

    is_int(http_query_parse(a, STR_LIT("q=a+b%26c&x%3Dy=1%3D2"), &kv), HTTP_PARSE_OK, "encoded");
    is_str(kv.items[0].value, "a b&c", "plus and %%26 decoded after split");
    is_str(kv.items[1].name, "x=y", "encoded = in name");
    is_str(kv.items[1].value, "1=2", "encoded = in value");

    is_int(http_query_parse(a, STR_LIT("a=b=c"), &kv), HTTP_PARSE_OK, "two =");
    is_str(kv.items[0].value, "b=c", "value keeps later =");
    is_int(http_query_parse(a, STR_LIT("=v"), &kv), HTTP_PARSE_OK, "empty name");
    ok(kv.len == 1 && kv.items[0].name.len == 0, "empty name kept (as Django)");
    is_int(http_query_parse(a, STR_LIT("a=%&b=%0&c=%zz"), &kv), HTTP_PARSE_OK, "bad escapes");
    is_str(kv.items[0].value, "%", "lone %% kept");
    is_str(kv.items[1].value, "%0", "%%0 kept");
    is_str(kv.items[2].value, "%zz", "%%zz kept");
    is_int(http_query_parse(a, STR_LIT("a;b=1"), &kv), HTTP_PARSE_OK, "semicolon");
    is_str(kv.items[0].name, "a;b", "';' is not a separator");
}

/* What PostgreSQL cannot hold never leaves the parser: names and values are
 * UTF-8 without NUL once decoded. */
static void
test_not_text(void)
{
    http_pairs_t kv;

    is_int(http_query_parse(a, (str_t){"a=x\0y&b=2", 9}, &kv), HTTP_PARSE_NOT_TEXT, "raw NUL");
    ok(kv.len == 0 && kv.items == NULL, "... nothing returned");
    is_int(http_query_parse(a, STR_LIT("n=%00"), &kv), HTTP_PARSE_NOT_TEXT, "encoded NUL");
    is_int(http_query_parse(a, STR_LIT("n%00=1"), &kv), HTTP_PARSE_NOT_TEXT, "NUL in a name");
    is_int(http_query_parse(a, STR_LIT("search=%FF"), &kv), HTTP_PARSE_NOT_TEXT, "%%FF");
    is_int(http_query_parse(a, STR_LIT("a=1&%FF"), &kv), HTTP_PARSE_NOT_TEXT, "%%FF as a name");
    is_int(http_query_parse(a, STR_LIT("s=\xff"), &kv), HTTP_PARSE_NOT_TEXT, "raw FF");
    is_int(http_query_parse(a, STR_LIT("s=%C3&t=%A9"), &kv), HTTP_PARSE_NOT_TEXT,
           "a sequence split across pieces");
    is_int(http_query_parse(a, STR_LIT("s=%ED%A0%80"), &kv), HTTP_PARSE_NOT_TEXT, "surrogate");
    is_int(http_query_parse(a, STR_LIT("s=caf%C3%A9&t=\xc3\xa9"), &kv), HTTP_PARSE_OK,
           "UTF-8 escaped and raw");
    is_str(kv.items[0].value, "caf\xc3\xa9", "... decoded");
}

static void
test_limits(void)
{
    http_pairs_t kv;
    buf_t b;

    buf_init(&b);
    for (int i = 0; i < HTTP_MAX_FIELDS; i++)
        buf_printf(&b, "f%d=%d&", i, i);
    is_int(http_query_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_OK, "1000 fields pass");
    is_int(kv.len, 1000, "1000 fields read");
    is_str(kv.items[999].name, "f999", "last field");
    buf_puts(&b, "last=1");
    is_int(http_query_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_TOO_MANY,
           "1001 fields refused");
    is_int(kv.len, 0, "nothing returned on refusal");
    buf_reset(&b);
    for (int i = 0; i < 100000; i++)
        buf_putc(&b, '&');
    buf_puts(&b, "a=1");
    is_int(http_query_parse(a, (str_t){b.data, b.len}, &kv), HTTP_PARSE_OK,
           "100000 empty pieces do not count");
    is_int(kv.len, 1, "one field");
    buf_free(&b);

    size_t big = 10u << 20;
    char *v = malloc(big + 2);
    v[0] = 'v';
    v[1] = '=';
    memset(v + 2, '%', big);
    is_int(http_query_parse(a, (str_t){v, big + 2}, &kv), HTTP_PARSE_OK, "10 MB of '%%'");
    is_int(kv.items[0].value.len, big, "kept literally");
    for (size_t i = 2; i + 3 <= big + 2; i += 3)
        memcpy(v + i, "%41", 3);
    is_int(http_query_parse(a, (str_t){v, big + 2}, &kv), HTTP_PARSE_OK, "10 MB escaped value");
    ok(kv.items[0].value.len > (big / 3) - 2 && kv.items[0].value.p[0] == 'A', "decoded");
    free(v);
    arena_reset(a);
}

static int piece_calls;

/* "x" is a pair, "" is skipped, "bad" is malformed when counting and
 * "late" when filling: what http_pairs_split does with each answer. */
static int
test_piece(arena_t *arena, str_t text, http_pair_t *out)
{
    piece_calls++;
    if (text.len == 0)
        return 0;
    if (str_eq_cstr(text, "bad") || (arena != NULL && str_eq_cstr(text, "late")))
        return HTTP_PARSE_MALFORMED;
    out->name = text;
    out->value = STR_LIT("");
    return 1;
}

static void
test_split(void)
{
    http_pairs_t kv = {(http_pair_t *)&kv, 99};
    buf_t b;

    piece_calls = 0;
    is_int(http_pairs_split(a, STR_NULL, ',', test_piece, &kv), HTTP_PARSE_OK, "empty input");
    ok(kv.items == NULL && kv.len == 0 && piece_calls == 0, "... no pairs, no piece read");
    is_int(http_pairs_split(a, STR_LIT(",,,"), ',', test_piece, &kv), HTTP_PARSE_OK,
           "only separators");
    ok(kv.items == NULL && kv.len == 0, "... no pairs");
    is_int(http_pairs_split(a, STR_LIT("x,y"), ',', test_piece, &kv), HTTP_PARSE_OK, "two");
    ok(kv.len == 2 && str_eq_cstr(kv.items[1].name, "y"), "... in order");

    piece_calls = 0;
    is_int(http_pairs_split(a, STR_LIT("x,bad,y"), ',', test_piece, &kv), HTTP_PARSE_MALFORMED,
           "an error while counting is returned");
    ok(kv.items == NULL && kv.len == 0 && piece_calls == 2, "... at once, with no pairs");
    is_int(http_pairs_split(a, STR_LIT("x,late"), ',', test_piece, &kv), HTTP_PARSE_MALFORMED,
           "an error while filling is returned");
    ok(kv.items == NULL && kv.len == 0, "... with no pairs");

    buf_init(&b);
    for (int i = 0; i < HTTP_MAX_FIELDS; i++)
        buf_puts(&b, ",x");
    buf_puts(&b, ",,");
    is_int(http_pairs_split(a, (str_t){b.data, b.len}, ',', test_piece, &kv), HTTP_PARSE_OK,
           "exactly HTTP_MAX_FIELDS pairs, skipped pieces around them");
    is_int(kv.len, HTTP_MAX_FIELDS, "... all read");
    piece_calls = 0;
    buf_puts(&b, "x,bad");
    is_int(http_pairs_split(a, (str_t){b.data, b.len}, ',', test_piece, &kv), HTTP_PARSE_TOO_MANY,
           "one more is too many");
    ok(kv.items == NULL && kv.len == 0, "... with no pairs");
    is_int(piece_calls, HTTP_MAX_FIELDS + 3, "... said at the first extra pair, read no further");
    buf_free(&b);
    arena_reset(a);
}

int
main(void)
{
    a = arena_new(4096);
    test_decode();
    test_parse();
    test_not_text();
    test_limits();
    test_split();
    arena_free(a);
    return done_testing();
}
