#include <stdlib.h>

#include "core/buf.h"
#include "http/parse.h"
#include "tap.h"

static arena_t *a;
static http_parts_t parts;

static int
parse(const char *boundary, const char *body)
{
    return http_multipart_parse(a, str_from_cstr(boundary), str_from_cstr(body), &parts);
}

static void
test_basic(void)
{
    const char *body = "--XyZ\r\n"
                       "Content-Disposition: form-data; name=\"title\"\r\n"
                       "\r\n"
                       "March\r\n"
                       "--XyZ\r\n"
                       "content-disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                       "Content-Type: text/csv\r\n"
                       "\r\n"
                       "date,amount\r\n2024-03-01,12.50\r\n"
                       "--XyZ--\r\n";
    is_int(parse("XyZ", body), HTTP_PARSE_OK, "two parts");
    is_int(parts.len, 2, "two parts read");
    is_str(parts.items[0].name, "title", "field name");
    is_str(parts.items[0].data, "March", "field data without the CRLF");
    is_str(parts.items[0].filename, NULL, "field is not a file");
    is_str(parts.items[0].content_type, NULL, "no content type");
    is_str(parts.items[1].name, "file", "lowercase header name");
    is_str(parts.items[1].filename, "a.csv", "filename");
    is_str(parts.items[1].content_type, "text/csv", "content type");
    is_str(parts.items[1].data, "date,amount\r\n2024-03-01,12.50", "data keeps inner CRLF");
    ok(http_parts_get(&parts, "file") == &parts.items[1], "parts_get");
    ok(http_parts_get(&parts, "nope") == NULL, "parts_get absent");
    ok(http_parts_get(&parts, "File") == NULL, "parts_get exact");
}

static void
test_lenient(void)
{
    is_int(parse("b", "preamble text\r\nmore\r\n--b\r\nContent-Disposition: form-data; "
                      "name=x\r\n\r\n1\r\n--b--"),
           HTTP_PARSE_OK, "preamble, unquoted name, no CRLF after close");
    is_str(parts.items[0].name, "x", "unquoted name");
    is_str(parts.items[0].data, "1", "data");

    is_int(parse("b", "--b\nContent-Disposition: form-data; name=\"x\"\n\nline1\nline2\n--b--\n"),
           HTTP_PARSE_OK, "bare LF everywhere");
    is_str(parts.items[0].data, "line1\nline2", "bare LF data");

    is_int(parse("b", "--b \t\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\r\n--b--"
                      "epilogue here"),
           HTTP_PARSE_OK, "padding after the delimiter, epilogue");
    is_str(parts.items[0].data, "", "empty data");

    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n--b--"),
           HTTP_PARSE_OK, "empty data without its CRLF");
    is_str(parts.items[0].data, "", "empty data");

    is_int(parse("b", "--b--"), HTTP_PARSE_OK, "no parts at all");
    is_int(parts.len, 0, "zero parts");

    is_int(parse("b", "--b\r\nCONTENT-DISPOSITION:FORM-DATA;NAME=\"x\";FILENAME=\"\"\r\n"
                      "X-Other: y\r\n\r\nd\r\n--b--"),
           HTTP_PARSE_OK, "upper case, no spaces, unknown header");
    is_str(parts.items[0].filename, "", "empty filename is present but empty");

    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"a\\\"b\"; "
                      "filename=\"C:\\\\dir\\\\f.txt\"\r\n\r\nd\r\n--b--"),
           HTTP_PARSE_OK, "backslash escapes");
    is_str(parts.items[0].name, "a\"b", "escaped quote in name");
    is_str(parts.items[0].filename, "C:\\dir\\f.txt", "escaped backslashes");

    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"a;b\"; x; y=\"z\"\r\n\r\n"
                      "d\r\n--b--"),
           HTTP_PARSE_OK, "';' inside quotes, other params");
    is_str(parts.items[0].name, "a;b", "quoted ';'");
}

static void
test_boundary_in_data(void)
{
    is_int(parse("XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                        "a--XyZ\r\n--XyZabc\r\n--XyZ-\r\n--XyZ --\r\n--Xy\r\n--XyZ--"),
           HTTP_PARSE_OK, "boundary as a prefix inside data");
    is_int(parts.len, 1, "one part");
    is_str(parts.items[0].data, "a--XyZ\r\n--XyZabc\r\n--XyZ-\r\n--XyZ --\r\n--Xy",
           "look-alike delimiters are data");

    is_int(parse("XyZ", "x--XyZ\r\n--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"
                        "1\r\n--XyZ--"),
           HTTP_PARSE_OK, "boundary not at line start in the preamble");
    is_str(parts.items[0].data, "1", "real part found");

    /* A file: a form field's data must be text (test_not_text). */
    const char nul_body[] =
        "--b\r\nContent-Disposition: form-data; name=\"bin\"; filename=\"b\"\r\n\r\n"
        "\0\r\n\0--b\r\n--b--";
    is_int(http_multipart_parse(a, STR_LIT("b"), (str_t){nul_body, sizeof(nul_body) - 1}, &parts),
           HTTP_PARSE_OK, "NUL bytes in data");
    is_int(parts.items[0].data.len, 7, "binary data length");
}

static void
test_malformed(void)
{
    static const struct {
        const char *boundary, *body, *what;
    } cases[] = {
        {"b", "", "empty body"},
        {"", "----\r\n", "empty boundary"},
        {"b", "no delimiter at all", "no delimiter"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ndata", "no close"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ndata\r\n--b\r\n",
         "ends after a delimiter"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ndata\r\n--b", "no --"},
        {"b", "--b\r\nContent-Disposition: form-data\r\n\r\nd\r\n--b--", "no name"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nd\r\n--b--", "empty name"},
        {"b", "--b\r\nContent-Type: text/plain\r\n\r\nd\r\n--b--", "no disposition"},
        {"b", "--b\r\n\r\nd\r\n--b--", "no headers"},
        {"b", "--b\r\nContent-Disposition: attachment; name=\"x\"\r\n\r\nd\r\n--b--",
         "not form-data"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nd\r\n--b--",
         "unterminated quote"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\\\"\r\n\r\nd\r\n--b--",
         "escaped closing quote"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"junk\r\n\r\nd\r\n--b--",
         "junk after quoted string"},
        {"b", "--b\r\nno colon here\r\n\r\nd\r\n--b--", "header without ':'"},
        {"b", "--b\r\n: empty\r\n\r\nd\r\n--b--", "empty header name"},
        {"b", "--b\r\n \t: blank\r\n\r\nd\r\n--b--", "blank header name"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n", "headers never end"},
        {"b", "--b\r\nContent-Disposition: form-data; name=\"x\"", "header line never ends"},
        {"b", "--bX\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nd\r\n--bX--",
         "wrong boundary"},
        {"b", "--", "just dashes"},
        {"b", "--b", "delimiter only"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        is_int(parse(cases[i].boundary, cases[i].body), HTTP_PARSE_MALFORMED, "malformed: %s",
               cases[i].what);
        is_int(parts.len, 0, "no parts returned: %s", cases[i].what);
    }
    is_int(http_multipart_parse(a, STR_LIT("b"), STR_NULL, &parts), HTTP_PARSE_MALFORMED,
           "STR_NULL body");
    is_int(http_multipart_parse(a, STR_NULL, STR_LIT("--\r\n"), &parts), HTTP_PARSE_MALFORMED,
           "STR_NULL boundary");
}

static void
test_limits(void)
{
    buf_t b;
    char boundary[80];

    memset(boundary, 'q', sizeof(boundary));
    buf_init(&b);
    buf_puts(&b, "--");
    buf_append(&b, boundary, 70);
    buf_puts(&b, "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nd\r\n--");
    buf_append(&b, boundary, 70);
    buf_puts(&b, "--");
    is_int(http_multipart_parse(a, (str_t){boundary, 70}, (str_t){b.data, b.len}, &parts),
           HTTP_PARSE_OK, "70-byte boundary");
    buf_reset(&b);
    buf_puts(&b, "--");
    buf_append(&b, boundary, 71);
    buf_puts(&b, "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nd\r\n--");
    buf_append(&b, boundary, 71);
    buf_puts(&b, "--");
    is_int(http_multipart_parse(a, (str_t){boundary, 71}, (str_t){b.data, b.len}, &parts),
           HTTP_PARSE_MALFORMED, "71-byte boundary refused");

    buf_reset(&b);
    for (int i = 0; i < HTTP_MAX_PARTS; i++)
        buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--b--\r\n");
    is_int(http_multipart_parse(a, STR_LIT("b"), (str_t){b.data, b.len}, &parts), HTTP_PARSE_OK,
           "100 parts");
    is_int(parts.len, 100, "100 read");
    is_str(parts.items[99].data, "99", "last part intact after growth");
    is_str(parts.items[0].name, "f0", "first part intact after growth");
    buf_reset(&b);
    for (int i = 0; i < HTTP_MAX_PARTS + 1; i++)
        buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--b--\r\n");
    is_int(http_multipart_parse(a, STR_LIT("b"), (str_t){b.data, b.len}, &parts),
           HTTP_PARSE_TOO_MANY, "101 parts refused");

    buf_reset(&b);
    buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Long: ");
    for (int i = 0; i < 8192; i++)
        buf_putc(&b, 'h');
    buf_puts(&b, "\r\n\r\nd\r\n--b--");
    is_int(http_multipart_parse(a, STR_LIT("b"), (str_t){b.data, b.len}, &parts),
           HTTP_PARSE_MALFORMED, "header line over 8 KiB refused");

    buf_reset(&b);
    buf_puts(&b,
             "--b\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n");
    char *chunk = malloc(1 << 20);
    for (int i = 0; i < (1 << 20); i++)
        chunk[i] = (i % 64 == 63) ? '\n' : '-'; /* many near-delimiter lines */
    for (int i = 0; i < 10; i++)
        buf_append(&b, chunk, 1 << 20);
    buf_puts(&b, "\r\n--b--\r\n");
    is_int(http_multipart_parse(a, STR_LIT("b"), (str_t){b.data, b.len}, &parts), HTTP_PARSE_OK,
           "10 MB file of dashes and newlines");
    is_int(parts.items[0].data.len, 10 << 20, "whole file");
    free(chunk);
    buf_free(&b);
}

/* Names, filenames, content types and the data of parts that are not files
 * are text a handler may store: UTF-8 without NUL. A file's data is bytes. */
static void
test_not_text(void)
{
    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\xff.csv\"\r\n"
                      "\r\nx\r\n--b--"),
           HTTP_PARSE_NOT_TEXT, "filename with invalid UTF-8");
    ok(parts.len == 0 && parts.items == NULL, "... nothing returned");
    is_int(http_multipart_parse(
               a, STR_LIT("b"),
               STR_LIT("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\0.csv\"\r\n"
                       "\r\nx\r\n--b--"),
               &parts),
           HTTP_PARSE_NOT_TEXT, "filename with NUL");
    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"\xc3(\"\r\n\r\nx\r\n--b--"),
           HTTP_PARSE_NOT_TEXT, "name with invalid UTF-8");
    is_int(parse("b",
                 "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xed\xa0\x80\r\n--b--"),
           HTTP_PARSE_NOT_TEXT, "text part with a surrogate");
    is_int(http_multipart_parse(
               a, STR_LIT("b"),
               STR_LIT("--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\na\0b\r\n--b--"),
               &parts),
           HTTP_PARSE_NOT_TEXT, "text part with NUL");
    is_int(parse("b", "--b\r\nContent-Disposition: form-data; name=\"t\"\r\nContent-Type: \xff\r\n"
                      "\r\nx\r\n--b--"),
           HTTP_PARSE_NOT_TEXT, "content type with invalid UTF-8");
    is_int(http_multipart_parse(a, STR_LIT("b"),
                                STR_LIT("--b\r\nContent-Disposition: form-data; name=\"f\"; "
                                        "filename=\"caf\xc3\xa9.csv\"\r\n"
                                        "\r\n\xff\0\xfe\r\n--b--"),
                                &parts),
           HTTP_PARSE_OK, "a file's data is bytes, its UTF-8 filename text");
    is_int(parts.items[0].data.len, 3, "... data kept whole");
}

int
main(void)
{
    a = arena_new(4096);
    test_basic();
    test_lenient();
    test_boundary_in_data();
    test_malformed();
    test_limits();
    test_not_text();
    arena_free(a);
    return done_testing();
}
