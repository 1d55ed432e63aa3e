#!/usr/bin/env bash
# A password change ends the user's other sessions, as Django's session
# auth hash does (issue 14): the superuser setting user B's password ends
# every session of B, admin and API alike; B changing their own password
# keeps only the session that did it; a user made inactive loses them all.
# Each session key is also in Redis's "user_sessions:<id>" set.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
jars=$(mktemp -d)
trap 'rm -rf "$jars"' EXIT
cookie() { awk -v n="$2" '$6 == n {print $7}' "$jars/$1"; } # cookie JAR NAME
admin_in() { # admin_in JAR EMAIL PASSWORD: an admin login into a fresh jar
    rm -f "$jars/$1"
    http GET /admin/login/ -c "$jars/$1"
    http POST /admin/login/ -b "$jars/$1" -c "$jars/$1" --data-urlencode "username=$2" \
        --data-urlencode "password=$3" --data-urlencode "csrfmiddlewaretoken=$(cookie "$1" csrftoken)"
    is "$STATUS" 302 "$1 logs into the admin"
}
api_in() { # api_in JAR EMAIL PASSWORD: a session login on /api/ into a fresh jar
    rm -f "$jars/$1"
    http GET /api/login-set-cookie/ -c "$jars/$1"
    post_json /api/login/ "$(jq -cn --arg e "$2" --arg p "$3" '{email: $e, password: $p}')" \
        -b "$jars/$1" -c "$jars/$1" -H "X-CSRFToken: $(cookie "$1" csrftoken)"
    is "$STATUS" 200 "$1 logs into the API with a session"
}
form() { # form JAR PATH FIELD=VALUE...: an admin form POST with its CSRF field
    local jar=$1 path=$2 args=()
    shift 2
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "$path" -b "$jars/$jar" -c "$jars/$jar" \
        --data-urlencode "csrfmiddlewaretoken=$(cookie "$jar" csrftoken)" "${args[@]}"
}
admin_is() { # admin_is JAR STATUS DESCRIPTION: what /admin/ answers the jar's session
    http GET /admin/ -b "$jars/$1"
    is "$STATUS" "$2" "$3" "$(sed -n 's/^Location: //Ip' <<<"$HEADERS")"
}
api_is() { # api_is JAR STATUS DESCRIPTION: what /api/users/profile/ answers the session
    http GET /api/users/profile/ -b "$jars/$1"
    is "$STATUS" "$2" "$3" "$BODY"
}
set_size() { rc SCARD "user_sessions:$1"; }

b=sess-$RANDOM@ci.example.com
register "$b" B-pw-0123-first
b_id=$(psql_q "UPDATE users SET is_staff = true WHERE email = '$b' RETURNING id")
admin_in a "$STAFF_EMAIL" "$STAFF_PASSWORD"
admin_in b1 "$b" B-pw-0123-first
admin_in b2 "$b" B-pw-0123-first
api_in bapi "$b" B-pw-0123-first
is "$(set_size "$b_id")" 3 "B's three sessions are in B's set"
ttl=$(rc TTL "user_sessions:$b_id")
[ "$ttl" -gt 0 ] && [ "$ttl" -le "${SESSION_COOKIE_AGE:-1209600}" ]
ok $? "the set expires with the sessions" "TTL $ttl"
admin_is b1 200 "B's admin session works"
api_is bapi 200 "B's API session works"

# --- the superuser sets B's password: every session of B ends ------------------
form a "/admin/accounts/user/$b_id/password/" password1=B-pw-0123-second password2=B-pw-0123-second
is "$STATUS" 302 "the superuser sets B's password"
admin_is b1 302 "B's first admin session ends"
admin_is b2 302 "B's second admin session ends"
api_is bapi 401 "B's API session ends"
is "$(rc EXISTS "user_sessions:$b_id")" 0 "B's set is gone"
admin_is a 200 "the superuser's session lives on"

# --- B changes their own password: only the current session stays -------------
admin_in b1 "$b" B-pw-0123-second
admin_in b2 "$b" B-pw-0123-second
api_in bapi "$b" B-pw-0123-second
form b1 /admin/password_change/ old_password=B-pw-0123-second new_password1=B-pw-0123-third \
    new_password2=B-pw-0123-third
is "$STATUS $(sed -n 's/^Location: //Ip' <<<"$HEADERS")" "302 /admin/password_change/done/" \
    "B changes their own password"
admin_is b1 200 "the session that changed it stays"
admin_is b2 302 "B's other admin session ends"
api_is bapi 401 "B's API session ends"
is "$(rc SMEMBERS "user_sessions:$b_id")" "$(cookie b1 sessionid)" "only the current session is left in the set"

# --- setting one's own password on the user's page keeps the current session ---
admin_in b2 "$b" B-pw-0123-third
form b1 "/admin/accounts/user/$b_id/password/" password1=B-pw-0123-fourth password2=B-pw-0123-fourth
is "$STATUS" 302 "B sets their own password on the set-password page"
admin_is b1 200 "the session that set it stays"
admin_is b2 302 "B's other session ends"

# --- logout leaves the set ---------------------------------------------------
form b1 /admin/logout/
is "$(set_size "$b_id")" 0 "a logout takes its key out of the set"

# --- when Redis fails to end them, the change stands and says so ----------------
rc SET "user_sessions:$b_id" not-a-set >/dev/null # the script then gets an error reply
form a "/admin/accounts/user/$b_id/password/" password1=B-pw-0123-fifth password2=B-pw-0123-fifth
is "$STATUS" 503 "a failure to end the sessions is no success page"
grep -qF "The password was changed, but the sessions of the user could not be ended" <<<"$BODY"
ok $? "the page says the password changed and the sessions live on" "$BODY"
is "$(token "$b" B-pw-0123-fifth | cut -c1-3)" eyJ "the new password is committed"
wait_until 5 grep -q "\"event\":\"session_end_failed\".*user $b_id " "$VAR_DIR/log/admin.log"
ok $? "and an error line is logged" "$(tail -3 "$VAR_DIR/log/admin.log")"
rc DEL "user_sessions:$b_id" >/dev/null

# --- a login cycles the session, as Django's login() does: the old key ends -----
admin_in c "$STAFF_EMAIL" "$STAFF_PASSWORD"
old=$(cookie c sessionid)
http POST /admin/login/ -b "$jars/c" -c "$jars/c" --data-urlencode "username=$b" \
    --data-urlencode password=B-pw-0123-fifth --data-urlencode "csrfmiddlewaretoken=$(cookie c csrftoken)"
is "$STATUS" 302 "B logs in in the browser where the staff user is logged in"
[ -n "$old" ] && [ "$(cookie c sessionid)" != "$old" ]
ok $? "with a new session key" "$old"
http GET /admin/ -H "Cookie: sessionid=$old"
is "$STATUS" 302 "the staff user's old session key no longer works" "$BODY"
is "$(rc EXISTS "session:$old")" 0 "and is gone from Redis"

# --- a user made inactive loses every session ------------------------------------
api_in bapi "$b" B-pw-0123-fifth
sid=$(cookie bapi sessionid)
form a "/admin/accounts/user/$b_id/change/" "email=$b" first_name= last_name= is_staff=on _save=Save
is "$STATUS $(psql_q "SELECT is_active FROM users WHERE id = $b_id")" "302 f" "the superuser makes B inactive"
is "$(rc EXISTS "session:$sid" "user_sessions:$b_id")" 0 "B's session and set are gone from Redis"
admin_is a 200 "the superuser's session lives on"

done_testing
