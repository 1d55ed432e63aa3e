/* The banking app's date checks, as a table: real calendar days (leap
 * years by the Gregorian rules), years 1 to 9999, strict YYYY-MM-DD. */
#include "apps/banking/date.h"
#include "tap.h"

static void
test_valid(void)
{
    static const struct {
        int y, m, d;
        bool valid;
    } cases[] = {
        {2019, 1, 31, true},   {2019, 2, 28, true},  {2019, 2, 29, false},  {2020, 2, 29, true},
        {2000, 2, 29, true},   {1900, 2, 29, false}, {2100, 2, 29, false},  {2019, 2, 31, false},
        {2019, 4, 30, true},   {2019, 4, 31, false}, {2019, 6, 31, false},  {2019, 9, 31, false},
        {2019, 11, 31, false}, {2019, 12, 31, true}, {2019, 12, 32, false}, {2019, 13, 1, false},
        {2019, 0, 1, false},   {2019, 1, 0, false},  {2019, -1, 1, false},  {0, 1, 1, false},
        {1, 1, 1, true},       {9999, 12, 31, true}, {10000, 1, 1, false},  {-1, 1, 1, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ok(date_valid(cases[i].y, cases[i].m, cases[i].d) == cases[i].valid, "%04d-%02d-%02d is %s",
           cases[i].y, cases[i].m, cases[i].d, cases[i].valid ? "a date" : "no date");
}

static void
test_iso(void)
{
    static const char *good[] = {"2019-12-01", "2020-02-29", "0001-01-01", "9999-12-31"};
    static const char *bad[] = {
        "2019-02-31", "2019-02-29", "0000-01-01", "+019-01-01",  " 019-01-01",  "2019-1-011",
        "2019-12-1x", "2019-12-1",  "2019/12/01", "20191201",    "2019-12-011", "-019-01-01",
        "2019-+1-01", "2019- 1-01", "",           "2019-12-01 ", "12/01/2019",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        ok(date_iso_valid(str_from_cstr(good[i])), "\"%s\" is a date", good[i]);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok(!date_iso_valid(str_from_cstr(bad[i])), "\"%s\" is refused", bad[i]);
    ok(!date_iso_valid(STR_NULL), "no string is refused");
    ok(!date_iso_valid((str_t){"2019-12-01", 9}), "the length counts, not a NUL");
}

int
main(void)
{
    test_valid();
    test_iso();
    return done_testing();
}
