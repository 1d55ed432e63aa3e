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

/* The user id of an X-Ws-User-Id value: 0 when empty (anonymous), -1 when
 * it is not a decimal number > 0. */
long long ws_user_id_parse(str_t value);

#endif
