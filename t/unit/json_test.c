#include <math.h>

#include "core/json.h"
#include "tap.h"

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
    return done_testing();
}
