#!/usr/bin/env bash
# Benchmarks `labctl check` on generated labs of 1k, 10k and 100k machines.
#
# Builds labctl in release mode (scratch path .build-release), generates the labs with
# bench/gen-lab.py, and reports for each size the best wall time of RUNS runs, the peak
# resident memory (GNU time's "Maximum resident set size"), and the growth per 10x step.
# The peer baseline is PyYAML (with libyaml) loading the same lab.yaml and inventory: the
# bare cost of reading the files, with no model and no checks.
#
# usage: bench/check.sh [SIZES...]     (default: 1000 10000 100000; RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)
RUNS=${RUNS:-3}
OUT=bench/results
mkdir -p "$OUT/labs"

if [ ! -x /usr/bin/time ]; then
  echo "check.sh: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 2
fi

swift build -c release --scratch-path .build-release --product labctl >&2
LABCTL=.build-release/release/labctl

# Runs a command RUNS times; prints "best-seconds peak-KiB" (the peak is the largest seen).
measure() {
  local best="" peak=0 i t m
  for ((i = 0; i < RUNS; i++)); do
    if ! /usr/bin/time -v -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt"; then
      echo "check.sh: '$*' failed" >&2
      cat "$OUT/stderr.txt" "$OUT/time.txt" >&2
      exit 1
    fi
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s }' "$OUT/time.txt")
    m=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
    if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; fi
    if [ "$m" -gt "$peak" ]; then peak=$m; fi
  done
  echo "$best $peak"
}

printf '%-9s %9s %10s %8s %10s %11s %10s\n' machines "check s" "check MiB" "time x" "pyyaml s" "pyyaml MiB" "vs pyyaml"
prev_t=""
for n in "${SIZES[@]}"; do
  dir="$OUT/labs/$n"
  [ -f "$dir/lab.yaml" ] || python3 bench/gen-lab.py "$n" "$dir"
  # The lab must check clean, or the benchmark would time an early exit.
  "$LABCTL" check --quiet "$dir" >/dev/null
  read -r t m < <(measure "$LABCTL" check "$dir")
  read -r pt pm < <(measure python3 -c 'import sys, yaml
for f in sys.argv[1:]:
    yaml.load(open(f), Loader=yaml.CSafeLoader)' "$dir/lab.yaml" "$dir/hosts.yml")
  growth="-"
  if [ -n "$prev_t" ]; then growth=$(awk "BEGIN {printf \"%.1f\", $t / $prev_t}"); fi
  printf '%-9s %9.2f %10.1f %8s %10.2f %11.1f %10s\n' "$n" "$t" "$(awk "BEGIN {print $m / 1024}")" "$growth" \
    "$pt" "$(awk "BEGIN {print $pm / 1024}")" "$(awk "BEGIN {printf \"%.1fx\", $t / $pt}")"
  prev_t=$t
done
echo "time x: wall time over the previous size's (10 per 10x step is linear)."
echo "vs pyyaml: labctl check (load + model + all rules) over PyYAML's bare parse of the same files."
