/* Who a websocket client is, as nginx tells wsd: X-Ws-User-Id (a decimal
 * user id > 0, or empty) and X-Ws-User-Email (percent-encoded: every byte
 * outside A-Za-z0-9.@_+- is %XX). Empty or absent: anonymous. */
#ifndef WS_IDENTITY_H
#define WS_IDENTITY_H

#include <stddef.h>

#include "core/str.h"

/* Decodes %XX escapes of in into out (NUL-terminated). Returns the decoded
 * length, or -1 on a malformed escape, a decoded NUL byte, or an out too
 * small for the result and its NUL. */
long ws_percent_decode(str_t in, char *out, size_t outlen);

/* The largest user id: 2^53 - 1, the largest integer a JavaScript number
 * (the browser's view of user_id) holds exactly. */
#define WS_USER_ID_MAX 9007199254740991LL

/* The user id of an X-Ws-User-Id value or of a ws:user:<id> channel's
 * suffix: 0 when empty (anonymous), -1 when it is not a decimal number from
 * 1 to WS_USER_ID_MAX. */
long long ws_user_id_parse(str_t value);

#endif
