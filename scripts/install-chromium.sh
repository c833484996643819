#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium (package chromium) when it is missing: DashboardIT drives
# the dashboard in a real browser through the DevTools protocol. Prints the browser's path.
set -euo pipefail
find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
if find_browser >/dev/null; then find_browser; exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
find_browser
