#include "core/json.h"

#include <math.h>
#include <string.h>

static void
json_put_cleanup(void *obj)
{
    json_object_put(obj);
}

json_object *
json_own(arena_t *a, json_object *obj)
{
    return arena_own(a, json_put_cleanup, obj);
}

json_object *
json_get(json_object *obj, const char *key)
{
    json_object *v = NULL;

    return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

bool
json_has(json_object *obj, const char *key)
{
    return json_object_object_get_ex(obj, key, NULL);
}

const char *
json_get_str(json_object *obj, const char *key, size_t *len)
{
    json_object *v = json_get(obj, key);

    if (!json_object_is_type(v, json_type_string))
        return NULL;
    if (len != NULL)
        *len = (size_t)json_object_get_string_len(v);
    return json_object_get_string(v);
}

bool
json_copy_str(json_object *obj, const char *key, char *dst, size_t cap)
{
    size_t len;
    const char *s = json_get_str(obj, key, &len);

    if (cap == 0)
        return false;
    if (s == NULL || len >= cap || memchr(s, '\0', len) != NULL) {
        dst[0] = '\0';
        return false;
    }
    memcpy(dst, s, len + 1);
    return true;
}

json_object *
json_get_object(json_object *obj, const char *key)
{
    json_object *v = json_get(obj, key);

    return json_object_is_type(v, json_type_object) ? v : NULL;
}

bool
json_get_true(json_object *obj, const char *key)
{
    json_object *v = json_get(obj, key);

    if (json_object_is_type(v, json_type_boolean))
        return json_object_get_boolean(v);
    return json_object_is_type(v, json_type_string) &&
           strcmp(json_object_get_string(v), "true") == 0;
}

int
json_get_int64(json_object *obj, const char *key, long long *out)
{
    json_object *v;

    if (!json_object_object_get_ex(obj, key, &v))
        return 0;
    if (!json_object_is_type(v, json_type_int))
        return -1;
    *out = (long long)json_object_get_int64(v);
    return 1;
}

bool
json_get_number(json_object *obj, const char *key, double *out)
{
    json_object *v = json_get(obj, key);

    if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
        return false;
    *out = json_object_get_double(v);
    return isfinite(*out);
}

bool
json_finite(json_object *o)
{
    switch (json_object_get_type(o)) {
    case json_type_double:
        return isfinite(json_object_get_double(o));
    case json_type_array:
        for (size_t i = 0, n = json_object_array_length(o); i < n; i++)
            if (!json_finite(json_object_array_get_idx(o, i)))
                return false;
        return true;
    case json_type_object: {
        json_object_object_foreach(o, key, val)
        {
            (void)key;
            if (!json_finite(val))
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}
