/* The admin engine's view of a model (issue 14): each app declares its
 * models as constant tables and registers them; the engine (lib/admin/)
 * renders the index, change lists, forms, delete confirmations and
 * history from these tables alone. Adding a model is one table. Every
 * name here that reaches SQL comes from these tables, never from the
 * request: a request can only choose among them by index or by name. */
#ifndef ADMIN_MODEL_H
#define ADMIN_MODEL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/str.h"

typedef enum {
    ADMIN_TEXT,     /* <input type=text>, text column */
    ADMIN_TEXTAREA, /* <textarea> */
    ADMIN_EMAIL,
    ADMIN_INT,
    ADMIN_DECIMAL, /* numeric(12,2) and the like, shown as PostgreSQL prints it */
    ADMIN_BOOL,    /* a checkbox; in filters Yes / No / All */
    ADMIN_DATE,    /* YYYY-MM-DD */
    ADMIN_DATETIME,
    ADMIN_FK,     /* bigint referencing fk_model's pk: shown as its str_sql, edited as an id */
    ADMIN_JSON,   /* shown read-only, pretty */
    ADMIN_FILE,   /* a stored path: shown as a link to /media/private/... */
    ADMIN_SECRET, /* never printed, never in a form (password hashes) */
} admin_type_t;

typedef struct {
    const char *column; /* SQL column of the model's table */
    const char *label;  /* "Email address" */
    admin_type_t type;
    const char *fk_model; /* ADMIN_FK: "app.model" of the target */
    bool editable;        /* on the change form */
    bool on_add;          /* on the add form (defaults to editable when false and editable) */
    bool required;
    long max_len;        /* text: characters; 0: no limit */
    bool superuser_only; /* only a superuser may change it (is_staff, is_superuser) */
    const char *help;    /* shown under the field, may be NULL */
    /* ADMIN_SECRET on the change form: instead of an input, Django's "Raw
     * passwords are not stored..." with a link to this page (relative to
     * the change form: "../password/"). NULL: not on the change form. */
    const char *change_link;
} admin_field_t;

typedef enum {
    ADMIN_FILTER_BOOL,   /* ?<column>__exact=1|0 */
    ADMIN_FILTER_CHOICE, /* ?<column>__exact=<value>, choices listed by SELECT DISTINCT (bounded) */
    ADMIN_FILTER_DATE,   /* Any date / Today / Past 7 days / This month / This year (Django's) */
    ADMIN_FILTER_FK,     /* ?<column>__id__exact=<id>, choices: the target's rows (bounded) */
} admin_filter_kind_t;

typedef struct {
    const char *column;
    const char *label;
    admin_filter_kind_t kind;
} admin_filter_t;

/* "What goes with it" on the delete confirmation: rows of another table
 * that reference this one (ON DELETE CASCADE in the schema). */
typedef struct {
    const char *label;     /* "transactions" */
    const char *table;     /* "transactions" */
    const char *fk_column; /* "source_file_id" */
} admin_related_t;

typedef struct admin_model admin_model_t;

/* A form as submitted: field values by column, and errors to show beside
 * fields (or NULL column: above the form). */
typedef struct admin_form admin_form_t;
str_t admin_form_value(const admin_form_t *f, const char *column, bool *present);
/* The stored row's text of column (a bool is "true" or "false"); NULL when
 * adding, NULL in the row or no such field. */
const char *admin_form_stored(const admin_form_t *f, const char *column);
void admin_form_error(admin_form_t *f, const char *column, const char *message);

/* Who is acting (the logged-in staff user). */
typedef struct {
    long long user_id;
    bool is_superuser;
    const char *email;
} admin_actor_t;

/* Hooks a model may set (NULL: the engine's default). Each returns 0, or
 * -1 after admin_form_error (validation) or with err set (database). */
typedef struct {
    /* Extra validation after the engine's type checks (email rules,
     * password confirmation, uniqueness with a clear message). */
    int (*validate)(const admin_model_t *m, admin_form_t *f, const admin_actor_t *who, bool adding);
    /* INSERT instead of the engine's (users: hash the password). *id_out gets the pk. */
    int (*insert)(PGconn *c, const admin_model_t *m, admin_form_t *f, long long *id_out, char *err,
                  size_t errlen);
    /* After a row was saved or deleted through the admin (committed):
     * drop what a cache holds of it (users: the user cache). */
    void (*changed)(long long id);
    /* Before deleting ids (one object or "delete selected"), inside the
     * delete's transaction: 0 to go on, 1 when who may not (the hook logs
     * it; the caller answers 403 and deletes nothing), -1 with err set. */
    int (*may_delete)(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
                      const admin_actor_t *who, char *err, size_t errlen);
} admin_hooks_t;

/* A bulk action on selected rows besides "delete selected". Returns the
 * number of rows acted on, or -1 with err set. */
typedef struct {
    const char *name;  /* the form's action value: "rerun_import" */
    const char *label; /* "Re-run import of selected statements" */
    long (*run)(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
                const admin_actor_t *who, char *err, size_t errlen);
} admin_action_t;

/* ids as a PostgreSQL array literal ("{1,2,3}") for a $n::bigint[]
 * parameter, written to b: its text, or NULL when out of memory. */
const char *admin_id_array(buf_t *b, const long long *ids, size_t n);

struct admin_model {
    const char *app;            /* URL segment and index group: "banking" */
    const char *app_label;      /* "Banking" */
    const char *name;           /* URL segment: "transaction" */
    const char *verbose;        /* "transaction" */
    const char *verbose_plural; /* "transactions" */
    const char *table;          /* "transactions" */
    const char *pk;             /* "id" (bigint) */
    const char *str_sql;        /* SQL expression of the row's __str__ over the table: "email" */
    const admin_field_t *fields;
    size_t nfields;
    const char *const *list_display; /* columns in the change list, NULL-terminated; the
                                      * first links to the change form */
    const char *const
        *search_fields; /* columns searched with ILIKE '%' || $n || '%', NULL-terminated */
    const admin_filter_t *filters;
    size_t nfilters;
    const char *ordering;           /* default ORDER BY: one listed column, "-" prefix for DESC */
    const admin_related_t *related; /* shown on delete, NULL-terminated by label */
    const admin_action_t *actions;  /* NULL-terminated by name */
    admin_hooks_t hooks;
    bool can_add, can_change, can_delete;
    /* The add form shows only the fields with on_add (Django's
     * add_fieldsets), and "Save" on it goes on to the change form, as
     * Django's UserAdmin.response_add does. */
    bool add_fieldsets_only;
    /* Rows beyond which the change list shows PostgreSQL's estimate
     * (pg_class.reltuples, labelled "about N") instead of COUNT(*) when
     * the list is unfiltered. */
    long count_estimate_above;
};

/* Registers a model (an app's admin_register function calls it at start,
 * before workers fork). -1 when the table is inconsistent (a listed column
 * that is not a field, an FK to an unknown model, ...): the program
 * refuses to start, naming it. */
int admin_register(const admin_model_t *m);

/* The model at /admin/<app>/<name>/, or NULL. */
const admin_model_t *admin_model_find(str_t app, str_t name);

#endif
