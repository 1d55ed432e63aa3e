#include "admin/count_cache.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/settings.h"
#include "db/db.h"

/* 64 totals a worker: a key is the count's SQL and parameters (a few
 * hundred bytes), so a few dozen KB at most. */
enum { CHANNELS_MAX = 4, TABLES_MAX = 16, TOTALS = 64, KEY_MAX = 4096 };

static struct {
    const char *name;
    unsigned long generation;
} channels[CHANNELS_MAX];
static size_t nchannels;

static struct {
    const char *table;
    size_t channel;
} tables[TABLES_MAX];
static size_t ntables;

typedef struct {
    char *key;
    size_t channel;
    unsigned long generation;
    double stored_at;
    long long total;
    bool about;
    unsigned long last_used;
} kept_total_t;

static kept_total_t totals[TOTALS];
static unsigned long use_clock;

/* One listener a channel: db_notify_fn says nothing of which. A new
 * connection calls it too (payload NULL): anything may have changed. */
#define CHANGED(i)                                                                                 \
    static void changed##i(const char *payload)                                                    \
    {                                                                                              \
        (void)payload;                                                                             \
        channels[i].generation++;                                                                  \
    }
CHANGED(0)
CHANGED(1)
CHANGED(2)
CHANGED(3)
static const db_notify_fn listeners[CHANNELS_MAX] = {changed0, changed1, changed2, changed3};

int
admin_count_cache_watch(const char *table, const char *channel)
{
    size_t c = 0;
    while (c < nchannels && strcmp(channels[c].name, channel) != 0)
        c++;
    if (ntables == TABLES_MAX || (c == nchannels && nchannels == CHANNELS_MAX))
        return -1;
    if (c == nchannels) {
        if (db_listen(channel, listeners[c]) != 0)
            return -1;
        channels[nchannels].name = channel;
        channels[nchannels++].generation = 1;
    }
    tables[ntables].table = table;
    tables[ntables++].channel = c;
    return 0;
}

/* The channel index of m's table, or -1 (not watched: never kept). */
static long
table_channel(const admin_model_t *m)
{
    for (size_t i = 0; i < ntables; i++)
        if (strcmp(tables[i].table, m->table) == 0)
            return (long)tables[i].channel;
    return -1;
}

unsigned long
admin_count_cache_generation(const admin_model_t *m)
{
    long c = table_channel(m);
    return settings.admin.count_cache_seconds > 0 && c >= 0 ? channels[c].generation : 0;
}

/* The count's SQL, then each parameter with its length (no two lists of
 * parameters give the same key). NULL when too long or out of memory. */
static const char *
total_key(const admin_query_t *q, buf_t *b)
{
    buf_puts(b, q->count_sql.data);
    for (int i = 0; i < q->nparams; i++)
        buf_printf(b, "\x1f%zu:%s", strlen(q->params[i]), q->params[i]);
    return b->failed || b->len > KEY_MAX ? NULL : buf_cstr(b);
}

bool
admin_count_cache_get(const admin_model_t *m, const admin_query_t *q, long long *total, bool *about)
{
    unsigned long generation = admin_count_cache_generation(m);
    buf_t b;
    if (generation == 0)
        return false;
    buf_init(&b);
    const char *key = total_key(q, &b);
    double now = clock_monotonic_s();
    bool found = false;
    for (size_t i = 0; key != NULL && i < TOTALS && !found; i++) {
        kept_total_t *t = &totals[i];
        if (t->key == NULL || channels[t->channel].generation != t->generation ||
            now - t->stored_at >= (double)settings.admin.count_cache_seconds ||
            strcmp(t->key, key) != 0)
            continue;
        t->last_used = ++use_clock;
        *total = t->total;
        *about = t->about;
        found = true;
    }
    buf_free(&b);
    return found;
}

void
admin_count_cache_put(const admin_model_t *m, const admin_query_t *q, unsigned long generation,
                      long long total, bool about)
{
    long c = table_channel(m);
    buf_t b;
    if (generation == 0 || generation != admin_count_cache_generation(m))
        return;
    buf_init(&b);
    char *key = total_key(q, &b) ? strdup(b.data) : NULL;
    buf_free(&b);
    if (key == NULL)
        return;
    /* An out-of-date slot first, else the least recently used. */
    kept_total_t *victim = &totals[0];
    for (size_t i = 0; i < TOTALS; i++) {
        kept_total_t *t = &totals[i];
        if (t->key == NULL || channels[t->channel].generation != t->generation) {
            victim = t;
            break;
        }
        if (t->last_used < victim->last_used)
            victim = t;
    }
    free(victim->key);
    *victim =
        (kept_total_t){key, (size_t)c, generation, clock_monotonic_s(), total, about, ++use_clock};
}
