#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>

#include "core/settings.h"
#include "tap.h"

static const char *long_key = "0123456789abcdef0123456789abcdef";

/* Every test starts from a clean environment with only a good SECRET_KEY. */
static void
env_reset(void)
{
    for (size_t i = 0; i < setting_defs_len; i++)
        unsetenv(setting_defs[i].name);
    setenv("SECRET_KEY", long_key, 1);
}

static int
load(char *err, size_t errlen)
{
    err[0] = '\0';
    return settings_load(err, errlen);
}

int
main(void)
{
    char err[256];

    env_reset();
    is_int(load(err, sizeof(err)), 0, "loads with only SECRET_KEY");
    ok(!settings.debug, "DEBUG defaults to false");
    is_int(settings.fcgi_workers, 4, "FCGI_WORKERS default");
    is_int(settings.postgres_port, 5432, "POSTGRES_SERVICE_PORT default");
    is_int(settings.max_body_size, 10485760, "MAX_BODY_SIZE default");
    is_str(str_from_cstr(settings.log_level), "info", "LOG_LEVEL default");
    is_str(str_from_cstr(settings.fcgi_listen), "127.0.0.1:9000", "FCGI_LISTEN default");
    is_str(str_from_cstr(settings.secret_key), long_key, "SECRET_KEY read");

    env_reset();
    unsetenv("SECRET_KEY");
    is_int(load(err, sizeof(err)), -1, "missing SECRET_KEY refused");
    ok(strstr(err, "SECRET_KEY") != NULL, "message names SECRET_KEY: %s", err);

    env_reset();
    setenv("SECRET_KEY", "", 1);
    is_int(load(err, sizeof(err)), -1, "empty SECRET_KEY refused");
    ok(strstr(err, "SECRET_KEY") != NULL, "message names SECRET_KEY");

    /* A program that signs nothing (worker-ctl collectstatic) may go without. */
    env_reset();
    unsetenv("SECRET_KEY");
    is_int(settings_load_with(SETTINGS_NO_SECRET_KEY, err, sizeof(err)), 0,
           "SETTINGS_NO_SECRET_KEY: loads without SECRET_KEY");
    is_str(str_from_cstr(settings.secret_key), "", "and SECRET_KEY is then empty");
    setenv("SECRET_KEY", "short", 1);
    is_int(settings_load_with(SETTINGS_NO_SECRET_KEY, err, sizeof(err)), -1,
           "a SECRET_KEY given is still checked (too short without DEBUG)");
    unsetenv("SECRET_KEY");
    setenv("LOG_LEVEL", "loud", 1);
    is_int(settings_load_with(SETTINGS_NO_SECRET_KEY, err, sizeof(err)), -1,
           "every other setting is still checked (LOG_LEVEL=loud)");

    env_reset();
    setenv("DEBUG", "maybe", 1);
    is_int(load(err, sizeof(err)), -1, "DEBUG=maybe refused");
    ok(strstr(err, "DEBUG") != NULL, "message names DEBUG: %s", err);

    static const char *yes[] = {"1", "true", "TRUE", "yes", "on"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        env_reset();
        setenv("DEBUG", yes[i], 1);
        ok(load(err, sizeof(err)) == 0 && settings.debug, "DEBUG=%s is true", yes[i]);
    }
    env_reset();
    setenv("DEBUG", "off", 1);
    ok(load(err, sizeof(err)) == 0 && !settings.debug, "DEBUG=off is false");

    env_reset();
    setenv("FCGI_WORKERS", "0", 1);
    is_int(load(err, sizeof(err)), -1, "FCGI_WORKERS=0 refused");
    ok(strstr(err, "FCGI_WORKERS") != NULL, "message names FCGI_WORKERS: %s", err);

    env_reset();
    setenv("FCGI_WORKERS", "abc", 1);
    is_int(load(err, sizeof(err)), -1, "FCGI_WORKERS=abc refused");
    ok(strstr(err, "FCGI_WORKERS") != NULL, "message names FCGI_WORKERS");

    env_reset();
    setenv("FCGI_WORKERS", "257", 1);
    is_int(load(err, sizeof(err)), -1, "FCGI_WORKERS above max refused");

    env_reset();
    setenv("FCGI_WORKERS", "8", 1);
    ok(load(err, sizeof(err)) == 0 && settings.fcgi_workers == 8, "FCGI_WORKERS=8 read");

    env_reset();
    setenv("POSTGRES_SERVICE_PORT", "", 1);
    is_int(load(err, sizeof(err)), -1, "empty integer refused");
    ok(strstr(err, "POSTGRES_SERVICE_PORT") != NULL, "message names POSTGRES_SERVICE_PORT");

    env_reset();
    setenv("SECRET_KEY", "short", 1);
    is_int(load(err, sizeof(err)), -1, "short SECRET_KEY refused when DEBUG off");
    ok(strstr(err, "SECRET_KEY") != NULL, "message names SECRET_KEY");
    setenv("DEBUG", "true", 1);
    is_int(load(err, sizeof(err)), 0, "short SECRET_KEY accepted when DEBUG on");

    env_reset();
    setenv("LOG_LEVEL", "verbose", 1);
    is_int(load(err, sizeof(err)), -1, "unknown LOG_LEVEL refused");
    ok(strstr(err, "LOG_LEVEL") != NULL, "message names LOG_LEVEL");

    env_reset();
    char small[16];
    unsetenv("SECRET_KEY");
    is_int(settings_load(small, sizeof(small)), -1, "tiny error buffer");
    ok(strlen(small) < sizeof(small), "message truncated safely");

    /* Secure cookies unless DEBUG: production gets them without asking. */
    env_reset();
    ok(load(err, sizeof(err)) == 0 && settings.accounts.session_cookie_secure &&
           settings.accounts.csrf_cookie_secure,
       "SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE default to true when DEBUG is off");
    setenv("DEBUG", "true", 1);
    ok(load(err, sizeof(err)) == 0 && !settings.accounts.session_cookie_secure &&
           !settings.accounts.csrf_cookie_secure,
       "and to false when DEBUG is on");
    setenv("CSRF_COOKIE_SECURE", "true", 1);
    ok(load(err, sizeof(err)) == 0 && settings.accounts.csrf_cookie_secure &&
           !settings.accounts.session_cookie_secure,
       "an explicit CSRF_COOKIE_SECURE=true wins over DEBUG");
    env_reset();
    setenv("SESSION_COOKIE_SECURE", "false", 1);
    ok(load(err, sizeof(err)) == 0 && !settings.accounts.session_cookie_secure &&
           settings.accounts.csrf_cookie_secure,
       "an explicit SESSION_COOKIE_SECURE=false wins with DEBUG off");
    setenv("SESSION_COOKIE_SECURE", "sometimes", 1);
    is_int(load(err, sizeof(err)), -1, "SESSION_COOKIE_SECURE=sometimes refused");
    ok(strstr(err, "SESSION_COOKIE_SECURE") != NULL, "message names it: %s", err);

    /* The dump must never print a secret. */
    env_reset();
    setenv("POSTGRES_PASSWORD", "hunter2-password", 1);
    load(err, sizeof(err));
    char *dump = NULL;
    size_t dumplen = 0;
    FILE *f = open_memstream(&dump, &dumplen);
    settings_dump(f);
    fclose(f);
    ok(strstr(dump, long_key) == NULL, "dump hides SECRET_KEY");
    ok(strstr(dump, "hunter2") == NULL, "dump hides POSTGRES_PASSWORD");
    ok(strstr(dump, "FCGI_WORKERS=4\n") != NULL, "dump shows FCGI_WORKERS");
    free(dump);

    f = open_memstream(&dump, &dumplen);
    settings_markdown(f);
    fclose(f);
    ok(strstr(dump, "| `CSRF_COOKIE_SECURE` | `true` unless `DEBUG` |") != NULL,
       "the README table says the cookie default follows DEBUG");
    free(dump);
    return done_testing();
}
