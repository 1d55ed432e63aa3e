#!/usr/bin/env bash
# The admin's own pages and user rules (issue 14), through nginx: the admin
# log and the index's "Recent actions", setting a user's password (who may),
# the users' add and change forms, Django's messages after a redirect,
# revoking staff or active with a second session open, session expiry, and
# what statements and transactions show. Every client mistake is an HTML 4xx.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
su_jar=$(mktemp)
ed_jar=$(mktemp)
trap 'rm -f "$su_jar" "$ed_jar"' EXIT
lq='“' rq='”' # Django's quotes around an object's name in its messages
location() { sed -n 's/^Location: //Ip' <<<"$HEADERS"; }
csrf_of() { awk '$6 == "csrftoken" {print $7}' "$1"; }
sid_of() { awk '$6 == "sessionid" {print $7}' "$1"; }
login() { # login JAR EMAIL PASSWORD
    http GET /admin/login/ -c "$1"
    http POST /admin/login/ -b "$1" -c "$1" --data-urlencode "username=$2" \
        --data-urlencode "password=$3" --data-urlencode next=/admin/ \
        --data-urlencode "csrfmiddlewaretoken=$(csrf_of "$1")"
}
post() { # post JAR PATH FIELD=VALUE...: a form POST with the session and CSRF field
    local jar=$1 path=$2 args=()
    shift 2
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "$path" -b "$jar" -c "$jar" --data-urlencode "csrfmiddlewaretoken=$(csrf_of "$jar")" "${args[@]}"
}
get() { http GET "$2" -b "$1" -c "$1"; } # get JAR PATH
has() { grep -qF -- "$1" <<<"$BODY"; ok $? "$2" "$STATUS $BODY"; }  # has TEXT DESCRIPTION
hasnt() { ! grep -qF -- "$1" <<<"$BODY"; ok $? "$2" "$BODY"; }     # hasnt TEXT DESCRIPTION
warned() { grep -q "\"event\":\"admin_privilege_refused\".*$1" "$VAR_DIR/log/admin.log"; }

login "$su_jar" "$STAFF_EMAIL" "$STAFF_PASSWORD"
is "$STATUS" 302 "the superuser logs in"
su_id=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
# A staff user who is no superuser, with an admin session and an API token.
editor=editor-$RANDOM@ci.example.com
register "$editor" Editor-pw-0123
ed_id=$(psql_q "UPDATE users SET is_staff = true WHERE email = '$editor' RETURNING id")
login "$ed_jar" "$editor" Editor-pw-0123
is "$STATUS" 302 "a staff user who is no superuser logs in too"

# --- the users' add form: Django's add_fieldsets --------------------------
get "$su_jar" /admin/accounts/user/add/
is "$STATUS" 200 "the add form"
names=$(grep -o 'name="[a-z_0-9]*"' <<<"$BODY" | grep -v "csrfmiddlewaretoken\|viewport" | sort -u | tr '\n' ' ')
is "$names" 'name="_addanother" name="_continue" name="_save" name="email" name="password" name="password2" ' \
    "it asks for the email and the password twice only"
post "$su_jar" /admin/accounts/user/add/ email=short@ci.example.com password=short1 password2=short1 _save=Save
has "This password is too short. It must contain at least 8 characters." "register's rules: too short"
post "$su_jar" /admin/accounts/user/add/ email=short@ci.example.com password=12345678901 \
    password2=12345678901 _save=Save
has "This password is entirely numeric." "register's rules: numeric"
new=new-$RANDOM@ci.example.com
post "$su_jar" /admin/accounts/user/add/ "email=$new" password=New-user-pw-0123 password2=New-user-pw-0123 _save=Save
new_id=$(psql_q "SELECT id FROM users WHERE email = '$new'")
is "$STATUS $(location)" "302 /admin/accounts/user/$new_id/change/" "Save goes on to the new user's change form"
is "$(psql_q "SELECT is_active || '|' || is_staff FROM users WHERE id = ${new_id:-0}")" "true|false" \
    "the new user is active, not staff"
get "$su_jar" "/admin/accounts/user/$new_id/change/"
has "<li class=\"success\">The user ${lq}$new${rq} was added successfully. You may edit it again below.</li>" \
    "with Django's message"
get "$su_jar" "/admin/accounts/user/$new_id/change/"
hasnt 'class="success"' "the message shows once"
post "$ed_jar" /admin/accounts/user/add/ email=sneaky-$RANDOM@ci.example.com password=New-user-pw-0123 \
    password2=New-user-pw-0123 is_staff=on _save=Save
has "Only a superuser may grant staff or superuser status." "a staff user cannot add a staff user"
wait_until 5 warned "tried to add a user with is_staff"
ok $? "and the attempt is a warning in the JSON log" "$(tail -3 "$VAR_DIR/log/admin.log")"

# --- the change form --------------------------------------------------------
get "$su_jar" "/admin/accounts/user/$new_id/change/"
has "Raw passwords are not stored, so there is no way to see this user’s password, but you can change the password using <a href=\"../password/\">this form</a>." \
    "the password field is Django's sentence and a link"
hasnt 'pbkdf2' "the hash is not on the change form"
for field in email first_name last_name is_active is_staff is_superuser; do
    grep -q "name=\"$field\"" <<<"$BODY"
    ok $? "the change form edits $field" "$BODY"
done
hasnt 'name="last_login"' "last login is read-only"
hasnt 'name="date_joined"' "date joined is read-only"
has 'Date joined: <div class="readonly">' "and shown"
get "$ed_jar" "/admin/accounts/user/$new_id/change/"
grep -q '<input type="checkbox" name="is_superuser"[^>]* disabled>' <<<"$BODY"
ok $? "a staff user sees the superuser flag disabled" "$BODY"
post "$ed_jar" "/admin/accounts/user/$new_id/change/" "email=$new" is_active=on is_superuser=on _save=Save
has "Only a superuser may change this field." "and cannot set it"
is "$(psql_q "SELECT is_superuser FROM users WHERE id = $new_id")" f "nothing changed"
wait_until 5 warned "tried to change accounts.user is_superuser"
ok $? "the refusal is logged" "$(tail -3 "$VAR_DIR/log/admin.log")"
# Staff who are no superuser may not change a superuser: else they could
# deactivate or re-address (take over) every one of them.
post "$ed_jar" "/admin/accounts/user/$su_id/change/" "email=taken-$RANDOM@ci.example.com" is_staff=on \
    is_superuser=on _save=Save
has "Only a superuser may change a superuser." "a staff user cannot deactivate or re-address a superuser"
is "$(psql_q "SELECT email || '|' || is_active FROM users WHERE id = $su_id")" "$STAFF_EMAIL|true" "nothing changed"
wait_until 5 warned "tried to change superuser $STAFF_EMAIL"
ok $? "the refusal is logged" "$(tail -3 "$VAR_DIR/log/admin.log")"
# Nor delete one, as one object or in a selection with another user.
post "$ed_jar" "/admin/accounts/user/$su_id/delete/" post=yes
is "$STATUS" 403 "a staff user cannot delete a superuser"
post "$ed_jar" /admin/accounts/user/ action=delete_selected "_selected_action=$new_id" \
    "_selected_action=$su_id" post=yes
is "$STATUS" 403 "nor with delete selected"
is "$(psql_q "SELECT count(*) FROM users WHERE id IN ($su_id, $new_id)")" 2 "nobody deleted, not even the other one"
wait_until 5 warned "tried to delete superuser $su_id"
ok $? "the refusal is logged" "$(tail -3 "$VAR_DIR/log/admin.log")"
post "$ed_jar" "/admin/accounts/user/$new_id/change/" "email=$new" is_active=on first_name=ByEditor _save=Save
is "$STATUS $(psql_q "SELECT first_name FROM users WHERE id = $new_id")" "302 ByEditor" \
    "a staff user still edits a user who is no superuser"

# Django ignores the posted value of a read-only field: no error, no warning.
post "$su_jar" "/admin/accounts/user/$new_id/change/" "email=$new" is_active=on first_name=Kept \
    last_login=2001-01-01T00:00 date_joined=2001-01-01T00:00 _save=Save
is "$STATUS" 302 "a posted read-only field is ignored, even from a superuser"
is "$(psql_q "SELECT first_name || '|' || coalesce(last_login::text, 'none') || '|' || (date_joined > '2002-01-01')
    FROM users WHERE id = $new_id")" "Kept|none|true" "the rest is saved, the read-only fields kept"
! warned "tried to change accounts.user last_login"
ok $? "and no privilege warning" "$(tail -3 "$VAR_DIR/log/admin.log")"

for path in /admin/accounts/user/ "/admin/accounts/user/$new_id/history/" \
    "/admin/accounts/user/$new_id/delete/" "/admin/accounts/user/$new_id/password/" /admin/ \
    '/admin/accounts/user/?q=pbkdf2'; do
    get "$su_jar" "$path"
    [ "$STATUS" = 200 ] && ! grep -q 'pbkdf2_sha256\$' <<<"$BODY"
    ok $? "no password hash on $path" "$STATUS"
done

# --- set password -----------------------------------------------------------
pw_url=/admin/accounts/user/$new_id/password/
get "$su_jar" "$pw_url"
is "$STATUS" 200 "the set password form"
has "Enter a new password for the user <strong>$new</strong>." "names the user"
post "$su_jar" "$pw_url" password1=Other-pw-0123 password2=Other-pw-0124
has "The two password fields didn’t match." "a mismatch is refused"
post "$su_jar" "$pw_url" "password1=$new" "password2=$new"
has "The password is too similar to the email address." "register's rules apply"
post "$su_jar" "$pw_url" password1=Set-by-admin-0123
is "$STATUS" 200 "a missing confirmation shows the form again"
http POST "$pw_url" -b "$su_jar" --data-urlencode password1=Set-by-admin-0123 --data-urlencode password2=Set-by-admin-0123
is "$STATUS" 403 "a POST without the CSRF field is refused"
is "$(token "$new" Set-by-admin-0123)" null "nothing was set by the refused posts"
post "$su_jar" "$pw_url" password1=Set-by-admin-0123 password2=Set-by-admin-0123
is "$STATUS $(location)" "302 /admin/accounts/user/$new_id/change/" "the superuser sets it: back to the change form"
get "$su_jar" "/admin/accounts/user/$new_id/change/"
has '<li class="success">Password changed successfully.</li>' "with Django's message"
is "$(token "$new" Set-by-admin-0123 | cut -c1-3)" eyJ "the new password works on the API"
get "$su_jar" "/admin/accounts/user/$new_id/history/"
has "Changed password." "the history says Changed password."
get "$ed_jar" "$pw_url"
is "$STATUS" 403 "a staff user cannot set another user's password"
has '<h1>Forbidden (403)</h1>' "an HTML page"
wait_until 5 warned "tried to set the password of user $new_id"
ok $? "the refusal is logged" "$(tail -3 "$VAR_DIR/log/admin.log")"
post "$ed_jar" "$pw_url" password1=Ed-set-pw-0123 password2=Ed-set-pw-0123
is "$STATUS" 403 "nor POST it"
is "$(token "$new" Set-by-admin-0123 | cut -c1-3)" eyJ "the password is unchanged"
get "$ed_jar" "/admin/accounts/user/$ed_id/password/"
is "$STATUS" 200 "a staff user may set their own"
post "$ed_jar" "/admin/accounts/user/$ed_id/password/" password1=Editor-pw-4567 password2=Editor-pw-4567
is "$STATUS" 302 "and does"
get "$ed_jar" /admin/
is "$STATUS" 200 "their session goes on (sessions hold no hash, as the API's)"
for path in /admin/accounts/user/999999999/password/ /admin/accounts/user/x/password/ \
    /admin/accounts/user/0/password/ /admin/hn/link/1/password/; do
    get "$su_jar" "$path"
    is "$STATUS" 404 "GET $path is an HTML 404"
done
http PUT "$pw_url" -b "$su_jar"
is "$STATUS" 405 "PUT is an HTML 405"
http GET "$pw_url"
[[ $STATUS = 302 && $(location) =~ ^/admin/login/ ]]
ok $? "anonymous: the login page" "$STATUS $(location)"

# --- messages after add, change and delete, escaped -------------------------
lid=$(psql_q "INSERT INTO links (url, description, posted_by_id)
              VALUES ('https://example.com/', 'a link', $su_id) RETURNING id")
post "$su_jar" "/admin/hn/link/$lid/change/" url=https://example.com/ "description=changed <b>" \
    "posted_by_id=$su_id" _save=Save
is "$STATUS $(location)" "302 /admin/hn/link/" "a link is changed: back to the list"
get "$su_jar" /admin/hn/link/
has "The link ${lq}Link object ($lid)${rq} was changed successfully." "Django's change message on the list"
tid=$(psql_q "WITH s AS (INSERT INTO statement_files (owner_id, statement_file, month, status)
                          VALUES ($su_id, 'private/statements/m.csv', '2024-02-01', 'done') RETURNING id)
              INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
              SELECT id, $su_id, '2024-02-03', 'pay <script>x</script>', 'Elm St', -1 FROM s RETURNING id")
tsid=$(psql_q "SELECT source_file_id FROM transactions WHERE id = $tid")
post "$su_jar" "/admin/banking/transaction/$tid/change/" date=2024-02-03 \
    "description=pay <script>x</script>" location=Oak amount=-1.0 "source_file_id=$tsid" \
    "owner_id=$su_id" _continue=1
is "$(location)" "/admin/banking/transaction/$tid/change/" "save and continue editing"
get "$su_jar" "/admin/banking/transaction/$tid/change/"
has "The transaction ${lq}pay &lt;script&gt;x&lt;/script&gt;${rq} was changed successfully. You may edit it again below." \
    "the message is printed escaped"
hasnt "<script>x" "never raw"
vids=()
for _ in 1 2 3; do
    l=$(psql_q "INSERT INTO links (url, description, posted_by_id) VALUES ('https://v.example/', 'v', $su_id) RETURNING id")
    vids+=("$(psql_q "INSERT INTO votes (user_id, link_id) VALUES ($su_id, $l) RETURNING id")")
done
post "$su_jar" "/admin/hn/vote/${vids[0]}/delete/" post=yes
is "$STATUS $(location)" "302 /admin/hn/vote/" "a vote is deleted"
get "$su_jar" /admin/hn/vote/
has "The vote ${lq}Vote object (${vids[0]})${rq} was deleted successfully." "Django's delete message"
post "$su_jar" /admin/hn/vote/ action=delete_selected "_selected_action=${vids[1]}" \
    "_selected_action=${vids[2]}" post=yes
get "$su_jar" /admin/hn/vote/
has "Successfully deleted 2 votes." "Django's bulk delete message"
post "$su_jar" /admin/hn/link/ action=delete_selected
get "$su_jar" /admin/hn/link/
has "Items must be selected in order to perform actions on them. No items have been changed." \
    "an action without a selection says so"
post "$su_jar" "/admin/accounts/user/$ed_id/change/" "email=$editor" "first_name=Ed" is_active=on \
    is_staff=on _addanother=1
is "$(location)" /admin/accounts/user/add/ "save and add another"
get "$su_jar" /admin/accounts/user/add/
has "The user ${lq}$editor${rq} was changed successfully. You may add another user below." "its message"
is "$(rc EXISTS "admin_message:$(sid_of "$su_jar")")" 0 "no message is left waiting in Redis"
post "$su_jar" /admin/hn/link/ action=delete_selected # a message, no log entry
ttl=$(rc TTL "admin_message:$(sid_of "$su_jar")")
[ "$ttl" -gt 0 ] && [ "$ttl" -le 60 ]
ok $? "an unread message waits a minute at most, under the session's key" "ttl $ttl"
get "$su_jar" /admin/hn/link/

# --- the admin log and the index's recent actions ---------------------------
get "$su_jar" /admin/log/
is "$STATUS" 200 "the admin log"
row() { sed -n 's/.*<tr><th scope="row">[^<]*<\/th>//p' <<<"$BODY" | sed -n "${1}p"; }
[[ $(row 1) == *"Change</td><td>user</td><td><a href=\"/admin/accounts/user/$ed_id/change/\">$editor</a></td><td>Changed First name.</td>"* ]]
ok $? "newest first: the editor's name change, linked, in Django's words" "$(row 1)"
has "<td>Deletion</td><td>vote</td><td>Vote object (${vids[0]})</td><td>Deleted.</td>" \
    "a deleted object is not linked"
has "<td>Addition</td><td>user</td><td><a href=\"/admin/accounts/user/$new_id/change/\">$new</a></td><td>Added.</td>" \
    "an addition: Added."
has "<td>$editor</td><td>Change</td><td>user</td><td><a href=\"/admin/accounts/user/$ed_id/change/\">$editor</a></td><td>Changed password.</td>" \
    "the staff user's own password change, by them"
has "Changed Location.</td>" "a transaction's change names its field"
hasnt 'pbkdf2' "no hash on the log page"
hasnt 'Older</a>' "one page: no next link"
psql_q "INSERT INTO admin_log (user_id, app, model, object_id, object_repr, action_flag, change_message)
        SELECT $su_id, 'hn', 'link', '0', 'filler ' || g, 2, '[]' FROM generate_series(1, 150) g" >/dev/null
get "$su_jar" /admin/log/
has '<a href="?p=1">Older</a>' "a full page links the next"
[ "$(grep -c '<tr><th scope="row">' <<<"$BODY")" = 100 ]
ok $? "a page holds 100 entries" "$(grep -c '<tr><th scope="row">' <<<"$BODY")"
get "$su_jar" '/admin/log/?p=1'
has '<a href="?p=0">Newer</a>' "the next page links back"
has "$editor</a></td><td>Changed First name.</td>" "and holds the older entries"
for q in 'p=-1' 'p=x' "p=99999999999999999999" "p=1%27"; do
    get "$su_jar" "/admin/log/?$q"
    is "$STATUS" 200 "?$q is read as the first page, never an error"
done
post "$su_jar" /admin/log/
is "$STATUS" 405 "POST /admin/log/ is an HTML 405"
http GET /admin/log/
[[ $STATUS = 302 && $(location) =~ ^/admin/login/\?next= ]]
ok $? "anonymous: the login page" "$STATUS $(location)"
get "$ed_jar" /admin/
has '<h2>Recent actions</h2><h3>My actions</h3>' "the index has Django's side box"
has "<a href=\"/admin/accounts/user/$ed_id/change/\">$editor</a>" "with the user's own actions"
hasnt "filler" "not another user's"
has '<a href="/admin/log/">' "and links the admin log"
get "$su_jar" /admin/
[ "$(grep -o '<li class="[a-z]*link">' <<<"$BODY" | wc -l)" = 10 ]
ok $? "the last ten" "$BODY"

# --- revoking staff or active ends an open session at once ------------------
ed_token=$(token "$editor" Editor-pw-4567)
http GET /api/users/profile/ -H "Authorization: Bearer $ed_token"
json_is .is_staff true "the API shows the editor as staff (now in the user cache)"
get "$ed_jar" /admin/
is "$STATUS" 200 "the editor's admin session works"
post "$su_jar" "/admin/accounts/user/$ed_id/change/" "email=$editor" first_name=Ed is_active=on _save=Save
is "$STATUS" 302 "the superuser revokes the editor's staff status"
get "$ed_jar" /admin/
is "$STATUS $(location)" "302 /admin/login/?next=%2Fadmin%2F" "the editor's open session is refused at once"
http GET /api/users/profile/ -H "Authorization: Bearer $ed_token"
json_is .is_staff false "and the API's user cache no longer says staff"
post "$su_jar" "/admin/accounts/user/$ed_id/change/" "email=$editor" first_name=Ed is_active=on \
    is_staff=on _save=Save
get "$ed_jar" /admin/
is "$STATUS" 200 "staff again: the same session works"
post "$su_jar" "/admin/accounts/user/$ed_id/change/" "email=$editor" first_name=Ed is_staff=on _save=Save
get "$ed_jar" /admin/
is "$STATUS" 302 "made inactive: the session is refused at once"
http GET /api/users/profile/ -H "Authorization: Bearer $ed_token"
is "$STATUS" 401 "and so is the API token"
psql_q "UPDATE users SET is_active = true WHERE id = $ed_id" >/dev/null

# --- session expiry as the API's --------------------------------------------
ttl=$(rc TTL "session:$(sid_of "$su_jar")")
[ "$ttl" -gt $((${SESSION_COOKIE_AGE:-1209600} - 120)) ] && [ "$ttl" -le "${SESSION_COOKIE_AGE:-1209600}" ]
ok $? "the admin session lives SESSION_COOKIE_AGE in Redis" "ttl $ttl"
login "$ed_jar" "$editor" Editor-pw-4567
rc EXPIRE "session:$(sid_of "$ed_jar")" 1 >/dev/null
expired() { [ "$(rc EXISTS "session:$(sid_of "$ed_jar")")" = 0 ]; }
wait_until 5 expired
get "$ed_jar" '/admin/accounts/user/?q=x'
is "$STATUS $(location)" "302 /admin/login/?next=%2Fadmin%2Faccounts%2Fuser%2F%3Fq%3Dx" \
    "an expired session is sent to the login page with next="
login "$ed_jar" "$editor" Editor-pw-4567
rc DEL "session:$(sid_of "$ed_jar")" >/dev/null
get "$ed_jar" /admin/log/
is "$STATUS $(location)" "302 /admin/login/?next=%2Fadmin%2Flog%2F" "so is a deleted one"

# --- statements and transactions --------------------------------------------
psql_q "UPDATE statement_files SET status = 'failed', rows = 7,
        errors = '[{\"row\": 2, \"error\": \"bad <amount>\"}]' WHERE id = $tsid" >/dev/null
get "$su_jar" /admin/banking/statementfile/
has '<a href="/media/private/statements/m.csv">private/statements/m.csv</a>' "a statement links its file under /media/"
has '<td>failed</td><td>7</td>' "its status and row count"
get "$su_jar" "/admin/banking/statementfile/$tsid/change/"
has '<a href="/media/private/statements/m.csv">' "the change form links the file too"
has 'bad &lt;amount&gt;' "and shows the import errors, escaped"
has "Owner: <div class=\"readonly\">$STAFF_EMAIL</div>" "and the owner by their email, not an id"
owner2=$(psql_q "SELECT id FROM users WHERE email = '$new'")
today=$(date -u +%F)
psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount) VALUES
        ($tsid, $su_id, '$today', 'today payee', 'Pine Road', -2),
        ($tsid, $owner2, '2020-01-01', 'old payee', 'Birch Lane', -3)" >/dev/null
get "$su_jar" /admin/banking/transaction/
for label in 'Any date' 'Today' 'Past 7 days' 'This month' 'This year'; do
    has ">$label</a>" "the date filter offers $label"
done
today_href=$(grep -o '<a href="[^"]*">Today</a>' <<<"$BODY" | sed 's/<a href="\([^"]*\)".*/\1/; s/&amp;/\&/g')
get "$su_jar" "/admin/banking/transaction/$today_href"
has 'today payee' "Today: today's transaction"
hasnt 'old payee' "and not an old one"
get "$su_jar" "/admin/banking/transaction/?owner_id__id__exact=$owner2"
has 'old payee' "filter by owner"
hasnt 'today payee' "only theirs"
get "$su_jar" "/admin/banking/transaction/?source_file_id__id__exact=$tsid&q=pine"
has 'today payee' "filter by statement and search the address"
hasnt 'old payee' "only what matches both"
get "$su_jar" '/admin/banking/transaction/?q=OLD+PAY'
has 'old payee' "search the payee, case-insensitively"
hasnt 'today payee' "only the match"

# --- a client's mistake is an HTML 4xx --------------------------------------
for path in /admin/hn/nosuch/ /admin/hn/nosuch/add/ /admin/hn/link/abc/change/ \
    /admin/hn/link/999999999/delete/ /admin/hn/link/-1/history/ /admin/hn/link/999999999/history/ \
    /admin/banking/statementfile/add/ \
    /admin/log/extra/; do
    get "$su_jar" "$path"
    [[ $STATUS =~ ^4[0-9][0-9]$ ]] && grep -q '^Content-Type: text/html' <<<"$HEADERS"
    ok $? "GET $path is an HTML 4xx" "$STATUS $HEADERS"
done
# A value the database refuses is an error on the form, never a 5xx.
tx_post() { # tx_post FIELD=VALUE: the transaction's change form with one field replaced
    local base=(date=2024-02-03 description=pay location=Oak amount=-1.00 "source_file_id=$tsid"
        "owner_id=$su_id") args=() kv
    for kv in "${base[@]}"; do [ "${kv%%=*}" = "${1%%=*}" ] || args+=("$kv"); done
    post "$su_jar" "/admin/banking/transaction/$tid/change/" "${args[@]}" "$1" _save=Save
}
for bad in source_file_id=999999999 owner_id=999999999 amount=12345678901234.5 date=2024-02-30 \
    owner_id=abc amount=1e5 date=99999-01-01; do
    tx_post "$bad"
    [ "$STATUS" = 200 ] && grep -q 'class="errornote"' <<<"$BODY"
    ok $? "$bad: the form again with an error" "$STATUS $BODY"
done
is "$(psql_q "SELECT description FROM transactions WHERE id = $tid")" 'pay <script>x</script>' \
    "none of them saved anything"
post "$su_jar" /admin/accounts/socialaccount/add/ user_id=999999999 provider=github "uid=$RANDOM$RANDOM" _save=Save
is "$STATUS" 200 "a social account for no user: the form again"
has "Select a valid choice. That choice is not one of the available choices." "with Django's words"
post "$su_jar" /admin/hn/link/999999999/delete/ post=yes
is "$STATUS" 404 "deleting no such object is a 404"
get "$su_jar" "/admin/hn/vote/${vids[0]}/history/"
has "Deleted." "a deleted object keeps its history"
lid2=$(psql_q "INSERT INTO links (url, description, posted_by_id) VALUES ('https://n.example/', 'n', $su_id) RETURNING id")
get "$su_jar" "/admin/hn/link/$lid2/history/"
has "This object doesn’t have a change history." "an object made elsewhere has none"
for method in PUT DELETE PATCH; do
    http "$method" "/admin/hn/link/$lid/change/" -b "$su_jar"
    is "$STATUS" 405 "$method of a change form is an HTML 405"
done
done_testing
