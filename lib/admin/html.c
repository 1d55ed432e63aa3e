/* The admin's escaping HTML builder: the one place user text meets markup. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "admin/html.h"

void
html_markup_(html_t *h, const char *lit, size_t len)
{
    buf_append(h->out, lit, len);
}

/* Escapes s for text and attribute values alike (both quotes included),
 * replacing each byte that starts no valid UTF-8 sequence with U+FFFD so a
 * browser never guesses at what a stored value meant. */
static void
html_escape(buf_t *b, str_t s)
{
    size_t i = 0;
    while (i < s.len) {
        unsigned char c = (unsigned char)s.p[i];
        if (c < 0x80) {
            static const char specials[] = "&<>\"'";
            static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"};
            const char *hit = c ? memchr(specials, c, sizeof specials - 1) : NULL;
            if (hit != NULL)
                buf_puts(b, entities[hit - specials]);
            else if (c != 0)
                buf_putc(b, (char)c);
            else
                buf_puts(b, "\xef\xbf\xbd"); /* NUL: no browser shows it the same */
            i++;
            continue;
        }
        size_t n = str_utf8_len(s.p + i, s.len - i);
        if (n == 0) {
            buf_puts(b, "\xef\xbf\xbd");
            i++;
        } else {
            buf_append(b, s.p + i, n);
            i += n;
        }
    }
}

void
html_text(html_t *h, str_t s)
{
    html_escape(h->out, s);
}

void
html_text_cstr(html_t *h, const char *s)
{
    html_escape(h->out, str_from_cstr(s));
}

void
html_textf(html_t *h, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        html_escape(h->out, (str_t){small, (size_t)n});
        return;
    }
    buf_t tmp;
    buf_init(&tmp);
    va_start(ap, fmt);
    buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    if (tmp.failed)
        h->out->failed = true;
    else
        html_escape(h->out, (str_t){tmp.data, tmp.len});
    buf_free(&tmp);
}

void
html_attr_(html_t *h, const char *name, str_t value)
{
    buf_putc(h->out, ' ');
    buf_puts(h->out, name);
    buf_puts(h->out, "=\"");
    html_escape(h->out, value);
    buf_putc(h->out, '"');
}

/* RFC 3986 unreserved characters pass; every other byte is %XX, which is
 * also safe inside an attribute without further escaping. */
void
html_url_part(html_t *h, str_t s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(h->out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(h->out, e, 3);
        }
    }
}

void
admin_csrf_hidden(html_t *h, str_t token)
{
    HTML_LIT(h, "<input type=\"hidden\" name=\"csrfmiddlewaretoken\"");
    HTML_ATTR(h, "value", token);
    HTML_LIT(h, ">");
}
