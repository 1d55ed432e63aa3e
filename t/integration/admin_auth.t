#!/usr/bin/env bash
# The admin's doors (issue 14): login for staff only, Django's CSRF cookie
# and hidden field on every POST, the login throttle, logout, password
# change, and the headers every /admin/ response carries.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

cookie() { awk -v n="$1" '$6 == n {print $7}' "$jar"; } # cookie NAME: its value in the jar
location() { sed -n 's/^Location: //Ip' <<<"$HEADERS"; }
# login_as EMAIL PASSWORD [NEXT]: the login form's GET then its POST, in the jar.
login_as() {
    http GET "/admin/login/?next=${3:-/admin/}" -b "$jar" -c "$jar"
    http POST /admin/login/ -b "$jar" -c "$jar" --data-urlencode "username=$1" \
        --data-urlencode "password=$2" --data-urlencode "next=${3:-/admin/}" \
        --data-urlencode "csrfmiddlewaretoken=$(cookie csrftoken)"
}

# --- anonymous -------------------------------------------------------------
for path in /admin/ /admin/accounts/ /admin/password_change/ /admin/nowhere/at/all/; do
    http GET "$path"
    is "$STATUS" 302 "anonymous GET $path is redirected"
    [[ $(location) =~ ^/admin/login/\?next=(/|%2F)admin ]]
    ok $? "to the login page with next= ($path)" "$(location)"
    headers_ok "the redirect of $path"
done
http GET /admin/login/ -c "$jar"
is "$STATUS" 200 "the login page is public"
headers_ok "the login page"
grep -q 'name="csrfmiddlewaretoken" value="[A-Za-z0-9]\{64\}"' <<<"$BODY"
ok $? "the login form carries the hidden CSRF field" "$BODY"
[ "$(cookie csrftoken | wc -c)" = 65 ]
ok $? "and the csrftoken cookie is set" "$(cat "$jar")"
grep -q '<script' <<<"$BODY" && ! grep -q '<script>' <<<"$BODY" && ! grep -qi ' style=\| on[a-z]*=' <<<"$BODY"
ok $? "no inline script, style or handler on the page" "$BODY"

http GET '/admin/login/?next=/admin/%22%3E%3Cscript%3Ealert(1)%3C/script%3E'
grep -qF 'name="next" value="/admin/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' <<<"$BODY" &&
    ! grep -qF '<script>alert' <<<"$BODY"
ok $? "a hostile next= is printed escaped" "$BODY"

for asset in admin.css admin.js; do
    http GET "/static/admin/$asset"
    is "$STATUS" 200 "nginx serves /static/admin/$asset"
done
grep -q 'action-toggle' <<<"$BODY"
ok $? "admin.js drives the change list's select-all checkbox" "$BODY"

# --- CSRF ------------------------------------------------------------------
http POST /admin/login/ -b "$jar" --data-urlencode "username=$STAFF_EMAIL" \
    --data-urlencode "password=$STAFF_PASSWORD"
is "$STATUS" 403 "a login POST without csrfmiddlewaretoken is refused"
grep -q "CSRF verification failed" <<<"$BODY"
ok $? "with Django's words, as an HTML page" "$BODY"
headers_ok "the CSRF 403"
http POST /admin/login/ --data-urlencode "username=$STAFF_EMAIL" \
    --data-urlencode "password=$STAFF_PASSWORD" --data-urlencode "csrfmiddlewaretoken=$(cookie csrftoken)"
is "$STATUS" 403 "the field without the cookie is refused"
grep -q "CSRF cookie not set." <<<"$BODY"
ok $? "CSRF cookie not set." "$BODY"

# --- non-staff, inactive, wrong password -----------------------------------
plain=admin-plain-$RANDOM@example.com
register "$plain" 'Plain-user-pw-987'
login_as "$plain" 'Plain-user-pw-987'
is "$STATUS" 200 "a non-staff user's right password shows the form again"
grep -qF 'Please enter the correct email address and password for a staff account. Note that both fields may be case-sensitive.' <<<"$BODY"
ok $? "with Django's staff error" "$BODY"
[ -z "$(cookie sessionid)" ]
ok $? "and no session" "$(cat "$jar")"
# A non-staff user's API session does not open the admin either.
api_jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$api_jar"
post_json /api/login/ "{\"email\":\"$plain\",\"password\":\"Plain-user-pw-987\"}" -b "$api_jar" -c "$api_jar" \
    -H "X-CSRFToken: $(awk '$6 == "csrftoken" {print $7}' "$api_jar")"
is "$STATUS" 200 "the non-staff user has an API session"
http GET /admin/ -b "$api_jar"
is "$STATUS" 302 "which the admin index answers with the login page"
rm -f "$api_jar"
inactive=admin-inactive-$RANDOM@example.com
register "$inactive" 'Plain-user-pw-987'
psql_q "UPDATE users SET is_staff = true, is_active = false WHERE email = '$inactive'"
login_as "$inactive" 'Plain-user-pw-987'
grep -qF 'for a staff account' <<<"$BODY"
ok $? "an inactive staff user is refused too" "$BODY"
[ -z "$(cookie sessionid)" ]
ok $? "without a session" "$(cat "$jar")"

# --- staff logs in, sees the index, name escaped ---------------------------
psql_q "UPDATE users SET first_name = '<script>alert(1)</script>' WHERE email = '$STAFF_EMAIL'"
login_as "$STAFF_EMAIL" "$STAFF_PASSWORD" /admin/password_change/
is "$STATUS $(location)" "302 /admin/password_change/" "staff logs in and goes to next"
[ "$(cookie sessionid | wc -c)" = 41 ]
ok $? "with a session cookie" "$(cat "$jar")"
grep -qi '^Set-Cookie: sessionid=.*HttpOnly' <<<"$HEADERS"
ok $? "that is HttpOnly" "$HEADERS"
login_as "$STAFF_EMAIL" "$STAFF_PASSWORD" //evil.example/
is "$(location)" "/admin/" "a next= of another site goes to /admin/ instead"
http GET /admin/ -b "$jar" -c "$jar"
is "$STATUS" 200 "the index is shown to staff"
headers_ok "the index"
grep -qF 'Welcome, <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>' <<<"$BODY"
ok $? "the user's name is HTML-escaped in the header" "$BODY"
! grep -qF '<script>alert' <<<"$BODY"
ok $? "and never printed raw" "$BODY"
http GET /admin/no-such-app/ -b "$jar"
is "$STATUS" 404 "an unknown app is an HTML 404 for staff"
grep -q '<h1>Not Found (404)</h1>' <<<"$BODY"
ok $? "Django's title" "$BODY"
headers_ok "the 404"
http GET /admin/nowhere/at/all/ -b "$jar"
is "$STATUS" 404 "an unknown admin path too"
http DELETE /admin/ -b "$jar"
is "$STATUS" 405 "DELETE /admin/ is an HTML 405"
grep -qx 'Allow: GET, HEAD' <<<"$HEADERS"
ok $? "with Allow" "$HEADERS"
headers_ok "the 405"

# --- the engine's pages through the program ------------------------------
staff_id=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
http GET /admin/accounts/user/ -b "$jar"
is "$STATUS" 200 "the users change list"
grep -qF "$STAFF_EMAIL" <<<"$BODY"
ok $? "lists the staff user" "$BODY"
headers_ok "the change list"
http GET "/admin/accounts/user/$staff_id/change/" -b "$jar"
is "$STATUS" 200 "a user's change form"
http GET "/admin/accounts/user/$staff_id/history/" -b "$jar"
is "$STATUS" 200 "its history"
http GET /admin/accounts/user/99999999/change/ -b "$jar"
is "$STATUS" 404 "an unknown id is a 404"
http GET /admin/accounts/user/x/change/ -b "$jar"
is "$STATUS" 404 "a malformed id too"
http GET /admin/accounts/nosuchmodel/ -b "$jar"
is "$STATUS" 404 "an unknown model too"
http POST "/admin/accounts/user/$staff_id/change/" -b "$jar" --data-urlencode "first_name=x"
is "$STATUS" 403 "a change POST without the CSRF field is refused"
http POST /admin/accounts/user/ -b "$jar" --data-urlencode "action=delete_selected" \
    --data-urlencode "_selected_action=$staff_id"
is "$STATUS" 403 "so is a delete selected"
http POST /admin/accounts/user/ -b "$jar" --data-urlencode "action=delete_selected" \
    --data-urlencode "_selected_action=$staff_id" --data-urlencode "csrfmiddlewaretoken=$(cookie csrftoken)"
is "$STATUS" 200 "delete selected with the field asks first"
grep -q 'Are you sure' <<<"$BODY"
ok $? "Are you sure?" "$BODY"
is "$(psql_q "SELECT count(*) FROM users WHERE id = $staff_id")" 1 "and deletes nothing yet"
http GET /admin/accounts/user/ -b /dev/null
is "$STATUS" 302 "anonymous: the change list redirects to the login page"

# --- password change ------------------------------------------------------
http GET /admin/password_change/ -b "$jar"
is "$STATUS" 200 "the password change form"
csrf=$(cookie csrftoken)
http POST /admin/password_change/ -b "$jar" --data-urlencode "old_password=wrong" \
    --data-urlencode "new_password1=Brand-new-pw-4321" --data-urlencode "new_password2=Brand-new-pw-4321" \
    --data-urlencode "csrfmiddlewaretoken=$csrf"
grep -qF 'Your old password was entered incorrectly. Please enter it again.' <<<"$BODY"
ok $? "a wrong old password is refused" "$BODY"
http POST /admin/password_change/ -b "$jar" --data-urlencode "old_password=$STAFF_PASSWORD" \
    --data-urlencode "new_password1=Brand-new-pw-4321" --data-urlencode "new_password2=Brand-new-pw-1234" \
    --data-urlencode "csrfmiddlewaretoken=$csrf"
grep -q 'The two password fields didn.t match.' <<<"$BODY"
ok $? "two different new passwords are refused" "$BODY"
http POST /admin/password_change/ -b "$jar" --data-urlencode "old_password=$STAFF_PASSWORD" \
    --data-urlencode "new_password1=Brand-new-pw-4321" --data-urlencode "new_password2=Brand-new-pw-4321"
is "$STATUS" 403 "a password change without the CSRF field is refused"
http POST /admin/password_change/ -b "$jar" --data-urlencode "old_password=$STAFF_PASSWORD" \
    --data-urlencode "new_password1=Brand-new-pw-4321" --data-urlencode "new_password2=Brand-new-pw-4321" \
    --data-urlencode "csrfmiddlewaretoken=$csrf"
is "$STATUS $(location)" "302 /admin/password_change/done/" "the password is changed"
http GET /admin/password_change/done/ -b "$jar"
grep -qF 'Your password was changed.' <<<"$BODY"
ok $? "the done page" "$BODY"
is "$(token "$STAFF_EMAIL" Brand-new-pw-4321 | cut -c1-3)" eyJ "the new password works on the API"
# Back to the shared staff password for the tests after this one.
http POST /admin/password_change/ -b "$jar" --data-urlencode "old_password=Brand-new-pw-4321" \
    --data-urlencode "new_password1=$STAFF_PASSWORD" --data-urlencode "new_password2=$STAFF_PASSWORD" \
    --data-urlencode "csrfmiddlewaretoken=$csrf"
is "$STATUS" 302 "and changed back"
psql_q "UPDATE users SET first_name = '' WHERE email = '$STAFF_EMAIL'"

# --- logout -----------------------------------------------------------------
http POST /admin/logout/ -b "$jar" -c "$jar"
is "$STATUS" 403 "logout without the CSRF field is refused"
http GET /admin/logout/ -b "$jar" -c "$jar"
is "$STATUS" 405 "logout is POST only"
http POST /admin/logout/ -b "$jar" -c "$jar" --data-urlencode "csrfmiddlewaretoken=$(cookie csrftoken)"
is "$STATUS" 200 "logout"
headers_ok "the logout page"
http GET /admin/ -b "$jar"
is "$STATUS" 302 "after logout the index redirects to the login page"

# --- throttle -------------------------------------------------------------
victim=admin-throttle-$RANDOM@example.com
register "$victim" 'Victim-user-pw-555'
psql_q "UPDATE users SET is_staff = true WHERE email = '$victim'"
for _ in $(seq "${THROTTLE_LOGIN_PER_EMAIL:-5}"); do login_as "$victim" wrong-password; done
is "$STATUS" 200 "failed logins up to the limit show the form"
login_as "$victim" 'Victim-user-pw-555'
is "$STATUS" 429 "past the limit even the right password is throttled"
grep -q '^Retry-After: [0-9]' <<<"$HEADERS"
ok $? "with Retry-After" "$HEADERS"
grep -q 'Too many failed login attempts' <<<"$BODY"
ok $? "and says so on the login page" "$BODY"
headers_ok "the throttled page"

done_testing
