#!/usr/bin/env bash
# The app image's root filesystem, built as app.Dockerfile builds it but
# with no container engine: the release build (build/release, what ops/run
# and the image ship; built here if missing) installed with
# `make install-strip prefix=/usr`, then ops/docker/rootfs.sh. Checks that it
# stays under 40 MB, holds only the programs, their libraries, the loader,
# CA certificates, passwd/group and the migrations (no shell, no package
# manager), that every program's libraries resolve inside it, and that its
# programs run from it as the image's non-root user: worker-ctl, and the api
# answering /api/health-check/ on TCP against the stack's PostgreSQL and Redis.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=ops/lib/stack.sh
. "$ROOT/ops/lib/stack.sh"

dir=$(mktemp -d /tmp/verbose-rootfs.XXXXXX)
API_PID=
cleanup() {
    [ -z "$API_PID" ] || { kill -TERM "$API_PID" 2>/dev/null; wait "$API_PID" 2>/dev/null; }
    rm -rf "$dir"
}
trap cleanup EXIT

# The release build: ops/test built it already (its "release" part) unless a
# single file runs; then this builds it (a few minutes on 2 cores).
# shellcheck disable=SC2016 # expanded by the inner bash
ROOT=$ROOT bash -c '. "$ROOT/ops/lib/build.sh" && build_c release' >"$dir/build.log" 2>&1
ok $? "the release build (build/release)" "$(tail -5 "$dir/build.log")"
release=$ROOT/build/release
make -C "$release" -s install-strip prefix=/usr DESTDIR="$dir/stage" >"$dir/install.log" 2>&1
ok $? "make install-strip prefix=/usr DESTDIR=STAGE" "$(tail -5 "$dir/install.log")"
# The static tree as app.Dockerfile assembles it: robots.txt and admin/ from
# the repository, the PWA and the API document's page when built (ops/test
# builds them in its frontend part; a single file may run without them).
mkdir -p "$dir/static"
cp -a "$ROOT/static/robots.txt" "$ROOT/static/admin" "$dir/static/"
for built in pwa api-docs; do
    [ ! -d "$ROOT/static/$built" ] || cp -a "$ROOT/static/$built" "$dir/static/"
done
"$ROOT/ops/docker/rootfs.sh" "$dir/rootfs" "$dir/stage" "$dir/static" >"$dir/rootfs.log" 2>&1
ok $? "ops/docker/rootfs.sh builds the root filesystem" "$(tail -5 "$dir/rootfs.log")"
R=$dir/rootfs

bytes=$(du -s --apparent-size --block-size=1 "$R" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
static_bytes=$(du -s --apparent-size --block-size=1 "$R/usr/share/verbose-c/static" | cut -f1)
echo "#   the app image's root filesystem: $mb MB ($bytes bytes; the static tree $static_bytes of them:" \
    "$(cd "$dir/static" && echo *))" # printed by ops/test
ok $((bytes >= 40 * 1048576)) "the root filesystem is under 40 MB ($mb MB)"

PROGRAMS=(usr/bin/worker usr/bin/worker-ctl usr/bin/wsd usr/libexec/verbose-c/api
    usr/libexec/verbose-c/graphql usr/libexec/verbose-c/admin usr/libexec/verbose-c/flower)
missing=""
for p in "${PROGRAMS[@]}"; do [ -x "$R/$p" ] || missing+=" $p"; done
is "$missing" "" "every program is in it"
sql=$(find "$ROOT/sql" -name '*.sql' | wc -l)
is "$(find "$R/usr/share/verbose-c/sql" -name '*.sql' | wc -l)" "$sql" "and every migration"

# Nothing else: each file is a program, a shared library or the loader, the
# migrations or the schedule, or one of the few files in /etc.
others=$(cd "$R" && find . \( -type f -o -type l \) | sed 's|^\./||' | grep -vxE \
    'usr/bin/(worker|worker-ctl|wsd)|usr/libexec/verbose-c/(api|graphql|admin|flower)|usr/share/verbose-c/(sql/[0-9]{4}_[a-z_]+\.sql|schedule\.conf|static/.+)|usr/lib(64)?/([a-z0-9_-]+/)?(lib[^/]*\.so(\.[0-9a-z]+)*|ld-linux[^/]*\.so\.[0-9]+)|etc/(passwd|group|nsswitch\.conf|ssl/certs/ca-certificates\.crt)|lib|lib64')
is "$others" "" "and nothing else (no file outside that list)"
shells=$(find "$R" \( -name sh -o -name bash -o -name dash -o -name busybox -o -name apt -o -name 'apt-*' \
    -o -name dpkg -o -name 'dpkg-*' -o -name env -o -name ldd \) -printf '%P ')
is "$shells" "" "no shell or package manager in it"
is "$(grep -c . "$R/etc/passwd") $(grep '^app:' "$R/etc/passwd" | cut -d: -f3)" "3 10001" \
    "/etc/passwd has the non-root user app (10001)"

# Run in the root filesystem as app; as root here (CI) with chroot, else in a
# user namespace (unshare -r).
if [ "$(id -u)" = 0 ]; then RUN=("$(command -v chroot)" --userspec=10001:10001 "$R"); uid=10001
else RUN=("$(command -v unshare)" -r "--root=$R"); uid=$(id -u); fi
in_rootfs() { "${RUN[@]}" "$@"; }
unresolved=""
for p in "${PROGRAMS[@]}"; do
    out=$(in_rootfs /lib64/ld-linux-x86-64.so.2 --list "/$p" 2>&1) && ! grep -q 'not found' <<<"$out" ||
        unresolved+=" $p: $(grep 'not found' <<<"$out" | head -1)"
done
is "$unresolved" "" "every program's libraries resolve inside it (the loader's --list)"

out=$(in_rootfs /usr/bin/worker-ctl --help 2>&1)
ok $? "worker-ctl --help runs in it" "$out"
# The image's settings (app.Dockerfile's ENV); the rest from the stack.
IMAGE_ENV=(SQL_DIR=/usr/share/verbose-c/sql SCHEDULE_FILE=/usr/share/verbose-c/schedule.conf
    MEDIA_ROOT=/var/lib/verbose-c/media STATIC_ROOT=/usr/share/verbose-c/static SPA_MODE=pwa)
dockerfile=$ROOT/ops/docker/app.Dockerfile
unlike=""
for kv in "${IMAGE_ENV[@]}"; do grep -q "$kv" "$dockerfile" || unlike+=" $kv"; done
grep -qx 'FROM scratch' "$dockerfile" || unlike+=" FROM-scratch"
grep -q 'install-strip DESTDIR=/stage' "$dockerfile" && grep -q 'ops/docker/rootfs.sh /rootfs /stage' "$dockerfile" ||
    unlike+=" rootfs.sh"
grep -qx 'USER 10001:10001' "$dockerfile" || unlike+=" USER"
is "$unlike" "" "app.Dockerfile builds this root filesystem FROM scratch, as 10001, with these settings"
out=$(env "${IMAGE_ENV[@]}" "${RUN[@]}" /usr/bin/worker-ctl settings 2>&1)
ok $? "worker-ctl settings runs in it" "$out"
out=$(env "${IMAGE_ENV[@]}" "${RUN[@]}" /usr/bin/worker-ctl migrate 2>&1)
ok $? "worker-ctl migrate reads the migrations in it (the stack's database is up to date)" "$out"

cmp -s "$ROOT/static/admin/admin.css" "$R/usr/share/verbose-c/static/admin/admin.css" &&
    cmp -s "$ROOT/static/robots.txt" "$R/usr/share/verbose-c/static/robots.txt"
ok $? "the static tree is in it (STATIC_ROOT)"
# The collectstatic one-off task, from the image, to the S3 stand-in.
bucket=rootfs-static-$$
out=$(env "${IMAGE_ENV[@]}" AWS_S3_ENDPOINT="$AWS_FAKE_URL" AWS_STATIC_BUCKET="$bucket" \
    "${RUN[@]}" /usr/bin/worker-ctl collectstatic 2>&1)
ok $? "worker-ctl collectstatic runs in it" "$out"
# Every file but the build's hidden ones (pwa/.sources), which collectstatic leaves out.
keys=$(curl -s "$AWS_FAKE_URL/s3-keys" | grep -c "^/$bucket/")
is "$keys $(curl -s "$AWS_FAKE_URL/s3-keys" | grep -cx "/$bucket/static/admin/admin.css")" \
    "$(find "$R/usr/share/verbose-c/static" -type f ! -path '*/.*' | wc -l) 1" \
    "and uploads every file of the tree to the bucket (admin.css as static/admin/admin.css)"

port=$(free_port)
env "${IMAGE_ENV[@]}" DEBUG=false FCGI_WORKERS=1 FCGI_LISTEN="127.0.0.1:$port" \
    "${RUN[@]}" /usr/libexec/verbose-c/api >"$dir/api.log" 2>&1 &
API_PID=$!
wait_for_port "$port" 10 "the api in the root filesystem"
ok $? "the api starts in it and listens on TCP" "$(tail -3 "$dir/api.log")"
fcgi_call "127.0.0.1:$port" GET /api/health-check/ ""
is "$STATUS" 200 "and answers /api/health-check/ (PostgreSQL and Redis reached)" "$BODY"
# The container health check (no shell in the image: worker-ctl probe).
out=$(env -i "${RUN[@]}" /usr/bin/worker-ctl probe "127.0.0.1:$port" 2>&1)
ok $? "worker-ctl probe 127.0.0.1:PORT, with no settings at all, passes on the api's port" "$out"
dead=$(free_port)
out=$(env -i "${RUN[@]}" /usr/bin/worker-ctl probe "127.0.0.1:$dead" 2>&1)
ok $((! $?)) "and fails on a port nothing listens on" "$out"
uids=$(ps -o uid= --ppid "$API_PID" -p "$API_PID" | awk '{ printf " %s", $1 }')
is "$(wc -w <<<"$uids") $(tr ' ' '\n' <<<"$uids" | grep -v '^$' | grep -vc "^$uid\$")" "2 0" \
    "as the user app (10001; under unshare -r, the caller), master and worker (uids:$uids)"

done_testing
