#!/usr/bin/env bash
# Stress test for ipclab (not part of `cargo test`): runs every lab and a set
# of tracee programs many times concurrently under the tracer, then checks
# that every run ended as expected, that nothing is left in the kernel's
# System V IPC tables, that no traced process survived, and that no per-run
# file or directory was left in the temporary directory.
#
# Usage: tests/stress.sh [ROUNDS] [PARALLEL]     (defaults: 10 rounds, 8 at once)
# Results go to stdout; docs/reliability.md records a run.
set -uo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-10}
parallel=${2:-8}
work=$(mktemp -d "${TMPDIR:-/tmp}/ipclab-stress.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "building ipclab, the labs and the test programs (release)..."
cargo build --release --quiet --bins || exit 1
ipclab=target/release/ipclab
progs=target/stress-progs
mkdir -p "$progs"
for p in pipe_fork fifo sysv_msg sysv_shm sysv_sem posix_mq signals sockets threads children64 forkbomb hang_pipe stopcont segv sigkill_self many_threads; do
  flags=$(sed -n 's/^ \* build: //p' "tests/progs/$p.c")
  gcc -O1 -pthread -o "$progs/$p" "tests/progs/$p.c" $flags -lrt || exit 1
done

ipc_count() { cat /proc/sysvipc/msg /proc/sysvipc/shm /proc/sysvipc/sem 2>/dev/null | grep -cv '^ *key'; }
tmp_leftovers() { find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'ipclab-*' ! -name 'ipclab-stress.*' 2>/dev/null | wc -l; }
survivors() {
  local n=0 exe
  for d in /proc/[0-9]*; do
    exe=$(readlink "$d/exe" 2>/dev/null) || continue
    case "$exe" in "$PWD"/target/release/lab*|"$PWD/$progs"/*) n=$((n + 1)) ;; esac
  done
  echo $n
}

ipc_before=$(ipc_count)
tmp_before=$(tmp_leftovers)

# One job per line: expected exit status, then the command.
jobs_file="$work/jobs"
: > "$jobs_file"
for lab in 01 02 03 04 05 06 07 08; do echo "0 $ipclab run $lab -o /dev/null" >> "$jobs_file"; done
echo "0 $ipclab run 09 -o /dev/null -- 20 $work/compare.svg" >> "$jobs_file"
for p in pipe_fork fifo sysv_msg sysv_shm sysv_sem posix_mq signals sockets threads children64 stopcont many_threads; do
  echo "0 $ipclab trace -o /dev/null -- $progs/$p" >> "$jobs_file"
done
echo "0 $ipclab trace -e ipc -o /dev/null -- $progs/sysv_msg" >> "$jobs_file"
echo "0 $ipclab trace --json -o /dev/null -- $progs/forkbomb 4" >> "$jobs_file"
echo "125 $ipclab trace --max-procs 30 -o /dev/null -- $progs/forkbomb 10" >> "$jobs_file"
echo "124 $ipclab trace --timeout 1 -o /dev/null -- $progs/hang_pipe" >> "$jobs_file"
echo "0 $ipclab trace -o /dev/null -- $progs/segv" >> "$jobs_file"
echo "137 $ipclab trace -o /dev/null -- $progs/sigkill_self" >> "$jobs_file"

run_job() {
  local expected=$1; shift
  local out="$work/out.$$.$RANDOM"
  "$@" > "$out" 2>&1 < /dev/null
  local got=$?
  if [ "$got" != "$expected" ]; then
    echo "UNEXPECTED: status $got (expected $expected): $*"
    sed 's/^/    /' "$out" | tail -5
  fi
  rm -f "$out"
}
export -f run_job
export work

total=0
start=$(date +%s)
for round in $(seq 1 "$rounds"); do
  while read -r expected cmd; do
    echo "$expected $cmd"
  done < "$jobs_file" | xargs -P "$parallel" -L 1 bash -c 'run_job "$@"' _ | tee -a "$work/unexpected"
  total=$((total + $(wc -l < "$jobs_file")))
  echo "round $round/$rounds done"
done
elapsed=$(( $(date +%s) - start ))

unexpected=$(grep -c '^UNEXPECTED' "$work/unexpected" 2>/dev/null || true)
ipc_after=$(ipc_count)
tmp_after=$(tmp_leftovers)
alive=$(survivors)

echo
echo "runs:                   $total in ${elapsed}s ($parallel at a time)"
echo "unexpected endings:     $unexpected"
echo "System V IPC objects:   $ipc_before before, $ipc_after after"
echo "per-run temp entries:   $tmp_before before, $tmp_after after"
echo "traced processes alive: $alive"
if [ "$unexpected" -eq 0 ] && [ "$ipc_after" -le "$ipc_before" ] && [ "$tmp_after" -le "$tmp_before" ] && [ "$alive" -eq 0 ]; then
  echo "stress: PASS"
else
  echo "stress: FAIL"
  exit 1
fi
