/* The handshake's Sec-WebSocket-Key and Sec-WebSocket-Version checks
 * (ws/upgrade.h). */
#include "ws/upgrade.h"

#include "tap.h"

/* One decision: a check, its input, the expected answer. */
typedef struct {
    bool (*check)(str_t);
    const char *input;
    bool want;
    const char *why;
} decision_t;

static const decision_t decisions[] = {
    {ws_upgrade_key_valid, "dGhlIHNhbXBsZSBub25jZQ==", true, "RFC 6455's sample key"},
    {ws_upgrade_key_valid, "AAAAAAAAAAAAAAAAAAAA+/==", true, "+ and / are base64"},
    {ws_upgrade_key_valid, "", false, "an empty key"},
    {ws_upgrade_key_valid, "dGhlIHNhbXBsZSBub25jZQ", false, "no padding"},
    {ws_upgrade_key_valid, "dGhlIHNhbXBsZSBub25jZXg=", false, "17 bytes"},
    {ws_upgrade_key_valid, "dGhlIHNhbXBsZSBub25j", false, "15 bytes"},
    {ws_upgrade_key_valid, "dGhlIHNhbXBsZSBub2-jZQ==", false, "a non-base64 byte"},
    {ws_upgrade_version_ok, "13", true, "version 13"},
    {ws_upgrade_version_ok, " 13 ", true, "version 13 with spaces"},
    {ws_upgrade_version_ok, "12", false, "version 12"},
    {ws_upgrade_version_ok, "", false, "no version"},
    {ws_upgrade_version_ok, "13, 8", false, "a list of versions"},
};

int
main(void)
{
    for (size_t i = 0; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
        const decision_t *d = &decisions[i];
        is_int(d->check(str_from_cstr(d->input)), d->want, "%s: \"%s\" %s", d->why, d->input,
               d->want ? "passes" : "is refused");
    }
    return done_testing();
}
