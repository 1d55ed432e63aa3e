/* Saving a checked form: an UPDATE of the fields that changed or an
 * INSERT of the add form's, every value a parameter, then the admin log
 * entry with Django's change message. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/internal.h"

#define UNIQUE_VIOLATION "23505"
#define NOT_NULL_VIOLATION "23502"
#define FOREIGN_KEY_VIOLATION "23503"
#define DATA_EXCEPTION_CLASS "22" /* out of range, not a date, ... */
#define INTEGRITY_CLASS "23"      /* a CHECK, ... */

/* The database's refusal of a value as an error above the form, so a
 * client's mistake the type checks let through (an id no row has, a
 * number beyond the column's precision, a CHECK) is never a 5xx: SQLSTATE
 * classes 22 (data exception) and 23 (integrity constraint violation). */
static int
save_failed(PGresult *res, PGconn *c, admin_form_t *f, char *err, size_t errlen)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE), *message = NULL;
    if (state == NULL)
        message = NULL;
    else if (strcmp(state, UNIQUE_VIOLATION) == 0)
        message = "A row with these values already exists.";
    else if (strcmp(state, NOT_NULL_VIOLATION) == 0)
        message = "A required value is missing.";
    else if (strcmp(state, FOREIGN_KEY_VIOLATION) == 0)
        message = "Select a valid choice. That choice is not one of the available choices.";
    else if (strncmp(state, DATA_EXCEPTION_CLASS, 2) == 0)
        message = "A value is out of range for its field.";
    else if (strncmp(state, INTEGRITY_CLASS, 2) == 0)
        message = "Enter a valid value.";
    if (message == NULL)
        return admin_pg_fail(res, c, "save", err, errlen);
    PQclear(res);
    admin_form_error(f, NULL, message);
    return 1;
}

static int
save_update(PGconn *c, admin_form_t *f, const admin_actor_t *who, long long id, char *err,
            size_t errlen)
{
    const admin_model_t *m = f->m;
    const char *params[ADMIN_MAX_FIELDS + 1];
    int n = 0;
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "UPDATE \"%s\" SET ", m->table);
    for (size_t i = 0; i < m->nfields; i++) {
        if (!f->changed[i] || !admin_field_writable(&m->fields[i], false, who))
            continue;
        buf_printf(&sql, "%s\"%s\" = $%d", n ? ", " : "", m->fields[i].column, n + 1);
        params[n++] = f->values[i];
    }
    admin_id_text_t pk = admin_id_text(id);
    params[n] = pk.s;
    buf_printf(&sql, " WHERE \"%s\" = $%d", m->pk, n + 1);
    int rc = 0;
    if (n > 0) {
        PGresult *res = PQexecParams(c, buf_cstr(&sql), n + 1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = save_failed(res, c, f, err, errlen);
        else
            PQclear(res);
    }
    buf_free(&sql);
    return rc;
}

static int
save_insert(PGconn *c, admin_form_t *f, const admin_actor_t *who, long long *id, char *err,
            size_t errlen)
{
    const admin_model_t *m = f->m;
    if (m->hooks.insert != NULL)
        return m->hooks.insert(c, m, f, id, err, errlen) == 0 ? 0 : f->nerrors ? 1 : -1;
    const char *params[ADMIN_MAX_FIELDS];
    int n = 0;
    buf_t cols, vals;
    buf_init(&cols);
    buf_init(&vals);
    for (size_t i = 0; i < m->nfields; i++) {
        if (!admin_field_writable(&m->fields[i], true, who) || m->fields[i].type == ADMIN_SECRET)
            continue;
        buf_printf(&cols, "%s\"%s\"", n ? ", " : "", m->fields[i].column);
        buf_printf(&vals, "%s$%d", n ? ", " : "", n + 1);
        params[n++] = f->values[i];
    }
    buf_t sql;
    buf_init(&sql);
    buf_printf(&sql, "INSERT INTO \"%s\" (%s) VALUES (%s) RETURNING \"%s\"", m->table,
               buf_cstr(&cols), buf_cstr(&vals), m->pk);
    PGresult *res = PQexecParams(c, buf_cstr(&sql), n, NULL, params, NULL, NULL, 0);
    buf_free(&cols);
    buf_free(&vals);
    buf_free(&sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return save_failed(res, c, f, err, errlen);
    *id = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* [{"added":{}}] or [{"changed":{"fields":["Label", ...]}}] (Django's). */
static const char *
change_message(json_object **list, const admin_form_t *f)
{
    *list = json_object_new_array();
    json_object *entry = json_object_new_object(), *inner = json_object_new_object();
    if (f->adding) {
        json_object_object_add(entry, "added", inner);
    } else {
        json_object *fields = json_object_new_array();
        for (size_t i = 0; i < f->m->nfields; i++)
            if (f->changed[i])
                json_object_array_add(fields, json_object_new_string(f->m->fields[i].label));
        json_object_object_add(inner, "fields", fields);
        json_object_object_add(entry, "changed", inner);
    }
    json_object_array_add(*list, entry);
    return json_object_to_json_string_ext(*list, JSON_C_TO_STRING_PLAIN);
}

static int
log_save(PGconn *c, admin_form_t *f, const admin_actor_t *who, long long id, arena_t *a, char *err,
         size_t errlen)
{
    const char *repr;
    if (admin_object_repr(c, f->m, id, a, &repr, err, errlen) < 0)
        return -1;
    json_object *list;
    const char *message = change_message(&list, f);
    int rc = admin_log_write(c, who, f->m, id, str_from_cstr(repr),
                             f->adding ? ADMIN_LOG_ADD : ADMIN_LOG_CHANGE, message, err, errlen);
    json_object_put(list);
    return rc;
}

int
admin_form_save(PGconn *c, admin_form_t *f, const admin_actor_t *who, long long *id, char *err,
                size_t errlen)
{
    /* The row and its log entry together, or neither. */
    PGresult *res = PQexec(c, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return admin_pg_fail(res, c, "begin", err, errlen);
    PQclear(res);
    int rc = f->adding ? save_insert(c, f, who, id, err, errlen)
                       : save_update(c, f, who, *id, err, errlen);
    if (rc == 0)
        rc = log_save(c, f, who, *id, f->arena, err, errlen);
    /* 1 (a value the database refused) stays 1: the form shows it. */
    if (admin_tx_end(c, rc == 0, "commit", err, errlen) != 0 && rc == 0)
        rc = -1;
    if (rc == 0 && f->m->hooks.changed != NULL)
        f->m->hooks.changed(*id);
    return rc;
}
