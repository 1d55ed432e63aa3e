#!/usr/bin/env bash
# ops/docker/rootfs.sh ROOTFS STAGE [STATIC]: the app image's whole root filesystem,
# built without a container engine (app.Dockerfile runs it in its build
# stage; t/integration/app_rootfs.t runs it on the release build and checks
# the result). STAGE is `make install-strip DESTDIR=STAGE` of a build
# configured with --prefix=/usr. ROOTFS gets:
#   /usr/bin/{worker,worker-ctl,wsd}, /usr/libexec/verbose-c/{api,graphql,
#   admin,flower}, /usr/share/verbose-c/{sql/,schedule.conf} (from STAGE);
#   the shared libraries those programs load (ldd, recursively) and the
#   dynamic loader; CA certificates (libcurl: S3, CloudWatch, ECS, OAuth);
#   /etc/passwd and /etc/group with the user app (10001); /etc/nsswitch.conf;
#   /tmp; /var/lib/verbose-c/media owned by app; and, when STATIC is given
#   (a built static tree: robots.txt, admin/, pwa/, api-docs/), a copy of it
#   in /usr/share/verbose-c/static for `worker-ctl collectstatic`, the
#   one-off task that uploads it to the bucket CloudFront serves it from.
# Nothing else: no shell, no package manager, no coreutils.
set -euo pipefail
[ $# = 2 ] || [ $# = 3 ] || { echo "usage: $0 ROOTFS STAGE [STATIC]" >&2; exit 2; }
rootfs=$1
stage=$(cd "$2" && pwd)
static=${3:-}
[ -z "$static" ] || [ -f "$static/robots.txt" ] ||
    { echo "rootfs.sh: $static/robots.txt missing (STATIC is the built static tree)" >&2; exit 1; }
APP_UID=10001

[ -x "$stage/usr/libexec/verbose-c/api" ] ||
    { echo "rootfs.sh: $stage/usr/libexec/verbose-c/api missing (make install DESTDIR=$stage, prefix /usr)" >&2; exit 1; }
mkdir -p "$rootfs"
rootfs=$(cd "$rootfs" && pwd)

# Debian 12 merges /lib into /usr/lib: the programs name their loader
# /lib64/ld-linux-x86-64.so.2 and ldd prints /lib/... paths.
mkdir -p "$rootfs/usr/lib" "$rootfs/usr/lib64" "$rootfs/etc" "$rootfs/tmp"
[ -e "$rootfs/lib" ] || ln -s usr/lib "$rootfs/lib"
[ -e "$rootfs/lib64" ] || ln -s usr/lib64 "$rootfs/lib64"
chmod 1777 "$rootfs/tmp"

# The programs and their data.
for d in usr/bin usr/libexec/verbose-c usr/share/verbose-c; do
    mkdir -p "$rootfs/$d"
    cp -a "$stage/$d/." "$rootfs/$d/"
done

# The static tree, read by collectstatic only (nginx serves its own copy).
if [ -n "$static" ]; then
    mkdir -p "$rootfs/usr/share/verbose-c/static"
    cp -a "$static/." "$rootfs/usr/share/verbose-c/static/"
fi

# copy_file PATH: PATH's content (symlinks followed) at the same place in
# ROOTFS, under the real directory (so /lib/x/libc.so.6 lands in
# /usr/lib/x/libc.so.6 and the /lib symlink finds it).
copy_file() {
    local dir
    dir=$(readlink -f "$(dirname "$1")")
    [ -e "$rootfs$dir/$(basename "$1")" ] && return 0
    mkdir -p "$rootfs$dir"
    cp -L "$1" "$rootfs$dir/$(basename "$1")"
}

# Every library ldd names for every program (ldd lists the whole closure),
# and the loader. A library ldd cannot find is an error here, not at start.
mapfile -t programs < <(find "$rootfs/usr/bin" "$rootfs/usr/libexec/verbose-c" -type f -perm -u+x)
for p in "${programs[@]}"; do
    out=$(ldd "$p") || { echo "rootfs.sh: ldd $p failed" >&2; exit 1; }
    if grep -q 'not found' <<<"$out"; then
        echo "rootfs.sh: $p: $(grep 'not found' <<<"$out")" >&2
        exit 1
    fi
    while read -r lib; do copy_file "$lib"; done < <(awk '/=> \//{print $3} /^[ \t]*\/[^ ]*ld-linux/{print $1}' <<<"$out")
done

# CA certificates: libcurl's (Debian's) default bundle.
copy_file /etc/ssl/certs/ca-certificates.crt

cat >"$rootfs/etc/passwd" <<EOF
root:x:0:0:root:/nonexistent:/nonexistent
app:x:$APP_UID:$APP_UID:app:/nonexistent:/nonexistent
nobody:x:65534:65534:nobody:/nonexistent:/nonexistent
EOF
cat >"$rootfs/etc/group" <<EOF
root:x:0:
app:x:$APP_UID:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

# Uploaded statements when MEDIA_ROOT is local (compose; the Fargate task
# keeps them in S3).
mkdir -p "$rootfs/var/lib/verbose-c/media"
if [ "$(id -u)" = 0 ]; then chown -R "$APP_UID:$APP_UID" "$rootfs/var/lib/verbose-c"; fi
