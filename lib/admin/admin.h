/* The admin engine's pages (issue 14): each renders one page body into an
 * html_t from a registered model table and plain inputs (query pairs, form
 * pairs, a connection, the acting user), so cgi-bin/admin only wires HTTP
 * to them. Each returns 0 (rendered), 1 (not found: no such object), or -1
 * with err set (database or out of memory); the program turns that into
 * the status. Nothing here writes headers, the page frame or CSRF fields:
 * the program passes its hidden CSRF field in admin_page_t. */
#ifndef ADMIN_ADMIN_H
#define ADMIN_ADMIN_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "admin/html.h"
#include "admin/model.h"
#include "core/arena.h"
#include "http/pairs.h"

/* What every form the engine prints needs from the program. */
typedef struct {
    str_t csrf_token; /* printed as <input type=hidden name=csrfmiddlewaretoken> */
    arena_t *arena;   /* the request's arena (SQL parameters, forms) */
} admin_page_t;

/* --- registry (registry.c) --------------------------------------------- */

/* Registered models in registration order; i from 0 until NULL. The index
 * page groups them by app. */
const admin_model_t *admin_model_at(size_t i);
/* The field of m with that column, or NULL. */
const admin_field_t *admin_field_find(const admin_model_t *m, const char *column);
/* The field named by a request (a form or a filter): str_t, or NULL. */
const admin_field_t *admin_field_find_str(const admin_model_t *m, str_t column);
/* After every app registered: -1 (naming it on stderr) when an FK field
 * names a model that is not registered. The program refuses to start. */
int admin_registry_check(void);
/* Empties the registry (tests only). */
void admin_registry_clear(void);

/* --- the change list's SQL (changelist_sql.c) ---------------------------- */

#define ADMIN_PAGE_SIZE 100
#define ADMIN_MAX_PARAMS 32
#define ADMIN_MAX_ORDER 8

/* A parameterised query: every identifier from the model table, every
 * request value a $n parameter. */
typedef struct {
    buf_t sql;
    /* SELECT COUNT(*) with the same WHERE and parameters, of at most
     * count_limit + 1 rows (all of them when count_limit is 0). */
    buf_t count_sql;
    buf_t estimate_sql; /* EXPLAIN of the same rows: the planner's estimate */
    long count_limit;   /* admin_count_limit(m) */
    size_t order_at;    /* where sql's ORDER BY starts (admin_query_page rewrites it) */
    bool reversed;      /* the page is read from the end: its rows come last first */
    const char *params[ADMIN_MAX_PARAMS];
    int nparams;
    /* The ordering applied, list_display indexes (1-based, negative for
     * descending): what the column headers print as the next ?o=. */
    int order[ADMIN_MAX_ORDER];
    size_t norder;
    long page;     /* ?p=, 0-based, clamped at 0 */
    bool filtered; /* a search or a filter applies (the count must be exact) */
} admin_query_t;

/* Builds the change list query of m for the request's ?q= ?o= ?p= and
 * filters. Unknown parameters, unlisted orderings and malformed values are
 * ignored, as Django's admin does. Parameters are copied to a (arena).
 * -1 when out of memory. admin_query_free releases the buffers. */
int admin_query_build(admin_query_t *q, arena_t *a, const admin_model_t *m,
                      const http_pairs_t *query);
void admin_query_free(admin_query_t *q);
/* Once the total is known (exact, or an estimate): q->page clamped to the
 * last page (a page past the end shows the last one), and the last half of
 * an exact total read from its end, in the reverse order with a small
 * OFFSET, so the last page costs what the first does. -1 when out of
 * memory. */
int admin_query_page(admin_query_t *q, const admin_model_t *m, long long total, bool exact);
/* Rows a change list of m counts exactly: ADMIN_COUNT_LIMIT, or the
 * model's count_estimate_above when that is lower; 0 counts every row. */
long admin_count_limit(const admin_model_t *m);
/* The row estimate in the first line of an EXPLAIN ("... rows=N ..."), or
 * -1. */
long long admin_plan_rows(const char *line);
/* The estimate's SQL: one parameter, the table name ($1). Used instead of
 * count_sql when the list is unfiltered and the estimate is beyond
 * admin_count_limit(m) (reltuples is -1 before the first ANALYZE). */
extern const char admin_estimate_sql[];
/* The registered model an ADMIN_FK field points at, or NULL. */
const admin_model_t *admin_fk_target(const admin_field_t *f);

/* --- values (value.c) ---------------------------------------------------- */

/* NULL when value is acceptable for the field's type and max_len, else
 * Django's message ("Enter a whole number."). An empty value is the
 * caller's concern (required or NULL). */
const char *admin_value_check(const admin_field_t *f, str_t value);

/* The row's __str__ (m->str_sql) into *out (the arena), for messages and
 * the log. 0; 1 when there is no such row (*out ""); -1 with err set. */
int admin_object_repr(PGconn *c, const admin_model_t *m, long long id, arena_t *a, const char **out,
                      char *err, size_t errlen);

/* --- pages --------------------------------------------------------------- */

/* /admin/ (app NULL) or /admin/<app>/: the registered models as links. */
int admin_index(html_t *h, str_t app);

/* /admin/<app>/<model>/: the list with search box, filters, ordering links,
 * pagination with the total, checkboxes and the action select. */
int admin_changelist(html_t *h, PGconn *c, const admin_model_t *m, const http_pairs_t *query,
                     const admin_page_t *pg, char *err, size_t errlen);

/* The form of the add (id 0) or change (id > 0) page. With posted NULL the
 * values come from the row; else from the posted form, checked and saved:
 * *saved_id gets the pk on success (the program then redirects according
 * to _save / _continue / _addanother), 0 when the form is re-shown with
 * errors. */
int admin_form(html_t *h, PGconn *c, const admin_model_t *m, long long id,
               const http_pairs_t *posted, const admin_actor_t *who, const admin_page_t *pg,
               long long *saved_id, char *err, size_t errlen);

/* The delete confirmation of ids (one object, or the change list's
 * selection): the objects and what goes with them (counts and the first
 * few reprs per related table), with a form posting post=yes. */
int admin_delete_confirm(html_t *h, PGconn *c, const admin_model_t *m, const long long *ids,
                         size_t n, const admin_page_t *pg, char *err, size_t errlen);
/* Deletes ids, logging each (flag 3). Returns the number deleted, -1
 * (err set), or ADMIN_DELETE_REFUSED when the model's may_delete hook
 * refused who (nothing deleted; the caller answers 403). */
enum { ADMIN_DELETE_REFUSED = -2 };
long admin_delete(PGconn *c, const admin_model_t *m, const long long *ids, size_t n,
                  const admin_actor_t *who, char *err, size_t errlen);

/* /admin/<app>/<model>/<id>/history/: admin_log rows of one object; 1
 * when the object has neither a row nor an entry. */
int admin_history(html_t *h, PGconn *c, const admin_model_t *m, long long id, arena_t *arena,
                  char *err, size_t errlen);

/* --- the admin log (history.c, log_page.c) ------------------------------- */

/* /admin/log/: every entry, newest first, ?p= pages of 100. */
int admin_log_page(html_t *h, PGconn *c, const http_pairs_t *query, arena_t *a, char *err,
                   size_t errlen);
/* The index's side box (Django's "Recent actions / My actions"): the
 * user's last ten entries and a link to /admin/log/. */
int admin_recent_actions(html_t *h, PGconn *c, long long user_id, arena_t *a, char *err,
                         size_t errlen);

enum { ADMIN_LOG_ADD = 1, ADMIN_LOG_CHANGE = 2, ADMIN_LOG_DELETE = 3 };

/* INSERT INTO admin_log; repr is cut to 200 characters. change_message_json
 * is Django's list ("[{\"added\":{}}]"). -1 with err set. */
int admin_log_write(PGconn *c, const admin_actor_t *who, const admin_model_t *m, long long id,
                    str_t repr, int flag, const char *change_message_json, char *err,
                    size_t errlen);

#endif
