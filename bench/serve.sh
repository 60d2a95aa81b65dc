#!/usr/bin/env bash
# bench/serve.sh — labctl serve against nginx, on the same files, in one run.
#
# Serves examples/03lab with `labctl serve` (release build, 2 event loop threads) and the
# `labctl build` output of the same lab with nginx (2 workers, sendfile, the same security
# headers, gzip off for both: wrk sends no Accept-Encoding), both on 127.0.0.1. Checks that both
# send the same bytes, then loads each with wrk (same threads, connections, duration; --latency),
# alternating labctl/nginx for ROUNDS rounds, and prints requests/s and p99 for each, the median
# of the rounds, and the ratio. Target: labctl >= 0.8x nginx's requests/s, p99 no worse.
#
#   bench/serve.sh                       # defaults: PATHS=/ THREADS=2 CONNS=64 DURATION=10s ROUNDS=3
#   PATHS="/ /style.css /api/v1/summary" DURATION=5s bench/serve.sh
#
# Needs nginx and wrk (apt-get install nginx wrk). Every run is bounded: ROUNDS x paths x 2 x DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

PATHS=${PATHS:-/}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
LAB=${LAB:-examples/03lab}
LABCTL_FLAGS=${LABCTL_FLAGS:-}   # e.g. --no-loop-executor
LABCTL_PORT=${LABCTL_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}

for tool in nginx wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/serve.sh: needs $tool (apt-get install $tool)" >&2; exit 2; }
done

echo "building labctl (release, .build-release) …" >&2
swift build -c release --scratch-path .build-release --product labctl >&2
BIN=.build-release/release/labctl

WORK=$(mktemp -d /tmp/labctl-bench.XXXXXX)
chmod 755 "$WORK"
LABCTL_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$LABCTL_PID" ] && kill "$LABCTL_PID" 2>/dev/null && wait "$LABCTL_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" build "$LAB" -o "$WORK/site" >&2
chmod -R a+rX "$WORK/site"

CSP="default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
mkdir -p "$WORK/nginx/logs"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx/nginx.conf" <<CONF
$USER_LINE
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  types {
    text/html html; text/css css; image/svg+xml svg; application/json json;
  }
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  gzip off;
  etag on;
  server_tokens off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/site;
    index index.html;
    location /api/v1/ { default_type application/json; try_files \$uri \$uri.json =404; }
    location / {
      add_header Content-Security-Policy "$CSP" always;
      add_header X-Content-Type-Options nosniff always;
      add_header Referrer-Policy no-referrer always;
      add_header Cross-Origin-Opener-Policy same-origin always;
      add_header Cache-Control "public, no-cache" always;
      add_header Vary Accept-Encoding always;
    }
  }
}
CONF

# shellcheck disable=SC2086
"$BIN" serve "$LAB" --port "$LABCTL_PORT" --threads 2 $LABCTL_FLAGS 2>"$WORK/labctl.log" &
LABCTL_PID=$!
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$LABCTL_PORT/readyz" >/dev/null 2>&1 \
    && curl -fs "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1 && break
  sleep 0.1
done

for path in $PATHS; do
  a=$(curl -fs "http://127.0.0.1:$LABCTL_PORT$path" | sha256sum)
  b=$(curl -fs "http://127.0.0.1:$NGINX_PORT$path" | sha256sum)
  if [ "$a" != "$b" ]; then echo "bench/serve.sh: $path differs between labctl and nginx" >&2; exit 1; fi
done

cpu_ticks() { # pids -> utime+stime clock ticks of those processes, all threads
  local t=0 p
  for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}

run_wrk() { # url -> "rps p99_ms requests"
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$1" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors: sys.exit("wrk: %s non-2xx responses" % errors.group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
print(rps, p99, total)'
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency, $ROUNDS rounds alternating; lab: $LAB; labctl flags: ${LABCTL_FLAGS:-none}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf "%-20s %8s %-8s %12s %10s %10s\n" path bytes server "requests/s" "p99 ms" "CPU us/req"
for path in $PATHS; do
  bytes=$(curl -fs "http://127.0.0.1:$LABCTL_PORT$path" | wc -c)
  # Warm both up briefly.
  wrk -t"$THREADS" -c"$CONNS" -d2s "http://127.0.0.1:$LABCTL_PORT$path" >/dev/null
  wrk -t"$THREADS" -c"$CONNS" -d2s "http://127.0.0.1:$NGINX_PORT$path" >/dev/null
  : > "$WORK/labctl.txt"
  : > "$WORK/nginx.txt"
  for round in $(seq 1 "$ROUNDS"); do
    for server in labctl nginx; do
      port=$LABCTL_PORT
      pids=$LABCTL_PID
      if [ "$server" = nginx ]; then port=$NGINX_PORT; pids=$(pgrep -P "$NGINX_PID" | tr '\n' ' '); fi
      # shellcheck disable=SC2086
      before=$(cpu_ticks $pids)
      read -r rps p99 total < <(run_wrk "http://127.0.0.1:$port$path")
      # shellcheck disable=SC2086
      after=$(cpu_ticks $pids)
      cpu=$(python3 -c "print(($after - $before) * 1e6 / $(getconf CLK_TCK) / $total)")
      echo "$rps $p99 $cpu" >> "$WORK/$server.txt"
      printf "%-20s %8s %-8s %12.0f %10.2f %10.1f   (round %d)\n" "$path" "$bytes" "$server" "$rps" "$p99" "$cpu" "$round"
    done
  done
  python3 - "$path" "$WORK/labctl.txt" "$WORK/nginx.txt" <<'PY'
import statistics, sys
path, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
def load(f):
    rows = [tuple(map(float, l.split())) for l in open(f) if l.strip()]
    return tuple(statistics.median(r[i] for r in rows) for i in range(3))
lr, lp, lc = load(a)
nr, np_, nc = load(b)
print(f"{path:<20} median  labctl {lr:,.0f} req/s p99 {lp:.2f} ms {lc:.0f} us CPU/req"
      f" | nginx {nr:,.0f} req/s p99 {np_:.2f} ms {nc:.0f} us CPU/req"
      f" | ratio {lr / nr:.2f}x req/s, p99 {lp / np_:.2f}x"
      f" | target >= 0.80x and p99 <= nginx: {'met' if lr / nr >= 0.8 and lp <= np_ else 'NOT met'}")
PY
done
