#!/usr/bin/env bash
# /graphql/ through nginx: every query and mutation of the HN clone (links
# newest first, search, paging, votes, users without passwords, createLink,
# createVote), GET and POST and application/graphql, the bad input of
# issue 12 (each a 4xx in GraphQL's error shape, never a 500), a fixed
# number of SQL statements however many links there are (PostgreSQL's own
# log counts them), and a program that keeps serving throughout.
# shellcheck disable=SC2016 # GraphQL variables ($n) are written literally
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

P=gq$(openssl rand -hex 3)
PW='Gq-pass-0123'
alice=$P-alice@example.com bob=$P-bob@example.com
register "$alice" "$PW"
register "$bob" "$PW"
ta=$(token "$alice" "$PW")
tb=$(token "$bob" "$PW")
as_alice=(-H "Authorization: Bearer $ta")
as_bob=(-H "Authorization: Bearer $tb")
graphql_workers() { pgrep -P "$(cat "$VAR_DIR/run/graphql.pid")" | sort; }
workers_before=$(graphql_workers)

# --- queries anyone may make ---------------------------------------------------------------
gql '{ __typename }'
is "$STATUS $BODY" '200 {"data":{"__typename":"Query"}}' "the endpoint answers"
gql '{ links(first: 1) { id } }'
is "$STATUS" 200 "anonymous may list links"

# --- createLink -----------------------------------------------------------------------------
create_link() { # create_link URL DESCRIPTION [curl args]: sets LINK (the new link's id) and BODY
    gql 'mutation($u: String!, $d: String!) { createLink(url: $u, description: $d) { id url description postedBy { email } } }' \
        "$(jq -nc --arg u "$1" --arg d "$2" '{u: $u, d: $d}')" "${@:3}"
    LINK=$(jq -r '.data.createLink.id // empty' <<<"$BODY")
}
gql 'mutation { createLink(url: "https://example.com/", description: "x") { id } }'
is "$STATUS" 200 "an anonymous createLink is a resolver error (200)"
json_is '[.data.createLink, .errors[0].message, .errors[0].path]' \
    '[null,"Must be logged in to post a link",["createLink"]]' "with data null and the error at its path"
create_link "https://$P.example.com/one" "First $P PYTHON link" "${as_alice[@]}"
l1=$LINK
json_is '.data.createLink | [.url, .description, .postedBy.email]' \
    "[\"https://$P.example.com/one\",\"First $P PYTHON link\",\"$alice\"]" "createLink returns the link and its poster"
json_is '.data.createLink.id | type' '"number"' "CreateLink.id is an Int"
create_link "http://$P.example.com/two" "second $P 100%_off" "${as_bob[@]}"
l2=$LINK
create_link "https://$P.Example.com/three?q=python" "third $P" "${as_alice[@]}"
l3=$LINK
[ -n "$l1" ] && [ -n "$l2" ] && [ -n "$l3" ]; ok $? "three links made" "$l1 $l2 $l3"
for bad in "ftp://$P.example.com/" "javascript:alert(1)" "https://" "http:// space.example.com" "example.com" ""; do
    create_link "$bad" "bad" "${as_alice[@]}"
    json_is '[.data.createLink, .errors[0].message]' '[null,"Enter a valid URL."]' "createLink refuses the url '$bad'"
done
# The description would be cut at the NUL on its way to PostgreSQL.
gql 'mutation { createLink(url: "https://nul.example.com/", description: "cut\u0000here") { id description } }' \
    null "${as_alice[@]}"
json_is '[.data.createLink, .errors[0].message]' '[null,"Enter a value without NUL characters."]' \
    "createLink refuses a description with a NUL"

# --- links: newest first, search, paging -----------------------------------------------------
gql "{ links(search: \"$P\") { id } }"
json_is '[.data.links[].id]' "[\"$l3\",\"$l2\",\"$l1\"]" "links are newest first (ID strings)"
gql "query(\$s: String) { links(search: \$s) { id } }" "{\"s\": \"${P^^} python\"}"
json_is '[.data.links[].id]' "[\"$l1\"]" "search matches the description in any case"
gql "{ links(search: \"$P.EXAMPLE.COM/THREE\") { id } }"
json_is '[.data.links[].id]' "[\"$l3\"]" "search matches the url in any case"
gql "{ links(search: \"$P 100%_\") { id } }"
json_is '[.data.links[].id]' "[\"$l2\"]" "% and _ in a search are taken literally"
gql "{ links(search: \"$P 1%\") { id } }"
json_is '.data.links' '[]' "a literal % matches no other character"
gql "{ links(search: \"$P\", first: 1, skip: 1) { id } }"
json_is '[.data.links[].id]' "[\"$l2\"]" "first and skip page"
gql "{ links(search: \"$P\", first: 0) { id } }"
json_is '.data.links' '[]' "first: 0 is an empty page"
gql "{ links(search: \"$P\", skip: -1) { id } }"
json_is '[.data.links, .errors[0].message]' '[null,"skip must not be negative."]' "a negative skip is an error"

# --- createVote ------------------------------------------------------------------------------
vote() { gql "mutation { createVote(linkId: $1) { user { email } link { id url } } }" null "${@:2}"; }
vote "$l1" "${as_bob[@]}"
json_is '.data.createVote | [.user.email, .link.id]' "[\"$bob\",\"$l1\"]" "createVote returns the voter and the link"
vote "$l1" "${as_bob[@]}"
json_is '[.data.createVote, .errors[0].message]' '[null,"You have already voted for this link"]' "one vote per user and link"
vote "$l1" "${as_alice[@]}"
json_is '.data.createVote.user.email' "\"$alice\"" "another user may vote for it"
vote 2147483647 "${as_alice[@]}"
json_is '[.data.createVote, .errors[0].message]' '[null,"Invalid link"]' "a vote for no link"
vote "$l2"
json_is '[.data.createVote, .errors[0].message]' '[null,"Must be logged in to vote"]' "an anonymous vote"
is "$(psql_q "SELECT count(*) FROM votes WHERE link_id = $l1")" 2 "the database holds the two votes"

# --- relations --------------------------------------------------------------------------------
gql "{ links(search: \"$P\") { id postedBy { email } votes { user { email } link { id } } } }"
json_is "[.data.links[] | [.id, .postedBy.email, [.votes[] | .user.email]]]" \
    "[[\"$l3\",\"$alice\",[]],[\"$l2\",\"$bob\",[]],[\"$l1\",\"$alice\",[\"$bob\",\"$alice\"]]]" \
    "each link with its poster and its votes"
gql '{ users { email firstName lastName isStaff isActive dateJoined linkSet { id } voteSet { link { id } } } }'
json_is "[.data.users[] | select(.email == \"$alice\") | [[.linkSet[].id], [.voteSet[].link.id], .isStaff, .isActive]]" \
    "[[[\"$l3\",\"$l1\"],[\"$l1\"],false,true]]" "a user's links (newest first) and votes"
json_is "[.data.users[] | select(.email == \"$alice\") | .dateJoined | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+\\\\+00:00$\")]" \
    '[true]' "dateJoined is ISO 8601"
gql '{ votes { id user { id } link { id } } }'
json_is "[.data.votes[] | select(.link.id == \"$l1\")] | length" 2 "Query.votes"
gql '{ users { id password } }'
is "$STATUS" 400 "no user field holds the password"
json_is '.errors[0].message' '"Cannot query field \"password\" on type \"User\"."' "in graphql-js's words"

# --- transports --------------------------------------------------------------------------------
http GET "/graphql/?query=%7B%20links(search%3A%20%22$P%22%2C%20first%3A%201)%20%7B%20id%20%7D%20%7D"
is "$STATUS $BODY" "200 {\"data\":{\"links\":[{\"id\":\"$l3\"}]}}" "GET with a query string"
http GET "/graphql/?query=query%20Q(%24n%3AInt)%7Blinks(first%3A%24n%2Csearch%3A%22$P%22)%7Bid%7D%7D&variables=%7B%22n%22%3A2%7D&operationName=Q"
json_is '.data.links | length' 2 "GET with variables and operationName"
http GET '/graphql/?query=mutation%20%7B%20createVote(linkId%3A%201)%20%7B%20link%20%7B%20id%20%7D%20%7D%20%7D' "${as_alice[@]}"
is "$STATUS" 405 "a mutation by GET is a 405"
grep -qi '^Allow: POST$' <<<"$HEADERS"; ok $? "with Allow: POST" "$HEADERS"
json_is '.errors[0].message' '"Can only perform a mutation operation from a POST request."' "in GraphQL's error shape"
http POST /graphql/ -H 'Content-Type: application/graphql' --data-binary "{ links(search: \"$P\", first: 1) { id } }"
is "$STATUS $BODY" "200 {\"data\":{\"links\":[{\"id\":\"$l3\"}]}}" "POST application/graphql"
post_json /graphql/ "{\"query\":\"query A { __typename } query B { links(search: \\\"$P\\\", first: 1) { url } }\",\"operationName\":\"B\"}"
json_is '.data.links[0].url' "\"https://$P.Example.com/three?q=python\"" "operationName picks the operation"
post_json /graphql/ '{"query":"query A { __typename } query B { __typename }"}'
is "$STATUS" 400 "two operations and no operationName"
json_is '.errors[0].message' '"Must provide operation name if query contains multiple operations."' "says why"
post_json /graphql/ "{\"query\":\"{ links(search: \\\"$P\\\", first: 1) { id } }\",\"variables\":\"{}\"}"
is "$STATUS" 200 "variables as a JSON string (graphene took that)"

# --- bad input: each a 4xx with {"errors": [...]} (the stateless ones: cases/graphql.case) ---------------
bad() { # bad STATUS MESSAGE_REGEX DESCRIPTION: checks the last reply
    is "$STATUS" "$1" "$3"
    jq -e --arg re "$2" '(.errors | type == "array" and length > 0) and (.errors[0].message | test($re))' \
        <<<"$BODY" >/dev/null
    ok $? "$3: the error says so in GraphQL's shape" "$BODY"
}
gql "{ links { id } } #$(head -c 21000 /dev/zero | tr '\0' x)"
bad 400 '^The query is too large: [0-9]+ bytes, at most 20000 are allowed.$' "an oversize query"
gql "{ $(for i in $(seq 40); do printf 'a%d: __typename ' "$i"; done) }"
bad 400 '^The query has too many aliases: 40, at most 30 are allowed.$' "too many aliases"
gql "{ $(for i in $(seq 501); do printf '__typename '; done) }"
bad 400 '^The query has too many fields: 501, at most 500 are allowed.$' "too many fields"
http POST /graphql/ -H 'Content-Type: application/graphql' --data-binary $'{ links(search: "\xff") { id } }'
bad 400 'UTF-8' "an application/graphql body that is not UTF-8"
post_json /graphql/ $'{"query": "{ links(search: \\"\xff\\") { id } }"}'
bad 400 'JSON parse error' "a JSON body that is not UTF-8"
http POST /graphql/ -H 'Content-Type: application/json' --data-binary @/dev/null
bad 400 'JSON parse error' "an empty body"

# --- GraphiQL (DEBUG is on in ci) ----------------------------------------------------------------------
http GET /graphql/ -H 'Accept: text/html,application/xhtml+xml'
if [ -f "$ROOT/static/graphiql/index.html" ]; then
    is "$STATUS" 200 "a browser gets GraphiQL"
    grep -qi '^Content-Type: text/html' <<<"$HEADERS"; ok $? "as HTML" "$HEADERS"
else
    is "$STATUS" 404 "GraphiQL is routed to static/graphiql/index.html (not built here: a 404)"
fi

# --- batching: the statements do not grow with the links -----------------------------------------------------
pglog="$VAR_DIR/log/postgres.log"
psql_q "ALTER SYSTEM SET log_min_duration_statement = 0" && psql_q "SELECT pg_reload_conf()" >/dev/null
# Waits for the events themselves: the server logs the new setting when it
# has reloaded; a statement of our own appears in the log after everything
# that ran before it (the graphql workers' statements logged before their
# answers came back).
wait_until 10 grep -q 'parameter "log_min_duration_statement" changed to "0"' "$pglog"
ok $? "PostgreSQL logs every statement now"
log_caught_up() {
    local marker="log-marker-$RANDOM$RANDOM"
    psql_q "SELECT '$marker'" >/dev/null
    wait_until 10 grep -q "$marker" "$pglog"
}
statements_for() { # statements_for QUERY: the hn_ statements PostgreSQL ran for it
    local from
    gql '{ __typename }' # every worker has read the new configuration by now
    from=$(stat -c %s "$pglog")
    gql "$1 # $RANDOM$RANDOM" # a text of its own: no worker has kept its answer
    [ "$STATUS" = 200 ] || echo "status $STATUS" >&2
    log_caught_up
    tail -c +"$((from + 1))" "$pglog" | grep -c 'execute hn_'
}
bench='{ links(first: 50) { id url description postedBy { id email } votes { id user { id } } } }'
few=$(statements_for "$bench")
for i in $(seq 40); do
    psql_q "WITH l AS (INSERT INTO links (url, description, posted_by_id)
              SELECT 'https://$P.example.com/b$i', 'batch $i', id FROM users WHERE email IN ('$alice', '$bob')
              RETURNING id)
            INSERT INTO votes (user_id, link_id) SELECT u.id, l.id FROM users u, l WHERE u.email IN ('$alice', '$bob')"
done
gql "$bench"
json_is '[(.data.links | length), ([.data.links[].votes | length] | add)]' '[50,100]' "50 links with 100 votes"
many=$(statements_for "$bench")
is "$few $many" "4 4" "the benchmark query costs 4 statements with few links and with 50 links of 2 votes each"
# --- kept answers: each worker keeps a query's answer until a commit drops it -----------------------------------
search="{ links(search: \"$P\", first: 5) { id } }"
from=$(stat -c %s "$pglog")
for i in $(seq 12); do gql "$search"; done
log_caught_up
ran=$(tail -c +"$((from + 1))" "$pglog" | grep -c 'execute hn_links_search')
[ "$ran" -ge 1 ] && [ "$ran" -le "$FCGI_WORKERS" ]
ok $? "12 runs of one query: SQL at most once per worker, kept answers for the rest" "ran $ran times"
create_link "https://$P.example.com/four" "fourth $P" "${as_bob[@]}"
l4=$LINK
# The NOTIFY reaches each worker's connection a moment after the commit:
# wait until 12 answers in a row have the new link, well within the 30 s
# (GRAPHQL_CACHE_SECONDS) a kept answer would otherwise live.
all_fresh() {
    local i
    for i in $(seq 12); do
        gql "$search"
        [ "$(jq -r '.data.links[0].id' <<<"$BODY")" = "$l4" ] || return 1
    done
}
wait_until 10 all_fresh
ok $? "then every worker answers with the new link (the commit's NOTIFY dropped the kept answers)"
psql_q "ALTER SYSTEM RESET log_min_duration_statement" && psql_q "SELECT pg_reload_conf()" >/dev/null

# --- worker-ctl seed-hn: development data, idempotent -------------------------------------------------------
out=$("$BUILD_DIR/bin/worker-ctl" seed-hn 2>&1)
ok $? "seed-hn runs" "$out"
seeded=$(psql_q "SELECT count(*) FROM links l JOIN users u ON u.id = l.posted_by_id
                 WHERE u.email IN ('alice@example.com', 'bob@example.com', 'carol@example.com')")
voted=$(psql_q "SELECT count(*) FROM votes v JOIN users u ON u.id = v.user_id
                WHERE u.email IN ('alice@example.com', 'bob@example.com', 'carol@example.com')")
is "$seeded $voted" "5 7" "it adds five links and seven votes by three users"
out=$("$BUILD_DIR/bin/worker-ctl" seed-hn 2>&1)
is "$out" "seed-hn: 0 user(s), 0 link(s), 0 vote(s) added (password of the users: password)" "a second run adds nothing"
out=$(DEBUG=false "$BUILD_DIR/bin/worker-ctl" seed-hn 2>&1)
is "$?" 1 "refused with DEBUG off (a known password)" "$out"

# --- root lists without first stop at GRAPHQL_DEFAULT_LIST_SIZE (100), the size the cost counts them for ---
psql_q "WITH l AS (INSERT INTO links (url, description, posted_by_id)
          SELECT 'https://$P.example.com/c' || n, 'cap ' || n, u.id
          FROM generate_series(1, 101) n, users u WHERE u.email = '$alice'
          RETURNING id)
        INSERT INTO votes (user_id, link_id) SELECT u.id, l.id FROM users u, l WHERE u.email = '$alice'" >/dev/null
gql "{ links { id } votes { id } } # $RANDOM$RANDOM"
json_is '[(.data.links | length), (.data.votes | length)]' '[100,100]' \
    "links and votes without first return 100 of their over 100 rows"
gql "{ links(first: 150) { id } } # $RANDOM$RANDOM"
json_is '.data.links | length' 150 "links(first: 150) returns 150"

# --- still serving, nothing crashed ---------------------------------------------------------------------------
gql '{ __typename }'
is "$STATUS" 200 "the program keeps serving"
is "$(graphql_workers)" "$workers_before" "no graphql worker died"
grep -q 'ERROR: AddressSanitizer\|runtime error' "$VAR_DIR/log/graphql.log"
ok $((!$?)) "no sanitizer report in graphql.log"
psql_q "DELETE FROM links WHERE url LIKE 'http%://$P.%'" >/dev/null

done_testing
