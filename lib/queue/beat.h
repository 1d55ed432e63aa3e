/* The beat (celery beat): runs SCHEDULE_FILE's entries. Every worker
 * master may take part; the one holding beat:lock (renewed each second,
 * lost after 10 s of silence) is the only one that enqueues, and the last
 * run of each entry is kept in Redis (beat:last), so a new leader neither
 * skips nor repeats a run. The leader also publishes queue metrics at once
 * when work arrives at an idle queue.
 *
 * Schedule lines: NAME every N[s|m|h] TASK QUEUE [ARGS_JSON]
 *                 NAME cron MIN HOUR DOM MON DOW TASK QUEUE [ARGS_JSON]
 * "every METRICS_INTERVAL" uses that setting. '#' starts a comment. */
#ifndef QUEUE_BEAT_H
#define QUEUE_BEAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { BEAT_MAX_ENTRIES = 64 };

typedef struct {
    char name[64];
    char task[129];
    char queue[65];
    char args[512];
    long every_ms;                          /* 0: cron */
    uint64_t minute, hour, dom, month, dow; /* cron bit sets */
    bool dom_any, dow_any;
} beat_entry_t;

typedef struct {
    bool enabled, leader;
    char id[96];
    beat_entry_t entries[BEAT_MAX_ENTRIES];
    size_t n;
} beat_t;

/* Reads the schedule; a bad line is logged with its number and skipped. */
void beat_init(beat_t *b, bool enabled);
void beat_tick(beat_t *b, bool woken);
void beat_release(beat_t *b);

/* Parses schedule text into entries (for tests and beat_init). Returns the
 * number of entries, or -1 with "line N: reason" in err at the first bad line. */
int beat_parse(FILE *f, beat_entry_t *out, size_t max, char *err, size_t errlen);

/* True when a cron entry matches the UTC minute containing t. */
bool beat_cron_matches(const beat_entry_t *e, long long t_ms);

#endif
