/* queue/inspect_read.h and kv/pipeline.h on hostile or empty input: the
 * replies are built by hand, as Redis could send them for keys anyone
 * may have written. */
#include <string.h>

#include "core/arena.h"
#include "kv/pipeline.h"
#include "queue/inspect_read.h"
#include "tap.h"

static redisReply
string_reply(const char *s)
{
    return (redisReply){.type = REDIS_REPLY_STRING, .str = (char *)s, .len = strlen(s)};
}

static void
test_copy_text(inspect_copy_t *c)
{
    redisReply abc = string_reply("abcdef"), empty = string_reply("");
    redisReply number = {.type = REDIS_REPLY_INTEGER, .integer = 7};
    str_t s = inspect_copy_text(c, NULL, 0);
    ok(s.p == NULL, "no reply: absent");
    ok(inspect_copy_text(c, &number, 0).p == NULL, "an integer reply is not text");
    s = inspect_copy_text(c, &empty, 4);
    ok(s.p != NULL && s.len == 0, "an empty string is present");
    s = inspect_copy_text(c, &abc, 0);
    is_str(s, "abcdef", "no limit: whole");
    s = inspect_copy_text(c, &abc, 6);
    is_str(s, "abcdef", "exactly at the limit: whole");
    s = inspect_copy_text(c, &abc, 4);
    is_str(s, "abcd\xe2\x80\xa6", "past the limit: cut, with an ellipsis");
    is_int((long long)s.len, 7, "its length counts the ellipsis");
}

static void
test_copy_num(void)
{
    const char *refused[] = {
        "",     " 1",  "1 ",
        "inf",  "nan", "1e999",
        "0x10", "1,5", "12345678901234567890123456789012345678901234567890123456789012345"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        redisReply v = string_reply(refused[i]);
        ok(!inspect_copy_num(&v).set, "not a number: '%s'", refused[i]);
    }
    redisReply v = string_reply("-12.5");
    inspect_num_t n = inspect_copy_num(&v);
    ok(n.set && n.v == -12.5, "a decimal number");
    ok(!inspect_copy_num(NULL).set, "absent");
}

static void
test_copy_value(inspect_copy_t *c)
{
    redisReply array = string_reply("[1,\"x\"]"), null = string_reply("null");
    redisReply nan = string_reply("[NaN]"), twice = string_reply("1 2"), cut = string_reply("[1,");
    inspect_value_t v = inspect_copy_value(c, &array, 0);
    ok(v.parsed && json_object_array_length(v.json) == 2, "JSON text parses");
    v = inspect_copy_value(c, &array, 3);
    ok(!v.parsed && v.text.len == 3 + 3, "JSON past the limit is cut text");
    v = inspect_copy_value(c, &null, 0);
    ok(v.parsed && v.json == NULL, "a JSON null");
    v = inspect_copy_value(c, &nan, 0);
    ok(!v.parsed && str_eq_cstr(v.text, "[NaN]"), "NaN is not JSON: text");
    ok(!inspect_copy_value(c, &twice, 0).parsed, "two values are not one JSON text");
    ok(!inspect_copy_value(c, &cut, 0).parsed, "unterminated JSON is text");
    v = inspect_copy_value(c, NULL, 0);
    ok(!v.parsed && v.text.p == NULL, "absent");
}

static void
test_replies(void)
{
    char err[64] = "";
    redisReply wrongtype = {.type = REDIS_REPLY_ERROR, .str = "WRONGTYPE x", .len = 11};
    redisReply loading = {.type = REDIS_REPLY_ERROR, .str = "LOADING x", .len = 9};
    ok(inspect_reply_failed(NULL, err, sizeof(err)), "no reply failed");
    ok(!inspect_reply_failed(&wrongtype, err, sizeof(err)), "a wrong-typed key reads as empty");
    ok(inspect_reply_failed(&loading, err, sizeof(err)) && strstr(err, "LOADING"),
       "another error fails, with Redis's message");

    redisReply k = string_reply("state"), odd[] = {k}, *odd_elems[] = {&odd[0]};
    redisReply h = {.type = REDIS_REPLY_ARRAY, .elements = 1, .element = odd_elems};
    ok(inspect_hash_get(&h, "state") == NULL && inspect_hash_empty(&h),
       "a field without a value is absent");
    ok(inspect_hash_get(&wrongtype, "state") == NULL, "not a hash: absent");

    long long ms = 0;
    redisReply huge = string_reply("1e300"), integer = {.type = REDIS_REPLY_INTEGER, .integer = 5};
    ok(!inspect_reply_ms(&huge, &ms), "milliseconds past 2^53 are absurd");
    ok(inspect_reply_ms(&integer, &ms) && ms == 5, "an integer reply");
}

static void
test_pipeline_empty(void)
{
    char err[64] = "";
    redisReply *none[1] = {NULL};
    is_int(kv_pipe_collect(NULL, 0, none, err, sizeof(err)), 0,
           "collecting no reply does not touch the connection");
    kv_pipe_free(none, 1);
    kv_pipe_free(NULL, 0);
    ok(true, "freeing NULL entries and none at all");

    redisContext *broken = redisConnectUnix("/nonexistent/redis.sock");
    redisReply *two[2] = {NULL, NULL};
    ok(broken && broken->err, "a connection that failed");
    is_int(kv_pipe_collect(broken, 2, two, err, sizeof(err)), -1, "collecting on it fails");
    ok(strncmp(err, "Redis: ", 7) == 0 && two[0] == NULL && two[1] == NULL,
       "with a reason, and no reply held");
    redisFree(broken);
}

int
main(void)
{
    arena_t *a = arena_new(4096);
    inspect_copy_t c = {a, false};
    test_copy_text(&c);
    test_copy_num();
    test_copy_value(&c);
    ok(!c.oom, "nothing ran out of memory");
    test_replies();
    test_pipeline_empty();
    arena_free(a);
    return done_testing();
}
