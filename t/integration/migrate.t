#!/usr/bin/env bash
# worker-ctl migrate: in order, each in a transaction, recorded, re-running
# is a no-op, a failed one stops with its file name and PostgreSQL's message.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"

out=$("$ctl" migrate 2>&1); rc=$?
is "$rc" 0 "re-running migrate on an up-to-date database succeeds"
is "$out" "no migrations to apply" "and applies nothing"

# A scratch database so these migrations never touch the stack's own.
psql_q "DROP DATABASE IF EXISTS migrate_test" && psql_q "CREATE DATABASE migrate_test"
dir=$(mktemp -d)
printf 'CREATE TABLE t_one (id int);\n' >"$dir/0001_one.sql"
printf 'CREATE TABLE t_two (id int);\nINSERT INTO t_two VALUES (2);\n' >"$dir/0002_two.sql"
printf 'this is not SQL' >"$dir/README.txt"
out=$(POSTGRES_NAME=migrate_test SQL_DIR=$dir "$ctl" migrate 2>&1); rc=$?
is "$rc" 0 "two new migrations apply"
is "$out" $'applied 0001_one.sql\napplied 0002_two.sql\n2 migration(s) applied' "in order, files that are not migrations ignored"

printf 'CREATE TABLE t_three (id int);\nINSERT INTO t_three VALUES (3);\nSELECT * FROM no_such_table;\n' >"$dir/0003_three.sql"
printf 'CREATE TABLE t_four (id int);\n' >"$dir/0004_four.sql"
out=$(POSTGRES_NAME=migrate_test SQL_DIR=$dir "$ctl" migrate 2>&1); rc=$?
ok $((rc == 0)) "a failing migration makes migrate fail (exit $rc)"
grep -q '^worker-ctl: migrate: 0003_three.sql: ERROR:  relation "no_such_table" does not exist' <<<"$out"
ok $? "the error names the file and carries PostgreSQL's message" "$out"
is "$(wc -l <<<"$(grep 'worker-ctl:' <<<"$out")")" 1 "the error is one line"
got=$(PGDATABASE=migrate_test psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -tAq \
    -c "SELECT to_regclass('t_three') IS NULL, to_regclass('t_four') IS NULL")
is "$got" "t|t" "the failed migration left nothing behind and the next one did not run"
got=$(PGDATABASE=migrate_test psql -h 127.0.0.1 -p "$POSTGRES_SERVICE_PORT" -U postgres -tAq \
    -c "SELECT string_agg(name, ',' ORDER BY name) FROM schema_migrations")
is "$got" "0001_one.sql,0002_two.sql" "only the successful migrations are recorded"

rm "$dir/0003_three.sql"
printf 'CREATE TABLE t_three (id int);\n' >"$dir/0003_three.sql"
out=$(POSTGRES_NAME=migrate_test SQL_DIR=$dir "$ctl" migrate 2>&1); rc=$?
is "$rc" 0 "after the fix migrate carries on"
is "$out" $'applied 0003_three.sql\napplied 0004_four.sql\n2 migration(s) applied' "from where it stopped"

out=$(POSTGRES_NAME=migrate_test SQL_DIR=/nonexistent "$ctl" migrate 2>&1); rc=$?
ok $((rc == 0)) "a missing migrations folder is an error"
grep -q "^worker-ctl: migrate: cannot read migrations in /nonexistent" <<<"$out"
ok $? "that names the folder" "$out"

out=$(POSTGRES_SERVICE_PORT=1 "$ctl" migrate 2>&1); rc=$?
ok $((rc == 0)) "an unreachable database is an error"
grep -q "^worker-ctl: cannot connect to PostgreSQL" <<<"$out"
ok $? "that says so in one line" "$out"

psql_q "DROP DATABASE migrate_test"
rm -rf "$dir"
done_testing
