#include "core/json.h"

static void
json_put_cleanup(void *obj)
{
    json_object_put(obj);
}

json_object *
json_own(arena_t *a, json_object *obj)
{
    if (obj == NULL)
        return NULL;
    return arena_on_reset(a, json_put_cleanup, obj) == 0 ? obj : NULL;
}
