/* Statement import progress for /ws/notifications/ (import_events.h). */
#include "apps/banking/import_events.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "events/events.h"

enum { PROGRESS_EVERY_MS = 100 };

static long long
monotonic_ms(void)
{
    return (long long)(clock_monotonic_s() * 1000.0);
}

static void
publish(const import_events_t *ev, const char *status, long rows, const char *errors_json,
        int progress)
{
    buf_t json;
    buf_init(&json);
    events_statement_json(&json, ev->statement_id, status, rows, errors_json, progress);
    if (!json.failed)
        events_publish_user(ev->owner_id, json.data, json.len); /* -1: lost, never our failure */
    buf_free(&json);
}

void
import_events_start(import_events_t *ev, const char *statement_id, const char *owner_id)
{
    memset(ev, 0, sizeof(*ev));
    ev->statement_id = strtoll(statement_id, NULL, 10);
    ev->owner_id = strtoll(owner_id, NULL, 10);
    ev->fd = -1;
    /* The first chunk's progress goes out at once, then at most every
     * PROGRESS_EVERY_MS: a file of two chunks or more always shows rows
     * loaded before its end, however fast the machine (a fast import sent
     * none, and t/integration/events.t failed on an idle machine). */
    ev->last_ms = monotonic_ms() - PROGRESS_EVERY_MS;
    publish(ev, "processing", 0, NULL, 0);
}

void
import_events_file(import_events_t *ev, int fd)
{
    struct stat st;
    ev->fd = fd;
    ev->size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
}

void
import_events_progress(import_events_t *ev, long rows)
{
    long long now = monotonic_ms();
    if (now - ev->last_ms < PROGRESS_EVERY_MS)
        return;
    ev->last_ms = now;
    /* The CSV reader reads ahead by a buffer: the offset is what it took,
     * a little ahead of the rows loaded. */
    off_t at = ev->fd >= 0 ? lseek(ev->fd, 0, SEEK_CUR) : -1;
    int percent = ev->size > 0 && at > 0 ? (int)(at * 100 / ev->size) : 0;
    publish(ev, "processing", rows, NULL, percent > 99 ? 99 : percent);
}

void
import_events_end(const import_events_t *ev, const char *status, long rows, const char *errors_json)
{
    publish(ev, status, rows, errors_json, strcmp(status, "done") == 0 ? 100 : 0);
}
