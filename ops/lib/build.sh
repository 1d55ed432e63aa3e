# Builds the C code out of tree: build/release for ops/run, build/asan
# (AddressSanitizer + UBSan) for ops/test. Sourced; needs ROOT.

build_c() { # build_c NAME [configure args...]
    local name=$1; shift
    local dir="$ROOT/build/$name"
    if [ ! -x "$ROOT/configure" ] || [ "$ROOT/configure.ac" -nt "$ROOT/configure" ]; then
        (cd "$ROOT" && autoreconf -fi >/dev/null 2>&1) ||
            { echo "ops: autoreconf failed" >&2; return 1; }
    fi
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ "$ROOT/configure" -nt "$dir/Makefile" ]; then
        (cd "$dir" && "$ROOT/configure" -q "$@" >"$dir/configure.out" 2>&1) ||
            { cat "$dir/configure.out" >&2; echo "ops: configure failed" >&2; return 1; }
    fi
    make -C "$dir" -s -j"$(nproc)" >"$dir/make.out" 2>&1 ||
        { tail -40 "$dir/make.out" >&2; echo "ops: build failed (see $dir/make.out)" >&2; return 1; }
    BUILD_DIR=$dir
}
