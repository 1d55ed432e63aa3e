#!/usr/bin/env bash
# The apps' models through /admin/ (issue 14): a superuser adds a user with
# a password and its confirmation (the rules of /api/auth/register/), a
# mismatched confirmation is shown beside its field, and the statements'
# "re-run import" action enqueues an import the worker runs.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

staff_user
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf() { awk '$6 == "csrftoken" {print $7}' "$jar"; }
post() { # post PATH FIELD=VALUE...: a form POST with the session and CSRF field
    local path=$1 args=()
    shift
    for kv in "$@"; do args+=(--data-urlencode "$kv"); done
    http POST "$path" -b "$jar" -c "$jar" --data-urlencode "csrfmiddlewaretoken=$(csrf)" "${args[@]}"
}
http GET /admin/login/ -c "$jar"
post /admin/login/ "username=$STAFF_EMAIL" "password=$STAFF_PASSWORD" next=/admin/
is "$STATUS" 302 "the superuser logs in"

http GET /admin/accounts/user/add/ -b "$jar"
grep -q 'type="password"[^>]*name="password2"\|name="password2"[^>]*type="password"' <<<"$BODY"
ok $? "the add form asks for the password twice" "$BODY"
post /admin/accounts/user/add/ email=twice@ci.example.com password=Twice-pw-0123 \
    password2=Twice-pw-0124 _save=Save
grep -qF 'The two password fields didn' <<<"$BODY"
ok $? "a mismatched confirmation is refused with Django's words" "$STATUS $BODY"
post /admin/accounts/user/add/ email=twice@ci.example.com password=Twice-pw-0123 \
    password2=Twice-pw-0123 first_name=Tw is_active=on _save=Save
is "$STATUS" 302 "a good add is saved"
is "$(psql_q "SELECT first_name || '|' || is_active FROM users WHERE email = 'twice@ci.example.com'")" \
    "Tw|true" "the user is added with its name, active"

uid=$(psql_q "SELECT id FROM users WHERE email = '$STAFF_EMAIL'")
sid=$(psql_q "INSERT INTO statement_files (owner_id, statement_file, month, status)
              VALUES ($uid, 'statements/none.csv', '2024-01-01', 'done') RETURNING id")
post /admin/banking/statementfile/ action=rerun_import "_selected_action=$sid"
[[ $STATUS =~ ^(200|302)$ ]]
ok $? "the action is accepted" "$STATUS $BODY"
http GET /admin/banking/statementfile/ -b "$jar" -c "$jar"
grep -qF '<li class="success">Re-run import of selected statements: 1 statement file.</li>' <<<"$BODY"
ok $? "and says what it did on the next page" "$BODY"
failed() { [ "$(psql_q "SELECT status FROM statement_files WHERE id = $sid")" = failed ]; }
wait_until 30 failed
ok $? "the worker ran the import again (the file is missing: failed)" \
    "$(psql_q "SELECT status FROM statement_files WHERE id = $sid")"
done_testing
