/* JSON (a json-c value) written as block-style YAML 1.2: mappings and
 * sequences one entry per line, every string double-quoted with JSON's
 * escapes (a YAML double-quoted scalar reads them back the same), so the
 * YAML parses to exactly the JSON value. */
#ifndef HTTP_YAML_H
#define HTTP_YAML_H

#include <json-c/json.h>

#include "core/buf.h"

/* Appends the document to out; -1 when out cannot grow. */
int yaml_from_json(json_object *value, buf_t *out);

#endif
