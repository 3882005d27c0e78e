#!/usr/bin/env bash
# Builds and tests trainjob the way CI does: g++ C++17 with -Werror (preset `ci`, which also
# compiles every header on its own in C++17 and C++20), clang++ C++17 under AddressSanitizer
# and UndefinedBehaviorSanitizer (`asan`), clang++ under ThreadSanitizer for the tests that run
# threads (`tsan`: test_threads, the C ABI, the CLI's batch --threads) and clang++ C++20 (the
# comparisons with kubectl's YAML, compiler-independent, run in `ci` and `asan` only); each
# preset: configure, build, ctest. First, the format check (scripts/check-format.sh). Then a short libFuzzer smoke of every fuzz target (scripts/fuzz.sh). The
# Debian packages are built and checked from an unpacked root, with the ABI check of libtrainjob_c
# (scripts/package.sh; TRAINJOB_PACKAGES=0 skips it). The
# `gcc-cxx20` and `clang-cxx17` presets can be added with TRAINJOB_PRESETS. Carries on after
# a failure so every step reports, and exits non-zero if any step failed. The CI presets carry
# line tables only (-g1, -gline-tables-only): enough for sanitizer reports and backtraces, and
# the builds take much less time than with full debug information.
#
#   bash scripts/test.sh                      # everything
#   TRAINJOB_PRESETS="ci" TRAINJOB_FUZZ_SECONDS=0 TRAINJOB_PACKAGES=0 bash scripts/test.sh
#   JOBS=4 bash scripts/test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

jobs="${JOBS:-2}"
read -r -a presets <<<"${TRAINJOB_PRESETS:-ci asan tsan clang-cxx20}"
# Seconds per fuzz target for the smoke; 0 skips it.
fuzz_seconds="${TRAINJOB_FUZZ_SECONDS:-10}"
# 0 skips the Debian packages and the ABI check.
packages="${TRAINJOB_PACKAGES:-1}"

log_dir="build/test-logs"
mkdir -p "$log_dir"

failed=()
summary=()
total_passed=0
total_failed=0
start_all=$SECONDS

echo
echo "=== format: scripts/check-format.sh ==="
if bash scripts/check-format.sh; then
  total_passed=$((total_passed + 1))
  summary+=("format: passed")
else
  total_failed=$((total_failed + 1))
  failed+=("format")
  summary+=("format: FAILED")
fi

for preset in "${presets[@]}"; do
  echo
  echo "=== ${preset}: configure, build, test ==="
  start=$SECONDS
  if ! cmake --preset "$preset"; then
    failed+=("${preset}: configure")
    summary+=("${preset}: configure FAILED")
    continue
  fi
  if ! cmake --build --preset "$preset" -j "$jobs"; then
    failed+=("${preset}: build")
    summary+=("${preset}: build FAILED")
    continue
  fi
  log="${log_dir}/${preset}.log"
  rc=0
  ctest --preset "$preset" -j "$jobs" 2>&1 | tee "$log" || rc=$?
  # ctest's summary: "100% tests passed, 0 tests failed out of 12".
  line="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
  if [[ -n "$line" ]]; then
    n_failed="$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$line")"
    n_total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
    total_failed=$((total_failed + n_failed))
    total_passed=$((total_passed + n_total - n_failed))
  fi
  if [[ $rc -ne 0 || -z "$line" ]]; then
    failed+=("${preset}: tests")
    summary+=("${preset}: ${line:-ctest failed} (FAILED, $((SECONDS - start))s)")
  else
    summary+=("${preset}: ${line} ($((SECONDS - start))s)")
  fi
done

if [[ "$fuzz_seconds" != 0 ]]; then
  echo
  echo "=== fuzz smoke: ${fuzz_seconds}s per target ==="
  start=$SECONDS
  if JOBS="$jobs" FUZZ_PARALLEL="$jobs" bash scripts/fuzz.sh "$fuzz_seconds" 2>&1 | tee "${log_dir}/fuzz.log"; then
    total_passed=$((total_passed + 1))
    summary+=("fuzz smoke: passed ($((SECONDS - start))s)")
  else
    total_failed=$((total_failed + 1))
    failed+=("fuzz smoke")
    summary+=("fuzz smoke: FAILED ($((SECONDS - start))s)")
  fi
fi

if [[ "$packages" != 0 ]]; then
  echo
  echo "=== packages: scripts/package.sh (Debian packages, lintian, consumers, ABI of libtrainjob_c) ==="
  start=$SECONDS
  if bash scripts/install-deps.sh --packaging &&
    JOBS="$jobs" bash scripts/package.sh 2>&1 | tee "${log_dir}/packages.log"; then
    total_passed=$((total_passed + 1))
    summary+=("packages: passed ($((SECONDS - start))s)")
  else
    total_failed=$((total_failed + 1))
    failed+=("packages")
    summary+=("packages: FAILED ($((SECONDS - start))s)")
  fi
fi

echo
echo "=== summary ($((SECONDS - start_all))s) ==="
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -ne 0 ]]; then
  echo "FAILED: ${failed[*]}"
fi
echo "total: ${total_passed} passed, ${total_failed} failed"
[[ ${#failed[@]} -eq 0 ]]
