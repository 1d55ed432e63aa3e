/* libFuzzer: the statement CSV reader and row validation. The input is read
 * twice, in one big read and in tiny reads whose size comes from the first
 * byte; both must give the same records and the same error. */
#include <stdint.h>
#include <stdlib.h>

#include "apps/banking/statement_row.h"
#include "core/buf.h"
#include "../unit/mem_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t
fnv(uint64_t h, const void *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * 1099511628211u;
    return h;
}

/* Reads everything, validating rows as the importer will; returns a hash of
 * every record, every verdict and the final status. */
static uint64_t
run(const uint8_t *data, size_t size, size_t chunk, buf_t *copy)
{
    enum { MAX_LEN = 64, MAX_FIELDS = 8 };
    mem_src_t m = {data, size, 0, chunk};
    csv_reader_t *r = csv_open(mem_read, &m, MAX_LEN, MAX_FIELDS);
    statement_columns_t cols;
    statement_row_t tx;
    csv_row_t row;
    char err[160];
    bool have_header = false;
    size_t last_line = 0;
    uint64_t h = 1469598103934665603u;
    int rc;

    if (r == NULL)
        abort();
    while ((rc = csv_next(r, &row)) == 1) {
        if (row.nfields == 0 || row.nfields > MAX_FIELDS || row.line <= last_line)
            abort();
        last_line = row.line;
        for (size_t i = 0; i < row.nfields; i++) {
            if (row.fields[i].len > MAX_LEN || memchr(row.fields[i].p, 0, row.fields[i].len))
                abort();
            h = fnv(h, row.fields[i].p, row.fields[i].len);
            h = fnv(h, "\x01", 1);
        }
        h = fnv(h, &row.line, sizeof(row.line));
        if (!have_header) {
            have_header = statement_header(&row, &cols, err, sizeof(err)) == 0;
            continue;
        }
        if (statement_row_parse(&row, &cols, &tx, err, sizeof(err)) != 0) {
            h = fnv(h, err, strlen(err));
            continue;
        }
        if (strlen(tx.date) != 10 || tx.description.len == 0 ||
            tx.description.len > STATEMENT_TEXT_MAX || tx.location.len > STATEMENT_TEXT_MAX)
            abort();
        buf_reset(copy);
        statement_row_copy(copy, &tx);
        /* Exactly three tabs and one newline, at the end: a row never leaks
         * into the next column or record. */
        size_t tabs = 0;
        for (size_t i = 0; i < copy->len; i++) {
            tabs += copy->data[i] == '\t';
            if ((copy->data[i] == '\n') != (i == copy->len - 1) || copy->data[i] == '\r')
                abort();
        }
        if (tabs != 3)
            abort();
        h = fnv(h, copy->data, copy->len);
    }
    h = fnv(h, &rc, sizeof(rc));
    h = fnv(h, csv_error(r), strlen(csv_error(r)));
    csv_close(r);
    return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static buf_t copy;
    size_t chunk = size ? data[0] % 7 + 1 : 1;

    if (run(data, size, CSV_CHUNK, &copy) != run(data, size, chunk, &copy))
        abort();
    return 0;
}
