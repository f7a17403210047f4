#!/usr/bin/env bash
# Print the path of a chromium binary for the preview's browser test, installing Debian's chromium package first
# when none is there and we may (root with apt-get). Never a downloaded browser: playwright-core drives this one.
# Usage: export CITEBOT_CHROMIUM="$(bash .ci/chromium.sh)"
set -euo pipefail
find_bin() {
  local c
  for c in "${CITEBOT_CHROMIUM:-}" /usr/bin/chromium; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if find_bin; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "chromium.sh: no chromium found; installing Debian's chromium package" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; }
  if find_bin; then exit 0; fi
fi
echo "chromium.sh: no chromium at /usr/bin/chromium; install it with 'apt-get install chromium' or set CITEBOT_CHROMIUM" >&2
exit 1
