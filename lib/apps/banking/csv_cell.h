/* Text cells of the CSV export. */
#ifndef APPS_BANKING_CSV_CELL_H
#define APPS_BANKING_CSV_CELL_H

#include "core/buf.h"

/* Appends text as one CSV cell: quoted when it holds a comma, quote, CR or
 * LF (RFC 4180). A cell a spreadsheet would take for a formula, one that
 * starts with =, +, -, @, tab or CR, is quoted and gets a leading ' (OWASP's
 * advice against CSV injection), so it shows as text and never runs.
 * For text only: numbers (amounts) are written as they are. */
void csv_cell_put(buf_t *b, const char *text);

#endif
