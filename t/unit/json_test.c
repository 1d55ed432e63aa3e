#include <math.h>
#include <string.h>

#include "core/json.h"
#include "tap.h"

/* NULL, or a parsed value that is not an object, reads as an empty object:
 * every getter says "absent" and leaves *out alone. */
static void
test_not_objects(void)
{
    json_object *array = json_tokener_parse("[1,2]");
    json_object *objs[] = {NULL, array};
    const char *names[] = {"NULL", "an array"};

    for (size_t k = 0; k < 2; k++) {
        json_object *o = objs[k];
        size_t len = 7;
        long long i = 7;
        double d = 7;
        ok(json_get(o, "a") == NULL && !json_has(o, "a"), "%s: json_get, json_has", names[k]);
        ok(json_get_str(o, "a", &len) == NULL && len == 7, "%s: json_get_str", names[k]);
        ok(json_get_object(o, "a") == NULL, "%s: json_get_object", names[k]);
        ok(!json_get_true(o, "a"), "%s: json_get_true", names[k]);
        ok(json_get_int64(o, "a", &i) == 0 && i == 7, "%s: json_get_int64 says absent", names[k]);
        ok(!json_get_number(o, "a", &d) && d == 7, "%s: json_get_number", names[k]);
    }
    json_object_put(array);
    ok(json_own(NULL, NULL) == NULL, "json_own of NULL is NULL, the arena untouched");
}

static void
test_copy_str(void)
{
    json_object *o = json_tokener_parse("{\"id\":\"abc\",\"nul\":\"a\\u0000b\",\"n\":1}");
    char dst[4] = "xyz";

    ok(json_copy_str(o, "id", dst, sizeof(dst)) && strcmp(dst, "abc") == 0,
       "copy_str: a string that just fits (3 bytes and the NUL in 4)");
    ok(!json_copy_str(o, "id", dst, 3) && dst[0] == '\0',
       "copy_str: one byte short: refused, \"\"");
    strcpy(dst, "xyz");
    ok(!json_copy_str(o, "nul", dst, sizeof(dst)) && dst[0] == '\0',
       "copy_str: a NUL inside the string: refused");
    ok(!json_copy_str(o, "n", dst, sizeof(dst)) && dst[0] == '\0', "copy_str: not a string");
    ok(!json_copy_str(o, "absent", dst, sizeof(dst)) && dst[0] == '\0', "copy_str: absent");
    ok(!json_copy_str(NULL, "id", dst, sizeof(dst)), "copy_str: NULL object");
    strcpy(dst, "xyz");
    ok(!json_copy_str(o, "id", dst, 0) && strcmp(dst, "xyz") == 0,
       "copy_str: cap 0 writes nothing");
    json_object_put(o);
}

int
main(void)
{
    json_object *o =
        json_tokener_parse("{\"s\":\"a\\u0000b\",\"t\":true,\"ts\":\"true\",\"f\":false,"
                           "\"n\":null,\"i\":42,\"d\":1.5,\"o\":{},\"big\":1e400}");
    size_t len = 0;
    long long i = 0;
    double d = 0;

    ok(o != NULL, "test document parses");
    ok(json_get_str(o, "s", &len) != NULL && len == 3, "string member with its length");
    ok(json_get_str(o, "s", NULL) != NULL, "length is optional");
    ok(json_get_str(o, "i", &len) == NULL, "a number is not a string");
    ok(json_get_str(o, "missing", &len) == NULL, "absent string");
    ok(json_get_str(NULL, "s", &len) == NULL, "NULL object");
    ok(json_get(o, "n") == NULL && json_has(o, "n"), "null: no value, but present");
    ok(!json_has(o, "missing"), "absent is not present");
    ok(json_get_object(o, "o") != NULL && json_get_object(o, "s") == NULL, "object member");
    ok(json_get_true(o, "t") && json_get_true(o, "ts"), "true, and the string \"true\"");
    ok(!json_get_true(o, "f") && !json_get_true(o, "s") && !json_get_true(o, "missing"),
       "false, other strings and absent are not true");
    is_int(json_get_int64(o, "i", &i), 1, "integer present");
    is_int(i, 42, "its value");
    is_int(json_get_int64(o, "missing", &i), 0, "integer absent");
    is_int(json_get_int64(o, "d", &i), -1, "a float is not an integer");
    is_int(json_get_int64(o, "ts", &i), -1, "a string is not an integer");
    ok(json_get_number(o, "d", &d) && d == 1.5, "number member");
    ok(json_get_number(o, "i", &d) && d == 42, "an integer is a number");
    ok(!json_get_number(o, "s", &d) && !json_get_number(o, "missing", &d), "not numbers");
    ok(!json_get_number(o, "big", &d), "an infinite number is refused");
    json_object_put(o);
    test_not_objects();
    test_copy_str();
    return done_testing();
}
