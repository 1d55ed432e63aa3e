/* GraphQL error lists (error.h). */
#include "graphql/error.h"

#include <stdio.h>
#include <string.h>

enum { GQL_ERRORS_DEFAULT_MAX = 100 };

void
gql_errors_init(gql_errors_t *errs, arena_t *arena)
{
    memset(errs, 0, sizeof *errs);
    errs->arena = arena;
}

gql_error_t *
gql_error_vadd(gql_errors_t *errs, const char *fmt, va_list ap)
{
    size_t max = errs->max ? errs->max : GQL_ERRORS_DEFAULT_MAX;
    errs->count++;
    if (errs->count > max)
        return NULL;
    gql_error_t *e = arena_calloc(errs->arena, 1, sizeof *e);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *msg = e && n >= 0 ? arena_alloc(errs->arena, (size_t)n + 1) : NULL;
    if (!msg) {
        errs->out_of_memory = 1;
        return NULL;
    }
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    e->message = msg;
    if (errs->last)
        errs->last->next = e;
    else
        errs->first = e;
    errs->last = e;
    return e;
}

gql_error_t *
gql_error_add(gql_errors_t *errs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gql_error_t *e = gql_error_vadd(errs, fmt, ap);
    va_end(ap);
    return e;
}

void
gql_error_add_loc(gql_errors_t *errs, gql_error_t *e, gql_loc_t loc)
{
    if (!e || loc.line == 0)
        return;
    gql_loc_t *grown = arena_alloc(errs->arena, (e->nlocations + 1) * sizeof *grown);
    if (!grown) {
        errs->out_of_memory = 1;
        return;
    }
    if (e->nlocations)
        memcpy(grown, e->locations, e->nlocations * sizeof *grown);
    grown[e->nlocations++] = loc;
    e->locations = grown;
}

static void
print_path(const gql_error_t *e, buf_t *out)
{
    buf_puts(out, ",\"path\":[");
    for (size_t i = 0; i < e->npath; i++) {
        if (i)
            buf_putc(out, ',');
        if (e->path[i].key.p)
            buf_json_str(out, e->path[i].key);
        else
            buf_printf(out, "%zu", e->path[i].index);
    }
    buf_putc(out, ']');
}

void
gql_errors_print_json(const gql_errors_t *errs, buf_t *out)
{
    buf_putc(out, '[');
    for (const gql_error_t *e = errs->first; e; e = e->next) {
        if (e != errs->first)
            buf_putc(out, ',');
        buf_puts(out, "{\"message\":");
        buf_json_cstr(out, e->message);
        if (e->nlocations) {
            buf_puts(out, ",\"locations\":[");
            for (size_t i = 0; i < e->nlocations; i++)
                buf_printf(out, "%s{\"line\":%u,\"column\":%u}", i ? "," : "", e->locations[i].line,
                           e->locations[i].column);
            buf_putc(out, ']');
        }
        if (e->path)
            print_path(e, out);
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
}
