/* worker-ctl collectstatic (see collectstatic.h). */
#include "storage/collectstatic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/settings.h"
#include "core/str.h"
#include "storage/storage.h"

enum { MAX_DEPTH = 32 };

static const char immutable[] = "public, max-age=31536000, immutable";
static const char no_cache[] = "no-cache";
static const char one_hour[] = "public, max-age=3600";

static bool
starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
collectstatic_key(const char *rel, const char *spa_mode, buf_t *key)
{
    const char *other = strcmp(spa_mode, "pwa") == 0 ? "spa/" : "pwa/";
    size_t spa_len = strlen(spa_mode);

    for (const char *p = rel; *p; p++)
        if ((p == rel || p[-1] == '/') && *p == '.')
            return 0; /* hidden: .gitkeep, .DS_Store, .vite/ */
    if (starts_with(rel, other) || strcmp(rel, "graphiql/index.html") == 0)
        return 0;
    if (strncmp(rel, spa_mode, spa_len) == 0 && rel[spa_len] == '/')
        buf_puts(key, rel + spa_len + 1);
    else if (starts_with(rel, "api-docs/"))
        buf_printf(key, "api/docs/%s", rel + strlen("api-docs/"));
    else
        buf_printf(key, "static/%s", rel);
    return 1;
}

const char *
collectstatic_content_type(const char *key)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"xml", "application/xml"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"avif", "image/avif"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"wasm", "application/wasm"},
        {"pdf", "application/pdf"},
    };
    const char *slash = strrchr(key, '/'), *name = slash ? slash + 1 : key;
    const char *dot = strrchr(name, '.');

    if (dot != NULL && dot != name)
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
            if (strcasecmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

const char *
collectstatic_cache_control(const char *key)
{
    static const char *const fresh[] = {"sw.js", "service-worker.js", "registerSW.js",
                                        "manifest.json"};
    const char *slash = strrchr(key, '/'), *name = slash ? slash + 1 : key;
    size_t n = strlen(name);

    if ((n >= 5 && strcasecmp(name + n - 5, ".html") == 0) ||
        (n >= 12 && strcasecmp(name + n - 12, ".webmanifest") == 0))
        return no_cache;
    for (size_t i = 0; i < sizeof(fresh) / sizeof(fresh[0]); i++)
        if (strcmp(name, fresh[i]) == 0)
            return no_cache;
    if (starts_with(key, "assets/") || strstr(key, "/assets/") != NULL)
        return immutable;
    return one_hour;
}

const char *
collectstatic_bad_key(const char *key)
{
    const unsigned char *p = (const unsigned char *)key;
    size_t len = strlen(key);

    if (len > COLLECT_MAX_KEY)
        return "its key is longer than S3's 1024 bytes";
    while (*p) {
        size_t n = str_utf8_len((const char *)p, len - (size_t)(p - (const unsigned char *)key));
        if (n == 0)
            return "its name is not UTF-8";
        if (*p < 0x20 || *p == 0x7f)
            return "its name holds a control character";
        /* CloudFront never passes a path with these to the bucket as such. */
        if (*p == '?' || *p == '#' || *p == '\\')
            return "its name holds '?', '#' or '\\', which a URL path cannot carry as is";
        p += n;
    }
    return NULL;
}

/* One file to publish. */
typedef struct {
    char *path; /* to open */
    char *key;
    off_t size;
} item_t;

typedef struct {
    item_t *items;
    size_t n, cap;
    char *err;
    size_t errlen;
} tree_t;

static int
tree_add(tree_t *t, const char *path, const char *key, off_t size)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        item_t *items = realloc(t->items, cap * sizeof(*items));
        if (items == NULL)
            goto oom;
        t->items = items;
        t->cap = cap;
    }
    item_t *it = &t->items[t->n];
    if ((it->path = strdup(path)) == NULL)
        goto oom;
    if ((it->key = strdup(key)) == NULL) {
        free(it->path);
        goto oom;
    }
    it->size = size;
    t->n++;
    return 0;
oom:
    snprintf(t->err, t->errlen, "out of memory");
    return -1;
}

static void
tree_free(tree_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->items[i].path);
        free(t->items[i].key);
    }
    free(t->items);
}

/* Adds the files under dir (rel: its path under STATIC_ROOT, "" at the top),
 * in name order. */
static int
walk(tree_t *t, const char *dir, const char *rel, int depth)
{
    struct dirent **names = NULL;
    int n, rc = 0;

    if (depth > MAX_DEPTH) {
        snprintf(t->err, t->errlen, "%s: more than %d directories deep (a symbolic link loop?)",
                 dir, MAX_DEPTH);
        return -1;
    }
    n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        snprintf(t->err, t->errlen, "cannot read directory %s: %s", dir, strerror(errno));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        buf_t path, sub, key;
        struct stat st;

        if (rc != 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        buf_init(&path);
        buf_init(&sub);
        buf_init(&key);
        buf_printf(&path, "%s/%s", dir, name);
        buf_printf(&sub, "%s%s%s", rel, rel[0] ? "/" : "", name);
        if (path.failed || sub.failed) {
            snprintf(t->err, t->errlen, "out of memory");
            rc = -1;
        } else if (name[0] == '.') {
            /* hidden: left out (collectstatic_key would too) */
        } else if (stat(buf_cstr(&path), &st) != 0) {
            snprintf(t->err, t->errlen, "cannot read %s: %s", buf_cstr(&path), strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(t, buf_cstr(&path), buf_cstr(&sub), depth + 1);
        } else if (!S_ISREG(st.st_mode)) {
            snprintf(t->err, t->errlen, "%s is not a regular file", buf_cstr(&path));
            rc = -1;
        } else if (collectstatic_key(buf_cstr(&sub), settings.static_files.spa_mode, &key) == 1) {
            const char *why = key.failed ? "out of memory" : collectstatic_bad_key(buf_cstr(&key));
            if (why != NULL) {
                snprintf(t->err, t->errlen, "%.300s: %s", buf_cstr(&path), why);
                rc = -1;
            } else if (st.st_size > COLLECT_MAX_FILE) {
                snprintf(t->err, t->errlen, "%.300s: larger than %d MB", buf_cstr(&path),
                         COLLECT_MAX_FILE / (1024 * 1024));
                rc = -1;
            } else {
                rc = tree_add(t, buf_cstr(&path), buf_cstr(&key), st.st_size);
            }
        }
        buf_free(&path);
        buf_free(&sub);
        buf_free(&key);
    }
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Reads path whole into *data (exactly size bytes: a file that changed
 * size meanwhile is an error rather than half an upload). */
static int
read_file(const item_t *it, buf_t *data, char *err, size_t errlen)
{
    int fd = open(it->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;

    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "cannot read %.300s: %s", it->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%.300s is not a regular file", it->path);
        close(fd);
        return -1;
    }
    while (!data->failed) {
        char chunk[65536];
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errlen, "cannot read %.300s: %s", it->path, strerror(errno));
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        buf_append(data, chunk, (size_t)r);
        if (data->len > COLLECT_MAX_FILE)
            break;
    }
    close(fd);
    if (data->failed) {
        snprintf(err, errlen, "%.300s: out of memory", it->path);
        return -1;
    }
    if ((off_t)data->len != st.st_size || data->len > COLLECT_MAX_FILE) {
        snprintf(err, errlen, "%.300s changed while it was read", it->path);
        return -1;
    }
    return 0;
}

/* Hex and base64 MD5 of data. */
static int
md5_of(const buf_t *data, char hex[33], char b64[25])
{
    unsigned char md[16];
    unsigned int len = 0;

    if (EVP_Digest(data->data ? data->data : "", data->len, md, &len, EVP_md5(), NULL) != 1 ||
        len != 16)
        return -1;
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    EVP_EncodeBlock((unsigned char *)b64, md, 16);
    return 0;
}

/* HEAD, then PUT unless the object is there as it would be put. */
static int
publish(const item_t *it, FILE *out, collect_counts_t *counts, char *err, size_t errlen)
{
    const char *bucket = settings.static_files.bucket;
    const char *type = collectstatic_content_type(it->key);
    const char *cache = collectstatic_cache_control(it->key);
    char hex[33], b64[25], etag[40];
    s3_head_t head;
    buf_t data;
    int rc;

    buf_init(&data);
    if (read_file(it, &data, err, errlen) != 0)
        goto fail;
    if (md5_of(&data, hex, b64) != 0) {
        snprintf(err, errlen, "%.300s: MD5 failed", it->path);
        goto fail;
    }
    snprintf(etag, sizeof(etag), "\"%s\"", hex);
    rc = s3_head_object(bucket, it->key, &head, err, errlen);
    if (rc == -1)
        goto fail;
    if (rc == 0 && strcmp(head.etag, etag) == 0 && strcmp(head.content_type, type) == 0 &&
        strcmp(head.cache_control, cache) == 0) {
        counts->unchanged++;
        buf_free(&data);
        return 0;
    }
    if (s3_put_object(bucket, it->key, (str_t){data.data ? data.data : "", data.len}, type, cache,
                      b64, err, errlen) != 0)
        goto fail;
    counts->uploaded++;
    fprintf(out, "uploaded %s (%zu bytes, %s, %s)\n", it->key, data.len, type, cache);
    buf_free(&data);
    return 0;

fail:
    buf_free(&data);
    return -1;
}

int
collectstatic_run(FILE *out, collect_counts_t *counts, char *err, size_t errlen)
{
    const char *root = settings.static_files.root;
    tree_t tree = {NULL, 0, 0, err, errlen};
    size_t len;
    int rc = -1;

    memset(counts, 0, sizeof(*counts));
    if (settings.static_files.bucket[0] == '\0') {
        snprintf(err, errlen, "setting AWS_STATIC_BUCKET is empty (the bucket to upload to)");
        return -1;
    }
    if (root[0] == '\0') {
        snprintf(err, errlen, "setting STATIC_ROOT is empty (the built static tree)");
        return -1;
    }
    len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        len--;
    char *top = strndup(root, len);
    if (top == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (walk(&tree, top, "", 0) != 0)
        goto done;
    counts->files = tree.n;
    if (tree.n == 0) {
        snprintf(err, errlen,
                 "STATIC_ROOT %.300s holds no file to publish (is the front end built?)", top);
        goto done;
    }
    for (size_t i = 0; i < tree.n; i++)
        if (publish(&tree.items[i], out, counts, err, errlen) != 0)
            goto done;
    rc = 0;

done:
    free(top);
    tree_free(&tree);
    return rc;
}
