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

int
csv_next(csv_reader_t *r, csv_row_t *row)
{
    enum csv_state st = ST_RECORD;
    size_t nfields = 0, rec_len = 0, field_start = 0;
    size_t rec_line = r->line, field_line = r->line;

    if (r->failed)
        return -1;
    if (!r->started) {
        r->started = true;
        if (csv_fill(r, 3) != 0)
            return -1;
        if (r->in_len >= 3 && memcmp(r->in, "\xef\xbb\xbf", 3) == 0)
            r->in_pos = 3;
    }
    for (;;) {
        if (r->in_pos == r->in_len) {
            if (csv_fill(r, 1) != 0)
                return -1;
            if (r->in_pos == r->in_len)
                break;
        }
        char c = r->in[r->in_pos++];
        if (c == '\0')
            return csv_fail(r, r->line, "NUL byte");
        if (c == '\n')
            r->line++;

        switch (st) {
        case ST_RECORD:
            if (c == '\n')
                continue;
            if (c == '\r') {
                st = ST_EMPTY_CR;
                continue;
            }
            rec_line = r->line;
            goto field;
        case ST_EMPTY_CR:
            if (c != '\n')
                return csv_fail(r, r->line, "CR without LF");
            st = ST_RECORD;
            continue;
        case ST_FIELD:
        field:
            field_start = rec_len;
            field_line = r->line;
            if (c == '"') {
                st = ST_QUOTED;
                continue;
            }
            st = ST_UNQUOTED;
            break; /* the byte is handled as part of an unquoted field */
        case ST_UNQUOTED:
            break;
        case ST_QUOTED:
            if (c == '"') {
                st = ST_QUOTE;
                continue;
            }
            goto put;
        case ST_QUOTE:
            if (c == '"') {
                st = ST_QUOTED;
                goto put;
            }
            if (c != ',' && c != '\n' && c != '\r')
                return csv_fail(r, r->line, "text after closing quote");
            break;
        case ST_CR:
            if (c != '\n')
                return csv_fail(r, r->line, "CR without LF");
            goto record;
        }

        /* An unquoted byte, or what follows a closing quote. */
        if (c == ',' || c == '\n' || c == '\r') {
            r->fields[nfields++] = (str_t){r->rec + field_start, rec_len - field_start};
            if (c == '\n')
                goto record;
            if (c == '\r') {
                st = ST_CR;
                continue;
            }
            if (nfields == r->max_fields)
                return csv_fail(r, r->line, "more than %zu fields", r->max_fields);
            st = ST_FIELD;
            continue;
        }
        if (c == '"')
            return csv_fail(r, r->line, "quote in unquoted field");
    put:
        if (rec_len - field_start == r->max_field_len)
            return csv_fail(r, r->line, "field %zu longer than %zu bytes", nfields + 1,
                            r->max_field_len);
        r->rec[rec_len++] = c;
    }

    /* End of input. */
    switch (st) {
    case ST_RECORD:
    case ST_EMPTY_CR:
        return 0;
    case ST_QUOTED:
        return csv_fail(r, field_line, "unterminated quote");
    case ST_FIELD:
        field_start = rec_len;
        /* fall through */
    case ST_UNQUOTED:
    case ST_QUOTE:
        r->fields[nfields++] = (str_t){r->rec + field_start, rec_len - field_start};
        break;
    case ST_CR:
        break;
    }
record:
    row->fields = r->fields;
    row->nfields = nfields;
    row->line = rec_line;
    return 1;
}
