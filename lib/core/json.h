/* json-c helpers shared by every parser of outside JSON (request bodies,
 * OAuth2 providers, the ECS credentials endpoint, queue envelopes): typed
 * getters that say "absent or mistyped" the same way, and arena ownership. */
#ifndef CORE_JSON_H
#define CORE_JSON_H

#include <json-c/json.h>

#include "core/arena.h"

/* json_object_put(obj) at the arena's next reset. obj, or NULL (obj put)
 * when out of memory or obj is NULL. */
json_object *json_own(arena_t *a, json_object *obj);

#endif
