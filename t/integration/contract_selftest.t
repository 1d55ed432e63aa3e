#!/usr/bin/env bash
# The contract test's own test (t/contract/, issue 15): check.py and
# coverage.py on a small hand-written API document and hand-made exchanges,
# in the format t/integration/lib.sh's http() records. Each kind of mismatch
# must be reported (so the check can fail), and a correct set must pass.
# Needs no stack: files only.
set -u
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")/../contract" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/doc.json" <<'JSON'
{
  "openapi": "3.1.0",
  "info": {"title": "self-test", "version": "1"},
  "paths": {
    "/api/items/": {
      "get": {
        "responses": {
          "200": {"description": "a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemList"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "405": {"$ref": "#/components/responses/NotAllowed"}
        }
      },
      "post": {
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
        "responses": {
          "201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
          "405": {"$ref": "#/components/responses/NotAllowed"}
        }
      }
    },
    "/api/items/mine/": {
      "get": {
        "responses": {
          "200": {"description": "mine", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemList"}}}}
        }
      }
    },
    "/api/items/{id}/": {
      "get": {
        "responses": {
          "200": {"description": "one", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
          "204": {"description": "nothing"},
          "404": {"description": "none", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
      }
    },
    "/api/items/{id}/export/": {
      "get": {
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}
      }
    },
    "/graphql/": {
      "post": {"responses": {"200": {"description": "a result", "content": {"application/json": {"schema": {"type": "object"}}}}}}
    }
  },
  "components": {
    "schemas": {
      "Error": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
      "Item": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}, "required": ["id", "name"]},
      "ItemList": {"type": "object", "properties": {"results": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}, "required": ["results"]}
    },
    "responses": {
      "Unauthorized": {
        "description": "no credentials",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "NotAllowed": {
        "description": "another method",
        "headers": {"Allow": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "UriTooLong": {
        "description": "too long",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
      },
      "Options": {
        "description": "OPTIONS on any path",
        "headers": {"Allow": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}}
      }
    }
  }
}
JSON

N=0
# exchange DIR METHOD PATH STATUS CONTENT_TYPE BODY [HEADER_LINE...]: one
# recorded exchange, as http() writes it (CRLF headers, the body's file).
exchange() {
    local dir=$1 method=$2 path=$3 status=$4 ctype=$5 body=$6 h
    shift 6
    N=$((N + 1))
    mkdir -p "$dir"
    {
        printf 'HTTP/1.1 %s X\r\nServer: nginx\r\n' "$status"
        [ -n "$ctype" ] && printf 'Content-Type: %s\r\n' "$ctype"
        for h in "$@"; do printf '%s\r\n' "$h"; done
        printf '\r\n'
    } >"$dir/1.$N.headers"
    printf '%s' "$body" >"$dir/1.$N.body"
    printf '1.%s\t%s\t%s\t%s\n' "$N" "$method" "$path" "$status" >>"$dir/exchanges.tsv"
}

# check DIR: runs check.py on DIR; sets OUT and RC.
check() {
    OUT=$("$PY" "$HERE/check.py" --document "$work/doc.json" "$1" 2>&1)
    RC=$?
}

# reports NAME WANT METHOD PATH STATUS CTYPE BODY [HEADER...]: check.py
# fails on this one exchange, with a line holding WANT.
reports() {
    local name=$1 want=$2
    shift 2
    exchange "$work/$name" "$@"
    check "$work/$name"
    [ "$RC" = 1 ] && grep -qF -- "$want" <<<"$OUT" && grep -q '^1 of 1 responses do not match' <<<"$OUT"
    ok $? "check.py reports $name" "want a failure naming: $want"$'\n'"got ($RC): $OUT"
}

ERR='{"detail":"x"}'
J=application/json
reports "an undocumented status" "GET /api/items/ 418: status 418 is not listed for GET /api/items/ (listed: 200, 401, 405)" \
    GET /api/items/ 418 "$J" "$ERR"
reports "a body that does not match its schema" "the body does not match #/components/schemas/Item of 200 of GET /api/items/{id}/: at \$.id" \
    GET /api/items/7/ 200 "$J" '{"id":"seven","name":"a"}'
reports "a body that does not match a schema it refers to" "of 200 of GET /api/items/: at \$.results[1]" \
    GET '/api/items/?page=2' 200 "$J; charset=utf-8" '{"results":[{"id":1,"name":"a"},{"id":2}]}'
reports "a body that is not JSON" "the body is not JSON" \
    GET /api/items/7/ 200 "$J" '<html>'
reports "a wrong content type" "Content-Type text/html; charset=utf-8 is not listed for 200 of GET /api/items/{id}/ (listed: application/json)" \
    GET /api/items/7/ 200 "text/html; charset=utf-8" '<p>7</p>'
reports "a missing Allow on a 405" "no Allow header, which the document declares for 405 of GET /api/items/" \
    DELETE /api/items/ 405 "$J" '{"detail":"Method \"DELETE\" not allowed."}'
reports "a missing WWW-Authenticate on a 401" "no WWW-Authenticate header" \
    GET /api/items/ 401 "$J" "$ERR"
reports "an unknown /api/ path with a non-Error body" "the body does not match #/components/schemas/Error of 404 of an unknown path" \
    GET /api/nothing/here/ 404 "$J" '{"error":"x"}'
reports "an unknown /api/ path that is not a 404" "/api/nothing/ is not a path of the document: only a 404 (or nginx's 400, 414, 503) is expected there" \
    GET /api/nothing/ 200 "$J" '{}'
reports "a method not on the path" "PUT /api/items/ 200: PUT is no operation of /api/items/ (GET/POST)" \
    PUT /api/items/ 200 "$J" '{"id":1,"name":"a"}'
reports "a 405 no operation of the path documents" "no operation of /api/items/{id}/ (GET) documents a 405" \
    POST /api/items/7/ 405 "$J" "$ERR" "Allow: GET"
reports "a body where the document declares none" "a body (application/json) where the document declares none for 204" \
    GET /api/items/7/ 204 "$J" "$ERR"
reports "a missing Content-Type" "no Content-Type; the document lists application/json for 201 of POST /api/items/" \
    POST /api/items/ 201 "" '{"id":1,"name":"a"}'
reports "an OPTIONS without Allow" "no Allow header, which the document declares for 200 of OPTIONS /api/items/{id}/" \
    OPTIONS /api/items/7/ 200 "$J" '{}'
reports "an OPTIONS that is not components.responses.Options" "OPTIONS on /api/items/ (GET/POST) answered 404" \
    OPTIONS /api/items/ 404 "$J" "$ERR"

# A correct set: every kind of exchange the document describes.
good=$work/good
exchange "$good" GET /api/items/ 200 "$J" '{"results":[{"id":1,"name":"a"}]}'
exchange "$good" GET '/api/items/?page=2&q=%7B' 200 "$J; charset=utf-8" '{"results":[]}'
exchange "$good" GET /api/items/ 401 "$J" "$ERR" 'www-authenticate: Bearer realm="api"'
exchange "$good" DELETE /api/items/ 405 "$J" "$ERR" "Allow: GET, POST"
exchange "$good" POST /api/items/ 201 "$J" '{"id":2,"name":"b"}'
exchange "$good" GET /api/items/mine/ 200 "$J" '{"results":[]}'
exchange "$good" GET /api/items/42/ 200 "$J" '{"id":42,"name":"x"}'
exchange "$good" GET /api/items/42/ 204 "" ""
exchange "$good" HEAD /api/items/42/ 200 "$J" ""
exchange "$good" GET /api/items/42/export/ 200 "text/csv; charset=utf-8" $'id,name\n42,x\n'
exchange "$good" GET /api/items/43/ 404 "$J" "$ERR"
exchange "$good" OPTIONS /api/items/43/ 200 "$J" '{}' "Allow: GET, HEAD, OPTIONS"
exchange "$good" GET /api/nowhere/ 404 "$J" "$ERR"
exchange "$good" GET "/api/$(printf 'a%.0s' $(seq 300))" 414 "$J" "$ERR"
exchange "$good" POST /graphql/ 200 "$J" '{"data":{}}'
exchange "$good" GET /admin/ 200 "text/html" '<html>'
exchange "$good" GET /api/docs 301 "text/html" '<html>'
exchange "$good" GET /api/docs/swagger-ui.css 200 "text/css" 'a{}'
exchange "$good" GET /static/app.js 404 "text/html" '<html>'
printf '1.999\tGET\t/api/items/\t000\n' >>"$good/exchanges.tsv"
check "$good"
is "$RC $OUT" "0 15 responses match the API document (4 outside it, 1 without a response)" \
    "check.py passes a correct set: HEAD, OPTIONS, text/csv, templated and literal paths, a query, an unknown path's 404 and 414"
[ ! -s "$good/mismatches.txt" ] && [ -s "$work/a body that is not JSON/mismatches.txt" ]
ok $? "check.py writes every mismatch to DIR/mismatches.txt"

# The same mismatch of several requests is one line with its count.
for i in 1 2 3; do exchange "$work/thrice" GET "/api/items/$i/" 418 "$J" "$ERR"; done
check "$work/thrice"
is "$RC $(grep -c . <<<"$OUT") $(tail -1 <<<"$OUT")" \
    '1 2 GET /api/items/1/ 418: status 418 is not listed for GET /api/items/{id}/ (listed: 200, 204, 404); body: {"detail":"x"} [3 requests]' \
    "check.py reports a mismatch of several requests once, with their count"

exchange "$work/gone" POST /api/gone/ 201 "$J" '{}'
exchange "$work/gone" POST /api/gone/ 400 "$J" "$ERR"
exchange "$work/gone" POST /api/gone/ 400 "$J" "$ERR"
check "$work/gone"
is "$RC $(tail -n +2 <<<"$OUT")" \
    "1 POST /api/gone/ 201/400: /api/gone/ is not a path of the document: only a 404 (or nginx's 400, 414, 503) is expected there (add the route's doc, or answer 404); body: {} [3 requests]" \
    "and a reason that does not depend on the status once, with each status"

mkdir -p "$work/none"
check "$work/none"
is "$RC $OUT" "0 no request recorded: nothing to check against the API document (0 responses)" \
    "check.py passes a file that made no request"
exchange "$work/outside" GET /admin/ 200 text/html '<html>'
check "$work/outside"
is "$RC $OUT" "0 no /api/ request: 0 responses checked against the API document (1 outside it)" \
    "and one that made requests outside the document only"
# Fetched once from BASE_URL/api/schema/ (a server of this test's own),
# then read from the cache.
mkdir -p "$work/site/api/schema"
cp "$work/doc.json" "$work/site/api/schema/index.html"
port=$(free_tcp_port)
"$PY" -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
server=$!
wait_until 10 curl -sf -o /dev/null "http://127.0.0.1:$port/api/schema/"
OUT=$(BASE_URL=http://127.0.0.1:$port "$PY" "$HERE/check.py" --cache "$work/cache.json" "$good" 2>&1)
RC=$?
kill "$server"
wait "$server" 2>/dev/null
cmp -s "$work/doc.json" "$work/cache.json" && [ "$RC" = 0 ]
ok $? "check.py fetches the document from BASE_URL/api/schema/ into its cache" "$RC: $OUT"
OUT=$(BASE_URL=http://127.0.0.1:$port "$PY" "$HERE/check.py" --cache "$work/cache.json" "$good" 2>&1)
is "$? $OUT" "0 15 responses match the API document (4 outside it, 1 without a response)" \
    "and reads it from there once fetched (the server is gone)"
OUT=$(BASE_URL=http://127.0.0.1:9 "$PY" "$HERE/check.py" --cache "$work/no.json" "$good" 2>&1)
RC=$?
[ "$RC" = 1 ] && grep -q 'the API document could not be fetched: GET http://127.0.0.1:9/api/schema/' <<<"$OUT"
ok $? "check.py fails when the document cannot be fetched" "$RC: $OUT"

# coverage.py: the correct set exercises every operation and sees each
# documented status (the 405 of DELETE, a method /api/items/ does not have,
# counts for its GET and POST); the "thrice" directory alone does not.
OUT=$("$PY" "$HERE/coverage.py" --document "$work/doc.json" "$good" 2>&1)
RC=$?
is "$RC $OUT" "0 6 of 6 operations of the API document exercised (11 requests)" \
    "coverage.py counts the operations the exchanges exercised"
OUT=$("$PY" "$HERE/coverage.py" --document "$work/doc.json" "$work" 2>&1)
RC=$?
[ "$RC" = 0 ] && [ "$(head -1 <<<"$OUT")" = "6 of 6 operations of the API document exercised (22 requests)" ]
ok $? "and adds up every record directory under the one it is given" "$RC: $OUT"
OUT=$("$PY" "$HERE/coverage.py" --document "$work/doc.json" "$work/thrice" 2>&1)
RC=$?
[ "$RC" = 1 ] && [ "$(head -1 <<<"$OUT")" = "1 of 6 operations of the API document exercised (3 requests)" ] &&
    grep -qx 'never exercised: GET /api/items/{id}/export/' <<<"$OUT"
ok $? "coverage.py fails and names each operation never exercised" "$RC: $OUT"
grep -qx 'statuses never seen (information): GET /api/items/{id}/: 200, 204, 404' <<<"$OUT"
ok $? "and lists the documented statuses no response had" "$OUT"

done_testing
