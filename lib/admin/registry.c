/* The registered admin models and the checks that make a bad table stop
 * the program at start rather than fail on a page. */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"

#define ADMIN_MAX_MODELS 64

static const admin_model_t *models[ADMIN_MAX_MODELS];
static size_t nmodels;

const admin_field_t *
admin_field_find_str(const admin_model_t *m, str_t column)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (str_eq_cstr(column, m->fields[i].column))
            return &m->fields[i];
    return NULL;
}

const admin_field_t *
admin_field_find(const admin_model_t *m, const char *column)
{
    return column ? admin_field_find_str(m, str_from_cstr(column)) : NULL;
}

const admin_model_t *
admin_model_at(size_t i)
{
    return i < nmodels ? models[i] : NULL;
}

const admin_model_t *
admin_model_find(str_t app, str_t name)
{
    for (size_t i = 0; i < nmodels; i++)
        if (str_eq_cstr(app, models[i]->app) && str_eq_cstr(name, models[i]->name))
            return models[i];
    return NULL;
}

void
admin_registry_clear(void)
{
    nmodels = 0;
}

/* Identifiers reach SQL unquoted, so they must be plain lower-case names. */
static bool
is_identifier(const char *s)
{
    if (s == NULL || *s == '\0' || !((*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static int
refuse(const admin_model_t *m, const char *what, const char *name)
{
    fprintf(stderr, "admin: model %s.%s: %s%s%s\n", m->app ? m->app : "?", m->name ? m->name : "?",
            what, name ? ": " : "", name ? name : "");
    return -1;
}

static int
check_columns(const admin_model_t *m, const char *const *cols, const char *what)
{
    for (size_t i = 0; cols && cols[i]; i++) {
        const admin_field_t *f = admin_field_find(m, cols[i]);
        if (f == NULL)
            return refuse(m, what, cols[i]);
        if (f->type == ADMIN_SECRET)
            return refuse(m, "a secret field cannot be listed or searched", cols[i]);
    }
    return 0;
}

static int
check_fields(const admin_model_t *m)
{
    for (size_t i = 0; i < m->nfields; i++) {
        const admin_field_t *f = &m->fields[i];
        if (!is_identifier(f->column) || f->label == NULL)
            return refuse(m, "field column not a plain identifier or no label", f->column);
        if (f->type == ADMIN_FK && (f->fk_model == NULL || strchr(f->fk_model, '.') == NULL))
            return refuse(m, "FK field without fk_model \"app.model\"", f->column);
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->fields[j].column, f->column) == 0)
                return refuse(m, "field listed twice", f->column);
    }
    return 0;
}

static int
check_ordering(const admin_model_t *m)
{
    if (m->ordering == NULL)
        return 0;
    const char *col = m->ordering[0] == '-' ? m->ordering + 1 : m->ordering;
    for (size_t i = 0; m->list_display && m->list_display[i]; i++)
        if (strcmp(m->list_display[i], col) == 0)
            return 0;
    return refuse(m, "ordering is not a list_display column", m->ordering);
}

static int
check_filters_related(const admin_model_t *m)
{
    for (size_t i = 0; i < m->nfilters; i++) {
        const admin_field_t *f = admin_field_find(m, m->filters[i].column);
        if (f == NULL)
            return refuse(m, "filter on an unknown field", m->filters[i].column);
        if (m->filters[i].kind == ADMIN_FILTER_FK && f->type != ADMIN_FK)
            return refuse(m, "FK filter on a field that is not an FK", f->column);
    }
    for (size_t i = 0; m->related && m->related[i].label; i++)
        if (!is_identifier(m->related[i].table) || !is_identifier(m->related[i].fk_column))
            return refuse(m, "related table or column not a plain identifier", m->related[i].table);
    return 0;
}

/* FK targets may register after the model naming them, so they are
 * checked against everything registered so far in both directions. */
static int
check_fk_targets(void)
{
    for (size_t i = 0; i < nmodels; i++) {
        const admin_model_t *m = models[i];
        for (size_t k = 0; k < m->nfields; k++) {
            const admin_field_t *f = &m->fields[k];
            if (f->type != ADMIN_FK)
                continue;
            const char *dot = strchr(f->fk_model, '.');
            str_t app = {f->fk_model, (size_t)(dot - f->fk_model)};
            if (admin_model_find(app, str_from_cstr(dot + 1)) == NULL)
                return refuse(m, "FK to a model that is not registered", f->fk_model);
        }
    }
    return 0;
}

int
admin_register(const admin_model_t *m)
{
    if (!is_identifier(m->app) || !is_identifier(m->name) || !is_identifier(m->table) ||
        !is_identifier(m->pk) || m->str_sql == NULL || m->verbose == NULL ||
        m->verbose_plural == NULL || m->app_label == NULL)
        return refuse(m, "app, name, table, pk, str_sql and labels are required", NULL);
    if (m->list_display == NULL || m->list_display[0] == NULL)
        return refuse(m, "list_display is empty", NULL);
    if (check_fields(m) != 0 || check_columns(m, m->list_display, "listed column not a field") ||
        check_columns(m, m->search_fields, "search column not a field") || check_ordering(m) != 0 ||
        check_filters_related(m) != 0)
        return -1;
    if (admin_model_find(str_from_cstr(m->app), str_from_cstr(m->name)) != NULL)
        return refuse(m, "registered twice", NULL);
    if (nmodels == ADMIN_MAX_MODELS)
        return refuse(m, "too many models", NULL);
    models[nmodels++] = m;
    return 0;
}

/* Called once all apps registered: every FK names a registered model. */
int
admin_registry_check(void)
{
    return check_fk_targets();
}
