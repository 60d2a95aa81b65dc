#!/usr/bin/env bash
# Starts loopback stand-ins for examples/03lab, so `labctl probe` has something safe to ask: a TCP listener
# on 127.0.0.1 for every host check in resolve.txt, and four knotd instances (rpi-n1, dns-n2, dns-n3 and the
# VIP) serving the zones `labctl export zone` writes. Nothing here listens or dials outside 127.0.0.1.
#
#   examples/03lab/probe/standins.sh [--without-hx90] &      # Ctrl-C (or killing it) stops every stand-in
#   labctl probe examples/03lab --resolve-file examples/03lab/probe/resolve.txt
#
# --without-hx90 leaves out hx90's listener and its VMs': the demo of one root cause (`impacted by hx90`).
# Needs python3, knotd (Debian knot) and a built labctl (LABCTL, default: swift build's .build/debug/labctl).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
labctl=${LABCTL:-$repo/.build/debug/labctl}
without_hx90=0
[ "${1:-}" = --without-hx90 ] && without_hx90=1
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
run() { if command -v setpriv >/dev/null; then setpriv --pdeathsig KILL "$@"; else "$@"; fi; }

# TCP stand-ins: every non-DNS entry of resolve.txt.
ports=$(grep -v '^#' "$here/resolve.txt" | grep -v technitium | { if [ $without_hx90 = 1 ]; then grep -v 'on hx90'; else cat; fi; } |
  sed -n 's/.*=127\.0\.0\.1:\([0-9]*\).*/\1/p' | tr '\n' ' ')
run python3 - $ports <<'PY' &
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in sys.argv[1:]:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port))); s.listen(64); sel.register(s, selectors.EVENT_READ)
held = []
while True:
    for key, _ in sel.select():
        conn, _ = key.fileobj.accept(); held.append(conn)
        if len(held) > 1000: held.pop(0).close()
PY
pids+=($!)

# DNS stand-ins: knotd per instance, on the ports resolve.txt names.
"$labctl" export zone "$repo/examples/03lab" -o "$work/export" >/dev/null
for port in $(grep technitium "$here/resolve.txt" | sed -n 's/.*=127\.0\.0\.1:\([0-9]*\).*/\1/p'); do
  mkdir -p "$work/$port/run" "$work/$port/db"
  {
    printf 'server:\n    rundir: "%s"\n    listen: 127.0.0.1@%s\n' "$work/$port/run" "$port"
    printf 'control:\n    listen: "%s"\ndatabase:\n    storage: "%s"\n' "$work/$port/knot.sock" "$work/$port/db"
    printf 'template:\n  - id: default\n    storage: "%s"\n    file: "%%s.zone"\n    zonefile-sync: -1\n    journal-content: none\nzone:\n' "$work/export/zones"
    for z in "$work"/export/zones/*.zone; do printf '  - domain: %s\n' "$(basename "$z" .zone)"; done
  } >"$work/$port/knot.conf"
  run knotd -c "$work/$port/knot.conf" >"$work/$port/knot.log" 2>&1 &
  pids+=($!)
done
echo "standins: listening on 127.0.0.1 (ports in $here/resolve.txt)$([ $without_hx90 = 1 ] && echo ', without hx90 and its VMs'); Ctrl-C stops them"
wait
