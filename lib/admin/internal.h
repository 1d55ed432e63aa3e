/* What the admin engine's files share and the program does not need. */
#ifndef ADMIN_INTERNAL_H
#define ADMIN_INTERNAL_H

#include "admin/admin.h"

/* Sets err from the connection's message, clears res, returns -1. */
int admin_pg_fail(PGresult *res, PGconn *c, const char *what, char *err, size_t errlen);

/* The hidden CSRF field every engine form carries. */
void admin_csrf_field(html_t *h, const admin_page_t *pg);

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

/* The change list's side panel of filters (changelist_filter.c). */
int admin_filters_render(html_t *h, PGconn *c, const admin_model_t *m, const http_pairs_t *query,
                         char *err, size_t errlen);

#endif
