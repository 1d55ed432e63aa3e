#include "apps/accounts/accounts.h"

int
accounts_routes(router_t *rt)
{
    int rc = 0;
    rc |= router_add(rt, "POST", "/api/auth/obtain_token/", accounts_obtain_token);
    rc |= router_add(rt, "POST", "/api/auth/refresh_token/", accounts_refresh_token);
    rc |= router_add(rt, "POST", "/api/auth/verify_token/", accounts_verify_token);
    rc |= router_add(rt, "POST", "/api/auth/register/", accounts_register);
    rc |= router_add(rt, "GET", "/api/login-set-cookie/", accounts_login_set_cookie);
    rc |= router_add(rt, "POST", "/api/login/", accounts_login);
    rc |= router_add(rt, "POST", "/api/logout/", accounts_logout);
    rc |= router_add(rt, "GET", "/api/users/profile/", accounts_profile_get);
    rc |= router_add(rt, "PUT", "/api/users/profile/", accounts_profile_update);
    rc |= router_add(rt, "PATCH", "/api/users/profile/", accounts_profile_update);
    rc |= router_add(rt, "GET", "/api/social/providers/", accounts_social_providers);
    rc |= router_add(rt, "POST", "/api/social/<backend>/", accounts_social_login);
    return rc;
}
