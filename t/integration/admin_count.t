#!/usr/bin/env bash
# The change list's total on big tables (issue 14): COUNT(*) exact up to
# ADMIN_COUNT_LIMIT, beyond it PostgreSQL's estimate labelled "about N";
# the page number clamped to the total; the last half of an exact total
# read from its end in the same order; what a list read kept until a
# table it read changes; the search (trigram indexes, sql/0009_admin_search.sql)
# case-insensitive with % and _ literal. An
# admin of its own with ADMIN_COUNT_LIMIT=50 beside the stack's (10,000),
# both spoken to with the same staff session.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
jar=$(mktemp)
port=$(free_tcp_port)
FCGI_LISTEN=127.0.0.1:$port FCGI_WORKERS=1 ADMIN_COUNT_LIMIT=50 \
    "$BUILD_DIR/cgi-bin/admin" >>"$VAR_DIR/log/admin-count.log" 2>&1 &
admin_pid=$!
trap 'kill $admin_pid 2>/dev/null; wait $admin_pid 2>/dev/null; rm -f "$jar"' EXIT
wait_until 10 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null"
ok $? "an admin with ADMIN_COUNT_LIMIT=50 listens"

http GET /admin/login/ -c "$jar"
http POST /admin/login/ -b "$jar" -c "$jar" --data-urlencode "username=$STAFF_EMAIL" \
    --data-urlencode "password=$STAFF_PASSWORD" --data-urlencode "next=/admin/" \
    --data-urlencode "csrfmiddlewaretoken=$(awk '$6 == "csrftoken" {print $7}' "$jar")"
is "$STATUS" 302 "the staff user logs in"
cookie="sessionid=$(awk '$6 == "sessionid" {print $7}' "$jar")"

# 108 rows of one statement: 60 coffee, "100% Kona" x3 and "100 Kona" x1
# (% literal), "a_b store" x2 and "axb store" x2 (_ literal), 40 others;
# 20 dates, so the order needs its id tiebreak.
uid=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
sid=$(psql_q "INSERT INTO statement_files (owner_id, statement_file, month, status)
              VALUES ($uid, 'statements/count.csv', '2024-03-01', 'done') RETURNING id")
psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
        SELECT $sid, $uid, date '2024-03-01' + i % 20,
               CASE WHEN i <= 60 THEN 'Blue Bottle COFFEE' WHEN i <= 63 THEN '100% Kona'
                    WHEN i = 64 THEN '100 Kona' WHEN i <= 66 THEN 'a_b store'
                    WHEN i <= 68 THEN 'axb store' ELSE 'Shell Oil' END,
               'Main St', -i FROM generate_series(1, 108) i" >/dev/null
psql_q "ANALYZE transactions" >/dev/null

list=/admin/banking/transaction/
# get PORT URI: GET through FastCGI with the session; sets BODY, TOTAL (the
# paginator's "[about ]N") and IDS (the rows' ids in page order).
get() {
    local query=
    [[ $2 == *\?* ]] && query=${2#*\?}
    BODY=$(env REQUEST_METHOD=GET REQUEST_URI="$2" DOCUMENT_URI="${2%%\?*}" QUERY_STRING="$query" \
        HTTP_HOST=127.0.0.1 REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1 HTTP_COOKIE="$cookie" \
        cgi-fcgi -bind -connect "127.0.0.1:$1" </dev/null | sed '1,/^\r\?$/d')
    TOTAL=$(grep -o '\(about \)\?[0-9]* transactions\?</p>' <<<"$BODY" | sed 's, transactions\?</p>,,')
    IDS=$(grep -o 'name="_selected_action" class="action-select" value="[0-9]*"' <<<"$BODY" |
        grep -o '[0-9]*' | tr '\n' ' ')
}
own=$port
get_stack() { # the stack's admin, through nginx (ADMIN_COUNT_LIMIT 10000)
    http GET "$1" -H "Cookie: $cookie"
    TOTAL=$(grep -o '\(about \)\?[0-9]* transactions\?</p>' <<<"$BODY" | sed 's, transactions\?</p>,,')
    IDS=$(grep -o 'name="_selected_action" class="action-select" value="[0-9]*"' <<<"$BODY" |
        grep -o '[0-9]*' | tr '\n' ' ')
}

f="source_file_id__id__exact=$sid"
get_stack "$list?q=cOfFeE&$f"
is "$TOTAL" 60 "below the limit (10,000): the exact count, searched case-insensitively"
get "$own" "$list?q=coffee&$f"
[[ $TOTAL =~ ^about\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 51 ]
ok $? "60 rows over ADMIN_COUNT_LIMIT=50: the planner's estimate, labelled \"about\"" "total: $TOTAL"
is "$(wc -w <<<"$IDS")" 60 "and the page still shows every row"
get "$own" "$list?q=KONA&$f"
is "$TOTAL" 4 "4 rows under the limit: exact, no \"about\""
get "$own" "$list?q=0%25&$f"
is "$TOTAL" 3 "q=0% finds \"100% Kona\" only: % is not a wildcard"
get "$own" "$list?q=A_B&$f"
is "$TOTAL" 2 "q=A_B finds \"a_b store\" only: _ is not a wildcard, case ignored"
get "$own" "$list"
[[ $TOTAL =~ ^about\ [0-9]+$ ]]
ok $? "the unfiltered list over the limit: reltuples, labelled" "total: $TOTAL"
is "$(wc -w <<<"$IDS")" 100 "with a full first page"

# The last half of an exact total is read from the end: the same rows in
# the same order as OFFSET would give, and a page past the end is the last.
want=$(psql_q "SELECT string_agg(id::text, ' ') FROM (SELECT id FROM transactions
               WHERE source_file_id = $sid ORDER BY date DESC, id DESC OFFSET 100) t")
get_stack "$list?$f&p=1"
is "$TOTAL" 108 "the statement's 108 rows, exact"
is "$IDS" "$want " "page 2 of 2, read from the end: the last 8 rows in list order"
get_stack "$list?$f&p=99999"
is "$IDS" "$want " "a page past the end shows the last page"
grep -q '<span class="this-page">2</span>' <<<"$BODY"
ok $? "and the paginator marks page 2" "$BODY"
want=$(psql_q "SELECT string_agg(id::text, ' ') FROM (SELECT id FROM transactions
               WHERE source_file_id = $sid ORDER BY amount, date DESC, id DESC LIMIT 8 OFFSET 100) t")
get_stack "$list?$f&p=1&o=4.-1"
is "$IDS" "$want " "?o=4.-1 read from the end: amount, then date descending"

# What a list read is kept (ADMIN_CACHE_SECONDS, 30) until a commit to a
# table it read notifies: a row added by psql shows on the next request,
# and so does a change to the statement the rows point at.
# A row added with the triggers off (session_replication_role = replica)
# sends no NOTIFY: a fresh read would count it, the kept total does not.
psql_q "SET session_replication_role = replica;
        INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
        VALUES ($sid, $uid, '2024-03-05', 'kona silent', 'Main St', -1)" >/dev/null
get "$own" "$list?q=KONA&$f"
is "$TOTAL" 4 "asked again: 4, kept (a row added without a NOTIFY is not counted)"
psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
        VALUES ($sid, $uid, '2024-03-05', 'kona beans', 'Main St', -1)" >/dev/null
get "$own" "$list?q=KONA&$f"
is "$TOTAL" 6 "a row added by psql drops the kept total: 6 (both new rows) at once"
grep -q '<td>2024-03 statement ('"$sid"')</td>' <<<"$BODY"
ok $? "the rows show their statement" "$BODY"
psql_q "UPDATE statement_files SET month = '2024-04-01' WHERE id = $sid" >/dev/null
get "$own" "$list?q=KONA&$f"
grep -q '<td>2024-04 statement ('"$sid"')</td>' <<<"$BODY"
ok $? "a change to the statement shows in the kept list at once" "$BODY"

# A user added by psql shows in a kept users list (an INSERT notifies too).
users_total() { get "$own" /admin/accounts/user/; grep -o '[0-9]* users\?</p>' <<<"$BODY" | grep -o '^[0-9]*'; }
before=$(users_total)
psql_q "INSERT INTO users (email, password) VALUES ('count-added@example.com', '!')" >/dev/null
now=$(users_total)
is "$now" $((before + 1)) "a user added by psql counts in the users list at once"

# The search uses the trigram indexes (with a sequential scan ruled out, a
# plan without them would filter the whole table).
plan=$(psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -d "${POSTGRES_NAME:-postgres}" -Atq \
    -c "SET enable_seqscan = off" -c "EXPLAIN SELECT 1 FROM transactions WHERE
        (description ILIKE '%' || 'CoFfEe' || '%' OR location ILIKE '%' || 'CoFfEe' || '%')")
grep -q 'transactions_description_trgm_idx' <<<"$plan" && grep -q 'transactions_location_trgm_idx' <<<"$plan"
ok $? "the search's ILIKE is answered by both trigram indexes" "$plan"
done_testing
