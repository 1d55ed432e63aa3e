/* What every admin request reads: the urlencoded form of a POST with its
 * CSRF field (Django's csrfmiddlewaretoken beside the csrftoken cookie),
 * and the staff user behind the sessionid cookie. */
#include <stdio.h>
#include <string.h>

#include "admin/site.h"
#include "auth/csrf.h"
#include "auth/session.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/parse.h"
#include "http/response.h"

enum { CSRF_COOKIE_AGE = 31449600 }; /* Django's CSRF_COOKIE_AGE: one year */

str_t
admin_csrf_rotate(http_req_t *r)
{
    char attrs[128];
    char *token = arena_alloc(r->arena, CSRF_TOKEN_LEN + 1);
    if (token == NULL || csrf_new_token(token) != 0)
        return STR_NULL;
    snprintf(attrs, sizeof(attrs), "Max-Age=%d; Path=/; SameSite=Lax%s", CSRF_COOKIE_AGE,
             settings.accounts.csrf_cookie_secure ? "; Secure" : "");
    http_set_cookie(r, "csrftoken", (str_t){token, CSRF_TOKEN_LEN}, attrs);
    return (str_t){token, CSRF_TOKEN_LEN};
}

str_t
admin_csrf_token(http_req_t *r)
{
    str_t current = http_cookie(r, "csrftoken");
    /* Keep a well-formed token: other tabs' forms carry it. */
    if (csrf_check(current, current) == NULL)
        return current;
    return admin_csrf_rotate(r);
}

/* The urlencoded body into form; -1 after the error page. Another type
 * reads as an empty form, as Django's request.POST does, so it fails the
 * CSRF check (403) rather than getting a 415. */
static int
form_or_reply(http_req_t *r, http_pairs_t *form)
{
    str_t body;
    http_media_type_t mt;
    if (http_media_type_parse(r->arena, r->content_type, &mt) != HTTP_PARSE_OK ||
        !str_eq_cstr(mt.type, "application/x-www-form-urlencoded"))
        return 0;
    if (http_body_or_reply(r, &body) != 0)
        return admin_error_page(r, r->status, "The request body could not be read."), -1;
    int rc = http_query_parse(r->arena, body, form);
    if (rc == HTTP_PARSE_NOMEM)
        return admin_error_page(r, 503, "Out of memory."), -1;
    if (rc != HTTP_PARSE_OK)
        return admin_error_page(r, 400, "The form could not be read."), -1;
    return 0;
}

int
admin_post_form_or_reply(http_req_t *r, http_pairs_t *form)
{
    char message[128];
    *form = (http_pairs_t){0};
    /* The cookie is checked before the body is read. */
    str_t cookie = http_cookie(r, "csrftoken");
    const char *why = csrf_check(cookie, cookie);
    if (why == NULL) {
        if (form_or_reply(r, form) != 0)
            return -1;
        why = csrf_check(cookie, http_pairs_get(form, "csrfmiddlewaretoken", NULL));
    }
    if (why == NULL)
        return 0;
    snprintf(message, sizeof(message), "CSRF verification failed. Request aborted. %s", why);
    admin_error_page(r, 403, message);
    return -1;
}

int
admin_session_staff(http_req_t *r, user_t *who)
{
    char err[256];
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len == 0)
        return 0;
    long long id = session_user(sid, err, sizeof(err));
    if (id < 0) {
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
        return -1;
    }
    if (id == 0)
        return 0;
    int found = accounts_user_cached(id, who);
    if (found < 0)
        return -1;
    return found == 1 && who->is_active && who->is_staff;
}

int
admin_staff_or_redirect(http_req_t *r, user_t *who)
{
    int staff = admin_session_staff(r, who);
    if (staff < 0) {
        admin_error_page(r, 503, "The service is temporarily unavailable.");
        return -1;
    }
    if (staff == 1)
        return 0;
    html_t h = {.out = buf_new_on(r->arena)};
    if (h.out == NULL) {
        admin_error_page(r, 503, "Out of memory.");
        return -1;
    }
    HTML_LIT(&h, "/admin/login/?next=");
    html_url_part(&h, r->path);
    if (r->query_string.len > 0) { /* Django's get_full_path(): back to the same search */
        html_url_part(&h, STR_LIT("?"));
        html_url_part(&h, r->query_string);
    }
    /* A Location beyond nginx's FastCGI header buffer (4 KB) would be its
     * 502: a long next= is cut back to the path, then left out. */
    if (h.out->len > ADMIN_NEXT_MAX) {
        buf_reset(h.out);
        HTML_LIT(&h, "/admin/login/?next=");
        html_url_part(&h, r->path);
        if (h.out->len > ADMIN_NEXT_MAX) {
            buf_reset(h.out);
            HTML_LIT(&h, "/admin/login/");
        }
    }
    admin_redirect(r, (str_t){buf_cstr(h.out), h.out->len});
    return -1;
}
