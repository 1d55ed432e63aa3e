#include "apps/banking/date.h"

bool
date_valid(int year, int month, int day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap);
}

/* The value of s.p[from..from+n), which must all be ASCII digits; -1 if not. */
static int
digits(str_t s, size_t from, size_t n)
{
    int v = 0;
    for (size_t i = from; i < from + n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return -1;
        v = v * 10 + (s.p[i] - '0');
    }
    return v;
}

bool
date_iso_valid(str_t s)
{
    if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
        return false;
    int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
    return year >= 0 && month >= 0 && day >= 0 && date_valid(year, month, day);
}
