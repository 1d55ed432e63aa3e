/* The admin log: one row per add, change and delete made through the
 * admin (Django's LogEntry), and the history page of one object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "admin/internal.h"

/* The first 200 characters of repr, never cutting a UTF-8 sequence. */
static str_t
repr_cut(str_t repr)
{
    size_t chars = 0, i = 0;
    while (i < repr.len && chars < 200) {
        i++;
        while (i < repr.len && ((unsigned char)repr.p[i] & 0xc0) == 0x80)
            i++;
        chars++;
    }
    return (str_t){repr.p, i};
}

int
admin_log_write(PGconn *c, const admin_actor_t *who, const admin_model_t *m, long long id,
                str_t repr, int flag, const char *change_message_json, char *err, size_t errlen)
{
    admin_id_text_t user = admin_id_text(who->user_id), object = admin_id_text(id),
                    flag_s = admin_id_text(flag);
    str_t cut = repr_cut(repr);
    char *repr_c = malloc(cut.len + 1);
    if (repr_c == NULL) {
        snprintf(err, errlen, "admin log: out of memory");
        return -1;
    }
    memcpy(repr_c, cut.p ? cut.p : "", cut.len);
    repr_c[cut.len] = '\0';
    const char *params[] = {who->user_id > 0 ? user.s : NULL,
                            m->app,
                            m->name,
                            object.s,
                            repr_c,
                            flag_s.s,
                            change_message_json ? change_message_json : "[]"};
    PGresult *res = PQexecParams(c,
                                 "INSERT INTO admin_log (action_time, user_id, app, model, "
                                 "object_id, object_repr, action_flag, change_message) "
                                 "VALUES (now(), $1, $2, $3, $4, $5, $6, $7::jsonb)",
                                 7, NULL, params, NULL, NULL, 0);
    free(repr_c);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return admin_pg_fail(res, c, "admin log", err, errlen);
    PQclear(res);
    return 0;
}

/* Django's change message list in the words of its history page:
 * "Changed Email address and Active." (the labels as stored, escaped). */
void
admin_change_message_html(html_t *h, const char *json, const char *flag)
{
    json_object *list = json_tokener_parse(json), *changed, *fields;
    json_object *first =
        json_object_is_type(list, json_type_array) ? json_object_array_get_idx(list, 0) : NULL;
    if (first && json_object_object_get_ex(first, "changed", &changed) &&
        json_object_object_get_ex(changed, "fields", &fields) &&
        json_object_is_type(fields, json_type_array) && json_object_array_length(fields) > 0) {
        size_t n = json_object_array_length(fields);
        HTML_LIT(h, "Changed ");
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                i + 1 == n ? HTML_LIT(h, " and ") : HTML_LIT(h, ", ");
            html_text_cstr(h, json_object_get_string(json_object_array_get_idx(fields, i)));
        }
        HTML_LIT(h, ".");
    } else if (flag[0] == '1') {
        HTML_LIT(h, "Added.");
    } else if (flag[0] == '3') {
        HTML_LIT(h, "Deleted.");
    } else {
        HTML_LIT(h, "No fields changed.");
    }
    json_object_put(list);
}

int
admin_history(html_t *h, PGconn *c, const admin_model_t *m, long long id, arena_t *arena, char *err,
              size_t errlen)
{
    admin_id_text_t object = admin_id_text(id);
    const char *params[] = {m->app, m->name, object.s};
    PGresult *res = PQexecParams(
        c,
        "SELECT to_char(l.action_time, 'YYYY-MM-DD HH24:MI:SS'), coalesce(u.email, ''), "
        "l.action_flag::text, l.change_message::text, l.object_repr FROM admin_log l "
        "LEFT JOIN users u ON u.id = l.user_id WHERE l.app = $1 AND l.model = $2 AND "
        "l.object_id = $3 ORDER BY l.action_time, l.id",
        3, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "history", err, errlen);
    const char *repr = NULL;
    /* Neither the object nor an entry: a 404, as for its change form. A
     * deleted object keeps its history. */
    int found = PQntuples(res) > 0 ? 0 : admin_object_repr(c, m, id, arena, &repr, err, errlen);
    if (found != 0) {
        PQclear(res);
        return found;
    }
    HTML_LIT(h, "<h1>Change history: ");
    html_text_cstr(h, repr ? repr : PQgetvalue(res, PQntuples(res) - 1, 4));
    HTML_LIT(h, "</h1>\n");
    if (PQntuples(res) == 0)
        HTML_LIT(h, "<p>This object doesn’t have a change history. It probably wasn’t added "
                    "via this admin site.</p>\n");
    else
        HTML_LIT(h, "<table id=\"change-history\"><thead><tr><th scope=\"col\">Date/time</th>"
                    "<th scope=\"col\">User</th><th scope=\"col\">Action</th></tr></thead>"
                    "<tbody>\n");
    for (int i = 0; i < PQntuples(res); i++) {
        HTML_LIT(h, "<tr><th scope=\"row\">");
        html_text_cstr(h, PQgetvalue(res, i, 0));
        HTML_LIT(h, "</th><td>");
        html_text_cstr(h, PQgetvalue(res, i, 1));
        HTML_LIT(h, "</td><td>");
        admin_change_message_html(h, PQgetvalue(res, i, 3), PQgetvalue(res, i, 2));
        HTML_LIT(h, "</td></tr>\n");
    }
    if (PQntuples(res) > 0)
        HTML_LIT(h, "</tbody></table>\n");
    PQclear(res);
    return 0;
}
