#!/usr/bin/env bash
# Run a command as on a machine with MB megabytes of memory: in a fresh memory cgroup whose limit is MB, which Node
# reads as the machine's memory (`process.constrainedMemory()`) and sizes V8's heap from, as it would on a small
# VM (on a 1 GB machine V8 keeps a 32 MB young generation; on this 24 GiB one, 128 MB). Needs root and a writable
# cgroup hierarchy (v2, or v1's memory controller); the cgroup is removed afterwards.
#
#   sudo test/bench/with-memory-limit.sh 1024 node --expose-gc --import tsx test/bench/memory.ts --corpus FILE
#
# A process that outgrows the limit is killed by the kernel (exit 137), as it would be on such a machine.
set -euo pipefail
if [[ $# -lt 2 || ! $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 MB command [args...]" >&2
  exit 2
fi
mb=$1
shift
name="citebot-limit-$$"
if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
  # cgroup v2: a child of the cgroup this shell is in.
  parent="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)"
  dir="${parent%/}/$name"
  mkdir "$dir"
  echo $((mb * 1024 * 1024)) >"$dir/memory.max"
else
  # cgroup v1: a child of this shell's memory cgroup.
  parent="/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)"
  dir="${parent%/}/$name"
  mkdir "$dir"
  echo $((mb * 1024 * 1024)) >"$dir/memory.limit_in_bytes"
fi
cleanup() { rmdir "$dir" 2>/dev/null || true; }
trap cleanup EXIT
status=0
# The command runs in a child shell moved into the cgroup; this shell stays outside, so it can remove it after.
bash -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' _ "$dir" "$@" || status=$?
exit $status
