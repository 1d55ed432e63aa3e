/* The ALLOWED_HOSTS decisions on Host and Origin headers (http/host.h),
 * as wsd's handshake makes them. */
#include "http/host.h"

#include "core/settings.h"
#include "tap.h"

/* One decision: a check, ALLOWED_HOSTS, its input, the expected answer. */
typedef struct {
    bool (*check)(str_t);
    const char *allowed_hosts;
    const char *input;
    bool want;
    const char *why;
} decision_t;

static const decision_t decisions[] = {
    {http_origin_allowed, "localhost,.example.com", "http://localhost:8080", true, "any port"},
    {http_origin_allowed, "localhost,.example.com", "https://app.example.com", true, "subdomain"},
    {http_origin_allowed, "localhost,.example.com", "https://evil.com", false, "another site"},
    {http_origin_allowed, "localhost,.example.com", "https://example.com.evil.com", false,
     "a suffix trick"},
    {http_origin_allowed, "localhost,.example.com", "", false, "no Origin without *"},
    {http_origin_allowed, "localhost,.example.com", "null", false, "Origin null without *"},
    {http_origin_allowed, "localhost,.example.com", "file://localhost", false, "non-http scheme"},
    {http_host_allowed, "localhost,.example.com", "localhost:9000", true, "Host with a port"},
    {http_host_allowed, "localhost,.example.com", "evil.com", false, "Host of another site"},
    {http_origin_allowed, "localhost,.example.com", "http://localhost.evil.com", false,
     "a host that only starts like an allowed one"},
    {http_origin_allowed, "localhost,.example.com", "http://evil.com@localhost", false,
     "user info (no browser sends it)"},
    {http_origin_allowed, "localhost,.example.com", "http://localhost:8080/path", false,
     "a path (no Origin has one)"},
    {http_origin_allowed, "localhost,.example.com", "HTTP://LOCALHOST", true,
     "scheme and host in capitals"},
    {http_origin_allowed, "*", "", true, "with * a missing Origin"},
    {http_origin_allowed, "*", "https://evil.com", true, "with * any Origin"},
};

int
main(void)
{
    for (size_t i = 0; i < sizeof(decisions) / sizeof(decisions[0]); i++) {
        const decision_t *d = &decisions[i];
        settings.allowed_hosts = d->allowed_hosts;
        is_int(d->check(str_from_cstr(d->input)), d->want, "%s: \"%s\" %s", d->why, d->input,
               d->want ? "passes" : "is refused");
    }
    return done_testing();
}
