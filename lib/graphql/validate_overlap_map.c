/* The overlap rule's hash maps and interned names (validate_overlap.h). */
#include "graphql/validate_overlap.h"

static size_t
slot_of(uintptr_t a, uintptr_t b, size_t cap)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)b + 0x632BE59BD9B4E019ULL);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return (size_t)h & (cap - 1);
}

uintptr_t
ovl_map_get(const ovl_map_t *m, uintptr_t a, uintptr_t b)
{
    if (!m->cap)
        return 0;
    for (size_t i = slot_of(a, b, m->cap);; i = (i + 1) & (m->cap - 1)) {
        const ovl_slot_t *s = &m->slots[i];
        if (!s->v)
            return 0;
        if (s->a == a && s->b == b)
            return s->v;
    }
}

static void
put_new(ovl_slot_t *slots, size_t cap, ovl_slot_t entry)
{
    size_t i = slot_of(entry.a, entry.b, cap);
    while (slots[i].v && (slots[i].a != entry.a || slots[i].b != entry.b))
        i = (i + 1) & (cap - 1);
    slots[i] = entry;
}

/* Grows to keep the table at most half full; the old slots stay in the
 * arena until it is reset. */
static int
grow(ovl_map_t *m)
{
    size_t cap = m->cap ? 2 * m->cap : 64;
    ovl_slot_t *slots = arena_calloc(m->arena, cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].v)
            put_new(slots, cap, m->slots[i]);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int
ovl_map_put(ovl_map_t *m, uintptr_t a, uintptr_t b, uintptr_t v)
{
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return -1;
    if (!ovl_map_get(m, a, b))
        m->n++;
    put_new(m->slots, m->cap, (ovl_slot_t){a, b, v});
    return 0;
}

typedef struct interned {
    str_t name;
    uintptr_t id;
    struct interned *next;
} interned_t;

static uintptr_t
name_hash(str_t s)
{
    uint64_t h = 0xCBF29CE484222325ULL;
    for (size_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 0x100000001B3ULL;
    return (uintptr_t)h;
}

uintptr_t
ovl_intern(ovl_ctx_t *ctx, str_t name)
{
    uintptr_t h = name_hash(name);
    interned_t *head = (interned_t *)ovl_map_get(&ctx->names, h, name.len);
    for (interned_t *e = head; e; e = e->next)
        if (str_eq(e->name, name))
            return e->id;
    interned_t *e = arena_alloc(ctx->arena, sizeof *e);
    if (!e) {
        ovl_oom(ctx);
        return 0;
    }
    *e = (interned_t){name, ctx->next_name_id + 1, head};
    if (ovl_map_put(&ctx->names, h, name.len, (uintptr_t)e) != 0 ||
        ovl_map_put(&ctx->name_of, e->id, 0, (uintptr_t)e) != 0) {
        ovl_oom(ctx);
        return 0;
    }
    return ++ctx->next_name_id;
}

str_t
ovl_name_str(ovl_ctx_t *ctx, uintptr_t id)
{
    const interned_t *e = (const interned_t *)ovl_map_get(&ctx->name_of, id, 0);
    return e ? e->name : STR_NULL;
}
