/* worker-ctl: the operator's command line (Django's manage.py + celery's CLI).
 * Prints what it did; exits 0 on success, non-zero with one line on stderr. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "core/log.h"
#include "core/settings.h"
#include "db/db.h"
#include "db/migrate.h"

typedef struct {
    const char *name;
    const char *usage;
    const char *help;
    int (*run)(int argc, char **argv);
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

static int
cmd_create_default_user(int argc, char **argv)
{
    static const char email[] = "admin@company.com";
    char err[256];
    PGconn *c = connect_or_fail();
    if (c == NULL)
        return 1;
    switch (accounts_user_create(c, email, "password", true, true, err, sizeof(err))) {
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

static int
cmd_settings(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--markdown") == 0)
        settings_markdown(stdout);
    else
        settings_dump(stdout);
    return 0;
}

static int cmd_help(int argc, char **argv);

static const command_t commands[] = {
    {"migrate", "migrate", "apply the migrations in SQL_DIR that are not applied yet", cmd_migrate},
    {"create_default_user", "create_default_user",
     "create the demo superuser admin@company.com / password (no-op when it exists)",
     cmd_create_default_user},
    {"settings", "settings [--markdown]", "print every setting (secrets hidden)", cmd_settings},
    {"help", "help", "this list", cmd_help},
};

static int
cmd_help(int argc, char **argv)
{
    printf("usage: worker-ctl COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        printf("  %-28s %s\n", commands[i].usage, commands[i].help);
    printf("\nSettings come from the environment; see `worker-ctl settings`.\n");
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
    bool markdown = argc > 2 && strcmp(argv[2], "--markdown") == 0;
    if (cmd->run != cmd_help && !markdown)
        settings_load_or_exit("worker-ctl");
    log_init("worker-ctl", "warning");
    int rc = cmd->run(argc - 1, argv + 1);
    db_close();
    return rc;
}
