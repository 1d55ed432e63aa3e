#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "apps/accounts/accounts.h"
#include "auth/password.h"
#include "auth/random.h"
#include "core/settings.h"
#include "core/str.h"

static const char user_columns[] =
    "id, email, first_name, last_name, is_active, is_staff, is_superuser, password";

static void
copy_field(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void
user_from_row(PGresult *res, int row, user_t *u)
{
    long id = 0;
    str_to_long(str_from_cstr(PQgetvalue(res, row, 0)), 1, (long)(~0UL >> 1), &id);
    u->id = id;
    copy_field(u->email, sizeof(u->email), PQgetvalue(res, row, 1));
    copy_field(u->first_name, sizeof(u->first_name), PQgetvalue(res, row, 2));
    copy_field(u->last_name, sizeof(u->last_name), PQgetvalue(res, row, 3));
    u->is_active = PQgetvalue(res, row, 4)[0] == 't';
    u->is_staff = PQgetvalue(res, row, 5)[0] == 't';
    u->is_superuser = PQgetvalue(res, row, 6)[0] == 't';
}

static int
user_query(PGconn *conn, const char *where, const char *param, user_t *out, char **password_hash)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT %s FROM users WHERE %s", user_columns, where);
    const char *params[1] = {param};
    PGresult *res = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(res) != PGRES_TUPLES_OK ? -1 : PQntuples(res) == 1;
    if (rc == 1) {
        user_from_row(res, 0, out);
        if (password_hash)
            *password_hash = strdup(PQgetvalue(res, 0, 7));
    }
    PQclear(res);
    return rc;
}

int
accounts_user_by_id(PGconn *conn, long long id, user_t *out)
{
    char idtext[24];
    snprintf(idtext, sizeof(idtext), "%lld", id);
    return user_query(conn, "id = $1", idtext, out, NULL);
}

int
accounts_user_by_email(PGconn *conn, const char *email, user_t *out, char **password_hash)
{
    return user_query(conn, "lower(email) = lower($1)", email, out, password_hash);
}

int
accounts_email_key(PGconn *conn, str_t email, char *out, size_t cap)
{
    char given[255];
    size_t n = 0, step;

    /* The first 254 bytes, cut at a character so PostgreSQL takes them. */
    while (n < email.len && (step = str_utf8_len(email.p + n, email.len - n)) > 0 &&
           n + step < sizeof(given))
        n += step;
    memcpy(given, email.p, n);
    given[n] = '\0';
    const char *params[1] = {given};
    PGresult *res = PQexecParams(conn, "SELECT lower($1)", 1, NULL, params, NULL, NULL, 0);
    int rc = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        snprintf(out, cap, "%s", PQgetvalue(res, 0, 0));
        rc = 0;
    }
    PQclear(res);
    return rc;
}

bool
accounts_email_valid(const char *email, size_t len)
{
    if (len < 3 || len > 254 || strlen(email) != len)
        return false;
    const char *at = strrchr(email, '@');
    if (at == NULL || at == email || at[1] == '\0' || memchr(email, '@', (size_t)(at - email)))
        return false;
    for (const char *p = email; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("<>(),;:\\\"[]", *p))
            return false;
    const char *domain = at + 1;
    return strchr(domain, '.') != NULL && domain[0] != '.' && domain[strlen(domain) - 1] != '.' &&
           strstr(domain, "..") == NULL;
}

const char *
accounts_password_problem(const char *password, size_t len, const char *email)
{
    if (len < 8)
        return "This password is too short. It must contain at least 8 characters.";
    if (len > PASSWORD_MAX_LEN)
        return "This password is too long.";
    size_t digits = 0;
    for (size_t i = 0; i < len; i++)
        digits += isdigit((unsigned char)password[i]) != 0;
    if (digits == len)
        return "This password is entirely numeric.";
    /* UserAttributeSimilarityValidator, reduced: the email or its local part. */
    if (email && *email) {
        const char *at = strchr(email, '@');
        size_t local = at ? (size_t)(at - email) : strlen(email);
        if (strcasecmp(password, email) == 0 ||
            (local >= 3 && len == local && strncasecmp(password, email, local) == 0))
            return "The password is too similar to the email address.";
    }
    return NULL;
}

/* Django's unusable password: "!" and 40 random characters never verify. */
static int
hash_or_unusable(const char *password, char *hash, size_t cap)
{
    if (password == NULL) {
        hash[0] = '!';
        return random_token(hash + 1, 40);
    }
    return password_hash(password, strlen(password), settings.accounts.password_iterations, hash,
                         cap);
}

user_create_rc_t
accounts_user_create(PGconn *conn, const char *email, const char *password, bool is_staff,
                     bool is_superuser, long long *id_out, char *err, size_t errlen)
{
    char hash[PASSWORD_HASH_MAX];

    if (!accounts_email_valid(email, strlen(email))) {
        snprintf(err, errlen, "Enter a valid email address.");
        return USER_INVALID;
    }
    if (hash_or_unusable(password, hash, sizeof(hash)) != 0) {
        snprintf(err, errlen, "The password cannot be hashed.");
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
    } else if (PQntuples(res) == 1) {
        long id = 0;
        str_to_long(str_from_cstr(PQgetvalue(res, 0, 0)), 1, (long)(~0UL >> 1), &id);
        if (id_out)
            *id_out = id;
        rc = USER_CREATED;
    } else {
        snprintf(err, errlen, "user with this email already exists.");
        rc = USER_EXISTS;
    }
    PQclear(res);
    return rc;
}

static int
exec_for_user(PGconn *conn, const char *sql, long long id, const char *value)
{
    char idtext[24];
    snprintf(idtext, sizeof(idtext), "%lld", id);
    const char *params[2] = {idtext, value};
    PGresult *res = PQexecParams(conn, sql, value ? 2 : 1, NULL, params, NULL, NULL, 0);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    PQclear(res);
    return rc;
}

int
accounts_user_set_password(PGconn *conn, long long id, const char *password)
{
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, strlen(password), settings.accounts.password_iterations, hash,
                      sizeof(hash)) != 0)
        return -1;
    return exec_for_user(conn, "UPDATE users SET password = $2 WHERE id = $1", id, hash);
}

int
accounts_user_touch_login(PGconn *conn, long long id)
{
    return exec_for_user(conn, "UPDATE users SET last_login = now() WHERE id = $1", id, NULL);
}
