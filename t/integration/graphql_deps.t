#!/usr/bin/env bash
# /graphql/ while PostgreSQL or Redis is away: a JSON 503 in GraphQL's
# error shape (never a 500) for what needs them, and every worker answering
# again once they are back, without a restart. (A worker may still serve an
# answer it kept: nothing commits while PostgreSQL is away, and its next
# connection drops them all.)
# shellcheck disable=SC2016 # GraphQL variables ($e) are written literally
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

P=gd$(openssl rand -hex 3)
PW='Gd-pass-0123'
user=$P@example.com
register "$user" "$PW"
jar=$(mktemp)
http GET /api/login-set-cookie/ -c "$jar"
csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")
post_json /api/login/ "{\"email\":\"$user\",\"password\":\"$PW\"}" -b "$jar" -c "$jar" -H "X-CSRFToken: $csrf"
is "$STATUS" 200 "a session to use while Redis is away"
graphql_workers() { pgrep -P "$(cat "$VAR_DIR/run/graphql.pid")" | sort; }
workers=$(graphql_workers)
links='{ links(first: 3) { id postedBy { email } } }'
tokenauth='mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token } }'
unavailable() { # unavailable DESCRIPTION: the last reply is a 503 with {"errors": [...]}
    is "$STATUS $(jq -c '[(.errors | length > 0), (.errors[0].message | type), has("data")]' <<<"$BODY")" \
        '503 [true,"string",false]' "$1"
}
for i in 1 2 3 4 5 6 7 8; do gql "$links"; done
is "$STATUS" 200 "every worker has its connections and has kept the answer"

# --- PostgreSQL ---------------------------------------------------------------
pg_stop
gql '{ links(first: 2) { url } }'
unavailable "a query with PostgreSQL stopped"
json_is '.errors[0].message' '"Database unavailable."' "says what is down"
gql "$tokenauth" "{\"e\": \"$user\", \"p\": \"$PW\"}"
unavailable "tokenAuth with PostgreSQL stopped"
gql '{ currentUser { email } }' null -H "Authorization: JWT $(printf x)"
is "$STATUS" 401 "a bad token is still a 401 (it never reaches the database)"
gql '{ __typename }'
is "$STATUS" 200 "a query that needs no data still answers"
pg_start
for i in 1 2 3 4 5 6 7 8; do gql "$links"; [ "$STATUS" = 200 ] || break; done
is "$STATUS" 200 "queries succeed again on every worker without a restart"

# --- Redis --------------------------------------------------------------------
redis_pid=$(cat "$VAR_DIR/run/redis.pid")
kill -TERM "$redis_pid"
wait_until 30 process_gone "$redis_pid"
gql '{ currentUser { email } }' null -b "$jar"
unavailable "a caller by session cookie with Redis stopped"
json_is '.errors[0].message' '"Cache unavailable."' "says what is down"
gql "$tokenauth" "{\"e\": \"$user\", \"p\": \"$PW\"}"
unavailable "tokenAuth (throttled in Redis) with Redis stopped"
gql "$links"
is "$STATUS" 200 "an anonymous query needs no Redis"
redis_start >/dev/null
for i in 1 2 3 4 5 6 7 8; do gql '{ currentUser { email } }' null -b "$jar"; [ "$STATUS" = 200 ] || break; done
json_is '.data.currentUser.email' "\"$user\"" "the session works again on every worker"
gql "$tokenauth" "{\"e\": \"$user\", \"p\": \"$PW\"}"
json_is '.data.tokenAuth.token | type' '"string"' "and tokenAuth"

is "$(graphql_workers)" "$workers" "no graphql worker died or was replaced"
rm -f "$jar"
done_testing
