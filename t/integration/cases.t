#!/usr/bin/env bash
# Runs every t/integration/cases/*.case file: a request and what must come
# back, one case per block, blocks separated by a line "---" (curl's test
# data files, simplified). Keys:
#   name:            what the case checks (required)
#   request:         METHOD PATH (required)
#   header:          a request header, "Name: value" (repeatable)
#   body:            the request body, one line
#   body-repeat:     N CHAR: a body of N copies of CHAR (huge bodies)
#   status:          the expected status (required)
#   json:            the expected JSON body (compared with jq -S)
#   response-body:   the expected body, byte for byte
#   jq:              a jq expression that must be true of the body (repeatable)
#   response-header: a regex one response header line must match (repeatable)
# shellcheck source=t/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# ${NAME} in a case is replaced by the environment variable NAME.
expand() {
    local line=$1 name
    while [[ $line =~ \$\{([A-Z_][A-Z0-9_]*)\} ]]; do
        name=${BASH_REMATCH[1]}
        line=${line//"\${$name}"/${!name:-}}
    done
    printf '%s' "$line"
}

# The staff user's access token, for the cases that need authentication.
staff_user
ACCESS=$(token "$STAFF_EMAIL" "$STAFF_PASSWORD")
export ACCESS

run_case() {
    local file=$1 name="" method="" path="" status="" json="" body="" repeat="" exact=""
    local -a headers=() jqs=() rheaders=() args=()
    while IFS= read -r line; do
        line=$(expand "$line")
        case "$line" in
            name:*) name=${line#name: } ;;
            request:*) read -r method path <<<"${line#request: }" ;;
            header:*) headers+=("${line#header: }") ;;
            body:*) body=${line#body: } ;;
            body-repeat:*) repeat=${line#body-repeat: } ;;
            status:*) status=${line#status: } ;;
            json:*) json=${line#json: } ;;
            response-body:*) exact=${line#response-body: } ;;
            jq:*) jqs+=("${line#jq: }") ;;
            response-header:*) rheaders+=("${line#response-header: }") ;;
            ''|'#'*) ;;
            *) ok 1 "$file: unknown line: $line"; return ;;
        esac
    done
    if [ -z "$name" ] || [ -z "$method" ] || [ -z "$status" ]; then
        ok 1 "$file: a case needs name, request and status"
        return
    fi
    for h in "${headers[@]}"; do args+=(-H "$h"); done
    local tmpbody=""
    if [ -n "$repeat" ]; then
        tmpbody=$(mktemp)
        head -c "${repeat%% *}" /dev/zero | tr '\0' "${repeat#* }" >"$tmpbody"
        args+=(--data-binary "@$tmpbody")
    elif [ -n "$body" ]; then
        args+=(--data-binary "$body")
    fi
    http "$method" "$path" "${args[@]}"
    [ -n "$tmpbody" ] && rm -f "$tmpbody"
    local problems=""
    [ "$STATUS" = "$status" ] || problems+="status $STATUS, want $status"$'\n'
    if [ -n "$json" ]; then
        local got want
        got=$(printf '%s' "$BODY" | jq -S -c . 2>/dev/null) || got="(not JSON)"
        want=$(printf '%s' "$json" | jq -S -c .)
        [ "$got" = "$want" ] || problems+="body $got, want $want"$'\n'
    fi
    [ -z "$exact" ] || [ "$BODY" = "$exact" ] || problems+="body not byte for byte: $exact"$'\n'
    for expr in "${jqs[@]}"; do
        printf '%s' "$BODY" | jq -e "$expr" >/dev/null 2>&1 || problems+="jq false: $expr"$'\n'
    done
    for re in "${rheaders[@]}"; do
        grep -qiE "^$re" <<<"$HEADERS" || problems+="no response header matching: $re"$'\n'
    done
    [ -z "$problems" ]
    ok $? "$(basename "$file" .case): $name" "${problems}body: ${BODY:0:300}"
}

for f in "$(dirname "$0")"/cases/*.case; do
    mapfile -t lines <"$f"
    block=""
    for line in "${lines[@]}"; do
        if [ "$line" = "---" ]; then
            [ -n "$block" ] && run_case "$f" <<<"$block"
            block=""
        else
            block+="$line"$'\n'
        fi
    done
    [ -n "$(tr -d '[:space:]' <<<"$block")" ] && run_case "$f" <<<"$block"
done
done_testing
