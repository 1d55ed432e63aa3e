/* The change list's page links: Django's get_elided_page_range (the
 * examples below are Django's, 1-based), and a huge estimated total costs
 * no more than a small one (the links are computed, not found by a loop
 * over every page). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "admin/internal.h"
#include "tap.h"

/* The links as Django prints them: 1-based, "…" for a gap. */
static const char *
links(long pages, long current)
{
    static char out[512];
    long l[ADMIN_PAGE_LINKS_MAX];
    size_t n = admin_page_links(pages, current, l), len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len +=
            (size_t)(l[i] == ADMIN_PAGE_GAP
                         ? snprintf(out + len, sizeof out - len, "%s…", i ? " " : "")
                         : snprintf(out + len, sizeof out - len, "%s%ld", i ? " " : "", l[i] + 1));
    return out;
}

int
main(void)
{
    is_str(str_from_cstr(links(1, 0)), "", "one page: no links");
    is_str(str_from_cstr(links(10, 9)), "1 2 3 4 5 6 7 8 9 10", "ten pages: all of them");
    is_str(str_from_cstr(links(50, 9)), "1 2 … 7 8 9 10 11 12 13 … 49 50",
           "Django's example: page 10 of 50");
    is_str(str_from_cstr(links(50, 0)), "1 2 3 4 … 49 50", "the first page");
    is_str(str_from_cstr(links(50, 6)), "1 2 3 4 5 6 7 8 9 10 … 49 50",
           "page 7: no gap for pages 3 to 3");
    is_str(str_from_cstr(links(50, 7)), "1 2 … 5 6 7 8 9 10 11 … 49 50", "page 8: a gap");
    is_str(str_from_cstr(links(50, 49)), "1 2 … 47 48 49 50", "the last page");
    is_str(str_from_cstr(links(50, 43)), "1 2 … 41 42 43 44 45 46 47 48 49 50",
           "page 44: no gap before the end");
    is_str(str_from_cstr(links(50, 99)), "1 2 … 47 48 49 50", "a page past the end: the last");
    /* 10^9 estimated rows at 100 a page: 10^7 pages. */
    is_str(str_from_cstr(links(10000000, 5000000)),
           "1 2 … 4999998 4999999 5000000 5000001 5000002 5000003 5000004 … 9999999 10000000",
           "10^7 pages: the windows only");
    is_str(str_from_cstr(links(LONG_MAX, LONG_MAX - 1)),
           "1 2 … 9223372036854775804 "
           "9223372036854775805 9223372036854775806 9223372036854775807",
           "LONG_MAX pages, the last: no overflow");
    return done_testing();
}
