#!/usr/bin/env bash
# The admin's hostile matrix (issue 14), through nginx against the real
# stack: every admin URL refuses anonymous, non-staff and inactive
# sessions; every POST without a matching CSRF token is a 403 that changes
# nothing in PostgreSQL; stored markup is printed escaped on every page that
# shows it; SQL metacharacters and junk in q, filters, o and p never make a
# 5xx or an SQL error; oversized, malformed and out-of-range input is an
# HTML 4xx; a staff non-superuser cannot grant staff or superuser; and
# every response carries the security headers with no inline script or style.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ADMIN_LOG=$VAR_DIR/log/admin.log
log_mark=$(stat -c %s "$ADMIN_LOG" 2>/dev/null || echo 0)

# --- helpers -----------------------------------------------------------------
jar_cookie() { awk -v n="$2" '$6 == n {print $7}' "$1"; } # jar_cookie JAR NAME
location() { sed -n 's/^Location: //Ip' <<<"$HEADERS"; }
# login JAR EMAIL PASSWORD: the admin login form's GET then its POST.
login() {
    http GET /admin/login/ -c "$1"
    http POST /admin/login/ -b "$1" -c "$1" --data-urlencode "username=$2" \
        --data-urlencode "password=$3" --data-urlencode "next=/admin/" \
        --data-urlencode "csrfmiddlewaretoken=$(jar_cookie "$1" csrftoken)"
}
# as COOKIES METHOD PATH [FIELD=VALUE...]: one request with that Cookie
# header; a POST sends each FIELD=VALUE url-encoded.
as() {
    local cookies=$1 method=$2 path=$3 args=()
    shift 3
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http "$method" "$path" -g -H "Cookie: $cookies" "${args[@]}"
}
# inline_markup: prints each tag with an inline handler or style, and each
# inline <script> or <style>, of BODY (quoted attribute values and text are
# ignored: an escaped "onerror=" there is harmless).
inline_markup() {
    perl -0ne 'while (/<([a-zA-Z][^>]*)>/g) { my $t = $1; $t =~ s/"[^"]*"//g;
        print "$t\n" if $t =~ /\s(on\w+|style)\s*=/i || $t =~ /^style\b/i
            || ($t =~ /^script\b/i && $t !~ /\ssrc\s*=/i) }' <<<"$BODY"
}
# html_ok WHAT [STATUS]: an HTML page with the headers and no inline markup.
html_ok() {
    [ -n "${2:-}" ] && is "$STATUS" "$2" "$1: status $2"
    headers_ok "$1"
    grep -qi '^Content-Type: text/html' <<<"$HEADERS" && [[ $BODY == '<!DOCTYPE html>'* ]]
    ok $? "$1: an HTML page" "$HEADERS"$'\n'"${BODY:0:300}"
    local bad
    bad=$(inline_markup)
    [ -z "$bad" ]
    ok $? "$1: no inline script, style or handler" "$bad"
}
# quiet_ok WHAT: a response of a loop; one test line only when it is wrong
# (QUIET_N counts the requests, QUIET_BAD the failures).
QUIET_N=0
QUIET_BAD=()
quiet_check() {
    QUIET_N=$((QUIET_N + 1))
    local why=''
    [[ $STATUS =~ ^(200|302|400|403|404|405|413)$ ]] || why+=" status $STATUS"
    grep -qx "Content-Security-Policy: default-src 'self'" <<<"$HEADERS" || why+=' no CSP'
    grep -qx "Cache-Control: no-store" <<<"$HEADERS" || why+=' no Cache-Control'
    grep -qx "X-Frame-Options: DENY" <<<"$HEADERS" || why+=' no X-Frame-Options'
    grep -q 'ERROR: \|syntax error\|SQLSTATE' <<<"$BODY" && why+=' SQL error shown'
    [ -n "$(inline_markup)" ] && why+=' inline markup'
    [ -z "$why" ] || QUIET_BAD+=("$1:$why")
}
quiet_done() { # quiet_done WHAT
    [ ${#QUIET_BAD[@]} = 0 ]
    ok $? "$1 ($QUIET_N requests): no 5xx, headers, no SQL error, no inline markup" \
        "$(printf '%s\n' "${QUIET_BAD[@]:0:20}")"
    QUIET_N=0
    QUIET_BAD=()
}
# snapshot: every admin model's rows and the admin log, as one digest.
snapshot() {
    psql_q "SELECT md5(concat_ws('/',
        (SELECT string_agg(concat_ws('|', id, email, first_name, last_name, is_active, is_staff,
                                     is_superuser, password), ',' ORDER BY id) FROM users),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM transactions t),
        (SELECT string_agg(s::text, ',' ORDER BY s.id) FROM statement_files s),
        (SELECT string_agg(l::text, ',' ORDER BY l.id) FROM links l),
        (SELECT string_agg(v::text, ',' ORDER BY v.id) FROM votes v),
        (SELECT string_agg(a::text, ',' ORDER BY a.id) FROM social_accounts a),
        (SELECT count(*) FROM admin_log)))"
}
# ids_listed: the _selected_action ids of a change list page, in order.
ids_listed() { grep -o 'name="_selected_action" class="action-select" value="[0-9]*"' <<<"$BODY" | grep -o '[0-9]*' | tr '\n' ' '; }

# The data must hold still between two snapshots: earlier tests' imports end first.
imports_idle() {
    [ "$(psql_q "SELECT count(*) FROM statement_files WHERE status IN ('pending', 'processing')")" = 0 ]
}
wait_until 120 imports_idle
ok $? "no statement import is running"

# --- who ----------------------------------------------------------------------
login "$tmp/super" "$STAFF_EMAIL" "$STAFF_PASSWORD"
is "$STATUS" 302 "the superuser logs in"
SUPER="sessionid=$(jar_cookie "$tmp/super" sessionid); csrftoken=$(jar_cookie "$tmp/super" csrftoken)"
SUPER_CSRF=$(jar_cookie "$tmp/super" csrftoken)

pw='Hostile-pw-0123'
plain=hostile-plain-$RANDOM@example.com
register "$plain" "$pw"
http GET /api/login-set-cookie/ -c "$tmp/api"
post_json /api/login/ "{\"email\":\"$plain\",\"password\":\"$pw\"}" -b "$tmp/api" -c "$tmp/api" \
    -H "X-CSRFToken: $(jar_cookie "$tmp/api" csrftoken)"
is "$STATUS" 200 "a non-staff user logs in through /api/login/"
API_SESSION="sessionid=$(jar_cookie "$tmp/api" sessionid); csrftoken=$(jar_cookie "$tmp/api" csrftoken)"
API_CSRF=$(jar_cookie "$tmp/api" csrftoken)
login "$tmp/tried" "$plain" "$pw"
is "$STATUS" 200 "the same user's /admin/login/ attempt shows the form again"
TRIED="csrftoken=$(jar_cookie "$tmp/tried" csrftoken)"
[ -n "$(jar_cookie "$tmp/tried" sessionid)" ] && TRIED+="; sessionid=$(jar_cookie "$tmp/tried" sessionid)"
TRIED_CSRF=$(jar_cookie "$tmp/tried" csrftoken)

inactive=hostile-inactive-$RANDOM@example.com
register "$inactive" "$pw"
inactive_id=$(psql_q "UPDATE users SET is_staff = true, is_active = false WHERE email = '$inactive' RETURNING id")
inactive_key=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
# A session as the program makes them, living SESSION_COOKIE_AGE: one with
# a shorter life expired during t/hostile/campaign.t, ten minutes later,
# whose check saw a session vanish in a batch of refused requests.
rc SET "session:$inactive_key" "$inactive_id" EX "${SESSION_COOKIE_AGE:-1209600}" >/dev/null
INACTIVE="sessionid=$inactive_key; csrftoken=$API_CSRF"

junior=hostile-junior-$RANDOM@example.com
register "$junior" "$pw"
junior_id=$(psql_q "UPDATE users SET is_staff = true WHERE email = '$junior' RETURNING id")
login "$tmp/junior" "$junior" "$pw"
is "$STATUS" 302 "a staff non-superuser logs in"
JUNIOR="sessionid=$(jar_cookie "$tmp/junior" sessionid); csrftoken=$(jar_cookie "$tmp/junior" csrftoken)"
JUNIOR_CSRF=$(jar_cookie "$tmp/junior" csrftoken)

# --- hostile rows ---------------------------------------------------------------
X='<script>alert(1)</script> "><img src=x onerror=alert(1)> it'"'"'s &amp;'
XE='&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; it&#x27;s &amp;amp;'
xsql=${X//\'/\'\'}
victim_id=$(psql_q "INSERT INTO users (email, password, first_name, last_name, is_active, is_staff,
                        is_superuser, date_joined)
                    VALUES ('v$RANDOM$xsql@example.com', '!', '$xsql', '$xsql', true, false, false, now())
                    RETURNING id")
victim_email=$(psql_q "SELECT email FROM users WHERE id = $victim_id")
sid=$(psql_q "INSERT INTO statement_files (owner_id, statement_file, month, status, errors)
              VALUES ($victim_id, 'statements/h.csv', '2024-02-01', 'failed',
                      jsonb_build_array('$xsql')) RETURNING id")
tid=$(psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
              VALUES ($sid, $victim_id, '2024-02-03', '$xsql', '$xsql', -1.25) RETURNING id")
pct=$(psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
              VALUES ($sid, $victim_id, '2024-02-04', '100% pure_x', 'a\\b', 2) RETURNING id")
psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
                VALUES ($sid, $victim_id, '2024-02-05', '1000 pureYx', 'ab', 3)" >/dev/null
lid=$(psql_q "INSERT INTO links (url, description, posted_by_id)
              VALUES ('https://e.example/$xsql', '$xsql', $victim_id) RETURNING id")
vid=$(psql_q "INSERT INTO votes (user_id, link_id) VALUES ($victim_id, $lid) RETURNING id")
said=$(psql_q "INSERT INTO social_accounts (provider, uid, user_id)
               VALUES ('github', '$xsql', $victim_id) RETURNING id")
[ -n "$victim_id" ] && [ -n "$sid" ] && [ -n "$tid" ] && [ -n "$lid" ] && [ -n "$vid" ] && [ -n "$said" ]
ok $? "the hostile rows are stored" "$victim_id $sid $tid $lid $vid $said"

# model PATH and one id of each, and the model's filter parameters.
models=(accounts/user accounts/socialaccount banking/statementfile banking/transaction hn/link hn/vote)
declare -A model_id=([accounts/user]=$victim_id [accounts/socialaccount]=$said
    [banking/statementfile]=$sid [banking/transaction]=$tid [hn/link]=$lid [hn/vote]=$vid)
declare -A model_filters=([accounts/user]="is_staff__exact is_superuser__exact is_active__exact"
    [accounts/socialaccount]="provider__exact" [banking/statementfile]="status__exact owner_id__id__exact"
    [banking/transaction]="date__gte date__lt source_file_id__id__exact owner_id__id__exact"
    [hn/link]="" [hn/vote]="")
# Every admin URL a GET reaches (the password change done page and the
# admin log included).
get_urls=(/admin/ /admin/accounts/ /admin/banking/ /admin/hn/ /admin/password_change/
    /admin/password_change/done/ /admin/log/ "/admin/accounts/user/$victim_id/password/")
for m in "${models[@]}"; do
    id=${model_id[$m]}
    get_urls+=("/admin/$m/" "/admin/$m/$id/change/" "/admin/$m/$id/delete/" "/admin/$m/$id/history/")
    [ "$m" = banking/statementfile ] || get_urls+=("/admin/$m/add/")
done

# --- anonymous, non-staff, inactive ---------------------------------------------
url_escape() { jq -rn --arg s "$1" '$s | @uri'; }
before=$(snapshot)
for who in anonymous api-session tried-login inactive-staff; do
    case $who in
        anonymous) cookies="csrftoken=$SUPER_CSRF"; tok=$SUPER_CSRF ;;
        api-session) cookies=$API_SESSION; tok=$API_CSRF ;;
        tried-login) cookies=$TRIED; tok=$TRIED_CSRF ;;
        inactive-staff) cookies=$INACTIVE; tok=$API_CSRF ;;
    esac
    bad=()
    for path in "${get_urls[@]}"; do
        as "$cookies" GET "$path"
        want="/admin/login/?next=$(url_escape "$path")"
        [ "$STATUS $(location)" = "302 $want" ] || bad+=("GET $path: $STATUS $(location) (want $want)")
        grep -qx "Cache-Control: no-store" <<<"$HEADERS" || bad+=("GET $path: no Cache-Control")
        [ "$path" = /admin/password_change/done/ ] || [ "$path" = /admin/ ] && continue
        # A POST the page would take, with a good CSRF pair: only the session stops it.
        as "$cookies" POST "$path" "csrfmiddlewaretoken=$tok" action=delete_selected post=yes \
            "_selected_action=${model_id[banking/transaction]}" first_name=owned is_superuser=on \
            is_staff=on description=owned old_password=x new_password1=Owned-pw-0123 \
            new_password2=Owned-pw-0123 password1=Owned-pw-0123 password2=Owned-pw-0123
        # A page that takes no POST may say 405 first.
        [ "$STATUS" = 302 ] && [[ $(location) == /admin/login/\?next=* ]] || [ "$STATUS" = 405 ] ||
            bad+=("POST $path: $STATUS $(location)")
    done
    [ ${#bad[@]} = 0 ]
    ok $? "$who: every admin URL (${#get_urls[@]}) redirects GET and POST to the login page with next=" \
        "$(printf '%s\n' "${bad[@]:0:10}")"
done
is "$(snapshot)" "$before" "none of those POSTs changed a row"
# A next= longer than nginx's FastCGI header buffer would be its 502.
long=$(head -c 5000 /dev/zero | tr '\0' B)
for path in "/admin/banking/transaction/?q=$long" "/admin/hn/link/$(printf '%%C3%%A9%.0s' $(seq 1000))/change/"; do
    as "" GET "$path"
    [ "$STATUS" = 302 ] && [[ $(location) == /admin/login/* ]] && [ "$(location | wc -c)" -le 2100 ]
    ok $? "anonymous GET of a ${#path}-byte URL: a short redirect to the login page" \
        "$STATUS $(location | cut -c1-200)"
done
as "$SUPER" GET "/admin/login/?next=/admin/$long"
is "$STATUS $(location)" "302 /admin/" "a logged-in staff user's long next= goes to /admin/"
as "$API_SESSION" POST /admin/login/ "csrfmiddlewaretoken=$API_CSRF" "username=$plain" "password=$pw"
grep -qF 'for a staff account' <<<"$BODY"
ok $? "a non-staff user with an API session still cannot log in to the admin" "$STATUS"
as "$INACTIVE" POST /admin/login/ "csrfmiddlewaretoken=$API_CSRF" "username=$inactive" "password=$pw"
grep -qF 'for a staff account' <<<"$BODY"
ok $? "nor can an inactive staff user" "$STATUS"
html_ok "the refused login"

# --- CSRF -------------------------------------------------------------------------
SID=$(jar_cookie "$tmp/super" sessionid)
other=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
declare -A post_fields=(
    [/admin/banking/transaction/]="action=delete_selected post=yes _selected_action=$tid"
    [/admin/banking/transaction/$tid/change/]="description=csrf date=2024-01-01 amount=1 source_file_id=$sid owner_id=$victim_id _save=Save"
    [/admin/banking/transaction/add/]="description=csrf date=2024-01-01 amount=1 source_file_id=$sid owner_id=$victim_id _save=Save"
    [/admin/banking/transaction/$tid/delete/]="post=yes"
    [/admin/accounts/user/$victim_id/change/]="email=csrf@example.com is_superuser=on is_staff=on _save=Save"
    [/admin/hn/link/$lid/delete/]="post=yes"
    [/admin/banking/statementfile/]="action=rerun_import _selected_action=$sid"
    [/admin/password_change/]="old_password=$STAFF_PASSWORD new_password1=Csrf-pw-0123 new_password2=Csrf-pw-0123"
    [/admin/accounts/user/$victim_id/password/]="password1=Csrf-pw-0123 password2=Csrf-pw-0123"
    [/admin/logout/]=""
    [/admin/login/]="username=$STAFF_EMAIL password=$STAFF_PASSWORD")
before=$(snapshot)
for path in "${!post_fields[@]}"; do
    read -ra fields <<<"${post_fields[$path]}"
    for how in no-cookie no-field wrong-token other-session; do
        case $how in
            no-cookie) as "sessionid=$SID" POST "$path" "csrfmiddlewaretoken=$SUPER_CSRF" "${fields[@]}" ;;
            no-field) as "$SUPER" POST "$path" "${fields[@]}" ;;
            wrong-token) as "$SUPER" POST "$path" "csrfmiddlewaretoken=$other" "${fields[@]}" ;;
            other-session) as "$SUPER" POST "$path" "csrfmiddlewaretoken=$JUNIOR_CSRF" "${fields[@]}" ;;
        esac
        [ "$STATUS" = 403 ] && grep -q 'CSRF verification failed' <<<"$BODY"
        ok $? "POST $path, $how: 403" "$STATUS ${BODY:0:300}"
        quiet_check "POST $path $how"
    done
done
quiet_done "the CSRF refusals"
html_ok "a CSRF 403" 403
is "$(snapshot)" "$before" "no CSRF-less POST changed a row"
[ -n "$(rc GET "session:$SID")" ]
ok $? "and the logout without a token kept the session"

# --- escaping ----------------------------------------------------------------------
# escaped WHAT: BODY shows X escaped and never raw.
escaped() {
    grep -qF "$XE" <<<"$BODY" || grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' <<<"$BODY" &&
        ! grep -qF '<script>alert' <<<"$BODY" && ! grep -qF '<img src=x' <<<"$BODY"
    ok $? "$1 prints the stored markup escaped" "$STATUS ${BODY:0:2000}"
}
# A change through the admin puts X in the log (the object's repr is the
# transaction's description and the user's email).
as "$SUPER" POST "/admin/banking/transaction/$tid/change/" "csrfmiddlewaretoken=$SUPER_CSRF" \
    "description=$X" "location=$X" date=2024-02-03 amount=-1.50 "source_file_id=$sid" \
    "owner_id=$victim_id" _continue=1
is "$STATUS" 302 "the superuser changes the hostile transaction"
as "$SUPER" GET "$(location)"
escaped "the page after the save (messages, title)"
grep -o '<ul class="messagelist">.*</ul>' <<<"$BODY" | grep -qF "$XE"
ok $? "the success message names the transaction escaped" "$(grep -o '<ul class="messagelist">.\{0,300\}' <<<"$BODY")"
html_ok "the change form after a save" 200
as "$SUPER" POST "/admin/accounts/user/$victim_id/change/" "csrfmiddlewaretoken=$SUPER_CSRF" \
    "email=saved-$victim_id@example.com" "first_name=$X" "last_name=$X" is_active=on _save=1
is "$STATUS" 302 "and the hostile user's names" "${BODY:0:1500}"
as "$SUPER" GET "$(location)"
html_ok "the user list after the save" 200
# The admin takes no such email: the hostile one goes back in by SQL.
psql_q "UPDATE users SET email = '${victim_email//\'/\'\'}' WHERE id = $victim_id"

# Lists are searched or filtered down to the hostile rows: the full suite's
# other rows may fill a first page.
pages=(/admin/ "/admin/accounts/user/?q=onerror" "/admin/accounts/user/$victim_id/change/"
    "/admin/accounts/user/$victim_id/delete/"
    "/admin/accounts/socialaccount/?q=onerror" "/admin/accounts/socialaccount/$said/change/"
    "/admin/accounts/socialaccount/$said/delete/"
    "/admin/banking/statementfile/$sid/change/"
    "/admin/banking/transaction/?source_file_id__id__exact=$sid" "/admin/banking/transaction/$tid/change/"
    "/admin/banking/transaction/$tid/delete/" "/admin/banking/transaction/$tid/history/"
    "/admin/banking/transaction/?q=alert" "/admin/hn/link/?q=onerror" "/admin/hn/link/$lid/change/"
    "/admin/hn/vote/" "/admin/log/")
for path in "${pages[@]}"; do
    as "$SUPER" GET "$path"
    escaped "GET $path"
    html_ok "GET $path" 200
done
# The selection's confirmation lists the objects and what goes with them.
for m in accounts/user banking/statementfile banking/transaction; do
    as "$SUPER" POST "/admin/$m/" "csrfmiddlewaretoken=$SUPER_CSRF" action=delete_selected \
        "_selected_action=${model_id[$m]}"
    escaped "delete selected of $m (with its related objects)"
    html_ok "delete selected of $m" 200
done
# The delete's success message names what it deleted.
gone=$(psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
               VALUES ($sid, $victim_id, '2024-02-06', '$xsql', '', 1) RETURNING id")
as "$SUPER" POST "/admin/banking/transaction/$gone/delete/" "csrfmiddlewaretoken=$SUPER_CSRF" post=yes
is "$STATUS" 302 "the superuser deletes a hostile transaction"
as "$SUPER" GET "$(location)"
grep -o '<ul class="messagelist">.*</ul>' <<<"$BODY" | grep -qF "$XE"
ok $? "the delete's success message names it escaped" "$(grep -o '<ul class="messagelist">.\{0,300\}' <<<"$BODY")"
escaped "the change list after the delete"
# What a form echoes back: the posted values and the errors beside them.
as "$SUPER" POST "/admin/banking/transaction/$tid/change/" "csrfmiddlewaretoken=$SUPER_CSRF" \
    "description=$X" "location=$X" "date=$X" "amount=$X" "source_file_id=$X" "owner_id=$X" _save=1
is "$STATUS" 200 "a change with hostile values in every field is shown again"
escaped "the form's echo of hostile values"
grep -q 'errorlist' <<<"$BODY"
ok $? "with the errors beside the fields"
html_ok "the form with errors"
as "$SUPER" POST /admin/hn/link/add/ "csrfmiddlewaretoken=$SUPER_CSRF" "url=$X" "description=$X" \
    "posted_by_id=$victim_id" _save=1
escaped "the link add form's echo"
grep -qF 'Enter a valid URL.' <<<"$BODY"
ok $? "a hostile url is refused" "${BODY:0:1500}"
as "$SUPER" GET "/admin/banking/transaction/?q=$(url_escape "$X")"
escaped "the change list's search box echo"
http GET "/admin/login/?next=$(url_escape "/admin/$X")"
escaped "the login form's next= echo"

# --- SQL metacharacters and junk in q, filters, o and p -------------------------
PG_LOG=$VAR_DIR/log/postgres.log
pg_mark=$(stat -c %s "$PG_LOG")
junk=("'" ";--" "%" "_" "\\" "1 OR 1=1" "-1" "99999999999999999999999" "9223372036854775808" "99"
    "1.2" "-0" "0" "" "1'--" "%00" "\xff" "é" "1e3" "$X" "0x10" " 1" "1;DROP TABLE users"
    "2024-02-30" "0000-01-01" "99999-01-01" "2024-1-1" "2024-01-01T00:00" "infinity" "epoch")
before=$(snapshot)
for m in "${models[@]}"; do
    as "$SUPER" GET "/admin/$m/"
    plain_ids=$(ids_listed)
    moved=()
    for param in q o p zz ${model_filters[$m]}; do
        for v in "${junk[@]}"; do
            if [ "$v" = "%00" ] || [ "$v" = "\\xff" ]; then
                enc=${v/\\xff/%FF}
            else
                enc=$(url_escape "$v")
            fi
            as "$SUPER" GET "/admin/$m/?$param=$enc"
            quiet_check "GET /admin/$m/?$param=$v"
            # A query that is not UTF-8 text is refused before the page.
            if [ "$enc" = %00 ] || [ "$enc" = %FF ]; then
                [ "$STATUS" = 400 ] || QUIET_BAD+=("GET /admin/$m/?$param=$enc: $STATUS, not 400")
                continue
            fi
            # What may change the rows listed: a search, a choice, an id, a
            # valid ordering or page; everything else is ignored.
            case "$param=$v" in
                q=* | provider__exact=* | status__exact=* | o=-1 | o=1.2 | "o= 1" | p=99 | "p= 1") continue ;;
                *__exact=0 | *__exact=1) [[ $param == *__id__exact ]] || continue ;;
            esac
            [[ $param == *__id__exact && $v =~ ^\ ?[0-9]+$ ]] && continue
            [ "$(ids_listed)" = "$plain_ids" ] || moved+=("$param=$v")
        done
    done
    # Repeated and unknown parameters together.
    as "$SUPER" GET "/admin/$m/?o=1&o=-1&p=0&p=x&q=&q=&zz=%27&o=99.1.-99"
    quiet_check "GET /admin/$m/ repeated"
    [ ${#moved[@]} = 0 ]
    ok $? "$m: a junk o=, p= or filter value lists the same rows as none" "$(printf '%s\n' "${moved[@]:0:10}")"
done
quiet_done "the change lists' junk parameters"
is "$(snapshot)" "$before" "no GET changed a row"
as "$SUPER" GET "/admin/banking/transaction/?q=100%25&source_file_id__id__exact=$sid"
is "$(ids_listed)" "$pct " "q=100% matches the literal % only (in this statement)"
as "$SUPER" GET "/admin/banking/transaction/?q=pure_x&source_file_id__id__exact=$sid"
is "$(ids_listed)" "$pct " "q=pure_x matches the literal _ only"
as "$SUPER" GET "/admin/banking/transaction/?q=a%5Cb&source_file_id__id__exact=$sid"
is "$(ids_listed)" "$pct " "q=a\\b matches the literal backslash"
as "$SUPER" GET "/admin/banking/transaction/?source_file_id__id__exact=$sid&o=7"
default_order=$(ids_listed)
as "$SUPER" GET "/admin/banking/transaction/?source_file_id__id__exact=$sid"
is "$default_order" "$(ids_listed)" "o= of a column that is not listed is ignored"
as "$SUPER" GET "/admin/banking/transaction/?source_file_id__id__exact=$sid&o=id"
is "$(ids_listed)" "$default_order" "o= naming a column is ignored too"

# --- sizes, malformed input, ids ---------------------------------------------------
before=$(snapshot)
# Beyond the argument size curl takes: written to the socket by bash.
raw_get() { # raw_get PATH: sets STATUS and HEADERS
    local port=${BASE_URL##*:}
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    # nginx may answer and close before it has read it all: no SIGPIPE here.
    (trap '' PIPE; printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nConnection: close\r\n\r\n' \
        "$1" "$SUPER" >&3) 2>/dev/null
    HEADERS=$(sed '/^\r\?$/q' <&3 | tr -d '\r')
    exec 3<&-
    STATUS=$(sed -n '1s/^HTTP\/1.1 \([0-9]*\).*/\1/p' <<<"$HEADERS")
}
raw_get "/admin/banking/transaction/?q=$(head -c 1048576 /dev/zero | tr '\0' a)"
[[ $STATUS =~ ^4 ]]
ok $? "a 1 MB query string is a 4xx ($STATUS, from nginx)" "$STATUS"
headers_ok "nginx's answer to a 1 MB query string"
for size in 10486000 12582912; do
    head -c "$size" /dev/zero | tr '\0' a | sed "s/^/csrfmiddlewaretoken=$SUPER_CSRF\&description=/" >"$tmp/body"
    http POST "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" --data-binary "@$tmp/body" \
        -H 'Content-Type: application/x-www-form-urlencoded'
    is "$STATUS" 413 "a POST body of $size bytes is a 413"
    html_ok "the 413 for $size bytes"
done
rm -f "$tmp/body"
malformed=(
    "/admin/banking/transaction/?q=%zz" "/admin/banking/transaction/?q=%" "/admin/banking/transaction/?q=%4"
    "/admin/banking/transaction/?q=%00" "/admin/banking/transaction/?q=a%00b" "/admin/banking/transaction/?q=%FF%FE"
    "/admin/banking/transaction/?q=%C0%AF" "/admin/banking/transaction/?o=%FF" "/admin/banking/transaction/?%FF=1"
    "/admin/banking/transaction/?=" "/admin/banking/transaction/?&&&" "/admin/banking/transaction/?q"
    "/admin/%zz/" "/admin/%FF/" "/admin/banking/%FF/" "/admin/banking/transaction/%FF/change/"
    "/admin/login/?next=%FF" "/admin/login/?next=%00" "/admin/log/?p=%FF" "/admin/log/?p=-1"
    "/admin/log/?p=99999999999999999999")
for id in x 0 -1 00 01 1.0 1e3 " 1" 9223372036854775807 9223372036854775808 18446744073709551616 \
    99999999999999999999999999 0x10 "%00" "%FF" "$X"; do
    enc=$id
    [[ $id == %* ]] || enc=$(url_escape "$id")
    for m in "${models[@]}"; do
        for page in change delete history; do malformed+=("/admin/$m/$enc/$page/"); done
    done
done
for path in "${malformed[@]}"; do
    as "$SUPER" GET "$path"
    quiet_check "GET $path"
    [[ $STATUS =~ ^(200|404|400)$ ]] || QUIET_BAD+=("GET $path: $STATUS")
done
# Cookies and headers: junk sessions and tokens, a foreign Host, HEAD, odd methods.
long_cookie=$(head -c 3000 /dev/zero | tr '\0' z)
for cookies in "sessionid=%FF" "sessionid=$long_cookie" "sessionid=../../x; csrftoken=%00" \
    "sessionid=$SID; sessionid=x" "csrftoken=$long_cookie" "sessionid=$SID; csrftoken=" "=;;=;"; do
    as "$cookies" GET /admin/
    quiet_check "GET /admin/ with Cookie: ${cookies:0:40}"
    as "$cookies" POST "/admin/banking/transaction/$tid/delete/" "csrfmiddlewaretoken=$SUPER_CSRF" post=yes
    quiet_check "POST delete with Cookie: ${cookies:0:40}"
    [[ $STATUS =~ ^(302|403)$ ]] || QUIET_BAD+=("POST delete with Cookie ${cookies:0:40}: $STATUS")
done
for method in HEAD PUT DELETE PATCH OPTIONS; do
    head_only=()
    [ "$method" = HEAD ] && head_only=(-I) # curl would wait for the body HEAD does not have
    http "$method" "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" "${head_only[@]}"
    quiet_check "$method change form"
done
http GET /admin/ -H "Cookie: $SUPER" -H "Host: evil.example"
quiet_check "GET /admin/ with a foreign Host"
[ "$STATUS" = 400 ] || QUIET_BAD+=("a foreign Host: $STATUS")
quiet_done "malformed and out-of-range URLs"
pg_errors=$(tail -c +$((pg_mark + 1)) "$PG_LOG" | grep -E 'ERROR|FATAL' | head -5)
[ -z "$pg_errors" ]
ok $? "no GET above made PostgreSQL log an error" "$pg_errors"
# Malformed form bodies: bad escapes, NUL, invalid UTF-8, ids out of range
# (beside a missing date, so that no form can be saved).
bodies=("description=%zz" "description=a%00b" "description=%FF%FE" "amount=%FF" "date=2024-13-45"
    "amount=1e400" "amount=99999999999999999999" "amount=9999999999999.99" "source_file_id=9223372036854775807"
    "source_file_id=0" "owner_id=-1" "owner_id=99999999999" "source_file_id=%00" "%FF=1" "=" "&&&"
    "_selected_action=%FF" "location=$(head -c 300 /dev/zero | tr '\0' x)")
for b in "${bodies[@]}"; do
    for path in "/admin/banking/transaction/$tid/change/" /admin/banking/transaction/add/ \
        /admin/banking/transaction/; do
        http POST "$path" -H "Cookie: $SUPER" -H 'Content-Type: application/x-www-form-urlencoded' \
            --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&amount=1&description=d&source_file_id=$sid&owner_id=$victim_id&action=delete_selected&$b"
        quiet_check "POST $path $b"
    done
done
for b in "email=%FF@x.example" "first_name=%00" "first_name=%FF" "email=a%00@x.example"; do
    http POST "/admin/accounts/user/$victim_id/change/" -H "Cookie: $SUPER" \
        --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&email=x@x.example&$b"
    quiet_check "POST user change $b"
    http POST /admin/accounts/user/add/ -H "Cookie: $SUPER" \
        --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&password=Add-pw-01234&password2=Add-pw-01234&$b"
    quiet_check "POST user add $b"
done
# Thousands of selected ids (Django stops at DATA_UPLOAD_MAX_NUMBER_FIELDS).
{ printf 'csrfmiddlewaretoken=%s&action=delete_selected' "$SUPER_CSRF"
  for i in $(seq 1 5000); do printf '&_selected_action=%d' "$i"; done; } >"$tmp/many"
http POST /admin/banking/transaction/ -H "Cookie: $SUPER" --data-binary "@$tmp/many"
quiet_check "POST delete_selected of 5000 ids"
http POST /admin/banking/statementfile/ -H "Cookie: $SUPER" \
    --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&action=rerun_import&_selected_action=0&_selected_action=-1&_selected_action=9223372036854775807"
quiet_check "POST rerun_import of ids no row has"
quiet_done "malformed form bodies"
is "$(snapshot)" "$before" "no malformed request changed a row"
http POST "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" \
    --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&date=2024-02-03&amount=1&description=a%FFb&source_file_id=$sid&owner_id=$victim_id"
html_ok "invalid UTF-8 in a text field" 400
http POST "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" \
    --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&date=2024-02-03&amount=1&description=a%00b&source_file_id=$sid&owner_id=$victim_id"
html_ok "a NUL in a text field" 400
http POST "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" \
    --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&date=2024-02-03&amount=1&description=d&source_file_id=99999999999&owner_id=$victim_id"
is "$STATUS" 200 "an FK to no row is shown again, not a database error"
grep -q 'errorlist' <<<"$BODY"
ok $? "with an error on the form" "${BODY:0:1500}"
http POST "/admin/banking/transaction/$tid/change/" -H "Cookie: $SUPER" \
    --data-binary "csrfmiddlewaretoken=$SUPER_CSRF&date=2024-02-03&amount=9999999999999.5&description=d&source_file_id=$sid&owner_id=$victim_id"
html_ok "an amount beyond the column is shown again" 200
grep -q 'errornote' <<<"$BODY"
ok $? "with an error on the form" "${BODY:0:1500}"

# --- a staff non-superuser's privilege escalation --------------------------------
junior_log_mark=$(stat -c %s "$ADMIN_LOG")
before=$(snapshot)
as "$JUNIOR" GET "/admin/accounts/user/$junior_id/change/"
is "$STATUS" 200 "the staff non-superuser sees their own change form"
grep -q 'name="is_superuser"[^>]* disabled\|<div class="readonly">' <<<"$BODY"
ok $? "with the superuser field read-only" "${BODY:0:2000}"
for target in "$junior_id" "$victim_id"; do
    email=$(psql_q "SELECT email FROM users WHERE id = $target")
    for flag in is_superuser is_staff; do
        [ "$target" = "$junior_id" ] && [ "$flag" = is_staff ] && continue # already staff
        as "$JUNIOR" POST "/admin/accounts/user/$target/change/" "csrfmiddlewaretoken=$JUNIOR_CSRF" \
            "email=$email" is_active=on "$flag=on" _save=1
        is "$STATUS" 200 "a staff non-superuser setting $flag on user $target is refused"
        grep -qF 'Only a superuser may' <<<"$BODY"
        ok $? "with the reason beside the field" "${BODY:0:1500}"
    done
done
for flag in is_superuser is_staff; do
    as "$JUNIOR" POST /admin/accounts/user/add/ "csrfmiddlewaretoken=$JUNIOR_CSRF" \
        "email=esc-$flag-$RANDOM@example.com" password=Escalate-pw-0123 password2=Escalate-pw-0123 \
        is_active=on "$flag=on" _save=1
    is "$STATUS" 200 "adding a user with $flag as a staff non-superuser is refused"
    grep -qF 'Only a superuser may' <<<"$BODY"
    ok $? "with the reason" "${BODY:0:1500}"
done
as "$JUNIOR" POST "/admin/accounts/user/$victim_id/password/" "csrfmiddlewaretoken=$JUNIOR_CSRF" \
    password1=Taken-over-0123 password2=Taken-over-0123
html_ok "a staff non-superuser setting another user's password" 403
is "$(snapshot)" "$before" "no escalation changed a row"
is "$(psql_q "SELECT count(*) FROM users WHERE email LIKE 'esc-%'")" 0 "no user was added"
warns=$(tail -c +$((junior_log_mark + 1)) "$ADMIN_LOG" | grep -F '"admin_privilege_refused"' |
    jq -c 'select(.level == "warning")' 2>/dev/null | wc -l)
[ "$warns" -ge 6 ]
ok $? "each attempt is a JSON warning line in the admin's log ($warns)" \
    "$(tail -c +$((junior_log_mark + 1)) "$ADMIN_LOG" | grep -i privilege | head -5)"
tail -c +$((junior_log_mark + 1)) "$ADMIN_LOG" | grep -F '"admin_privilege_refused"' | grep -qF "user $junior_id"
ok $? "naming who tried"

# --- the log after all of it --------------------------------------------------------
sql_errors=$(tail -c +$((log_mark + 1)) "$ADMIN_LOG" | grep -E 'ERROR: |"level":"error"|syntax error|invalid input' | head -5)
[ -z "$sql_errors" ]
ok $? "no SQL or other error in the admin's log" "$sql_errors"
fives=$(tail -c +$((log_mark + 1)) "$ADMIN_LOG" | grep -E '"status":5[0-9][0-9]' | head -5)
[ -z "$fives" ]
ok $? "no 5xx in the admin's access log" "$fives"

done_testing
