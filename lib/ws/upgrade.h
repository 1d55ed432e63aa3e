/* The RFC 6455 request headers lws 4.1 does not check itself: it answers
 * 101 to a missing or malformed Sec-WebSocket-Key and to any
 * Sec-WebSocket-Version. */
#ifndef WS_UPGRADE_H
#define WS_UPGRADE_H

#include <stdbool.h>

#include "core/str.h"

/* Whether key is the base64 of 16 bytes: 22 base64 characters, "==". */
bool ws_upgrade_key_valid(str_t key);

/* Whether the client speaks version 13 (the only one RFC 6455 defines). */
bool ws_upgrade_version_ok(str_t version);

#endif
