/* The comparisons of the overlap rule: fields with fields (findConflict),
 * field maps with fragments and fragments with fragments, as graphql-js
 * orders and memoizes them, so the same conflicts come out in the same
 * order and a hostile document costs what it costs there. */
#include <stdio.h>

#include "graphql/validate_overlap.h"

enum { MAX_DETAIL = OVL_MAX_DETAIL, MAX_NODES = 20 };
enum { REASON_NONE = 1, REASON_NAMES, REASON_ARGUMENTS };

static void between_subsets(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, const gql_type_t *p1,
                            const gql_selection_set_t *s1, const gql_type_t *p2,
                            const gql_selection_set_t *s2);

static void
add_conflict(ovl_ctx_t *ctx, ovl_conflicts_t *out, ovl_conflict_t c)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? 2 * out->cap : 8;
        ovl_conflict_t *grown = arena_alloc(ctx->arena, cap * sizeof *grown);
        if (!grown) {
            ovl_oom(ctx);
            return;
        }
        if (out->n)
            memcpy(grown, out->items, out->n * sizeof *grown);
        out->items = grown;
        out->cap = cap;
    }
    out->items[out->n++] = c;
}

/* maybeAbbreviate, for names and reasons (ASCII: bytes are characters). */
static int
shown_length(str_t s)
{
    return (int)(s.len > MAX_DETAIL ? MAX_DETAIL : s.len);
}

static const char *
ellipsis(str_t s)
{
    return s.len > MAX_DETAIL ? "..." : "";
}

static const char *
arena_text(ovl_ctx_t *ctx, buf_t *b)
{
    char *copy = b->failed ? NULL : arena_strndup(ctx->arena, b->data ? b->data : "", b->len);
    buf_free(b);
    if (!copy)
        ovl_oom(ctx);
    return copy;
}

static const char *
names_reason(ovl_ctx_t *ctx, str_t a, str_t b)
{
    buf_t out;
    buf_init(&out);
    buf_printf(&out, "\"%.*s%s\" and \"%.*s%s\" are different fields", shown_length(a), a.p,
               ellipsis(a), shown_length(b), b.p, ellipsis(b));
    return arena_text(ctx, &out);
}

static const char *
types_reason(ovl_ctx_t *ctx, const gql_tref_t *t1, const gql_tref_t *t2)
{
    buf_t out;
    buf_init(&out);
    buf_puts(&out, "they return conflicting types \"");
    gql_tref_print(t1, &out);
    buf_puts(&out, "\" and \"");
    gql_tref_print(t2, &out);
    buf_putc(&out, '"');
    return arena_text(ctx, &out);
}

/* The same type object in graphql-js: a named type is one object, a
 * wrapped one is the field definition's own. */
static bool
identical(const gql_tref_t *a, const gql_tref_t *b, bool same_def)
{
    if (a == b && same_def)
        return true;
    return a && b && a->kind == GQL_TYPE_NAMED && b->kind == GQL_TYPE_NAMED && a->named == b->named;
}

/* doTypesConflict: lists and non-nulls must match, leaves be the same. */
static bool
types_conflict(ovl_ctx_t *ctx, const gql_tref_t *t1, const gql_tref_t *t2, bool same_def)
{
    if (identical(t1, t2, same_def) || !ovl_spend(ctx, 1))
        return false;
    if (t1->kind == GQL_TYPE_LIST || t2->kind == GQL_TYPE_LIST)
        return t1->kind != t2->kind || types_conflict(ctx, t1->of, t2->of, same_def);
    if (t1->kind == GQL_TYPE_NON_NULL || t2->kind == GQL_TYPE_NON_NULL)
        return t1->kind != t2->kind || types_conflict(ctx, t1->of, t2->of, same_def);
    if ((t1->named && gql_type_is_leaf(t1->named)) || (t2->named && gql_type_is_leaf(t2->named)))
        return t1->named != t2->named;
    return false;
}

/* Why two fields of one response name differ in name or arguments (NULL:
 * they do not), remembered per pair of fields. */
static const char *
field_reason(ovl_ctx_t *ctx, const ovl_field_t *f1, const ovl_field_t *f2)
{
    uintptr_t code = ovl_map_get(&ctx->reasons, (uintptr_t)f1, (uintptr_t)f2);
    if (!code) {
        code = !str_eq(f1->node->name, f2->node->name)       ? REASON_NAMES
               : ovl_same_arguments(ctx, f1->node, f2->node) ? REASON_NONE
                                                             : REASON_ARGUMENTS;
        if (ctx->aborted || ovl_map_put(&ctx->reasons, (uintptr_t)f1, (uintptr_t)f2, code) != 0)
            return NULL;
    }
    if (code == REASON_NAMES)
        return names_reason(ctx, f1->node->name, f2->node->name);
    return code == REASON_ARGUMENTS ? "they have differing arguments" : NULL;
}

static ovl_conflict_t
one_pair(ovl_ctx_t *ctx, str_t name, const char *reason, const ovl_field_t *f1,
         const ovl_field_t *f2)
{
    const gql_selection_t **nodes = arena_alloc(ctx->arena, 2 * sizeof *nodes);
    if (!nodes) {
        ovl_oom(ctx);
        return (ovl_conflict_t){.response_name = name, .reason = reason};
    }
    nodes[0] = f1->node;
    nodes[1] = f2->node;
    return (ovl_conflict_t){name, reason, &nodes[0], &nodes[1], 1, 1};
}

/* collectConflictNodes: the enclosing field, then the deeper fields of
 * each conflict from the end, at most MAX_NODES in all. */
static const gql_selection_t **
conflict_nodes(ovl_ctx_t *ctx, const gql_selection_t *node, const ovl_conflicts_t *subs,
               bool second, size_t *n)
{
    const gql_selection_t **nodes = arena_alloc(ctx->arena, MAX_NODES * sizeof *nodes);
    *n = 0;
    if (!nodes) {
        ovl_oom(ctx);
        return NULL;
    }
    nodes[(*n)++] = node;
    for (size_t i = 0; i < subs->n && *n < MAX_NODES; i++) {
        const ovl_conflict_t *c = &subs->items[i];
        size_t have = second ? c->n2 : c->n1, take = MAX_NODES - *n;
        const gql_selection_t **from = second ? c->fields2 : c->fields1;
        if (take > have)
            take = have;
        for (size_t k = have - take; k < have; k++)
            nodes[(*n)++] = from[k];
    }
    return nodes;
}

/* subfieldConflicts: one conflict for the pair of fields whose
 * sub-fields conflict, its reason the sub-reasons joined with " and ". */
static bool
subfield_conflict(ovl_ctx_t *ctx, const ovl_conflicts_t *subs, str_t name, const ovl_field_t *f1,
                  const ovl_field_t *f2, ovl_conflict_t *out)
{
    if (subs->n == 0)
        return false;
    buf_t msg;
    buf_init(&msg);
    for (size_t i = 0; i < subs->n && msg.len <= MAX_DETAIL; i++) {
        str_t sub = subs->items[i].response_name;
        buf_printf(&msg, "%ssubfields \"%.*s%s\" conflict because %s", i ? " and " : "",
                   shown_length(sub), sub.p, ellipsis(sub), subs->items[i].reason);
    }
    if (msg.len > MAX_DETAIL) {
        msg.len = MAX_DETAIL;
        buf_puts(&msg, "...");
    }
    *out = (ovl_conflict_t){.response_name = name, .reason = arena_text(ctx, &msg)};
    out->fields1 = conflict_nodes(ctx, f1->node, subs, false, &out->n1);
    out->fields2 = conflict_nodes(ctx, f2->node, subs, true, &out->n2);
    return out->reason && out->fields1 && out->fields2;
}

/* findConflict: whether two fields of one response name conflict. */
static bool
find_conflict(ovl_ctx_t *ctx, bool parent_mutual, str_t name, const ovl_field_t *f1,
              const ovl_field_t *f2, ovl_conflict_t *out)
{
    const gql_type_t *p1 = f1->parent, *p2 = f2->parent;
    bool mutual = parent_mutual || (p1 != p2 && p1 && p2 && p1->kind == GQL_KIND_OBJECT &&
                                    p2->kind == GQL_KIND_OBJECT);
    if (!ovl_spend(ctx, 2))
        return false;
    const gql_tref_t *t1 = f1->def ? f1->def->type : NULL, *t2 = f2->def ? f2->def->type : NULL;
    bool same_def = f1->def == f2->def;
    if (f1->simple_leaf && f2->simple_leaf && identical(t1, t2, same_def) &&
        str_eq(f1->node->name, f2->node->name))
        return false;
    const char *reason = mutual ? NULL : field_reason(ctx, f1, f2);
    if (!reason && !ctx->aborted && t1 && t2 && types_conflict(ctx, t1, t2, same_def))
        reason = types_reason(ctx, t1, t2);
    if (reason && !ctx->aborted) {
        *out = one_pair(ctx, name, reason, f1, f2);
        return true;
    }
    if (ctx->aborted || !f1->node->selection_set || !f2->node->selection_set)
        return false;
    ovl_conflicts_t subs = {0};
    between_subsets(ctx, &subs, mutual, t1 ? gql_tref_named(t1) : NULL, f1->node->selection_set,
                    t2 ? gql_tref_named(t2) : NULL, f2->node->selection_set);
    return !ctx->aborted && subfield_conflict(ctx, &subs, name, f1, f2, out);
}

static void
compare_fields(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, str_t name, const ovl_field_t *f1,
               const ovl_field_t *f2)
{
    ovl_conflict_t c;
    if (find_conflict(ctx, mutual, name, f1, f2, &c))
        add_conflict(ctx, out, c);
}

/* collectConflictsWithin (A): every pair of fields of one response name. */
static void
within(ovl_ctx_t *ctx, ovl_conflicts_t *out, const ovl_collect_t *c)
{
    for (size_t g = 0; g < c->ngroups && !ctx->aborted; g++) {
        const ovl_group_t *group = &c->groups[g];
        for (size_t i = 0; i < group->n && !ctx->aborted; i++)
            for (size_t j = i + 1; j < group->n && !ctx->aborted; j++)
                compare_fields(ctx, out, false, group->name, group->fields[i], group->fields[j]);
    }
}

typedef struct {
    size_t n;
    const ovl_group_t **g1, **g2;
} overlap_t;

/* getOverlappingFields: the response names two field maps share,
 * remembered per pair of maps. */
static const overlap_t *
overlapping(ovl_ctx_t *ctx, const ovl_collect_t *c1, const ovl_collect_t *c2)
{
    const overlap_t *known =
        (const overlap_t *)ovl_map_get(&ctx->overlapping, (uintptr_t)c1, (uintptr_t)c2);
    if (known)
        return known;
    overlap_t *o = arena_calloc(ctx->arena, 1, sizeof *o);
    const ovl_group_t **g = arena_alloc(ctx->arena, 2 * (c1->ngroups + 1) * sizeof *g);
    if (!o || !g) {
        ovl_oom(ctx);
        return NULL;
    }
    o->g1 = g;
    o->g2 = g + c1->ngroups + 1;
    for (size_t i = 0; i < c1->ngroups; i++) {
        if (!ovl_spend(ctx, 1))
            return NULL;
        const ovl_group_t *other = ovl_group(ctx, c2, c1->groups[i].name_id);
        if (other) {
            o->g1[o->n] = &c1->groups[i];
            o->g2[o->n++] = other;
        }
    }
    if (ovl_map_put(&ctx->overlapping, (uintptr_t)c1, (uintptr_t)c2, (uintptr_t)o) != 0)
        ovl_oom(ctx);
    return o;
}

/* collectConflictsBetween (D, F, H): each field of one map with each field
 * of the same response name in the other. */
static void
between(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, const ovl_collect_t *c1,
        const ovl_collect_t *c2)
{
    if (c1->ngroups == 0 || c2->ngroups == 0)
        return;
    const overlap_t *o = overlapping(ctx, c1, c2);
    for (size_t i = 0; o && i < o->n && !ctx->aborted; i++)
        for (size_t a = 0; a < o->g1[i]->n && !ctx->aborted; a++)
            for (size_t b = 0; b < o->g2[i]->n && !ctx->aborted; b++)
                compare_fields(ctx, out, mutual, o->g1[i]->name, o->g1[i]->fields[a],
                               o->g2[i]->fields[b]);
}

/* collectConflictsBetweenFieldsAndFragment (B, E, I). A comparison made
 * as not mutually exclusive also stands for a mutually exclusive one. */
static void
fields_and_fragment(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, const ovl_collect_t *c,
                    uintptr_t fragment)
{
    if (!ovl_spend(ctx, 1) || c->ngroups == 0)
        return;
    uintptr_t compared = ovl_map_get(&ctx->compared, (uintptr_t)c, fragment);
    if (compared == 1 || (mutual && compared == 2))
        return;
    if (ovl_map_put(&ctx->compared, (uintptr_t)c, fragment, 1 + mutual) != 0) {
        ovl_oom(ctx);
        return;
    }
    const ovl_collect_t *c2 = ovl_collect_fragment(ctx, fragment);
    if (!c2 || c2 == c)
        return;
    between(ctx, out, mutual, c, c2);
    for (size_t i = 0; i < c2->nfragments && !ctx->aborted; i++)
        fields_and_fragment(ctx, out, mutual, c, c2->fragments[i]);
}

/* PairSet.has: a pair compared as not mutually exclusive answers both
 * questions, one compared as mutually exclusive only that one. */
static bool
pair_compared(ovl_ctx_t *ctx, uintptr_t a, uintptr_t b, bool mutual)
{
    uintptr_t ab = ovl_map_get(&ctx->pairs, a, b), ba = ovl_map_get(&ctx->pairs, b, a);
    return mutual ? ab || ba : ab == 1 || ba == 1;
}

/* collectConflictsBetweenFragments (C, F, G, J). */
static void
fragments(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, uintptr_t n1, uintptr_t n2)
{
    if (!ovl_spend(ctx, 2) || n1 == n2 || pair_compared(ctx, n1, n2, mutual))
        return;
    if (ovl_map_put(&ctx->pairs, n1, n2, 1 + mutual) != 0) {
        ovl_oom(ctx);
        return;
    }
    const ovl_collect_t *c1 = ovl_collect_fragment(ctx, n1);
    const ovl_collect_t *c2 = ovl_collect_fragment(ctx, n2);
    if (!c1 || !c2)
        return;
    between(ctx, out, mutual, c1, c2);
    for (size_t i = 0; i < c2->nfragments && !ctx->aborted; i++)
        fragments(ctx, out, mutual, n1, c2->fragments[i]);
    for (size_t i = 0; i < c1->nfragments && !ctx->aborted; i++)
        fragments(ctx, out, mutual, c1->fragments[i], n2);
}

/* findConflictsBetweenSubSelectionSets (H, I, J). */
static void
between_subsets(ovl_ctx_t *ctx, ovl_conflicts_t *out, bool mutual, const gql_type_t *p1,
                const gql_selection_set_t *s1, const gql_type_t *p2, const gql_selection_set_t *s2)
{
    const ovl_collect_t *c1 = ovl_collect(ctx, p1, s1), *c2 = ovl_collect(ctx, p2, s2);
    if (!c1 || !c2)
        return;
    between(ctx, out, mutual, c1, c2);
    for (size_t i = 0; i < c2->nfragments && !ctx->aborted; i++)
        fields_and_fragment(ctx, out, mutual, c1, c2->fragments[i]);
    for (size_t i = 0; i < c1->nfragments && !ctx->aborted; i++)
        fields_and_fragment(ctx, out, mutual, c2, c1->fragments[i]);
    for (size_t i = 0; i < c1->nfragments && !ctx->aborted; i++)
        for (size_t j = 0; j < c2->nfragments && !ctx->aborted; j++)
            fragments(ctx, out, mutual, c1->fragments[i], c2->fragments[j]);
}

void
ovl_conflicts_within(ovl_ctx_t *ctx, ovl_conflicts_t *out, const gql_type_t *parent,
                     const gql_selection_set_t *set)
{
    const ovl_collect_t *c = ovl_collect(ctx, parent, set);
    if (!c)
        return;
    within(ctx, out, c);
    if (c->nfragments == 0 || (c->ngroups == 0 && c->nfragments < 2))
        return;
    for (size_t i = 0; i < c->nfragments && !ctx->aborted; i++) {
        fields_and_fragment(ctx, out, false, c, c->fragments[i]);
        for (size_t j = i + 1; j < c->nfragments && !ctx->aborted; j++)
            fragments(ctx, out, false, c->fragments[i], c->fragments[j]);
    }
}
