/* Checks of the upgrade request's headers (upgrade.h). */
#include "ws/upgrade.h"

#include <string.h>

static bool
base64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

bool
ws_upgrade_key_valid(str_t key)
{
    if (key.len != 24 || memcmp(key.p + 22, "==", 2) != 0)
        return false;
    for (size_t i = 0; i < 22; i++)
        if (!base64_char(key.p[i]))
            return false;
    return true;
}

bool
ws_upgrade_version_ok(str_t version)
{
    return str_eq_cstr(str_trim(version), "13");
}
