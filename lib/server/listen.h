/* The listening socket of a FastCGI program. */
#ifndef SERVER_LISTEN_H
#define SERVER_LISTEN_H

/* The listening socket the image before a SIGHUP re-exec passed on (any
 * other descriptor is ignored), or a new one bound to addr ("unix:/path",
 * "host:port", ":port"): non-blocking, kept across exec. -1 with errno
 * when binding fails. */
int listen_open(const char *addr, int backlog);

#endif
