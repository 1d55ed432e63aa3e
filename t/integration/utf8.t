#!/usr/bin/env bash
# Request data PostgreSQL cannot hold (bytes that are not UTF-8, NUL) is a
# 400, never a 500, and nothing is written: JSON strings (raw bytes,
# \u0000, lone surrogates), multipart filenames and form fields. A cookie
# that is not text is ignored, as if it were not sent. The path and the
# query string: t/integration/cases/text.case.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
NOT_TEXT='{"detail":"Request data must be UTF-8 text without NUL characters."}'
u="utf8-$RANDOM@example.com"
register "$u" Utf8-pass-word
T=$(token "$u" Utf8-pass-word)
AUTH=(-H "Authorization: Bearer $T")
names() { psql_q "SELECT first_name || '|' || last_name FROM users WHERE email = '$u'"; }
files() { psql_q "SELECT count(*) FROM statement_files f JOIN users u ON u.id = f.owner_id WHERE u.email = '$u'"; }

# --- JSON bodies ---------------------------------------------------------------
before=$(names)
post_json /api/users/profile/ $'{"first_name": "x\xffy"}' -X PATCH "${AUTH[@]}"
is "$STATUS $BODY" '400 {"detail":"JSON parse error - invalid UTF-8"}' "a raw FF in a JSON string is a 400"
post_json /api/users/profile/ '{"first_name": "ab\u0000cd"}' -X PATCH "${AUTH[@]}"
json_is '[.detail | test("u0000")]' '[true]' "\\u0000 in first_name is a 400 that names it"
is "$STATUS" 400 "... with status 400"
post_json /api/users/profile/ '{"last_name": "x\ud800y"}' -X PATCH "${AUTH[@]}"
is "$STATUS $BODY" '400 {"detail":"JSON parse error - a \\u escape is a lone surrogate"}' "a lone surrogate is a 400, not U+FFFD"
post_json /api/users/profile/ '{"last_name": "\udc00"}' -X PATCH "${AUTH[@]}"
is "$STATUS" 400 "a lone low surrogate is a 400"
is "$(names)" "$before" "nothing written to the profile"
post_json /api/users/profile/ '{"first_name": "\ud83d\ude00 caf\u00e9"}' -X PATCH "${AUTH[@]}"
json_is '[.first_name]' '["😀 café"]' "a surrogate pair and escapes still work"
post_json /api/auth/register/ '{"email": "nul\u0000'"$u"'", "password": "Utf8-pass-word"}'
is "$STATUS" 400 "register with \\u0000 in the email is a 400"
is "$(psql_q "SELECT count(*) FROM users WHERE email LIKE 'nul%$u'")" 0 "... and no user is made"

# --- multipart ----------------------------------------------------------------
csv=$(mktemp -d)/statement.csv
cp "$ROOT/t/data/statements/sample-12.csv" "$csv"
n=$(files)
upload "$T" '{"month":"2019-12-01"}' "" -F $'file=@'"$csv"$';filename=\xff\xfe.csv;type=text/csv'
is "$STATUS $BODY" "400 $NOT_TEXT" "a filename that is not UTF-8 is a 400"
upload "$T" $'{"month":"2019-12-01", "note": "\xff"}' "$csv"
is "$STATUS $BODY" "400 $NOT_TEXT" "a form field that is not UTF-8 is a 400"
is "$(files)" "$n" "no statement is stored"
rm -rf "$(dirname "$csv")"

# --- cookies ------------------------------------------------------------------
http GET /api/users/profile/ -H $'Cookie: sessionid=\xff\xfe'
is "$STATUS" 401 "a sessionid cookie that is not UTF-8 is not sent at all: 401"
http GET /api/users/profile/ -H $'Cookie: other=\xff; a=1' "${AUTH[@]}"
is "$STATUS" 200 "a foreign cookie that is not UTF-8 does not lock the user out"
done_testing
