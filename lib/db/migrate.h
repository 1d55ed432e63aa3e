/* Numbered migrations (sql/NNNN_name.sql), applied in order, each in its
 * own transaction and recorded in schema_migrations, so re-running is a
 * no-op. An advisory lock keeps two runs from racing. */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

#include <libpq-fe.h>
#include <stdio.h>

/* Applies what is missing, printing one line per migration to out.
 * Returns the number applied, or -1 with "<file>: <PostgreSQL's message>"
 * (or another one-line reason) in err. */
int migrate_run(PGconn *conn, const char *dir, FILE *out, char *err, size_t errlen);

/* True when name looks like a migration file: digits, '_', ..., ".sql". */
int migrate_is_file_name(const char *name);

#endif
