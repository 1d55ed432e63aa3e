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

/* What S3's HeadObject says of one object (collectstatic compares them
 * with what it would upload). Values cut to fit; "" when not sent. */
typedef struct {
    char etag[80]; /* with its quotes: "\"<md5 hex>\"" for a single PUT */
    char content_type[128];
    char cache_control[128];
} s3_head_t;

/* HeadObject of bucket/key (any bucket, unlike the calls above): 0 with
 * *out, STORAGE_MISSING, or -1 with err ("S3 HEAD b/k: HTTP 403 ..."). */
int s3_head_object(const char *bucket, const char *key, s3_head_t *out, char *err, size_t errlen);

/* PutObject of data to bucket/key with those headers (content_md5: the
 * base64 MD5 S3 checks the body against). 0, or -1 with err carrying S3's
 * error code ("S3 PUT b/k: HTTP 403 AccessDenied"). */
int s3_put_object(const char *bucket, const char *key, str_t data, const char *content_type,
                  const char *cache_control, const char *content_md5, char *err, size_t errlen);

#endif
