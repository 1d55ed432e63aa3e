#!/usr/bin/env bash
# Errors nginx answers itself are JSON in DRF's shape with the right
# Content-Type, never nginx's HTML page (the hostile campaign found 403,
# 405, 501 and 505 pages, and JSON 404s typed as JavaScript or CSS). What
# nginx calls 501 and 505 is the client's doing: a 400, never a 5xx.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

json_error() { # json_error WANT_STATUS NAME: checks the last http call
    is "$STATUS" "$1" "$2: status"
    is "$(jq -r 'has("detail") and (.detail|type == "string")' <<<"$BODY" 2>/dev/null)" true "$2: {\"detail\": ...} body" "$BODY"
    ctype=$(sed -n 's/^content-type: *//Ip' <<<"$HEADERS" | tr -d '\r')
    is "$ctype" application/json "$2: Content-Type" "$HEADERS"
}
raw() { # raw REQUEST: STATUS, HEADERS and BODY of bytes sent as they are
    local out
    out=$(/usr/bin/python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
out = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    out += chunk
sys.stdout.write(out.decode("latin-1"))' "${BASE_URL##*:}" "$1" | tr -d '\r')
    STATUS=$(head -1 <<<"$out" | cut -d' ' -f2)
    HEADERS=$(sed '/^$/q' <<<"$out")
    BODY=$(sed '1,/^$/d' <<<"$out")
}

http TRACE /api/
json_error 405 "TRACE /api/"
grep -qi '^allow: ' <<<"$HEADERS"; ok $? "TRACE /api/: with Allow" "$HEADERS"
http DELETE /static/x
json_error 405 "DELETE on a static file"
grep -qi '^allow: GET, HEAD' <<<"$HEADERS"; ok $? "DELETE on a static file: Allow: GET, HEAD" "$HEADERS"
http GET /static/
json_error 403 "a static directory"
http GET /api/ -H 'Transfer-Encoding: gzip'
json_error 400 "an unknown Transfer-Encoding (nginx's 501: the client's doing)"
raw 'GET /api/ HTTP/2.0\r\nHost: x\r\n\r\n'
json_error 400 "HTTP/2.0 in a request line (nginx's 505)"
# The error location must not itself refuse the announced body: a 413 there
# would be nginx's HTML page (error pages do not recurse).
raw 'GET /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n'
json_error 400 "an unknown Transfer-Encoding with a huge Content-Length"
raw 'GET /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\nHost: y\r\nConnection: close\r\n\r\n'
json_error 400 "a duplicate Host with a huge Content-Length"
http GET /index.html -H 'Range: bytes=99999999-'
json_error 416 "a Range past the end of a file"
for path in /assets/missing.js /assets/missing.css /media/x.js /api/nope.css; do
    http GET "$path"
    json_error 404 "GET $path"
done
done_testing
