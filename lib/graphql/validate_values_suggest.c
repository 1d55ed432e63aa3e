/* graphql-js's suggestionList and didYouMean: the names within a small
 * edit distance of what was written, nearest first. */
#include <stdint.h>
#include <stdlib.h>

#include "graphql/validate_values.h"
#include "graphql/validate_walk.h"

enum { SUGGEST_MAX = 5, SUGGEST_INPUT_MAX = 1024 };

/* The UTF-16 code units of s lowercased (ASCII letters), as JavaScript
 * compares them; at most cap units. */
static size_t
to_units(str_t s, uint16_t *units, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len && n + 2 <= cap;) {
        unsigned char c = (unsigned char)s.p[i];
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        uint32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
        for (size_t k = 1; k < len && i + k < s.len; k++)
            cp = cp << 6 | ((unsigned char)s.p[i + k] & 0x3F);
        i += len;
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if (cp >= 0x10000) {
            units[n++] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            cp = 0xDC00 + (cp & 0x3FF);
        }
        units[n++] = (uint16_t)cp;
    }
    return n;
}

/* Damerau-Levenshtein distance of a and b (a the longer), or -1 when it
 * is over threshold; rows holds 3 * (blen + 1) cells. */
static long
distance(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen, size_t threshold,
         size_t *rows)
{
    size_t w = blen + 1;
    for (size_t j = 0; j <= blen; j++)
        rows[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        size_t *up = rows + (i - 1) % 3 * w, *cur = rows + i % 3 * w;
        size_t smallest = cur[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t cell = up[j] + 1;
            if (cur[j - 1] + 1 < cell)
                cell = cur[j - 1] + 1;
            if (up[j - 1] + cost < cell)
                cell = up[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                rows[(i - 2) % 3 * w + j - 2] + 1 < cell)
                cell = rows[(i - 2) % 3 * w + j - 2] + 1;
            smallest = cell < smallest ? cell : smallest;
            cur[j] = cell;
        }
        if (smallest > threshold)
            return -1;
    }
    size_t d = rows[alen % 3 * w + blen];
    return d <= threshold ? (long)d : -1;
}

typedef struct {
    str_t name;
    long distance;
} suggestion_t;

static int
suggestion_cmp(const void *pa, const void *pb)
{
    const suggestion_t *a = pa, *b = pb;
    if (a->distance != b->distance)
        return a->distance < b->distance ? -1 : 1;
    return vw_natural_compare(a->name, b->name);
}

/* The distance of option from input as LexicalDistance.measure gives it. */
static long
measure(str_t input, const uint16_t *in, size_t inlen, str_t option, size_t threshold)
{
    uint16_t opt[SUGGEST_INPUT_MAX];
    if (str_eq(input, option))
        return 0;
    size_t optlen = to_units(option, opt, SUGGEST_INPUT_MAX);
    if (optlen == inlen && memcmp(opt, in, inlen * sizeof *in) == 0)
        return 1;
    const uint16_t *a = opt, *b = in;
    size_t alen = optlen, blen = inlen;
    if (alen < blen) {
        a = in, alen = inlen, b = opt, blen = optlen;
    }
    if (alen - blen > threshold)
        return -1;
    size_t rows[3 * (SUGGEST_INPUT_MAX + 1)];
    return distance(a, alen, b, blen, threshold, rows);
}

void
gql_did_you_mean(buf_t *out, const char *sub, str_t input, const str_t *options, size_t n)
{
    uint16_t in[SUGGEST_INPUT_MAX];
    size_t inlen = to_units(input, in, SUGGEST_INPUT_MAX);
    size_t threshold = inlen * 4 / 10 + 1;
    suggestion_t *found = n ? malloc(n * sizeof *found) : NULL;
    size_t nfound = 0;
    for (size_t i = 0; found && i < n; i++) {
        long d = measure(input, in, inlen, options[i], threshold);
        if (d >= 0)
            found[nfound++] = (suggestion_t){options[i], d};
    }
    if (nfound)
        qsort(found, nfound, sizeof *found, suggestion_cmp);
    if (nfound) {
        buf_puts(out, " Did you mean ");
        if (sub)
            buf_printf(out, "%s ", sub);
    }
    size_t shown = nfound > SUGGEST_MAX ? SUGGEST_MAX : nfound;
    for (size_t i = 0; i < shown; i++) {
        const char *sep = i == 0 ? "" : shown == 2 ? " or " : i + 1 == shown ? ", or " : ", ";
        buf_printf(out, "%s\"%.*s\"", sep, STR_FMT(found[i].name));
    }
    if (nfound)
        buf_putc(out, '?');
    free(found);
}
