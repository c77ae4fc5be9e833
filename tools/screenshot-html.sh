#!/usr/bin/env bash
# Takes a screenshot of the HTML report in headless Chromium, to check it in a real browser.
# Run by hand (not part of `make test`): tools/screenshot-html.sh [page.html] [out.png] [width] [height]
# Needs the Debian package `chromium`.
set -euo pipefail
cd "$(dirname "$0")/.."
page="${1:-output/report.html}"
out="${2:-output/tmp/report-html.png}"
width="${3:-1400}"
height="${4:-2200}"
[ -f "$page" ] || { echo "screenshot-html: $page not found (run make report first)" >&2; exit 1; }
command -v chromium >/dev/null || { echo "screenshot-html: chromium not installed (apt-get install chromium)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# --no-sandbox: Chromium refuses to run as root otherwise (containers, CI).
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --window-size="$width,$height" --screenshot="$(realpath -m "$out")" "file://$(realpath "$page")" 2>/dev/null
echo "screenshot-html: wrote $out"
