/* Parsers for what a client sends. Pure functions over bytes: no FastCGI,
 * no I/O, so they are unit-tested and fuzzed directly (t/unit, t/fuzz).
 * Each returns HTTP_PARSE_OK or an error code, never crashes on any input,
 * and allocates only from the arena it is given. */
#ifndef HTTP_PARSE_H
#define HTTP_PARSE_H

#include <json-c/json.h>

#include "core/arena.h"
#include "core/str.h"
#include "http/pairs.h"

typedef enum {
    HTTP_PARSE_OK = 0,
    HTTP_PARSE_MALFORMED = -1, /* 400 */
    HTTP_PARSE_TOO_MANY = -2,  /* 400: more fields than HTTP_MAX_FIELDS */
    HTTP_PARSE_NOMEM = -3,     /* 503 */
    HTTP_PARSE_NOT_TEXT = -4,  /* 400: not UTF-8, or a NUL byte (str_utf8_text) */
} http_parse_rc_t;

enum {
    HTTP_MAX_FIELDS = 1000, /* Django's DATA_UPLOAD_MAX_NUMBER_FIELDS */
    HTTP_MAX_JSON_DEPTH = 64,
    HTTP_MAX_PARTS = 100,
};

/* Splits input at sep into pairs, the way query strings and cookies are
 * read: counts the pieces first, so the field limit is checked before any
 * work and the array is allocated once at its final size, then parses each
 * into it. piece(a, text, out) returns 1 for a pair, 0 for a piece to skip,
 * or an HTTP_PARSE_* error; in the counting pass a is NULL and out is
 * scratch, so piece must only say whether text is a pair. */
typedef int (*http_piece_fn)(arena_t *a, str_t text, http_pair_t *out);
int http_pairs_split(arena_t *a, str_t input, char sep, http_piece_fn piece, http_pairs_t *out);

/* Percent-decodes s ('+' is a space when plus_is_space). An invalid escape
 * ("%zz", a trailing "%") is kept literally, as Django's QueryDict does.
 * Returns the decoded copy in the arena (NUL-terminated), STR_NULL.p == NULL
 * on out-of-memory. */
str_t http_url_decode(arena_t *a, str_t s, bool plus_is_space);

/* application/x-www-form-urlencoded or a query string: "a=1&b=&c&a=2".
 * Empty pieces ("a=1&&b=2") are skipped; a name without '=' gets an empty
 * value. Names and values are decoded, and NOT_TEXT when a decoded one is
 * not UTF-8 text ("%FF", "%00"): what this returns can go to PostgreSQL. */
int http_query_parse(arena_t *a, str_t qs, http_pairs_t *out);

/* A Cookie header: "a=1; b=\"quoted\"". Pieces without '=' are skipped;
 * double quotes around a value are removed; nothing is percent-decoded.
 * A cookie whose name or value is not UTF-8 text is skipped too, as if not
 * sent: browsers send other sites' cookies for a parent domain, and one of
 * those must not lock the user out; ours are ASCII tokens. */
int http_cookies_parse(arena_t *a, str_t header, http_pairs_t *out);

/* A media type header: "Multipart/Form-Data; boundary=\"xyz\"; charset=utf-8".
 * type is lowercased into the arena; params are name (lowercased) / value
 * (quotes removed). MALFORMED when there is no type/subtype. */
typedef struct {
    str_t type; /* e.g. "application/json" */
    http_pairs_t params;
} http_media_type_t;
int http_media_type_parse(arena_t *a, str_t header, http_media_type_t *out);

/* multipart/form-data body (RFC 7578) split at the boundary. Part headers
 * Content-Disposition (name, filename) and Content-Type are read; data
 * points into body. MALFORMED on a missing boundary, missing closing
 * delimiter, a part without a name, or header lines over 8 KiB. NOT_TEXT
 * when a name, filename or content type, or the data of a part that is not
 * a file (a form field), is not UTF-8 text; a file's data is any bytes. */
typedef struct {
    str_t name;
    str_t filename; /* STR_NULL.p == NULL when the part is not a file */
    str_t content_type;
    str_t data;
} http_part_t;

typedef struct {
    http_part_t *items;
    size_t len;
} http_parts_t;

int http_multipart_parse(arena_t *a, str_t boundary, str_t body, http_parts_t *out);

/* First part with that name, or NULL. */
const http_part_t *http_parts_get(const http_parts_t *parts, const char *name);

/* A JSON body. The top level must be an object. On failure *err is a
 * static message for the client ("JSON parse error - ...") and *out NULL.
 * The caller owns *out (json_object_put). Depth is limited to
 * HTTP_MAX_JSON_DEPTH; invalid UTF-8 in strings is refused, and so are the
 * escapes \u0000 (PostgreSQL's text cannot hold it) and lone surrogates
 * (json-c would silently make them U+FFFD): every string is UTF-8 text. */
int http_json_parse(str_t body, json_object **out, const char **err);

/* The FastCGI parameter that carries a request header, as CGI names it:
 * "X-CSRFToken" -> "HTTP_X_CSRFTOKEN", "Content-Type" -> "CONTENT_TYPE".
 * False (out untouched) for an empty name, a name with bytes that are not
 * header token characters, or one that does not fit in out. */
bool http_header_param_name(const char *name, char *out, size_t outlen);

#endif
