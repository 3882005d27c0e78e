#!/usr/bin/env bash
# Builds the Debian packages of this tree with Debian's own tools (debian/, dpkg-buildpackage)
# and checks them: lintian (no errors), then each package used from a root it is unpacked into
# (dpkg-deb -x, never installed on this machine): a CMake find_package(trainjob) consumer, a C
# program built with pkg-config's trainjob-c flags, `import trainjob` in python3, the tool; last,
# the ABI of libtrainjob_c against abi/libtrainjob_c.abi (scripts/abi-check.sh).
#
#   bash scripts/package.sh          # the .deb files end in build/packages/
#   JOBS=1 bash scripts/package.sh
#
# Needs the packaging tools: bash scripts/install-deps.sh --packaging. Everything it writes is
# under build/ (the tree is copied to build/pkg/ first: dpkg-buildpackage writes next to it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
jobs="${JOBS:-2}"

for tool in dpkg-buildpackage dh dh_python3 lintian fakeroot abidw; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "package: $tool not found: bash scripts/install-deps.sh --packaging" >&2
    exit 1
  fi
done

step() { echo "=== package: $* ($((SECONDS - start))s)"; }
fail() {
  echo "package: FAILED: $*" >&2
  exit 1
}
start=$SECONDS

# 1. What debian/ states agrees with the tree: the version, the C library's SONAME and symbols.
version="$(sed -n -E '/^project\(/,/\)/s/^ *VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)"
deb_version="$(dpkg-parsechangelog -l debian/changelog -S Version)"
[[ -n "$version" && "$deb_version" == "$version" ]] ||
  fail "debian/changelog is at $deb_version, CMakeLists.txt at $version: add a changelog entry (dch -v $version)"
abi="$(sed -n -E 's/^#define TRAINJOB_C_ABI_VERSION ([0-9]+).*/\1/p' include/trainjob/trainjob_c.h)"
grep -q "^Package: libtrainjob-c${abi}\$" debian/control ||
  fail "the SONAME is libtrainjob_c.so.$abi: debian/control must name the package libtrainjob-c$abi"
[[ -f "debian/libtrainjob-c${abi}.symbols" && -f "debian/libtrainjob-c${abi}.install" ]] ||
  fail "debian/libtrainjob-c${abi}.symbols and .install must exist (the package follows the SONAME)"
declared="$(grep -oE 'TRAINJOB_C_API[^;(]*[ *]trainjob_[a-z0-9_]+\(' include/trainjob/trainjob_c.h |
  grep -oE 'trainjob_[a-z0-9_]+\($' | tr -d '(' | sort)"
listed="$(sed -n -E 's/^ (trainjob_[a-z0-9_]+)@Base .*/\1/p' "debian/libtrainjob-c${abi}.symbols" | sort)"
[[ "$declared" == "$listed" ]] ||
  fail "debian/libtrainjob-c${abi}.symbols does not list the functions trainjob_c.h declares:
$(diff <(echo "$declared") <(echo "$listed") || true)"

# 2. The packages, built from a copy of the tree (tracked and new files, not build/).
stage="$repo/build/pkg"
src="$stage/src/trainjob-$version"
out="$repo/build/packages"
rm -rf "$stage" "$out"
mkdir -p "$src" "$out"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$src"
step "dpkg-buildpackage -b in build/pkg (log: build/pkg/dpkg-buildpackage.log)"
build_start=$SECONDS
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=$jobs nocheck" dpkg-buildpackage -b -us -uc) \
  >"$stage/dpkg-buildpackage.log" 2>&1; then
  tail -n 60 "$stage/dpkg-buildpackage.log" >&2
  fail "dpkg-buildpackage (build/pkg/dpkg-buildpackage.log)"
fi
build_seconds=$((SECONDS - build_start))
mv "$stage"/src/*.deb "$stage"/src/*.ddeb "$stage"/src/*.changes "$stage"/src/*.buildinfo "$out"/ 2>/dev/null || true
ls -l "$out"
for pkg in libtrainjob-dev "libtrainjob-c$abi" libtrainjob-c-dev trainjob-tools python3-trainjob; do
  compgen -G "$out/${pkg}_${version}_*.deb" >/dev/null || fail "no ${pkg}_${version}_*.deb in build/packages"
done

# 3. lintian: no errors; warnings are shown (overrides only in debian/*.lintian-overrides, with
# the reason beside each).
step "lintian"
lintian_rc=0
lintian --fail-on error --display-level ">=warning" --no-tag-display-limit "$out"/*.deb || lintian_rc=$?
((lintian_rc == 0)) || fail "lintian reported errors"

# 4. Each package used from an unpacked root.
root="$stage/root"
mkdir -p "$root"
for deb in "$out"/*.deb "$out"/*.ddeb; do
  [[ -e "$deb" ]] && dpkg-deb -x "$deb" "$root"
done
multiarch="$(dpkg-architecture -qDEB_HOST_MULTIARCH)"
libdir="$root/usr/lib/$multiarch"

step "C++ and C: find_package(trainjob) (tests/consumer)"
cmake -S tests/consumer -B "$stage/consumer" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=$root/usr" \
  "-DEXPECTED_VERSION=$version" "-DEXPECTED_PREFIX=$root/usr" -DEXPECT_C_API=ON >"$stage/consumer.log" 2>&1 ||
  { cat "$stage/consumer.log" >&2; fail "configuring tests/consumer against the packages"; }
cmake --build "$stage/consumer" -j "$jobs" >>"$stage/consumer.log" 2>&1 ||
  { cat "$stage/consumer.log" >&2; fail "building tests/consumer against the packages"; }
for exe in consumer consumer_c; do
  "$stage/consumer/bin/$exe" | tee "$stage/$exe.out"
  grep -q "trainjob $version" "$stage/$exe.out" || fail "$exe did not print 'trainjob $version'"
done

step "C: pkg-config trainjob-c (tests/c/consumer.c)"
export PKG_CONFIG_PATH="$root/usr/lib/$multiarch/pkgconfig:$root/usr/share/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$root"
[[ "$(pkg-config --modversion trainjob-c)" == "$version" ]] || fail "pkg-config --modversion trainjob-c"
[[ "$(pkg-config --modversion trainjob)" == "$version" ]] || fail "pkg-config --modversion trainjob"
read -r -a c_flags <<<"$(pkg-config --cflags --libs trainjob-c)"
echo "pkg-config --cflags --libs trainjob-c: ${c_flags[*]}"
cc -std=c99 -pedantic -Wall -Wextra -Werror "-DTRAINJOB_EXPECTED_VERSION=\"$version\"" tests/c/consumer.c \
  "${c_flags[@]}" "-Wl,-rpath,$libdir" -o "$stage/c-consumer" || fail "compiling tests/c/consumer.c"
"$stage/c-consumer" "$repo/tests" || fail "tests/c/consumer.c against the package's library"
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

step "python3: import trainjob (no TRAINJOB_C_LIBRARY, no LD_LIBRARY_PATH)"
(
  cd "$stage"
  env -u TRAINJOB_C_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$root/usr/lib/python3/dist-packages" \
    PYTHONDONTWRITEBYTECODE=1 python3 - "$root" "$version" "$repo" <<'EOF'
import json, os, sys
import trainjob
root, version, repo = sys.argv[1:]
for path in (trainjob.__file__, trainjob.library_path()):
    assert os.path.realpath(path).startswith(os.path.realpath(root) + "/"), path + " is not in the unpacked root"
assert trainjob.version() == version, trainjob.version()
with open(os.path.join(repo, "examples", "trainjob.json"), encoding="utf-8") as f:
    state = trainjob.state(json.load(f))
assert "kstatus" in state, state
try:
    trainjob.state({"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob", "status": {"conditions": 3}})
except trainjob.BadInput as e:
    assert e.path, e
else:
    raise AssertionError("no BadInput")
print("python3: trainjob %s from %s, library %s; state: %s" % (trainjob.version(), trainjob.__file__,
                                                               trainjob.library_path(), state["stateColumn"]))
EOF
) || fail "python3-trainjob"

step "trainjob-tools"
tool_version="$("$root/usr/bin/trainjob-conditions" --version)"
echo "$tool_version"
[[ "$tool_version" == *"$version"* ]] || fail "trainjob-conditions --version: '$tool_version'"
[[ "$("$root/usr/bin/kubectl-trainjob" --version)" == "$tool_version" ]] || fail "kubectl-trainjob --version"
for f in usr/share/man/man1/trainjob-conditions.1.gz usr/share/man/man1/kubectl-trainjob.1.gz \
  usr/share/bash-completion/completions/trainjob-conditions; do
  [[ -e "$root/$f" ]] || fail "$f is not in trainjob-tools"
done
man_text="$(zcat "$root/usr/share/man/man1/trainjob-conditions.1.gz")"
grep -q '^\.SS reconcile' <<<"$man_text" || fail "the manual page has no reconcile section"
bash -c "source '$root/usr/share/bash-completion/completions/trainjob-conditions'" || fail "the bash completion"

step "ABI of libtrainjob_c (scripts/abi-check.sh)"
bash scripts/abi-check.sh "$libdir/libtrainjob_c.so.$abi" "$root/usr/lib/debug" || fail "the ABI check"

echo "package: passed ($((SECONDS - start))s, of which dpkg-buildpackage ${build_seconds}s); packages in build/packages/:"
ls "$out"
