/* What the admin engine's files share and the program does not need. */
#ifndef ADMIN_INTERNAL_H
#define ADMIN_INTERNAL_H

#include "admin/admin.h"

/* Sets err from the connection's message, clears res, returns -1. */
int admin_pg_fail(PGresult *res, PGconn *c, const char *what, char *err, size_t errlen);

/* Ends the transaction: COMMIT when ok, else ROLLBACK. 0 only when the
 * COMMIT succeeded (a COMMIT can fail: a deferred constraint, a lost
 * connection); -1 otherwise, err set when the COMMIT failed. */
int admin_tx_end(PGconn *c, int ok, const char *what, char *err, size_t errlen);

/* A row's id as text for a parameter. */
typedef struct {
    char s[24];
} admin_id_text_t;
admin_id_text_t admin_id_text(long long id);

/* Prints href="?..." from the current query with p removed and name set
 * to value (removed when value is empty; name NULL: nothing set). */
void admin_query_href(html_t *h, const http_pairs_t *query, const char *name, str_t value);
/* The same for several names at once (a date range's __gte and __lt). */
void admin_query_href_n(html_t *h, const http_pairs_t *query, const char *const *names,
                        const str_t *values, size_t count);

/* A stored file's path as Django's FileField shows it: a link to
 * /media/<path> (for statements /media/private/..., which checks who asks). */
void admin_file_link(html_t *h, str_t path);

/* Django's change message in the words of its history page: "Added.",
 * "Changed First name and Staff status.", "Deleted." (history.c). */
void admin_change_message_html(html_t *h, const char *json, const char *flag);

/* The change list's page links, Django's Paginator.get_elided_page_range
 * (3 on each side of the current page, 2 at each end) with 0-based pages:
 * writes the pages to link in order, ADMIN_PAGE_GAP for each "…", and
 * returns how many (none for a single page). Its work does not grow with
 * pages. */
enum { ADMIN_PAGE_LINKS_MAX = 13, ADMIN_PAGE_GAP = -1 };
size_t admin_page_links(long pages, long current, long out[ADMIN_PAGE_LINKS_MAX]);

/* The change list's side panel of filters (changelist_filter.c). */
int admin_filters_render(html_t *h, PGconn *c, const admin_model_t *m, const http_pairs_t *query,
                         char *err, size_t errlen);

/* --- forms (form.c, form_save.c) ---------------------------------------- */

#define ADMIN_MAX_FIELDS 48
#define ADMIN_FORM_MAX_ERRORS 32

struct admin_form {
    const admin_model_t *m;
    const http_pairs_t *posted; /* NULL: the form shows the stored row */
    arena_t *arena;             /* the request's */
    PGresult *row; /* the stored row: fields in order, then __str__; NULL when adding */
    bool adding;
    struct {
        const char *column; /* NULL: about the whole form */
        const char *message;
    } errors[ADMIN_FORM_MAX_ERRORS];
    size_t nerrors;
    const char *values[ADMIN_MAX_FIELDS]; /* checked values by field index, NULL: SQL NULL */
    bool changed[ADMIN_MAX_FIELDS];       /* differs from the stored row */
};

/* Whether field f is on this form, and whether it can be changed there. */
bool admin_field_on_form(const admin_model_t *m, const admin_field_t *f, bool adding);
bool admin_field_writable(const admin_field_t *f, bool adding, const admin_actor_t *who);

/* UPDATE or INSERT the checked values and write the admin log; *id is the
 * pk (set when adding). 0, 1 when the database refused a value (the error
 * is on the form: a duplicate), -1 with err set. */
int admin_form_save(PGconn *c, admin_form_t *f, const admin_actor_t *who, long long *id, char *err,
                    size_t errlen);

#endif
