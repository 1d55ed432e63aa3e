#include "apps/banking/csv_cell.h"

#include <string.h>

void
csv_cell_put(buf_t *b, const char *text)
{
    bool formula = text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;

    if (!formula && strpbrk(text, ",\"\r\n") == NULL) {
        buf_puts(b, text);
        return;
    }
    buf_puts(b, formula ? "\"'" : "\"");
    for (const char *s = text; *s; s++) {
        if (*s == '"')
            buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}
