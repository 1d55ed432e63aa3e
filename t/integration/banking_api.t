#!/usr/bin/env bash
# Statements and transactions through nginx: two users upload, each sees only
# their own; pagination, filters and search; every bad upload is refused.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
a="bank-a-$RANDOM@example.com"; b="bank-b-$RANDOM@example.com"
register "$a" Bank1ng-pass; register "$b" Bank1ng-pass
A=$(token "$a" Bank1ng-pass); B=$(token "$b" Bank1ng-pass)
sample="$ROOT/t/data/statements/sample-12.csv"

upload "$A" '{"month":"2019-12-01"}' "$sample"
is "$STATUS" 201 "user A uploads a statement"
json_is '[.month, .status, (.statement_file | startswith("/media/private/statements/"))]' '["2019-12-01","pending",true]' "answer: month, pending, a stored path"
json_is '.statement_file | contains("sample")' false "the stored name is not the client's filename"
sa=$(jq -r .id <<<"$BODY")
upload "$B" '{"month":"2020-01-01"}' "$sample"
sb=$(jq -r .id <<<"$BODY")
wait_done "$A" "$sa"; ok $? "A's statement is imported"
wait_done "$B" "$sb"; ok $? "B's statement is imported"

http GET /api/statements/ -H "Authorization: Bearer $A"
json_is '[.count, .results[0].id, .results[0].status, .results[0].rows]' "[1,$sa,\"done\",12]" "A sees only A's statement, done with 12 rows"
http GET /api/transactions/ -H "Authorization: Bearer $A"
json_is '[.count, (.results | length), (.next | test("limit=10&offset=10$")), .previous]' '[12,10,true,null]' "A's 12 transactions, 10 a page, a next link"
json_is '[.results[] | .source_file] | unique' "[$sa]" "all from A's file"
json_is '.results | (map(.date) == (map(.date) | sort))' true "ordered by date"
http GET "/api/transactions/?limit=5&offset=10" -H "Authorization: Bearer $A"
json_is '[(.results | length), .next, (.previous | test("limit=5&offset=5$"))]' '[2,null,true]' "the last page"
http GET "/api/transactions/?source_file=$sb" -H "Authorization: Bearer $A"
json_is '.count' 0 "filtering on B's file shows A nothing"
http GET "/api/transactions/?date_after=2019-12-15&date_before=2019-12-31" -H "Authorization: Bearer $A"
json_is '[.results[].date] | all(. >= "2019-12-15" and . <= "2019-12-31")' true "date filters"
term=$(jq -r '.results[0].description' <<<"$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/")" | cut -c1-4)
http GET "/api/transactions/?search=$(jq -rn --arg s "$term" '$s|@uri')" -H "Authorization: Bearer $A"
json_is ".count > 0 and ([.results[] | (.description + .location) | ascii_downcase | contains(\"$(tr '[:upper:]' '[:lower:]' <<<"$term")\")] | all)" true "search on description or location"
http GET "/api/transactions/?search=%25" -H "Authorization: Bearer $A"
json_is '.count' 0 "a % in the search is literal"
http GET "/api/transactions/?date_after=13/45/2019" -H "Authorization: Bearer $A"
is "$STATUS $BODY" '400 {"date_after":["Enter a valid date."]}' "a malformed date filter is a 400"
# Dates are checked against the calendar (leap years too) and the years
# PostgreSQL reads, never passed on to fail there with a 500.
for bad in 2019-02-31 2019-02-29 1900-02-29 2019-04-31 0000-01-01 %2B019-01-01 %20019-01-01 2019-1-011 2019-12-1x; do
    http GET "/api/transactions/?date_after=$bad" -H "Authorization: Bearer $A"
    is "$STATUS $BODY" '400 {"date_after":["Enter a valid date."]}' "date_after=$bad is a 400 field error"
done
http GET "/api/transactions/?date_before=2019-02-31&date_after=2019-13-01" -H "Authorization: Bearer $A"
json_is '[(.date_before | length), (.date_after | length)]' '[1,1]' "both bad dates are named"
for good in 2020-02-29 2000-02-29 9999-12-31 0001-01-01; do
    http GET "/api/transactions/?date_before=$good" -H "Authorization: Bearer $A"
    is "$STATUS" 200 "date_before=$good is a date"
done
http GET "/api/transactions/?source_file=abc" -H "Authorization: Bearer $A"
is "$STATUS" 400 "a malformed source_file is a 400"
http GET "/api/transactions/?limit=abc&offset=-5" -H "Authorization: Bearer $A"
json_is '(.results | length)' 10 "a malformed limit or offset falls back to the defaults, as DRF does"
http GET "/api/transactions/?limit=5000" -H "Authorization: Bearer $A"
json_is '(.results | length)' 12 "a limit above 1000 is cut to 1000 (DRF's max_limit), not the default 10"
http GET /api/transactions/
is "$STATUS" 401 "transactions need authentication"

# Bad uploads: each a clear 4xx, nothing stored.
before=$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/statements/" | jq .count)
upload "$A" '' "$sample"; is "$STATUS" 400 "an empty form is refused"
http POST /api/statements/ -H "Authorization: Bearer $A" -F "file=@$sample;type=text/csv"
is "$STATUS $BODY" '400 {"form":["This field is required."]}' "a missing form is refused"
upload "$A" '{"month":' "$sample"; json_is .form '["Invalid JSON."]' "malformed form JSON is refused"
upload "$A" '{"month":"2019-13-45"}' "$sample"; json_is '.month[0] | startswith("Date has wrong format")' true "a month that is not a date is refused"
for bad in 2019-02-29 2019-02-31 0000-12-01 +019-12-01 " 019-12-01"; do
    upload "$A" "{\"month\":\"$bad\"}" "$sample"
    is "$STATUS $(jq -c '.month | length' <<<"$BODY")" "400 1" "month $bad is refused with a field error"
done
upload "$A" '{"month":"2019-12-01"}' ""; is "$STATUS $BODY" '400 {"file":["No file was submitted."]}' "no file is refused"
empty=$(mktemp --suffix=.csv); upload "$A" '{"month":"2019-12-01"}' "$empty"
is "$STATUS $BODY" '400 {"file":["The submitted file is empty."]}' "an empty file is refused"
bin=$(mktemp --suffix=.csv); head -c 2000 /dev/urandom >"$bin"; printf '\0' >>"$bin"
upload "$A" '{"month":"2019-12-01"}' "$bin"; is "$STATUS" 415 "a binary file named .csv is refused"
txt=$(mktemp --suffix=.txt); cp "$sample" "$txt"
upload "$A" '{"month":"2019-12-01"}' "$txt"; is "$STATUS" 415 "a file that is not .csv is refused"
http POST /api/statements/ -H "Authorization: Bearer $A" -H 'Content-Type: application/json' --data '{}'
is "$STATUS" 415 "a JSON body where multipart is needed is a 415"
huge=$(mktemp --suffix=.csv); head -c 11000000 /dev/zero | tr '\0' a >"$huge"
upload "$A" '{"month":"2019-12-01"}' "$huge"; is "$STATUS" 413 "a body over the limit is a 413"
# A 1 GB file (sparse: no disk used). nginx answers as soon as it has read
# Content-Length, so the client may not get to send it all.
gb=$(mktemp --suffix=.csv); truncate -s 1G "$gb"
started=$SECONDS
upload "$A" '{"month":"2019-12-01"}' "$gb"
is "$STATUS" 413 "a 1 GB upload is a 413"
json_is '.detail | length > 0' true "with a JSON detail"
[ $((SECONDS - started)) -lt 20 ]; ok $? "and it is refused without reading the gigabyte ($((SECONDS - started)) s)"
rm -f "$gb"
after=$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/statements/" | jq .count)
is "$after" "$before" "none of the refused uploads created a statement"
rm -f "$empty" "$bin" "$txt" "$huge"

# Each api worker keeps pages of /api/transactions/ in memory until a commit
# touches statements or transactions. Ask often enough that every worker has
# the page, then change the rows in three ways and ask again at once.
counts() { for _ in $(seq 24); do curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?limit=1${1:-}" | jq .count; done | sort -u | tr '\n' ' '; }
n0=$(curl -s -H "Authorization: Bearer $A" "$BASE_URL/api/transactions/?limit=1" | jq .count)
is "$(counts)" "$n0 " "the same page, asked 24 times, says the same count"
two=$(mktemp --suffix=.csv); head -3 "$sample" >"$two"
upload "$A" '{"month":"2019-11-01"}' "$two"; sid=$(printf '%s' "$BODY" | jq .id)
wait_done "$A" "$sid"
is "$(counts)" "$((n0 + 2)) " "an import is seen on the next request by every worker"
is "$(counts "&source_file=$sid")" "2 " "the statement's own page says 2 rows"
psql_q "DELETE FROM transactions WHERE id = (SELECT min(id) FROM transactions WHERE source_file_id = $sid)"
is "$(counts "&source_file=$sid")" "1 " "a row deleted with psql is seen at once by every worker"
psql_q "DELETE FROM statement_files WHERE id = $sid"
is "$(counts)" "$n0 " "deleting the statement with psql is seen at once by every worker"
rm -f "$two"
done_testing
