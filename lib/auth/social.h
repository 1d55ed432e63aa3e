/* OAuth2 code exchange for social login (what python-social-auth did for
 * github, google-oauth2 and facebook): trade the code for an access token
 * at the provider's token URL, read the profile and a verified email. All
 * HTTP goes through libcurl; every URL, client id and secret is a setting,
 * so tests point them at a local fake provider. */
#ifndef AUTH_SOCIAL_H
#define AUTH_SOCIAL_H

#include <stddef.h>

typedef struct {
    const char *name;          /* "github", "google-oauth2", "facebook" */
    const char *client_id;     /* SOCIAL_AUTH_<NAME>_KEY */
    const char *client_secret; /* SOCIAL_AUTH_<NAME>_SECRET */
    const char *token_url;     /* SOCIAL_AUTH_<NAME>_TOKEN_URL */
    const char *profile_url;   /* SOCIAL_AUTH_<NAME>_PROFILE_URL */
    const char *emails_url;    /* github only: SOCIAL_AUTH_GITHUB_EMAILS_URL */
    const char *authorize_url; /* SOCIAL_AUTH_<NAME>_AUTHORIZE_URL (the browser goes there) */
    const char *scope;         /* what the authorization asks for: a verified email */
    long timeout_ms;           /* SOCIAL_AUTH_TIMEOUT_MS */
} social_provider_t;

typedef struct {
    char email[255];      /* the verified email, as the provider gives it */
    char first_name[151]; /* may be empty */
    char last_name[151];
} social_profile_t;

typedef enum {
    SOCIAL_OK = 0,
    SOCIAL_UNKNOWN_BACKEND,  /* 404 */
    SOCIAL_NOT_CONFIGURED,   /* 400: no client id/secret set */
    SOCIAL_PROVIDER_ERROR,   /* 400: the provider refused the code, or answered junk */
    SOCIAL_PROVIDER_TIMEOUT, /* 400: no answer within timeout_ms */
    SOCIAL_NO_EMAIL,         /* 400: no verified email in the profile */
} social_rc_t;

/* The backends by name, NULL-terminated: "github", "google-oauth2", "facebook". */
extern const char *const social_backends[];

/* The provider named `backend` from the settings, or NULL when unknown. */
const social_provider_t *social_provider(const char *backend);

/* Exchanges code (and redirect_uri, may be NULL) for a profile. On failure
 * writes a one-line reason fit for the client's "detail" into err. */
social_rc_t social_exchange(const social_provider_t *p, const char *code, const char *redirect_uri,
                            social_profile_t *out, char *err, size_t errlen);

#endif
