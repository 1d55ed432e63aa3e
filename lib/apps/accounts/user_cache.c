/* Each worker keeps the users it served recently for USER_CACHE_SECONDS,
 * so a request with a valid access token costs no database round trip: a
 * token is checked by its signature alone (as simplejwt does), and the user
 * row behind it is at most that many seconds old. Deactivating a user or
 * changing a profile is seen by every worker within that time; the worker
 * that made the change forgets its copy at once. */
#include <string.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "core/settings.h"
#include "db/db.h"

enum { CACHE_SLOTS = 512 };

typedef struct {
    user_t user;
    bool found; /* false: the id is known not to exist */
    double fetched_at;
    bool used;
} cache_entry_t;

static cache_entry_t cache[CACHE_SLOTS];

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
accounts_user_cached(long long id, user_t *out)
{
    cache_entry_t *e = &cache[(unsigned long long)id % CACHE_SLOTS];
    double now = now_s();

    if (e->used && e->user.id == id && now - e->fetched_at < (double)settings.user_cache_seconds) {
        if (!e->found)
            return 0;
        *out = e->user;
        return 1;
    }
    char err[256];
    PGconn *conn = db_get(err, sizeof(err));
    if (conn == NULL)
        return -1;
    user_t u;
    int rc = accounts_user_by_id(conn, id, &u);
    if (rc < 0) {
        db_after_error();
        return -1;
    }
    memset(e, 0, sizeof(*e));
    e->used = true;
    e->found = rc == 1;
    e->fetched_at = now;
    e->user = rc == 1 ? u : (user_t){.id = id};
    if (rc == 1)
        *out = u;
    return rc;
}

void
accounts_user_cache_forget(long long id)
{
    cache_entry_t *e = &cache[(unsigned long long)id % CACHE_SLOTS];
    if (e->user.id == id)
        e->used = false;
}
