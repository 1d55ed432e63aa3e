#!/usr/bin/env bash
# The API document (issue 15): GET /api/schema/ is OpenAPI 3.1 JSON
# generated from the route tables (lib/http/openapi.h), ?format=yaml the
# same document as YAML; it lists the API's paths only (no admin, no
# Flower), and Redocly's linter (@redocly/cli, t/openapi/, recommended
# rules with t/openapi/redocly.yaml) finds no error in it. GET /api/docs/ is
# Swagger UI on it: static files under a strict Content-Security-Policy,
# every file the page names served. The browser side (Authorize, Try it
# out) is t/e2e/api_docs.t.
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch PATH [curl args]: like http, for what is not an API response (the
# docs page's static files, which the document does not describe): sets
# STATUS, BODY, HEADERS.
fetch() {
    local path=$1; shift
    STATUS=$(curl -s -o "$tmp/fetched" -D "$tmp/fetched.h" -w '%{http_code}' --max-time 30 "$@" "$BASE_URL$path")
    BODY=$(tr -d '\0' <"$tmp/fetched") # the favicon is binary
    HEADERS=$(tr -d '\r' <"$tmp/fetched.h")
}
header() { sed -n "s/^$1: *//Ip" <<<"$HEADERS" | head -1; } # header NAME: its value in HEADERS

# --- the JSON document --------------------------------------------------------
http GET /api/schema/
is "$STATUS" 200 "GET /api/schema/ answers 200"
[[ $(header Content-Type) =~ ^application/([a-z.]+\+)?json(;|$) ]]
ok $? "as JSON (Content-Type $(header Content-Type))"
printf '%s' "$BODY" >"$tmp/openapi.json"
cp "$tmp/openapi.json" "$VAR_DIR/log/openapi.json" # kept with the logs (build/test-artifacts/log/)
json_is '.openapi | test("^3\\.1\\.[0-9]+$")' true "openapi is 3.1.x ($(jq -r .openapi "$tmp/openapi.json" 2>/dev/null))"
json_is '[.servers[].url]' '["/"]' "servers is this origin, so Try it out calls it"
json_is '.components.securitySchemes.bearerAuth | {type, scheme}' '{"type":"http","scheme":"bearer"}' \
    "an http bearer scheme named bearerAuth: Swagger UI's Authorize takes an access token"
paths=$(jq -r '.paths | keys[]' "$tmp/openapi.json" 2>/dev/null)
n_paths=$(grep -c . <<<"$paths")
[ "$n_paths" -gt 0 ]; ok $? "the document has paths ($n_paths)"
stray=$(grep -Ev '^(/api/|/healthz$|/readiness$|/graphql/)' <<<"$paths")
[ -z "$stray" ]; ok $? "every path starts with /api/, /healthz, /readiness or /graphql/" "$stray"
grep -Eq '^/(admin|flower)/' <<<"$paths"; ok $((!$?)) "no /admin/ or /flower/ path"
n_ops=$(jq '[.paths[] | to_entries[] | select(.key | IN("get","put","post","delete","patch","head","options","trace"))] | length' \
    "$tmp/openapi.json" 2>/dev/null)
echo "# $n_ops operations on $n_paths paths"

# --- the YAML document --------------------------------------------------------
http GET '/api/schema/?format=yaml'
is "$STATUS" 200 "GET /api/schema/?format=yaml answers 200"
[[ $(header Content-Type) == application/yaml* ]]
ok $? "as YAML (Content-Type $(header Content-Type))"
printf '%s\n' "$BODY" >"$tmp/openapi.yaml"
cp "$tmp/openapi.yaml" "$VAR_DIR/log/openapi.yaml"
same=$(/usr/bin/python3 - "$tmp/openapi.yaml" "$tmp/openapi.json" <<'EOF' 2>&1
import json, sys, yaml
with open(sys.argv[1]) as f:
    y = yaml.safe_load(f)
with open(sys.argv[2]) as f:
    j = json.load(f)
def diff(a, b, at):  # the first place where a and b differ
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{at}: {a!r} ({type(a).__name__}) vs {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{at}/{k}: only in the {'YAML' if k in a else 'JSON'}"
            d = diff(a[k], b[k], f"{at}/{k}")
            if d:
                return d
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{at}: {len(a)} items vs {len(b)}"
        for i, (x, z) in enumerate(zip(a, b)):
            d = diff(x, z, f"{at}/{i}")
            if d:
                return d
    elif a != b:
        return f"{at}: {a!r} vs {b!r}"
    return None
print("same" if y == j else f"differs at {diff(y, j, '')}")
EOF
)
is "$same" same "python3-yaml reads it as exactly the JSON document"

# Any other format is the client's mistake, said in the API's error shape:
# 400 {"detail": ...}, as for any query parameter outside its enum (the
# document lists format as json|yaml), where DRF answered 404.
http GET '/api/schema/?format=xml'
is "$STATUS" 400 "?format=xml is a 400" "$BODY"
json_is 'has("detail") and (has("openapi") | not)' true "with a {\"detail\": ...} body, not the document"

# --- Redocly's lint -------------------------------------------------------------
redocly=$ROOT/t/openapi/node_modules/.bin/redocly
if [ ! -x "$redocly" ]; then
    ok 1 "@redocly/cli is installed in t/openapi/ (ops/test: openapi_lint_install)"
else
    (cd "$tmp" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
        "$redocly" lint openapi.json --config "$ROOT/t/openapi/redocly.yaml" --format=json \
        >lint.json 2>lint.err)
    errors=$(jq '.totals.errors' "$tmp/lint.json" 2>/dev/null)
    warnings=$(jq '.totals.warnings' "$tmp/lint.json" 2>/dev/null)
    is "${errors:-none}" 0 "redocly lint (recommended rules, t/openapi/redocly.yaml) finds no error" \
        "$(jq -r '.problems[] | select(.severity == "error") | "\(.ruleId) \(.location[0].pointer): \(.message)"' \
            "$tmp/lint.json" 2>/dev/null | head -40)$(grep -v '[║╔╚]' "$tmp/lint.err" | tail -5)"
    cp "$tmp/lint.json" "$VAR_DIR/log/openapi-lint.json"
    echo "# redocly lint: ${errors:-?} errors, ${warnings:-?} warnings (each: build/test-artifacts/log/openapi-lint.json)"
    jq -r '[.problems[] | select(.severity == "warn") | .ruleId] | group_by(.) | map("#   \(length) \(.[0])") | .[]' \
        "$tmp/lint.json" 2>/dev/null
    # The same lint on the YAML: one document, whatever the format.
    (cd "$tmp" && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
        "$redocly" lint openapi.yaml --config "$ROOT/t/openapi/redocly.yaml" --format=json \
        >lint-yaml.json 2>/dev/null)
    is "$(jq -c .totals "$tmp/lint-yaml.json" 2>/dev/null)" "$(jq -c .totals "$tmp/lint.json" 2>/dev/null)" \
        "and the same findings on the YAML"
fi

# --- the docs page --------------------------------------------------------------
fetch /api/docs
is "$STATUS" 301 "GET /api/docs redirects"
is "$(header Location)" /api/docs/ "to /api/docs/ (a relative Location: right behind a proxy too)"

fetch /api/docs/
is "$STATUS" 200 "GET /api/docs/ answers 200"
[[ $(header Content-Type) == text/html* ]]; ok $? "an HTML page ($(header Content-Type))"
grep -q '<div id="swagger-ui">' <<<"$BODY"; ok $? "Swagger UI's page" "${BODY:0:300}"
csp=$(header Content-Security-Policy)
grep -q "default-src 'self'" <<<"$csp" && grep -q "script-src 'self';" <<<"$csp" && ! grep -q "unsafe-" <<<"$csp"
ok $? "a strict Content-Security-Policy: this origin only, nothing inline or eval'd" "$csp"
is "$(header X-Frame-Options)" DENY "and the security headers"
is "$(header Cache-Control)" no-cache "not cached without asking (the files are not hashed)"
grep -Eiq '<script>|<script [^>]*>[^<]|<style|style=' <<<"$BODY"
ok $((!$?)) "no inline script or style in the page"
grep -Eq 'https?://' <<<"$(grep -Eo '(src|href)="[^"]*"' <<<"$BODY")"
ok $((!$?)) "nothing from another origin (no CDN)"

# Every file the page names (relative to /api/docs/) is served, with its type.
refs=$(grep -Eo '(src|href)="[^"]*"' <<<"$BODY" | sed -E 's/^(src|href)="//; s/"$//' | grep -v '^/')
[ -n "$refs" ]; ok $? "the page names its files" "$BODY"
for ref in $refs; do
    case $ref in
        *.js) want=application/javascript ;;
        *.css) want=text/css ;;
        *.png) want=image/png ;;
        *) want=unknown ;;
    esac
    fetch "/api/docs/$ref"
    [ "$STATUS" = 200 ] && [[ $(header Content-Type) == "$want"* ]] && [ -n "$(header Content-Security-Policy)" ]
    ok $? "/api/docs/$ref is served ($STATUS, $(header Content-Type), want $want, under the page's policy)"
done
fetch /api/docs/init.js
grep -q "url: '/api/schema/'" <<<"$BODY"; ok $? "the page reads /api/schema/" "${BODY:0:300}"
grep -q "persistAuthorization: true" <<<"$BODY"; ok $? "and keeps the Authorize token across reloads"
fetch /api/docs/no-such-file.js
is "$STATUS" 404 "a file the page does not have is a 404"
fetch /static/api-docs/index.html
is "$STATUS" 404 "the page is not also under /static/ (without its policy)"
done_testing
