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

/* What json-c lets through even in strict mode but RFC 8259 (and DRF's
 * strict parser) refuses: single-quoted strings, NaN and Infinity, raw
 * control characters in strings, UTF-8 surrogates. One linear pass before
 * json-c does the structure; NULL when nothing is wrong. */
static const char *
json_lexical_error(const unsigned char *p, size_t n)
{
    size_t i = 0;

    while (i < n) {
        if (p[i] == '"') {
            for (i++; i < n && p[i] != '"'; i++) {
                if (p[i] == '\\') {
                    i++;
                    continue;
                }
                if (p[i] < 0x20)
                    return "JSON parse error - invalid control character in string";
                if (p[i] >= 0x80) {
                    size_t len = str_utf8_len((const char *)p + i, n - i);
                    if (len == 0)
                        return json_error_message(json_tokener_error_parse_utf8_string);
                    i += len - 1;
                }
            }
            i++;
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
