#include "auth/random.h"

#include <openssl/rand.h>

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

int
random_token(char *out, size_t len)
{
    unsigned char bytes[64];
    size_t filled = 0;

    while (filled < len) {
        if (RAND_bytes(bytes, sizeof(bytes)) != 1)
            return -1;
        for (size_t i = 0; i < sizeof(bytes) && filled < len; i++)
            if (bytes[i] < 248) /* 248 = 62 * 4: keeps the draw uniform */
                out[filled++] = alphabet[bytes[i] % 62];
    }
    out[len] = '\0';
    return 0;
}
