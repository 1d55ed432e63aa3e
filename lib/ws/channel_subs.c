/* The counted subscription table of the subscriber connection, and what
 * the subscriber does with Redis's answers.
 *
 * One entry per channel this process wants, with the number of callers
 * that asked for it: the first channel_subscribe sends SUBSCRIBE, the last
 * channel_unsubscribe UNSUBSCRIBE. An entry remembers whether SUBSCRIBE went
 * out on the current connection and whether Redis confirmed it there; after
 * a reconnect every entry is sent again and confirmed again (and
 * channel_subscribed_fn fires again).
 *
 * An entry whose UNSUBSCRIBE is on its way stays ("leaving") until Redis
 * answers it: a subscribe meanwhile waits for that answer and then sends
 * SUBSCRIBE again, so the confirmation of the old SUBSCRIBE is never taken
 * for the new one (wsd would tell a client "subscribed" while Redis is
 * about to drop the channel). A chained hash table that doubles, so 10,000
 * user channels cost a lookup each. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ws/channel_internal.h"

typedef struct sub_entry sub_entry_t;
struct sub_entry {
    sub_entry_t *next;
    unsigned long refs;
    bool sent, confirmed, resync; /* resync: sent by the last connect */
    bool leaving;                 /* UNSUBSCRIBE sent, its answer to come */
    size_t len;
    char name[]; /* NUL-terminated */
};

static struct {
    sub_entry_t **slots;
    size_t nslots, count, resync_pending;
} subs;

static size_t
name_hash(const char *name, size_t len)
{
    size_t h = 14695981039346656037ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
    return h;
}

static sub_entry_t **
subs_slot(const char *name, size_t len)
{
    sub_entry_t **pp = &subs.slots[name_hash(name, len) & (subs.nslots - 1)];
    while (*pp != NULL && ((*pp)->len != len || memcmp((*pp)->name, name, len) != 0))
        pp = &(*pp)->next;
    return pp;
}

static sub_entry_t *
subs_find(const char *name, size_t len)
{
    return subs.nslots == 0 ? NULL : *subs_slot(name, len);
}

static int
subs_grow(void)
{
    size_t n = subs.nslots == 0 ? 64 : subs.nslots * 2;
    sub_entry_t **slots = calloc(n, sizeof(*slots));
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < subs.nslots; i++) {
        sub_entry_t *e = subs.slots[i], *next;
        for (; e != NULL; e = next) {
            next = e->next;
            size_t j = name_hash(e->name, e->len) & (n - 1);
            e->next = slots[j];
            slots[j] = e;
        }
    }
    free(subs.slots);
    subs.slots = slots;
    subs.nslots = n;
    return 0;
}

int
channel_subs_add(const char *name, size_t len, bool *confirmed)
{
    sub_entry_t *e = subs_find(name, len);
    if (e != NULL) {
        e->refs++;
        *confirmed = e->confirmed && !e->leaving;
        return 0;
    }
    *confirmed = false;
    if (subs.count >= subs.nslots && subs_grow() != 0)
        return -1;
    if ((e = calloc(1, sizeof(*e) + len + 1)) == NULL)
        return -1;
    e->refs = 1;
    e->len = len;
    memcpy(e->name, name, len);
    sub_entry_t **pp = subs_slot(name, len);
    *pp = e;
    subs.count++;
    return 1;
}

static void
subs_free(sub_entry_t *e)
{
    sub_entry_t **pp = subs_slot(e->name, e->len);
    *pp = e->next;
    subs.count--;
    free(e);
}

int
channel_subs_remove(const char *name, size_t len)
{
    sub_entry_t *e = subs_find(name, len);
    if (e == NULL || e->refs == 0)
        return -1;
    if (--e->refs > 0)
        return 0;
    if (e->resync) { /* the resubscription no longer waits for it */
        e->resync = false;
        subs.resync_pending--;
        channel_layer_note(NULL);
    }
    if (e->leaving) /* its UNSUBSCRIBE is already on its way */
        return 0;
    if (!e->sent) {
        subs_free(e);
        return 0;
    }
    e->leaving = true;
    e->confirmed = false;
    return 1;
}

static void on_subscriber_reply(redisAsyncContext *ac, void *r, void *privdata);

int
channel_subs_send(redisAsyncContext *ac, const char *name, size_t len)
{
    sub_entry_t *e = subs_find(name, len);
    if (e == NULL)
        return -1;
    if (redisAsyncCommand(ac, on_subscriber_reply, NULL, "SUBSCRIBE %b", name, len) != REDIS_OK)
        return -1;
    e->sent = true;
    return 0;
}

int
channel_subs_connected(redisAsyncContext *ac)
{
    for (size_t i = 0; i < subs.nslots; i++)
        for (sub_entry_t *e = subs.slots[i]; e != NULL; e = e->next) {
            if (e->refs == 0 || e->sent)
                continue;
            if (channel_subs_send(ac, e->name, e->len) != 0)
                return -1;
            e->resync = true;
            subs.resync_pending++;
        }
    return 0;
}

/* Frees every entry nobody wants any more (all of them with everything)
 * and marks the others as neither sent nor confirmed. */
static void
subs_sweep(bool everything)
{
    for (size_t i = 0; i < subs.nslots; i++) {
        sub_entry_t *e = subs.slots[i], *next;
        for (; e != NULL; e = next) {
            next = e->next;
            if (everything || e->refs == 0)
                subs_free(e);
            else
                e->sent = e->confirmed = e->resync = e->leaving = false;
        }
    }
    subs.resync_pending = 0;
}

void
channel_subs_disconnected(void)
{
    subs_sweep(false);
}

size_t
channel_subs_resync_pending(void)
{
    return subs.resync_pending;
}

void
channel_subs_clear(void)
{
    subs_sweep(true);
    free(subs.slots);
    memset(&subs, 0, sizeof(subs));
}

/* Redis confirmed a SUBSCRIBE: the caller's callback, and the layer may be
 * up again once the reconnect's resubscription is complete. */
static void
subs_confirmed(const redisReply *channel)
{
    sub_entry_t *e = subs_find(channel->str, channel->len);
    if (e == NULL || !e->sent || e->confirmed || e->leaving)
        return; /* unsubscribed meanwhile, or a repeated answer */
    e->confirmed = true;
    if (e->resync) {
        e->resync = false;
        subs.resync_pending--;
    }
    if (channel_layer.subscribed != NULL)
        channel_layer.subscribed(channel_layer.ctx, e->name);
    channel_layer_note(NULL);
}

/* Redis answered an UNSUBSCRIBE: the entry goes, or, wanted again
 * meanwhile, is subscribed again. */
static void
subs_left(redisAsyncContext *ac, const redisReply *channel)
{
    sub_entry_t *e = subs_find(channel->str, channel->len);
    if (e == NULL || !e->leaving)
        return;
    e->leaving = e->sent = false;
    if (e->refs == 0)
        subs_free(e);
    else if (channel_subs_send(ac, e->name, e->len) != 0)
        channel_conn_drop_soon(&channel_layer.sub, "cannot send SUBSCRIBE");
}

static void
subs_message(const redisReply *channel, const redisReply *msg)
{
    const sub_entry_t *e = subs_find(channel->str, channel->len);
    if (msg->type != REDIS_REPLY_STRING || e == NULL || e->refs == 0)
        return;
    if (channel_layer.deliver != NULL)
        channel_layer.deliver(channel_layer.ctx, channel->str, channel->len, msg->str, msg->len);
}

/* Every answer on the subscriber connection: ["subscribe", name, n],
 * ["message", name, payload], ["unsubscribe", name, n]. NULL: the
 * connection is breaking (channel_conn.c and on_down handle that). An
 * error reply never gets here: hiredis drops a subscriber connection that
 * receives one, and the reconnect subscribes everything again. */
static void
on_subscriber_reply(redisAsyncContext *ac, void *r, void *privdata)
{
    (void)privdata;
    redisReply *reply = r;
    if (reply == NULL) {
        channel_conn_breaking(&channel_layer.sub, ac);
        return;
    }
    if (ac != channel_layer.sub.ac || reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
        return;
    const redisReply *kind = reply->element[0], *channel = reply->element[1];
    if (kind->type != REDIS_REPLY_STRING || channel->type != REDIS_REPLY_STRING)
        return;
    if (strcasecmp(kind->str, "subscribe") == 0) {
        channel_conn_proved(&channel_layer.sub, ac);
        subs_confirmed(channel);
    } else if (strcasecmp(kind->str, "message") == 0)
        subs_message(channel, reply->element[2]);
    else if (strcasecmp(kind->str, "unsubscribe") == 0)
        subs_left(ac, channel);
}
