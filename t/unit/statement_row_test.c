/* Statement header mapping, row validation and COPY text, as tables of
 * inputs and expected outputs or error messages. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "apps/banking/statement_row.h"
#include "tap.h"

typedef struct {
    const char *data;
    size_t len, pos;
} mem_src_t;

static ssize_t
mem_read(void *ctx, void *buf, size_t len)
{
    mem_src_t *m = ctx;
    size_t n = m->len - m->pos < len ? m->len - m->pos : len;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

/* The first record of csv, read through the real reader; the row stays
 * valid until the next call. */
static csv_row_t
record(const char *csv, size_t line)
{
    static csv_reader_t *r;
    static mem_src_t m;
    csv_row_t row = {NULL, 0, 0};

    csv_close(r);
    m = (mem_src_t){csv, strlen(csv), 0};
    r = csv_open(mem_read, &m, 4096, 32);
    if (csv_next(r, &row) < 0)
        diag(csv_error(r));
    row.line = line;
    return row;
}

static const char header[] = "Posted Date,Reference Number,Payee,Address,Amount";

static void
test_header(void)
{
    statement_columns_t c;
    char err[128] = "";

    csv_row_t h = record(header, 1);
    is_int(statement_header(&h, &c, err, sizeof(err)), 0, "standard header");
    ok(c.date == 0 && c.reference == 1 && c.description == 2 && c.location == 3 && c.amount == 4,
       "standard positions");
    is_int(c.nfields, 5, "five fields");

    h = record(" amount ,PAYEE,Extra,\tposted DATE,ADDRESS,More\n", 1);
    is_int(statement_header(&h, &c, err, sizeof(err)), 0, "reordered, extra columns, any case");
    ok(c.amount == 0 && c.description == 1 && c.date == 3 && c.location == 4,
       "found by name, trimmed");
    ok(c.reference == STATEMENT_NO_COLUMN, "Reference Number is optional");
    is_int(c.nfields, 6, "six fields");

    static const struct {
        const char *in, *want;
    } bad[] = {
        {"Posted Date,Reference Number,Payee,Address", "line 1: missing column: Amount"},
        {"Payee,Address,Amount", "line 1: missing column: Posted Date"},
        {"Posted Date,Amount,Address", "line 1: missing column: Payee"},
        {"Posted Date,Payee,Amount", "line 1: missing column: Address"},
        {"Posted Date,Payee,Address,Amount,payee", "line 1: duplicate column: Payee"},
        {"Posted  Date,Payee,Address,Amount", "line 1: missing column: Posted Date"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        h = record(bad[i].in, 1);
        is_int(statement_header(&h, &c, err, sizeof(err)), -1, "header \"%s\" refused", bad[i].in);
        is_str(str_from_cstr(err), bad[i].want, "  says %s", bad[i].want);
    }
}

/* Parses one data row under the standard header. */
static int
parse(const char *csv, statement_row_t *out, char *err, size_t errlen)
{
    static statement_columns_t cols;
    static bool have_cols;
    if (!have_cols) {
        csv_row_t h = record(header, 1);
        statement_header(&h, &cols, err, errlen);
        have_cols = true;
    }
    err[0] = '\0';
    csv_row_t row = record(csv, 7);
    return statement_row_parse(&row, &cols, out, err, errlen);
}

static void
test_dates(void)
{
    static const struct {
        const char *in, *want; /* want NULL: refused */
    } cases[] = {
        {"6/25/2020", "2020-06-25"},
        {"1/1/2019", "2019-01-01"},
        {"12/31/2019", "2019-12-31"},
        {"01/02/2019", "2019-01-02"},
        {"2/29/2020", "2020-02-29"},
        {"2/29/2000", "2000-02-29"},
        {" 3/4/2020 ", "2020-03-04"},
        {"1/31/0001", "0001-01-31"},
        {"13/45/2019", NULL},
        {"2/30/2021", NULL},
        {"2/29/2019", NULL},
        {"2/29/1900", NULL},
        {"4/31/2020", NULL},
        {"0/1/2020", NULL},
        {"1/0/2020", NULL},
        {"1/1/20", NULL},
        {"1/1/02020", NULL},
        {"2020-01-01", NULL},
        {"", NULL},
        {"1//2020", NULL},
        {"111/1/2020", NULL},
        {"1/111/2020", NULL},
        {"1/1/0000", NULL},
        {"+1/1/2020", NULL},
        {"1/1/2020x", NULL},
        {"a/b/cdef", NULL},
        {"1/1/-202", NULL},
    };
    char csv[128], err[160];
    statement_row_t out;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(csv, sizeof(csv), "\"%s\",1,PAYEE,ADDR,-1.00", cases[i].in);
        int rc = parse(csv, &out, err, sizeof(err));
        if (cases[i].want) {
            ok(rc == 0 && strcmp(out.date, cases[i].want) == 0, "date %s -> %s", cases[i].in,
               cases[i].want);
        } else {
            char want[128];
            snprintf(want, sizeof(want), "line 7: invalid date \"%s\" (want m/d/yyyy)",
                     cases[i].in);
            ok(rc == -1 && strcmp(err, want) == 0, "date \"%s\" refused: %s", cases[i].in, err);
        }
    }
}

static void
test_amounts(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"-12.34", "-12.34"},
        {"-3.04", "-3.04"},
        {"100", "100.00"},
        {"-0.5", "-0.50"},
        {".5", "0.50"},
        {"-.5", "-0.50"},
        {"5.", "5.00"},
        {"+5", "5.00"},
        {"-0", "0.00"},
        {"-0.00", "0.00"},
        {"007.10", "7.10"},
        {"0", "0.00"},
        {" -1.5 ", "-1.50"},
        {"9999999999.99", "9999999999.99"},
        {"-9999999999.99", "-9999999999.99"},
        {"00000000000001", "1.00"},
        {"10000000000", NULL},
        {"-10000000000.00", NULL},
        {"12,34.5", NULL},
        {"1,234.56", NULL},
        {"1.234", NULL},
        {"", NULL},
        {"-", NULL},
        {".", NULL},
        {"-.", NULL},
        {"1e3", NULL},
        {"$5", NULL},
        {"1 000", NULL},
        {"--1", NULL},
        {"+-1", NULL},
        {"0x10", NULL},
        {"1.2.3", NULL},
        {"NaN", NULL},
        {"(5.00)", NULL},
    };
    char csv[128], err[160];
    statement_row_t out;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(csv, sizeof(csv), "1/1/2020,1,PAYEE,ADDR,\"%s\"", cases[i].in);
        int rc = parse(csv, &out, err, sizeof(err));
        if (cases[i].want) {
            ok(rc == 0 && strcmp(out.amount, cases[i].want) == 0, "amount %s -> %s", cases[i].in,
               cases[i].want);
        } else {
            char want[128];
            snprintf(want, sizeof(want), "line 7: invalid amount \"%s\" (want -1234.56)",
                     str_trim(str_from_cstr(cases[i].in)).p);
            ok(rc == -1 && strcmp(err, want) == 0, "amount \"%s\" refused: %s", cases[i].in, err);
        }
    }
}

static void
test_text(void)
{
    char csv[1200], err[160];
    statement_row_t out;
    char big[502];

    is_int(
        parse("1/1/2020,42,  CAF\xc3\x89 \xe2\x82\xac ,\t SEATTLE  WA ,-1", &out, err, sizeof(err)),
        0, "UTF-8 payee");
    is_str(out.description, "CAF\xc3\x89 \xe2\x82\xac", "payee trimmed");
    is_str(out.location, "SEATTLE  WA", "address trimmed, inner spaces kept");
    is_str(out.reference, "42", "reference");
    is_int(out.line, 7, "line kept");

    is_int(parse("1/1/2020,42,P,,-1", &out, err, sizeof(err)), 0, "empty address allowed");
    is_str(out.location, "", "empty address");

    static const struct {
        const char *payee, *addr, *want;
    } bad[] = {
        {"  ", "A", "line 7: Payee is empty"},
        {"\xff", "A", "line 7: Payee is not valid UTF-8"},
        {"P", "\xc0\xaf", "line 7: Address is not valid UTF-8"},
        {"\xed\xa0\x80", "A", "line 7: Payee is not valid UTF-8"},
        {"\xf4\x90\x80\x80", "A", "line 7: Payee is not valid UTF-8"},
        {"\xe2\x82", "A", "line 7: Payee is not valid UTF-8"},
        {"P", "\xe0\x80\xaf", "line 7: Address is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(csv, sizeof(csv), "1/1/2020,1,\"%s\",\"%s\",-1", bad[i].payee, bad[i].addr);
        ok(parse(csv, &out, err, sizeof(err)) == -1 && strcmp(err, bad[i].want) == 0, "%s",
           bad[i].want);
    }
    ok(parse("1/1/2020,1,\"\xf0\x9f\x92\xb3\",A,-1", &out, err, sizeof(err)) == 0,
       "4-byte UTF-8 accepted");

    memset(big, 'x', 500);
    big[500] = '\0';
    snprintf(csv, sizeof(csv), "1/1/2020,1, %s ,A,-1", big);
    ok(parse(csv, &out, err, sizeof(err)) == 0 && out.description.len == 500,
       "500-byte payee accepted");
    big[500] = 'x';
    big[501] = '\0';
    snprintf(csv, sizeof(csv), "1/1/2020,1,P,%s,-1", big);
    ok(parse(csv, &out, err, sizeof(err)) == -1 &&
           strcmp(err, "line 7: Address longer than 500 bytes") == 0,
       "501-byte address refused: %s", err);

    ok(parse("1/1/2020,1,P,A,-1,extra", &out, err, sizeof(err)) == -1 &&
           strcmp(err, "line 7: 6 fields, header has 5") == 0,
       "extra field: %s", err);
    ok(parse("1/1/2020,1,P,-1", &out, err, sizeof(err)) == -1 &&
           strcmp(err, "line 7: 4 fields, header has 5") == 0,
       "missing field: %s", err);
    ok(parse("1/1/2020,1,P,A,\"1\x01\"", &out, err, sizeof(err)) == -1 &&
           strcmp(err, "line 7: invalid amount \"1?\" (want -1234.56)") == 0,
       "control bytes not echoed: %s", err);
}

static void
test_copy(void)
{
    buf_t b;
    statement_row_t out;
    char err[160];

    buf_init(&b);
    statement_copy_field(&b, STR_LIT("a\tb\nc\rd\\e\\N"));
    is_str(((str_t){b.data, b.len}), "a\\tb\\nc\\rd\\\\e\\\\N", "COPY escapes tab, LF, CR, \\");
    buf_reset(&b);
    statement_copy_field(&b, STR_LIT(""));
    is_int(b.len, 0, "empty field stays empty");
    statement_copy_field(&b, STR_LIT("plain"));
    is_str(((str_t){b.data, b.len}), "plain", "plain text unchanged");

    buf_reset(&b);
    parse("2/29/2020,1,\"JOE'S\tPIZZA\\\",\"LINE1\nLINE2\",-.5", &out, err, sizeof(err));
    buf_puts(&b, "42\t");
    statement_row_copy(&b, &out);
    is_str(((str_t){b.data, b.len}), "42\t2020-02-29\tJOE'S\\tPIZZA\\\\\tLINE1\\nLINE2\t-0.50\n",
           "COPY row");
    buf_free(&b);
}

static void
test_sample(void)
{
    const char *srcdir = getenv("srcdir");
    char path[4096], err[160] = "";
    snprintf(path, sizeof(path), "%s/t/data/statements/sample-12.csv", srcdir ? srcdir : ".");
    int fd = open(path, O_RDONLY);
    csv_reader_t *r = csv_open_fd(fd, 4096, 64);
    statement_columns_t cols;
    statement_row_t rows[12], tx;
    csv_row_t row;
    size_t n = 0, bad = 0;
    long cents = 0;

    if (!ok(fd >= 0 && r != NULL, "sample-12.csv opened")) {
        csv_close(r);
        return;
    }
    csv_next(r, &row);
    is_int(statement_header(&row, &cols, err, sizeof(err)), 0, "sample header");
    while (csv_next(r, &row) == 1) {
        if (statement_row_parse(&row, &cols, &tx, err, sizeof(err)) != 0) {
            diag(err);
            bad++;
            continue;
        }
        long units, frac;
        str_t whole, part;
        str_split(str_from_cstr(tx.amount), '.', &whole, &part);
        str_to_long(whole, -10000, 10000, &units);
        str_to_long(part, 0, 99, &frac);
        cents += units * 100 + (tx.amount[0] == '-' ? -frac : frac);
        if (n < 12)
            rows[n] = tx; /* dates and amounts are copies; strings are not */
        if (n == 10) {
            is_str(tx.description, "JOE'S PIZZA, INC", "row 11 payee");
            is_str(tx.location, "PHILADELPHIA  PA", "row 11 address trimmed");
            is_str(tx.reference, "240009386770000000010", "row 11 reference");
        }
        n++;
    }
    is_int(n, 12, "12 rows");
    is_int(bad, 0, "no bad rows");
    is_str(str_from_cstr(rows[0].date), "2020-06-25", "first date");
    is_str(str_from_cstr(rows[0].amount), "-3.04", "first amount");
    is_int(rows[0].line, 2, "first row is line 2");
    is_str(str_from_cstr(rows[4].amount), "-58.50", "trailing zero kept");
    is_str(str_from_cstr(rows[11].date), "2019-08-08", "last date");
    is_str(str_from_cstr(rows[11].amount), "-158.13", "last amount");
    is_int(rows[11].line, 13, "last row is line 13");
    is_int(cents, -93464, "sum of amounts");
    csv_close(r);
    close(fd);
}

int
main(void)
{
    test_header();
    test_dates();
    test_amounts();
    test_text();
    test_copy();
    test_sample();
    record("", 0);
    return done_testing();
}
