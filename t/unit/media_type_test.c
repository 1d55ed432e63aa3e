#include "core/buf.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *a;

static void
malformed(const char *h)
{
    http_media_type_t mt;
    is_int(http_media_type_parse(a, str_from_cstr(h), &mt), HTTP_PARSE_MALFORMED,
           "malformed: \"%s\"", h);
}

int
main(void)
{
    http_media_type_t mt;
    bool found;

    a = arena_new(4096);
    is_int(http_media_type_parse(a, STR_LIT("Multipart/Form-Data; boundary=\"xyz\"; charset=utf-8"),
                                 &mt),
           HTTP_PARSE_OK, "the header's example");
    is_str(mt.type, "multipart/form-data", "type lowercased");
    is_int(mt.params.len, 2, "two params");
    is_str(http_pairs_get(&mt.params, "boundary", &found), "xyz", "quoted boundary");
    is_str(http_pairs_get(&mt.params, "charset", &found), "utf-8", "charset");

    is_int(http_media_type_parse(a, STR_LIT("application/json"), &mt), HTTP_PARSE_OK, "bare");
    is_str(mt.type, "application/json", "bare type");
    is_int(mt.params.len, 0, "no params");
    is_int(http_media_type_parse(a, STR_LIT("  text/plain  ;  "), &mt), HTTP_PARSE_OK, "blanks");
    is_str(mt.type, "text/plain", "blanks trimmed");
    is_int(http_media_type_parse(a, STR_LIT("application/vnd.api+json"), &mt), HTTP_PARSE_OK,
           "+ in subtype");

    is_int(http_media_type_parse(a, STR_LIT("text/plain; CharSet=UTF-8"), &mt), HTTP_PARSE_OK,
           "param name case");
    is_str(mt.params.items[0].name, "charset", "param name lowercased");
    is_str(mt.params.items[0].value, "UTF-8", "param value case kept");

    is_int(http_media_type_parse(a, STR_LIT("multipart/form-data; boundary=\"a;b\\\"c\\\\\"; x=1"),
                                 &mt),
           HTTP_PARSE_OK, "quoted ';' and escapes");
    is_str(http_pairs_get(&mt.params, "boundary", NULL), "a;b\"c\\", "escapes removed");
    is_str(http_pairs_get(&mt.params, "x", NULL), "1", "param after quoted string");

    is_int(http_media_type_parse(a, STR_LIT("text/plain; flag; ; a=1; =2; b = 3"), &mt),
           HTTP_PARSE_OK, "junk params");
    is_int(mt.params.len, 2, "junk skipped");
    is_str(http_pairs_get(&mt.params, "b", NULL), "3", "blanks around =");

    is_int(http_media_type_parse(a, STR_LIT("text/plain; a=\"unterminated"), &mt), HTTP_PARSE_OK,
           "unterminated quote");
    is_str(http_pairs_get(&mt.params, "a", NULL), "unterminated", "value runs to the end");
    is_int(http_media_type_parse(a, STR_LIT("text/plain; a=\"x\\"), &mt), HTTP_PARSE_OK,
           "backslash at the end");
    is_str(http_pairs_get(&mt.params, "a", NULL), "x\\", "trailing backslash kept");
    is_int(http_media_type_parse(a, STR_LIT("text/plain; a=\"q\"junk; b=2"), &mt), HTTP_PARSE_OK,
           "junk after a quoted value");
    is_str(http_pairs_get(&mt.params, "a", NULL), "q", "junk ignored");
    is_str(http_pairs_get(&mt.params, "b", NULL), "2", "next param read");
    is_int(http_media_type_parse(a, STR_LIT("text/plain; a="), &mt), HTTP_PARSE_OK, "a=");
    is_str(http_pairs_get(&mt.params, "a", NULL), "", "empty value");

    malformed("");
    malformed("text");
    malformed("text/");
    malformed("/plain");
    malformed("text/plain/x");
    malformed("text /plain");
    malformed("te xt/plain");
    malformed("; charset=utf-8");
    malformed("\"text/plain\"");
    is_int(http_media_type_parse(a, STR_NULL, &mt), HTTP_PARSE_MALFORMED, "STR_NULL");
    is_int(http_media_type_parse(a, (str_t){"text/pl\0in", 10}, &mt), HTTP_PARSE_MALFORMED,
           "NUL in type");
    is_int(http_media_type_parse(a, (str_t){"text/plain; a=\0b", 16}, &mt), HTTP_PARSE_OK,
           "NUL in a value");

    buf_t b;
    buf_init(&b);
    buf_puts(&b, "text/plain");
    for (int i = 0; i < HTTP_MAX_FIELDS; i++)
        buf_printf(&b, "; p%d=%d", i, i);
    is_int(http_media_type_parse(a, (str_t){b.data, b.len}, &mt), HTTP_PARSE_OK, "1000 params");
    is_int(mt.params.len, 1000, "all read");
    buf_puts(&b, "; last=1");
    is_int(http_media_type_parse(a, (str_t){b.data, b.len}, &mt), HTTP_PARSE_TOO_MANY,
           "1001 params refused");
    buf_free(&b);

    arena_free(a);
    return done_testing();
}
