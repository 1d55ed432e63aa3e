/* libFuzzer: JSON request bodies through json-c with our limits. */
#include <stdint.h>
#include <stdlib.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every key and string in obj is UTF-8 text (no NUL, no lone surrogate). */
static bool
all_text(json_object *obj)
{
    if (json_object_is_type(obj, json_type_string))
        return str_utf8_text(
            (str_t){json_object_get_string(obj), (size_t)json_object_get_string_len(obj)});
    if (json_object_is_type(obj, json_type_array)) {
        for (size_t i = 0; i < json_object_array_length(obj); i++)
            if (!all_text(json_object_array_get_idx(obj, i)))
                return false;
    } else if (json_object_is_type(obj, json_type_object)) {
        json_object_object_foreach(obj, key, value)
        {
            if (!str_utf8_text(str_from_cstr(key)) || !all_text(value))
                return false;
        }
    }
    return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_object *obj = NULL;
    const char *err = NULL;

    int rc = http_json_parse((str_t){(const char *)data, size}, &obj, &err);
    if (rc == HTTP_PARSE_OK) {
        if (obj == NULL || !json_object_is_type(obj, json_type_object) || !all_text(obj))
            abort();
        json_object_put(obj);
    } else if (obj != NULL || err == NULL || strncmp(err, "JSON parse error - ", 19) != 0) {
        abort();
    }
    return 0;
}
