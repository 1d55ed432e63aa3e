#include "apps/banking/list_cache.h"
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "db/db.h"

/* 64 pages of at most 32 KB: a worker holds 2 MB at worst. A limit=1000
 * page is larger and is never kept. */
enum { CACHE_PAGES = 64, PAGE_MAX = 32 * 1024, KEY_MAX = 1024 };

typedef struct {
    char *key;
    char *body;
    size_t body_len;
    unsigned long generation;
    double stored_at;
    unsigned long last_used;
} cached_page_t;

static cached_page_t pages[CACHE_PAGES];
static unsigned long generation = 1;
static unsigned long use_clock;

/* Any commit that touched statements or transactions, or a new connection
 * (notifications may have been missed): every page is out of date. */
static void
banking_changed(const char *payload)
{
    (void)payload;
    generation++;
}

int
list_cache_init(void)
{
    if (settings.banking.cache_seconds == 0)
        return 0;
    return db_listen("banking_changed", banking_changed);
}

unsigned long
list_cache_generation(void)
{
    return generation;
}

/* The page depends on who asks (whose rows), the host and scheme (in
 * next/previous links) and the whole query string. */
static bool
page_key(http_req_t *r, long long user_id, char *key)
{
    str_t scheme = http_param(r, "REQUEST_SCHEME"), host = http_param(r, "HTTP_HOST");
    int n = snprintf(key, KEY_MAX, "%lld|%.*s|%.*s|%.*s|%.*s", user_id, STR_FMT(scheme),
                     STR_FMT(host), STR_FMT(r->path), STR_FMT(r->query_string));
    return n > 0 && n < KEY_MAX;
}

bool
list_cache_get(http_req_t *r, long long user_id)
{
    char key[KEY_MAX];
    if (settings.banking.cache_seconds == 0 || !page_key(r, user_id, key))
        return false;
    double now = clock_monotonic_s();
    for (int i = 0; i < CACHE_PAGES; i++) {
        cached_page_t *p = &pages[i];
        if (p->key == NULL || p->generation != generation ||
            now - p->stored_at >= (double)settings.banking.cache_seconds ||
            strcmp(p->key, key) != 0)
            continue;
        p->last_used = ++use_clock;
        buf_append(r->out, p->body, p->body_len);
        return true;
    }
    return false;
}

void
list_cache_put(http_req_t *r, long long user_id, unsigned long page_generation)
{
    char key[KEY_MAX];
    if (settings.banking.cache_seconds == 0 || page_generation != generation ||
        r->out->len > PAGE_MAX || !page_key(r, user_id, key))
        return;
    /* An out-of-date slot first, else the least recently used. */
    cached_page_t *victim = &pages[0];
    for (int i = 0; i < CACHE_PAGES; i++) {
        cached_page_t *p = &pages[i];
        if (p->key == NULL || p->generation != generation) {
            victim = p;
            break;
        }
        if (p->last_used < victim->last_used)
            victim = p;
    }
    char *k = strdup(key), *body = malloc(r->out->len ? r->out->len : 1);
    if (k == NULL || body == NULL) {
        free(k);
        free(body);
        return;
    }
    memcpy(body, r->out->data, r->out->len);
    free(victim->key);
    free(victim->body);
    *victim =
        (cached_page_t){k, body, r->out->len, page_generation, clock_monotonic_s(), ++use_clock};
}
