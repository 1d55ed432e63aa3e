#include "admin/query_cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/settings.h"
#include "db/db.h"

/* 64 results a worker, each at most a page (100 rows) or a filter's 100
 * choices: about 2 MB at worst. */
enum { CHANNELS_MAX = 4, TABLES_MAX = 16, RESULTS = 64, ROWS_MAX = 100, KEY_MAX = 8192 };

static struct {
    const char *name;
    unsigned long generation;
} channels[CHANNELS_MAX];
static size_t nchannels;

static struct {
    const char *table;
    size_t channel;
} tables_watched[TABLES_MAX];
static size_t ntables;

typedef struct {
    char *key;
    unsigned channels; /* the channels of the tables it was read from, a bit each */
    unsigned long generation;
    double stored_at;
    PGresult *res;
    unsigned long last_used;
} kept_result_t;

static kept_result_t results[RESULTS];
static unsigned long use_clock;

/* One listener a channel (db_notify_fn does not say which). A new
 * connection calls it too, payload NULL: anything may have changed. */
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
admin_cache_watch(const char *table, const char *channel)
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
    tables_watched[ntables].table = table;
    tables_watched[ntables++].channel = c;
    return 0;
}

/* The channels of the tables, a bit each; 0 when one is not watched. */
static unsigned
tables_channels(const char *const *tables)
{
    unsigned bits = 0;
    for (size_t i = 0; tables != NULL && tables[i] != NULL; i++) {
        size_t w = 0;
        while (w < ntables && strcmp(tables_watched[w].table, tables[i]) != 0)
            w++;
        if (w == ntables)
            return 0;
        bits |= 1u << tables_watched[w].channel;
    }
    return bits;
}

/* The sum of the channels' generations: each only grows, so any
 * notification on any of them changes it. */
static unsigned long
channels_generation(unsigned bits)
{
    unsigned long sum = 0;
    for (size_t c = 0; c < nchannels; c++)
        if (bits & (1u << c))
            sum += channels[c].generation;
    return sum;
}

unsigned long
admin_cache_generation(const char *const *tables)
{
    unsigned bits = settings.admin.cache_seconds > 0 ? tables_channels(tables) : 0;
    return bits ? channels_generation(bits) : 0;
}

/* The SQL, then each parameter with its length (no two lists of
 * parameters give the same key). NULL when too long or out of memory. */
static const char *
result_key(const char *sql, int nparams, const char *const *params, buf_t *b)
{
    buf_puts(b, sql);
    for (int i = 0; i < nparams; i++)
        buf_printf(b, "\x1f%zu:%s", strlen(params[i]), params[i]);
    return b->failed || b->len > KEY_MAX ? NULL : buf_cstr(b);
}

static PGresult *
kept(const char *key, unsigned long generation)
{
    double now = clock_monotonic_s();
    for (size_t i = 0; i < RESULTS; i++) {
        kept_result_t *r = &results[i];
        if (r->key == NULL || r->generation != generation ||
            now - r->stored_at >= (double)settings.admin.cache_seconds || strcmp(r->key, key) != 0)
            continue;
        r->last_used = ++use_clock;
        return PQcopyResult(r->res, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
    }
    return NULL;
}

/* Keeps a copy of res in an out-of-date slot, else the least recently used. */
static void
keep(const char *key, unsigned bits, unsigned long generation, const PGresult *res)
{
    kept_result_t *victim = &results[0];
    for (size_t i = 0; i < RESULTS; i++) {
        kept_result_t *r = &results[i];
        if (r->key == NULL || r->generation != channels_generation(r->channels)) {
            victim = r;
            break;
        }
        if (r->last_used < victim->last_used)
            victim = r;
    }
    char *k = strdup(key);
    PGresult *copy = PQcopyResult(res, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
    if (k == NULL || copy == NULL) {
        free(k);
        PQclear(copy);
        return;
    }
    free(victim->key);
    PQclear(victim->res);
    *victim = (kept_result_t){k, bits, generation, clock_monotonic_s(), copy, ++use_clock};
}

PGresult *
admin_cache_exec(PGconn *c, const char *const *tables, const char *sql, int nparams,
                 const char *const *params)
{
    unsigned long generation = admin_cache_generation(tables);
    buf_t b;
    buf_init(&b);
    const char *key = generation ? result_key(sql, nparams, params, &b) : NULL;
    PGresult *res = key ? kept(key, generation) : NULL;
    if (res == NULL) {
        res = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
        /* Read while a change committed: not kept. The change's NOTIFY may
         * have come in with the rows; hand it on first, or the generation
         * could not differ (it moves only when notifications are handed on). */
        if (key != NULL)
            db_poll_notifications();
        if (key != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) <= ROWS_MAX &&
            generation == admin_cache_generation(tables))
            keep(key, tables_channels(tables), generation, res);
    }
    buf_free(&b);
    return res;
}
