#!/usr/bin/env bash
# process_statement_file through the real worker and PostgreSQL: a good file
# loads every row in one COPY, a re-run replaces instead of duplicating, and
# bad files end "failed" with line-numbered errors and no rows. (The upload
# endpoint comes later; the tests place the stored file themselves.)
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
staff_user
owner=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
mkdir -p "$MEDIA_ROOT/private/statements"

statement() { # statement CONTENT_FILE: stores it, creates the row, runs the import; sets SID
    local name="t-$RANDOM$RANDOM.csv"
    cp "$1" "$MEDIA_ROOT/private/statements/$name"
    SID=$(psql_q "INSERT INTO statement_files (owner_id, statement_file, month) VALUES ($owner, 'private/statements/$name', '2019-12-01') RETURNING id" | head -1)
    run_import
}
run_import() {
    local tid; tid=$("$ctl" enqueue process_statement_file "[$SID]")
    wait_until 30 task_state_is "$tid" SUCCESS
}
status_of() { psql_q "SELECT status || ' ' || rows FROM statement_files WHERE id = $SID"; }
rows_of() { psql_q "SELECT count(*) FROM transactions WHERE source_file_id = $SID"; }

statement "$ROOT/t/data/statements/sample-12.csv"
is "$(status_of)" "done 12" "the sample statement imports: done, 12 rows"
is "$(psql_q "SELECT sum(amount) FROM transactions WHERE source_file_id = $SID")" "-934.64" "with the right amounts"
is "$(psql_q "SELECT count(*) FROM transactions WHERE source_file_id = $SID AND owner_id = $owner")" 12 "owned by the uploader"
run_import
is "$(rows_of)" 12 "running the import again replaces the rows instead of duplicating them"

big=$(mktemp)   # 83 copies of the sample's rows: 996 rows
{ head -1 "$ROOT/t/data/statements/sample-12.csv"
  for i in $(seq 1 83); do tail -n +2 "$ROOT/t/data/statements/sample-12.csv"; done; } >"$big"
want=$(( $(wc -l <"$big") - 1 ))
statement "$big"
is "$(status_of)" "done $want" "a $want-row file imports"

bad=$(mktemp)
printf 'Posted Date,Reference Number,Payee,Address,Amount\n12/01/2019,1,Shop,Town,-1.00\n13/45/2019,2,Shop,Town,-2.00\n12/03/2019,3,Shop,Town,"12,34.5"\n' >"$bad"
statement "$bad"
is "$(status_of)" "failed 0" "a file with bad rows fails"
is "$(rows_of)" 0 "and keeps none of its rows, not even the good first one"
errs=$(psql_q "SELECT errors FROM statement_files WHERE id = $SID")
jq -e 'length == 2 and (.[0] | startswith("line 3")) and (.[1] | startswith("line 4"))' <<<"$errs" >/dev/null
ok $? "errors name the lines (13/45/2019 and 12,34.5)" "$errs"

printf 'Posted Date,Payee,Address,Amount\n"12/01/2019,Shop,Town,-1.00\n' >"$bad"; statement "$bad"
psql_q "SELECT errors FROM statement_files WHERE id = $SID" | grep -q 'line 2'; ok $? "an unterminated quote fails with its line"
printf 'Date,Payee,Address\n1/1/2020,a,b\n' >"$bad"; statement "$bad"
psql_q "SELECT errors FROM statement_files WHERE id = $SID" | grep -q 'missing column'; ok $? "a header without the needed columns fails"
: >"$bad"; statement "$bad"
psql_q "SELECT errors FROM statement_files WHERE id = $SID" | grep -q 'empty'; ok $? "an empty file fails"
head -c 4096 /dev/urandom >"$bad"; statement "$bad"
is "$(status_of)" "failed 0" "a binary file fails cleanly"
printf 'Posted Date,Payee,Address,Amount\n1/1/2020,a,b,1.00,extra\n' >"$bad"; statement "$bad"
psql_q "SELECT errors FROM statement_files WHERE id = $SID" | grep -q 'fields'; ok $? "a row with too many fields fails"

# Text that is not UTF-8, or holds NUL bytes, never reaches PostgreSQL (which
# would refuse it with an encoding error): the statement fails with the line.
failed_with() { # failed_with REGEX DESCRIPTION: failed, no rows, errors[0] matches
    local errs; errs=$(psql_q "SELECT errors FROM statement_files WHERE id = $SID")
    [ "$(status_of) $(rows_of)" = "failed 0 0" ] && jq -e --arg re "$1" '.[0] | test($re)' <<<"$errs" >/dev/null
    ok $? "$2" "$(status_of) $errs"
}
printf 'Posted Date,Payee,Address,Amount\n12/01/2019,Shop,Town,-1.00\n12/02/2019,Caf\xe9 Paris,Town,-2.00\n' >"$bad"
statement "$bad"; failed_with '^line 3: Payee is not valid UTF-8' "a Latin-1 payee fails the statement, naming line 3"
printf 'Posted Date,Payee,Address,Amount\n12/01/2019,Shop,M\xfcnchen,-1.00\n' >"$bad"
statement "$bad"; failed_with '^line 2: Address is not valid UTF-8' "a Latin-1 address fails, naming line 2"
printf 'Posted Date,Payee,Address,Amount\n12/01/2019,Shop,Town,-1.00\n12/02/2019,Sh\0op,Town,-2.00\n' >"$bad"
statement "$bad"; failed_with '^line 3: NUL byte' "a NUL byte fails the statement, naming line 3"
{ printf 'Posted Date,Payee,Address,Amount\n'; for i in $(seq 400); do printf '12/01/2019,Shop %d,Town,-1.00\n' "$i"; done
  printf '12/02/2019,"\xff\xfe",Town,-2.00\n'; } >"$bad"
statement "$bad"; failed_with '^line 402: Payee is not valid UTF-8' "past the first 8 KB too (line 402)"
rm -f "$bad" "$big"
done_testing
