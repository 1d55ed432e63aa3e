#!/usr/bin/env bash
# The apps' admin model tables against the real schema (issue 14): the
# engine's change list SQL for every model, plain, searched and filtered
# (t/unit/admin_models_test --sql prints it), runs in PostgreSQL, and each
# model's str_sql shows a row the way the change lists will; the users
# model's hooks add a user as registration would, and the statements'
# "re-run import" action enqueues a real import (--hooks).
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
make -s -C "$BUILD_DIR" t/unit/admin_models_test >/dev/null 2>&1
ok $? "admin_models_test builds"

uid=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
said=$(psql_q "INSERT INTO social_accounts (provider, uid, user_id)
               VALUES ('github', '1', $uid) RETURNING id")
sid=$(psql_q "INSERT INTO statement_files (owner_id, statement_file, month, status)
              VALUES ($uid, 'statements/x.csv', '2024-01-01', 'done') RETURNING id")
psql_q "INSERT INTO transactions (source_file_id, owner_id, date, description, location, amount)
        VALUES ($sid, $uid, '2024-01-05', 'cafe <b>', 'Main St', -3.50)"
lid=$(psql_q "INSERT INTO links (url, description, posted_by_id)
              VALUES ('https://example.com/', 'an example', $uid) RETURNING id")
psql_q "INSERT INTO votes (user_id, link_id) VALUES ($uid, $lid)"

out=$("$BUILD_DIR/t/unit/admin_models_test" --sql "$uid" "$sid" |
    psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -d "${POSTGRES_NAME:-postgres}" \
        -tAq -v ON_ERROR_STOP=1 2>&1)
ok $? "every model's change list SQL runs on the schema" "$out"

has() { grep -qxF "$1" <<<"$out"; ok $? "$2" "want: $1"$'\n'"$out"; }
has "$uid|$STAFF_EMAIL|$STAFF_EMAIL|||true" "users: email, names, staff"
has "$said|$STAFF_EMAIL - Github|$said|$STAFF_EMAIL|github|1|$(psql_q "SELECT created FROM social_accounts WHERE id = $said")" \
    "social accounts: \"<email> - <Provider>\""
has "$sid|2024-01 statement ($sid)|2024-01-01|$STAFF_EMAIL|statements/x.csv|done|0|$(psql_q "SELECT uploaded_at FROM statement_files WHERE id = $sid")" \
    "statements: month, owner, file, status, rows, uploaded"
grep -q "|2024-01-05|cafe <b>|Main St|-3.50|2024-01 statement ($sid)|$STAFF_EMAIL\$" <<<"$out"
ok $? "transactions: searched and filtered, the statement and owner by their str" "$out"
grep -q "^$lid|Link object ($lid)|$lid|https://example.com/|an example|$STAFF_EMAIL|" <<<"$out"
ok $? "links: Django's \"Link object (n)\" and every field" "$out"
grep -q "|Vote object ([0-9]*)|[0-9]*|$STAFF_EMAIL|Link object ($lid)\$" <<<"$out"
ok $? "votes: user and link by their str" "$out"

# The statement's file does not exist: the re-run import fails it, which
# shows the worker ran it (it was "done" with no rows before).
read -r new enqueued < <("$BUILD_DIR/t/unit/admin_models_test" --hooks "$sid")
is "$enqueued" 1 "re-run import: one of two ids exists, one import enqueued"
failed() { [ "$(psql_q "SELECT status FROM statement_files WHERE id = $sid")" = failed ]; }
wait_until 30 failed
ok $? "the worker ran the import again" "$(psql_q "SELECT status, errors FROM statement_files WHERE id = $sid")"
is "$(psql_q "SELECT count(*) FROM transactions WHERE source_file_id = $sid")" 0 \
    "a failed import leaves no transactions"
row=$(psql_q "SELECT email, first_name, is_active, is_staff, password LIKE 'pbkdf2_sha256\$%'
              FROM users WHERE id = ${new:-0}")
is "$row" "added@ci.example.com|Ann <i>|t|f|t" "the added user: names, active, hashed password"
access=$(token added@ci.example.com Added-pw-0123)
[ -n "$access" ] && [ "$access" != null ]
ok $? "the added user logs in to the API"
done_testing
