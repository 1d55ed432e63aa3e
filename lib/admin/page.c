/* The admin's page frame and the headers every one of its responses
 * carries, so no view can forget them. */
#include <stdio.h>

#include "admin/site.h"
#include "http/response.h"

void
admin_security_headers(http_req_t *r)
{
    /* No inline script or style anywhere: admin.css and admin.js only. */
    http_add_header(r, "Content-Security-Policy", "default-src 'self'");
    /* Pages show private data and carry CSRF tokens: never from a cache. */
    http_add_header(r, "Cache-Control", "no-store");
}

/* Django shows the first name when there is one, else the username. */
static void
user_tools(html_t *h, const user_t *who, str_t csrf)
{
    HTML_LIT(h, "<div id=\"user-tools\">Welcome, <strong>");
    html_text_cstr(h, who->first_name[0] ? who->first_name : who->email);
    HTML_LIT(h, "</strong>. <a href=\"/admin/password_change/\">Change password</a> / "
                "<form id=\"logout-form\" method=\"post\" action=\"/admin/logout/\">");
    admin_csrf_hidden(h, csrf);
    HTML_LIT(h, "<button type=\"submit\">Log out</button></form></div>");
}

html_t
admin_frame_begin(http_req_t *r, const char *title, const user_t *who, str_t csrf)
{
    html_t h = {.out = r->out};
    buf_reset(r->out);
    HTML_LIT(&h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    html_text_cstr(&h, title);
    HTML_LIT(&h, " | Site administration</title>"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/admin/favicon.svg\">"
                 "<link rel=\"stylesheet\" href=\"/static/admin/admin.css\">"
                 "<script src=\"/static/admin/admin.js\" defer></script></head>\n<body>"
                 "<header id=\"header\"><div id=\"branding\"><a href=\"/admin/\">"
                 "Site administration</a></div>");
    const char *message = who ? admin_message_take(r) : NULL;
    if (who)
        user_tools(&h, who, csrf);
    HTML_LIT(&h, "</header>\n");
    if (message) {
        HTML_LIT(&h, "<ul class=\"messagelist\"><li class=\"success\">");
        html_text_cstr(&h, message);
        HTML_LIT(&h, "</li></ul>\n");
    }
    HTML_LIT(&h, "<main id=\"content\">");
    return h;
}

html_t
admin_page_begin(http_req_t *r, const char *title, const user_t *who, str_t csrf)
{
    html_t h = admin_frame_begin(r, title, who, csrf);
    HTML_LIT(&h, "<h1>");
    html_text_cstr(&h, title);
    HTML_LIT(&h, "</h1>\n");
    return h;
}

int
admin_page_end(http_req_t *r, html_t *h, int status)
{
    HTML_LIT(h, "</main></body></html>\n");
    admin_security_headers(r);
    r->status = status;
    r->replied = true;
    r->reply_type = "text/html; charset=utf-8";
    return status;
}

int
admin_error_page(http_req_t *r, int status, const char *message)
{
    char title[64];
    snprintf(title, sizeof(title), "%s (%d)", http_reason(status), status);
    html_t h = admin_page_begin(r, title, NULL, STR_NULL);
    HTML_LIT(&h, "<p class=\"errornote\">");
    html_text_cstr(&h, message);
    HTML_LIT(&h, "</p>");
    return admin_page_end(r, &h, status);
}

int
admin_method_or_reply(http_req_t *r, bool get, bool post)
{
    bool is_get = str_eq_cstr(r->method, "GET") || str_eq_cstr(r->method, "HEAD");
    if ((get && is_get) || (post && str_eq_cstr(r->method, "POST")))
        return 0;
    http_add_header(r, "Allow", get && post ? "GET, HEAD, POST" : get ? "GET, HEAD" : "POST");
    return admin_error_page(r, 405, "This method is not allowed here.");
}

int
admin_redirect(http_req_t *r, str_t location)
{
    char *loc = arena_cstr(r->arena, location);
    if (loc == NULL)
        return admin_error_page(r, 503, "Out of memory.");
    http_add_header(r, "Location", loc);
    admin_security_headers(r);
    return http_reply(r, 302, "text/html; charset=utf-8", STR_NULL);
}
