#include "db/migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Any constant shared by every migrate run of this project. */
static const char lock_key[] = "7305410923";

int
migrate_is_file_name(const char *name)
{
    size_t n = strlen(name), i = 0;
    while (i < n && isdigit((unsigned char)name[i]))
        i++;
    return i > 0 && i < n && name[i] == '_' && n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

static int
select_migration(const struct dirent *d)
{
    return migrate_is_file_name(d->d_name);
}

static void
one_line(char *err, size_t errlen, const char *file, const char *msg)
{
    size_t used = (size_t)snprintf(err, errlen, "%s: ", file);
    for (size_t i = 0; msg && msg[i] && used + 1 < errlen; i++)
        err[used++] = (msg[i] == '\n' || msg[i] == '\r') ? ' ' : msg[i];
    while (used > 0 && err[used - 1] == ' ')
        used--;
    if (used < errlen)
        err[used] = '\0';
}

static int
exec_ok(PGconn *conn, const char *sql, const char *what, char *err, size_t errlen)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(res);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        one_line(err, errlen, what, PQerrorMessage(conn));
    PQclear(res);
    return ok ? 0 : -1;
}

static int
read_file(const char *path, buf_t *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_append(out, chunk, n);
    int rc = ferror(f) || out->failed ? -1 : 0;
    fclose(f);
    return rc;
}

int
migrate_run(PGconn *conn, const char *dir, FILE *out, char *err, size_t errlen)
{
    struct dirent **names = NULL;
    int count = -1, applied = -1;
    buf_t sql, path;
    char lock_sql[96];

    buf_init(&sql);
    buf_init(&path);
    snprintf(lock_sql, sizeof(lock_sql), "SELECT pg_advisory_lock(%s)", lock_key);
    if (exec_ok(conn, "SET client_min_messages = warning", "session", err, errlen) != 0 ||
        exec_ok(conn, lock_sql, "lock", err, errlen) != 0)
        goto fail;
    if (exec_ok(conn,
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                "schema_migrations", err, errlen) != 0)
        goto unlock;
    count = scandir(dir, &names, select_migration, alphasort);
    if (count < 0) {
        snprintf(err, errlen, "cannot read migrations in %s: %s", dir, strerror(errno));
        goto unlock;
    }
    applied = 0;
    for (int i = 0; i < count; i++) {
        const char *name = names[i]->d_name;
        const char *params[1] = {name};
        PGresult *res = PQexecParams(conn, "SELECT 1 FROM schema_migrations WHERE name = $1", 1,
                                     NULL, params, NULL, NULL, 0);
        int status = PQresultStatus(res), done = PQntuples(res) > 0;
        PQclear(res);
        if (status != PGRES_TUPLES_OK) {
            one_line(err, errlen, name, PQerrorMessage(conn));
            applied = -1;
            break;
        }
        if (done)
            continue;
        buf_reset(&sql);
        buf_reset(&path);
        buf_printf(&path, "%s/%s", dir, name);
        if (read_file(buf_cstr(&path), &sql) != 0) {
            snprintf(err, errlen, "%s: cannot read: %s", name, strerror(errno));
            applied = -1;
            break;
        }
        if (exec_ok(conn, "BEGIN", name, err, errlen) != 0 ||
            exec_ok(conn, buf_cstr(&sql), name, err, errlen) != 0) {
            PQclear(PQexec(conn, "ROLLBACK"));
            applied = -1;
            break;
        }
        res = PQexecParams(conn, "INSERT INTO schema_migrations (name) VALUES ($1)", 1, NULL,
                           params, NULL, NULL, 0);
        status = PQresultStatus(res);
        PQclear(res);
        if (status != PGRES_COMMAND_OK || exec_ok(conn, "COMMIT", name, err, errlen) != 0) {
            if (status != PGRES_COMMAND_OK)
                one_line(err, errlen, name, PQerrorMessage(conn));
            PQclear(PQexec(conn, "ROLLBACK"));
            applied = -1;
            break;
        }
        fprintf(out, "applied %s\n", name);
        applied++;
    }
unlock:
    snprintf(lock_sql, sizeof(lock_sql), "SELECT pg_advisory_unlock(%s)", lock_key);
    PQclear(PQexec(conn, lock_sql));
fail:
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
    buf_free(&sql);
    buf_free(&path);
    return applied;
}
