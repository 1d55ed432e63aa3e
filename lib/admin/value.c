/* The engine's type checks per admin_type_t: what a form or a filter value
 * must look like before it becomes a parameter, so PostgreSQL never sees a
 * value it would refuse with an error page. */
#include <stdio.h>

#include "admin/admin.h"
#include "apps/banking/date.h"

static bool
is_digits(str_t s)
{
    if (s.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

/* [-]digits[.digits], at most 15 digits in all (numeric(12,2) and its kin). */
static bool
is_decimal(str_t s)
{
    str_t whole, frac;
    if (s.len > 0 && (s.p[0] == '-' || s.p[0] == '+'))
        s = (str_t){s.p + 1, s.len - 1};
    bool has_dot = str_split(s, '.', &whole, &frac);
    return is_digits(whole) && (!has_dot || is_digits(frac)) && whole.len + frac.len <= 15;
}

/* YYYY-MM-DD, then " " or "T" and HH:MM or HH:MM:SS. */
static bool
is_datetime(str_t s)
{
    if (s.len < 16 || !date_iso_valid((str_t){s.p, 10}) || (s.p[10] != ' ' && s.p[10] != 'T'))
        return false;
    str_t t = {s.p + 11, s.len - 11};
    long h, mi, sec = 0;
    bool ok = (t.len == 5 || t.len == 8) && t.p[2] == ':' &&
              str_to_long((str_t){t.p, 2}, 0, 23, &h) &&
              str_to_long((str_t){t.p + 3, 2}, 0, 59, &mi);
    if (ok && t.len == 8)
        ok = t.p[5] == ':' && str_to_long((str_t){t.p + 6, 2}, 0, 59, &sec);
    return ok && is_digits((str_t){t.p, 2}) && is_digits((str_t){t.p + 3, 2});
}

/* local@domain with a dot in the domain, no spaces: Django's shape check;
 * the accounts app's validate hook applies the registration rules. */
static bool
is_email(str_t s)
{
    str_t local, domain, host, tld;
    if (!str_split(s, '@', &local, &domain) || local.len == 0 || domain.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] == ' ' || s.p[i] == '\t' || (s.p[i] == '@' && s.p + i != domain.p - 1))
            return false;
    return str_split(domain, '.', &host, &tld) && host.len > 0 && tld.len > 0;
}

static size_t
utf8_chars(str_t s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        n += ((unsigned char)s.p[i] & 0xc0) != 0x80;
    return n;
}

const char *
admin_value_check(const admin_field_t *f, str_t v)
{
    long n;
    if (!str_utf8_text(v))
        return "Enter valid text.";
    switch (f->type) {
    case ADMIN_TEXT:
    case ADMIN_TEXTAREA:
        break;
    case ADMIN_EMAIL:
        if (!is_email(v))
            return "Enter a valid email address.";
        break;
    case ADMIN_INT:
        return str_to_long(v, -0x7fffffffffffffffL, 0x7fffffffffffffffL, &n)
                   ? NULL
                   : "Enter a whole number.";
    case ADMIN_FK:
        return str_to_long(v, 1, 0x7fffffffffffffffL, &n) ? NULL : "Select a valid choice.";
    case ADMIN_DECIMAL:
        return is_decimal(v) ? NULL : "Enter a number.";
    case ADMIN_BOOL:
        return str_eq_cstr(v, "on") || str_eq_cstr(v, "1") || str_eq_cstr(v, "0") ||
                       str_eq_cstr(v, "true") || str_eq_cstr(v, "false")
                   ? NULL
                   : "Enter a valid boolean.";
    case ADMIN_DATE:
        return date_iso_valid(v) ? NULL : "Enter a valid date.";
    case ADMIN_DATETIME:
        return is_datetime(v) ? NULL : "Enter a valid date/time.";
    case ADMIN_JSON:
    case ADMIN_FILE:
    case ADMIN_SECRET:
        return "This field cannot be changed here.";
    }
    if (f->max_len > 0 && utf8_chars(v) > (size_t)f->max_len)
        return "Ensure this value has at most the allowed number of characters.";
    return NULL;
}
