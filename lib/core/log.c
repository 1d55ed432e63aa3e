#include "core/log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"

static const char *log_prog = "app";
static log_level_t log_min = LOG_INFO;
static long log_pid;
static bool log_batching;
static buf_t log_pending; /* access lines waiting for log_flush() */
static const char *level_names[] = {"debug", "info", "warning", "error"};

void
log_init(const char *prog, const char *level)
{
    log_prog = prog;
    log_pid = (long)getpid();
    for (int i = 0; i < 4; i++)
        if (level && strcmp(level, level_names[i]) == 0)
            log_min = (log_level_t)i;
}

static void
log_head(buf_t *b, log_level_t level)
{
    struct timeval tv;
    struct tm tm;
    char ts[32];

    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    buf_printf(b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"prog\":", ts, (long)tv.tv_usec / 1000,
               level_names[level]);
    buf_json_cstr(b, log_prog);
    buf_printf(b, ",\"pid\":%ld", log_pid ? log_pid : (long)getpid());
}

void
log_after_fork(bool batch_access)
{
    log_pid = (long)getpid();
    log_batching = batch_access;
    buf_free(&log_pending);
}

void
log_flush(void)
{
    if (log_pending.len && !log_pending.failed) {
        ssize_t n = write(STDERR_FILENO, log_pending.data, log_pending.len);
        (void)n; /* nowhere left to report a failed log write */
    }
    buf_reset(&log_pending);
}

static void
log_write(buf_t *b)
{
    buf_puts(b, "}\n");
    log_flush(); /* keep lines in order */
    if (!b->failed) {
        ssize_t n = write(STDERR_FILENO, b->data, b->len);
        (void)n; /* nowhere left to report a failed log write */
    }
    buf_free(b);
}

void
log_event(log_level_t level, const char *request_id, const char *event, const char *fmt, ...)
{
    if (level < log_min)
        return;
    buf_t b, msg;
    buf_init(&b);
    buf_init(&msg);
    log_head(&b, level);
    if (request_id) {
        buf_puts(&b, ",\"request_id\":");
        buf_json_cstr(&b, request_id);
    }
    buf_puts(&b, ",\"event\":");
    buf_json_cstr(&b, event);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    buf_puts(&b, ",\"msg\":");
    buf_json_str(&b, (str_t){msg.data, msg.len});
    buf_free(&msg);
    log_write(&b);
}

void
log_access(const log_access_t *a)
{
    if (LOG_INFO < log_min)
        return;
    buf_t b;
    buf_init(&b);
    log_head(&b, LOG_INFO);
    buf_puts(&b, ",\"event\":\"access\",\"request_id\":");
    buf_json_str(&b, a->request_id);
    buf_puts(&b, ",\"method\":");
    buf_json_str(&b, a->method);
    buf_puts(&b, ",\"path\":");
    buf_json_str(&b, a->path);
    buf_printf(&b, ",\"status\":%d,\"bytes\":%zu,\"duration_ms\":%.3f,\"remote_addr\":", a->status,
               a->bytes, a->duration_ms);
    buf_json_str(&b, a->remote_addr);
    buf_puts(&b, ",\"user_agent\":");
    buf_json_str(&b, a->user_agent);
    if (!log_batching) {
        log_write(&b);
        return;
    }
    buf_puts(&b, "}\n");
    buf_append(&log_pending, b.data, b.len);
    buf_free(&b);
    if (log_pending.len > 32 * 1024)
        log_flush();
}
