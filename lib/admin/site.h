/* cgi-bin/admin's own part of the admin (issue 14): the page frame and the
 * headers every response carries, Django's CSRF cookie and hidden field,
 * who is logged in, and the login, logout and password change pages. The
 * engine (admin.h) renders the model pages into the frame made here. */
#ifndef ADMIN_SITE_H
#define ADMIN_SITE_H

#include "admin/html.h"
#include "apps/accounts/accounts.h"
#include "http/pairs.h"
#include "http/request.h"
#include "http/router.h"

/* Django's AuthenticationForm error for a staff login that fails. */
#define ADMIN_LOGIN_ERROR                                                                          \
    "Please enter the correct email address and password for a staff account. Note that both "     \
    "fields may be case-sensitive."

/* The longest Location the admin sends to the login page or back from it:
 * beyond nginx's FastCGI header buffer (4 KB) a reply is nginx's 502. */
#define ADMIN_NEXT_MAX 2048

/* --- routes.c ------------------------------------------------------------ */
/* The admin's routes; the last one answers every other /admin/ path with
 * the HTML 404 page. -1 when the route table refuses one. */
int admin_routes(router_t *rt);

/* --- page.c: the frame and the headers ----------------------------------- */
/* Content-Security-Policy and Cache-Control (nginx's security_headers.conf
 * adds X-Frame-Options: DENY to every response). */
void admin_security_headers(http_req_t *r);
/* Starts a page in r->out: head, stylesheet, the header bar with the
 * logged-in user (NULL: none) and its logout form. */
html_t admin_page_begin(http_req_t *r, const char *title, const user_t *who, str_t csrf);
/* The same without the <h1>: the engine's pages print their own. */
html_t admin_frame_begin(http_req_t *r, const char *title, const user_t *who, str_t csrf);
/* Ends the page and marks it the reply with status; returns status. */
int admin_page_end(http_req_t *r, html_t *h, int status);
/* An HTML error page (403, 404, 405, 503, ...) with Django's title. */
int admin_error_page(http_req_t *r, int status, const char *message);
/* 405 unless r's method is one of allowed ("GET, HEAD, POST" style list of
 * GET / POST; GET implies HEAD). Returns 0 when allowed, else the status. */
int admin_method_or_reply(http_req_t *r, bool get, bool post);
/* A 302 to location (a path of ours); returns 302. */
int admin_redirect(http_req_t *r, str_t location);

/* --- request.c: forms, CSRF, the staff user ------------------------------ */
/* The CSRF token for the page's forms: the client's well-formed csrftoken
 * cookie, else a new one set as the cookie. STR_NULL on RNG failure. */
str_t admin_csrf_token(http_req_t *r);
/* Sets a fresh csrftoken cookie (at login, as Django rotates it). */
str_t admin_csrf_rotate(http_req_t *r);
/* Reads the urlencoded POST body into form and checks its
 * csrfmiddlewaretoken against the cookie. 0, or -1 after the HTML
 * 400/403/413/415 page. */
int admin_post_form_or_reply(http_req_t *r, http_pairs_t *form);
/* The logged-in active staff user into *who. 0; or -1 after replying: a
 * redirect to /admin/login/?next=<path> for anyone else, 503 when the
 * session store or the database is away. */
int admin_staff_or_redirect(http_req_t *r, user_t *who);
/* The logged-in active staff user: 1, 0 none, -1 stores away. */
int admin_session_staff(http_req_t *r, user_t *who);

/* --- message.c: Django's success messages, carried to the next page ------ */
/* Keeps the formatted message for the session's next GET (Redis, a
 * minute). 0, or -1 when there is no session or Redis is away (logged). */
int admin_message_set(http_req_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The session's pending message (in the arena), taken so it shows once;
 * NULL when none. Only a GET takes it. */
const char *admin_message_take(http_req_t *r);

/* --- session_end.c: after a password change -------------------------------- */
/* Ends user_id's sessions, all but the request's own when keep_current. 0,
 * or -1 after logging and rendering a warning page (the password stays
 * changed): the caller returns r->status. */
int admin_sessions_end_or_page(http_req_t *r, long long user_id, bool keep_current);

/* --- login.c, password.c: the handlers ----------------------------------- */
int admin_login_view(http_req_t *r);
int admin_logout_view(http_req_t *r);
int admin_password_change_view(http_req_t *r);
int admin_password_change_done_view(http_req_t *r);
int admin_index_view(http_req_t *r);
int admin_app_index_view(http_req_t *r);
int admin_not_found_view(http_req_t *r);
int admin_log_view(http_req_t *r);
/* user_password.c: /admin/accounts/user/<id>/password/ (Django's
 * AdminPasswordChangeForm): a superuser sets anyone's, staff their own. */
int admin_user_password_view(http_req_t *r);

/* --- model_views.c: the engine's pages of one registered model ----------- */
int admin_changelist_view(http_req_t *r);
int admin_add_view(http_req_t *r);
int admin_change_view(http_req_t *r);
int admin_delete_view(http_req_t *r);
int admin_history_view(http_req_t *r);
/* Puts an engine page in the frame: rc 0 rendered (200), 1 the 404 page,
 * -1 the 503 page with err. */
int admin_engine_page_end(http_req_t *r, html_t *h, int rc, const char *err);

#endif
