/* Flower's HTML frame: one stylesheet and one script, both inline and
 * allowed by their SHA-256 in the Content-Security-Policy, so the pages
 * need no static files and nothing else can run in them. */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/evp.h>

#include "apps/accounts/accounts.h"
#include "apps/flower/flower.h"
#include "http/response.h"

static const char page_style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
    "header{background:#2d5b3c;padding:.6em 1em}header a{color:#fff;margin-right:1.2em;"
    "text-decoration:none;font-weight:600}main{padding:1em}"
    "table{border-collapse:collapse;background:#fff;margin-bottom:1.2em}"
    "th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}"
    "th{background:#eee}td.num{text-align:right}pre{background:#fff;border:1px solid #ddd;"
    "padding:.6em;white-space:pre-wrap;word-break:break-all;max-width:100em}"
    ".alive{color:#1a7f37;font-weight:600}.dead{color:#b42318;font-weight:600}"
    ".FAILURE,.REVOKED{color:#b42318}.SUCCESS{color:#1a7f37}.STARTED,.RETRY{color:#9a6700}"
    "code{word-break:break-all}nav.filters a{margin-right:.8em}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}"
    "button{padding:.3em 1em}";

/* Posts a data-fetch form with the CSRF header a session needs (a plain
 * form post cannot send it), then reloads to show the new state. */
static const char page_script[] =
    "document.addEventListener('submit',function(e){"
    "var f=e.target;if(!f.hasAttribute('data-fetch'))return;e.preventDefault();"
    "var m=document.cookie.match(/(?:^|;\\s*)csrftoken=([^;]*)/);"
    "var out=document.getElementById('form-status');"
    "fetch(f.action,{method:'POST',credentials:'same-origin',"
    "headers:{'X-CSRFToken':m?decodeURIComponent(m[1]):''}})"
    ".then(function(r){if(r.ok){location.reload();return;}"
    "if(out)out.textContent='Failed: HTTP '+r.status;})"
    ".catch(function(){if(out)out.textContent='Failed: network error';});});";

/* 'sha256-<base64>' of text, for the CSP. */
static void
csp_hash(const char *text, char *out, size_t outlen)
{
    unsigned char md[EVP_MAX_MD_SIZE], b64[4 * EVP_MAX_MD_SIZE / 3 + 4];
    unsigned int mdlen = 0;
    if (EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL) != 1) {
        snprintf(out, outlen, "'none'");
        return;
    }
    EVP_EncodeBlock(b64, md, (int)mdlen);
    snprintf(out, outlen, "'sha256-%s'", (const char *)b64);
}

static const char *
content_security_policy(void)
{
    static char csp[512];
    if (csp[0] == '\0') {
        char style[128], script[128]; /* a SHA-256 is 44 base64 bytes; room for the worst case */
        csp_hash(page_style, style, sizeof(style));
        csp_hash(page_script, script, sizeof(script));
        snprintf(csp, sizeof(csp),
                 "default-src 'none'; style-src %s; script-src %s; connect-src 'self'; "
                 "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                 style, script);
    }
    return csp;
}

void
html_escape(buf_t *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        case '\'':
            buf_puts(b, "&#39;");
            break;
        case '\0':
            break;
        default:
            buf_putc(b, s[i]);
        }
    }
}

void
html_escape_cstr(buf_t *b, const char *s)
{
    if (s)
        html_escape(b, s, strlen(s));
}

void
html_url_escape(buf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p)) {
            buf_putc(b, (char)*p);
        } else {
            buf_putc(b, '%');
            buf_putc(b, hex[*p >> 4]);
            buf_putc(b, hex[*p & 15]);
        }
    }
}

void
html_begin(http_req_t *r, const char *title)
{
    buf_reset(r->out);
    flower_no_store(r);
    http_add_header(r, "Content-Security-Policy", content_security_policy());
    buf_puts(r->out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<meta name=\"referrer\" content=\"same-origin\"><title>");
    html_escape_cstr(r->out, title);
    buf_puts(r->out, " - Flower</title><style>");
    buf_puts(r->out, page_style);
    buf_puts(r->out, "</style></head><body><header><a href=\"/flower/\">Flower</a>"
                     "<a href=\"/flower/tasks/\">Tasks</a>"
                     "<a href=\"/flower/tasks/?state=FAILURE\">Failures</a>"
                     "<a href=\"/admin/\">Admin</a></header><main><h1>");
    html_escape_cstr(r->out, title);
    buf_puts(r->out, "</h1>\n");
}

int
html_end(http_req_t *r, int status)
{
    buf_puts(r->out, "</main><script>");
    buf_puts(r->out, page_script);
    buf_puts(r->out, "</script></body></html>\n");
    /* As http_json() does for JSON: r->out is the reply. */
    r->status = status;
    r->replied = true;
    r->reply_type = "text/html; charset=utf-8";
    return status;
}

int
html_error(http_req_t *r, int status, const char *message)
{
    html_begin(r, http_reason(status));
    buf_puts(r->out, "<p>");
    html_escape_cstr(r->out, message);
    buf_puts(r->out, "</p>\n");
    return html_end(r, status);
}

/* The "detail" of the JSON reply accounts made, copied into the arena. */
static const char *
reply_detail(http_req_t *r)
{
    const char *detail = NULL;
    json_object *o = json_tokener_parse(buf_cstr(r->out)), *d;
    if (o && json_object_object_get_ex(o, "detail", &d) && json_object_is_type(d, json_type_string))
        detail = arena_cstr(r->arena, str_from_cstr(json_object_get_string(d)));
    json_object_put(o);
    return detail;
}

int
html_staff_or_reply(http_req_t *r)
{
    if (accounts_staff_or_reply(r) == 0)
        return 0;
    int status = r->status;
    const char *detail = reply_detail(r);
    if (status != 401 && status != 403) {
        html_error(r, status, detail ? detail : "The service is temporarily unavailable.");
        return -1;
    }
    html_begin(r, status == 401 ? "Log in" : "Forbidden");
    buf_puts(r->out, "<p>");
    html_escape_cstr(r->out, detail);
    buf_puts(r->out, "</p><p>Flower is for staff. <a href=\"/admin/login/?next=");
    html_url_escape(r->out, arena_cstr(r->arena, r->path));
    buf_puts(r->out, "\">Log in as staff</a></p>\n");
    html_end(r, status);
    return -1;
}
