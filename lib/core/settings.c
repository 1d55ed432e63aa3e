#include "core/settings.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

settings_t settings;

#define S(field) offsetof(settings_t, field)
/* The default of a bool that is on in production: true unless DEBUG (which
 * the table reads first), so a deployment that forgets it is still safe. */
#define NOT_DEBUG "!DEBUG"

const setting_def_t setting_defs[] = {
    {"SECRET_KEY", SETTING_STR, NULL, true, 0, 0,
     "signs tokens and cookies; 32+ bytes unless DEBUG", S(secret_key)},
    {"DEBUG", SETTING_BOOL, "false", false, 0, 0, "development mode (true/false/1/0)", S(debug)},
    {"ALLOWED_HOSTS", SETTING_STR, "localhost,127.0.0.1,[::1]", false, 0, 0,
     "comma-separated Host names served; `*` any, `.example.com` subdomains", S(allowed_hosts)},
    {"FULL_APP_NAME", SETTING_STR, "verbose-c", false, 0, 0,
     "application name; the CloudWatch namespace", S(full_app_name)},
    {"POSTGRES_NAME", SETTING_STR, "postgres", false, 0, 0, "database name", S(postgres_name)},
    {"POSTGRES_USERNAME", SETTING_STR, "postgres", false, 0, 0, "database user",
     S(postgres_username)},
    {"POSTGRES_PASSWORD", SETTING_STR, "", true, 0, 0, "database password", S(postgres_password)},
    {"POSTGRES_SERVICE_HOST", SETTING_STR, "127.0.0.1", false, 0, 0,
     "database host (or a socket directory)", S(postgres_host)},
    {"POSTGRES_SERVICE_PORT", SETTING_INT, "5432", false, 1, 65535, "database port",
     S(postgres_port)},
    {"DB_CONNECT_TIMEOUT", SETTING_INT, "2", false, 1, 60, "seconds to wait for PostgreSQL",
     S(db_connect_timeout)},
    {"REDIS_SERVICE_HOST", SETTING_STR, "127.0.0.1", false, 0, 0, "Redis host", S(redis_host)},
    {"REDIS_SERVICE_PORT", SETTING_INT, "6379", false, 1, 65535, "Redis port", S(redis_port)},
    {"REDIS_TIMEOUT_MS", SETTING_INT, "2000", false, 10, 60000,
     "milliseconds to wait for Redis (connect and commands)", S(redis_timeout_ms)},
    {"FCGI_LISTEN", SETTING_STR, "127.0.0.1:9000", false, 0, 0,
     "FastCGI address: unix:/path/to.sock, host:port or :port", S(fcgi_listen)},
    {"FCGI_WORKERS", SETTING_INT, "4", false, 1, 256,
     "worker processes per FastCGI program (about twice the cores, so a slow request "
     "does not leave a core idle behind its kept connections)",
     S(fcgi_workers)},
    {"FCGI_BACKLOG", SETTING_INT, "1024", false, 1, 65535, "listen backlog", S(fcgi_backlog)},
    {"FCGI_SOCKET_GROUP", SETTING_STR, "", false, 0, 0,
     "group of a unix FCGI_LISTEN socket, mode 0660, for an nginx that runs as another user "
     "in that group (empty: mode 0600, nginx runs as the program's user)",
     S(fcgi_socket_group)},
    {"DRAIN_TIMEOUT", SETTING_INT, "30", false, 1, 3600,
     "seconds SIGTERM waits for in-flight requests", S(drain_timeout)},
    {"MAX_BODY_SIZE", SETTING_INT, "10485760", false, 1024, 1073741824,
     "largest request body in bytes (413 beyond)", S(max_body_size)},
    {"LOG_LEVEL", SETTING_STR, "info", false, 0, 0, "debug, info, warning or error", S(log_level)},
    {"MEDIA_ROOT", SETTING_STR, "var/media", false, 0, 0, "uploaded files", S(media_root)},
    {"SQL_DIR", SETTING_STR, DATADIR_SQL, false, 0, 0, "migrations read by worker-ctl migrate",
     S(sql_dir)},
    /* accounts: simplejwt's SIMPLE_JWT, Django's sessions, login throttling */
    {"ACCESS_TOKEN_LIFETIME", SETTING_INT, "300", false, 1, 31536000,
     "seconds an access token lives", S(accounts.access_token_lifetime)},
    {"REFRESH_TOKEN_LIFETIME", SETTING_INT, "86400", false, 1, 31536000,
     "seconds a refresh token lives", S(accounts.refresh_token_lifetime)},
    {"ROTATE_REFRESH_TOKENS", SETTING_BOOL, "true", false, 0, 0,
     "refresh_token also returns a new refresh token", S(accounts.rotate_refresh_tokens)},
    {"BLACKLIST_AFTER_ROTATION", SETTING_BOOL, "true", false, 0, 0,
     "a rotated refresh token is blacklisted", S(accounts.blacklist_after_rotation)},
    {"PASSWORD_ITERATIONS", SETTING_INT, "260000", false, 260000, 100000000,
     "PBKDF2-SHA256 iterations for new hashes; weaker ones are upgraded at login",
     S(accounts.password_iterations)},
    {"SESSION_COOKIE_AGE", SETTING_INT, "1209600", false, 60, 31536000,
     "seconds a session lives (Redis)", S(accounts.session_cookie_age)},
    {"SESSION_COOKIE_SECURE", SETTING_BOOL, NOT_DEBUG, false, 0, 0,
     "mark the sessionid cookie Secure (HTTPS only)", S(accounts.session_cookie_secure)},
    {"CSRF_COOKIE_SECURE", SETTING_BOOL, NOT_DEBUG, false, 0, 0,
     "mark the csrftoken cookie Secure (HTTPS only)", S(accounts.csrf_cookie_secure)},
    {"USER_CACHE_SECONDS", SETTING_INT, "5", false, 0, 300,
     "seconds a worker trusts its cached copy of a user (0: read every time)",
     S(accounts.user_cache_seconds)},
    {"THROTTLE_LOGIN_PER_EMAIL", SETTING_INT, "5", false, 1, 1000000,
     "failed logins per email per window before 429", S(accounts.throttle_login_per_email)},
    {"THROTTLE_LOGIN_PER_IP", SETTING_INT, "20", false, 1, 1000000,
     "failed logins per client address per window before 429", S(accounts.throttle_login_per_ip)},
    {"THROTTLE_LOGIN_WINDOW", SETTING_INT, "300", false, 1, 86400,
     "seconds of the login throttling window", S(accounts.throttle_login_window)},
    {"THROTTLE_REGISTER_PER_IP", SETTING_INT, "10", false, 1, 1000000,
     "registrations per client address per window before 429 (each hashes a password)",
     S(accounts.throttle_register_per_ip)},
    {"THROTTLE_REGISTER_WINDOW", SETTING_INT, "3600", false, 1, 86400,
     "seconds of the registration throttling window", S(accounts.throttle_register_window)},
    {"TRUSTED_PROXY_CIDRS", SETTING_STR, "172.31.0.0/16", false, 0, 0,
     "production nginx (ops/render-nginx): comma-separated ranges whose X-Forwarded-For is "
     "believed; the per-address login throttle counts the address it names",
     S(accounts.trusted_proxy_cidrs)},
    {"SOCIAL_AUTH_GITHUB_KEY", SETTING_STR, "", false, 0, 0, "GitHub OAuth app client id",
     S(social.github_key)},
    {"SOCIAL_AUTH_GITHUB_SECRET", SETTING_STR, "", true, 0, 0, "GitHub OAuth app secret",
     S(social.github_secret)},
    {"SOCIAL_AUTH_GITHUB_AUTHORIZE_URL", SETTING_STR, "https://github.com/login/oauth/authorize",
     false, 0, 0, "GitHub authorization page (the SPA sends the browser there)",
     S(social.github_authorize_url)},
    {"SOCIAL_AUTH_GITHUB_TOKEN_URL", SETTING_STR, "https://github.com/login/oauth/access_token",
     false, 0, 0, "GitHub token endpoint", S(social.github_token_url)},
    {"SOCIAL_AUTH_GITHUB_PROFILE_URL", SETTING_STR, "https://api.github.com/user", false, 0, 0,
     "GitHub profile endpoint", S(social.github_profile_url)},
    {"SOCIAL_AUTH_GITHUB_EMAILS_URL", SETTING_STR, "https://api.github.com/user/emails", false, 0,
     0, "GitHub verified-emails endpoint", S(social.github_emails_url)},
    {"SOCIAL_AUTH_GOOGLE_OAUTH2_KEY", SETTING_STR, "", false, 0, 0, "Google OAuth client id",
     S(social.google_key)},
    {"SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET", SETTING_STR, "", true, 0, 0, "Google OAuth secret",
     S(social.google_secret)},
    {"SOCIAL_AUTH_GOOGLE_OAUTH2_AUTHORIZE_URL", SETTING_STR,
     "https://accounts.google.com/o/oauth2/v2/auth", false, 0, 0, "Google authorization page",
     S(social.google_authorize_url)},
    {"SOCIAL_AUTH_GOOGLE_OAUTH2_TOKEN_URL", SETTING_STR, "https://oauth2.googleapis.com/token",
     false, 0, 0, "Google token endpoint", S(social.google_token_url)},
    {"SOCIAL_AUTH_GOOGLE_OAUTH2_PROFILE_URL", SETTING_STR,
     "https://openidconnect.googleapis.com/v1/userinfo", false, 0, 0, "Google userinfo endpoint",
     S(social.google_profile_url)},
    {"SOCIAL_AUTH_FACEBOOK_KEY", SETTING_STR, "", false, 0, 0, "Facebook app id",
     S(social.facebook_key)},
    {"SOCIAL_AUTH_FACEBOOK_SECRET", SETTING_STR, "", true, 0, 0, "Facebook app secret",
     S(social.facebook_secret)},
    {"SOCIAL_AUTH_FACEBOOK_AUTHORIZE_URL", SETTING_STR,
     "https://www.facebook.com/v18.0/dialog/oauth", false, 0, 0, "Facebook authorization page",
     S(social.facebook_authorize_url)},
    {"SOCIAL_AUTH_FACEBOOK_TOKEN_URL", SETTING_STR,
     "https://graph.facebook.com/v18.0/oauth/access_token", false, 0, 0, "Facebook token endpoint",
     S(social.facebook_token_url)},
    {"SOCIAL_AUTH_FACEBOOK_PROFILE_URL", SETTING_STR,
     "https://graph.facebook.com/v18.0/me?fields=id,email,first_name,last_name", false, 0, 0,
     "Facebook profile endpoint", S(social.facebook_profile_url)},
    {"SOCIAL_AUTH_TIMEOUT_MS", SETTING_INT, "5000", false, 100, 60000,
     "milliseconds to wait for a social provider", S(social.timeout_ms)},
    /* background work: Celery's names where it had them */
    {"CELERY_QUEUE_DEFAULT", SETTING_STR, "default", false, 0, 0, "the default queue",
     S(queue.default_name)},
    {"CELERY_QUEUE_OTHER", SETTING_STR, "other", false, 0, 0, "the second queue",
     S(queue.other_name)},
    {"CELERY_METRICS_TOKEN", SETTING_STR, "", true, 0, 0,
     "token POST /api/celery-metrics/ wants (empty: the endpoint refuses everyone)",
     S(queue.metrics_token)},
    {"RESULT_TTL", SETTING_INT, "86400", false, 60, 31536000,
     "seconds a task's state and result are kept", S(queue.result_ttl)},
    {"TASK_MAX_RETRIES", SETTING_INT, "3", false, 0, 100,
     "retries of a failing task before the dead-letter list", S(queue.task_max_retries)},
    {"RETRY_BACKOFF_MS", SETTING_INT, "1000", false, 1, 3600000,
     "first retry delay; doubles with each retry (capped at 10 minutes)",
     S(queue.retry_backoff_ms)},
    {"WORKER_CONCURRENCY", SETTING_INT, "2", false, 0, 256, "worker processes when -c is not given",
     S(queue.worker_concurrency)},
    {"WORKER_HEARTBEAT_TIMEOUT", SETTING_INT, "10", false, 2, 3600,
     "seconds without a heartbeat before a worker's tasks are put back",
     S(queue.worker_heartbeat_timeout)},
    {"WORKER_SHUTDOWN_TIMEOUT", SETTING_INT, "30", false, 1, 86400,
     "seconds SIGTERM lets running tasks finish", S(queue.worker_shutdown_timeout)},
    {"METRICS_INTERVAL", SETTING_INT, "60", false, 1, 3600,
     "seconds between queue-metric publications (the beat, metrics --watch)",
     S(queue.metrics_interval)},
    {"AUTOSCALE_COOLDOWN", SETTING_INT, "30", false, 1, 86400,
     "seconds a queue stays empty before --autoscale scales in", S(queue.autoscale_cooldown)},
    {"SCHEDULE_FILE", SETTING_STR, "conf/schedule.conf", false, 0, 0,
     "the beat's schedule (interval or cron lines)", S(queue.schedule_file)},
    {"SLEEP_TASK_MAX_SECONDS", SETTING_INT, "60", false, 0, 3600,
     "largest seconds POST /api/celery/sleep-task/ accepts", S(queue.sleep_task_max_seconds)},
    {"USER_TASKS_MAX_UNFINISHED", SETTING_INT, "5", false, 1, 1000,
     "tasks a user may have waiting or running from sleep-task and send-test-email; more is 429",
     S(queue.user_tasks_max_unfinished)},
    {"USER_TASKS_HOLD_SECONDS", SETTING_INT, "3600", false, 60, 86400,
     "longest a user's task counts as unfinished (frees the places of purged or lost tasks)",
     S(queue.user_tasks_hold_seconds)},
    {"EMAIL_HOST", SETTING_STR, "localhost", false, 0, 0, "SMTP server", S(email.host)},
    {"EMAIL_PORT", SETTING_INT, "25", false, 1, 65535, "SMTP port", S(email.port)},
    {"EMAIL_HOST_USER", SETTING_STR, "", false, 0, 0, "SMTP user (empty: no login)", S(email.user)},
    {"EMAIL_HOST_PASSWORD", SETTING_STR, "", true, 0, 0, "SMTP password", S(email.password)},
    {"EMAIL_USE_TLS", SETTING_BOOL, "false", false, 0, 0, "STARTTLS to the SMTP server",
     S(email.use_tls)},
    {"DEFAULT_FROM_EMAIL", SETTING_STR, "webmaster@localhost", false, 0, 0,
     "sender of the platform's mail", S(email.default_from)},
    {"AWS_DEFAULT_REGION", SETTING_STR, "us-east-1", false, 0, 0, "AWS region", S(aws.region)},
    {"AWS_CLOUDWATCH_ENDPOINT", SETTING_STR, "", false, 0, 0,
     "CloudWatch URL (empty: the region's; metrics go to the log without AWS credentials)",
     S(aws.cloudwatch_endpoint)},
    {"AWS_ECS_ENDPOINT", SETTING_STR, "", false, 0, 0, "ECS URL (empty: the region's)",
     S(aws.ecs_endpoint)},
    {"ECS_CLUSTER", SETTING_STR, "", false, 0, 0,
     "cluster of the worker service (worker-ctl scale)", S(aws.ecs_cluster)},
    {"ECS_WORKER_SERVICE", SETTING_STR, "", false, 0, 0,
     "the worker's ECS service (worker-ctl scale)", S(aws.ecs_worker_service)},
    {"BANKING_CACHE_SECONDS", SETTING_INT, "30", false, 0, 3600,
     "seconds an api worker may keep a page of /api/transactions/; any commit to statements or "
     "transactions drops it sooner (0: off)",
     S(banking.cache_seconds)},
    {"BANKING_MAX_FILES_PER_USER", SETTING_INT, "1000", false, 0, 1000000000,
     "statement files a user may have stored; an upload past it is a 413 (0: no limit)",
     S(banking.max_files_per_user)},
    {"BANKING_MAX_BYTES_PER_USER", SETTING_INT, "1073741824", false, 0, 1125899906842624,
     "bytes of statement files a user may have stored; an upload past it is a 413 (0: no limit)",
     S(banking.max_bytes_per_user)},
    {"STORAGE_BACKEND", SETTING_STR, "local", false, 0, 0,
     "where uploaded files live: local (MEDIA_ROOT) or s3", S(storage.backend)},
    {"AWS_STORAGE_BUCKET_NAME", SETTING_STR, "", false, 0, 0,
     "S3 bucket of uploaded files (required when STORAGE_BACKEND=s3)", S(storage.bucket_name)},
    {"AWS_S3_ENDPOINT", SETTING_STR, "", false, 0, 0,
     "S3 URL, path-style (empty: https://<bucket>.s3.<region>.amazonaws.com)",
     S(storage.s3_endpoint)},
    {"STATIC_ROOT", SETTING_STR, "static", false, 0, 0,
     "the built static tree (spa or pwa, api-docs, graphiql, admin, robots.txt) that "
     "worker-ctl collectstatic uploads",
     S(static_files.root)},
    {"SPA_MODE", SETTING_STR, "spa", false, 0, 0,
     "which SPA build is served and collected: spa or pwa (STATIC_ROOT/spa or STATIC_ROOT/pwa)",
     S(static_files.spa_mode)},
    {"AWS_STATIC_BUCKET", SETTING_STR, "", false, 0, 0,
     "S3 bucket CloudFront serves /assets/* and /static/* from (worker-ctl collectstatic; "
     "AWS_S3_ENDPOINT applies too)",
     S(static_files.bucket)},
    {"GRAPHQL_MAX_QUERY_BYTES", SETTING_INT, "20000", false, 16, 10485760,
     "largest GraphQL document in bytes; a longer one is refused before parsing",
     S(graphql.max_query_bytes)},
    {"GRAPHQL_MAX_DEPTH", SETTING_INT, "15", false, 1, 256,
     "deepest field nesting a GraphQL query may have (fragments expanded)", S(graphql.max_depth)},
    {"GRAPHQL_MAX_ALIASES", SETTING_INT, "30", false, 0, 100000,
     "most aliased fields in one GraphQL query", S(graphql.max_aliases)},
    {"GRAPHQL_MAX_FIELDS", SETTING_INT, "500", false, 1, 1000000,
     "most field selections in one GraphQL query (fragments expanded)", S(graphql.max_fields)},
    {"GRAPHQL_MAX_COST", SETTING_INT, "50000", false, 1, 1000000000,
     "largest cost of a GraphQL query: each field costs 1 times the sizes of the lists it is in",
     S(graphql.max_cost)},
    {"GRAPHQL_DEFAULT_LIST_SIZE", SETTING_INT, "100", false, 1, 1000000,
     "rows a root list without `first` returns, and the size any list without it counts for in "
     "GRAPHQL_MAX_COST",
     S(graphql.default_list_size)},
    {"GRAPHQL_JWT_EXPIRATION", SETTING_INT, "300", false, 1, 315360000,
     "seconds a GraphQL token (tokenAuth, refreshToken) is valid", S(graphql.jwt_expiration)},
    {"GRAPHQL_JWT_REFRESH_EXPIRATION", SETTING_INT, "604800", false, 1, 315360000,
     "seconds after tokenAuth (origIat) during which refreshToken still renews a GraphQL token",
     S(graphql.jwt_refresh_expiration)},
    {"GRAPHQL_CACHE_SECONDS", SETTING_INT, "30", false, 0, 3600,
     "seconds a graphql worker may keep the answer to a query; any commit to links, votes or "
     "users drops it sooner (0: off)",
     S(graphql.cache_seconds)},
    {"WS_LISTEN", SETTING_STR, "127.0.0.1:8001", false, 0, 0,
     "wsd's address (nginx proxies /ws/ to it): unix:/path/to.sock, host:port or :port",
     S(ws.listen)},
    {"WS_WORKERS", SETTING_INT, "2", false, 1, 256,
     "wsd processes (each an event loop holding many connections; about one per core)",
     S(ws.workers)},
    {"WS_MAX_CONNECTIONS", SETTING_INT, "20000", false, 1, 1000000,
     "websocket connections one wsd process holds; a handshake beyond it gets 503",
     S(ws.max_connections)},
    {"WS_MAX_MESSAGE_BYTES", SETTING_INT, "65536", false, 128, 16777216,
     "largest websocket message a client may send (all its fragments); larger closes with 1009",
     S(ws.max_message_bytes)},
    {"WS_MESSAGES_PER_SECOND", SETTING_INT, "20", false, 1, 1000000,
     "messages a websocket client may send per second on average; faster closes with 1008",
     S(ws.messages_per_second)},
    {"WS_MESSAGE_BURST", SETTING_INT, "40", false, 1, 1000000,
     "messages a websocket client may send at once above WS_MESSAGES_PER_SECOND",
     S(ws.message_burst)},
    {"WS_QUEUE_MAX", SETTING_INT, "256", false, 1, 1000000,
     "messages waiting for one slow websocket client; one more closes it with 1013",
     S(ws.queue_max)},
    {"WS_PING_INTERVAL", SETTING_INT, "30", false, 1, 3600,
     "seconds a websocket may be silent before wsd pings it", S(ws.ping_interval)},
    {"WS_IDLE_TIMEOUT", SETTING_INT, "60", false, 2, 7200,
     "seconds without any frame (a pong included) after which wsd drops a websocket; more "
     "than WS_PING_INTERVAL",
     S(ws.idle_timeout)},
    {"WS_AUTH_TIMEOUT", SETTING_INT, "5", false, 1, 300,
     "seconds /ws/notifications/ waits for the auth message of a client without a session "
     "(then closes with 4401)",
     S(ws.auth_timeout)},
    {"ADMIN_COUNT_LIMIT", SETTING_INT, "10000", false, 1, 1000000000,
     "rows an admin change list counts exactly; beyond it the total is PostgreSQL's estimate, "
     "shown as \"about N\" (a model may set a lower limit of its own)",
     S(admin.count_limit)},
    {"ADMIN_CACHE_SECONDS", SETTING_INT, "30", false, 0, 3600,
     "seconds an admin worker may keep what a change list read (rows, total, filter choices); "
     "any commit to a table it read (users, statements, transactions, links, votes) drops it "
     "sooner (0: off)",
     S(admin.cache_seconds)},
};
const size_t setting_defs_len = sizeof(setting_defs) / sizeof(setting_defs[0]);

static bool
parse_bool(const char *v, bool *out)
{
    static const char *yes[] = {"1", "true", "yes", "on"};
    static const char *no[] = {"0", "false", "no", "off", ""};
    if (strcmp(v, NOT_DEBUG) == 0)
        return *out = !settings.debug, true;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (strcasecmp(v, yes[i]) == 0)
            return *out = true, true;
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (strcasecmp(v, no[i]) == 0)
            return *out = false, true;
    return false;
}

int
settings_load(char *err, size_t errlen)
{
    return settings_load_with(0, err, errlen);
}

/* SECRET_KEY, once read: present (unless optional), and long enough
 * without DEBUG. */
static int
secret_key_check(bool optional, char *err, size_t errlen)
{
    if (settings.secret_key[0] == '\0' && !optional) {
        snprintf(err, errlen, "setting SECRET_KEY is empty");
        return -1;
    }
    if (settings.secret_key[0] != '\0' && !settings.debug && strlen(settings.secret_key) < 32) {
        snprintf(err, errlen, "setting SECRET_KEY must be 32 bytes or more when DEBUG is off");
        return -1;
    }
    return 0;
}

int
settings_load_with(unsigned flags, char *err, size_t errlen)
{
    bool secret_optional = flags & SETTINGS_NO_SECRET_KEY;

    for (size_t i = 0; i < setting_defs_len; i++) {
        const setting_def_t *d = &setting_defs[i];
        const char *v = getenv(d->name);
        char *field = (char *)&settings + d->offset;

        if (v == NULL)
            v = d->default_value;
        if (v == NULL && secret_optional && field == (char *)&settings.secret_key)
            v = "";
        if (v == NULL) {
            snprintf(err, errlen, "setting %s is required (%s)", d->name, d->help);
            return -1;
        }
        switch (d->type) {
        case SETTING_STR:
            *(const char **)field = v;
            break;
        case SETTING_BOOL:
            if (!parse_bool(v, (bool *)field)) {
                snprintf(err, errlen, "setting %s must be true or false, not \"%.40s\"", d->name,
                         v);
                return -1;
            }
            break;
        case SETTING_INT:
            if (!str_to_long(str_from_cstr(v), d->min, d->max, (long *)field)) {
                snprintf(err, errlen,
                         "setting %s must be an integer from %ld to %ld, not \"%.40s\"", d->name,
                         d->min, d->max, v);
                return -1;
            }
            break;
        }
    }
    if (secret_key_check(secret_optional, err, errlen) != 0)
        return -1;
    if (settings.fcgi_socket_group[0] != '\0' && getgrnam(settings.fcgi_socket_group) == NULL) {
        snprintf(err, errlen, "setting FCGI_SOCKET_GROUP names no group: \"%.40s\"",
                 settings.fcgi_socket_group);
        return -1;
    }
    static const char *levels[] = {"debug", "info", "warning", "error"};
    bool level_ok = false;
    for (size_t i = 0; i < 4; i++)
        level_ok |= strcmp(settings.log_level, levels[i]) == 0;
    if (!level_ok) {
        snprintf(err, errlen, "setting LOG_LEVEL must be debug, info, warning or error");
        return -1;
    }
    if (strcmp(settings.storage.backend, "local") != 0 &&
        strcmp(settings.storage.backend, "s3") != 0) {
        snprintf(err, errlen, "setting STORAGE_BACKEND must be local or s3, not \"%.40s\"",
                 settings.storage.backend);
        return -1;
    }
    if (strcmp(settings.storage.backend, "s3") == 0 && settings.storage.bucket_name[0] == '\0') {
        snprintf(err, errlen,
                 "setting AWS_STORAGE_BUCKET_NAME is required when STORAGE_BACKEND=s3");
        return -1;
    }
    if (strcmp(settings.static_files.spa_mode, "spa") != 0 &&
        strcmp(settings.static_files.spa_mode, "pwa") != 0) {
        snprintf(err, errlen, "setting SPA_MODE must be spa or pwa, not \"%.40s\"",
                 settings.static_files.spa_mode);
        return -1;
    }
    if (settings.ws.idle_timeout <= settings.ws.ping_interval) {
        snprintf(err, errlen,
                 "setting WS_IDLE_TIMEOUT (%ld) must be more than WS_PING_INTERVAL (%ld)",
                 settings.ws.idle_timeout, settings.ws.ping_interval);
        return -1;
    }
    return 0;
}

void
settings_load_or_exit(const char *prog)
{
    settings_load_with_or_exit(prog, 0);
}

void
settings_load_with_or_exit(const char *prog, unsigned flags)
{
    char err[256];
    if (settings_load_with(flags, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        exit(2);
    }
}

void
settings_dump(FILE *out)
{
    for (size_t i = 0; i < setting_defs_len; i++) {
        const setting_def_t *d = &setting_defs[i];
        const char *field = (const char *)&settings + d->offset;
        fprintf(out, "%s=", d->name);
        if (d->secret)
            fputs("********", out);
        else if (d->type == SETTING_STR)
            fputs(*(const char *const *)field, out);
        else if (d->type == SETTING_BOOL)
            fputs(*(const bool *)field ? "true" : "false", out);
        else
            fprintf(out, "%ld", *(const long *)field);
        fputc('\n', out);
    }
}

void
settings_markdown(FILE *out)
{
    fputs("| variable | default | what |\n|---|---|---|\n", out);
    for (size_t i = 0; i < setting_defs_len; i++) {
        const setting_def_t *d = &setting_defs[i];
        const char *def = d->default_value;
        if (def == NULL)
            fprintf(out, "| `%s` | **required** | %s |\n", d->name, d->help);
        else if (*def == '\0')
            fprintf(out, "| `%s` | (empty) | %s |\n", d->name, d->help);
        else if (strcmp(def, NOT_DEBUG) == 0)
            fprintf(out, "| `%s` | `true` unless `DEBUG` | %s |\n", d->name, d->help);
        else if (d->offset == offsetof(settings_t, sql_dir))
            fprintf(out, "| `%s` | the installed `sql/` | %s |\n", d->name, d->help);
        else
            fprintf(out, "| `%s` | `%s` | %s |\n", d->name, def, d->help);
    }
}
