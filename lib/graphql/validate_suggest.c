/* "Did you mean ...?" as graphql-js words it: suggestionList's lexical
 * distance (Damerau-Levenshtein where a change of case alone counts one),
 * naturalCompare's order, didYouMean's English list of at most five. */
#include "graphql/validate_walk.h"

#include <stdlib.h>
#include <string.h>

enum { VW_MAX_SUGGESTIONS = 5 };

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool
same_but_case(str_t a, str_t b)
{
    if (a.len != b.len)
        return false;
    for (size_t i = 0; i < a.len; i++)
        if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i]))
            return false;
    return true;
}

static size_t
min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* The distance from a to b (a the longer, both lowered as compared), or
 * SIZE_MAX past threshold; rows holds three rows of b.len + 1 cells. */
static size_t
distance_rows(str_t a, str_t b, size_t threshold, size_t *rows)
{
    size_t w = b.len + 1;
    for (size_t j = 0; j <= b.len; j++)
        rows[j] = j;
    for (size_t i = 1; i <= a.len; i++) {
        size_t *up = rows + ((i - 1) % 3) * w, *cur = rows + (i % 3) * w;
        size_t smallest = cur[0] = i;
        for (size_t j = 1; j <= b.len; j++) {
            int ca = lower((unsigned char)a.p[i - 1]), cb = lower((unsigned char)b.p[j - 1]);
            size_t cell = min3(up[j] + 1, cur[j - 1] + 1, up[j - 1] + (ca != cb));
            if (i > 1 && j > 1 && ca == lower((unsigned char)b.p[j - 2]) &&
                lower((unsigned char)a.p[i - 2]) == cb) {
                size_t dd = rows[((i - 2) % 3) * w + j - 2] + 1;
                cell = cell < dd ? cell : dd;
            }
            smallest = cell < smallest ? cell : smallest;
            cur[j] = cell;
        }
        if (smallest > threshold)
            return SIZE_MAX;
    }
    size_t d = rows[(a.len % 3) * w + b.len];
    return d <= threshold ? d : SIZE_MAX;
}

/* rows: three rows of input.len + 1 cells (the shorter string's length
 * is at most that). */
static size_t
lexical_distance(size_t *rows, str_t input, str_t option, size_t threshold)
{
    if (str_eq(input, option))
        return 0;
    if (same_but_case(input, option))
        return 1;
    str_t longer = option.len >= input.len ? option : input;
    str_t shorter = option.len >= input.len ? input : option;
    if (longer.len - shorter.len > threshold)
        return SIZE_MAX;
    return distance_rows(longer, shorter, threshold, rows);
}

int
vw_natural_compare(str_t a, str_t b)
{
    size_t i = 0, j = 0;
    while (i < a.len && j < b.len) {
        unsigned char ca = (unsigned char)a.p[i], cb = (unsigned char)b.p[j];
        if (ca >= '0' && ca <= '9' && cb >= '0' && cb <= '9') {
            /* As graphql-js: a leading 0 is a number of its own. */
            unsigned long na = 0, nb = 0;
            do
                na = na * 10 + (unsigned)(a.p[i++] - '0');
            while (i < a.len && a.p[i] >= '0' && a.p[i] <= '9' && na > 0);
            do
                nb = nb * 10 + (unsigned)(b.p[j++] - '0');
            while (j < b.len && b.p[j] >= '0' && b.p[j] <= '9' && nb > 0);
            if (na != nb)
                return na < nb ? -1 : 1;
        } else {
            if (ca != cb)
                return ca < cb ? -1 : 1;
            i++, j++;
        }
    }
    /* graphql-js compares the whole lengths here, not what is left. */
    return a.len < b.len ? -1 : (a.len > b.len ? 1 : 0);
}

typedef struct {
    str_t name;
    size_t distance;
} scored_t;

static int
scored_cmp(const void *x, const void *y)
{
    const scored_t *a = x, *b = y;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return vw_natural_compare(a->name, b->name);
}

size_t
vw_suggest(arena_t *a, str_t input, const str_t *options, size_t n, str_t **out)
{
    size_t threshold = input.len * 4 / 10 + 1, k = 0;
    scored_t *scored = arena_alloc(a, (n + 1) * sizeof *scored);
    *out = arena_alloc(a, (n + 1) * sizeof **out);
    size_t *rows = arena_alloc(a, 3 * (input.len + 1) * sizeof *rows);
    if (!scored || !*out || !rows)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = lexical_distance(rows, input, options[i], threshold);
        if (d != SIZE_MAX)
            scored[k++] = (scored_t){options[i], d};
    }
    qsort(scored, k, sizeof *scored, scored_cmp);
    for (size_t i = 0; i < k; i++)
        (*out)[i] = scored[i].name;
    return k;
}

void
vw_did_you_mean(buf_t *out, const char *sub, const str_t *names, size_t n)
{
    if (n == 0)
        return;
    buf_puts(out, " Did you mean ");
    if (sub)
        buf_printf(out, "%s ", sub);
    if (n > VW_MAX_SUGGESTIONS)
        n = VW_MAX_SUGGESTIONS;
    for (size_t i = 0; i < n; i++) {
        if (i && n == 2)
            buf_puts(out, " or ");
        else if (i && i == n - 1)
            buf_puts(out, ", or ");
        else if (i)
            buf_puts(out, ", ");
        buf_printf(out, "\"%.*s\"", STR_FMT(names[i]));
    }
    buf_putc(out, '?');
}

/* V8's TimSort on a short array: the first run (a descending one
 * reversed), then binary insertion. graphql-js sorts suggested types with
 * a comparator that is no total order, so only the same steps give the
 * same order. */
static size_t
first_run(char *base, size_t n, size_t size, int (*cmp)(const void *, const void *), char *tmp)
{
    if (n < 2)
        return n;
    bool descending = cmp(base + size, base) < 0;
    size_t run = 2;
    while (run < n) {
        int order = cmp(base + run * size, base + (run - 1) * size);
        if (descending ? order >= 0 : order < 0)
            break;
        run++;
    }
    for (size_t i = 0; descending && i < run / 2; i++) {
        memcpy(tmp, base + i * size, size);
        memcpy(base + i * size, base + (run - 1 - i) * size, size);
        memcpy(base + (run - 1 - i) * size, tmp, size);
    }
    return run;
}

void
vw_js_sort(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *base = items, tmp[64], pivot[64];
    if (size > sizeof tmp || n < 2)
        return;
    for (size_t start = first_run(base, n, size, cmp, tmp); start < n; start++) {
        size_t left = 0, right = start;
        memcpy(pivot, base + start * size, size);
        while (left < right) {
            size_t mid = left + ((right - left) >> 1);
            if (cmp(pivot, base + mid * size) < 0)
                right = mid;
            else
                left = mid + 1;
        }
        memmove(base + (left + 1) * size, base + left * size, (start - left) * size);
        memcpy(base + left * size, pivot, size);
    }
}
