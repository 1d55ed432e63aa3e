/* Django-style CSRF for cookie sessions: the `csrftoken` cookie holds a
 * random token the page's script can read; an unsafe request (POST, PUT,
 * PATCH, DELETE) made with the session cookie must repeat it in the
 * X-CSRFToken header. A site that is not ours cannot read the cookie, so it
 * cannot forge the header. */
#ifndef AUTH_CSRF_H
#define AUTH_CSRF_H

#include <stdbool.h>

#include "core/str.h"

enum { CSRF_TOKEN_LEN = 64 };

/* A new token (64 characters of [a-zA-Z0-9]). 0, or -1 on RNG failure. */
int csrf_new_token(char token[CSRF_TOKEN_LEN + 1]);

/* True when the method changes state (everything but GET, HEAD, OPTIONS, TRACE). */
bool csrf_method_unsafe(str_t method);

/* NULL when header matches cookie (constant time), else the reason, in
 * Django's words: "CSRF cookie not set.", "CSRF token missing.",
 * "CSRF token incorrect." */
const char *csrf_check(str_t cookie, str_t header);

#endif
