#include "apps/banking/statement_row.h"
#include "apps/banking/date.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
    const char *name;
    size_t offset;
    bool required;
} statement_column_names[] = {
    {"Posted Date", offsetof(statement_columns_t, date), true},
    {"Reference Number", offsetof(statement_columns_t, reference), false},
    {"Payee", offsetof(statement_columns_t, description), true},
    {"Address", offsetof(statement_columns_t, location), true},
    {"Amount", offsetof(statement_columns_t, amount), true},
};
enum { NCOLUMNS = sizeof(statement_column_names) / sizeof(statement_column_names[0]) };

__attribute__((format(printf, 3, 4))) static int
statement_fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static size_t *
column_slot(statement_columns_t *cols, size_t i)
{
    return (size_t *)((char *)cols + statement_column_names[i].offset);
}

int
statement_header(const csv_row_t *header, statement_columns_t *cols, char *err, size_t errlen)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        *column_slot(cols, i) = STATEMENT_NO_COLUMN;
    cols->nfields = header->nfields;
    for (size_t f = 0; f < header->nfields; f++) {
        str_t name = str_trim(header->fields[f]);
        for (size_t i = 0; i < NCOLUMNS; i++) {
            if (!str_ieq_cstr(name, statement_column_names[i].name))
                continue;
            if (*column_slot(cols, i) != STATEMENT_NO_COLUMN)
                return statement_fail(err, errlen, "line %zu: duplicate column: %s", header->line,
                                      statement_column_names[i].name);
            *column_slot(cols, i) = f;
        }
    }
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (statement_column_names[i].required && *column_slot(cols, i) == STATEMENT_NO_COLUMN)
            return statement_fail(err, errlen, "line %zu: missing column: %s", header->line,
                                  statement_column_names[i].name);
    return 0;
}

/* Copies up to 32 bytes of s for an error message, '?' for anything but
 * printable ASCII, so a hostile field cannot put control bytes or broken
 * UTF-8 into the statement's error text. */
static const char *
quote_value(str_t s, char out[40])
{
    size_t n = s.len < 32 ? s.len : 32;
    for (size_t i = 0; i < n; i++)
        out[i] = s.p[i] >= 0x20 && s.p[i] < 0x7f ? s.p[i] : '?';
    strcpy(out + n, s.len > n ? "..." : "");
    return out;
}

/* Reads up to max decimal digits at s.p[*i]; false when fewer than min. */
static bool
take_digits(str_t s, size_t *i, size_t min, size_t max, int *out)
{
    size_t start = *i;
    int v = 0;

    while (*i < s.len && *i - start < max && s.p[*i] >= '0' && s.p[*i] <= '9')
        v = v * 10 + (s.p[(*i)++] - '0');
    *out = v;
    return *i - start >= min;
}

/* m/d/Y with a 1- or 2-digit month and day and a 4-digit year, checked
 * against the calendar (date_valid), written as YYYY-MM-DD. */
static bool
parse_date(str_t s, char out[11])
{
    size_t i = 0;
    int m, d, y;

    if (!take_digits(s, &i, 1, 2, &m) || i >= s.len || s.p[i++] != '/')
        return false;
    if (!take_digits(s, &i, 1, 2, &d) || i >= s.len || s.p[i++] != '/')
        return false;
    if (!take_digits(s, &i, 4, 4, &y) || i != s.len)
        return false;
    if (!date_valid(y, m, d))
        return false;
    const int parts[] = {y / 100, y % 100, -1, m, -1, d};
    for (size_t k = 0, o = 0; k < 6; k++) {
        if (parts[k] < 0) {
            out[o++] = '-';
            continue;
        }
        out[o++] = (char)('0' + parts[k] / 10);
        out[o++] = (char)('0' + parts[k] % 10);
    }
    out[10] = '\0';
    return true;
}

/* [+-] digits [. [d [d]]] or [+-] . d [d]: at least one digit, at most two
 * decimals, |amount| < 10^10, written as [-]int.dd without leading zeros
 * and without "-0.00".
 *
 * Thousands separators are refused rather than stripped: in an unquoted
 * field the comma already split the amount into two fields, and in a quoted
 * one "1,234" means 1.234 in the many locales that write a decimal comma.
 * Guessing wrong changes a charge a thousandfold without a trace; an error
 * names the line and the user can fix the export. */
static bool
parse_amount(str_t s, char out[16])
{
    char intpart[11], frac[3] = "00";
    size_t i = 0, nint = 0, nfrac = 0, ndigits = 0;
    bool negative = false;

    if (i < s.len && (s.p[i] == '-' || s.p[i] == '+'))
        negative = s.p[i++] == '-';
    for (; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, ndigits++) {
        if (nint == 0 && s.p[i] == '0')
            continue; /* a leading zero */
        if (nint == 10)
            return false;
        intpart[nint++] = s.p[i];
    }
    if (i < s.len && s.p[i] == '.')
        for (i++; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++, ndigits++) {
            if (nfrac == 2)
                return false;
            frac[nfrac++] = s.p[i];
        }
    if (i != s.len || ndigits == 0)
        return false;
    if (nint == 0)
        intpart[nint++] = '0';
    intpart[nint] = '\0';
    if (nint == 1 && intpart[0] == '0' && frac[0] == '0' && frac[1] == '0')
        negative = false;
    snprintf(out, 16, "%s%s.%s", negative ? "-" : "", intpart, frac);
    return true;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
static bool
utf8_valid(str_t s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0;

    while (i < s.len) {
        unsigned char c = p[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            lo = c == 0xe0 ? 0xa0 : 0x80;
            hi = c == 0xed ? 0x9f : 0xbf;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf;
        } else {
            return false;
        }
        if (s.len - i - 1 < n || p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= n; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xbf)
                return false;
        i += n + 1;
    }
    return true;
}

static int
parse_text(const csv_row_t *row, size_t col, const char *what, bool required, str_t *out, char *err,
           size_t errlen)
{
    *out = str_trim(row->fields[col]);
    if (!utf8_valid(*out))
        return statement_fail(err, errlen, "line %zu: %s is not valid UTF-8", row->line, what);
    if (out->len > STATEMENT_TEXT_MAX)
        return statement_fail(err, errlen, "line %zu: %s longer than %d bytes", row->line, what,
                              STATEMENT_TEXT_MAX);
    if (required && out->len == 0)
        return statement_fail(err, errlen, "line %zu: %s is empty", row->line, what);
    return 0;
}

int
statement_row_parse(const csv_row_t *row, const statement_columns_t *cols, statement_row_t *out,
                    char *err, size_t errlen)
{
    char shown[40];

    out->line = row->line;
    if (row->nfields != cols->nfields)
        return statement_fail(err, errlen, "line %zu: %zu fields, header has %zu", row->line,
                              row->nfields, cols->nfields);
    str_t date = str_trim(row->fields[cols->date]);
    if (!parse_date(date, out->date))
        return statement_fail(err, errlen, "line %zu: invalid date \"%s\" (want m/d/yyyy)",
                              row->line, quote_value(date, shown));
    str_t amount = str_trim(row->fields[cols->amount]);
    if (!parse_amount(amount, out->amount))
        return statement_fail(err, errlen, "line %zu: invalid amount \"%s\" (want -1234.56)",
                              row->line, quote_value(amount, shown));
    if (parse_text(row, cols->description, "Payee", true, &out->description, err, errlen) != 0 ||
        parse_text(row, cols->location, "Address", false, &out->location, err, errlen) != 0)
        return -1;
    out->reference = (str_t){"", 0};
    if (cols->reference != STATEMENT_NO_COLUMN &&
        parse_text(row, cols->reference, "Reference Number", false, &out->reference, err, errlen) !=
            0)
        return -1;
    return 0;
}

void
statement_copy_field(buf_t *b, str_t s)
{
    size_t start = 0;

    for (size_t i = 0; i < s.len; i++) {
        const char *esc;
        switch (s.p[i]) {
        case '\\':
            esc = "\\\\";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        default:
            continue;
        }
        buf_append(b, s.p + start, i - start);
        buf_append(b, esc, 2);
        start = i + 1;
    }
    buf_append(b, s.p + start, s.len - start);
}

void
statement_row_copy(buf_t *b, const statement_row_t *row)
{
    buf_puts(b, row->date);
    buf_putc(b, '\t');
    statement_copy_field(b, row->description);
    buf_putc(b, '\t');
    statement_copy_field(b, row->location);
    buf_putc(b, '\t');
    buf_puts(b, row->amount);
    buf_putc(b, '\n');
}
