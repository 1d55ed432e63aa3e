#!/usr/bin/env bash
# worker-ctl collectstatic against the S3 stand-in (t/fake/aws_endpoint.py,
# which checks every signature with botocore): a built tree of its own (a
# PWA, the other SPA build, api-docs, graphiql, admin, robots.txt, hidden
# and odd names) goes to a bucket of its own under the keys of the URL paths
# nginx serves them at, with their Content-Type and Cache-Control; a second
# run puts nothing; a changed file alone is put again; every failure is one
# line on stderr, a non-zero status and no success line.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ctl="$BUILD_DIR/bin/worker-ctl"
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
bucket=static-$$-$RANDOM
export AWS_S3_ENDPOINT=$AWS_FAKE_URL AWS_STATIC_BUCKET=$bucket SPA_MODE=pwa STATIC_ROOT=$tmp/static

S=$tmp/static
mkdir -p "$S/pwa/assets" "$S/pwa/icons" "$S/spa/assets" "$S/api-docs" "$S/graphiql/assets" \
    "$S/admin" "$S/.vite"
printf '<!DOCTYPE html><title>app</title>\n' >"$S/pwa/index.html"
printf 'console.log("app")\n' >"$S/pwa/assets/index-a1b2c3d4.js"
printf 'body{margin:0}\n' >"$S/pwa/assets/index-a1b2c3d4.css"
printf 'self.addEventListener("fetch",()=>{})\n' >"$S/pwa/sw.js"
printf '{"name":"app"}\n' >"$S/pwa/manifest.json"
head -c 300 /dev/urandom >"$S/pwa/icons/favicon-128x128.png"
printf '<!DOCTYPE html><title>the other build</title>\n' >"$S/spa/index.html"
printf 'x\n' >"$S/spa/assets/other-00000000.js"
printf '<!DOCTYPE html><title>API</title>\n' >"$S/api-docs/index.html"
printf 'div{}\n' >"$S/api-docs/swagger-ui.css"
printf '<!DOCTYPE html><title>GraphiQL</title>\n' >"$S/graphiql/index.html"
printf 'g()\n' >"$S/graphiql/assets/graphiql-deadbeef.js"
printf 'a{}\n' >"$S/admin/admin.css"
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >"$S/admin/a b+ü%.svg"
printf 'User-agent: *\nDisallow: /api/\n' >"$S/robots.txt"
printf 'hidden\n' >"$S/.gitkeep"
printf 'vite\n' >"$S/.vite/manifest.json"
: >"$S/admin/empty.unknownext"

# The fake keeps keys as the request's (encoded) path.
enc() { /usr/bin/python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/-_.~"))' "$1"; }
meta() { curl -s "$AWS_FAKE_URL/s3-meta/$bucket/$(enc "$1")"; }
keys() { curl -s "$AWS_FAKE_URL/s3-keys" | sed -n "s|^/$bucket/||p"; }
puts() { curl -s "$AWS_FAKE_URL/s3-put-count"; }
run() { # run ENV...: OUT, ERR and RC of worker-ctl collectstatic
    OUT=$(env "$@" "$ctl" collectstatic 2>"$tmp/err"); RC=$?
    ERR=$(cat "$tmp/err")
}

run
is "$RC" 0 "collectstatic succeeds" "$ERR"
is "$(tail -1 <<<"$OUT")" "collectstatic: 13 uploaded, 0 unchanged, to s3://$bucket" "and says what it did" "$OUT"
want=$(printf '%s\n' api/docs/index.html api/docs/swagger-ui.css assets/index-a1b2c3d4.css \
    assets/index-a1b2c3d4.js icons/favicon-128x128.png index.html manifest.json \
    "static/admin/$(enc 'a b+ü%.svg')" static/admin/admin.css static/admin/empty.unknownext \
    static/graphiql/assets/graphiql-deadbeef.js static/robots.txt sw.js | sort)
is "$(keys | sort)" "$want" "the keys are the URL paths (not the other SPA build, graphiql's page or hidden files)"

check_object() { # check_object KEY FILE CONTENT_TYPE CACHE_CONTROL
    local m got
    m=$(meta "$1")
    got=$(jq -r '[.contentType, .cacheControl, .etag] | join(" | ")' <<<"$m")
    is "$got" "$3 | $4 | \"$(md5sum <"$2" | cut -d' ' -f1)\"" "$1: type, cache policy and content"
}
immutable="public, max-age=31536000, immutable"; hour="public, max-age=3600"
check_object index.html "$S/pwa/index.html" "text/html; charset=utf-8" no-cache
check_object sw.js "$S/pwa/sw.js" "text/javascript; charset=utf-8" no-cache
check_object manifest.json "$S/pwa/manifest.json" application/json no-cache
check_object assets/index-a1b2c3d4.js "$S/pwa/assets/index-a1b2c3d4.js" "text/javascript; charset=utf-8" "$immutable"
check_object assets/index-a1b2c3d4.css "$S/pwa/assets/index-a1b2c3d4.css" "text/css; charset=utf-8" "$immutable"
check_object icons/favicon-128x128.png "$S/pwa/icons/favicon-128x128.png" image/png "$hour"
check_object api/docs/index.html "$S/api-docs/index.html" "text/html; charset=utf-8" no-cache
check_object static/graphiql/assets/graphiql-deadbeef.js "$S/graphiql/assets/graphiql-deadbeef.js" \
    "text/javascript; charset=utf-8" "$immutable"
check_object "static/admin/a b+ü%.svg" "$S/admin/a b+ü%.svg" image/svg+xml "$hour"
check_object static/robots.txt "$S/robots.txt" "text/plain; charset=utf-8" "$hour"
check_object static/admin/empty.unknownext "$S/admin/empty.unknownext" application/octet-stream "$hour"

before=$(puts)
run
is "$RC $(tail -1 <<<"$OUT")" "0 collectstatic: 0 uploaded, 13 unchanged, to s3://$bucket" "a second run uploads nothing" "$ERR"
is "$(puts)" "$before" "and puts no object"

printf 'console.log("changed")\n' >"$S/pwa/assets/index-a1b2c3d4.js"
run
is "$RC $(tail -1 <<<"$OUT")" "0 collectstatic: 1 uploaded, 12 unchanged, to s3://$bucket" "a changed file is uploaded again, alone" "$OUT$ERR"
is "$(meta assets/index-a1b2c3d4.js | jq .puts)" 2 "that key was put twice"
check_object assets/index-a1b2c3d4.js "$S/pwa/assets/index-a1b2c3d4.js" "text/javascript; charset=utf-8" "$immutable"

# Its one-off task gets no secret: SECRET_KEY is not needed.
run -u SECRET_KEY
is "$RC $(tail -1 <<<"$OUT")" "0 collectstatic: 0 uploaded, 13 unchanged, to s3://$bucket" \
    "it runs without SECRET_KEY (its task is given no secret)" "$ERR"
is "$(env -u SECRET_KEY "$ctl" status 2>&1 | head -1)" "worker-ctl: setting SECRET_KEY is required (signs tokens and cookies; 32+ bytes unless DEBUG)" \
    "the other commands still need it"

# SPA_MODE=spa publishes the other build at the root instead.
run SPA_MODE=spa AWS_STATIC_BUCKET="$bucket-spa"
is "$RC" 0 "SPA_MODE=spa" "$ERR"
curl -s "$AWS_FAKE_URL/s3-keys" | grep -qx "/$bucket-spa/assets/other-00000000.js" &&
    ! curl -s "$AWS_FAKE_URL/s3-keys" | grep -q "^/$bucket-spa/sw.js"
ok $? "SPA_MODE=spa publishes static/spa at the root, not static/pwa"

# Failures: one line on stderr, non-zero, no success line.
fails() { # fails DESCRIPTION STDERR_REGEX ENV...
    local desc=$1 want=$2; shift 2
    run "$@"
    [ "$RC" != 0 ]; ok $? "$desc: non-zero exit ($RC)" "$OUT"
    [ "$(wc -l <<<"$ERR")" = 1 ] && grep -qE "$want" <<<"$ERR"
    ok $? "$desc: one line saying why" "$ERR"
    ! grep -q 'to s3://' <<<"$OUT"; ok $? "$desc: no success line" "$OUT"
}
fails "an empty AWS_STATIC_BUCKET" '^worker-ctl: collectstatic: setting AWS_STATIC_BUCKET is empty' AWS_STATIC_BUCKET=
fails "an empty STATIC_ROOT" 'setting STATIC_ROOT is empty' STATIC_ROOT=
fails "a missing STATIC_ROOT" "cannot read directory $tmp/nowhere: No such file or directory" STATIC_ROOT="$tmp/nowhere"
mkdir "$tmp/empty" "$tmp/empty/sub"
fails "an empty tree" "holds no file to publish" STATIC_ROOT="$tmp/empty"
fails "a denied bucket" "HTTP 403 .*AccessDenied" AWS_STATIC_BUCKET=denied-bucket
fails "a bucket that may be read, not written" \
    "failed after 0 uploaded and 0 unchanged of 13: S3 PUT readonly-bucket/.+: HTTP 403 AccessDenied$" \
    AWS_STATIC_BUCKET=readonly-bucket
fails "a wrong secret key" "HTTP 403 .*SignatureDoesNotMatch" AWS_SECRET_ACCESS_KEY=wrong-secret
fails "an unknown access key" "HTTP 403 .*InvalidClientTokenId|HTTP 403 .*InvalidAccessKeyId" AWS_ACCESS_KEY_ID=AKIDWRONG
fails "S3 not answering" "S3 HEAD $bucket/.*: 127.0.0.1:1: " AWS_S3_ENDPOINT=http://127.0.0.1:1
run SPA_MODE=both
is "$RC" 2 "SPA_MODE=both is refused at start (exit 2)"
grep -q 'setting SPA_MODE must be spa or pwa' <<<"$ERR"; ok $? "naming the setting" "$ERR"
is "$(env "$ctl" collectstatic extra 2>&1; echo "rc=$?")" "worker-ctl: usage: worker-ctl collectstatic
rc=1" "an argument is a usage error"

# Hostile trees: each stops before a single upload (the tree is read first).
hostile() { # hostile DESCRIPTION STDERR_REGEX: the tree $tmp/h
    local before
    before=$(puts)
    fails "$1" "$2" STATIC_ROOT="$tmp/h"
    is "$(puts)" "$before" "$1: nothing was uploaded"
    rm -rf "$tmp/h"
}
mkdir -p "$tmp/h/admin"; printf 'a\n' >"$tmp/h/admin/a.css"
long=$tmp/h/admin
for _ in 1 2 3 4 5; do long+=/$(printf 'd%.0s' {1..220}); done
mkdir -p "$long"; printf 'x\n' >"$long/f.js"
hostile "a key longer than 1024 bytes" "longer than S3's 1024 bytes"
mkdir -p "$tmp/h"; printf 'a\n' >"$tmp/h/a.css"; printf 'x\n' >"$tmp/h/what?.js"
hostile "a name with '?'" "what\?\.js: its name holds '\?'"
mkdir -p "$tmp/h"; printf 'x\n' >"$tmp/h/$(printf 'bad\xff')"
hostile "a name that is not UTF-8" "its name is not UTF-8"
mkdir -p "$tmp/h"; printf 'x\n' >"$tmp/h/$(printf 'tab\tname')"
hostile "a name with a control character" "control character"
mkdir -p "$tmp/h"; mkfifo "$tmp/h/pipe"
hostile "a FIFO in the tree" "pipe is not a regular file"
mkdir -p "$tmp/h/loop"; ln -s .. "$tmp/h/loop/up"; printf 'x\n' >"$tmp/h/a.txt"
hostile "a symbolic link loop" "directories deep"
# An unreadable directory: root reads any, so as root the command runs as
# nobody (setpriv) in a tree nobody may enter but for that directory.
as_user=()
if [ "$(id -u)" = 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$tmp"
fi
mkdir -p "$tmp/h/locked"; printf 'x\n' >"$tmp/h/a.txt"; chmod 000 "$tmp/h/locked"
before=$(puts)
ERR=$("${as_user[@]}" env STATIC_ROOT="$tmp/h" "$ctl" collectstatic 2>&1 >/dev/null); RC=$?
is "$RC" 1 "an unreadable directory: exit 1"
grep -qx "worker-ctl: collectstatic: cannot read directory $tmp/h/locked: Permission denied" <<<"$ERR"
ok $? "an unreadable directory: one line naming it" "$ERR"
is "$(puts)" "$before" "an unreadable directory: nothing was uploaded"
chmod 700 "$tmp/h/locked"; rm -rf "$tmp/h"
mkdir -p "$tmp/h"; truncate -s 65M "$tmp/h/huge.bin"
hostile "a file over 64 MB" "huge.bin: larger than 64 MB"
done_testing
