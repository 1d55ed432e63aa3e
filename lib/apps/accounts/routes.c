#include "apps/accounts/accounts.h"

static const route_t accounts_route_table[] = {
    {"POST", "/api/auth/obtain_token/", accounts_obtain_token},
    {"POST", "/api/auth/refresh_token/", accounts_refresh_token},
    {"POST", "/api/auth/verify_token/", accounts_verify_token},
    {"POST", "/api/auth/register/", accounts_register},
    {"GET", "/api/login-set-cookie/", accounts_login_set_cookie},
    {"POST", "/api/login/", accounts_login},
    {"POST", "/api/logout/", accounts_logout},
    {"GET", "/api/users/profile/", accounts_profile_get},
    {"PUT", "/api/users/profile/", accounts_profile_update},
    {"PATCH", "/api/users/profile/", accounts_profile_update},
    {"GET", "/api/social/providers/", accounts_social_providers},
    {"POST", "/api/social/<backend>/", accounts_social_login},
    /* Only nginx's internal location for /ws/ reaches this path (ws_identity.c). */
    {"GET", ACCOUNTS_WS_IDENTITY_PATH, accounts_ws_identity},
};

int
accounts_routes(router_t *rt)
{
    return router_add_all(rt, accounts_route_table, ROUTES_LEN(accounts_route_table));
}
