/* What worker-ctl does to the queues (celery's inspect, purge, ...). Each
 * function prints a result as text, or as JSON when json is true, to out,
 * and returns 0, or -1 with a one-line reason in err. */
#ifndef QUEUE_ADMIN_H
#define QUEUE_ADMIN_H

#include <stdbool.h>
#include <stdio.h>

int admin_enqueue(FILE *out, bool json, const char *task, const char *args, const char *kwargs,
                  const char *queue, long count, char *err, size_t errlen);
int admin_status(FILE *out, bool json, char *err, size_t errlen);
/* what: "active", "reserved" or "scheduled". */
int admin_inspect(FILE *out, bool json, const char *what, char *err, size_t errlen);
int admin_purge(FILE *out, bool json, const char *queue, char *err, size_t errlen);
int admin_requeue_dead(FILE *out, bool json, char *err, size_t errlen);
int admin_metrics(FILE *out, bool json, bool publish, char *err, size_t errlen);
int admin_scale(FILE *out, bool json, long desired, char *err, size_t errlen);

#endif
