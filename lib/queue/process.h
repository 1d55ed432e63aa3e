/* The loop of one task process (see worker.h). */
#ifndef QUEUE_PROCESS_H
#define QUEUE_PROCESS_H

#include <stddef.h>

#include "queue/worker.h"

typedef struct {
    const char *id; /* worker id: processing:<id>, worker:<id> */
    const char *const *queues;
    size_t nqueues;
} process_options_t;

/* Runs until SIGTERM (after the task in hand); returns the exit status. */
int process_run(const process_options_t *o);

#endif
