#include <stdlib.h>

#include "admin/html.h"
#include "tap.h"

static buf_t out;
static html_t h = {&out};

static str_t
got(void)
{
    return (str_t){out.data, out.len};
}

static void
text_case(str_t s, const char *want, const char *what)
{
    buf_reset(&out);
    html_text(&h, s);
    is_str(got(), want, "text: %s", what);
}

static void
test_text(void)
{
    text_case(STR_LIT("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;",
              "script tag");
    text_case(STR_LIT("a&b \"c\" 'd'"), "a&amp;b &quot;c&quot; &#x27;d&#x27;", "quotes, ampersand");
    text_case(STR_LIT("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac", "UTF-8 kept");
    text_case(STR_LIT("a\xff<"), "a\xef\xbf\xbd&lt;", "0xff as U+FFFD");
    text_case(STR_LIT("\xc3"), "\xef\xbf\xbd", "truncated sequence");
    text_case(STR_LIT("\xc0\xbc"), "\xef\xbf\xbd\xef\xbf\xbd", "overlong '<' not a '<'");
    text_case(STR_LIT("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "surrogate");
    text_case((str_t){"a\0b", 3},
              "a\xef\xbf\xbd"
              "b",
              "NUL");
    text_case(STR_NULL, "", "STR_NULL");
    buf_reset(&out);
    html_text_cstr(&h, NULL);
    html_text_cstr(&h, "<b>");
    is_str(got(), "&lt;b&gt;", "cstr escapes, NULL prints nothing");
    buf_reset(&out);
    html_textf(&h, "%d <%s>", 3, "x");
    is_str(got(), "3 &lt;x&gt;", "textf escapes the result");
    buf_reset(&out);
    char big[600];
    memset(big, '<', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    html_textf(&h, "%s", big);
    is_int((long)out.len, 599 * 4, "textf past its small buffer");
}

static void
test_markup(void)
{
    buf_reset(&out);
    HTML_LIT(&h, "<a");
    HTML_ATTR(&h, "title", STR_LIT("\"><script>x</script>"));
    HTML_LIT(&h, ">");
    is_str(got(), "<a title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">",
           "attribute cannot close its quote");
    buf_reset(&out);
    html_url_part(&h, STR_LIT("a b/c?d=e&f\"<\xc3\xa9-_.~"));
    is_str(got(), "a%20b%2Fc%3Fd%3De%26f%22%3C%C3%A9-_.~", "url part percent-encoded");
}

int
main(void)
{
    buf_init(&out);
    test_text();
    test_markup();
    buf_free(&out);
    return done_testing();
}
