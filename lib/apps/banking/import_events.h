/* What the statement import tells its owner's /ws/notifications/ sockets
 * (events/events.h): "processing" at the start and while the rows load,
 * then "done", "failed" or "pending" (retried), each as the statement API
 * would show it. Best effort: a publish that fails is dropped, never the
 * import. */
#ifndef APPS_BANKING_IMPORT_EVENTS_H
#define APPS_BANKING_IMPORT_EVENTS_H

#include <sys/types.h>

typedef struct {
    long long statement_id;
    long long owner_id;
    int fd;            /* the stored file, for how much of it was read; -1: not open */
    off_t size;        /* its size in bytes (0: unknown) */
    long long last_ms; /* when the last progress event went out, monotonic */
} import_events_t;

/* Starts the events of one import and publishes "processing" with 0 rows. */
void import_events_start(import_events_t *ev, const char *statement_id, const char *owner_id);

/* The file is open: progress is measured against its size from now on. */
void import_events_file(import_events_t *ev, int fd);

/* "processing" with rows so far and the percent of the file read (at most
 * 99: 100 is "done"), at most every 100 ms. */
void import_events_progress(import_events_t *ev, long rows);

/* The end, or a pause: status "done" (progress 100), "failed" (errors_json
 * the array stored in statement_files.errors) or "pending" (progress 0). */
void import_events_end(const import_events_t *ev, const char *status, long rows,
                       const char *errors_json);

#endif
