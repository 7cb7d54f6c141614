# browser.sh — every page of the web application in a real browser (Debian's chromium, driven by
# playwright-core from node): for a manager, a coordinator, a reader and a visitor, each page
# checked with axe (WCAG 2.1 A and AA) and html-validate, each form once submitted empty, and
# screenshots of the main screens at three widths (pages.mjs); the core flows with the keyboard
# alone and the printed pages (keyboard.mjs); the users' flows end to end (flows.mjs)
# (docs/browser-tests.md).
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
. "$repo/tests/browser/server.sh"

if [ ! -x /usr/bin/chromium ]; then
    not_ok "no /usr/bin/chromium (scripts/install-deps.sh installs it)"; exit 1
fi
if [ ! -f "$repo/node_modules/.package-lock.json" ]; then
    not_ok "the npm packages are not installed (scripts/install-deps.sh runs npm ci)"; exit 1
fi

demo_server_start || exit 1
trap 'demo_server_stop >/dev/null; rm -rf "$T"' EXIT
export INSATS_SCREENS="$repo/build/screens"
for t in pages keyboard flows; do
    node "$repo/tests/browser/$t.mjs"
    node_rc=$?
    [ "$node_rc" -eq 0 ] || not_ok "tests/browser/$t.mjs exited with status $node_rc"
done
demo_server_stop
trap 'rm -rf "$T"' EXIT
