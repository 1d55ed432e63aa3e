/* The accounts app: users in Django's shape, simplejwt's token endpoints,
 * Django sessions with CSRF, social login (SPEC.md, Accounts). */
#ifndef APPS_ACCOUNTS_H
#define APPS_ACCOUNTS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"
#include "http/router.h"

typedef struct {
    long long id;
    char email[255];
    char first_name[151];
    char last_name[151];
    bool is_active;
    bool is_staff;
    bool is_superuser;
} user_t;

typedef enum {
    USER_CREATED = 0,
    USER_EXISTS = 1,   /* same email, any case */
    USER_INVALID = -1, /* err says which field */
    USER_DB_ERROR = -2,
} user_create_rc_t;

/* --- users.c: the users table ------------------------------------------ */

/* Creates a user with a freshly hashed password (NULL: an unusable one, for
 * social logins); email is stored as given. *id_out (may be NULL) gets the id. */
user_create_rc_t accounts_user_create(PGconn *conn, const char *email, const char *password,
                                      bool is_staff, bool is_superuser, long long *id_out,
                                      char *err, size_t errlen);

/* Loads a user by id or by email (case-insensitively). 1 found, 0 not, -1 DB error.
 * *password_hash (may be NULL) gets a malloc'd copy of the stored hash. */
int accounts_user_by_id(PGconn *conn, long long id, user_t *out);
int accounts_user_by_email(PGconn *conn, const char *email, user_t *out, char **password_hash);

/* The email as the users table compares it (PostgreSQL's lower() in the
 * database's locale, as the unique index on lower(email) has it), for
 * throttle keys: ÄDMIN@ and ädmin@ are one account, so one bucket. Only
 * the first 254 bytes count (no longer email is valid). out gets at most
 * cap - 1 bytes; 0, or -1 on a database error. */
int accounts_email_key(PGconn *conn, str_t email, char *out, size_t cap);

/* Replaces the password hash (a new password, or an upgraded hash). 0 or -1. */
int accounts_user_set_password(PGconn *conn, long long id, const char *password);
int accounts_user_touch_login(PGconn *conn, long long id);

/* "Enter a valid email address." checks Django's EmailValidator makes, simplified. */
bool accounts_email_valid(const char *email, size_t len);

/* Django's password validators: NULL when acceptable, else the message. */
const char *accounts_password_problem(const char *password, size_t len, const char *email);

/* --- user_cache.c: who is behind a token, without a query per request --- */

/* The user with this id: from this worker's cache when it is younger than
 * USER_CACHE_SECONDS, else from PostgreSQL. 1 found, 0 not, -1 DB down. */
int accounts_user_cached(long long id, user_t *out);
/* Maps the generation counters shared by a program's workers: call once in
 * the master, before they fork. Without it each worker only sees its own
 * changes at once. 0, or -1 when mmap fails. */
int accounts_cache_init(void);
void accounts_user_cache_forget(long long id);

/* --- authn.c: who is calling ------------------------------------------- */

/* Authenticates r by Bearer access token or by session cookie (with CSRF
 * on unsafe methods). On success r->user points at a user_t in the arena
 * and 0 is returned; otherwise the 401/403/503 is already in r and -1 is
 * returned. */
int accounts_user_or_reply(http_req_t *r);
/* Same, and 403 unless the user is staff. */
int accounts_staff_or_reply(http_req_t *r);

/* --- blacklist.c: refresh tokens that may no longer be used ------------- */
struct token_claims; /* auth/token.h */

/* 1 when the jti was added now, 0 when it was already there, -1 DB error. */
int accounts_blacklist_add(PGconn *conn, const char *jti, long long user_id, long long exp);
/* 1 blacklisted, 0 not, -1 DB error. */
int accounts_blacklisted(PGconn *conn, const char *jti);

/* --- tokens.c ------------------------------------------------------------ */
/* Prints {"refresh": ..., "access": ...} for user_id into r->out; 0 or -1. */
int accounts_issue_pair(http_req_t *r, long long user_id);

/* --- handlers -------------------------------------------------------------- */
int accounts_obtain_token(http_req_t *r);
int accounts_refresh_token(http_req_t *r);
int accounts_verify_token(http_req_t *r);
int accounts_register(http_req_t *r);
int accounts_login_set_cookie(http_req_t *r);
int accounts_login(http_req_t *r);
int accounts_logout(http_req_t *r);
int accounts_profile_get(http_req_t *r);
int accounts_profile_update(http_req_t *r);
int accounts_social_login(http_req_t *r);
int accounts_social_providers(http_req_t *r);

/* Prints the profile JSON of u into r->out. */
void accounts_print_user(http_req_t *r, const user_t *u);

/* 429 with Retry-After and DRF's "Request was throttled..." detail. */
int accounts_throttled_reply(http_req_t *r, long retry_after);

/* Checks email/password against the users table with throttling, as both
 * obtain_token and login do. 0 with *user filled on success; otherwise the
 * reply (400/401/429/503) is made with `fail_detail` for bad credentials
 * and the status is returned. */
int accounts_check_credentials(http_req_t *r, json_object *body, int fail_status,
                               const char *fail_detail, user_t *user);

/* --- ws_identity.c: nginx's auth_request for /ws/ ----------------------- */
/* The path nginx's internal location for /ws/ passes (conf/nginx/locations.inc). */
#define ACCOUNTS_WS_IDENTITY_PATH "/_internal/ws-identity/"
/* 200 with X-Ws-User-Id and X-Ws-User-Email (empty: anonymous), 503 when
 * the session store or the database is away. */
int accounts_ws_identity(http_req_t *r);

/* --- routes.c ----------------------------------------------------------- */
int accounts_routes(router_t *rt);

/* --- admin.c: users and social accounts in /admin/ (lib/admin/model.h) -- */
/* Registers it with the admin engine; 0, or -1 when the table is refused. */
int accounts_admin_register(void);
/* The users model's changed hook: after the admin saved or deleted user
 * id, every worker's cache forgets it, and a user now inactive or gone has
 * its sessions ended (they are refused already; this frees Redis). */
void accounts_user_admin_changed(long long id);

#endif
