/* nginx's identity headers as wsd reads them: the percent-encoded email
 * and the user id. */
#include "ws/identity.h"

#include "tap.h"

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
}

static void
test_user_id(void)
{
    is_int(ws_user_id_parse(STR_LIT("")), 0, "empty user id: anonymous");
    is_int(ws_user_id_parse(STR_LIT("42")), 42, "a user id");
    is_int(ws_user_id_parse(STR_LIT("0")), -1, "0 is no user id");
    is_int(ws_user_id_parse(STR_LIT("-3")), -1, "negative is malformed");
    is_int(ws_user_id_parse(STR_LIT("4x")), -1, "trailing junk is malformed");
    is_int(ws_user_id_parse(STR_LIT("9007199254740991")), WS_USER_ID_MAX, "the largest id");
    is_int(ws_user_id_parse(STR_LIT("9007199254740992")), -1, "one more is malformed");
}

int
main(void)
{
    test_percent_decode();
    test_user_id();
    return done_testing();
}
