#!/usr/bin/env bash
# Print the bin/ folder of a PostgreSQL server (initdb, pg_ctl), installing Debian's postgresql package first when
# none is there and we may (root with apt-get). The store tests start throwaway clusters from it.
# Usage: export CITEBOT_PG_BIN="$(bash .ci/postgres.sh)"
set -euo pipefail
find_bin() {
  if [ -n "${CITEBOT_PG_BIN:-}" ] && [ -x "$CITEBOT_PG_BIN/initdb" ]; then echo "$CITEBOT_PG_BIN"; return 0; fi
  # The newest of Debian's versioned folders.
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  return 1
}
if find_bin; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "postgres.sh: no PostgreSQL server found; installing Debian's postgresql package" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2; }
  if find_bin; then exit 0; fi
fi
echo "postgres.sh: no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; install them with 'apt-get install postgresql' or set CITEBOT_PG_BIN" >&2
exit 1
