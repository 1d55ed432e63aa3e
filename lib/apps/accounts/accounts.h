/* The accounts app: users in Django's shape. */
#ifndef APPS_ACCOUNTS_H
#define APPS_ACCOUNTS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    USER_CREATED = 0,
    USER_EXISTS = 1,   /* same email, any case */
    USER_INVALID = -1, /* err says which field */
    USER_DB_ERROR = -2,
} user_create_rc_t;

/* Creates a user with a freshly hashed password; email is stored as given. */
user_create_rc_t accounts_user_create(PGconn *conn, const char *email, const char *password,
                                      bool is_staff, bool is_superuser, char *err, size_t errlen);

#endif
