/* wsd's pure pieces around the wire: ping-pong message checks and the
 * pong's server_send_pong, nginx's percent-encoded identity, and which
 * Origin and Host headers the handshake lets through. */
#include "ws/identity.h"
#include "ws/message.h"
#include "ws/upgrade.h"

#include <string.h>

#include "core/settings.h"
#include "http/host.h"
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

static void
test_percent_decode(void)
{
    char out[32];
    is_int(ws_percent_decode(STR_LIT("a.b@c_d+e-f"), out, sizeof(out)), 11, "plain bytes pass");
    is_str(str_from_cstr(out), "a.b@c_d+e-f", "unchanged");
    is_int(ws_percent_decode(STR_LIT("%C3%A9t%c3%a9%20x"), out, sizeof(out)), 7, "escapes decode");
    is_str(str_from_cstr(out), "\xc3\xa9t\xc3\xa9 x", "either case of hex digits");
    is_int(ws_percent_decode(STR_LIT(""), out, sizeof(out)), 0, "empty is empty");
    is_int(ws_percent_decode(STR_LIT("%"), out, sizeof(out)), -1,
           "a lone percent sign is malformed");
    is_int(ws_percent_decode(STR_LIT("ab%4"), out, sizeof(out)), -1, "a short escape is malformed");
    is_int(ws_percent_decode(STR_LIT("%zz"), out, sizeof(out)), -1, "non-hex is malformed");
    is_int(ws_percent_decode(STR_LIT("a%00b"), out, sizeof(out)), -1, "a NUL byte is refused");
    is_int(ws_percent_decode(STR_LIT("abcd"), out, 4), -1, "no room for the NUL: refused");
    is_int(ws_percent_decode(STR_LIT("abc"), out, 4), 3, "exactly enough room");
    is_int(ws_user_id_parse(STR_LIT("")), 0, "empty user id: anonymous");
    is_int(ws_user_id_parse(STR_LIT("42")), 42, "a user id");
    is_int(ws_user_id_parse(STR_LIT("0")), -1, "0 is no user id");
    is_int(ws_user_id_parse(STR_LIT("-3")), -1, "negative is malformed");
    is_int(ws_user_id_parse(STR_LIT("4x")), -1, "trailing junk is malformed");
}

/* One decision of the handshake: a check, its input, the expected answer. */
typedef struct {
    bool (*check)(str_t);
    const char *allowed_hosts; /* NULL: the upgrade checks need none */
    const char *input;
    bool want;
    const char *why;
} decision_t;

static const decision_t decisions[] = {
    {http_origin_allowed, "localhost,.example.com", "http://localhost:8080", true, "any port"},
    {http_origin_allowed, "localhost,.example.com", "https://app.example.com", true, "subdomain"},
    {http_origin_allowed, "localhost,.example.com", "https://evil.com", false, "another site"},
    {http_origin_allowed, "localhost,.example.com", "https://example.com.evil.com", false,
     "a suffix trick"},
    {http_origin_allowed, "localhost,.example.com", "", false, "no Origin without *"},
    {http_origin_allowed, "localhost,.example.com", "null", false, "Origin null without *"},
    {http_origin_allowed, "localhost,.example.com", "file://localhost", false, "non-http scheme"},
    {http_host_allowed, "localhost,.example.com", "localhost:9000", true, "Host with a port"},
    {http_host_allowed, "localhost,.example.com", "evil.com", false, "Host of another site"},
    {http_origin_allowed, "*", "", true, "with * a missing Origin"},
    {http_origin_allowed, "*", "https://evil.com", true, "with * any Origin"},
    {ws_upgrade_key_valid, NULL, "dGhlIHNhbXBsZSBub25jZQ==", true, "RFC 6455's sample key"},
    {ws_upgrade_key_valid, NULL, "AAAAAAAAAAAAAAAAAAAA+/==", true, "+ and / are base64"},
    {ws_upgrade_key_valid, NULL, "", false, "an empty key"},
    {ws_upgrade_key_valid, NULL, "dGhlIHNhbXBsZSBub25jZQ", false, "no padding"},
    {ws_upgrade_key_valid, NULL, "dGhlIHNhbXBsZSBub25jZXg=", false, "17 bytes"},
    {ws_upgrade_key_valid, NULL, "dGhlIHNhbXBsZSBub25j", false, "15 bytes"},
    {ws_upgrade_key_valid, NULL, "dGhlIHNhbXBsZSBub2-jZQ==", false, "a non-base64 byte"},
    {ws_upgrade_version_ok, NULL, "13", true, "version 13"},
    {ws_upgrade_version_ok, NULL, " 13 ", true, "version 13 with spaces"},
    {ws_upgrade_version_ok, NULL, "12", false, "version 12"},
    {ws_upgrade_version_ok, NULL, "", false, "no version"},
    {ws_upgrade_version_ok, NULL, "13, 8", false, "a list of versions"},
};

static void
test_decisions(void)
{
    for (size_t i = 0; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
        const decision_t *d = &decisions[i];
        if (d->allowed_hosts != NULL)
            settings.allowed_hosts = d->allowed_hosts;
        is_int(d->check(str_from_cstr(d->input)), d->want, "%s: \"%s\" %s", d->why, d->input,
               d->want ? "passes" : "is refused");
    }
}

int
main(void)
{
    test_decisions();
    test_ping_parse();
    test_pong_build();
    test_percent_decode();
    return done_testing();
}
