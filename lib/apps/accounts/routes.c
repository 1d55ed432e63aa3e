#include "apps/accounts/accounts.h"

#include "http/openapi.h"

/* The API document's view of each route (http/openapi.h): what the handlers
 * of token_views.c, register.c, session_views.c, profile.c and
 * social_login.c answer. */

static const route_doc_t obtain_token_doc = {
    .summary = "Obtain a JWT pair",
    .description = "simplejwt's TokenObtainPairView, by email and password. Failed attempts "
                   "are throttled per email and per client address (429 with Retry-After).",
    .tag = "auth",
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "TokenObtainRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "TokenPair", "The pair.", NULL},
            {401, "Error",
             "`No active account found with the given credentials`: unknown email, wrong "
             "password or inactive account.",
             NULL},
            {0}},
};

static const route_doc_t refresh_token_doc = {
    .summary = "Refresh the access token",
    .description = "With ROTATE_REFRESH_TOKENS the answer also holds a new refresh token and, "
                   "with BLACKLIST_AFTER_ROTATION, the one sent is blacklisted: a replay is a 401.",
    .tag = "auth",
    .request_schema = "TokenRefreshRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "TokenRefresh", "A new access token (and refresh token when rotating).", NULL},
            {401, "TokenError",
             "The refresh token is invalid, expired or blacklisted, or its user is gone or "
             "inactive.",
             NULL},
            {0}},
};

static const route_doc_t verify_token_doc = {
    .summary = "Verify a token",
    .description = "An access or a refresh token; a refresh token must not be blacklisted.",
    .tag = "auth",
    .request_schema = "TokenVerifyRequest",
    .responses = (const route_response_doc_t[]){{200, "Empty", "Valid.", NULL},
                                                {401, "TokenError",
                                                 "Invalid, expired or blacklisted.", NULL},
                                                {0}},
};

static const route_doc_t register_doc = {
    .summary = "Register",
    .description = "Creates an active, non-staff user. Attempts that pass validation are "
                   "throttled per client address (THROTTLE_REGISTER_PER_IP per "
                   "THROTTLE_REGISTER_WINDOW).",
    .tag = "auth",
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "RegisterRequest",
    .responses =
        (const route_response_doc_t[]){
            {201, "User", "Created.", NULL},
            {400, "BadRequest",
             "Field errors: a missing, blank or invalid email, an email already taken, a "
             "password too short, entirely numeric or too similar to the email.",
             NULL},
            {0}},
};

static const route_doc_t login_set_cookie_doc = {
    .summary = "Get the CSRF cookie",
    .description = "Sets the `csrftoken` cookie (one year; kept when the client's is well "
                   "formed) that POST /api/login/ and cookie-authenticated mutations echo in "
                   "`X-CSRFToken`.",
    .tag = "auth",
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .responses = (const route_response_doc_t[]){{200, "CsrfCookieSet", "Cookie set.", NULL}, {0}},
};

static const route_doc_t login_doc = {
    .summary = "Session login",
    .description = "Django's session login for the SPA's cookie mode: sets the httpOnly "
                   "`sessionid` cookie and a new `csrftoken`. Throttled as obtain_token.",
    .tag = "auth",
    .auth = ROUTE_AUTH_CSRF,
    .flags = ROUTE_DOC_THROTTLED,
    .request_schema = "TokenObtainRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "Detail", "`{\"detail\": \"Success\"}`.", NULL},
            {400, "BadRequest",
             "`{\"detail\": \"Invalid credentials\"}` (unknown email, wrong password, inactive "
             "account), or field errors.",
             NULL},
            {403, "Error", "`CSRF Failed: ...`: no csrftoken cookie or no matching X-CSRFToken.",
             NULL},
            {0}},
};

static const route_doc_t logout_doc = {
    .summary = "Logout",
    .description = "Ends the session (when there is a `sessionid` cookie) and blacklists a "
                   "`refresh` token of the caller given in the optional body.",
    .tag = "auth",
    .auth = ROUTE_AUTH_USER,
    .flags = ROUTE_DOC_BODY_OPTIONAL,
    .request_schema = "LogoutRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "Detail", "`{\"detail\": \"Logout Successful\"}`.", NULL},
            {400, "BadRequest",
             "`refresh` is not a string, or not a valid refresh token of the caller.", NULL},
            {0}},
};

static const route_doc_t profile_get_doc = {
    .summary = "The caller's profile",
    .tag = "users",
    .auth = ROUTE_AUTH_USER,
    .responses = (const route_response_doc_t[]){{200, "User", "The caller.", NULL}, {0}},
};

static const route_doc_t profile_update_doc = {
    .summary = "Update the caller's names",
    .description = "Only `first_name` and `last_name` are writable; a name left out keeps its "
                   "value, for PUT as for PATCH.",
    .tag = "users",
    .auth = ROUTE_AUTH_USER,
    .request_schema = "ProfileUpdate",
    .responses =
        (const route_response_doc_t[]){
            {200, "User", "The caller, updated.", NULL},
            {400, "BadRequest", "A name that is not a string or is over 150 characters.", NULL},
            {404, "Error", "The caller's account was deleted while the request ran.", NULL},
            {0}},
};

static const route_doc_t social_providers_doc = {
    .summary = "Configured social login providers",
    .description = "Client ids are public; secrets never leave the server.",
    .tag = "social",
    .flags = ROUTE_DOC_NO_DEPENDENCIES,
    .responses =
        (const route_response_doc_t[]){{200, "SocialProviders", "The providers.", NULL}, {0}},
};

static const route_doc_t social_login_doc = {
    .summary = "Social login",
    .description = "`backend` is `github`, `google-oauth2` or `facebook` (another is a 404). "
                   "Exchanges the code with the provider, reads its verified email, finds or "
                   "creates that user and returns a JWT pair. Staff and superusers must use "
                   "their password (403).",
    .tag = "social",
    .request_schema = "SocialLoginRequest",
    .responses =
        (const route_response_doc_t[]){
            {200, "TokenPair", "The pair.", NULL},
            {400, "BadRequest",
             "Field errors; the exchange with the provider failed (code refused, no verified "
             "email, provider unreachable); or the account is inactive.",
             NULL},
            {403, "Error", "The email belongs to a staff or superuser account.", NULL},
            {0}},
};

static const route_doc_t ws_identity_doc = {
    .why = "nginx's internal auth_request subrequest for /ws/ (conf/nginx/locations.inc): the "
           "public server never passes this path to the api.",
};

static const route_t accounts_route_table[] = {
    {"POST", "/api/auth/obtain_token/", accounts_obtain_token, &obtain_token_doc},
    {"POST", "/api/auth/refresh_token/", accounts_refresh_token, &refresh_token_doc},
    {"POST", "/api/auth/verify_token/", accounts_verify_token, &verify_token_doc},
    {"POST", "/api/auth/register/", accounts_register, &register_doc},
    {"GET", "/api/login-set-cookie/", accounts_login_set_cookie, &login_set_cookie_doc},
    {"POST", "/api/login/", accounts_login, &login_doc},
    {"POST", "/api/logout/", accounts_logout, &logout_doc},
    {"GET", "/api/users/profile/", accounts_profile_get, &profile_get_doc},
    {"PUT", "/api/users/profile/", accounts_profile_update, &profile_update_doc},
    {"PATCH", "/api/users/profile/", accounts_profile_update, &profile_update_doc},
    {"GET", "/api/social/providers/", accounts_social_providers, &social_providers_doc},
    {"POST", "/api/social/<backend>/", accounts_social_login, &social_login_doc},
    /* Only nginx's internal location for /ws/ reaches this path (ws_identity.c). */
    {"GET", ACCOUNTS_WS_IDENTITY_PATH, accounts_ws_identity, &ws_identity_doc},
};

int
accounts_routes(router_t *rt)
{
    return router_add_all(rt, accounts_route_table, ROUTES_LEN(accounts_route_table));
}
