#!/usr/bin/env bash
# Renders a vmapkit HTML report in headless Chromium and saves a screenshot, to check by eye that
# the report displays (charts, table, address-space maps). Not part of `mvn verify`.
#
#   ./vmapkit simulate --report /tmp/report.html
#   cli/scripts/screenshot-report.sh /tmp/report.html [/tmp/report.png] [WIDTH] [HEIGHT]
#
# Needs Chromium (Debian/Ubuntu: apt-get install -y chromium).
set -euo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 REPORT.html [SCREENSHOT.png] [WIDTH] [HEIGHT]" >&2
    exit 2
fi
report="$(realpath "$1")"
shot="${2:-${report%.html}.png}"
width="${3:-1200}"
height="${4:-5000}"
[ -f "$report" ] || { echo "$0: no such report: $1" >&2; exit 1; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "$0: Chromium not found; install it (apt-get install -y chromium)" >&2; exit 1; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
    --user-data-dir="$profile" --hide-scrollbars --window-size="$width,$height" \
    --screenshot="$shot" "file://$report" 2>/dev/null
[ -s "$shot" ] || { echo "$0: Chromium wrote no screenshot" >&2; exit 1; }
echo "$shot"
