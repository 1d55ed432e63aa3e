/* The storage interface, and its local backend under MEDIA_ROOT. */
#include "storage/storage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/settings.h"

bool
storage_is_s3(void)
{
    return settings.storage.backend != NULL && strcmp(settings.storage.backend, "s3") == 0;
}

/* Keys are ours, never the client's; refuse anything odd anyway (S3 keys
 * are UTF-8, and statement_files could not record a name that is not). */
static bool
key_ok(const char *key, char *err, size_t errlen)
{
    if (key == NULL || key[0] == '\0' || key[0] == '/' || strstr(key, "..") != NULL ||
        strchr(key, '\\') != NULL || strlen(key) > 1024 || !str_utf8_text(str_from_cstr(key))) {
        snprintf(err, errlen, "storage: invalid key");
        return false;
    }
    return true;
}

/* Creates every directory of path, as mkdir -p. */
static bool
mkdirs(const char *path)
{
    char tmp[4096];

    if ((size_t)snprintf(tmp, sizeof(tmp), "%s", path) >= sizeof(tmp))
        return false;
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0750) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    return mkdir(tmp, 0750) == 0 || errno == EEXIST;
}

/* full gets MEDIA_ROOT/key; false with err when it does not fit. */
static bool
local_path(const char *key, char full[4096], char *err, size_t errlen)
{
    if ((size_t)snprintf(full, 4096, "%s/%s", settings.media_root, key) >= 4096) {
        snprintf(err, errlen, "storage: path too long");
        return false;
    }
    return true;
}

static int
local_put(const char *key, str_t data, char *err, size_t errlen)
{
    char full[4096], dir[4096];
    int fd = -1;
    size_t done = 0;

    if (!local_path(key, full, err, errlen))
        return -1;
    snprintf(dir, sizeof(dir), "%s", full);
    *strrchr(dir, '/') = '\0';
    if (!mkdirs(dir) || (fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) < 0) {
        snprintf(err, errlen, "storage: %s: %s", full, strerror(errno));
        return -1;
    }
    while (done < data.len) {
        ssize_t n = write(fd, data.p + done, data.len - done);
        if (n <= 0)
            goto fail;
        done += (size_t)n;
    }
    if (fsync(fd) != 0) {
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return 0;

fail:
    snprintf(err, errlen, "storage: %s: %s", full, strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(full); /* never leave half a file */
    return -1;
}

static int
local_open(const char *key, int *fd_out, char *err, size_t errlen)
{
    char full[4096];

    if (!local_path(key, full, err, errlen))
        return -1;
    *fd_out = open(full, O_RDONLY | O_CLOEXEC);
    if (*fd_out < 0) {
        snprintf(err, errlen, "storage: %s: %s", full, strerror(errno));
        return errno == ENOENT ? STORAGE_MISSING : -1;
    }
    return 0;
}

static int
local_delete(const char *key, char *err, size_t errlen)
{
    char full[4096];

    if (!local_path(key, full, err, errlen))
        return -1;
    if (unlink(full) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "storage: %s: %s", full, strerror(errno));
        return -1;
    }
    return 0;
}

int
storage_put(const char *key, str_t data, char *err, size_t errlen)
{
    if (!key_ok(key, err, errlen))
        return -1;
    return storage_is_s3() ? s3_put(key, data, err, errlen) : local_put(key, data, err, errlen);
}

int
storage_open(const char *key, int *fd_out, char *err, size_t errlen)
{
    *fd_out = -1;
    if (!key_ok(key, err, errlen))
        return -1;
    return storage_is_s3() ? s3_open(key, fd_out, err, errlen)
                           : local_open(key, fd_out, err, errlen);
}

int
storage_delete(const char *key, char *err, size_t errlen)
{
    if (!key_ok(key, err, errlen))
        return -1;
    return storage_is_s3() ? s3_delete(key, err, errlen) : local_delete(key, err, errlen);
}

int
storage_presign_get(const char *key, long seconds, buf_t *url, char *err, size_t errlen)
{
    if (!key_ok(key, err, errlen))
        return -1;
    if (!storage_is_s3()) {
        snprintf(err, errlen, "storage: presigned URLs need STORAGE_BACKEND=s3");
        return -1;
    }
    return s3_presign_get(key, seconds, url, err, errlen);
}
