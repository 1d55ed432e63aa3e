/* libFuzzer: JSON request bodies through json-c with our limits. */
#include <stdint.h>
#include <stdlib.h>

#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_object *obj = NULL;
    const char *err = NULL;

    int rc = http_json_parse((str_t){(const char *)data, size}, &obj, &err);
    if (rc == HTTP_PARSE_OK) {
        if (obj == NULL || !json_object_is_type(obj, json_type_object))
            abort();
        json_object_put(obj);
    } else if (obj != NULL || err == NULL || strncmp(err, "JSON parse error - ", 19) != 0) {
        abort();
    }
    return 0;
}
