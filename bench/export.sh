#!/usr/bin/env bash
# Benchmarks `labctl export all` against `labctl check` on generated labs (default: 10k machines).
#
# Builds labctl in release mode (scratch path .build-release), generates the labs with
# bench/gen-lab.py, and reports for each size the best wall time of RUNS runs and the peak resident
# memory (GNU time's "Maximum resident set size") of `check` and of `export all -o OUT` (every kind,
# written atomically), and the export's extra cost over the check. The export runs the same pipeline
# as the check, so it should cost the check plus the exporters and the writing.
#
# usage: [LABCTL=path] bench/export.sh [SIZES...]     (default: 10000; RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000)
RUNS=${RUNS:-3}
OUT=bench/results
mkdir -p "$OUT/labs"

if [ ! -x /usr/bin/time ]; then
  echo "export.sh: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 2
fi

# LABCTL=path runs a binary already built (no release build).
if [ -z "${LABCTL:-}" ]; then
  swift build -c release --scratch-path .build-release --product labctl >&2
  LABCTL=.build-release/release/labctl
fi

# Runs a command RUNS times; prints "best-seconds peak-KiB" (the peak is the largest seen).
measure() {
  local best="" peak=0 i t m
  for ((i = 0; i < RUNS; i++)); do
    if ! /usr/bin/time -v -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt"; then
      echo "export.sh: '$*' failed" >&2
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

printf '%-9s %9s %10s %10s %11s %7s %9s\n' machines "check s" "check MiB" "export s" "export MiB" files "extra s"
for n in "${SIZES[@]}"; do
  dir="$OUT/labs/$n"
  [ -f "$dir/lab.yaml" ] || python3 bench/gen-lab.py "$n" "$dir"
  "$LABCTL" check --quiet "$dir" >/dev/null
  read -r t m < <(measure "$LABCTL" check "$dir")
  read -r et em < <(measure "$LABCTL" export all "$dir" -o "$OUT/export-$n")
  files=$(find "$OUT/export-$n" -type f | wc -l)
  printf '%-9s %9.2f %10.1f %10.2f %11.1f %7d %9.2f\n' "$n" "$t" "$(awk "BEGIN {print $m / 1024}")" \
    "$et" "$(awk "BEGIN {print $em / 1024}")" "$files" "$(awk "BEGIN {print $et - $t}")"
done
