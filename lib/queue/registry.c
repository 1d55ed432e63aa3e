#include "queue/registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { REGISTRY_MAX = 64 };

static task_def_t registry[REGISTRY_MAX];
static size_t registry_len;

int
task_register(const task_def_t *def)
{
    if (registry_len == REGISTRY_MAX || task_lookup(def->name) != NULL)
        return -1;
    registry[registry_len++] = *def;
    return 0;
}

const task_def_t *
task_lookup(const char *name)
{
    for (size_t i = 0; i < registry_len; i++)
        if (strcmp(registry[i].name, name) == 0)
            return &registry[i];
    return NULL;
}

size_t
task_count(void)
{
    return registry_len;
}

const task_def_t *
task_at(size_t i)
{
    return i < registry_len ? &registry[i] : NULL;
}

json_object *
task_argument(const envelope_t *e, const char *name, size_t pos)
{
    json_object *v = NULL;
    if (json_object_object_get_ex(e->kwargs, name, &v))
        return v;
    return pos < json_object_array_length(e->args) ? json_object_array_get_idx(e->args, pos) : NULL;
}

int
task_fail(task_ctx_t *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(ctx->error, sizeof(ctx->error), fmt, ap);
    va_end(ap);
    if (n < 0) /* an encoding error leaves error undefined: the worker says "failed" */
        ctx->error[0] = '\0';
    return -1;
}
