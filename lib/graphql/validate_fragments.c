/* The fragment rules in one walk, each firing where graphql-js's parallel
 * visit fires it: UniqueFragmentNames and NoFragmentCycles on a fragment
 * definition, KnownFragmentNames and PossibleFragmentSpreads on a spread,
 * PossibleFragmentSpreads on an inline fragment, NoUnusedFragments at the
 * end. NoFragmentCycles is graphql-js's depth-first search with a visited
 * set, over an explicit stack: each fragment's spreads are followed once. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

typedef struct {
    vw_doc_t d;
    vw_map_t names;  /* UniqueFragmentNames: name -> first definition */
    vw_vec_t path;   /* NoFragmentCycles: the spreads followed */
    vw_vec_t frames; /* NoFragmentCycles: frame_t* of the search */
    size_t next_def; /* index in d.frags of the next fragment definition */
} frags_t;

typedef struct {
    vw_frag_t *f;       /* holds the name's search state */
    vw_frag_t *spreads; /* whose spreads are followed */
    size_t next;
    bool by_spread; /* entered by following path's last spread */
} frame_t;

static void
unique_fragment_names(vw_t *w, frags_t *fr, const gql_fragment_t *f)
{
    const gql_fragment_t *first = vw_map_add(&fr->names, w->errs->arena, f->name, (void *)f);
    if (!first)
        return;
    gql_error_t *e = vw_error(w->errs, first->name_loc,
                              "There can be only one fragment named \"%.*s\".", STR_FMT(f->name));
    gql_error_add_loc(w->errs, e, f->name_loc);
}

static void
report_cycle(gql_errors_t *errs, const vw_vec_t *path, size_t from, str_t name)
{
    buf_t msg;
    buf_init(&msg);
    if (!vw_errs_full(errs)) {
        buf_printf(&msg, "Cannot spread fragment \"%.*s\" within itself", STR_FMT(name));
        for (size_t i = from; i + 1 < path->n; i++) {
            const gql_selection_t *s = path->items[i];
            buf_printf(&msg, "%s\"%.*s\"", i == from ? " via " : ", ", STR_FMT(s->name));
        }
        buf_putc(&msg, '.');
    }
    gql_error_t *e = gql_error_add(errs, "%s", buf_cstr(&msg));
    buf_free(&msg);
    /* One array for the whole path: a cycle through thousands of
     * fragments would grow it thousands of times. */
    gql_loc_t *locs = e ? arena_alloc(errs->arena, (path->n - from) * sizeof *locs) : NULL;
    for (size_t i = from; i < path->n && locs; i++)
        locs[i - from] = ((const gql_selection_t *)path->items[i])->loc;
    if (locs) {
        e->locations = locs;
        e->nlocations = path->n - from;
    }
}

/* Starts searching from a fragment (state: the entry of its name). */
static void
cycle_enter(frags_t *fr, vw_frag_t *state, vw_frag_t *def, bool by_spread)
{
    arena_t *a = fr->d.arena;
    state->visited = true;
    vw_frag_spreads(&fr->d, def);
    frame_t *frame = def->nspreads ? arena_alloc(a, sizeof *frame) : NULL;
    if (!frame) {
        if (by_spread)
            fr->path.n--;
        return;
    }
    *frame = (frame_t){state, def, 0, by_spread};
    state->in_path = true;
    state->path_index = fr->path.n;
    vw_vec_push(&fr->frames, a, frame);
}

static void
cycle_step(vw_t *w, frags_t *fr, frame_t *top)
{
    if (top->next == top->spreads->nspreads) {
        top->f->in_path = false;
        fr->frames.n--;
        if (top->by_spread)
            fr->path.n--;
        return;
    }
    const gql_selection_t *spread = top->spreads->spreads[top->next++];
    vw_frag_t *target = vw_doc_fragment(&fr->d, spread->name);
    vw_vec_push(&fr->path, fr->d.arena, spread);
    if (target && target->in_path)
        report_cycle(w->errs, &fr->path, target->path_index, spread->name);
    if (!target || target->in_path || target->visited)
        fr->path.n--;
    else
        cycle_enter(fr, target, target, true);
}

static void
no_fragment_cycles(vw_t *w, frags_t *fr, vw_frag_t *def)
{
    vw_frag_t *state = vw_doc_fragment(&fr->d, def->def->name);
    if (!state || state->visited)
        return;
    fr->path.n = 0;
    cycle_enter(fr, state, def, false);
    while (fr->frames.n)
        cycle_step(w, fr, (frame_t *)fr->frames.items[fr->frames.n - 1]);
}

static void
frags_definition(vw_t *w, const gql_definition_t *d)
{
    frags_t *fr = w->data;
    if (d->kind != GQL_DEF_FRAGMENT)
        return;
    unique_fragment_names(w, fr, d->u.fragment);
    no_fragment_cycles(w, fr, &fr->d.frags[fr->next_def++]);
}

static void
frags_inline(vw_t *w, const gql_selection_t *s, const gql_type_t *parent, const gql_type_t *type)
{
    if (!parent || !type || !gql_type_is_composite(type) || vw_types_overlap(type, parent))
        return;
    vw_error(w->errs, s->loc,
             "Fragment cannot be spread here as objects of type \"%.*s\" can never be of type "
             "\"%.*s\".",
             STR_FMT(parent->name), STR_FMT(type->name));
}

static void
frags_spread(vw_t *w, const gql_selection_t *s, const gql_type_t *parent)
{
    frags_t *fr = w->data;
    vw_frag_t *f = vw_doc_fragment(&fr->d, s->name);
    if (!f) {
        vw_error(w->errs, vw_name_loc(s->name_loc, s->loc, 3), "Unknown fragment \"%.*s\".",
                 STR_FMT(s->name));
        return;
    }
    const gql_type_t *type = gql_schema_type(w->schema, f->def->type_condition);
    if (!parent || !type || !gql_type_is_composite(type) || vw_types_overlap(type, parent))
        return;
    vw_error(w->errs, s->loc,
             "Fragment \"%.*s\" cannot be spread here as objects of type \"%.*s\" can never be "
             "of type \"%.*s\".",
             STR_FMT(s->name), STR_FMT(parent->name), STR_FMT(type->name));
}

/* Marks the fragment a spread names, and queues it when new. */
static void
mark_used(frags_t *fr, vw_vec_t *queue, const gql_selection_t *spread)
{
    vw_frag_t *f = vw_doc_fragment(&fr->d, spread->name);
    if (!f || f->mark == fr->d.epoch)
        return;
    f->mark = fr->d.epoch;
    vw_vec_push(queue, fr->d.arena, f);
}

/* Returns -1 when the fragment work budget ran out. */
static int
no_unused_fragments(const gql_document_t *doc, frags_t *fr, gql_errors_t *errs)
{
    vw_vec_t queue = {0};
    fr->d.epoch++;
    for (size_t i = 0; i < doc->ndefs; i++) {
        if (doc->defs[i].kind != GQL_DEF_OPERATION)
            continue;
        const gql_selection_t **spreads;
        size_t n = vw_spreads(fr->d.arena, doc->defs[i].u.operation->selection_set, &spreads);
        for (size_t j = 0; j < n; j++)
            mark_used(fr, &queue, spreads[j]);
    }
    if (!vw_spend(&fr->d, queue.n))
        return -1;
    for (size_t i = 0; i < queue.n; i++) {
        vw_frag_t *f = (vw_frag_t *)queue.items[i];
        vw_frag_spreads(&fr->d, f);
        if (!vw_spend(&fr->d, f->nspreads))
            return -1;
        for (size_t j = 0; j < f->nspreads; j++)
            mark_used(fr, &queue, f->spreads[j]);
    }
    for (size_t i = 0; i < fr->d.nfrags; i++) {
        const gql_fragment_t *def = fr->d.frags[i].def;
        if (vw_doc_fragment(&fr->d, def->name)->mark != fr->d.epoch)
            vw_error(errs, def->loc, "Fragment \"%.*s\" is never used.", STR_FMT(def->name));
    }
    return 0;
}

void
gql_validate_fragments(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    frags_t fr = {0};
    if (vw_doc_init(&fr.d, errs->arena, doc) != 0 ||
        vw_map_init(&fr.names, errs->arena, fr.d.nfrags) != 0)
        return;
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &fr};
    w.on_definition = frags_definition;
    w.on_inline = frags_inline;
    w.on_spread = frags_spread;
    vw_walk(&w);
    if (no_unused_fragments(doc, &fr, errs) != 0)
        vw_abort(errs);
}
