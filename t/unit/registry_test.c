#include <string.h>

#include "queue/registry.h"
#include "tap.h"

int
main(void)
{
    task_ctx_t ctx = {.error = "stale"};
    char long_arg[2000];

    is_int(task_fail(&ctx, "SMTP to %s failed: %d", "smtp://x:25", 7), -1, "task_fail returns -1");
    is_str(str_from_cstr(ctx.error), "SMTP to smtp://x:25 failed: 7", "and formats the error");

    memset(long_arg, 'x', sizeof(long_arg) - 1);
    long_arg[sizeof(long_arg) - 1] = '\0';
    is_int(task_fail(&ctx, "%s", long_arg), -1, "an over-long error still fails the task");
    is_int((int)strlen(ctx.error), (int)sizeof(ctx.error) - 1, "truncated to fit, terminated");
    ok(memcmp(ctx.error, long_arg, sizeof(ctx.error) - 1) == 0, "keeping its beginning");

    /* kwargs first, else the positional argument; absent is NULL. */
    envelope_t e = {.args = json_tokener_parse("[5, \"b\"]"),
                    .kwargs = json_tokener_parse("{\"to\": \"x@y\"}")};
    ok(json_object_get_int(task_argument(&e, "seconds", 0)) == 5, "args[0] when not in kwargs");
    is_str(str_from_cstr(json_object_get_string(task_argument(&e, "to", 1))), "x@y",
           "kwargs win over args");
    ok(task_argument(&e, "seconds", 2) == NULL, "past the last argument: NULL");
    ok(task_argument(&e, "seconds", (size_t)-1) == NULL, "a huge position: NULL");
    json_object_put(e.args);
    json_object_put(e.kwargs);

    task_fail(&ctx, "%s", "");
    is_str(str_from_cstr(ctx.error), "", "an empty error replaces the last one");
    return done_testing();
}
