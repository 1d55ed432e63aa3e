/* Social login (python-social-auth's github, google-oauth2 and facebook
 * backends) over libcurl's easy interface. Every call is one short-lived
 * easy handle: no redirects, http(s) only, a size cap and a deadline, so a
 * misbehaving provider costs a worker at most timeout_ms per call and 1 MiB.
 * The process is expected to have called curl_global_init() before it
 * starts threads; curl_easy_init() does it lazily otherwise. */
#include "auth/social.h"
#include "http/client.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/settings.h"
#include "core/str.h"

enum {
    MAX_BODY = 1 << 20,  /* bytes of any provider answer */
    MAX_TOKEN = 4096,    /* bytes of an access token */
    MAX_ERROR_CODE = 64, /* bytes of an OAuth2 "error" quoted back */
    MAX_ERROR_DESC = 120 /* bytes of an "error_description" quoted back */
};

static const char user_agent[] = "verbose-c-social-auth/1";

static social_provider_t providers[3];

const char *const social_backends[] = {"github", "google-oauth2", "facebook", NULL};

const social_provider_t *
social_provider(const char *backend)
{
    if (backend == NULL)
        return NULL;
    if (strcmp(backend, "github") == 0) {
        providers[0] = (social_provider_t){
            "github",
            settings.social.github_key,
            settings.social.github_secret,
            settings.social.github_token_url,
            settings.social.github_profile_url,
            settings.social.github_emails_url,
            settings.social.github_authorize_url,
            "read:user user:email",
            settings.social.timeout_ms,
        };
        return &providers[0];
    }
    if (strcmp(backend, "google-oauth2") == 0) {
        providers[1] = (social_provider_t){
            "google-oauth2",
            settings.social.google_key,
            settings.social.google_secret,
            settings.social.google_token_url,
            settings.social.google_profile_url,
            NULL,
            settings.social.google_authorize_url,
            "openid email profile",
            settings.social.timeout_ms,
        };
        return &providers[1];
    }
    if (strcmp(backend, "facebook") == 0) {
        providers[2] = (social_provider_t){
            "facebook",
            settings.social.facebook_key,
            settings.social.facebook_secret,
            settings.social.facebook_token_url,
            settings.social.facebook_profile_url,
            NULL,
            settings.social.facebook_authorize_url,
            "email",
            settings.social.timeout_ms,
        };
        return &providers[2];
    }
    return NULL;
}

/* Writes the reason into err, cut at a UTF-8 boundary when it does not fit. */
static size_t
utf8_len(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    return 2;
}

/* Copies valid UTF-8 src into dst (size dstlen), dropping control
 * characters and cutting at a character boundary. True when all of it fit. */
static bool
copy_text(char *dst, size_t dstlen, const char *src, size_t len)
{
    size_t n = 0, i = 0;

    while (i < len) {
        unsigned char c = (unsigned char)src[i];
        size_t clen = utf8_len(c);
        if (c < 0x20 || c == 0x7F) {
            i++;
            continue;
        }
        if (clen > len - i || n + clen >= dstlen)
            break;
        memcpy(dst + n, src + i, clen);
        n += clen;
        i += clen;
    }
    dst[n] = '\0';
    return i == len;
}

static void
set_name(char *dst, size_t dstlen, json_object *obj, const char *key)
{
    size_t len = 0;
    const char *s = json_get_str(obj, key, &len);

    copy_text(dst, dstlen, s ? s : "", len);
}

/* Copies the email at key into out when it looks like one address. */
static bool
set_email(social_profile_t *out, json_object *obj, const char *key)
{
    size_t len = 0;
    const char *s = json_get_str(obj, key, &len);

    if (s == NULL || len == 0 || len >= sizeof(out->email) || memchr(s, '@', len) == NULL)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
            return false;
    memcpy(out->email, s, len);
    out->email[len] = '\0';
    return true;
}

/* Parses the whole body as one JSON value of type `type`, rejecting invalid
 * UTF-8 so every string copied out is fit for the database. The caller puts
 * the result; NULL when the body is anything else. */
static json_object *
parse_json(buf_t *body, json_type type)
{
    json_object *v = NULL;
    json_tokener *tok = json_tokener_new();
    const char *s = buf_cstr(body);

    if (tok == NULL || body->len == 0 || body->len > MAX_BODY)
        goto fail;
    json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
    v = json_tokener_parse_ex(tok, s, (int)body->len);
    if (v == NULL || json_tokener_get_error(tok) != json_tokener_success ||
        !json_object_is_type(v, type))
        goto fail;
    for (size_t i = json_tokener_get_parse_end(tok); i < body->len; i++)
        if (strchr(" \t\r\n", s[i]) == NULL)
            goto fail;
    json_tokener_free(tok);
    return v;

fail:
    json_object_put(v);
    if (tok != NULL)
        json_tokener_free(tok);
    return NULL;
}

/* One request to the provider: a POST of the urlencoded `form` when it is
 * not NULL, else a GET; `bearer` is the access token to present, or NULL.
 * Fills *status and the caller's body (at most MAX_BODY bytes). */
static social_rc_t
http_call(const social_provider_t *p, const char *url, const char *form, const char *bearer,
          long *status, buf_t *body, char *err, size_t errlen)
{
    social_rc_t rc = SOCIAL_PROVIDER_ERROR;
    struct curl_slist *headers = NULL;
    http_sink_t sink = {body, MAX_BODY, false};
    buf_t auth;
    CURLcode res;
    CURL *c = curl_easy_init();

    buf_init(&auth);
    if (c == NULL) {
        http_client_error(err, errlen, "could not reach %s.", p->name);
        goto fail;
    }
    if (bearer != NULL) {
        buf_printf(&auth, "Bearer %s", bearer);
        if (auth.failed || !http_header_append(&headers, "Authorization", buf_cstr(&auth))) {
            http_client_error(err, errlen, "could not reach %s.", p->name);
            goto fail;
        }
    }
    if (!http_header_append(&headers, "Accept", "application/json")) {
        http_client_error(err, errlen, "could not reach %s.", p->name);
        goto fail;
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    http_client_defaults(c, p->timeout_ms);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_BODY);
    curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_sink_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (form != NULL) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(form));
    }

    res = curl_easy_perform(c);
    if (res == CURLE_OPERATION_TIMEDOUT) {
        rc = SOCIAL_PROVIDER_TIMEOUT;
        http_client_error(err, errlen, "%s did not answer in time.", p->name);
        goto fail;
    }
    if (res == CURLE_FILESIZE_EXCEEDED || (res == CURLE_WRITE_ERROR && sink.refused)) {
        http_client_error(err, errlen, "%s answered something unexpected.", p->name);
        goto fail;
    }
    if (res != CURLE_OK) {
        http_client_error(err, errlen, "could not reach %s.", p->name);
        goto fail;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    rc = SOCIAL_OK;

fail:
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    buf_free(&auth);
    return rc;
}

/* Appends "&key=value" (no '&' first), value percent-encoded. */
static bool
form_add(CURL *c, buf_t *form, const char *key, const char *value)
{
    char *escaped = curl_easy_escape(c, value, 0);

    if (escaped == NULL)
        return false;
    buf_printf(form, "%s%s=%s", form->len ? "&" : "", key, escaped);
    curl_free(escaped);
    return !form->failed;
}

/* "<backend> refused the code: <error> (<description>)" from an OAuth2
 * error answer; Facebook nests it as {"error": {"type", "message"}}. */
static void
say_refused(const social_provider_t *p, json_object *answer, char *err, size_t errlen)
{
    char code[MAX_ERROR_CODE + 1], desc[MAX_ERROR_DESC + 1];
    json_object *error = json_get_object(answer, "error"), *holder = answer;
    const char *s;
    size_t len = 0;
    bool whole = true;

    if (error != NULL) {
        holder = error;
        s = json_get_str(error, "type", &len);
    } else {
        s = json_get_str(answer, "error", &len);
    }
    copy_text(code, sizeof(code), s ? s : "unknown_error", s ? len : strlen("unknown_error"));
    s = json_get_str(holder, holder == answer ? "error_description" : "message", &len);
    desc[0] = '\0';
    if (s != NULL)
        whole = copy_text(desc, sizeof(desc), s, len);
    if (desc[0] != '\0')
        http_client_error(err, errlen, "%s refused the code: %s (%s%s)", p->name, code, desc,
                          whole ? "" : "...");
    else
        http_client_error(err, errlen, "%s refused the code: %s", p->name, code);
}

/* Trades the code for an access token (token[MAX_TOKEN + 1]). Always a
 * POST with a form body, Facebook included: the Graph API takes it, and the
 * secret then stays out of URLs that proxies log. */
static social_rc_t
fetch_token(const social_provider_t *p, const char *code, const char *redirect_uri, char *token,
            char *err, size_t errlen)
{
    social_rc_t rc = SOCIAL_PROVIDER_ERROR;
    json_object *answer = NULL;
    buf_t form, body;
    long status = 0;
    size_t len = 0;
    const char *s;
    CURL *c = curl_easy_init(); /* only for curl_easy_escape() */

    buf_init(&form);
    buf_init(&body);
    if (c == NULL || !form_add(c, &form, "client_id", p->client_id) ||
        !form_add(c, &form, "client_secret", p->client_secret) ||
        !form_add(c, &form, "code", code) ||
        (redirect_uri != NULL && redirect_uri[0] != '\0' &&
         !form_add(c, &form, "redirect_uri", redirect_uri)) ||
        !form_add(c, &form, "grant_type", "authorization_code")) {
        http_client_error(err, errlen, "could not reach %s.", p->name);
        goto fail;
    }
    rc = http_call(p, p->token_url, buf_cstr(&form), NULL, &status, &body, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    rc = SOCIAL_PROVIDER_ERROR;
    answer = status < 500 ? parse_json(&body, json_type_object) : NULL;
    if (answer == NULL) {
        http_client_error(err, errlen, "%s answered something unexpected.", p->name);
        goto fail;
    }
    if (json_get(answer, "error") != NULL) {
        say_refused(p, answer, err, errlen);
        goto fail;
    }
    s = json_get_str(answer, "access_token", &len);
    if (status < 200 || status > 299 || s == NULL || len == 0 || len > MAX_TOKEN) {
        http_client_error(err, errlen, "%s answered something unexpected.", p->name);
        goto fail;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F) {
            http_client_error(err, errlen, "%s answered something unexpected.", p->name);
            goto fail;
        }
    }
    memcpy(token, s, len);
    token[len] = '\0';
    rc = SOCIAL_OK;

fail:
    json_object_put(answer);
    buf_free(&body);
    buf_free(&form);
    curl_easy_cleanup(c);
    return rc;
}

/* GETs url with the token and parses a JSON value of `type` into *out,
 * which the caller puts. */
static social_rc_t
fetch_json(const social_provider_t *p, const char *url, const char *token, json_type type,
           json_object **out, char *err, size_t errlen)
{
    social_rc_t rc;
    buf_t body;
    long status = 0;

    buf_init(&body);
    *out = NULL;
    rc = http_call(p, url, NULL, token, &status, &body, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    rc = SOCIAL_PROVIDER_ERROR;
    if (status == 401 || status == 403) {
        http_client_error(err, errlen, "%s refused the access token.", p->name);
        goto fail;
    }
    if (status < 200 || status > 299 || (*out = parse_json(&body, type)) == NULL) {
        http_client_error(err, errlen, "%s answered something unexpected.", p->name);
        goto fail;
    }
    rc = SOCIAL_OK;

fail:
    buf_free(&body);
    return rc;
}

/* GitHub: the profile has one "name"; the email comes from /user/emails,
 * the primary one if verified, else any verified one. The profile's own
 * "email" is only the public one and says nothing about verification. */
static social_rc_t
github_profile(const social_provider_t *p, const char *token, social_profile_t *out, char *err,
               size_t errlen)
{
    social_rc_t rc;
    json_object *profile = NULL, *emails = NULL;
    size_t len = 0, n;
    const char *name;

    rc = fetch_json(p, p->profile_url, token, json_type_object, &profile, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    name = json_get_str(profile, "name", &len);
    if (name != NULL) {
        str_t first, last; /* split at the first space, as python-social-auth did */
        str_split(str_trim((str_t){name, len}), ' ', &first, &last);
        copy_text(out->first_name, sizeof(out->first_name), first.p, first.len);
        copy_text(out->last_name, sizeof(out->last_name), last.p, last.len);
    }

    rc = fetch_json(p, p->emails_url, token, json_type_array, &emails, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    rc = SOCIAL_NO_EMAIL;
    n = json_object_array_length(emails);
    for (int pass = 0; pass < 2 && rc != SOCIAL_OK; pass++) {
        for (size_t i = 0; i < n; i++) {
            json_object *e = json_object_array_get_idx(emails, i);
            if (json_object_is_type(e, json_type_object) && json_get_true(e, "verified") &&
                (pass == 1 || json_get_true(e, "primary")) && set_email(out, e, "email")) {
                rc = SOCIAL_OK;
                break;
            }
        }
    }
    if (rc != SOCIAL_OK)
        http_client_error(err, errlen, "%s has no verified email for this account.", p->name);

fail:
    json_object_put(emails);
    json_object_put(profile);
    return rc;
}

/* Google's OpenID userinfo: email_verified must be true (a boolean, or
 * "true" in older answers). Facebook's Graph API has no such flag: its
 * email field is the account's primary address and is left out when
 * Facebook holds no confirmed one, so an email that is there is taken as
 * verified (python-social-auth did the same). The staff refusal in
 * social_login.c bounds what a wrong assumption could cost. */
static social_rc_t
userinfo_profile(const social_provider_t *p, const char *token, social_profile_t *out, char *err,
                 size_t errlen)
{
    social_rc_t rc;
    json_object *profile = NULL;
    bool google = strcmp(p->name, "google-oauth2") == 0;

    rc = fetch_json(p, p->profile_url, token, json_type_object, &profile, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    set_name(out->first_name, sizeof(out->first_name), profile,
             google ? "given_name" : "first_name");
    set_name(out->last_name, sizeof(out->last_name), profile, google ? "family_name" : "last_name");
    rc = SOCIAL_NO_EMAIL;
    if ((google && !json_get_true(profile, "email_verified")) ||
        !set_email(out, profile, "email")) {
        http_client_error(err, errlen, "%s has no verified email for this account.", p->name);
        goto fail;
    }
    rc = SOCIAL_OK;

fail:
    json_object_put(profile);
    return rc;
}

social_rc_t
social_exchange(const social_provider_t *p, const char *code, const char *redirect_uri,
                social_profile_t *out, char *err, size_t errlen)
{
    social_rc_t rc = SOCIAL_UNKNOWN_BACKEND;
    char token[MAX_TOKEN + 1];

    memset(out, 0, sizeof(*out));
    http_client_error(err, errlen, "%s", "");
    if (p == NULL || p->name == NULL) {
        http_client_error(err, errlen, "unknown social backend.");
        goto fail;
    }
    rc = SOCIAL_NOT_CONFIGURED;
    if (p->client_id == NULL || p->client_id[0] == '\0' || p->client_secret == NULL ||
        p->client_secret[0] == '\0' || p->token_url == NULL || p->profile_url == NULL ||
        (strcmp(p->name, "github") == 0 && p->emails_url == NULL)) {
        http_client_error(err, errlen, "%s login is not configured.", p->name);
        goto fail;
    }
    rc = SOCIAL_PROVIDER_ERROR;
    if (code == NULL || code[0] == '\0') {
        http_client_error(err, errlen, "%s refused the code: the code is empty.", p->name);
        goto fail;
    }
    rc = fetch_token(p, code, redirect_uri, token, err, errlen);
    if (rc != SOCIAL_OK)
        goto fail;
    if (strcmp(p->name, "github") == 0)
        rc = github_profile(p, token, out, err, errlen);
    else
        rc = userinfo_profile(p, token, out, err, errlen);

fail:
    if (rc != SOCIAL_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}
