/* The process's one PostgreSQL connection (each FastCGI worker, worker
 * process and worker-ctl run has its own). Opened on first use, checked
 * before each use, re-opened after a failure, so a database restart costs
 * no program restart. */
#ifndef DB_DB_H
#define DB_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/* A live connection, or NULL with the reason in err. */
PGconn *db_get(char *err, size_t errlen);

/* PQclear(res) at the arena's next reset, so a handler can return from
 * anywhere. res, or NULL (res cleared) when out of memory or res is NULL. */
struct arena;
PGresult *db_own(struct arena *a, PGresult *res);

/* Drops the connection when a result shows it broke (call after any failed
 * query); harmless otherwise. */
void db_after_error(void);

/* True when there is no connection or the last use showed it broken. */
bool db_broken(void);

/* Whether a failed query means PostgreSQL is away (it may come back), not
 * that the query was wrong: the connection broke, or res (NULL: not known)
 * has a connection exception or shutdown SQLSTATE (08..., 57P01-57P03).
 * Ask before db_after_error, which drops the broken connection. */
bool db_unavailable(const PGresult *res);

/* Called for each notification on a channel, and with payload NULL when a
 * new connection starts listening (anything may have changed meanwhile). */
typedef void (*db_notify_fn)(const char *payload);

/* LISTEN on channel (a fixed identifier, not user input) on every
 * connection this process opens; fn sees its notifications when db_get
 * next runs. Call at start, before the first db_get. At most 4. */
int db_listen(const char *channel, db_notify_fn fn);

/* Hands notifications that already arrived to the listeners, without
 * opening or checking the connection (one poll, for cache hits that
 * otherwise would not touch the database). */
void db_poll_notifications(void);

/* Connections opened after this call plan prepared statements once
 * (plan_cache_mode=force_generic_plan): PostgreSQL otherwise re-plans a
 * statement whose LIMIT and OFFSET are parameters on every execution. For
 * programs whose queries are short lookups (the api); call at start. */
void db_prefer_generic_plans(void);

/* Closes it (before fork, at exit). */
void db_close(void);

/* SELECT 1 with one reconnect attempt: 0 when PostgreSQL answers. */
int db_ping(char *err, size_t errlen);

#endif
