/* Deleting: the confirmation that lists what goes with the objects (rows
 * of related tables that ON DELETE CASCADE takes along: counts and the
 * first few), and the DELETE with one admin log entry per object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/internal.h"

#define RELATED_SHOWN 5

/* pk and __str__ of the selected rows that exist. */
static PGresult *
selected_rows(PGconn *c, const admin_model_t *m, const char *ids, const char *lock)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "SELECT \"%s\"::text, (%s)::text FROM \"%s\" WHERE \"%s\" = ANY($1::bigint[]) "
             "ORDER BY 1%s",
             m->pk, m->str_sql, m->table, m->pk, lock);
    return PQexecParams(c, sql, 1, NULL, &ids, NULL, NULL, 0);
}

/* The registered model over a related table gives its rows' __str__. */
static const char *
related_str(const admin_related_t *r)
{
    const admin_model_t *t;
    for (size_t i = 0; (t = admin_model_at(i)) != NULL; i++)
        if (strcmp(t->table, r->table) == 0)
            return t->str_sql;
    return "'#' || id";
}

static int
render_related(html_t *h, PGconn *c, const admin_related_t *r, const char *ids, char *err,
               size_t errlen)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM \"%s\" WHERE \"%s\" = ANY($1::bigint[]))::text, "
             "(%s)::text FROM \"%s\" WHERE \"%s\" = ANY($1::bigint[]) LIMIT %d",
             r->table, r->fk_column, related_str(r), r->table, r->fk_column, RELATED_SHOWN);
    PGresult *res = PQexecParams(c, sql, 1, NULL, &ids, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        return admin_pg_fail(res, c, "related rows", err, errlen);
    if (PQntuples(res) > 0) {
        HTML_LIT(h, "<li>");
        html_text_cstr(h, r->label);
        HTML_LIT(h, ": ");
        html_text_cstr(h, PQgetvalue(res, 0, 0));
        HTML_LIT(h, "<ul>");
        for (int i = 0; i < PQntuples(res); i++) {
            HTML_LIT(h, "<li>");
            html_text_cstr(h, PQgetvalue(res, i, 1));
            HTML_LIT(h, "</li>");
        }
        HTML_LIT(h, "</ul></li>\n");
    }
    PQclear(res);
    return 0;
}

static void
confirm_form(html_t *h, PGresult *rows, const admin_page_t *pg)
{
    HTML_LIT(h, "<form method=\"post\">");
    admin_csrf_hidden(h, pg->csrf_token);
    for (int i = 0; i < PQntuples(rows); i++) {
        HTML_LIT(h, "<input type=\"hidden\" name=\"_selected_action\"");
        HTML_ATTR(h, "value", str_from_cstr(PQgetvalue(rows, i, 0)));
        HTML_LIT(h, ">");
    }
    HTML_LIT(h, "<input type=\"hidden\" name=\"action\" value=\"delete_selected\">"
                "<input type=\"hidden\" name=\"post\" value=\"yes\">"
                "<input type=\"submit\" value=\"Yes, I’m sure\"> "
                "<a href=\".\" class=\"button cancel-link\">No, take me back</a></form>\n");
}

int
admin_delete_confirm(html_t *h, PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
                     const admin_page_t *pg, char *err, size_t errlen)
{
    buf_t b;
    buf_init(&b);
    int rc = -1;
    const char *array = admin_id_array(&b, ids, n);
    PGresult *rows = array ? selected_rows(c, m, array, "") : NULL;
    if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
        rc = admin_pg_fail(rows, c, "delete", err, errlen);
        rows = NULL;
        goto done;
    }
    if ((rc = PQntuples(rows) == 0 ? 1 : 0) != 0)
        goto done;
    HTML_LIT(h, "<h1>Are you sure?</h1>\n<p>Are you sure you want to delete the selected ");
    html_text_cstr(h, PQntuples(rows) == 1 ? m->verbose : m->verbose_plural);
    HTML_LIT(h, "? All of the following objects and their related items will be deleted:</p>\n"
                "<ul class=\"deleted-objects\">\n");
    for (int i = 0; i < PQntuples(rows); i++) {
        HTML_LIT(h, "<li>");
        html_text_cstr(h, m->verbose);
        HTML_LIT(h, ": ");
        html_text_cstr(h, PQgetvalue(rows, i, 1));
        HTML_LIT(h, "</li>\n");
    }
    for (size_t i = 0; m->related && m->related[i].label && rc == 0; i++)
        rc = render_related(h, c, &m->related[i], array, err, errlen);
    HTML_LIT(h, "</ul>\n");
    if (rc == 0)
        confirm_form(h, rows, pg);
done:
    PQclear(rows);
    buf_free(&b);
    return rc;
}

/* Deletes the rows of array with their log entries; the number deleted,
 * their ids into gone (room for every id of array), or -1. */
static long
delete_logged(PGconn *c, const admin_model_t *m, const char *array, const admin_actor_t *who,
              long long *gone, char *err, size_t errlen)
{
    PGresult *rows = selected_rows(c, m, array, " FOR UPDATE");
    if (PQresultStatus(rows) != PGRES_TUPLES_OK)
        return admin_pg_fail(rows, c, "delete", err, errlen);
    char sql[256];
    snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE \"%s\" = ANY($1::bigint[])", m->table,
             m->pk);
    PGresult *res = PQexecParams(c, sql, 1, NULL, &array, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(rows);
        return admin_pg_fail(res, c, "delete", err, errlen);
    }
    PQclear(res);
    long n = PQntuples(rows);
    for (int i = 0; i < n && n >= 0; i++)
        if (admin_log_write(c, who, m, gone[i] = atoll(PQgetvalue(rows, i, 0)),
                            str_from_cstr(PQgetvalue(rows, i, 1)), ADMIN_LOG_DELETE,
                            "[{\"deleted\":{}}]", err, errlen) != 0)
            n = -1;
    PQclear(rows);
    return n;
}

long
admin_delete(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
             const admin_actor_t *who, char *err, size_t errlen)
{
    buf_t b;
    buf_init(&b);
    const char *array = admin_id_array(&b, ids, n);
    long long *gone = malloc((n ? n : 1) * sizeof(*gone));
    long deleted = -1;
    PGresult *res = PQexec(c, "BEGIN");
    if (array == NULL || gone == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
        admin_pg_fail(res, c, "delete", err, errlen);
        free(gone);
        buf_free(&b);
        return -1;
    }
    PQclear(res);
    int may = m->hooks.may_delete ? m->hooks.may_delete(c, m, ids, n, who, err, errlen) : 0;
    deleted = may == 0 ? delete_logged(c, m, array, who, gone, err, errlen) : -1;
    if (admin_tx_end(c, deleted >= 0, "delete commit", err, errlen) != 0)
        deleted = may == 1 ? ADMIN_DELETE_REFUSED : -1;
    /* The rows deleted, not the ids asked for: others had no row to change. */
    for (long i = 0; i < deleted && m->hooks.changed != NULL; i++)
        m->hooks.changed(gone[i]);
    free(gone);
    buf_free(&b);
    return deleted;
}
