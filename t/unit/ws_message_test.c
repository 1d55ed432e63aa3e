/* wsd's JSON texts: ping-pong message checks, what is published, the
 * pong's server_send_pong, the error and auth frames. */
#include "ws/message.h"

#include <string.h>

#include "tap.h"

static str_t
text(const buf_t *b)
{
    return (str_t){b->data, b->len};
}

static void
test_ping_parse(void)
{
    static const char *const bad[] = {
        "",
        "[]",
        "\"ping\"",
        "{\"message\":1,\"sender\":2}",
        "{\"message\":1,\"ts\":\"12\",\"sender\":2}",
        "{\"ts\":1,\"sender\":2}",
        "{\"message\":1,\"ts\":1}",
        "{\"message\":1,\"ts\":1,\"sender\":2} x",
        "{\"message\":1,\"ts\":1,\"sender\":2",
        "{\"message\":1,\"ts\":null,\"sender\":2}",
        "{\"message\":NaN,\"ts\":1,\"sender\":2}",
        "{\"message\":1,\"ts\":1,\"sender\":-Infinity}",
        "{\"message\":{\"a\":[1,{\"b\":Infinity}]},\"ts\":1,\"sender\":2}",
        "{\"message\":1,\"ts\":1,\"sender\":[1e999]}",
        "{\"message\":1,\"ts\":NaN,\"sender\":2}",
        "{\"message\":1,\"ts\":1,\"sender\":2,}",
    };
    ws_ping_t p;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok(ws_ping_parse(&p, bad[i], strlen(bad[i]), NULL) == -1, "refused: %s", bad[i]);
    const char *good = "{\"message\":{\"a\":[1,\"/\"]},\"ts\":1700000000123.5,\"sender\":null}";
    ok(ws_ping_parse(&p, good, strlen(good), "a@b.c") == 0, "a well-formed ping is accepted");
    buf_t out;
    buf_init(&out);
    ws_ping_published(&out, &p, 42, 1700000000200.25);
    is_str(text(&out),
           "{\"message\":{\"a\":[1,\"/\"]},\"sender\":null,\"user\":\"a@b.c\",\"cached_value\":42,"
           "\"server_recv_ping\":1700000000200.250,\"vue_ping\":1700000000123.5}",
           "the published JSON keeps message, sender and ts as sent");
    ws_ping_free(&p);
    buf_reset(&out);
    const char *anon = "{\"sender\":\"s\",\"ts\":7,\"message\":\"hi\",\"extra\":1}";
    ok(ws_ping_parse(&p, anon, strlen(anon), NULL) == 0, "extra members are ignored");
    ws_ping_published(&out, &p, 3, 0);
    is_str(text(&out),
           "{\"message\":\"hi\",\"sender\":\"s\",\"user\":null,\"cached_value\":3,"
           "\"server_recv_ping\":0.000,\"vue_ping\":7}",
           "an anonymous caller's user is null");
    ws_ping_free(&p);
    buf_free(&out);
}

static void
test_pong_build(void)
{
    buf_t out;
    buf_init(&out);
    const char *pub = "{\"message\":\",\\\"vue_ping\\\":\",\"sender\":1,\"user\":null,"
                      "\"cached_value\":3,\"server_recv_ping\":1.000,\"vue_ping\":5}";
    ok(ws_pong_build(&out, pub, strlen(pub), 2.5) == 0, "a published ping becomes a pong");
    is_str(text(&out),
           "{\"message\":\",\\\"vue_ping\\\":\",\"sender\":1,\"user\":null,\"cached_value\":3,"
           "\"server_recv_ping\":1.000,\"server_send_pong\":2.500,\"vue_ping\":5}",
           "server_send_pong goes before the last vue_ping, not one inside message");
    static const char *const bad[] = {"", "{}", "{\"vue_ping\":5}", "{\"a\":1,\"vue_ping\":5",
                                      "not json at all, \"vue_ping\":"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        buf_reset(&out);
        ok(ws_pong_build(&out, bad[i], strlen(bad[i]), 1) == -1, "not a ping: %s", bad[i]);
    }
    buf_reset(&out);
    ws_error_json(&out, "bad \"thing\"");
    is_str(text(&out), "{\"type\":\"error\",\"detail\":\"bad \\\"thing\\\"\"}", "error frame");
    buf_reset(&out);
    ws_auth_ok_json(&out, 17);
    is_str(text(&out), "{\"type\":\"auth\",\"ok\":true,\"user_id\":17}", "auth acknowledgement");
    buf_free(&out);
}

int
main(void)
{
    test_ping_parse();
    test_pong_build();
    return done_testing();
}
