/* json-c helpers shared by every parser of outside JSON (request bodies,
 * OAuth2 providers, the ECS credentials endpoint, queue envelopes): typed
 * getters that say "absent or mistyped" the same way, and arena ownership.
 * The getters take any obj (NULL or not an object reads as "absent"); what
 * they return belongs to obj. */
#ifndef CORE_JSON_H
#define CORE_JSON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* json_object_put(obj) at the arena's next reset. obj, or NULL (obj put)
 * when out of memory or obj is NULL. */
json_object *json_own(arena_t *a, json_object *obj);

/* The member key of obj, or NULL when absent (a JSON null reads as NULL
 * too: use json_has to tell them apart). */
json_object *json_get(json_object *obj, const char *key);

/* Whether obj has the member key, null included. */
bool json_has(json_object *obj, const char *key);

/* The string member key with its length in *len (len may be NULL), or NULL
 * when absent or not a string. */
const char *json_get_str(json_object *obj, const char *key, size_t *len);

/* Copies the string member key into dst (cap bytes, NUL-terminated): true
 * when it is a string without NUL bytes that fits; dst is "" otherwise. */
bool json_copy_str(json_object *obj, const char *key, char *dst, size_t cap);

/* The object member key, or NULL when absent or not an object. */
json_object *json_get_object(json_object *obj, const char *key);

/* True when the member key is true, or the string "true" (some OAuth2
 * providers quote their booleans); false otherwise. */
bool json_get_true(json_object *obj, const char *key);

/* The integer member key in *out: 1 when present, 0 when absent, -1 when
 * present but not a JSON integer (strings, floats, booleans). */
int json_get_int64(json_object *obj, const char *key, long long *out);

/* The number member key (integer or not) in *out; false when absent, not
 * a number or not finite. */
bool json_get_number(json_object *obj, const char *key, double *out);

/* Whether every number in o (a tree of any depth the parser allowed) is
 * finite: json-c reads NaN, Infinity and 1e999 (which overflows), and
 * would write them out as texts no JSON parser takes. */
bool json_finite(json_object *o);

#endif
