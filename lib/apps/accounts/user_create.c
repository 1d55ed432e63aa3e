#include <string.h>

#include "apps/accounts/accounts.h"
#include "auth/password.h"
#include "core/str.h"

static bool
email_plausible(const char *email)
{
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    return n >= 3 && n <= 254 && at && at != email && at[1] != '\0' &&
           strchr(at + 1, '@') == NULL && strpbrk(email, " \t\r\n<>,;\"") == NULL;
}

user_create_rc_t
accounts_user_create(PGconn *conn, const char *email, const char *password, bool is_staff,
                     bool is_superuser, char *err, size_t errlen)
{
    char hash[PASSWORD_HASH_MAX];

    if (!email_plausible(email)) {
        snprintf(err, errlen, "email: Enter a valid email address.");
        return USER_INVALID;
    }
    if (password_hash(password, strlen(password), PASSWORD_ITERATIONS, hash, sizeof(hash)) != 0) {
        snprintf(err, errlen, "password: cannot be hashed (too long?)");
        return USER_INVALID;
    }
    const char *params[] = {email, hash, is_staff ? "t" : "f", is_superuser ? "t" : "f"};
    PGresult *res = PQexecParams(conn,
                                 "INSERT INTO users (email, password, is_staff, is_superuser)"
                                 " VALUES ($1, $2, $3, $4)"
                                 " ON CONFLICT ((lower(email))) DO NOTHING RETURNING id",
                                 4, NULL, params, NULL, NULL, 0);
    user_create_rc_t rc;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "%s", PQerrorMessage(conn));
        rc = USER_DB_ERROR;
    } else {
        rc = PQntuples(res) == 1 ? USER_CREATED : USER_EXISTS;
    }
    PQclear(res);
    return rc;
}
