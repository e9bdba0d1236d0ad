#!/usr/bin/env bash
# Installs what the browser test of the search page needs: Debian's chromium,
# nodejs and npm when they are missing, then the npm packages of tests/browser
# (playwright-core only; no browser is downloaded) when node_modules is missing
# or older than package-lock.json. Needs root (or sudo) for apt. Safe to run
# repeatedly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Debian package and the command it provides. A nodejs from elsewhere (e.g.
# NodeSource) bundles npm and conflicts with Debian's npm package, so a
# command already on PATH counts as installed.
wanted=(chromium:chromium nodejs:node npm:npm fonts-noto-cjk:)
missing=()
for entry in "${wanted[@]}"; do
  p="${entry%%:*}" cmd="${entry##*:}"
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
  [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
  missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

browser_dir="$here/../tests/browser"
cd "$browser_dir"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "Installing npm packages in tests/browser"
  # Never fetch a browser: the test drives /usr/bin/chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  touch node_modules
fi
