/* Random tokens for session keys, CSRF secrets and unusable passwords. */
#ifndef AUTH_RANDOM_H
#define AUTH_RANDOM_H

#include <stddef.h>

/* Fills out with len characters from [a-zA-Z0-9] (OpenSSL's RAND_bytes,
 * rejection-sampled so every character is equally likely) and a NUL.
 * Returns 0, or -1 when the random generator fails. */
int random_token(char *out, size_t len);

#endif
