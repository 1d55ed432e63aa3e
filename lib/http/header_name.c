#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "http/parse.h"

/* RFC 9110 token characters, the only bytes a header name may hold. */
static bool
is_tchar(unsigned char c)
{
    return isalnum(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

bool
http_header_param_name(const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name), at = 0;
    const char *prefix = "HTTP_";

    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_tchar((unsigned char)name[i]))
            return false;
    /* CGI passes these two without the HTTP_ prefix. */
    if (strcasecmp(name, "Content-Type") == 0 || strcasecmp(name, "Content-Length") == 0)
        prefix = "";
    size_t plen = strlen(prefix);
    if (plen + n + 1 > outlen)
        return false;
    memcpy(out, prefix, plen);
    at = plen;
    for (size_t i = 0; i < n; i++)
        out[at++] = name[i] == '-' ? '_' : (char)toupper((unsigned char)name[i]);
    out[at] = '\0';
    return true;
}
