/* The pages of one registered model: HTTP wired to the engine (admin.h).
 * Each view checks the method, the staff session, the model named by the
 * URL, the CSRF field of a POST and the database, then hands the engine
 * plain inputs and puts its page in the frame. */
#include <limits.h>

#include "admin/admin.h"
#include "admin/site.h"
#include "core/log.h"
#include "http/response.h"
#include "server/deps.h"

enum { MAX_SELECTED = 1000 }; /* Django's DATA_UPLOAD_MAX_NUMBER_FIELDS bounds it too */

typedef struct {
    user_t user;
    admin_actor_t actor;
    const admin_model_t *m;
    PGconn *conn;
    admin_page_t pg;
    long long id;
    http_pairs_t form;
    bool posted;
} model_req_t;

/* A 503 whose cause (libpq's message, naming tables and values) goes to
 * the log, not to the browser. */
static int
failure_page(http_req_t *r, const char *err, const char *what)
{
    log_event(LOG_ERROR, NULL, "admin_failed", "%s %.*s: %s", what, (int)r->path.len, r->path.p,
              err[0] ? err : "no detail");
    return admin_error_page(r, 503, "The service is temporarily unavailable.");
}

int
admin_engine_page_end(http_req_t *r, html_t *h, int rc, const char *err)
{
    if (rc == 1)
        return admin_error_page(r, 404, "The page you asked for does not exist.");
    if (rc != 0)
        return failure_page(r, err, "page");
    return admin_page_end(r, h, 200);
}

/* Fills q for the request; 0, or -1 after the reply. */
static int
model_or_reply(http_req_t *r, model_req_t *q, bool post, bool with_id)
{
    long id = 0;
    *q = (model_req_t){0};
    if (admin_method_or_reply(r, true, post) != 0 || admin_staff_or_redirect(r, &q->user) != 0)
        return -1;
    q->m = admin_model_find(http_route_param(r, "app"), http_route_param(r, "model"));
    if (q->m == NULL || (with_id && !str_to_long(http_route_param(r, "id"), 1, LONG_MAX, &id))) {
        admin_error_page(r, 404, "The page you asked for does not exist.");
        return -1;
    }
    q->id = id;
    q->posted = str_eq_cstr(r->method, "POST");
    if (q->posted && admin_post_form_or_reply(r, &q->form) != 0)
        return -1;
    if ((q->conn = deps_db_or_reply(r)) == NULL) {
        admin_error_page(r, 503, "The database is temporarily unavailable.");
        return -1;
    }
    q->actor = (admin_actor_t){q->user.id, q->user.is_superuser, q->user.email};
    q->pg = (admin_page_t){admin_csrf_token(r), r->arena};
    return 0;
}

/* 302 to /admin/<app>/<model>/<suffix> (id > 0: <id>/ first). */
static int
redirect_to_model(http_req_t *r, const admin_model_t *m, long long id, const char *suffix)
{
    html_t h = {.out = buf_new_on(r->arena)};
    if (h.out == NULL)
        return admin_error_page(r, 503, "Out of memory.");
    HTML_LIT(&h, "/admin/");
    html_url_part(&h, str_from_cstr(m->app));
    HTML_LIT(&h, "/");
    html_url_part(&h, str_from_cstr(m->name));
    HTML_LIT(&h, "/");
    if (id > 0)
        buf_printf(h.out, "%lld/", id);
    buf_puts(h.out, suffix);
    return admin_redirect(r, (str_t){buf_cstr(h.out), h.out->len});
}

/* The ids checked in the change list (_selected_action), malformed ones
 * skipped; -1 when there are more than MAX_SELECTED (refused, not cut: an
 * action on the first 1000 only would say it did what was asked). */
static long
selected_ids(const http_pairs_t *form, long long *ids)
{
    long n = 0;
    long v;
    for (size_t i = 0; i < form->len; i++)
        if (str_eq_cstr(form->items[i].name, "_selected_action") &&
            str_to_long(form->items[i].value, 1, LONG_MAX, &v)) {
            if (n == MAX_SELECTED)
                return -1;
            ids[n++] = v;
        }
    return n;
}

/* POST of the change list: "delete selected" (confirmation, then post=yes)
 * or one of the model's actions. */
static int
changelist_action(http_req_t *r, model_req_t *q)
{
    char err[256] = "";
    long long *ids = arena_alloc(r->arena, MAX_SELECTED * sizeof(*ids));
    if (ids == NULL)
        return admin_error_page(r, 503, "Out of memory.");
    long selected = selected_ids(&q->form, ids);
    if (selected < 0)
        return admin_error_page(r, 400, "Too many items selected.");
    size_t n = (size_t)selected;
    str_t action = http_pairs_get(&q->form, "action", NULL);
    if (n == 0) {
        admin_message_set(r, "Items must be selected in order to perform actions on them. No "
                             "items have been changed.");
        return redirect_to_model(r, q->m, 0, "");
    }
    if (str_eq_cstr(action, "delete_selected") && q->m->can_delete) {
        if (!str_eq_cstr(http_pairs_get(&q->form, "post", NULL), "yes")) {
            html_t h = admin_frame_begin(r, "Are you sure?", &q->user, q->pg.csrf_token);
            int rc = admin_delete_confirm(&h, q->conn, q->m, ids, n, &q->pg, err, sizeof(err));
            return admin_engine_page_end(r, &h, rc, err);
        }
        long deleted = admin_delete(q->conn, q->m, ids, n, &q->actor, err, sizeof(err));
        if (deleted == ADMIN_DELETE_REFUSED)
            return admin_error_page(r, 403, "Only a superuser may delete a superuser.");
        if (deleted < 0)
            return failure_page(r, err, "delete selected");
        admin_message_set(r, "Successfully deleted %ld %s.", deleted,
                          deleted == 1 ? q->m->verbose : q->m->verbose_plural);
        return redirect_to_model(r, q->m, 0, "");
    }
    for (size_t i = 0; q->m->actions && q->m->actions[i].name; i++)
        if (str_eq_cstr(action, q->m->actions[i].name)) {
            long done = q->m->actions[i].run(q->conn, q->m, ids, n, &q->actor, err, sizeof(err));
            if (done < 0)
                return failure_page(r, err, "action");
            /* "Re-run import of selected statements: 2 statement files." */
            admin_message_set(r, "%s: %ld %s.", q->m->actions[i].label, done,
                              done == 1 ? q->m->verbose : q->m->verbose_plural);
            return redirect_to_model(r, q->m, 0, "");
        }
    return admin_error_page(r, 400, "No such action.");
}

int
admin_changelist_view(http_req_t *r)
{
    model_req_t q;
    char err[256] = "";
    if (model_or_reply(r, &q, true, false) != 0)
        return r->status;
    if (q.posted)
        return changelist_action(r, &q);
    (void)http_query(r, "q", NULL); /* parses r->query_ (done before routing already) */
    html_t h = admin_frame_begin(r, q.m->verbose_plural, &q.user, q.pg.csrf_token);
    int rc = admin_changelist(&h, q.conn, q.m, &r->query_, &q.pg, err, sizeof(err));
    return admin_engine_page_end(r, &h, rc, err);
}

/* Django's words after a save, per button: "The link “Link object (3)”
 * was changed successfully. You may edit it again below." */
static void
saved_message(http_req_t *r, const model_req_t *q, long long id, bool cont, bool another)
{
    const char *repr = "";
    char err[256];
    if (admin_object_repr(q->conn, q->m, id, r->arena, &repr, err, sizeof(err)) != 0)
        repr = "";
    const char *v = q->m->verbose;
    admin_message_set(r, "The %s \u201c%s\u201d was %s successfully.%s%s%s", v, repr,
                      q->id == 0 ? "added" : "changed",
                      cont      ? " You may edit it again below."
                      : another ? " You may add another "
                                : "",
                      another && !cont ? v : "", another && !cont ? " below." : "");
}

/* The add (id 0) or change form; after a save, Django's redirect per button. */
static int
form_view(http_req_t *r, model_req_t *q)
{
    char err[256] = "";
    long long saved = 0;
    html_t h = admin_frame_begin(r, q->m->verbose, &q->user, q->pg.csrf_token);
    int rc = admin_form(&h, q->conn, q->m, q->id, q->posted ? &q->form : NULL, &q->actor, &q->pg,
                        &saved, err, sizeof(err));
    if (rc != 0 || saved == 0)
        return admin_engine_page_end(r, &h, rc, err);
    bool cont, another;
    http_pairs_get(&q->form, "_continue", &cont);
    http_pairs_get(&q->form, "_addanother", &another);
    /* Django's UserAdmin.response_add: a new user is edited next. */
    if (q->id == 0 && q->m->add_fieldsets_only && !another)
        cont = true;
    saved_message(r, q, saved, cont, another);
    if (cont)
        return redirect_to_model(r, q->m, saved, "change/");
    return redirect_to_model(r, q->m, 0, another ? "add/" : "");
}

int
admin_add_view(http_req_t *r)
{
    model_req_t q;
    if (model_or_reply(r, &q, true, false) != 0)
        return r->status;
    if (!q.m->can_add)
        return admin_error_page(r, 403, "You do not have permission to add this.");
    return form_view(r, &q);
}

int
admin_change_view(http_req_t *r)
{
    model_req_t q;
    if (model_or_reply(r, &q, true, true) != 0)
        return r->status;
    if (!q.m->can_change)
        return admin_error_page(r, 403, "You do not have permission to change this.");
    return form_view(r, &q);
}

int
admin_delete_view(http_req_t *r)
{
    model_req_t q;
    char err[256] = "";
    if (model_or_reply(r, &q, true, true) != 0)
        return r->status;
    if (!q.m->can_delete)
        return admin_error_page(r, 403, "You do not have permission to delete this.");
    if (q.posted) {
        const char *repr = "";
        int found = admin_object_repr(q.conn, q.m, q.id, r->arena, &repr, err, sizeof(err));
        /* No such row (1) is nothing deleted: the 404 below. */
        long n = found == 0   ? admin_delete(q.conn, q.m, &q.id, 1, &q.actor, err, sizeof(err))
                 : found == 1 ? 0
                              : -1;
        if (n == ADMIN_DELETE_REFUSED)
            return admin_error_page(r, 403, "Only a superuser may delete a superuser.");
        if (n < 0)
            return failure_page(r, err, "delete");
        if (n == 0)
            return admin_error_page(r, 404, "The page you asked for does not exist.");
        admin_message_set(r, "The %s \u201c%s\u201d was deleted successfully.", q.m->verbose, repr);
        return redirect_to_model(r, q.m, 0, "");
    }
    html_t h = admin_frame_begin(r, "Are you sure?", &q.user, q.pg.csrf_token);
    int rc = admin_delete_confirm(&h, q.conn, q.m, &q.id, 1, &q.pg, err, sizeof(err));
    return admin_engine_page_end(r, &h, rc, err);
}

int
admin_history_view(http_req_t *r)
{
    model_req_t q;
    char err[256] = "";
    if (model_or_reply(r, &q, false, true) != 0)
        return r->status;
    html_t h = admin_frame_begin(r, "Change history", &q.user, q.pg.csrf_token);
    return admin_engine_page_end(
        r, &h, admin_history(&h, q.conn, q.m, q.id, r->arena, err, sizeof(err)), err);
}
