/* storage/collectstatic.c's pure parts: which key a file gets (the URL
 * path nginx serves it at), its Content-Type and Cache-Control, and which
 * names are refused before any upload. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "storage/collectstatic.h"
#include "tap.h"

/* The key for rel, or "-" when it is not published. */
static const char *
key_of(const char *rel, const char *spa_mode)
{
    static char out[2048];
    buf_t b;

    buf_init(&b);
    if (collectstatic_key(rel, spa_mode, &b) == 1)
        snprintf(out, sizeof(out), "%s", buf_cstr(&b));
    else
        snprintf(out, sizeof(out), "-");
    buf_free(&b);
    return out;
}

#define KEY(rel, mode, want)                                                                       \
    is_str(str_from_cstr(key_of(rel, mode)), want, rel " (" mode ") -> " want)

int
main(void)
{
    KEY("pwa/index.html", "pwa", "index.html");
    KEY("pwa/assets/index-1a2b.js", "pwa", "assets/index-1a2b.js");
    KEY("spa/assets/index-1a2b.js", "pwa", "-");
    KEY("spa/index.html", "spa", "index.html");
    KEY("pwa/sw.js", "spa", "-");
    KEY("spaceship/a.css", "spa", "static/spaceship/a.css");
    KEY("api-docs/index.html", "pwa", "api/docs/index.html");
    KEY("graphiql/index.html", "pwa", "-");
    KEY("graphiql/assets/g-1.js", "pwa", "static/graphiql/assets/g-1.js");
    KEY("admin/admin.css", "pwa", "static/admin/admin.css");
    KEY("robots.txt", "pwa", "static/robots.txt");
    KEY(".gitkeep", "pwa", "-");
    KEY("pwa/.sources", "pwa", "-");
    KEY("admin/.hidden/a.css", "pwa", "-");
    KEY("admin/a.b.css", "pwa", "static/admin/a.b.css");

    struct {
        const char *key, *type;
    } types[] = {
        {"index.html", "text/html; charset=utf-8"},
        {"assets/a.JS", "text/javascript; charset=utf-8"},
        {"assets/a.css", "text/css; charset=utf-8"},
        {"manifest.json", "application/json"},
        {"site.webmanifest", "application/manifest+json"},
        {"icons/i.svg", "image/svg+xml"},
        {"icons/i.png", "image/png"},
        {"favicon.ico", "image/x-icon"},
        {"fonts/f.woff2", "font/woff2"},
        {"static/robots.txt", "text/plain; charset=utf-8"},
        {"static/.css", "application/octet-stream"},
        {"static/noext", "application/octet-stream"},
        {"static/dir.js/noext", "application/octet-stream"},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        is_str(str_from_cstr(collectstatic_content_type(types[i].key)), types[i].type, "%s",
               types[i].key);

    const char *immutable = "public, max-age=31536000, immutable";
    const char *hour = "public, max-age=3600";
    struct {
        const char *key, *cache;
    } caches[] = {
        {"index.html", "no-cache"},          {"api/docs/index.html", "no-cache"},
        {"assets/x.html", "no-cache"},       {"sw.js", "no-cache"},
        {"manifest.json", "no-cache"},       {"site.webmanifest", "no-cache"},
        {"assets/index-1a2b.js", immutable}, {"static/graphiql/assets/g-1.js", immutable},
        {"workbox-6cc66fb0.js", hour},       {"static/admin/admin.css", hour},
        {"static/assets.txt", hour},
    };
    for (size_t i = 0; i < sizeof(caches) / sizeof(caches[0]); i++)
        is_str(str_from_cstr(collectstatic_cache_control(caches[i].key)), caches[i].cache, "%s",
               caches[i].key);

    ok(collectstatic_bad_key("static/admin/a b+ü%.svg") == NULL, "spaces, + and UTF-8 are fine");
    ok(collectstatic_bad_key("static/bad\xff") != NULL, "not UTF-8");
    ok(collectstatic_bad_key("static/\xc0\xaf") != NULL, "an overlong UTF-8 form");
    ok(collectstatic_bad_key("static/\xed\xa0\x80") != NULL, "a UTF-16 surrogate");
    ok(collectstatic_bad_key("static/a\tb") != NULL, "a control character");
    ok(collectstatic_bad_key("static/a\x7f") != NULL, "DEL");
    ok(collectstatic_bad_key("static/a?b") != NULL, "'?'");
    ok(collectstatic_bad_key("static/a#b") != NULL, "'#'");
    ok(collectstatic_bad_key("static/a\\b") != NULL, "a backslash");
    char *longest = malloc(COLLECT_MAX_KEY + 2);
    memset(longest, 'k', COLLECT_MAX_KEY);
    longest[COLLECT_MAX_KEY] = '\0';
    ok(collectstatic_bad_key(longest) == NULL, "a key of exactly 1024 bytes");
    longest[COLLECT_MAX_KEY] = 'k';
    longest[COLLECT_MAX_KEY + 1] = '\0';
    ok(collectstatic_bad_key(longest) != NULL, "1025 bytes");
    free(longest);
    return done_testing();
}
