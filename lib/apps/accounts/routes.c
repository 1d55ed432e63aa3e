#include "apps/accounts/accounts.h"

static const route_t accounts_route_table[] = {
    {"POST", "/api/auth/obtain_token/", accounts_obtain_token, NULL},
    {"POST", "/api/auth/refresh_token/", accounts_refresh_token, NULL},
    {"POST", "/api/auth/verify_token/", accounts_verify_token, NULL},
    {"POST", "/api/auth/register/", accounts_register, NULL},
    {"GET", "/api/login-set-cookie/", accounts_login_set_cookie, NULL},
    {"POST", "/api/login/", accounts_login, NULL},
    {"POST", "/api/logout/", accounts_logout, NULL},
    {"GET", "/api/users/profile/", accounts_profile_get, NULL},
    {"PUT", "/api/users/profile/", accounts_profile_update, NULL},
    {"PATCH", "/api/users/profile/", accounts_profile_update, NULL},
    {"GET", "/api/social/providers/", accounts_social_providers, NULL},
    {"POST", "/api/social/<backend>/", accounts_social_login, NULL},
    /* Only nginx's internal location for /ws/ reaches this path (ws_identity.c). */
    {"GET", ACCOUNTS_WS_IDENTITY_PATH, accounts_ws_identity, NULL},
};

int
accounts_routes(router_t *rt)
{
    return router_add_all(rt, accounts_route_table, ROUTES_LEN(accounts_route_table));
}
