/* worker-ctl collectstatic: the built static tree (STATIC_ROOT) to the S3
 * bucket CloudFront serves it from (AWS_STATIC_BUCKET), each file under the
 * key of the URL path nginx serves it at, so that CloudFront can route a
 * path to the bucket or to nginx and get the same file:
 *
 *     STATIC_ROOT/<SPA_MODE>/F   -> F            (the SPA: /, /assets/...)
 *     STATIC_ROOT/api-docs/F     -> api/docs/F   (/api/docs/)
 *     STATIC_ROOT/graphiql/index.html            never (DEBUG-only page)
 *     STATIC_ROOT/F              -> static/F     (/static/: admin, graphiql,
 *                                                 robots.txt)
 *
 * The other SPA build (spa when SPA_MODE=pwa, and the reverse) and names
 * starting with '.' are left out. Idempotent: each key is asked with
 * HeadObject first and put only when its ETag (the MD5 of a single PUT),
 * Content-Type or Cache-Control differ from what would be sent. */
#ifndef STORAGE_COLLECTSTATIC_H
#define STORAGE_COLLECTSTATIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

enum {
    COLLECT_MAX_KEY = 1024,             /* S3's limit, in bytes of UTF-8 */
    COLLECT_MAX_FILE = 64 * 1024 * 1024 /* one PutObject read whole into memory */
};

/* The object key for rel (a path relative to STATIC_ROOT, '/'-separated):
 * 1 with the key appended to key, 0 when the file is not published. */
int collectstatic_key(const char *rel, const char *spa_mode, buf_t *key);

/* Content-Type for key, by its extension (application/octet-stream when
 * unknown). */
const char *collectstatic_content_type(const char *key);

/* Cache-Control for key: "no-cache" for what names other files (HTML, the
 * service worker, the manifest), a year and immutable under assets/ (the
 * build's hashed names), an hour otherwise (as nginx's /static/). */
const char *collectstatic_cache_control(const char *key);

/* NULL when key is one S3 takes and CloudFront can route, else why not. */
const char *collectstatic_bad_key(const char *key);

typedef struct {
    size_t files;     /* found in the tree, to publish */
    size_t uploaded;  /* put */
    size_t unchanged; /* already there as they are */
} collect_counts_t;

/* The whole run with the settings: reads the tree first (any unreadable
 * directory, bad name or file too large stops it before a single upload),
 * then HEAD + PUT per file. One line per upload on out. 0, or -1 with one
 * line in err; *counts says how far it got either way. */
int collectstatic_run(FILE *out, collect_counts_t *counts, char *err, size_t errlen);

#endif
