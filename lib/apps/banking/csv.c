#include "apps/banking/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the byte loop is within a record. */
enum csv_state {
    ST_RECORD,   /* nothing of the record consumed yet */
    ST_EMPTY_CR, /* a CR at record start: an empty CRLF line, if LF follows */
    ST_FIELD,    /* at the start of a field, after a comma */
    ST_UNQUOTED, /* inside an unquoted field */
    ST_QUOTED,   /* inside a quoted field */
    ST_QUOTE,    /* a quote inside a quoted field: closing, or first of "" */
    ST_CR,       /* a CR that ended a field: LF must follow */
};

struct csv_reader {
    csv_read_fn read;
    void *ctx;
    int fd;
    size_t max_field_len, max_fields;
    size_t memory;
    bool started, eof, failed;
    size_t line; /* line of the next unread byte */
    char *in;    /* CSV_CHUNK bytes of input */
    size_t in_len, in_pos;
    str_t *fields; /* max_fields */
    char *rec;     /* max_fields * max_field_len bytes of field data */
    char err[160];
};

csv_reader_t *
csv_open(csv_read_fn read, void *ctx, size_t max_field_len, size_t max_fields)
{
    size_t rec_size, total;

    if (read == NULL || max_field_len == 0 || max_fields == 0)
        return NULL;
    if (max_fields > SIZE_MAX / max_field_len)
        return NULL;
    rec_size = max_fields * max_field_len;
    if (max_fields > (SIZE_MAX - rec_size - CSV_CHUNK - sizeof(csv_reader_t)) / sizeof(str_t))
        return NULL;
    /* One block: the struct, then the str_t array (aligned as the struct
     * is), then the input chunk and the record bytes. */
    total = sizeof(csv_reader_t) + max_fields * sizeof(str_t) + CSV_CHUNK + rec_size;
    csv_reader_t *r = calloc(1, total);
    if (r == NULL)
        return NULL;
    r->read = read;
    r->ctx = ctx;
    r->fd = -1;
    r->max_field_len = max_field_len;
    r->max_fields = max_fields;
    r->memory = total;
    r->line = 1;
    r->fields = (str_t *)(r + 1);
    r->in = (char *)(r->fields + max_fields);
    r->rec = r->in + CSV_CHUNK;
    return r;
}

static ssize_t
csv_read_fd(void *ctx, void *buf, size_t len)
{
    const int *fd = ctx;
    ssize_t n;

    do
        n = read(*fd, buf, len);
    while (n < 0 && errno == EINTR);
    return n;
}

csv_reader_t *
csv_open_fd(int fd, size_t max_field_len, size_t max_fields)
{
    csv_reader_t *r = csv_open(csv_read_fd, NULL, max_field_len, max_fields);
    if (r != NULL) {
        r->fd = fd;
        r->ctx = &r->fd;
    }
    return r;
}

void
csv_close(csv_reader_t *r)
{
    free(r);
}

const char *
csv_error(const csv_reader_t *r)
{
    return r->err;
}

size_t
csv_memory(const csv_reader_t *r)
{
    return r->memory;
}

__attribute__((format(printf, 3, 4))) static int
csv_fail(csv_reader_t *r, size_t line, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, sizeof(r->err), "line %zu: ", line);

    va_start(ap, fmt);
    vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
    va_end(ap);
    r->failed = true;
    return -1;
}

/* Appends input to r->in until it holds at least want bytes or the input
 * ends. Returns -1 on a read error. */
static int
csv_fill(csv_reader_t *r, size_t want)
{
    if (r->in_pos == r->in_len)
        r->in_pos = r->in_len = 0;
    while (!r->eof && r->in_len - r->in_pos < want) {
        ssize_t n = r->read(r->ctx, r->in + r->in_len, CSV_CHUNK - r->in_len);
        if (n < 0)
            return csv_fail(r, r->line, "read error: %s", strerror(errno));
        if ((size_t)n > CSV_CHUNK - r->in_len)
            return csv_fail(r, r->line, "read error: callback overran the buffer");
        if (n == 0)
            r->eof = true;
        r->in_len += (size_t)n;
    }
    return 0;
}

/* The record being read: where the byte loop is, and what it has kept. */
typedef struct {
    enum csv_state st;
    size_t nfields, rec_len, field_start;
    size_t rec_line, field_line; /* where the record and the field began */
} csv_record_t;

/* What a byte did: csv_next goes on, has a record, or failed (csv_fail). */
enum { STEP_FAIL = -1, STEP_MORE = 0, STEP_RECORD = 1 };

/* Skips a UTF-8 BOM at the very start of the input. */
static int
csv_start(csv_reader_t *r)
{
    r->started = true;
    if (csv_fill(r, 3) != 0)
        return -1;
    if (r->in_len >= 3 && memcmp(r->in, "\xef\xbb\xbf", 3) == 0)
        r->in_pos = 3;
    return 0;
}

static inline void
csv_end_field(csv_reader_t *r, csv_record_t *rec)
{
    r->fields[rec->nfields++] = (str_t){r->rec + rec->field_start, rec->rec_len - rec->field_start};
}

/* A comma, LF or CR outside quotes: ends the field, and at LF the record. */
static inline int
csv_delimiter(csv_reader_t *r, csv_record_t *rec, char c)
{
    csv_end_field(r, rec);
    if (c == '\n')
        return STEP_RECORD;
    if (c == '\r') {
        rec->st = ST_CR;
        return STEP_MORE;
    }
    if (rec->nfields == r->max_fields)
        return csv_fail(r, r->line, "more than %zu fields", r->max_fields);
    rec->st = ST_FIELD;
    return STEP_MORE;
}

/* Keeps a byte of field data. */
static inline int
csv_put(csv_reader_t *r, csv_record_t *rec, char c)
{
    if (rec->rec_len - rec->field_start == r->max_field_len)
        return csv_fail(r, r->line, "field %zu longer than %zu bytes", rec->nfields + 1,
                        r->max_field_len);
    r->rec[rec->rec_len++] = c;
    return STEP_MORE;
}

static inline int
csv_unquoted(csv_reader_t *r, csv_record_t *rec, char c)
{
    if (c == ',' || c == '\n' || c == '\r')
        return csv_delimiter(r, rec, c);
    if (c == '"')
        return csv_fail(r, r->line, "quote in unquoted field");
    return csv_put(r, rec, c);
}

/* The first byte of a field: an opening quote, or unquoted data. */
static inline int
csv_field_start(csv_reader_t *r, csv_record_t *rec, char c)
{
    rec->field_start = rec->rec_len;
    rec->field_line = r->line;
    if (c == '"') {
        rec->st = ST_QUOTED;
        return STEP_MORE;
    }
    rec->st = ST_UNQUOTED;
    return csv_unquoted(r, rec, c);
}

/* One byte of input through the state machine. */
static inline int
csv_step(csv_reader_t *r, csv_record_t *rec, char c)
{
    switch (rec->st) {
    case ST_RECORD:
        if (c == '\n')
            return STEP_MORE;
        if (c == '\r') {
            rec->st = ST_EMPTY_CR;
            return STEP_MORE;
        }
        rec->rec_line = r->line;
        return csv_field_start(r, rec, c);
    case ST_EMPTY_CR:
        if (c != '\n')
            return csv_fail(r, r->line, "CR without LF");
        rec->st = ST_RECORD;
        return STEP_MORE;
    case ST_FIELD:
        return csv_field_start(r, rec, c);
    case ST_UNQUOTED:
        return csv_unquoted(r, rec, c);
    case ST_QUOTED:
        if (c == '"') {
            rec->st = ST_QUOTE;
            return STEP_MORE;
        }
        return csv_put(r, rec, c);
    case ST_QUOTE:
        if (c == '"') { /* a doubled quote: one quote of data */
            rec->st = ST_QUOTED;
            return csv_put(r, rec, c);
        }
        if (c != ',' && c != '\n' && c != '\r')
            return csv_fail(r, r->line, "text after closing quote");
        return csv_delimiter(r, rec, c);
    case ST_CR:
        if (c != '\n')
            return csv_fail(r, r->line, "CR without LF");
        return STEP_RECORD;
    }
    return STEP_FAIL; /* not reached: every state is handled */
}

/* End of input: the last record without its newline, or the end. */
static int
csv_end(csv_reader_t *r, csv_record_t *rec)
{
    switch (rec->st) {
    case ST_RECORD:
    case ST_EMPTY_CR:
        return 0;
    case ST_QUOTED:
        return csv_fail(r, rec->field_line, "unterminated quote");
    case ST_FIELD:
        rec->field_start = rec->rec_len;
        /* fall through */
    case ST_UNQUOTED:
    case ST_QUOTE:
        csv_end_field(r, rec);
        break;
    case ST_CR:
        break;
    }
    return STEP_RECORD;
}

int
csv_next(csv_reader_t *r, csv_row_t *row)
{
    csv_record_t rec = {ST_RECORD, 0, 0, 0, r->line, r->line};
    int step = STEP_MORE;

    if (r->failed || (!r->started && csv_start(r) != 0))
        return -1;
    while (step == STEP_MORE) {
        if (r->in_pos == r->in_len) {
            if (csv_fill(r, 1) != 0)
                return -1;
            if (r->in_pos == r->in_len) {
                step = csv_end(r, &rec);
                break;
            }
        }
        char c = r->in[r->in_pos++];
        if (c == '\0')
            return csv_fail(r, r->line, "NUL byte");
        if (c == '\n')
            r->line++;
        step = csv_step(r, &rec, c);
    }
    if (step != STEP_RECORD)
        return step;
    row->fields = r->fields;
    row->nfields = rec.nfields;
    row->line = rec.rec_line;
    return 1;
}
