/* JSON-lines logs on stderr: one object per line, written with one write()
 * so lines from many processes never interleave. */
#ifndef CORE_LOG_H
#define CORE_LOG_H

#include <stdbool.h>

#include "core/str.h"

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERROR } log_level_t;

/* Names the program in every line and sets the level ("info", ...). */
void log_init(const char *prog, const char *level);

/* {"ts","level","prog","pid","event","msg"}; request_id may be NULL. */
void log_event(log_level_t level, const char *request_id, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#define log_info(event, ...) log_event(LOG_INFO, NULL, event, __VA_ARGS__)
#define log_warn(event, ...) log_event(LOG_WARNING, NULL, event, __VA_ARGS__)
#define log_error(event, ...) log_event(LOG_ERROR, NULL, event, __VA_ARGS__)
#define log_debug(event, ...) log_event(LOG_DEBUG, NULL, event, __VA_ARGS__)

typedef struct {
    str_t request_id, method, path, remote_addr, user_agent;
    int status;
    size_t bytes;
    double duration_ms;
} log_access_t;

void log_access(const log_access_t *a);

/* In a forked worker: refresh the pid; with batch_access, access lines are
 * kept until log_flush() (a server calls it before it waits for work, so a
 * busy worker writes one batch per wake-up instead of a line per request).
 * Other lines are written at once, after any pending ones. */
void log_after_fork(bool batch_access);
void log_flush(void);

#endif
