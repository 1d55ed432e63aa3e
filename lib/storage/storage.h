/* Where uploaded files live: under MEDIA_ROOT (STORAGE_BACKEND=local, the
 * default) or in an S3 bucket (STORAGE_BACKEND=s3, AWS_STORAGE_BUCKET_NAME,
 * AWS_S3_ENDPOINT), behind one interface. Keys are relative paths we made
 * ourselves ("private/statements/1/abc.csv"); keys with "..", a leading
 * '/' or a backslash are refused. Every function returns 0, or -1 with one
 * line in err. */
#ifndef STORAGE_STORAGE_H
#define STORAGE_STORAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

/* Stores data under key, whole or not at all (never half a file). */
int storage_put(const char *key, str_t data, char *err, size_t errlen);

/* storage_open's answer when the key does not exist (as opposed to -1: the
 * store could not be asked, which may pass). */
enum { STORAGE_MISSING = -2 };

/* Opens key for reading; *fd_out, positioned at 0, belongs to the caller.
 * From S3 the object is streamed into an unlinked temporary file, never
 * held in memory. 0, STORAGE_MISSING, or -1 with err. */
int storage_open(const char *key, int *fd_out, char *err, size_t errlen);

/* Removes key: 0 also when it did not exist (nothing is left either
 * way), -1 with err when the store could not do it. */
int storage_delete(const char *key, char *err, size_t errlen);

/* S3 only: appends to url a presigned GET URL valid for `seconds`. */
int storage_presign_get(const char *key, long seconds, buf_t *url, char *err, size_t errlen);

bool storage_is_s3(void);

/* The S3 side of the above, for storage.c. */
int s3_put(const char *key, str_t data, char *err, size_t errlen);
int s3_open(const char *key, int *fd_out, char *err, size_t errlen);
int s3_delete(const char *key, char *err, size_t errlen);
int s3_presign_get(const char *key, long seconds, buf_t *url, char *err, size_t errlen);

#endif
