#!/usr/bin/env bash
# Benchmarks `labctl simulate --all-single` on a generated lab (default 10k machines, 1k services).
# Compares the incremental evaluation (only what each failure reaches) with re-evaluating every
# item for every failure domain (hidden --full-each), on the same input, in one run.
#
#   bench/simulate.sh [MACHINES] [SERVICES]
#
# Needs python3, bc and /usr/bin/time; hyperfine is used when present. Not run by CI.
# CPU time (user + sys) is reported beside wall time: it is steadier on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
MACHINES=${1:-10000}
SERVICES=${2:-1000}
OUT=bench/results/simulate
LAB=$OUT/lab-$MACHINES
mkdir -p "$OUT"

swift build -c release --scratch-path .build-release --product labctl >/dev/null
BIN=.build-release/release/labctl
python3 bench/gen-simulate-lab.py "$LAB" --machines "$MACHINES" --services "$SERVICES"

# Wall time and peak resident memory of one command; the exit status is printed, not fatal.
measure() {
  local label=$1; shift
  local status=0
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$@" >"$OUT/$label.out" 2>"$OUT/$label.err" || status=$?
  read -r secs user sys kb < <(tail -1 "$OUT/time.txt")
  cpu=$(echo "$user + $sys" | bc -l)
  printf '%-24s wall %7.2f s  cpu %7.2f s  peak RSS %7.1f MB  exit %s\n' "$label" "$secs" "$cpu" \
    "$(echo "$kb / 1024" | bc -l)" "$status"
  eval "T_${label//[^a-zA-Z0-9]/_}=$cpu"
}

echo "lab: $MACHINES machines, $SERVICES services ($(wc -c <"$LAB/lab.yaml") bytes of lab.yaml)"
measure check "$BIN" check "$LAB" --quiet
measure all-single "$BIN" simulate "$LAB" --all-single
measure all-single-json "$BIN" simulate "$LAB" --all-single --format json
measure all-single-plan "$BIN" simulate "$LAB" --all-single --plan
measure all-single-full-each "$BIN" simulate "$LAB" --all-single --full-each
measure one-hypervisor "$BIN" simulate "$LAB" --down hv-0 --format json
head -1 "$OUT/all-single.out"

simulate_only=$(echo "$T_all_single - $T_check" | bc -l)
full_only=$(echo "$T_all_single_full_each - $T_check" | bc -l)
printf 'simulation alone (cpu of all-single minus check): %.2f s incremental, %.2f s full-each' "$simulate_only" "$full_only"
if (( $(echo "$simulate_only > 0.01" | bc -l) )); then
  printf ' (%.1fx)\n' "$(echo "$full_only / $simulate_only" | bc -l)"
else
  printf '\n'
fi

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 3 -i --export-markdown "$OUT/hyperfine.md" \
    "$BIN check $LAB --quiet" "$BIN simulate $LAB --all-single" >/dev/null 2>&1 \
    && cat "$OUT/hyperfine.md"
fi
