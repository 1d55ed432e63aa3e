/* The streaming CSV reader: a table of inputs, each read in several chunk
 * sizes so that every byte boundary is exercised, then real files and a
 * 100 MB stream with a heap that must not grow. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif
#ifdef HAVE_ASAN
/* From <sanitizer/allocator_interface.h>, which gcc does not install. */
size_t __sanitizer_get_current_allocated_bytes(void);
#else
#include <malloc.h>
#endif

#include "apps/banking/csv.h"
#include "core/buf.h"
#include "mem_source.h"
#include "tap.h"

/* Bytes the process has allocated and not freed. */
static size_t
heap_in_use(void)
{
#ifdef HAVE_ASAN
    return __sanitizer_get_current_allocated_bytes();
#else
    return mallinfo2().uordblks;
#endif
}

/* Reads everything and renders it as "<line>[f1|f2]..." and, on an error,
 * "ERR <message>", so a case is one string comparison. */
static void
render(const char *data, size_t len, size_t chunk, size_t max_len, size_t max_fields, buf_t *out)
{
    mem_src_t m = {data, len, 0, chunk};
    csv_reader_t *r = csv_open(mem_read, &m, max_len, max_fields);
    csv_row_t row;
    int rc;

    while ((rc = csv_next(r, &row)) == 1) {
        buf_printf(out, "%zu[", row.line);
        for (size_t i = 0; i < row.nfields; i++)
            buf_printf(out, "%s%.*s", i ? "|" : "", STR_FMT(row.fields[i]));
        buf_putc(out, ']');
    }
    if (rc < 0)
        buf_printf(out, "ERR %s", csv_error(r));
    if (csv_next(r, &row) != rc)
        buf_puts(out, " (not sticky)");
    csv_close(r);
}

static void
test_cases(void)
{
    static const struct {
        const char *what, *in;
        size_t len; /* 0: strlen(in) */
        const char *want;
    } cases[] = {
        {"LF", "a,b\nc,d\n", 0, "1[a|b]2[c|d]"},
        {"no final newline", "a,b\nc,d", 0, "1[a|b]2[c|d]"},
        {"CRLF", "a,b\r\nc,d\r\n", 0, "1[a|b]2[c|d]"},
        {"CRLF without final newline", "a,b\r\nc,d", 0, "1[a|b]2[c|d]"},
        {"mixed LF and CRLF", "a\r\nb\nc\r\n", 0, "1[a]2[b]3[c]"},
        {"BOM skipped",
         "\xef\xbb\xbf"
         "a,b\n",
         0, "1[a|b]"},
        {"BOM only", "\xef\xbb\xbf", 0, ""},
        {"BOM then quoted", "\xef\xbb\xbf\"a\"\n", 0, "1[a]"},
        {"BOM later is data",
         "a\n\xef\xbb\xbf"
         "b\n",
         0,
         "1[a]2[\xef\xbb\xbf"
         "b]"},
        {"partial BOM is data",
         "\xef\xbb"
         "a\n",
         0,
         "1[\xef\xbb"
         "a]"},
        {"empty input", "", 0, ""},
        {"only empty lines", "\n\r\n\n", 0, ""},
        {"empty lines skipped", "a\n\n\r\nb\n\n", 0, "1[a]4[b]"},
        {"quoted comma", "\"a,b\",c\n", 0, "1[a,b|c]"},
        {"quoted LF", "\"a\nb\",c\nd\n", 0, "1[a\nb|c]3[d]"},
        {"quoted CRLF", "\"a\r\nb\"\r\nc\r\n", 0, "1[a\r\nb]3[c]"},
        {"lone CR in quotes", "\"a\rb\"\n", 0, "1[a\rb]"},
        {"doubled quotes", "\"a\"\"b\",\"\"\"\"\n", 0, "1[a\"b|\"]"},
        {"empty quoted field", "\"\"\n", 0, "1[]"},
        {"quoted at EOF", "x,\"y\"", 0, "1[x|y]"},
        {"empty fields", ",,\n", 0, "1[||]"},
        {"trailing comma at EOF", "a,", 0, "1[a|]"},
        {"spaces kept", " a , b \n", 0, "1[ a | b ]"},
        {"CR at EOF ends record", "a\r", 0, "1[a]"},
        {"line counts quoted newlines", "\"x\n\ny\"\n\nz\n", 0, "1[x\n\ny]5[z]"},
        {"unterminated quote", "a\n\"b\nc\n", 0, "1[a]ERR line 2: unterminated quote"},
        {"unterminated quote mid-record", "a,b\nc,\"d\n\n", 0,
         "1[a|b]ERR line 2: unterminated quote"},
        {"quote in unquoted field", "ab\"c\n", 0, "ERR line 1: quote in unquoted field"},
        {"quote ending unquoted field", "a\nab\"\n", 0, "1[a]ERR line 2: quote in unquoted field"},
        {"text after closing quote", "\"a\"b\n", 0, "ERR line 1: text after closing quote"},
        {"space after closing quote", "\"a\" ,b\n", 0, "ERR line 1: text after closing quote"},
        {"NUL byte", "a\0b\n", 4, "ERR line 1: NUL byte"},
        {"NUL in quotes", "a\n\"\0\"\n", 6, "1[a]ERR line 2: NUL byte"},
        {"bare CR", "a\rb\n", 0, "ERR line 1: CR without LF"},
        {"bare CR on empty line", "a\n\rb\n", 0, "1[a]ERR line 2: CR without LF"},
        {"max fields", "a,b,c\n", 0, "1[a|b|c]"},
        {"too many fields", "a\na,b,c,d\n", 0, "1[a]ERR line 2: more than 3 fields"},
        {"too many empty fields", ",,,", 0, "ERR line 1: more than 3 fields"},
        {"max field length", "abcd,\"wxyz\",\"\"\"\"\"\"\"\"\"\"\n", 0, "1[abcd|wxyz|\"\"\"\"]"},
        {"oversized field", "abcde\n", 0, "ERR line 1: field 1 longer than 4 bytes"},
        {"oversized quoted field", "x,\"abc\"\"d\"\n", 0,
         "ERR line 1: field 2 longer than 4 bytes"},
    };
    static const size_t chunks[] = {1, 2, 3, 5, CSV_CHUNK};

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
        buf_t first, again;
        buf_init(&first);
        render(cases[i].in, len, chunks[0], 4, 3, &first);
        is_str(((str_t){buf_cstr(&first), first.len}), cases[i].want, "%s", cases[i].what);
        bool same = true;
        for (size_t c = 1; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
            buf_init(&again);
            render(cases[i].in, len, chunks[c], 4, 3, &again);
            if (!str_eq((str_t){first.data, first.len}, (str_t){again.data, again.len}))
                same = false;
            buf_free(&again);
        }
        ok(same, "%s: same result for every read size", cases[i].what);
        buf_free(&first);
    }
}

static void
test_open(void)
{
    mem_src_t m = {"", 0, 0, 1};

    ok(csv_open(mem_read, &m, 0, 5) == NULL, "max_field_len 0 refused");
    ok(csv_open(mem_read, &m, 5, 0) == NULL, "max_fields 0 refused");
    ok(csv_open(mem_read, &m, SIZE_MAX / 2, 4) == NULL, "overflowing limits refused");
    ok(csv_open(NULL, &m, 5, 5) == NULL, "no callback refused");
    csv_reader_t *r = csv_open(mem_read, &m, 5, 5);
    is_str(str_from_cstr(csv_error(r)), "", "no error before reading");
    csv_close(r);
    csv_close(NULL);
}

static ssize_t
failing_read(void *ctx, void *buf, size_t len)
{
    errno = EIO;
    return -1;
}

static void
test_read_error(void)
{
    csv_reader_t *r = csv_open(failing_read, NULL, 16, 4);
    csv_row_t row;

    is_int(csv_next(r, &row), -1, "read error reported");
    ok(strstr(csv_error(r), "line 1: read error: ") == csv_error(r), "read error names the line");
    csv_close(r);
}

static char *
data_path(const char *name)
{
    const char *srcdir = getenv("srcdir");
    static char path[4096];
    snprintf(path, sizeof(path), "%s/t/data/statements/%s", srcdir ? srcdir : ".", name);
    return path;
}

static void
test_sample_file(void)
{
    int fd = open(data_path("sample-12.csv"), O_RDONLY);
    csv_reader_t *r = csv_open_fd(fd, 1024, 32);
    csv_row_t row;
    size_t rows = 0, five = 0;

    if (!ok(fd >= 0 && r != NULL, "sample-12.csv opened")) {
        csv_close(r);
        return;
    }
    is_int(csv_next(r, &row), 1, "header read");
    is_str(row.fields[0], "Posted Date", "first header field");
    is_str(row.fields[4], "Amount", "last header field");
    while (csv_next(r, &row) == 1) {
        rows++;
        five += row.nfields == 5;
        if (rows == 11) {
            is_int(row.line, 12, "line of the quoted row");
            is_str(row.fields[2], "JOE'S PIZZA, INC", "quoted payee with comma");
            is_str(row.fields[3], "PHILADELPHIA  PA ", "address kept as written");
        }
    }
    is_int(rows, 12, "12 rows");
    is_int(five, 12, "every row has 5 fields");
    is_str(str_from_cstr(csv_error(r)), "", "no error at EOF");
    csv_close(r);
    close(fd);
}

/* A child writes n rows into a pipe while the reader consumes them. */
static void
test_pipe(void)
{
    int p[2];
    const size_t n = 50000; /* a few MB: far more than the pipe holds */

    if (!ok(pipe(p) == 0, "pipe"))
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        FILE *f = fdopen(p[1], "w");
        fputs("Posted Date,Reference Number,Payee,Address,Amount\r\n", f);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "1/%zu/2020,%zu,\"A \"\"B\"\", C\",\"X\nY\",-%zu.%02zu\r\n", i % 28 + 1, i,
                    i, i % 100);
        fclose(f);
        _exit(0);
    }
    close(p[1]);
    csv_reader_t *r = csv_open_fd(p[0], 256, 16);
    csv_row_t row;
    size_t rows = 0, good = 0, last_line = 0;
    int rc;
    csv_next(r, &row);
    while ((rc = csv_next(r, &row)) == 1) {
        good += row.nfields == 5 && str_eq_cstr(row.fields[2], "A \"B\", C") &&
                str_eq_cstr(row.fields[3], "X\nY") && row.line == 2 + 2 * rows;
        last_line = row.line;
        rows++;
    }
    is_int(rc, 0, "pipe read to the end");
    is_int(rows, n, "every row through the pipe");
    is_int(good, n, "every row intact");
    is_int(last_line, 2 * n, "line numbers count quoted newlines");
    csv_close(r);
    close(p[0]);
    waitpid(pid, NULL, 0);
}

/* Generates rows forever in whatever read sizes the reader asks for. */
typedef struct {
    size_t produced, limit, row, off;
    char line[128];
    size_t line_len;
} gen_src_t;

static ssize_t
gen_read(void *ctx, void *buf, size_t len)
{
    gen_src_t *g = ctx;
    size_t done = 0;

    /* Stops at the first line end past the limit. */
    while (done < len && (g->produced < g->limit || g->off < g->line_len)) {
        if (g->off == g->line_len) {
            g->line_len = (size_t)snprintf(g->line, sizeof(g->line),
                                           "%zu/%zu/2019,%010zu,\"PAYEE, \"\"%zu\"\"\",CITY "
                                           "ST,-%zu.%02zu\r\n",
                                           g->row % 12 + 1, g->row % 28 + 1, g->row, g->row % 7,
                                           g->row % 500, g->row % 100);
            g->off = 0;
            g->row++;
        }
        size_t n = g->line_len - g->off;
        if (n > len - done)
            n = len - done;
        memcpy((char *)buf + done, g->line + g->off, n);
        g->off += n;
        done += n;
        g->produced += n;
    }
    return (ssize_t)done;
}

static long
max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void
test_big_stream(void)
{
    gen_src_t g = {.limit = 100 * 1024 * 1024};
    size_t heap_before = heap_in_use();
    long rss_before = max_rss_kb();
    csv_reader_t *r = csv_open(gen_read, &g, 1024, 32);
    size_t heap_open = heap_in_use();
    csv_row_t row;
    size_t rows = 0, good = 0, heap_grew = 0;
    char want[32];
    int rc;

    ok(csv_memory(r) < CSV_CHUNK + 1024 * 32 + 32 * sizeof(str_t) + 512,
       "one block: chunk, record and field table (%zu bytes)", csv_memory(r));
    /* mallinfo2 counts malloc's own chunk header too. */
    ok(heap_open - heap_before >= csv_memory(r) && heap_open - heap_before <= csv_memory(r) + 64,
       "csv_open allocated only that block (%zu bytes)", heap_open - heap_before);
    while ((rc = csv_next(r, &row)) == 1) {
        snprintf(want, sizeof(want), "PAYEE, \"%zu\"", rows % 7);
        good += row.nfields == 5 && str_eq_cstr(row.fields[2], want) && row.line == rows + 1;
        if (rows++ % 65536 == 0 && heap_in_use() != heap_open)
            heap_grew++;
    }
    is_int(rc, 0, "100 MB read to the end");
    ok(g.produced >= g.limit && g.off == g.line_len, "all %zu bytes consumed", g.produced);
    is_int(good, rows, "%zu rows, all intact", rows);
    is_int(heap_grew, 0, "heap did not grow while streaming");
    ok(max_rss_kb() - rss_before < 16 * 1024, "peak RSS grew by %ld KiB",
       max_rss_kb() - rss_before);
    csv_close(r);
}

int
main(void)
{
    test_cases();
    test_open();
    test_read_error();
    test_sample_file();
    test_pipe();
    test_big_stream();
    return done_testing();
}
