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
    const char *fcgi_socket_group;
    long drain_timeout;
    long max_body_size;
    const char *log_level;
    const char *media_root;
    const char *sql_dir;
    struct { /* apps/accounts: tokens, sessions, login throttling, the user cache */
        long access_token_lifetime;
        long refresh_token_lifetime;
        bool rotate_refresh_tokens;
        bool blacklist_after_rotation;
        long password_iterations;
        long session_cookie_age;
        bool session_cookie_secure;
        bool csrf_cookie_secure;
        long user_cache_seconds;
        long throttle_login_per_email;
        long throttle_login_per_ip;
        long throttle_login_window;
        long throttle_register_per_ip;
        long throttle_register_window;
        const char *trusted_proxy_cidrs; /* read by ops/render-nginx, not by the programs */
    } accounts;
    struct { /* auth/social: the OAuth2 providers */
        const char *github_key, *github_secret, *github_token_url, *github_profile_url,
            *github_emails_url, *github_authorize_url;
        const char *google_key, *google_secret, *google_token_url, *google_profile_url,
            *google_authorize_url;
        const char *facebook_key, *facebook_secret, *facebook_token_url, *facebook_profile_url,
            *facebook_authorize_url;
        long timeout_ms;
    } social;
    struct { /* queue/: the broker, the worker, the beat, metrics and autoscaling */
        const char *default_name;
        const char *other_name;
        const char *metrics_token;
        long result_ttl;
        long task_max_retries;
        long retry_backoff_ms;
        long worker_concurrency;
        long worker_heartbeat_timeout;
        long worker_shutdown_timeout;
        long metrics_interval;
        long autoscale_cooldown;
        const char *schedule_file;
        long sleep_task_max_seconds;
        long user_tasks_max_unfinished;
        long user_tasks_hold_seconds;
    } queue;
    struct { /* apps/core's send_test_email */
        const char *host;
        long port;
        const char *user;
        const char *password;
        bool use_tls;
        const char *default_from;
    } email;
    struct { /* aws/: CloudWatch and ECS */
        const char *region;
        const char *cloudwatch_endpoint;
        const char *ecs_endpoint;
        const char *ecs_cluster;
        const char *ecs_worker_service;
    } aws;
    struct { /* apps/banking */
        long cache_seconds;
        long max_files_per_user;
        long max_bytes_per_user;
    } banking;
    struct { /* storage/: statement files */
        const char *backend;
        const char *bucket_name;
        const char *s3_endpoint;
    } storage;
    struct { /* storage/collectstatic: the static tree to S3 for CloudFront */
        const char *root;
        const char *spa_mode;
        const char *bucket;
    } static_files;
    struct { /* graphql/ limits and apps/hn's GraphQL JWTs */
        long max_query_bytes;
        long max_depth;
        long max_aliases;
        long max_fields;
        long max_cost;
        long default_list_size;
        long jwt_expiration;
        long jwt_refresh_expiration;
        long cache_seconds;
    } graphql;
    struct { /* ws/ and bin/wsd: the websocket daemon */
        const char *listen;
        long workers;
        long max_connections;
        long max_message_bytes;
        long messages_per_second;
        long message_burst;
        long queue_max;
        long ping_interval;
        long idle_timeout;
        long auth_timeout;
    } ws;
    struct { /* admin/: the change lists */
        long count_limit;
        long cache_seconds;
    } admin;
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

/* What settings_load_with may leave out. SETTINGS_NO_SECRET_KEY: SECRET_KEY
 * may be absent (it is then ""), for a program that signs nothing with it
 * (worker-ctl collectstatic, whose task is given no secret). */
enum { SETTINGS_NO_SECRET_KEY = 1u << 0 };
int settings_load_with(unsigned flags, char *err, size_t errlen);
void settings_load_with_or_exit(const char *prog, unsigned flags);

/* Prints NAME=value lines, secrets redacted. */
void settings_dump(FILE *out);

/* Prints a Markdown table of every setting, for the README. */
void settings_markdown(FILE *out);

#endif
