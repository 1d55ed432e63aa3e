/* Each worker keeps the users it served recently for USER_CACHE_SECONDS,
 * so a request with a valid access token costs no database round trip: a
 * token is checked by its signature alone (as simplejwt does), and the user
 * row behind it is at most that many seconds old.
 *
 * A change made through this program (a profile update) is seen at once by
 * all its workers: each cache slot has a generation counter in memory the
 * master shares with its workers (accounts_cache_init, before the fork);
 * forgetting a user bumps it, and a copy fetched under an older generation
 * is not used. A change made elsewhere (psql, another program, another
 * task) is seen on the next request too: a trigger on users notifies
 * users_changed with the id on commit (sql/0005_users_changes.sql), and each
 * worker listens on its connection. USER_CACHE_SECONDS bounds the rest (a
 * notification still in flight). */
#include <limits.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#include "apps/accounts/accounts.h"
#include "core/clock.h"
#include "core/settings.h"
#include "db/db.h"

enum { CACHE_SLOTS = 512 };

typedef struct {
    user_t user;
    bool found; /* false: the id is known not to exist */
    double fetched_at;
    unsigned long generation;
    bool used;
} cache_entry_t;

static cache_entry_t cache[CACHE_SLOTS];
static _Atomic unsigned long *generations; /* CACHE_SLOTS, shared by the workers */

/* A user row changed (payload: its id), or a new connection may have missed
 * changes (payload NULL) or the table was truncated (""): forget. */
static void
users_changed(const char *payload)
{
    long id = 0;
    if (payload != NULL && str_to_long(str_from_cstr(payload), 1, LONG_MAX, &id)) {
        accounts_user_cache_forget(id);
        return;
    }
    for (size_t slot = 0; slot < CACHE_SLOTS; slot++)
        cache[slot].used = false;
}

int
accounts_cache_init(void)
{
    void *p = mmap(NULL, sizeof(*generations) * CACHE_SLOTS, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    generations = p; /* zero-filled: every slot starts at generation 0 */
    return db_listen("users_changed", users_changed);
}

static unsigned long
generation(size_t slot)
{
    return generations ? atomic_load(&generations[slot]) : 0;
}

int
accounts_user_cached(long long id, user_t *out)
{
    size_t slot = (size_t)((unsigned long long)id % CACHE_SLOTS);
    cache_entry_t *e = &cache[slot];
    db_poll_notifications();
    double now = clock_monotonic_s();
    unsigned long gen = generation(slot); /* read before the query: a racing change wins */

    if (e->used && e->user.id == id && e->generation == gen &&
        now - e->fetched_at < (double)settings.accounts.user_cache_seconds) {
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
    e->generation = gen;
    e->user = rc == 1 ? u : (user_t){.id = id};
    if (rc == 1)
        *out = u;
    return rc;
}

void
accounts_user_cache_forget(long long id)
{
    size_t slot = (size_t)((unsigned long long)id % CACHE_SLOTS);
    cache[slot].used = false;
    if (generations)
        atomic_fetch_add(&generations[slot], 1);
}
