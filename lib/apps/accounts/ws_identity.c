/* Who is opening a websocket: nginx's auth_request asks this before it
 * proxies /ws/ to wsd (conf/nginx/locations.inc), so wsd needs neither
 * PostgreSQL nor the session store. Reachable only through that internal
 * location: the public server never passes this path to the api.
 *
 * Always 200 with X-Ws-User-Id and X-Ws-User-Email, both empty for an
 * anonymous caller, an invalid or expired credential, or an inactive or
 * deleted user (ping-pong is open to anyone; /ws/notifications/ then asks
 * for a token in its first message). 503 when it cannot tell: the session
 * store or the database is away. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "apps/accounts/accounts.h"
#include "auth/session.h"
#include "auth/token.h"
#include "core/log.h"
#include "core/settings.h"
#include "http/response.h"

/* The user id behind the request's credential: > 0, 0 for nobody, -1 when
 * the session store is away. The Authorization header wins over the cookie,
 * as for /api/ (authn.c); simplejwt's header types are Bearer and JWT. */
static long long
credential_user(http_req_t *r)
{
    str_t authz = str_trim(http_header(r, "Authorization")), scheme, token;
    if (authz.len) {
        str_split(authz, ' ', &scheme, &token);
        if (str_ieq_cstr(scheme, "Bearer") || str_ieq_cstr(scheme, "JWT")) {
            token_claims_t claims;
            token_rc_t rc =
                token_verify_cached(str_trim(token), TOKEN_ACCESS, time(NULL), settings.secret_key,
                                    strlen(settings.secret_key), &claims);
            return rc == TOKEN_OK && claims.user_id > 0 ? claims.user_id : 0;
        }
    }
    str_t sid = http_cookie(r, "sessionid");
    if (sid.len == 0)
        return 0;
    char err[256];
    long long id = session_user(sid, err, sizeof(err));
    if (id < 0)
        log_event(LOG_ERROR, NULL, "kv_unavailable", "%s", err);
    return id;
}

/* The email as the contract's header has it: every byte outside
 * A-Za-z0-9.@_+- as %XX, so no header can be split or forged. */
static void
percent_encode(char *out, size_t cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (; *s && n + 4 <= cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            strchr(".@_+-", ch)) {
            out[n++] = (char)ch;
        } else {
            out[n++] = '%';
            out[n++] = hex[ch >> 4];
            out[n++] = hex[ch & 15];
        }
    }
    out[n] = '\0';
}

int
accounts_ws_identity(http_req_t *r)
{
    char id_text[24] = "", email[sizeof(((user_t *)0)->email) * 3 + 1] = "";
    long long id = credential_user(r);
    if (id < 0)
        return http_reply_detail(r, 503, "Cache unavailable.");
    user_t u;
    int found = id > 0 ? accounts_user_cached(id, &u) : 0;
    if (found < 0)
        return http_reply_detail(r, 503, "Database unavailable.");
    if (found > 0 && u.is_active) {
        snprintf(id_text, sizeof(id_text), "%lld", u.id);
        percent_encode(email, sizeof(email), u.email);
    }
    http_add_header(r, "X-Ws-User-Id", id_text);
    http_add_header(r, "X-Ws-User-Email", email);
    http_add_header(r, "Cache-Control", "no-store");
    return http_reply(r, 200, "text/plain", (str_t){"", 0});
}
