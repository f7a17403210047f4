#!/usr/bin/env bash
# Print the path of an nginx binary for the multi-replica test (test/replicas/), installing Debian's nginx package
# first when none is there and we may (root with apt-get). The test starts it on loopback with its own config; the
# package's own service is not used (Debian's policy-rc.d may refuse to start it, which is fine).
# Usage: export CITEBOT_NGINX="$(bash .ci/nginx.sh)"
set -euo pipefail
find_bin() {
  local c
  for c in "${CITEBOT_NGINX:-}" /usr/sbin/nginx "$(command -v nginx 2>/dev/null || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if find_bin; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "nginx.sh: no nginx found; installing Debian's nginx package" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx >&2; }
  if find_bin; then exit 0; fi
fi
echo "nginx.sh: no nginx at /usr/sbin/nginx; install it with 'apt-get install nginx' or set CITEBOT_NGINX" >&2
exit 1
