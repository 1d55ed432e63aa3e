/* Decoding nginx's identity headers (identity.h). */
#include "ws/identity.h"

long
ws_percent_decode(str_t in, char *out, size_t outlen)
{
    size_t n = 0;
    for (size_t i = 0; i < in.len; i++) {
        int c = (unsigned char)in.p[i];
        if (c == '%') {
            int hi = i + 2 < in.len ? str_hex_digit(in.p[i + 1]) : -1;
            int lo = hi >= 0 ? str_hex_digit(in.p[i + 2]) : -1;
            if (lo < 0 || (hi | lo) == 0)
                return -1;
            c = hi * 16 + lo;
            i += 2;
        }
        if (n + 1 >= outlen)
            return -1;
        out[n++] = (char)c;
    }
    if (outlen == 0)
        return -1;
    out[n] = '\0';
    return (long)n;
}

long long
ws_user_id_parse(str_t value)
{
    long id;
    if (value.len == 0)
        return 0;
    if (!str_to_long(value, 1, WS_USER_ID_MAX, &id))
        return -1;
    return id;
}
