/* A wsd process (a prefork child): one lws context with one vhost that
 * binds nothing, the channel layer on its loop, clients accepted from the
 * shared listening socket, and a drain on SIGTERM. */
#ifndef WS_SERVER_H
#define WS_SERVER_H

/* Serves until SIGTERM has been drained (every client closed with 1001).
 * Returns the process's exit status: 0, or 1 when lws cannot start. */
int ws_server_run(int listen_fd);

#endif
