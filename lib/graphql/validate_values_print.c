/* graphql-js's print() of value literals, for the messages that quote a
 * value ("Int cannot represent non-integer value: [1, 2]"). */
#include <stdint.h>

#include "graphql/validate_values.h"

/* Length in UTF-16 code units, as JavaScript's String.length counts. */
static size_t
utf16_length(str_t s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if ((c & 0xC0) != 0x80)
            n += c >= 0xF0 ? 2 : 1;
    }
    return n;
}

/* printString: "..." with control characters, the quote, the backslash
 * and U+007F..U+009F escaped. */
static void
print_string(buf_t *out, str_t s)
{
    static const char *const short_escapes[32] = {
        [8] = "\\b", [9] = "\\t", [10] = "\\n", [12] = "\\f", [13] = "\\r"};
    buf_putc(out, '"');
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c < 0x20 && short_escapes[c])
            buf_puts(out, short_escapes[c]);
        else if (c < 0x20 || c == 0x7F)
            buf_printf(out, "\\u%04X", c);
        else if (c == '"' || c == '\\')
            buf_printf(out, "\\%c", c);
        else if (c == 0xC2 && i + 1 < s.len && (unsigned char)s.p[i + 1] >= 0x80 &&
                 (unsigned char)s.p[i + 1] <= 0x9F)
            buf_printf(out, "\\u%04X", (unsigned char)s.p[++i]);
        else
            buf_putc(out, (char)c);
    }
    buf_putc(out, '"');
}

static bool
ends_with(str_t s, const char *suffix)
{
    size_t n = strlen(suffix);
    return s.len >= n && memcmp(s.p + s.len - n, suffix, n) == 0;
}

/* Whether every line after the first is empty or starts with a space or
 * a tab (printBlockString's forceLeadingNewLine); *single: one line. */
static bool
later_lines_indented(str_t s, bool *single)
{
    bool all = true;
    *single = true;
    for (size_t i = 0; i < s.len; i++) {
        if (s.p[i] != '\n' && s.p[i] != '\r')
            continue;
        if (s.p[i] == '\r' && i + 1 < s.len && s.p[i + 1] == '\n')
            i++;
        *single = false;
        char next = i + 1 < s.len ? s.p[i + 1] : '\n';
        if (next != '\n' && next != '\r' && next != ' ' && next != '\t')
            all = false;
    }
    return !*single && all;
}

/* printBlockString: """...""" with """ escaped, on lines of their own
 * when that reads better. */
static void
print_block_string(buf_t *out, str_t s)
{
    bool single;
    bool lead = later_lines_indented(s, &single);
    /* escapedValue ends with \""" exactly when the value ends with """ */
    bool trailing_triple = ends_with(s, "\"\"\"");
    bool trailing = (ends_with(s, "\"") && !trailing_triple) || ends_with(s, "\\");
    bool multiple = !single || utf16_length(s) > 70 || trailing || lead || trailing_triple;
    bool skip_lead = single && s.len && (s.p[0] == ' ' || s.p[0] == '\t');
    buf_puts(out, "\"\"\"");
    if ((multiple && !skip_lead) || lead)
        buf_putc(out, '\n');
    for (size_t i = 0; i < s.len; i++) {
        if (i + 3 <= s.len && memcmp(s.p + i, "\"\"\"", 3) == 0) {
            buf_puts(out, "\\\"\"\"");
            i += 2;
        } else {
            buf_putc(out, s.p[i]);
        }
    }
    if (multiple || trailing)
        buf_putc(out, '\n');
    buf_puts(out, "\"\"\"");
}

void
gql_value_print(buf_t *out, const gql_value_t *v)
{
    switch (v->kind) {
    case GQL_VALUE_VARIABLE:
        buf_putc(out, '$');
        buf_str(out, v->name);
        break;
    case GQL_VALUE_INT:
    case GQL_VALUE_FLOAT:
        buf_str(out, v->raw);
        break;
    case GQL_VALUE_STRING:
        if (v->block)
            print_block_string(out, v->string);
        else
            print_string(out, v->string);
        break;
    case GQL_VALUE_BOOLEAN:
        buf_puts(out, v->boolean ? "true" : "false");
        break;
    case GQL_VALUE_NULL:
        buf_puts(out, "null");
        break;
    case GQL_VALUE_ENUM:
        buf_str(out, v->name);
        break;
    case GQL_VALUE_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < v->nitems; i++) {
            buf_puts(out, i ? ", " : "");
            gql_value_print(out, v->items[i]);
        }
        buf_putc(out, ']');
        break;
    case GQL_VALUE_OBJECT:
        buf_putc(out, '{');
        for (size_t i = 0; i < v->nfields; i++) {
            buf_puts(out, i ? ", " : "");
            buf_str(out, v->fields[i].name);
            buf_puts(out, ": ");
            gql_value_print(out, v->fields[i].value);
        }
        buf_putc(out, '}');
        break;
    }
}
