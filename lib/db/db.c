#include "db/db.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/prepared.h"

static PGconn *db_conn;

enum { LISTENERS_MAX = 4 };
static struct {
    const char *channel;
    db_notify_fn fn;
} listeners[LISTENERS_MAX];
static int listener_count;
static bool generic_plans;

void
db_prefer_generic_plans(void)
{
    generic_plans = true;
}

int
db_listen(const char *channel, db_notify_fn fn)
{
    if (listener_count == LISTENERS_MAX)
        return -1;
    listeners[listener_count].channel = channel;
    listeners[listener_count].fn = fn;
    listener_count++;
    return 0;
}

/* Hands what libpq has queued to the listeners (a notification can arrive
 * while a query's result is read, so this runs even when nothing is
 * readable now). */
static void
dispatch_notifications(PGconn *c)
{
    PGnotify *n;
    while ((n = PQnotifies(c)) != NULL) {
        for (int i = 0; i < listener_count; i++)
            if (strcmp(listeners[i].channel, n->relname) == 0)
                listeners[i].fn(n->extra ? n->extra : "");
        PQfreemem(n);
    }
}

static void
copy_error(char *err, size_t errlen, const char *msg)
{
    /* PostgreSQL's messages end in a newline and may span lines: keep one line. */
    size_t n = 0;
    for (; msg && msg[n] && n + 1 < errlen; n++)
        err[n] = (msg[n] == '\n' || msg[n] == '\r') ? ' ' : msg[n];
    while (n > 0 && err[n - 1] == ' ')
        n--;
    err[n] = '\0';
}

/* A healthy idle connection has nothing to read; EOF or a termination
 * notice from a restarted server shows up as readable. */
/* Set by notice_to_log when the server sent a FATAL message while the
 * connection was idle ("terminating connection due to administrator
 * command"): libpq keeps the status OK until it meets the socket's EOF,
 * which may come after the next query was sent, so that query would fail. */
static int server_said_goodbye;

static int
db_alive(PGconn *c)
{
    if (PQstatus(c) != CONNECTION_OK || server_said_goodbye)
        return 0;
    struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
    if (poll(&p, 1, 0) != 0 && (PQconsumeInput(c) == 0 || PQstatus(c) != CONNECTION_OK))
        return 0;
    dispatch_notifications(c); /* parses what was read: the goodbye shows up here */
    return !server_said_goodbye;
}

/* libpq prints notices (and a server's goodbye) on stderr; keep them in the JSON log. */
static void
notice_to_log(void *arg, const char *message)
{
    (void)arg;
    size_t n = strlen(message);
    while (n > 0 && message[n - 1] == '\n')
        n--;
    if (strncmp(message, "FATAL:", 6) == 0)
        server_said_goodbye = 1;
    log_warn("db_notice", "%.*s", (int)n, message);
}

PGconn *
db_get(char *err, size_t errlen)
{
    char port[16], timeout[16];

    if (db_conn && db_alive(db_conn))
        return db_conn;
    if (db_conn) {
        log_warn("db_reconnect", "PostgreSQL connection lost; reconnecting");
        PQfinish(db_conn);
        db_conn = NULL;
    }
    snprintf(port, sizeof(port), "%ld", settings.postgres_port);
    snprintf(timeout, sizeof(timeout), "%ld", settings.db_connect_timeout);
    const char *keys[] = {
        "host",    "port", "dbname", "user", "password", "connect_timeout", "application_name",
        "options", NULL};
    const char *values[] = {settings.postgres_host,
                            port,
                            settings.postgres_name,
                            settings.postgres_username,
                            settings.postgres_password,
                            timeout,
                            settings.full_app_name,
                            generic_plans ? "-c plan_cache_mode=force_generic_plan" : "",
                            NULL};
    PGconn *c = PQconnectdbParams(keys, values, 0);
    if (c == NULL || PQstatus(c) != CONNECTION_OK) {
        copy_error(err, errlen, c ? PQerrorMessage(c) : "out of memory");
        PQfinish(c);
        return NULL;
    }
    server_said_goodbye = 0;
    PQsetNoticeProcessor(c, notice_to_log, NULL);
    for (int i = 0; i < listener_count; i++) {
        char sql[96];
        snprintf(sql, sizeof(sql), "LISTEN %s", listeners[i].channel);
        PGresult *res = PQexec(c, sql);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            copy_error(err, errlen, PQerrorMessage(c));
        PQclear(res);
        if (!ok) {
            PQfinish(c);
            return NULL;
        }
        listeners[i].fn(NULL);
    }
    db_prepared_reset();
    db_conn = c;
    return c;
}

void
db_poll_notifications(void)
{
    if (db_conn == NULL || listener_count == 0 || PQstatus(db_conn) != CONNECTION_OK)
        return;
    struct pollfd p = {.fd = PQsocket(db_conn), .events = POLLIN};
    if (poll(&p, 1, 0) > 0 && PQconsumeInput(db_conn) == 0)
        return; /* broken: the next db_get reconnects, and then says "anything changed" */
    dispatch_notifications(db_conn);
}

void
db_after_error(void)
{
    if (db_conn && PQstatus(db_conn) != CONNECTION_OK) {
        PQfinish(db_conn);
        db_conn = NULL;
    }
}

bool
db_broken(void)
{
    return db_conn == NULL || PQstatus(db_conn) != CONNECTION_OK;
}

bool
db_unavailable(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

    if (db_broken())
        return true;
    return state != NULL && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                             strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

void
db_close(void)
{
    PQfinish(db_conn);
    db_conn = NULL;
}

int
db_ping(char *err, size_t errlen)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *c = db_get(err, errlen);
        if (c == NULL)
            return -1;
        PGresult *res = PQexec(c, "SELECT 1");
        int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        if (!ok)
            copy_error(err, errlen, PQerrorMessage(c));
        PQclear(res);
        if (ok)
            return 0;
        db_after_error();
    }
    return -1;
}

static void
result_clear(void *res)
{
    PQclear(res);
}

PGresult *
db_own(arena_t *a, PGresult *res)
{
    return arena_own(a, result_clear, res);
}
