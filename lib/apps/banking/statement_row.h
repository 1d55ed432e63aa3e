/* The credit-card statement format on top of the CSV reader: which column is
 * which, and turning one record into checked values ready for COPY.
 *
 *     csv_next(r, &row);                            the header
 *     statement_header(&row, &cols, err, sizeof(err));
 *     while (csv_next(r, &row) == 1) {
 *         statement_row_parse(&row, &cols, &tx, err, sizeof(err));
 *         buf_printf(&b, "%ld\t", file_id);        constant leading columns
 *         statement_row_copy(&b, &tx);              date, description, location, amount
 *     }
 */
#ifndef APPS_BANKING_STATEMENT_ROW_H
#define APPS_BANKING_STATEMENT_ROW_H

#include <stdbool.h>
#include <stddef.h>

#include "apps/banking/csv.h"
#include "core/buf.h"
#include "core/str.h"

enum { STATEMENT_TEXT_MAX = 500 }; /* bytes of a trimmed description or location */

#define STATEMENT_NO_COLUMN ((size_t)-1)

/* Field indexes of the columns the importer uses. */
typedef struct {
    size_t date;        /* "Posted Date" */
    size_t reference;   /* "Reference Number", STATEMENT_NO_COLUMN when absent */
    size_t description; /* "Payee" */
    size_t location;    /* "Address" */
    size_t amount;      /* "Amount" */
    size_t nfields;     /* fields in the header: every row must have as many */
} statement_columns_t;

/* One checked row. date and amount are canonical text ("2020-06-25",
 * "-3.04") that PostgreSQL reads back exactly; the str_t fields are trimmed
 * and point into the csv_row_t, so they live until the next csv_next. */
typedef struct {
    size_t line;
    char date[11];   /* YYYY-MM-DD */
    char amount[16]; /* [-]digits.dd, |amount| < 10^10 (numeric(12,2)) */
    str_t reference; /* empty when the column is absent */
    str_t description;
    str_t location;
} statement_row_t;

/* Maps header names (trimmed, case-insensitive) to columns; extra columns
 * are ignored, in any order. Returns 0, or -1 with err set ("missing column:
 * Amount", "duplicate column: Payee"). */
int statement_header(const csv_row_t *header, statement_columns_t *cols, char *err, size_t errlen);

/* Checks row against cols and fills *out. Returns 0, or -1 with err set to
 * one line naming the CSV line ("line 7: invalid date \"13/45/2019\""). */
int statement_row_parse(const csv_row_t *row, const statement_columns_t *cols, statement_row_t *out,
                        char *err, size_t errlen);

/* Appends s as one field of PostgreSQL COPY text format: backslash, tab,
 * LF and CR become \\, \t, \n and \r. */
void statement_copy_field(buf_t *b, str_t s);

/* Appends "date\tdescription\tlocation\tamount\n" in COPY text format. */
void statement_row_copy(buf_t *b, const statement_row_t *row);

#endif
