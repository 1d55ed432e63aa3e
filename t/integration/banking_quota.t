#!/usr/bin/env bash
# Per-user upload quota: an api of its own with small limits
# (BANKING_MAX_FILES_PER_USER, BANKING_MAX_BYTES_PER_USER), spoken to over
# FastCGI. An upload over either limit is a 413 before anything is stored:
# no file on disk, no statement row. Concurrent uploads cannot overshoot.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
sample="$ROOT/t/data/statements/sample-12.csv"
tmp=$(mktemp -d)
size=$(stat -c %s "$sample")
small="$tmp/small.csv"; head -3 "$sample" >"$small"
statement_form 2019-12-01 "$sample" "$tmp/big.form"
statement_form 2019-12-01 "$small" "$tmp/small.form"

port=$(free_tcp_port)
FCGI_LISTEN=127.0.0.1:$port FCGI_WORKERS=4 BANKING_MAX_FILES_PER_USER=3 \
    BANKING_MAX_BYTES_PER_USER=$((size * 5 / 2)) "$BUILD_DIR/cgi-bin/api" >>"$VAR_DIR/log/api-quota.log" 2>&1 &
api_pid=$!
trap 'kill $api_pid 2>/dev/null; wait $api_pid 2>/dev/null; rm -rf "$tmp"' EXIT
wait_until 10 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null"; ok $? "an api with small quotas listens"
post() { fcgi_call "127.0.0.1:$port" POST /api/statements/ "$1" "multipart/form-data; boundary=XyZ" "$2"; }

# new_user: registers one; sets T (token) and U (id).
new_user() {
    local e="quota-$RANDOM$RANDOM@example.com"
    register "$e" Bank1ng-pass; T=$(token "$e" Bank1ng-pass)
    U=$(psql_q "SELECT id FROM users WHERE email = '$e'")
}
stored() { # stored: "<statement rows> <files on disk>" of user U
    echo "$(psql_q "SELECT count(*) FROM statement_files WHERE owner_id = $U")" \
        "$(find "$MEDIA_ROOT/private/statements/$U" -type f 2>/dev/null | wc -l)"
}

new_user
for i in 1 2 3; do post "$T" "$tmp/small.form"; is "$STATUS" 201 "small upload $i of 3 is accepted"; done
is "$(psql_q "SELECT size FROM statement_files WHERE owner_id = $U LIMIT 1")" "$(stat -c %s "$small")" "each statement records its size"
post "$T" "$tmp/small.form"
is "$STATUS" 413 "a 4th file is over the file quota"
json_is '.detail | startswith("Upload quota exceeded: ")' true "with a detail that says so"
json_is '.detail | test("3 files")' true "and names the limit"
is "$(stored)" "3 3" "nothing was stored: 3 rows, 3 files"

new_user
post "$T" "$tmp/big.form"; is "$STATUS" 201 "a statement of $size bytes is accepted"
post "$T" "$tmp/big.form"; is "$STATUS" 201 "a second one too"
post "$T" "$tmp/big.form"; is "$STATUS" 413 "a third is over the byte quota"
json_is '.detail | test("^Upload quota exceeded: .*bytes")' true "and says which quota"
is "$(stored)" "2 2" "nothing was stored: 2 rows, 2 files"
post "$T" "$tmp/small.form"; is "$STATUS" 201 "a small file still fits"
psql_q "DELETE FROM statement_files WHERE owner_id = $U AND size = $size AND id = (SELECT min(id) FROM statement_files WHERE owner_id = $U)"
post "$T" "$tmp/big.form"; is "$STATUS" 201 "after deleting a statement there is room again"

# Eight uploads at once against a quota of 3 files: exactly 3 are stored.
new_user
pids=()
for i in $(seq 8); do
    (post "$T" "$tmp/small.form"; echo "$STATUS" >"$tmp/status.$i") &
    pids+=($!)
done
wait "${pids[@]}"
is "$(cat "$tmp"/status.* | sort | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')" "201x3 413x5 " "8 concurrent uploads: 3 accepted, 5 refused"
is "$(stored)" "3 3" "and exactly 3 stored"
done_testing
