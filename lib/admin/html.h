/* HTML output for the admin that escapes by construction: text and
 * attribute values always go through html_text / html_attr, and markup can
 * only come from string literals (HTML_LIT refuses a variable at compile
 * time), so no caller can forget to escape what a user stored. */
#ifndef ADMIN_HTML_H
#define ADMIN_HTML_H

#include "core/buf.h"
#include "core/str.h"

typedef struct {
    buf_t *out;
} html_t;

/* Markup from a string literal only: HTML_LIT(h, "<td>"). */
#define HTML_LIT(h, lit) html_markup_((h), "" lit "", sizeof(lit) - 1)
void html_markup_(html_t *h, const char *lit, size_t len);

/* Text content, escaped (& < > " '); invalid UTF-8 shown as U+FFFD. */
void html_text(html_t *h, str_t s);
void html_text_cstr(html_t *h, const char *s);
void html_textf(html_t *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* name="value" with value escaped; the name is a literal. */
/* (html.c prints a leading space: HTML_LIT(h, "<a"); HTML_ATTR(h, "href", v); HTML_LIT(h, ">").) */
#define HTML_ATTR(h, name, value) html_attr_((h), "" name "", (value))
void html_attr_(html_t *h, const char *name, str_t value);

/* A URL built from a literal prefix and escaped path/query parts. */
void html_url_part(html_t *h, str_t s); /* percent-encodes for a path segment or query value */

/* <input type="hidden" name="csrfmiddlewaretoken" value="...">: every admin
 * form's, the program's (login, password) and the engine's alike. */
void admin_csrf_hidden(html_t *h, str_t token);

#endif
