#!/usr/bin/env bash
# Times `labctl inventory list` against `ansible-inventory --list` on generated inventories
# (same file, same run) and reports wall time, CPU time, peak RSS, the ratios, and whether
# both printed the same JSON. Not run by CI.
#
# usage: bench/inventory.sh [--sizes "1000 10000 100000"] [--skip-ansible-at N] [--runs R] [--ini]
#   --skip-ansible-at N   do not run ansible-inventory for N hosts or more (at 100k it takes
#                         minutes and GiBs); labctl still runs
#   --runs R              labctl runs per size (best is reported); ansible runs once
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000 10000 100000"
skip_at=0
runs=3
format=yml
gen_flag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --skip-ansible-at) skip_at="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --ini) format=ini; gen_flag="--ini"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

command -v ansible-inventory >/dev/null || { echo "bench: ansible-inventory not found (pip install ansible-core)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

echo "bench: building labctl (release, .build-release)" >&2
swift build -c release --scratch-path .build-release --product labctl >&2
labctl="$PWD/.build-release/release/labctl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs a command, prints "wall cpu rss_kib" (cpu = user + sys).
measure() {
  local out="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$out" 2>"$work/stderr"
  awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$work/time"
}

printf "%-8s %-26s %-26s %-16s %s\n" hosts "labctl wall/cpu/RSS" "ansible wall/cpu/RSS" "ratio wall/cpu" "same JSON"
for n in $sizes; do
  file="$work/hosts-$n.$format"
  python3 bench/gen_inventory.py "$n" $gen_flag >"$file"
  best=""
  for _ in $(seq "$runs"); do
    m=$(measure "$work/labctl.json" "$labctl" inventory list "$file")
    if [ -z "$best" ] || awk -v a="$m" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then
      best="$m"
    fi
  done
  read -r lw lc lr <<<"$best"
  if [ "$skip_at" -gt 0 ] && [ "$n" -ge "$skip_at" ]; then
    printf "%-8s %-26s %-26s %-16s %s\n" "$n" "${lw}s/${lc}s/$((lr / 1024))MiB" "(skipped)" "-" "-"
    continue
  fi
  # ansible-inventory from an empty directory, so no playbook-adjacent vars are read.
  m=$(cd "$work" && measure "$work/ansible.json" ansible-inventory -i "$file" --list)
  read -r aw ac ar <<<"$m"
  same=$(python3 -c 'import json,sys; print("yes" if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else "NO")' \
    "$work/labctl.json" "$work/ansible.json")
  ratio=$(awk -v a="$aw" -v b="$lw" -v c="$ac" -v d="$lc" 'BEGIN { printf "%.0fx/%.0fx", a / b, c / (d > 0 ? d : 0.001) }')
  printf "%-8s %-26s %-26s %-16s %s\n" "$n" "${lw}s/${lc}s/$((lr / 1024))MiB" "${aw}s/${ac}s/$((ar / 1024))MiB" "$ratio" "$same"
done
echo "machine load (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
