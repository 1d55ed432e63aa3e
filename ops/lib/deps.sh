# shellcheck shell=bash
# Installs the Debian packages the stack needs, only those missing.
# Sourced by ops/run and ops/test.

DEBIAN_PACKAGES="build-essential autoconf automake autoconf-archive pkg-config
libfcgi-dev libpq-dev postgresql redis-server libhiredis-dev libjson-c-dev libjwt-dev libfcgi-bin
libcurl4-openssl-dev libssl-dev libwebsockets-dev nginx curl jq ca-certificates
inotify-tools clang clang-format libclang-rt-14-dev bear lcov wrk procps python3 python3-jwt python3-botocore redis-tools
shellcheck"

# The integration tests' own: Python's websockets (a client for /ws/;
# Debian's imports only in /usr/bin/python3).
# shellcheck disable=SC2034 # used by ops/test
DEBIAN_INTEGRATION_PACKAGES=(python3-websockets)
# PyYAML: t/integration/openapi.t reads GET /api/schema/?format=yaml.
DEBIAN_INTEGRATION_PACKAGES+=(python3-yaml)
# jsonschema 4.10 (Draft 2020-12): t/contract/ checks every response against the API document.
DEBIAN_INTEGRATION_PACKAGES+=(python3-jsonschema)

# ops/test's pipeline section (t/ci/): PyYAML reads .gitlab-ci.yml; the AWS
# CLI (2.9) runs ops/deploy/run-task against t/fake/aws_endpoint.py, as the
# pipeline's one-off jobs do on Debian 12. The coverage section: gcovr turns
# the gcov build's counts into the Cobertura XML GitLab shows in merge requests.
# shellcheck disable=SC2034 # used by ops/test
DEBIAN_PIPELINE_PACKAGES=(python3-yaml awscli)
# shellcheck disable=SC2034 # used by ops/test
DEBIAN_COVERAGE_PACKAGES=(gcovr)

# Only ops/test needs a browser (the Playwright end-to-end tests).
# shellcheck disable=SC2034 # used by ops/test
DEBIAN_TEST_PACKAGES=(chromium fonts-wqy-microhei)

# node and npm: the machine's own (Node 20) when present, else Debian's.
node_packages() {
    command -v node >/dev/null && command -v npm >/dev/null || echo "nodejs npm"
}

deps_install() { # deps_install [EXTRA_PACKAGES...]
    local missing=() pkg
    # shellcheck disable=SC2086 # the lists are words
    for pkg in $DEBIAN_PACKAGES $(node_packages) "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} = 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "ops: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
        return 1
    fi
    echo "ops: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -f /var/lib/apt/periodic/update-success-stamp ] &&
        [ -z "$(find /var/lib/apt/lists -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
        apt-get update -qq || return 1
    fi
    # Debian's packages start their services; we run our own on other ports.
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/ops-apt.log 2>&1 ||
        { tail -20 /tmp/ops-apt.log >&2; rm -f /usr/sbin/policy-rc.d; return 1; }
    rm -f /usr/sbin/policy-rc.d
}
