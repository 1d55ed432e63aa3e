#!/usr/bin/env bash
# PostgreSQL restarted while the api sat idle: each worker's connection got
# the server's goodbye ("terminating connection due to administrator
# command") and then EOF. The first request of each worker afterwards must
# not fail with 503 on the dead connection: the goodbye is noticed when the
# connection is handed out, and a new one is made.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"
P=pr$(openssl rand -hex 3)
for i in 1 2 3 4 5 6 7 8; do register "$P-before-$i@example.com" Pg-restart-0123; done
is "$(psql_q "SELECT count(*) FROM users WHERE email LIKE '$P-before-%'")" 8 \
    "every api worker has used its connection"

pg_stop
pg_start
statuses=
for i in 1 2 3 4 5 6 7 8; do
    post_json /api/auth/register/ "{\"email\":\"$P-after-$i@example.com\",\"password\":\"Pg-restart-0123\"}"
    statuses="$statuses $STATUS"
done
is "$statuses" " 201 201 201 201 201 201 201 201" "after the restart, the first request of every worker succeeds"
is "$(psql_q "SELECT count(*) FROM users WHERE email LIKE '$P-after-%'")" 8 "and every user is there"
psql_q "DELETE FROM users WHERE email LIKE '$P-%'" >/dev/null
done_testing
