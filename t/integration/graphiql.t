#!/usr/bin/env bash
# GraphiQL's page (static/graphiql/index.html) is handed out only by GET
# /graphql/ to a browser while DEBUG is on (X-Accel-Redirect to an internal
# nginx location): asked for directly, or with DEBUG off, it is not there,
# so a production deployment never shows it although its build has it.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

if [ ! -f "$ROOT/static/graphiql/index.html" ]; then
    # The full ops/test builds it with the front end before this runs; a
    # run of this file alone without that build says it skipped, loudly.
    printf 'ok 1 # SKIP static/graphiql/index.html is not built (ops/test frontend builds it)\n1..1\n'
    exit 0
fi
asset=$(cd "$ROOT/static/graphiql" && find assets -name '*.js' | head -1)

http GET /graphql/ -H 'Accept: text/html'
is "$STATUS" 200 "DEBUG on: a browser's GET /graphql/ gets GraphiQL"
grep -q "<title>GraphiQL" <<<"$BODY"; ok $? "the GraphiQL page" "$BODY"
grep -qi "^Content-Security-Policy: .*style-src 'self' 'unsafe-inline'" <<<"$HEADERS"
ok $? "with GraphiQL's own policy" "$HEADERS"
grep -qi "^X-Frame-Options: DENY" <<<"$HEADERS"; ok $? "and the security headers" "$HEADERS"

for path in /static/graphiql/index.html /static/graphiql/ /static/graphiql/%69ndex.html; do
    http GET "$path"
    is "$STATUS" 404 "GET $path directly is not GraphiQL"
    grep -q "<title>GraphiQL" <<<"$BODY"; ok $((!$?)) "nor its page" "$BODY"
done
http GET /static/graphiql
is "$STATUS" 301 "GET /static/graphiql is nginx's redirect to the directory, which is a 404 above"
http GET "/static/graphiql/$asset"
is "$STATUS" 200 "its assets are public, as the SPA's are"

# The same program with DEBUG off, spoken to over FastCGI: a browser's GET
# /graphql/ is a GraphQL request like any other, never the page.
port=$(free_tcp_port)
DEBUG=false FCGI_LISTEN=127.0.0.1:$port FCGI_WORKERS=1 "$BUILD_DIR/cgi-bin/graphql" \
    >>"$VAR_DIR/log/graphql-nodebug.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT
wait_until 10 bash -c "(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null"; ok $? "a graphql program with DEBUG off listens"
HTTP_ACCEPT='text/html' fcgi_call "127.0.0.1:$port" GET /graphql/ ""
is "$STATUS" 400 "DEBUG off: GET /graphql/ without a query is a GraphQL request error"
grep -qi '^X-Accel-Redirect' <<<"$HEADERS"; ok $((!$?)) "not a hand-over to GraphiQL" "$HEADERS"
done_testing
