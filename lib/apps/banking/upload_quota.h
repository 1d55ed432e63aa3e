/* The per-user upload quota: at most BANKING_MAX_FILES_PER_USER statement
 * files and BANKING_MAX_BYTES_PER_USER bytes of them per user (0: no
 * limit), counted from statement_files in PostgreSQL. An upload over it is
 * refused before anything is stored.
 *
 *     upload_quota_begin_or_reply(r, c, owner, size)   BEGIN, lock, check
 *     store the file, INSERT its statement_files row (with its size)
 *     upload_quota_commit_or_reply(r, c)               or upload_quota_rollback(c)
 *
 * The owner's lock is held until the transaction ends, so two uploads of
 * one user at the same time are checked one after the other and cannot
 * both take the last place. */
#ifndef APPS_BANKING_UPLOAD_QUOTA_H
#define APPS_BANKING_UPLOAD_QUOTA_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

/* What a user has stored. */
typedef struct {
    long long files, bytes;
} upload_usage_t;

/* Whether one more file of size bytes fits beside used under max_files and
 * max_bytes (0: no limit). When not, why gets one sentence for the client,
 * "Upload quota exceeded: ...". */
bool upload_quota_allows(upload_usage_t used, long long size, long max_files, long max_bytes,
                         char *why, size_t whylen);

/* Opens a transaction on c, takes owner's upload lock and checks the quota
 * for a file of size bytes. 0 with the transaction open; -1 after
 * replying 413 {"detail": "Upload quota exceeded: ..."} or a database
 * error, with no transaction left open. */
int upload_quota_begin_or_reply(http_req_t *r, PGconn *c, long long owner, size_t size);

/* Commits; -1 after replying with the database's error. */
int upload_quota_commit_or_reply(http_req_t *r, PGconn *c);

/* Ends the transaction without keeping anything. */
void upload_quota_rollback(PGconn *c);

#endif
