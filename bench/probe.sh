#!/usr/bin/env bash
# Benchmarks `labctl probe`: N TCP checks (default 10k) against loopback listeners, against Prometheus's own
# prober, prometheus-blackbox-exporter (Debian), driven over its /probe endpoint on the same targets with the
# same concurrency, in the same run; then the uptime query for 1k checks over 30 days of history.
#
#   bench/probe.sh [CHECKS] [CONCURRENCY]
#
# Everything stays on 127.0.0.1: the generated lab's 10.x addresses are mapped to the listeners by
# --resolve-file, and LABCTL_PROBE_LOOPBACK_ONLY=1 makes labctl refuse anything else. Needs python3,
# /usr/bin/time and prometheus-blackbox-exporter. Not run by CI. Reports wall time, peak memory and the peak
# number of open descriptors (sampled from /proc every 10 ms), and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKS=${1:-10000}
CONCURRENCY=${2:-256}
PORTS=100
BASE=43100
OUT=bench/results/probe
mkdir -p "$OUT"
export LABCTL_PROBE_LOOPBACK_ONLY=1

if [ -z "${LABCTL:-}" ]; then
  swift build -c release --scratch-path .build-release --product labctl >/dev/null
fi
BIN=${LABCTL:-.build-release/release/labctl}
python3 bench/probe_peers.py lab "$OUT" "$CHECKS" "$PORTS" "$BASE"

pids=()
cleanup() { for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
python3 bench/probe_peers.py listen "$PORTS" "$BASE" >"$OUT/listen.log" 2>&1 &
pids+=($!)
until grep -q listening "$OUT/listen.log" 2>/dev/null; do sleep 0.1; done

# Peak open descriptors of a process: sampled until it exits.
fd_peak() {
  local pid=$1 peak=0 n
  while kill -0 "$pid" 2>/dev/null; do
    n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l) || n=0
    [ "$n" -gt "$peak" ] && peak=$n
    sleep 0.01
  done
  echo "$peak"
}

echo "probe: $CHECKS TCP checks, $CONCURRENCY in flight, $PORTS loopback listeners"
/usr/bin/time -f "%e %M" -o "$OUT/labctl.time" "$BIN" probe "$OUT" --resolve-file "$OUT/resolve.txt" \
  --concurrency "$CONCURRENCY" --format json >"$OUT/labctl.json" 2>"$OUT/labctl.err" &
tpid=$!
sleep 0.05
lpid=$(pgrep -P "$tpid" -f "labctl probe" || echo "$tpid")
lfd=$(fd_peak "$lpid")
wait "$tpid" || true
read -r lwall lkb <"$OUT/labctl.time"
lup=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['summary']['up'])" "$OUT/labctl.json")
printf 'labctl probe           wall %6.2f s  peak RSS %7.1f MB  peak fds %5d  (%s of '"$CHECKS"' checks up)\n' \
  "$lwall" "$(echo "$lkb / 1024" | bc -l)" "$lfd" "$lup"

BB_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cat >"$OUT/blackbox.yml" <<YML
modules:
  tcp:
    prober: tcp
    timeout: 5s
YML
prometheus-blackbox-exporter --config.file="$OUT/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" \
  >"$OUT/blackbox.log" 2>&1 &
bpid=$!
pids+=($bpid)
for _ in $(seq 300); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $BB_PORT), 1)" 2>/dev/null && break
  kill -0 "$bpid" 2>/dev/null || { echo "blackbox-exporter did not start:"; cat "$OUT/blackbox.log"; exit 1; }
  sleep 0.1
done
fd_peak "$bpid" >"$OUT/blackbox.fds" &
fpid=$!
start=$(date +%s.%N)
python3 bench/probe_peers.py drive "http://127.0.0.1:$BB_PORT" "$CHECKS" "$PORTS" "$BASE" "$CONCURRENCY" >"$OUT/drive.out"
end=$(date +%s.%N)
bkb=$(awk '/VmHWM/ {print $2}' "/proc/$bpid/status")
kill "$bpid"; wait "$fpid" || true
bwall=$(echo "$end - $start" | bc -l)
printf 'blackbox-exporter      wall %6.2f s  peak RSS %7.1f MB  peak fds %5d  (%s; driver included)\n' \
  "$bwall" "$(echo "$bkb / 1024" | bc -l)" "$(cat "$OUT/blackbox.fds")" "$(cat "$OUT/drive.out")"
printf 'ratio (blackbox / labctl wall): %.1fx\n' "$(echo "$bwall / $lwall" | bc -l)"

rm -f "$OUT"/history.sqlite*
"$BIN" _history-stress "$OUT/history.sqlite" --bench-uptime 1000 --days 30
