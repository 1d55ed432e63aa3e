/* Every environment setting of the platform, from one table (settings.c):
 * the start-up check, `worker-ctl settings` and the README's list all come
 * from it. Names follow the Django application's where one existed. */
#ifndef CORE_SETTINGS_H
#define CORE_SETTINGS_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    const char *secret_key;
    bool debug;
    const char *allowed_hosts;
    const char *full_app_name;
    const char *postgres_name;
    const char *postgres_username;
    const char *postgres_password;
    const char *postgres_host;
    long postgres_port;
    long db_connect_timeout;
    const char *redis_host;
    long redis_port;
    long redis_timeout_ms;
    const char *fcgi_listen;
    long fcgi_workers;
    long fcgi_backlog;
    long drain_timeout;
    long max_body_size;
    const char *log_level;
    const char *media_root;
    const char *sql_dir;
} settings_t;

extern settings_t settings;

typedef enum { SETTING_STR, SETTING_INT, SETTING_BOOL } setting_type_t;

typedef struct {
    const char *name;
    setting_type_t type;
    const char *default_value; /* NULL: required */
    bool secret;               /* never printed */
    long min, max;             /* SETTING_INT bounds */
    const char *help;
    size_t offset; /* into settings_t */
} setting_def_t;

extern const setting_def_t setting_defs[];
extern const size_t setting_defs_len;

/* Reads every setting from the environment into `settings`. On a missing or
 * malformed value returns -1 and writes one line naming the variable into
 * err. */
int settings_load(char *err, size_t errlen);

/* settings_load(), or print "<prog>: <error>" on stderr and exit(2). */
void settings_load_or_exit(const char *prog);

/* Prints NAME=value lines, secrets redacted. */
void settings_dump(FILE *out);

/* Prints a Markdown table of every setting, for the README. */
void settings_markdown(FILE *out);

#endif
