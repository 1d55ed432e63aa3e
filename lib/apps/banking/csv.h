/* An incremental RFC 4180 reader for statement uploads.
 *
 * The reader pulls bytes through a callback in CSV_CHUNK-sized reads and
 * hands out one record at a time, so a 1 GB file costs the same memory as a
 * 1 KB one. All memory is allocated once, in csv_open (csv_memory() says how
 * much); csv_next never allocates.
 *
 * Accepted: an optional UTF-8 BOM at the very start; records ending in LF or
 * CRLF; quoted fields holding commas, CR, LF and doubled quotes. Fully empty
 * lines are skipped and a final newline does not make an empty record.
 * Refused, with "line N: ..." in csv_error(): a quote inside an unquoted
 * field, text after a closing quote, a CR outside quotes that is not part of
 * CRLF, an unterminated quote at EOF (N is the line where the field began),
 * NUL bytes, a field over max_field_len bytes, more than max_fields fields,
 * and read errors. Errors are sticky: every later csv_next returns -1. */
#ifndef APPS_BANKING_CSV_H
#define APPS_BANKING_CSV_H

#include <stddef.h>
#include <sys/types.h>

#include "core/str.h"

enum { CSV_CHUNK = 64 * 1024 };

typedef struct csv_reader csv_reader_t;

/* Reads up to len bytes into buf: returns the count, 0 at end of input, or
 * -1 with errno set. Short reads are fine. */
typedef ssize_t (*csv_read_fn)(void *ctx, void *buf, size_t len);

typedef struct {
    const str_t *fields; /* nfields fields, unescaped; point into the reader */
    size_t nfields;
    size_t line; /* 1-based line where the record starts */
} csv_row_t;

/* Returns a reader pulling from read(ctx, ...), or NULL when the limits are 0
 * or the memory they need cannot be allocated. The reader keeps
 * max_fields * max_field_len bytes for one record; it does not own ctx. */
csv_reader_t *csv_open(csv_read_fn read, void *ctx, size_t max_field_len, size_t max_fields);

/* The same over a file descriptor (a file or a pipe); fd stays the caller's. */
csv_reader_t *csv_open_fd(int fd, size_t max_field_len, size_t max_fields);

/* Frees the reader; NULL is fine. */
void csv_close(csv_reader_t *r);

/* Reads the next record into *row: 1 when there is one, 0 at end of input,
 * -1 on error (see csv_error). row's strings stay valid until the next
 * csv_next or csv_close; fields are not NUL-terminated. */
int csv_next(csv_reader_t *r, csv_row_t *row);

/* "line N: what went wrong" after csv_next returned -1, "" before. */
const char *csv_error(const csv_reader_t *r);

/* Bytes allocated by csv_open for this reader: all it will ever use. */
size_t csv_memory(const csv_reader_t *r);

#endif
