#!/usr/bin/env bash
# Renders a report.html in headless Chromium and saves a full-page PNG screenshot, to check that the
# report shows every map legibly. Installs Debian's chromium when it is missing (needs root or sudo).
#   scripts/screenshot-report.sh <results>/<workflow>/<scan>/report.html [out.png] [width]
set -euo pipefail
report=${1:?usage: screenshot-report.sh REPORT.html [OUT.png] [WIDTH]}
out=${2:-${report%.html}.png}
width=${3:-1400}
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# the page is self-contained; these flags keep Chromium from reaching out on a closed network
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size="$width,4200" --screenshot="$(realpath -m "$out")" "file://$(realpath "$report")" 2>/dev/null
echo "$out"
