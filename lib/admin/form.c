/* The add and change forms: values from the stored row or the submitted
 * form, the type checks per admin_type_t, errors beside fields, and the
 * superuser-only fields a staff user may see but not change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/internal.h"
#include "core/log.h"

bool
admin_field_on_form(const admin_model_t *m, const admin_field_t *f, bool adding)
{
    if (adding) /* a secret only as a new password */
        return f->on_add || (f->editable && !m->add_fieldsets_only);
    return f->type != ADMIN_SECRET || f->change_link != NULL;
}

bool
admin_field_writable(const admin_field_t *f, bool adding, const admin_actor_t *who)
{
    if (f->superuser_only && !who->is_superuser)
        return false;
    return adding ? f->on_add || f->editable : f->editable && f->type != ADMIN_SECRET;
}

static size_t
field_index(const admin_model_t *m, const char *column)
{
    const admin_field_t *f = admin_field_find(m, column);
    return f ? (size_t)(f - m->fields) : m->nfields;
}

str_t
admin_form_value(const admin_form_t *f, const char *column, bool *present)
{
    if (f->posted != NULL)
        return http_pairs_get(f->posted, column, present);
    size_t i = field_index(f->m, column);
    *present = f->row != NULL && i < f->m->nfields && !PQgetisnull(f->row, 0, (int)i);
    return *present ? str_from_cstr(PQgetvalue(f->row, 0, (int)i)) : STR_NULL;
}

const char *
admin_form_stored(const admin_form_t *f, const char *column)
{
    size_t i = field_index(f->m, column);
    if (f->row == NULL || i >= f->m->nfields || PQgetisnull(f->row, 0, (int)i))
        return NULL;
    return PQgetvalue(f->row, 0, (int)i);
}

void
admin_form_error(admin_form_t *f, const char *column, const char *message)
{
    if (f->nerrors < ADMIN_FORM_MAX_ERRORS) {
        f->errors[f->nerrors].column = column;
        f->errors[f->nerrors++].message = message;
    }
}

/* The row's values as text in field order, then its __str__. */
static int
load_row(PGconn *c, admin_form_t *f, long long id, char *err, size_t errlen)
{
    const admin_model_t *m = f->m;
    buf_t sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT ");
    for (size_t i = 0; i < m->nfields; i++) {
        const admin_field_t *fd = &m->fields[i];
        const admin_model_t *t = fd->type == ADMIN_FK && !fd->editable ? admin_fk_target(fd) : NULL;
        if (fd->type == ADMIN_SECRET)
            buf_puts(&sql, "NULL::text, "); /* never read, so never printed */
        else if (t != NULL) /* read-only: shown as Django does, by its target's __str__ */
            buf_printf(&sql,
                       "(SELECT (%s)::text FROM \"%s\" AS _fk WHERE _fk.\"%s\" = \"%s\".\"%s\"), ",
                       t->str_sql, t->table, t->pk, m->table, fd->column);
        else
            buf_printf(&sql, "\"%s\"::text, ", fd->column);
    }
    buf_printf(&sql, "(%s)::text FROM \"%s\" WHERE \"%s\" = $1", m->str_sql, m->table, m->pk);
    admin_id_text_t pk = admin_id_text(id);
    const char *param = pk.s;
    f->row = PQexecParams(c, buf_cstr(&sql), 1, NULL, &param, NULL, NULL, 0);
    buf_free(&sql);
    if (PQresultStatus(f->row) != PGRES_TUPLES_OK) {
        int rc = admin_pg_fail(f->row, c, "form", err, errlen);
        f->row = NULL;
        return rc;
    }
    return PQntuples(f->row) == 1 ? 0 : 1;
}

/* A checkbox is "true" when sent at all (browsers send "on"). */
static const char *
bool_value(str_t v, bool present)
{
    return present && v.len > 0 && !str_eq_cstr(v, "0") && !str_eq_cstr(v, "false") ? "true"
                                                                                    : "false";
}

static bool
same_as_stored(const admin_form_t *f, size_t i, const char *value)
{
    if (f->row == NULL)
        return value == NULL || (f->m->fields[i].type == ADMIN_BOOL && strcmp(value, "false") == 0);
    if (PQgetisnull(f->row, 0, (int)i))
        return value == NULL;
    const char *stored = PQgetvalue(f->row, 0, (int)i);
    if (value != NULL &&
        f->m->fields[i].type == ADMIN_DECIMAL) /* -1 is -1.00, as Django's Decimal */
        return strtod(stored, NULL) == strtod(value, NULL);
    return value != NULL && strcmp(stored, value) == 0;
}

/* Checks one posted field and keeps its value for the save. */
static void
check_field(admin_form_t *f, size_t i, arena_t *a)
{
    const admin_field_t *fd = &f->m->fields[i];
    bool present;
    str_t v = str_trim(http_pairs_get(f->posted, fd->column, &present));
    const char *msg = NULL;
    if (fd->type == ADMIN_BOOL)
        f->values[i] = bool_value(v, present);
    else if (v.len == 0 && fd->required)
        msg = "This field is required.";
    else if (v.len == 0 && (fd->type == ADMIN_TEXT || fd->type == ADMIN_TEXTAREA))
        f->values[i] = ""; /* Django's CharField: blank is '', never NULL (columns NOT NULL) */
    else if (v.len > 0 && fd->type != ADMIN_SECRET && (msg = admin_value_check(fd, v)) == NULL)
        f->values[i] = arena_cstr(a, v);
    if (msg != NULL)
        admin_form_error(f, fd->column, msg);
    f->changed[i] = fd->type != ADMIN_SECRET && !same_as_stored(f, i, f->values[i]);
}

/* Every field of the form checked; a superuser-only field a staff user
 * tried to change refuses the whole form, logged as a warning; the posted
 * value of any other read-only field is ignored. */
static void
check_posted(admin_form_t *f, const admin_actor_t *who, arena_t *a)
{
    const admin_model_t *m = f->m;
    for (size_t i = 0; i < m->nfields; i++) {
        const admin_field_t *fd = &m->fields[i];
        /* A secret on the change form is a link to its own page. */
        if (!admin_field_on_form(m, fd, f->adding) || (!f->adding && fd->type == ADMIN_SECRET))
            continue;
        if (admin_field_writable(fd, f->adding, who)) {
            check_field(f, i, a);
            continue;
        }
        /* A read-only field's posted value is ignored, as Django does; only
         * a superuser-only field a staff user could edit otherwise is refused. */
        if (!fd->superuser_only || who->is_superuser)
            continue;
        bool present;
        str_t v = http_pairs_get(f->posted, fd->column, &present);
        /* Not on the page as a field (disabled), so absent from an honest post. */
        const char *tried = fd->type == ADMIN_BOOL ? bool_value(v, present) : arena_cstr(a, v);
        if (present && !same_as_stored(f, i, tried)) {
            admin_form_error(f, fd->column, "Only a superuser may change this field.");
            log_warn("admin_privilege_refused", "user %lld tried to change %s.%s %s", who->user_id,
                     m->app, m->name, fd->column);
        }
    }
    if (f->nerrors == 0 && m->hooks.validate != NULL)
        m->hooks.validate(m, f, who, f->adding);
}

static void
field_errors(html_t *h, const admin_form_t *f, const char *column)
{
    bool any = false;
    for (size_t i = 0; i < f->nerrors; i++) {
        bool mine = column ? f->errors[i].column && strcmp(f->errors[i].column, column) == 0
                           : f->errors[i].column == NULL;
        if (!mine)
            continue;
        if (!any)
            HTML_LIT(h, "<ul class=\"errorlist\">");
        any = true;
        HTML_LIT(h, "<li>");
        html_text_cstr(h, f->errors[i].message);
        HTML_LIT(h, "</li>");
    }
    if (any)
        HTML_LIT(h, "</ul>");
}

/* The input's opening tag by type; the value follows as an attribute. */
static void
widget_open(html_t *h, const admin_field_t *fd)
{
    switch (fd->type) {
    case ADMIN_EMAIL:
        HTML_LIT(h, "<input type=\"email\"");
        break;
    case ADMIN_INT:
    case ADMIN_FK:
        HTML_LIT(h, "<input type=\"number\"");
        break;
    case ADMIN_DECIMAL:
        HTML_LIT(h, "<input type=\"number\" step=\"any\"");
        break;
    case ADMIN_DATE:
        HTML_LIT(h, "<input type=\"date\"");
        break;
    case ADMIN_SECRET:
        HTML_LIT(h, "<input type=\"password\" autocomplete=\"new-password\"");
        break;
    default:
        HTML_LIT(h, "<input type=\"text\"");
    }
}

static void
render_widget(html_t *h, const admin_form_t *f, const admin_field_t *fd, bool writable)
{
    bool present;
    /* What cannot be changed shows the stored value, even after a post. */
    admin_form_t stored = {.m = f->m, .row = f->row};
    if (!f->adding && fd->type == ADMIN_SECRET) { /* never printed, changed on its own page */
        HTML_LIT(h, "<div class=\"readonly\">Raw passwords are not stored, so there is no way "
                    "to see this user’s password, but you can change the password using "
                    "<a");
        HTML_ATTR(h, "href", str_from_cstr(fd->change_link));
        HTML_LIT(h, ">this form</a>.</div>");
        return;
    }
    str_t v = admin_form_value(writable ? f : &stored, fd->column, &present);
    if (!writable && !f->adding && fd->type != ADMIN_BOOL) {
        HTML_LIT(h, "<div class=\"readonly\">");
        if (fd->type == ADMIN_FILE && present && v.len > 0)
            admin_file_link(h, v);
        else
            html_text(h, present ? v : STR_LIT("-"));
        HTML_LIT(h, "</div>");
        return;
    }
    if (fd->type == ADMIN_TEXTAREA || fd->type == ADMIN_JSON)
        HTML_LIT(h, "<textarea rows=\"10\" cols=\"40\"");
    else if (fd->type == ADMIN_BOOL)
        HTML_LIT(h, "<input type=\"checkbox\"");
    else
        widget_open(h, fd);
    HTML_ATTR(h, "name", str_from_cstr(fd->column));
    if (fd->type == ADMIN_BOOL && str_eq_cstr(str_from_cstr(bool_value(v, present)), "true"))
        HTML_LIT(h, " checked");
    if (!writable)
        HTML_LIT(h, " disabled");
    if (fd->type == ADMIN_TEXTAREA || fd->type == ADMIN_JSON) {
        HTML_LIT(h, ">");
        html_text(h, v);
        HTML_LIT(h, "</textarea>");
        return;
    }
    if (fd->type != ADMIN_BOOL && fd->type != ADMIN_SECRET)
        HTML_ATTR(h, "value", v);
    HTML_LIT(h, ">");
}

static void
render_form(html_t *h, const admin_form_t *f, const admin_actor_t *who, const admin_page_t *pg)
{
    HTML_LIT(h, "<form method=\"post\" id=\"admin-form\" novalidate>");
    admin_csrf_hidden(h, pg->csrf_token);
    if (f->nerrors > 0)
        HTML_LIT(h, "<p class=\"errornote\">Please correct the errors below.</p>");
    field_errors(h, f, NULL);
    for (size_t i = 0; i < f->m->nfields; i++) {
        const admin_field_t *fd = &f->m->fields[i];
        if (!admin_field_on_form(f->m, fd, f->adding))
            continue;
        HTML_LIT(h, "\n<div class=\"form-row\">");
        field_errors(h, f, fd->column);
        if (fd->required && (f->adding || fd->type != ADMIN_SECRET)) /* a secret: a link here */
            HTML_LIT(h, "<label class=\"required\">");
        else
            HTML_LIT(h, "<label>");
        html_text_cstr(h, fd->label);
        HTML_LIT(h, ": ");
        render_widget(h, f, fd, admin_field_writable(fd, f->adding, who));
        HTML_LIT(h, "</label>");
        if (fd->help != NULL) {
            HTML_LIT(h, "<div class=\"help\">");
            html_text_cstr(h, fd->help);
            HTML_LIT(h, "</div>");
        }
        HTML_LIT(h, "</div>");
    }
    HTML_LIT(h, "\n<div class=\"submit-row\"><input type=\"submit\" value=\"Save\" "
                "class=\"default\" name=\"_save\"> <input type=\"submit\" value=\"Save and add "
                "another\" name=\"_addanother\"> <input type=\"submit\" value=\"Save and continue "
                "editing\" name=\"_continue\">");
    if (!f->adding && f->m->can_delete)
        HTML_LIT(h, " <a href=\"../delete/\" class=\"deletelink\">Delete</a>");
    HTML_LIT(h, "</div></form>\n");
}

int
admin_form(html_t *h, PGconn *c, const admin_model_t *m, long long id, const http_pairs_t *posted,
           const admin_actor_t *who, const admin_page_t *pg, long long *saved_id, char *err,
           size_t errlen)
{
    admin_form_t f = {.m = m, .posted = posted, .arena = pg->arena, .adding = id == 0};
    int rc = 0;
    *saved_id = 0;
    if (m->nfields > ADMIN_MAX_FIELDS) {
        snprintf(err, errlen, "form: too many fields");
        return -1;
    }
    if (id > 0 && (rc = load_row(c, &f, id, err, errlen)) != 0)
        goto done;
    if (posted != NULL) {
        check_posted(&f, who, pg->arena);
        if (f.nerrors == 0 && (rc = admin_form_save(c, &f, who, &id, err, errlen)) == 0) {
            *saved_id = id;
            goto done;
        }
        if (rc < 0)
            goto done;
        rc = 0; /* the database refused a value: shown on the form */
    }
    if (f.adding)
        HTML_LIT(h, "<h1>Add ");
    else
        HTML_LIT(h, "<h1>Change ");
    html_text_cstr(h, m->verbose);
    HTML_LIT(h, "</h1>\n");
    if (!f.adding) {
        HTML_LIT(h, "<h2>");
        html_text_cstr(h, PQgetvalue(f.row, 0, (int)m->nfields));
        HTML_LIT(h, "</h2>\n<p><a href=\"../history/\" class=\"historylink\">History</a></p>\n");
    }
    render_form(h, &f, who, pg);
done:
    PQclear(f.row);
    return rc;
}
