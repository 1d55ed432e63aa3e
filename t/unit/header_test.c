/* Header names to the FastCGI parameters nginx sends them in. */
#include "http/parse.h"
#include "tap.h"

static void
maps(const char *name, const char *want)
{
    char out[64] = "untouched";
    bool okay = http_header_param_name(name, out, sizeof(out));
    ok(okay && strcmp(out, want) == 0, "%s -> %s (got %s)", name, want, out);
}

static void
refuses(const char *name, size_t outlen, const char *why)
{
    char out[64] = "untouched";
    bool okay = http_header_param_name(name, out, outlen);
    ok(!okay && strcmp(out, "untouched") == 0, "refused: %s", why);
}

int
main(void)
{
    maps("X-CSRFToken", "HTTP_X_CSRFTOKEN");
    maps("Authorization", "HTTP_AUTHORIZATION");
    maps("authorization", "HTTP_AUTHORIZATION");
    maps("Content-Type", "CONTENT_TYPE");
    maps("content-length", "CONTENT_LENGTH");
    maps("X-Request-ID", "HTTP_X_REQUEST_ID");
    maps("User-Agent", "HTTP_USER_AGENT");
    maps("Cookie", "HTTP_COOKIE");
    maps("a", "HTTP_A");
    maps("X~Odd!Name", "HTTP_X~ODD!NAME");
    refuses("", 64, "empty name");
    refuses("X Y", 64, "a space");
    refuses("X:Y", 64, "a colon");
    refuses("X\r\nY", 64, "a line break");
    refuses("\xc3\xa9t\xc3\xa9", 64, "non-ASCII bytes");
    refuses("Authorization", 18, "does not fit (needs 19 bytes)");
    char exact[19];
    ok(http_header_param_name("Authorization", exact, sizeof(exact)) &&
           strcmp(exact, "HTTP_AUTHORIZATION") == 0,
       "fits exactly in 19 bytes");
    char big[1100];
    memset(big, 'A', 1000);
    big[1000] = '\0';
    refuses(big, 64, "a 1000-byte name");
    return done_testing();
}
