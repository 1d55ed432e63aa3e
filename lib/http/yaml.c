#include "http/yaml.h"

static void yaml_block(json_object *value, int indent, buf_t *out);

static bool
yaml_is_block(json_object *value)
{
    if (json_object_is_type(value, json_type_object))
        return json_object_object_length(value) > 0;
    if (json_object_is_type(value, json_type_array))
        return json_object_array_length(value) > 0;
    return false;
}

/* A scalar or an empty container, as JSON: a double-quoted YAML scalar reads
 * JSON's escapes back unchanged, and true, false, null and numbers are the
 * same words in YAML's core schema. */
static void
yaml_flow(json_object *value, buf_t *out)
{
    if (json_object_is_type(value, json_type_object)) {
        buf_puts(out, "{}");
        return;
    }
    if (json_object_is_type(value, json_type_array)) {
        buf_puts(out, "[]");
        return;
    }
    buf_puts(out, json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE));
}

static void
yaml_indent(int indent, buf_t *out)
{
    for (int i = 0; i < indent; i++)
        buf_putc(out, ' ');
}

/* After a key's "key:" or a sequence's "-": the value inline, or on the
 * following lines two spaces deeper. */
static void
yaml_entry_value(json_object *value, int indent, buf_t *out)
{
    if (yaml_is_block(value)) {
        buf_putc(out, '\n');
        yaml_block(value, indent + 2, out);
        return;
    }
    buf_putc(out, ' ');
    yaml_flow(value, out);
    buf_putc(out, '\n');
}

static void
yaml_block(json_object *value, int indent, buf_t *out)
{
    if (json_object_is_type(value, json_type_array)) {
        size_t n = json_object_array_length(value);
        for (size_t i = 0; i < n; i++) {
            yaml_indent(indent, out);
            buf_putc(out, '-');
            yaml_entry_value(json_object_array_get_idx(value, i), indent, out);
        }
        return;
    }
    json_object_object_foreach(value, key, child)
    {
        yaml_indent(indent, out);
        buf_json_cstr(out, key);
        buf_putc(out, ':');
        yaml_entry_value(child, indent, out);
    }
}

int
yaml_from_json(json_object *value, buf_t *out)
{
    if (yaml_is_block(value)) {
        yaml_block(value, 0, out);
    } else {
        yaml_flow(value, out);
        buf_putc(out, '\n');
    }
    return out->failed ? -1 : 0;
}
