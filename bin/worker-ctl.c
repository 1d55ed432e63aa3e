/* worker-ctl: the operator's command line (Django's manage.py + celery's CLI).
 * Prints what it did; exits 0 on success, non-zero with one line on stderr. */
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "apps/apps.h"
#include "apps/accounts/accounts.h"
#include "apps/hn/hn.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "db/migrate.h"
#include "queue/admin.h"
#include "queue/metrics.h"
#include "storage/collectstatic.h"

typedef struct {
    const char *name;
    const char *usage;
    const char *help;
    int (*run)(int argc, char **argv);
    enum {
        CMD_SETTINGS_ALL,       /* settings_load: every setting checked */
        CMD_SETTINGS_NO_SECRET, /* SECRET_KEY may be absent (SETTINGS_NO_SECRET_KEY) */
        CMD_SETTINGS_NONE,      /* reads no setting: runs before any is loaded */
    } settings;
} command_t;

static int __attribute__((format(printf, 1, 2))) fail_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("worker-ctl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

static PGconn *
connect_or_fail(void)
{
    char err[256];
    PGconn *c = db_get(err, sizeof(err));
    if (c == NULL)
        fail_line("cannot connect to PostgreSQL: %s", err);
    return c;
}

static int
cmd_migrate(int argc, char **argv)
{
    char err[512];
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    int applied = migrate_run(c, settings.sql_dir, stdout, err, sizeof(err));
    if (applied < 0)
        return fail_line("migrate: %s", err);
    printf(applied ? "%d migration(s) applied\n" : "no migrations to apply\n", applied);
    return 0;
}

/* The demo superuser admin@company.com / password, for development: with
 * DEBUG off it is refused unless --allow-production says it is meant. */
static int
cmd_create_default_user(int argc, char **argv)
{
    static const char email[] = "admin@company.com";
    char err[256];
    bool allow = argc == 2 && strcmp(argv[1], "--allow-production") == 0;
    if (argc > 2 || (argc == 2 && !allow))
        return fail_line("usage: worker-ctl create_default_user [--allow-production]");
    if (!settings.debug && !allow)
        return fail_line("create_default_user: refused with DEBUG off (admin@company.com / "
                         "password is a public superuser); pass --allow-production to create it");
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    switch (accounts_user_create(c, email, "password", true, true, NULL, err, sizeof(err))) {
    case USER_CREATED:
        printf("created %s\n", email);
        return 0;
    case USER_EXISTS:
        printf("%s already exists\n", email);
        return 0;
    default:
        return fail_line("create_default_user: %s", err);
    }
}

/* Users, links and votes for /hn-clone in development; the users have a
 * known password, so DEBUG off refuses it unless --allow-production. */
static int
cmd_seed_hn(int argc, char **argv)
{
    char err[256];
    bool allow = argc == 2 && strcmp(argv[1], "--allow-production") == 0;
    if (argc > 2 || (argc == 2 && !allow))
        return fail_line("usage: worker-ctl seed-hn [--allow-production]");
    if (!settings.debug && !allow)
        return fail_line("seed-hn: refused with DEBUG off (its users' password is \"password\"); "
                         "pass --allow-production to seed anyway");
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    if (hn_seed(c, stdout, err, sizeof(err)) != 0)
        return fail_line("seed-hn: %s", err);
    return 0;
}

/* Reads a line without echo when stdin is a terminal. */
static int
read_secret(const char *prompt, char *out, size_t cap)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO);
    if (tty) {
        fputs(prompt, stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(out, (int)cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (got == NULL)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

static int
read_line(const char *prompt, char *out, size_t cap)
{
    if (isatty(STDIN_FILENO))
        fputs(prompt, stderr);
    if (fgets(out, (int)cap, stdin) == NULL)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* A new password: from `env` when set, else typed twice at a terminal, else
 * the first line of stdin. Checked with Django's validators. */
static int
new_password(const char *env, const char *email, char *out, size_t cap)
{
    const char *given = env ? getenv(env) : NULL;
    if (given) {
        snprintf(out, cap, "%s", given);
    } else if (isatty(STDIN_FILENO)) {
        char again[1024];
        if (read_secret("Password: ", out, cap) != 0 ||
            read_secret("Password (again): ", again, sizeof(again)) != 0)
            return fail_line("no password given");
        if (strcmp(out, again) != 0)
            return fail_line("the two passwords differ");
    } else if (read_line("", out, cap) != 0) {
        return fail_line("no password given (set %s or pipe it on stdin)", env ? env : "it");
    }
    const char *problem = accounts_password_problem(out, strlen(out), email);
    if (problem)
        return fail_line("password: %s", problem);
    return 0;
}

/* createsuperuser [--email EMAIL]: Django's command. Non-interactive when
 * --email is given and DJANGO_SUPERUSER_PASSWORD is set. */
static int
cmd_createsuperuser(int argc, char **argv)
{
    char email[256] = "", password[1024], err[256];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--email") == 0 && i + 1 < argc)
            snprintf(email, sizeof(email), "%s", argv[++i]);
        else if (strncmp(argv[i], "--email=", 8) == 0)
            snprintf(email, sizeof(email), "%s", argv[i] + 8);
        else if (strcmp(argv[i], "--noinput") != 0 && strcmp(argv[i], "--no-input") != 0)
            return fail_line("createsuperuser: unknown argument \"%s\"", argv[i]);
    }
    if (email[0] == '\0' && getenv("DJANGO_SUPERUSER_EMAIL"))
        snprintf(email, sizeof(email), "%s", getenv("DJANGO_SUPERUSER_EMAIL"));
    if (email[0] == '\0' && read_line("Email address: ", email, sizeof(email)) != 0)
        return fail_line("createsuperuser: --email is required");
    if (!accounts_email_valid(email, strlen(email)))
        return fail_line("createsuperuser: Enter a valid email address.");
    if (new_password("DJANGO_SUPERUSER_PASSWORD", email, password, sizeof(password)) != 0)
        return 1;
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    switch (accounts_user_create(c, email, password, true, true, NULL, err, sizeof(err))) {
    case USER_CREATED:
        printf("Superuser %s created.\n", email);
        return 0;
    case USER_EXISTS:
        return fail_line("createsuperuser: a user with email %s already exists", email);
    default:
        return fail_line("createsuperuser: %s", err);
    }
}

/* changepassword EMAIL: typed twice at a terminal, or the first line of stdin. */
static int
cmd_changepassword(int argc, char **argv)
{
    char password[1024];
    user_t user;
    if (argc != 2)
        return fail_line("usage: worker-ctl changepassword EMAIL");
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    int found = accounts_user_by_email(c, argv[1], &user, NULL);
    if (found <= 0)
        return fail_line(found < 0 ? "changepassword: database error: %s"
                                   : "changepassword: user \"%s\" does not exist",
                         found < 0 ? PQerrorMessage(c) : argv[1]);
    if (new_password(NULL, user.email, password, sizeof(password)) != 0)
        return 1;
    if (accounts_user_set_password(c, user.id, password) != 0)
        return fail_line("changepassword: %s", PQerrorMessage(c));
    printf("Password changed successfully for user %s\n", user.email);
    return 0;
}

/* --json anywhere among the arguments; removed from argv. */
static bool
take_json_flag(int *argc, char **argv)
{
    bool json = false;
    int w = 0;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            argv[w++] = argv[i];
    }
    *argc = w;
    return json;
}

static int
queue_result(int rc, const char *what, const char *err)
{
    return rc == 0 ? 0 : fail_line("%s: %s", what, err);
}

/* enqueue TASK [ARGS_JSON] [--kwargs JSON] [--queue Q] [--count N] */
static int
cmd_enqueue(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    const char *task = NULL, *args = NULL, *kwargs = NULL, *queue = NULL;
    long count = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--kwargs") == 0 && i + 1 < argc)
            kwargs = argv[++i];
        else if (strcmp(argv[i], "--queue") == 0 && i + 1 < argc)
            queue = argv[++i];
        else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = strtol(argv[++i], NULL, 10);
        else if (task == NULL)
            task = argv[i];
        else if (args == NULL)
            args = argv[i];
        else
            return fail_line("enqueue: unexpected argument \"%s\"", argv[i]);
    }
    if (task == NULL)
        return fail_line(
            "usage: worker-ctl enqueue TASK [ARGS_JSON] [--kwargs JSON] [--queue Q] [--count N]");
    return queue_result(
        admin_enqueue(stdout, json, task, args, kwargs, queue, count, err, sizeof(err)), "enqueue",
        err);
}

static int
cmd_status(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    return queue_result(admin_status(stdout, json, err, sizeof(err)), "status", err);
}

static int
cmd_inspect(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    if (argc != 2)
        return fail_line("usage: worker-ctl inspect active|reserved|scheduled [--json]");
    return queue_result(admin_inspect(stdout, json, argv[1], err, sizeof(err)), "inspect", err);
}

static int
cmd_purge(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    if (argc != 2)
        return fail_line("usage: worker-ctl purge QUEUE [--json]");
    return queue_result(admin_purge(stdout, json, argv[1], err, sizeof(err)), "purge", err);
}

static int
cmd_requeue_dead(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    return queue_result(admin_requeue_dead(stdout, json, err, sizeof(err)), "requeue-dead", err);
}

static volatile sig_atomic_t stop_watch;

static void
on_stop(int sig)
{
    (void)sig;
    stop_watch = 1;
}

static int
cmd_metrics(int argc, char **argv)
{
    char err[256];
    bool json = take_json_flag(&argc, argv);
    bool publish = argc > 1 && strcmp(argv[1], "--publish") == 0;
    bool watch = publish && argc == 3 && strcmp(argv[2], "--watch") == 0;
    if (watch && !json) {
        /* No sa_restart: the wait in metrics_watch returns on the signal. */
        struct sigaction sa = {.sa_handler = on_stop};
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        return metrics_watch(&stop_watch) == 0 ? 0 : 1;
    }
    if (argc > (publish ? 2 : 1))
        return fail_line("usage: worker-ctl metrics [--publish [--watch]] [--json]");
    return queue_result(admin_metrics(stdout, json, publish, err, sizeof(err)), "metrics", err);
}

static int
cmd_scale(int argc, char **argv)
{
    char err[512], *end = NULL;
    bool json = take_json_flag(&argc, argv);
    long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end || n < 0 || n > 1000)
        return fail_line("usage: worker-ctl scale DESIRED_COUNT [--json] (0 to 1000)");
    return queue_result(admin_scale(stdout, json, n, err, sizeof(err)), "scale", err);
}

/* collectstatic: STATIC_ROOT to AWS_STATIC_BUCKET (storage/collectstatic.h).
 * The last line says what was done; on failure it is on stderr and says how
 * far it got, never a success. */
static int
cmd_collectstatic(int argc, char **argv)
{
    char err[768];
    collect_counts_t n;

    (void)argv;
    if (argc != 1)
        return fail_line("usage: worker-ctl collectstatic");
    if (collectstatic_run(stdout, &n, err, sizeof(err)) != 0) {
        fflush(stdout);
        if (n.files == 0)
            return fail_line("collectstatic: %s", err);
        return fail_line("collectstatic: failed after %zu uploaded and %zu unchanged of %zu: %s",
                         n.uploaded, n.unchanged, n.files, err);
    }
    printf("collectstatic: %zu uploaded, %zu unchanged, to s3://%s\n", n.uploaded, n.unchanged,
           settings.static_files.bucket);
    return fflush(stdout) == 0 ? 0 : fail_line("collectstatic: cannot write the report");
}

static int
cmd_settings(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--markdown") == 0)
        settings_markdown(stdout);
    else
        settings_dump(stdout);
    return 0;
}

/* connect_within: a TCP connection to host:port opens within ms. */
static bool
connect_within(const char *host, const char *port, int ms)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return false;
    bool up = false;
    for (struct addrinfo *a = res; a != NULL && !up; a = a->ai_next) {
        int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
            up = true;
        } else {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            int err = 0;
            socklen_t len = sizeof(err);
            up = poll(&p, 1, ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
                 err == 0;
        }
        close(fd);
    }
    freeaddrinfo(res);
    return up;
}

/* probe HOST:PORT: the container health check of an image with no shell
 * (the app image is FROM scratch): exits 0 when the port accepts a TCP
 * connection within 3 seconds. Reads no settings. */
static int
cmd_probe(int argc, char **argv)
{
    const char *colon = argc == 2 ? strrchr(argv[1], ':') : NULL;
    if (colon == NULL || colon == argv[1] || colon[1] == '\0')
        return fail_line("usage: worker-ctl probe HOST:PORT");
    char host[256];
    size_t n = (size_t)(colon - argv[1]);
    if (n >= sizeof(host))
        return fail_line("probe: host too long");
    memcpy(host, argv[1], n);
    host[n] = '\0';
    if (!connect_within(host, colon + 1, 3000))
        return fail_line("probe: nothing accepts connections on %s", argv[1]);
    return 0;
}

static int cmd_help(int argc, char **argv);

static const command_t commands[] = {
    {"migrate", "migrate", "apply the migrations in SQL_DIR that are not applied yet", cmd_migrate,
     CMD_SETTINGS_ALL},
    {"create_default_user", "create_default_user [--allow-production]",
     "create the demo superuser admin@company.com / password (no-op when it exists; "
     "refused with DEBUG off unless --allow-production)",
     cmd_create_default_user, CMD_SETTINGS_ALL},
    {"seed-hn", "seed-hn [--allow-production]",
     "add a few users, links and votes for the Hacker News page (development; idempotent)",
     cmd_seed_hn, CMD_SETTINGS_ALL},
    {"createsuperuser", "createsuperuser [--email E]",
     "create a superuser; non-interactive with --email and DJANGO_SUPERUSER_PASSWORD",
     cmd_createsuperuser, CMD_SETTINGS_ALL},
    {"changepassword", "changepassword EMAIL",
     "set a user's password (typed twice, or the first line of stdin)", cmd_changepassword,
     CMD_SETTINGS_ALL},
    {"enqueue", "enqueue TASK [ARGS] [--kwargs J] [--queue Q] [--count N]",
     "queue a task (ARGS a JSON array); prints its id", cmd_enqueue, CMD_SETTINGS_ALL},
    {"status", "status [--json]", "workers with heartbeats, queue depths, delayed and dead",
     cmd_status, CMD_SETTINGS_ALL},
    {"inspect", "inspect active|reserved|scheduled [--json]",
     "running tasks, taken but not started, waiting for their time", cmd_inspect, CMD_SETTINGS_ALL},
    {"purge", "purge QUEUE [--json]", "drop every task waiting in QUEUE", cmd_purge,
     CMD_SETTINGS_ALL},
    {"requeue-dead", "requeue-dead [--json]", "put dead-letter tasks back on their queues",
     cmd_requeue_dead, CMD_SETTINGS_ALL},
    {"metrics", "metrics [--publish [--watch]]",
     "queued + reserved + active per queue; --publish sends them (CloudWatch or the log), "
     "--watch again every METRICS_INTERVAL and when work reaches an idle queue",
     cmd_metrics, CMD_SETTINGS_ALL},
    {"scale", "scale N [--json]", "set the ECS worker service's desired count (SigV4)", cmd_scale,
     CMD_SETTINGS_ALL},
    {"collectstatic", "collectstatic",
     "upload STATIC_ROOT to the S3 bucket AWS_STATIC_BUCKET under the URL paths CloudFront "
     "serves (only what changed)",
     cmd_collectstatic, CMD_SETTINGS_NO_SECRET},
    {"settings", "settings [--markdown]", "print every setting (secrets hidden)", cmd_settings,
     CMD_SETTINGS_ALL},
    {"probe", "probe HOST:PORT",
     "exit 0 when HOST:PORT accepts a TCP connection (the image's health check; no settings)",
     cmd_probe, CMD_SETTINGS_NONE},
    {"help", "help", "this list", cmd_help, CMD_SETTINGS_NONE},
};

static int
cmd_help(int argc, char **argv)
{
    printf("usage: worker-ctl COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        printf("  %-28s %s\n", commands[i].usage, commands[i].help);
    printf("\n--json makes every read command print JSON. Exit status 0 on success; otherwise\n"
           "one line on stderr and a non-zero status. Settings come from the environment;\n"
           "see `worker-ctl settings`.\n");
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        cmd_help(argc, argv);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(argc, argv);
    const command_t *cmd = NULL;
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            cmd = &commands[i];
    if (cmd == NULL)
        return fail_line("unknown command \"%s\"; try worker-ctl --help", argv[1]);
    if (cmd->settings == CMD_SETTINGS_NONE)
        return cmd->run(argc - 1, argv + 1);
    /* settings --markdown documents the defaults: it reads none. */
    bool markdown = argc > 2 && strcmp(argv[2], "--markdown") == 0;
    if (!markdown)
        settings_load_with_or_exit(
            "worker-ctl", cmd->settings == CMD_SETTINGS_NO_SECRET ? SETTINGS_NO_SECRET_KEY : 0);
    log_init("worker-ctl", markdown ? "warning" : settings.log_level);
    apps_register_tasks();
    int rc = cmd->run(argc - 1, argv + 1);
    db_close();
    return rc;
}
