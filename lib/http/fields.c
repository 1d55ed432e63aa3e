#include "http/fields.h"

#include <stdio.h>
#include <string.h>

#include "http/response.h"

void
field_errors_init(field_errors_t *fe)
{
    buf_init(&fe->body);
    fe->count = 0;
}

void
field_errors_free(field_errors_t *fe)
{
    buf_free(&fe->body);
    fe->count = 0;
}

void
field_error(field_errors_t *fe, const char *field, const char *message)
{
    char key[80];
    int n = snprintf(key, sizeof(key), "\"%s\":", field);
    if (fe->body.len && n > 0 && memmem(fe->body.data, fe->body.len, key, (size_t)n))
        return; /* one message per field is enough for a client */
    buf_puts(&fe->body, fe->count ? "," : "{");
    buf_json_cstr(&fe->body, field);
    buf_puts(&fe->body, ":[");
    buf_json_cstr(&fe->body, message);
    buf_putc(&fe->body, ']');
    fe->count++;
}

int
field_errors_reply(http_req_t *r, field_errors_t *fe)
{
    buf_reset(r->out);
    buf_append(r->out, fe->body.data, fe->body.len);
    buf_putc(r->out, '}');
    field_errors_free(fe);
    return http_json(r, 400);
}

/* Characters, not bytes: a UTF-8 continuation byte does not start one. */
static size_t
utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static bool
check_string(field_errors_t *fe, json_object *v, const char *name, size_t max_len, bool allow_blank,
             const char **value, size_t *len)
{
    char msg[96];
    if (v == NULL) {
        field_error(fe, name, "This field may not be null.");
        return false;
    }
    if (!json_object_is_type(v, json_type_string)) {
        field_error(fe, name, "Not a valid string.");
        return false;
    }
    const char *s = json_object_get_string(v);
    size_t n = (size_t)json_object_get_string_len(v);
    if (memchr(s, '\0', n)) {
        field_error(fe, name, "Null characters are not allowed.");
        return false;
    }
    if (!allow_blank && n == 0) {
        field_error(fe, name, "This field may not be blank.");
        return false;
    }
    if (max_len && utf8_chars(s, n) > max_len) {
        snprintf(msg, sizeof(msg), "Ensure this field has no more than %zu characters.", max_len);
        field_error(fe, name, msg);
        return false;
    }
    *value = s;
    *len = n;
    return true;
}

bool
field_string(field_errors_t *fe, json_object *obj, const char *name, size_t max_len,
             bool allow_blank, const char **value, size_t *len)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(obj, name, &v)) {
        field_error(fe, name, "This field is required.");
        return false;
    }
    return check_string(fe, v, name, max_len, allow_blank, value, len);
}

bool
field_string_optional(field_errors_t *fe, json_object *obj, const char *name, size_t max_len,
                      const char **value, size_t *len, bool *present)
{
    json_object *v = NULL;
    *present = json_object_object_get_ex(obj, name, &v);
    if (!*present)
        return true;
    return check_string(fe, v, name, max_len, true, value, len);
}
