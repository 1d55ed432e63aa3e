/* A prefork FastCGI server, like gunicorn's sync workers. The master binds
 * FCGI_LISTEN (listen.h), then the prefork supervisor (prefork.h) forks
 * FCGI_WORKERS processes (serve.h) and restarts any that dies.
 * SIGTERM/SIGINT: workers finish the request in hand (up to DRAIN_TIMEOUT)
 * and the master exits when they are gone. SIGHUP: the master re-executes
 * its binary with the same socket (hot reload); the old workers drain. */
#ifndef SERVER_SERVER_H
#define SERVER_SERVER_H

#include "http/router.h"

typedef struct {
    const char *name; /* program name in logs */
    const router_t *router;
    /* Called in each worker after fork, before the first request (may be NULL). */
    int (*worker_init)(void);
    /* The program's own page for what the dispatcher refuses before any
     * handler runs (a bad Host, a path or query that is not text, no
     * route); NULL: the API's JSON {"detail": ...}. Returns the status. */
    int (*refuse)(http_req_t *r, int status, const char *detail);
} server_t;

/* Runs until stopped; returns the process exit code. Settings must be loaded. */
int server_run(const server_t *srv, int argc, char **argv);

#endif
