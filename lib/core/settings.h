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
    /* accounts */
    long access_token_lifetime;
    long refresh_token_lifetime;
    bool rotate_refresh_tokens;
    bool blacklist_after_rotation;
    long password_iterations;
    long session_cookie_age;
    bool session_cookie_secure;
    long user_cache_seconds;
    long banking_cache_seconds;
    long throttle_login_per_email;
    long throttle_login_per_ip;
    long throttle_login_window;
    const char *social_github_key, *social_github_secret, *social_github_token_url,
        *social_github_profile_url, *social_github_emails_url, *social_github_authorize_url;
    const char *social_google_key, *social_google_secret, *social_google_token_url,
        *social_google_profile_url, *social_google_authorize_url;
    const char *social_facebook_key, *social_facebook_secret, *social_facebook_token_url,
        *social_facebook_profile_url, *social_facebook_authorize_url;
    long social_timeout_ms;
    /* background work */
    const char *queue_default;
    const char *queue_other;
    const char *celery_metrics_token;
    long result_ttl;
    long task_max_retries;
    long retry_backoff_ms;
    long worker_concurrency;
    long worker_heartbeat_timeout;
    long worker_shutdown_timeout;
    long metrics_interval;
    long autoscale_cooldown;
    const char *schedule_file;
    const char *email_host;
    long email_port;
    const char *email_host_user;
    const char *email_host_password;
    bool email_use_tls;
    const char *default_from_email;
    const char *aws_region;
    const char *aws_cloudwatch_endpoint;
    const char *aws_ecs_endpoint;
    const char *ecs_cluster;
    const char *ecs_worker_service;
    const char *storage_backend;
    const char *aws_storage_bucket_name;
    const char *aws_s3_endpoint;
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
