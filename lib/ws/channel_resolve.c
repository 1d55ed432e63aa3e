/* REDIS_SERVICE_HOST to an address without blocking the loop. hiredis's
 * redisAsyncConnect calls getaddrinfo(), which waits on DNS for a name
 * ("redis" in a compose file): a dead DNS server would freeze every client
 * of the process for seconds. A numeric host goes straight through; a name
 * is looked up by glibc's getaddrinfo_a (its own thread) and the loop asks
 * gai_error() every few milliseconds until the answer is there.
 *
 * A lookup that cannot be cancelled (glibc's thread is inside it) keeps its
 * memory until glibc is done with it: it waits on an orphan list that each
 * later poll sweeps. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "ws/channel_internal.h"

#define POLL_US (5 * 1000)

struct channel_lookup {
    struct gaicb req; /* glibc writes here until gai_error says done */
    struct addrinfo hints;
    channel_conn_t *conn;
    channel_lookup_t *next_orphan;
    lws_sorted_usec_list_t poll_timer;
    char host[];
};

static channel_lookup_t *orphans;

static void
lookup_free(channel_lookup_t *l)
{
    if (l->req.ar_result != NULL)
        freeaddrinfo(l->req.ar_result);
    free(l);
}

static void
orphans_sweep(void)
{
    channel_lookup_t **pp = &orphans;
    while (*pp != NULL) {
        channel_lookup_t *l = *pp;
        if (gai_error(&l->req) == EAI_INPROGRESS) {
            pp = &l->next_orphan;
            continue;
        }
        *pp = l->next_orphan;
        lookup_free(l);
    }
}

bool
channel_host_is_numeric(const char *host)
{
    unsigned char addr[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
}

static void
lookup_poll(lws_sorted_usec_list_t *sul)
{
    channel_lookup_t *l = channel_container_of(sul, channel_lookup_t, poll_timer);
    char ip[INET6_ADDRSTRLEN] = "";
    int rc = gai_error(&l->req);

    orphans_sweep();
    if (rc == EAI_INPROGRESS) {
        lws_sul_schedule(channel_layer.cx, 0, &l->poll_timer, lookup_poll, POLL_US);
        return;
    }
    const struct addrinfo *ai = rc == 0 ? l->req.ar_result : NULL;
    if (ai != NULL && ai->ai_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, ip, sizeof(ip));
    else if (ai != NULL && ai->ai_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, ip, sizeof(ip));
    channel_conn_t *c = l->conn;
    c->lookup = NULL;
    char why[160];
    snprintf(why, sizeof(why), "cannot resolve %s: %s", l->host,
             rc != 0 ? gai_strerror(rc) : "no address");
    lookup_free(l);
    channel_conn_resolved(c, ip[0] != '\0' ? ip : NULL, why);
}

int
channel_lookup_start(channel_conn_t *c, const char *host)
{
    size_t len = strlen(host);
    channel_lookup_t *l = calloc(1, sizeof(*l) + len + 1);
    if (l == NULL)
        return -1;
    memcpy(l->host, host, len + 1);
    l->hints.ai_family = AF_UNSPEC;
    l->hints.ai_socktype = SOCK_STREAM;
    l->req.ar_name = l->host;
    l->req.ar_request = &l->hints;
    l->conn = c;
    struct gaicb *list[1] = {&l->req};
    if (getaddrinfo_a(GAI_NOWAIT, list, 1, NULL) != 0) {
        free(l);
        return -1;
    }
    c->lookup = l;
    lws_sul_schedule(channel_layer.cx, 0, &l->poll_timer, lookup_poll, POLL_US);
    return 0;
}

void
channel_lookup_cancel(channel_conn_t *c)
{
    channel_lookup_t *l = c->lookup;
    if (l == NULL)
        return;
    c->lookup = NULL;
    lws_sul_cancel(&l->poll_timer);
    if (gai_cancel(&l->req) == EAI_NOTCANCELED) {
        l->next_orphan = orphans;
        orphans = l;
        return;
    }
    lookup_free(l);
}
