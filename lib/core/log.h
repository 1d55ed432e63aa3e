/* JSON-lines logs on stderr: one object per line, written with one write()
 * so lines from many processes never interleave. */
#ifndef CORE_LOG_H
#define CORE_LOG_H

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

#endif
