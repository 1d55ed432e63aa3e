#!/usr/bin/env bash
# Spend over time, the CSV export (which re-imports to the same rows), and
# private media: the stored file reaches its owner only, through nginx.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
a="rep-a-$RANDOM@example.com"; b="rep-b-$RANDOM@example.com"
register "$a" Bank1ng-pass; register "$b" Bank1ng-pass
A=$(token "$a" Bank1ng-pass); B=$(token "$b" Bank1ng-pass)
sample="$ROOT/t/data/statements/sample-12.csv"
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
curl -s -D "$csv.h" -o "$csv" -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/export.csv"
grep -qi '^Content-Type: text/csv' "$csv.h"; ok $? "export.csv is CSV"
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
rm -f "$csv" "$csv.h"
done_testing
