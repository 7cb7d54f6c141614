#!/bin/sh
# Installs the Debian packages insats needs to build, test and benchmark, if any is missing
# (the tests also read what insats writes with jq, file, unzip, zip, poppler, groff and man, and
# drive the web server with libcurl and curl, and receive its e-mail with a local SMTP server
# from python3-aiosmtpd; the benchmark loads it with wrk; gettext compiles the translations).
# The browser tests (tests/browser) run in Debian's chromium, driven from node with the npm
# packages pinned in package-lock.json.
# Used by `make run`, `make check`, `make fuzz` (with --fuzz) and .ci/run; safe to run again
# (it does nothing when all is there).
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential pkg-config sqlite3 libsqlite3-dev libjansson-dev libcsv-dev \
libcairo2-dev libpango1.0-dev libxlsxwriter-dev zlib1g-dev libcmark-dev fonts-dejavu-core poppler-utils unzip \
libxml2-utils libxml2-dev jq file zip groff-base man-db \
libsodium-dev libcmocka-dev time gettext \
libmicrohttpd-dev liboath-dev libqrencode-dev libcurl4-openssl-dev libical-dev curl wrk \
python3-aiosmtpd chromium"
# node and npm: Debian's packages unless a node is there already (NodeSource's nodejs package
# holds npm itself and conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"
# `make fuzz` only (--fuzz): clang and its runtime libraries, which hold libFuzzer.
if [ "${1:-}" = "--fuzz" ]; then
    PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

# The npm packages, exactly as locked, when node_modules is missing or older than the lock
# (npm ci writes node_modules/.package-lock.json last). No browser is downloaded: the tests
# launch /usr/bin/chromium.
npm_deps() {
    if [ ! -f node_modules/.package-lock.json ] ||
        [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "insats: installing the browser tests' npm packages (npm ci)" >&2
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
    fi
}

if [ -z "$missing" ]; then
    npm_deps
    exit 0
fi

echo "insats: installing missing packages:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "insats: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
npm_deps
