#!/usr/bin/env bash
# Installs the Debian packages ssis needs to build, test, fuzz and benchmark, and to run its
# Python bindings.
# Safe to run repeatedly: packages already present are skipped.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-program-options-dev libfmt-dev libyaml-cpp-dev doctest-dev libcli11-dev libssl-dev libutf8proc-dev libjemalloc-dev
  pybind11-dev python3-dev python3-pybind11
  python3-numpy python3-pandas python3-pytest python3-dask python3-distributed python3-matplotlib python3-jsonschema
  python3-pexpect
  chromium chromium-driver python3-selenium fonts-nanum
  python3-pip python3-setuptools python3-wheel python3-venv
  doxygen python3-sphinx
  libbenchmark-dev
  libz3-dev
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
