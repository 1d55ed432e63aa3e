#!/usr/bin/env bash
# Spend over time, the CSV export (which re-imports to the same rows), and
# private media: the stored file reaches its owner only, through nginx.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
a="rep-a-$RANDOM@example.com"; b="rep-b-$RANDOM@example.com"
register "$a" Bank1ng-pass; register "$b" Bank1ng-pass
A=$(token "$a" Bank1ng-pass); B=$(token "$b" Bank1ng-pass)
sample="$ROOT/t/data/statements/sample-12.csv"
tmp=$(mktemp -d)
upload "$A" '{"month":"2019-12-01"}' "$sample"; sa=$(jq -r .id <<<"$BODY"); path=$(jq -r .statement_file <<<"$BODY")
wait_done "$A" "$sa" "done"; ok $? "A's statement is imported"

http GET "/api/transactions/spend/?interval=month" -H "Authorization: Bearer $A"
want=$(awk -F, 'NR > 1 && $NF < 0 {s -= $NF; n++} END {printf "%.2f %d", s, n}' "$sample")
got=$(jq -r '[(map(.spend) | add), (map(.count) | add)] | "\(.[0]) \(.[1])"' <<<"$BODY")
is "$(awk '{printf "%.2f %d", $1, $2}' <<<"$got")" "$want" "monthly spend sums the charges as positive spend"
json_is '.[0] | keys' '["count","period","spend"]' "each period has period, spend and count"
for iv in day week; do
    http GET "/api/transactions/spend/?interval=$iv" -H "Authorization: Bearer $A"
    is "$STATUS" 200 "interval=$iv"
done
http GET "/api/transactions/spend/?interval=year" -H "Authorization: Bearer $A"
is "$STATUS" 400 "an unknown interval is a 400"
http GET "/api/transactions/spend/" -H "Authorization: Bearer $B"
is "$BODY" "[]" "B has no spend (A's rows are A's)"

csv=$(mktemp --suffix=.csv)
http GET /api/transactions/export.csv -H "Authorization: Bearer $A" # through http: the contract check sees it
printf '%s\n' "$BODY" >"$csv"
grep -qi '^Content-Type: text/csv' <<<"$HEADERS"; ok $? "export.csv is CSV"
is "$(head -1 "$csv" | tr -d '\r')" "Posted Date,Reference Number,Payee,Address,Amount" "with the importer's header"
is "$(( $(wc -l <"$csv") - 1 ))" 12 "and A's 12 rows"
upload "$A" '{"month":"2020-01-01"}' "$csv"; again=$(jq -r .id <<<"$BODY")
wait_done "$A" "$again" "done"; ok $? "the export uploads again"
q() { curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?source_file=$1&limit=100" | jq -c '[.results[] | [.date, .description, .location, .amount]]'; }
is "$(q "$again")" "$(q "$sa")" "and re-imports to the same rows"
curl -s -H "Authorization: Bearer $B" "$BASE_URL/api/transactions/export.csv" | tr -d '\r' >"$csv"
is "$(cat "$csv")" "Posted Date,Reference Number,Payee,Address,Amount" "B's export has no rows of A"

http GET "$path" -H "Authorization: Bearer $A"
is "$STATUS" 200 "the owner downloads the stored file through nginx"
is "$BODY" "$(cat "$sample")" "byte for byte"
http GET "$path" -H "Authorization: Bearer $B"
is "$STATUS $BODY" '404 {"detail":"Not found."}' "another user gets a 404, not a 403"
http GET "$path"
is "$STATUS" 401 "nobody without credentials"
http GET "${path%/*}/nope.csv" -H "Authorization: Bearer $A"
is "$STATUS" 404 "an unknown file is the same 404"
# nginx resolves "/media/private/../../etc/passwd" to /etc/passwd, which is
# the SPA's (index.html fallback): what matters is that no file leaks.
http GET "/media/private/../../etc/passwd" --path-as-is -H "Authorization: Bearer $A"
case $BODY in *root:*) ok 1 "refused: /media/private/../../etc/passwd" "$BODY" ;;
*) ok 0 "refused: /media/private/../../etc/passwd ($STATUS, not the file)" ;; esac
for bad in "/media/private/statements/..%2F..%2Fetc%2Fpasswd" "/media/private//etc/passwd" "/_protected_media/${path#/media/private/}"; do
    http GET "$bad" --path-as-is -H "Authorization: Bearer $A"
    [ "$STATUS" = 404 ] || [ "$STATUS" = 400 ]; ok $? "refused: $bad ($STATUS)"
done

# Under /api/ staff see only their own rows, like everyone else (SPEC);
# private media stays "owner or staff".
s="rep-staff-$RANDOM@example.com"; register "$s" Bank1ng-pass
psql_q "UPDATE users SET is_staff = true WHERE email = '$s'"
S=$(token "$s" Bank1ng-pass)
two="$tmp/two.csv"; head -3 "$sample" >"$two"
upload "$S" '{"month":"2019-11-01"}' "$two"; ss=$(jq -r .id <<<"$BODY")
wait_done "$S" "$ss" "done"; ok $? "the staff user's statement is imported"
http GET /api/statements/ -H "Authorization: Bearer $S"
json_is '[.count, [.results[].id]]' "[1,[$ss]]" "staff list only their own statements"
http GET "/api/transactions/?limit=100" -H "Authorization: Bearer $S"
json_is '[.count, ([.results[].source_file] | unique)]' "[2,[$ss]]" "staff list only their own transactions"
http GET "/api/transactions/?source_file=$sa" -H "Authorization: Bearer $S"
json_is '.count' 0 "and none of another user's statement"
http GET "/api/transactions/spend/?interval=day" -H "Authorization: Bearer $S"
json_is 'map(.count) | add' 2 "staff spend counts only their own charges"
curl -s -H "Authorization: Bearer $S" "$BASE_URL/api/transactions/export.csv" | tr -d '\r' >"$csv"
is "$(tail -n +2 "$csv" | cut -d, -f3,5)" "$(tail -n +2 "$two" | cut -d, -f3,5)" "staff export only their own rows"
http GET "$path" -H "Authorization: Bearer $S"
is "$STATUS" 200 "staff still download another user's stored file (owner or staff)"

# Export cells that a spreadsheet would run as a formula get a leading '
# (OWASP's CSV injection advice); amounts stay numbers.
c="rep-c-$RANDOM@example.com"; register "$c" Bank1ng-pass; C=$(token "$c" Bank1ng-pass)
evil="$tmp/evil.csv"
printf '%s\r\n' 'Posted Date,Reference Number,Payee,Address,Amount' \
    '12/01/2019,1,"=HYPERLINK(""http://evil.example/"",""x"")",@SUM(1),-12.34' \
    '12/02/2019,2,+cmd,-2+3,5.00' $'12/03/2019,3,-minus,"\rcr",-1.00' \
    '12/04/2019,4,plain shop,Town,-2.50' >"$evil"
upload "$C" '{"month":"2019-12-01"}' "$evil"; sc=$(jq -r .id <<<"$BODY")
wait_done "$C" "$sc" "done"; ok $? "a statement with formula-like payees is imported"
psql_q "UPDATE transactions SET location = E'\tTab' WHERE source_file_id = $sc AND description = 'plain shop'" >/dev/null
curl -s -H "Authorization: Bearer $C" "$BASE_URL/api/transactions/export.csv" >"$csv"
want=$(printf '%s\r\n' 'Posted Date,Reference Number,Payee,Address,Amount' \
    '12/01/2019,1,"\x27=HYPERLINK(""http://evil.example/"",""x"")","\x27@SUM(1)",-12.34' \
    '12/02/2019,2,"\x27+cmd","\x27-2+3",5.00' '12/03/2019,3,"\x27-minus","\x27\rcr",-1.00' \
    '12/04/2019,4,plain shop,"\x27\tTab",-2.50')
is "$(cat -A "$csv")" "$(printf '%b\n' "$want" | cat -A)" "formula-like cells start with a quote, amounts stay plain"
rm -f "$csv" "$csv.h"
rm -rf "$tmp"
done_testing
