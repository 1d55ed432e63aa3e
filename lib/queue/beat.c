#include "queue/beat.h"

#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/settings.h"
#include "kv/kv.h"
#include "queue/metrics.h"
#include "queue/queue.h"

/* "*", "N", "A-B", "*\/S", "A-B/S", comma-separated, within [lo, hi]. */
static bool
cron_field(const char *text, int lo, int hi, uint64_t *bits, bool *any)
{
    char buf[64];
    if (strlen(text) >= sizeof(buf))
        return false;
    strcpy(buf, text);
    *bits = 0;
    *any = strcmp(text, "*") == 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        int a = lo, b = hi, step = 1;
        char *slash = strchr(part, '/');
        if (slash) {
            *slash = '\0';
            char *end;
            long s = strtol(slash + 1, &end, 10);
            if (*end || s < 1 || s > hi)
                return false;
            step = (int)s;
        }
        if (strcmp(part, "*") != 0) {
            char *dash = strchr(part, '-'), *end;
            long x = strtol(part, &end, 10);
            if (end == part || (dash ? end != dash : *end != '\0'))
                return false;
            a = b = (int)x;
            if (dash) {
                long y = strtol(dash + 1, &end, 10);
                if (*end || end == dash + 1)
                    return false;
                b = (int)y;
            } else if (slash) {
                b = hi;
            }
        }
        if (a < lo || b > hi || a > b)
            return false;
        for (int v = a; v <= b; v += step)
            *bits |= 1ULL << v;
    }
    return *bits != 0;
}

bool
beat_cron_matches(const beat_entry_t *e, long long t_ms)
{
    time_t t = (time_t)(t_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    bool dom = (e->dom >> tm.tm_mday) & 1, dow = (e->dow >> tm.tm_wday) & 1;
    /* cron: when both day fields are restricted, either may match. */
    bool day = e->dom_any || e->dow_any ? dom && dow : dom || dow;
    return ((e->minute >> tm.tm_min) & 1) && ((e->hour >> tm.tm_hour) & 1) &&
           ((e->month >> (tm.tm_mon + 1)) & 1) && day;
}

static long
interval_ms(const char *spec)
{
    if (strcmp(spec, "METRICS_INTERVAL") == 0)
        return settings.queue.metrics_interval * 1000;
    char *end;
    long n = strtol(spec, &end, 10);
    if (end == spec || n <= 0 || n > 86400 * 366)
        return -1;
    long unit = *end == '\0' || strcmp(end, "s") == 0 ? 1000
                : strcmp(end, "m") == 0               ? 60000
                : strcmp(end, "h") == 0               ? 3600000
                                                      : -1;
    return unit < 0 ? -1 : n * unit;
}

int
beat_parse(FILE *f, beat_entry_t *out, size_t max, char *err, size_t errlen)
{
    char line[1024];
    int lineno = 0;
    size_t n = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *tok[12], *save = NULL;
        int nt = 0;
        char copy[1024];
        strcpy(copy, line);
        for (char *t = strtok_r(copy, " \t\r\n", &save); t && nt < 12;
             t = strtok_r(NULL, " \t\r\n", &save))
            tok[nt++] = t;
        if (nt == 0)
            continue;
        if (n == max) {
            snprintf(err, errlen, "line %d: more than %zu entries", lineno, max);
            return -1;
        }
        beat_entry_t *e = &out[n];
        memset(e, 0, sizeof(*e));
        int next;
        if (nt >= 5 && strcmp(tok[1], "every") == 0) {
            e->every_ms = interval_ms(tok[2]);
            if (e->every_ms < 0) {
                snprintf(err, errlen, "line %d: bad interval \"%s\"", lineno, tok[2]);
                return -1;
            }
            next = 3;
        } else if (nt >= 9 && strcmp(tok[1], "cron") == 0) {
            bool any;
            if (!cron_field(tok[2], 0, 59, &e->minute, &any) ||
                !cron_field(tok[3], 0, 23, &e->hour, &any) ||
                !cron_field(tok[4], 1, 31, &e->dom, &e->dom_any) ||
                !cron_field(tok[5], 1, 12, &e->month, &any) ||
                !cron_field(tok[6], 0, 7, &e->dow, &e->dow_any)) {
                snprintf(err, errlen, "line %d: bad cron fields", lineno);
                return -1;
            }
            if (e->dow & (1ULL << 7))
                e->dow |= 1; /* 7 is Sunday too */
            next = 7;
        } else {
            snprintf(err, errlen,
                     "line %d: want NAME every N TASK QUEUE or NAME cron M H D M W TASK QUEUE",
                     lineno);
            return -1;
        }
        if (strlen(tok[0]) >= sizeof(e->name) || strlen(tok[next]) >= sizeof(e->task) ||
            strlen(tok[next + 1]) >= sizeof(e->queue)) {
            snprintf(err, errlen, "line %d: a name is too long", lineno);
            return -1;
        }
        strcpy(e->name, tok[0]);
        strcpy(e->task, tok[next]);
        strcpy(e->queue, tok[next + 1]);
        /* The arguments are the rest of the original line after the queue. */
        char *rest = line + (tok[next + 1] - copy) + strlen(tok[next + 1]);
        while (*rest == ' ' || *rest == '\t')
            rest++;
        rest[strcspn(rest, "\r\n")] = '\0';
        snprintf(e->args, sizeof(e->args), "%s", *rest ? rest : "[]");
        n++;
    }
    return (int)n;
}

void
beat_init(beat_t *b, bool enabled)
{
    char host[64] = "localhost", err[256];
    unsigned char r[4] = {0};
    memset(b, 0, sizeof(*b));
    b->enabled = enabled;
    if (!enabled)
        return;
    gethostname(host, sizeof(host) - 1);
    RAND_bytes(r, sizeof(r));
    snprintf(b->id, sizeof(b->id), "%s:%ld:%02x%02x%02x%02x", host, (long)getpid(), r[0], r[1],
             r[2], r[3]);
    FILE *f = fopen(settings.queue.schedule_file, "r");
    if (f == NULL) {
        log_warn("beat", "no schedule file %s; the beat runs nothing",
                 settings.queue.schedule_file);
        return;
    }
    int n = beat_parse(f, b->entries, BEAT_MAX_ENTRIES, err, sizeof(err));
    fclose(f);
    if (n < 0) {
        log_error("beat", "%s: %s; the beat runs nothing", settings.queue.schedule_file, err);
        return;
    }
    b->n = (size_t)n;
    log_info("beat", "%d scheduled task(s) from %s", n, settings.queue.schedule_file);
}

/* Renews our lock or takes a free one; true when we hold it. */
static bool
hold_lock(beat_t *b)
{
    static const char renew[] =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then "
        "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
        "else return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) end";
    char err[256];
    redisReply *r = kv_command(err, sizeof(err), "EVAL %s 1 beat:lock %s 10000", renew, b->id);
    bool held =
        r && ((r->type == REDIS_REPLY_INTEGER && r->integer == 1) || r->type == REDIS_REPLY_STATUS);
    if (r)
        freeReplyObject(r);
    if (held != b->leader)
        log_info("beat", held ? "this worker now runs the schedule" : "lost the beat lock");
    b->leader = held;
    return held;
}

void
beat_tick(beat_t *b, bool woken)
{
    char err[256], id[TASK_ID_LEN + 1];
    if (!b->enabled || !hold_lock(b))
        return;
    if (woken) {
        if (metrics_publish(NULL, err, sizeof(err)) != 0)
            log_warn("queue_metrics", "%s", err);
    }
    long long now = queue_now_ms();
    for (size_t i = 0; i < b->n; i++) {
        beat_entry_t *e = &b->entries[i];
        redisReply *r = kv_command(err, sizeof(err), "HGET beat:last %s", e->name);
        if (r == NULL)
            return;
        long long last = r->type == REDIS_REPLY_STRING ? atoll(r->str) : 0;
        freeReplyObject(r);
        bool due = e->every_ms ? now - last >= e->every_ms
                               : beat_cron_matches(e, now) && last < now - now % 60000;
        if (!due)
            continue;
        if (queue_enqueue(e->task, e->args, NULL, e->queue, 0, 0, id, err, sizeof(err)) != 0) {
            log_error("beat", "%s: %s", e->name, err);
            continue;
        }
        r = kv_command(err, sizeof(err), "HSET beat:last %s %lld", e->name, now);
        if (r)
            freeReplyObject(r);
        log_info("beat", "sent %s (%s) as %s", e->name, e->task, id);
    }
}

void
beat_release(beat_t *b)
{
    static const char release[] = "if redis.call('GET', KEYS[1]) == ARGV[1] then return "
                                  "redis.call('DEL', KEYS[1]) end return 0";
    char err[256];
    if (!b->enabled || !b->leader)
        return;
    redisReply *r = kv_command(err, sizeof(err), "EVAL %s 1 beat:lock %s", release, b->id);
    if (r)
        freeReplyObject(r);
}
