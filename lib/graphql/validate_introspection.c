/* MaxIntrospectionDepth (graphql-js 16's recommendedRules, which its
 * specifiedRules end with): under __schema or __type, no more than two
 * introspection lists (fields, interfaces, possibleTypes, inputFields)
 * inside one another, fragments followed. As graphql-js: a fragment is
 * not entered again at the same or a deeper entry depth within one check,
 * nor once checked at such a depth, and one that went too deep at some
 * depth does so again at any deeper one. An explicit stack stands in for
 * graphql-js's recursion, so a long chain of fragments costs no C stack. */
#include "graphql/validate.h"
#include "graphql/validate_walk.h"

enum { MAX_LISTS_DEPTH = 3 };

/* What graphql-js keeps per fragment name, by entry depth; -1 for none. */
typedef struct {
    int checked, exceeded, visited;
    unsigned visited_check; /* the check visited belongs to */
} depth_marks_t;

typedef struct {
    vw_doc_t d;
    depth_marks_t *marks;            /* per fragment definition (by vw_frag_t index) */
    unsigned check;                  /* counts the checks, for visited */
    const gql_selection_t *skipping; /* a field reported: its insides are not checked */
} intro_t;

typedef struct {
    const gql_selection_set_t *set;
    size_t next;
    int depth;
    depth_marks_t *frag; /* the fragment whose selection set this is, or NULL */
} frame_t;

static bool
is_list_field(str_t name)
{
    return str_eq_cstr(name, "fields") || str_eq_cstr(name, "interfaces") ||
           str_eq_cstr(name, "possibleTypes") || str_eq_cstr(name, "inputFields");
}

static depth_marks_t *
marks_of(intro_t *in, str_t name)
{
    vw_frag_t *f = vw_doc_fragment(&in->d, name);
    if (!f)
        return NULL;
    depth_marks_t *m = &in->marks[f - in->d.frags];
    if (m->visited_check != in->check) {
        m->visited_check = in->check;
        m->visited = -1;
    }
    return m;
}

static bool
push(vw_vec_t *stack, arena_t *a, const gql_selection_set_t *set, int depth, depth_marks_t *frag)
{
    frame_t *f = set ? arena_alloc(a, sizeof *f) : NULL;
    if (!f)
        return false;
    *f = (frame_t){set, 0, depth, frag};
    return vw_vec_push(stack, a, f) == 0;
}

/* One selection of the frame on top; true when it goes too deep. */
static bool
step(intro_t *in, vw_vec_t *stack, frame_t *top, const gql_selection_t *sel)
{
    arena_t *a = in->d.arena;
    if (sel->kind == GQL_SEL_FIELD) {
        int depth = top->depth + is_list_field(sel->name);
        if (depth >= MAX_LISTS_DEPTH)
            return true;
        push(stack, a, sel->selection_set, depth, NULL);
    } else if (sel->kind == GQL_SEL_INLINE_FRAGMENT) {
        push(stack, a, sel->selection_set, top->depth, NULL);
    } else {
        depth_marks_t *m = marks_of(in, sel->name);
        if (!m)
            return false;
        if (m->exceeded >= 0 && m->exceeded <= top->depth)
            return true;
        if (m->visited >= top->depth || m->checked >= top->depth)
            return false;
        m->visited = top->depth;
        const vw_frag_t *f = vw_doc_fragment(&in->d, sel->name);
        push(stack, a, f->def->selection_set, top->depth, m);
    }
    return false;
}

/* graphql-js's checkDepth from a __schema or __type field. */
static bool
too_deep(intro_t *in, const gql_selection_t *field)
{
    vw_vec_t stack = {0};
    in->check++;
    push(&stack, in->d.arena, field->selection_set, 0, NULL);
    while (stack.n) {
        frame_t *top = (frame_t *)stack.items[stack.n - 1];
        if (top->next == top->set->nitems) {
            if (top->frag)
                top->frag->checked = top->depth;
            stack.n--;
            continue;
        }
        if (!step(in, &stack, top, &top->set->items[top->next++]))
            continue;
        for (size_t i = 0; i < stack.n; i++) {
            const frame_t *f = stack.items[i];
            if (f->frag)
                f->frag->exceeded = f->depth;
        }
        return true;
    }
    return false;
}

static void
intro_field(vw_t *w, const gql_selection_t *f, const gql_type_t *parent, const gql_field_t *def)
{
    intro_t *in = w->data;
    (void)parent, (void)def;
    if (in->skipping || (!str_eq_cstr(f->name, "__schema") && !str_eq_cstr(f->name, "__type")))
        return;
    if (!too_deep(in, f))
        return;
    vw_error(w->errs, f->loc, "Maximum introspection depth exceeded");
    in->skipping = f;
}

static void
intro_field_leave(vw_t *w, const gql_selection_t *f, const gql_type_t *parent,
                  const gql_field_t *def)
{
    intro_t *in = w->data;
    (void)parent, (void)def;
    if (in->skipping == f)
        in->skipping = NULL;
}

void
gql_validate_introspection(const gql_schema_t *s, const gql_document_t *doc, gql_errors_t *errs)
{
    intro_t in = {0};
    if (vw_doc_init(&in.d, errs->arena, doc) != 0)
        return;
    in.marks = arena_alloc(errs->arena, (in.d.nfrags + 1) * sizeof *in.marks);
    if (!in.marks)
        return;
    for (size_t i = 0; i < in.d.nfrags; i++)
        in.marks[i] = (depth_marks_t){-1, -1, -1, 0};
    vw_t w = {.schema = s, .doc = doc, .errs = errs, .data = &in};
    w.on_field = intro_field;
    w.on_field_leave = intro_field_leave;
    vw_walk(&w);
}
