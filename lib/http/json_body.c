#include "http/parse.h"

#include <limits.h>

/* Static client messages, in the shape of DRF's ParseError detail. */
static const char *
json_error_message(enum json_tokener_error e)
{
    switch (e) {
    case json_tokener_error_depth:
        return "JSON parse error - nesting too deep";
    case json_tokener_continue:
    case json_tokener_error_parse_eof:
        return "JSON parse error - unexpected end of data";
    case json_tokener_error_parse_null:
    case json_tokener_error_parse_boolean:
    case json_tokener_error_parse_number:
        return "JSON parse error - invalid literal";
    case json_tokener_error_parse_array:
        return "JSON parse error - expected ',' or ']' in array";
    case json_tokener_error_parse_object_key_name:
        return "JSON parse error - expected a double-quoted property name";
    case json_tokener_error_parse_object_key_sep:
        return "JSON parse error - expected ':' after property name";
    case json_tokener_error_parse_object_value_sep:
        return "JSON parse error - expected ',' or '}' in object";
    case json_tokener_error_parse_string:
        return "JSON parse error - invalid string";
    case json_tokener_error_parse_comment:
        return "JSON parse error - comments are not allowed";
    case json_tokener_error_parse_utf8_string:
        return "JSON parse error - invalid UTF-8";
    case json_tokener_error_size:
        return "JSON parse error - body too large";
    default:
        return "JSON parse error - unexpected character";
    }
}

static bool
json_only_ws(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return false;
    return true;
}

static bool
json_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '+' || c == '-' || c == '_';
}

/* The value of the four hex digits of a \u escape at p, or -1. */
static long
json_hex4(const unsigned char *p, size_t left)
{
    long v = 0;

    if (left < 4)
        return -1;
    for (int k = 0; k < 4; k++) {
        int d = str_hex_digit(p[k]);
        if (d < 0)
            return -1;
        v = v << 4 | d;
    }
    return v;
}

/* The \u escape at p (on its backslash): \u0000 and surrogates that do not
 * pair are refused, since PostgreSQL's text cannot hold NUL and json-c
 * would silently turn a lone surrogate into U+FFFD. *skip is the bytes the
 * escape (or the pair) takes; a malformed one is json-c's to report. */
static const char *
json_u_escape_error(const unsigned char *p, size_t n, size_t *skip)
{
    long cp = json_hex4(p + 2, n - 2), low;

    *skip = 2;
    if (cp < 0)
        return NULL;
    *skip = 6;
    if (cp == 0)
        return "JSON parse error - \\u0000 is not allowed in strings";
    if (cp < 0xD800 || cp > 0xDFFF)
        return NULL;
    if (cp <= 0xDBFF && n >= 12 && p[6] == '\\' && p[7] == 'u' &&
        (low = json_hex4(p + 8, n - 8)) >= 0xDC00 && low <= 0xDFFF) {
        *skip = 12;
        return NULL;
    }
    return "JSON parse error - a \\u escape is a lone surrogate";
}

/* The string at p[*i] (on its opening quote); *i ends past its closing
 * quote. Raw control characters and invalid UTF-8 are refused, and the
 * escapes json_u_escape_error refuses. NULL when nothing is wrong. */
static const char *
json_string_error(const unsigned char *p, size_t n, size_t *at)
{
    size_t i = *at + 1, len;
    const char *err;

    while (i < n && p[i] != '"') {
        if (p[i] == '\\' && i + 1 < n && p[i + 1] == 'u') {
            if ((err = json_u_escape_error(p + i, n - i, &len)) != NULL)
                return err;
        } else if (p[i] == '\\') {
            len = 2;
        } else if (p[i] < 0x20) {
            return "JSON parse error - invalid control character in string";
        } else if ((len = str_utf8_len((const char *)p + i, n - i)) == 0) {
            return json_error_message(json_tokener_error_parse_utf8_string);
        }
        i += len;
    }
    *at = i + 1;
    return NULL;
}

/* What json-c lets through even in strict mode but RFC 8259 (and DRF's
 * strict parser) refuses: single-quoted strings, NaN and Infinity, raw
 * control characters in strings, UTF-8 surrogates; and what PostgreSQL
 * cannot store (json_string_error). One linear pass before json-c does the
 * structure; NULL when nothing is wrong. */
static const char *
json_lexical_error(const unsigned char *p, size_t n)
{
    size_t i = 0;
    const char *err;

    while (i < n) {
        if (p[i] == '"') {
            if ((err = json_string_error(p, n, &i)) != NULL)
                return err;
        } else if (json_word_char(p[i])) {
            size_t start = i;
            bool number = (p[i] >= '0' && p[i] <= '9') || p[i] == '-';
            while (i < n && json_word_char(p[i]))
                i++;
            str_t word = {(const char *)p + start, i - start};
            if (!number && !str_eq_cstr(word, "true") && !str_eq_cstr(word, "false") &&
                !str_eq_cstr(word, "null"))
                return json_error_message(json_tokener_error_parse_unexpected);
            for (size_t k = 0; number && k < word.len; k++) {
                char c = word.p[k];
                bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
                if (letter && c != 'e' && c != 'E')
                    return json_error_message(json_tokener_error_parse_number);
            }
        } else if (p[i] == '\'') {
            return json_error_message(json_tokener_error_parse_unexpected);
        } else {
            i++;
        }
    }
    return NULL;
}

int
http_json_parse(str_t body, json_object **out, const char **err)
{
    int rc = HTTP_PARSE_MALFORMED;
    json_tokener *tok = NULL;
    json_object *obj = NULL;

    *out = NULL;
    *err = "JSON parse error - unexpected end of data";
    if (body.len == 0 || json_only_ws(body.p, body.len))
        goto fail;
    if (body.len > INT_MAX) {
        *err = json_error_message(json_tokener_error_size);
        goto fail;
    }
    *err = json_lexical_error((const unsigned char *)body.p, body.len);
    if (*err != NULL)
        goto fail;
    tok = json_tokener_new_ex(HTTP_MAX_JSON_DEPTH);
    if (tok == NULL) {
        rc = HTTP_PARSE_NOMEM;
        *err = "JSON parse error - out of memory";
        goto fail;
    }
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    obj = json_tokener_parse_ex(tok, body.p, (int)body.len);
    if (obj == NULL) {
        enum json_tokener_error e = json_tokener_get_error(tok);
        /* A top-level null parses successfully into NULL. */
        *err = e == json_tokener_success ? "JSON parse error - expected an object"
                                         : json_error_message(e);
        goto fail;
    }
    /* json-c stops after the first value; whatever follows must be blank. */
    size_t end = json_tokener_get_parse_end(tok);
    if (end > body.len || !json_only_ws(body.p + end, body.len - end)) {
        *err = "JSON parse error - extra data after the JSON value";
        goto fail;
    }
    if (!json_object_is_type(obj, json_type_object)) {
        *err = "JSON parse error - expected an object";
        goto fail;
    }
    json_tokener_free(tok);
    *out = obj;
    *err = NULL;
    return HTTP_PARSE_OK;

fail:
    json_object_put(obj);
    if (tok)
        json_tokener_free(tok);
    return rc;
}
