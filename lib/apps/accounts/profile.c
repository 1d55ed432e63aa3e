/* GET, PUT, PATCH /api/users/profile/: only the names are writable; other
 * fields in the body are read-only and ignored, as DRF does. */
#include <stdio.h>

#include "apps/accounts/accounts.h"
#include "http/fields.h"
#include "http/response.h"
#include "server/deps.h"

int
accounts_profile_get(http_req_t *r)
{
    if (accounts_user_or_reply(r) != 0)
        return r->status;
    accounts_print_user(r, r->user);
    return http_json(r, 200);
}

int
accounts_profile_update(http_req_t *r)
{
    json_object *body;
    field_errors_t fe;
    const char *first = NULL, *last = NULL;
    size_t first_len = 0, last_len = 0;
    bool has_first = false, has_last = false;

    if (accounts_user_or_reply(r) != 0 || http_json_or_reply(r, &body) != 0)
        return r->status;
    user_t *user = r->user;
    field_errors_init(&fe);
    field_string_optional(&fe, body, "first_name", 150, &first, &first_len, &has_first);
    field_string_optional(&fe, body, "last_name", 150, &last, &last_len, &has_last);
    if (fe.count)
        return field_errors_reply(r, &fe);
    field_errors_free(&fe);
    PGconn *conn = deps_db_or_reply(r);
    if (conn == NULL)
        return r->status;
    char id[24];
    snprintf(id, sizeof(id), "%lld", user->id);
    const char *params[] = {id, has_first ? first : NULL, has_last ? last : NULL};
    static const char sql[] = "UPDATE users SET first_name = COALESCE($2, first_name),"
                              " last_name = COALESCE($3, last_name) WHERE id = $1"
                              " RETURNING first_name, last_name";
    PGresult *res = deps_rows_or_reply(r, PQexecParams(conn, sql, 3, NULL, params, NULL, NULL, 0));
    if (res == NULL)
        return r->status;
    if (PQntuples(res) != 1)
        return http_reply_detail(r, 404, "Not found.");
    snprintf(user->first_name, sizeof(user->first_name), "%s", PQgetvalue(res, 0, 0));
    snprintf(user->last_name, sizeof(user->last_name), "%s", PQgetvalue(res, 0, 1));
    accounts_user_cache_forget(user->id);
    accounts_print_user(r, user);
    return http_json(r, 200);
}
