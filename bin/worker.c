/* bin/worker: runs tasks from the queues (celery worker + beat).
 *   worker [-Q default,other] [-c N] [--autoscale=MIN,MAX] [--beat]
 * See lib/queue/worker.h. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/apps.h"
#include "core/log.h"
#include "core/settings.h"
#include "queue/worker.h"

static int
usage(const char *why)
{
    if (why)
        fprintf(stderr, "worker: %s\n", why);
    fprintf(stderr, "usage: worker [-Q QUEUE[,QUEUE...]] [-c N] [--autoscale=MIN,MAX] [--beat]\n");
    return 2;
}

int
main(int argc, char **argv)
{
    static char queues[512];
    worker_options_t opt = {.nqueues = 0};
    settings_load_or_exit("worker");
    log_init("worker", settings.log_level);
    opt.concurrency = settings.queue.worker_concurrency;
    snprintf(queues, sizeof(queues), "%s,%s", settings.queue.default_name,
             settings.queue.other_name);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-Q") == 0 && i + 1 < argc) {
            snprintf(queues, sizeof(queues), "%s", argv[++i]);
        } else if (strcmp(a, "-c") == 0 && i + 1 < argc) {
            char *end;
            opt.concurrency = strtol(argv[++i], &end, 10);
            if (*end || opt.concurrency < 1 || opt.concurrency > WORKER_MAX_PROCS)
                return usage("-c wants a number from 1 to 256");
        } else if (strncmp(a, "--autoscale=", 12) == 0) {
            char *end;
            opt.min_procs = strtol(a + 12, &end, 10);
            if (*end != ',' || opt.min_procs < 0)
                return usage("--autoscale wants MIN,MAX");
            opt.max_procs = strtol(end + 1, &end, 10);
            if (*end || opt.max_procs < 1 || opt.max_procs < opt.min_procs ||
                opt.max_procs > WORKER_MAX_PROCS)
                return usage("--autoscale wants MIN,MAX with 0 <= MIN <= MAX <= 256, MAX >= 1");
            opt.autoscale = true;
        } else if (strcmp(a, "--beat") == 0 || strcmp(a, "-B") == 0) {
            opt.beat = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(NULL);
            return 0;
        } else {
            return usage("unknown argument");
        }
    }
    char *save = NULL;
    for (char *q = strtok_r(queues, ",", &save); q; q = strtok_r(NULL, ",", &save)) {
        if (opt.nqueues == WORKER_MAX_QUEUES)
            return usage("at most 8 queues");
        if (strlen(q) == 0 || strlen(q) > 64)
            return usage("a queue name is empty or too long");
        opt.queues[opt.nqueues++] = q;
    }
    if (opt.nqueues == 0)
        return usage("-Q names no queue");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
        return usage("curl_global_init failed");
    apps_register_tasks();
    return worker_run(&opt);
}
