/* Export cells: RFC 4180 quoting, and OWASP's neutralisation of cells a
 * spreadsheet would run as formulas. */
#include "apps/banking/csv_cell.h"
#include "tap.h"

int
main(void)
{
    static const struct {
        const char *text, *cell;
    } cases[] = {
        {"SEPTA KEY", "SEPTA KEY"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
        {"=1+2", "\"'=1+2\""},
        {"+1", "\"'+1\""},
        {"-2+3", "\"'-2+3\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\tTab", "\"'\tTab\""},
        {"\rCR", "\"'\rCR\""},
        {"a=b", "a=b"},
        {" =not first", " =not first"},
        {"'quoted", "'quoted"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        buf_t b;
        buf_init(&b);
        csv_cell_put(&b, cases[i].text);
        is_str(str_from_cstr(buf_cstr(&b)), cases[i].cell, "cell %zu: %s", i, cases[i].cell);
        buf_free(&b);
    }
    return done_testing();
}
