#!/usr/bin/env bash
# Installs the Debian packages trainjob needs to build and test, only those missing.
# Idempotent: does nothing (not even `apt-get update`) when everything is installed.
#   bash scripts/install-deps.sh               # build and test
#   bash scripts/install-deps.sh --packaging   # also scripts/package.sh and scripts/abi-check.sh
set -euo pipefail

packages=(
  cmake
  g++
  make
  pkg-config
  nlohmann-json3-dev
  libcli11-dev
  catch2
  librapidcheck-dev
  libbenchmark-dev
  clang
  libclang-rt-14-dev
  clang-format
  python3
  golang-go
  libyaml-dev
  # GoogleTest/GoogleMock: the gmock matchers (trainjob/testing/gmock.hpp) are tested and their
  # README example built with it; test-only, never linked into the library or the tool.
  libgmock-dev
)

# The Debian packages (scripts/package.sh) and the ABI check of libtrainjob_c (scripts/abi-check.sh):
# Debian's own packaging tools, lintian to check their result, libabigail's abidw/abidiff to
# compare the C library's ABI with the committed baseline. Only asked for with --packaging: the
# build and the tests need none of them.
if [[ "${1:-}" == "--packaging" ]]; then
  packages+=(dpkg-dev debhelper dh-python fakeroot lintian abigail-tools)
elif [[ $# -ne 0 ]]; then
  echo "usage: $0 [--packaging]" >&2
  exit 2
fi

# kubectl is the oracle of the YAML tests (its conversion and its -o yaml). The machine image
# ships one; where it does not, Debian's kubernetes-client provides it.
if ! command -v kubectl >/dev/null 2>&1; then
  packages+=(kubernetes-client)
fi

# Headless Chromium loads the pages of `-o html` (compare, audit) in the test cli_html and takes
# the README's screenshot (scripts/screenshot.sh): about 100 MB, for that test only.
packages+=(chromium)

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all packages installed"
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
