#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang++, ASan and UBSan) and fuzzes each one for
# SECONDS (default 60) on a copy of its committed corpus (fuzz/corpus/<target>/), then prints
# per target the executions libFuzzer ran. Exits non-zero when a target crashed, timed out or
# broke a check: its input is kept, and the commands to reproduce it are printed.
#
#   bash scripts/fuzz.sh                       # 60 s per target
#   nice -n 10 bash scripts/fuzz.sh 600        # the 10-minute campaign
#   FUZZ_TARGETS="fuzz_reconcile fuzz_c_abi" bash scripts/fuzz.sh 30
#   FUZZ_MERGE=1 bash scripts/fuzz.sh 600      # also merge new coverage into fuzz/corpus/
#   FUZZ_PARALLEL=10 nice -n 19 bash scripts/fuzz.sh 1800   # every target at once, 30 min each
#
# Nothing is written into the repository unless FUZZ_MERGE=1 (the build directory aside).
# Environment: FUZZ_TARGETS (default: every fuzz/fuzz_*.cpp), FUZZ_BUILD_DIR (default
# build/fuzz, the preset's), JOBS (build jobs, default 2), FUZZ_KEEP=1 keeps the work directory,
# FUZZ_PARALLEL (targets run at once, default 1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -eq 0 ]]; then
  echo "usage: $0 [SECONDS]   (seconds per target, default 60)" >&2
  exit 2
fi

bash scripts/install-deps.sh

if [[ -n "${FUZZ_TARGETS:-}" ]]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for src in fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$src" .cpp)")
  done
fi

build_dir="${FUZZ_BUILD_DIR:-build/fuzz}"
cmake --preset fuzz -B "$build_dir"
cmake --build "$build_dir" -j "${JOBS:-2}" --target "${targets[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/trainjob-fuzz.XXXXXX")"
failed=()
summary=()
cleanup() {
  if [[ ${#failed[@]} -eq 0 && -z "${FUZZ_KEEP:-}" ]]; then
    rm -rf "$work"
  else
    echo "fuzz: work directory kept: $work"
  fi
}
trap cleanup EXIT

# "stat::number_of_executed_units: 1234" -> 1234 (libFuzzer prints its stats on a crash too).
final_stat() { grep -E "^stat::$1:" "$2" | tail -n 1 | awk '{print $2}'; }

# One target's run; its summary line goes to $work/$t.summary, and "failed" to
# $work/$t.failed when it failed (a file, so that parallel runs can report).
run_target() {
  local t="$1"
  local bin="$build_dir/fuzz/$t"
  local corpus="$work/corpus/$t"
  local artifacts="$work/artifacts/$t/"
  local log="$work/$t.log"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "fuzz/corpus/$t" ]]; then
    cp -R "fuzz/corpus/$t/." "$corpus/"
  fi
  echo
  echo "=== $t: ${seconds}s on $(find "$corpus" -type f | wc -l) corpus inputs ==="
  local rc=0 line execs rate added cpu
  local start=$SECONDS
  # The outer timeout only guards against a run that never ends.
  timeout $((seconds * 2 + 300)) "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -dict=fuzz/trainjob.dict -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1 || rc=$?
  execs="$(final_stat number_of_executed_units "$log")"
  rate="$(final_stat average_exec_per_sec "$log")"
  added="$(final_stat new_units_added "$log")"
  grep -E "^(INFO: seed corpus|#[0-9]+[[:space:]]+(INITED|DONE))" "$log" || true
  if [[ $rc -eq 0 ]]; then
    line="$t: ${execs:-?} executions in $((SECONDS - start))s wall (${rate:-?}/s), ${added:-0} new inputs: ok"
    if [[ "${FUZZ_MERGE:-}" == "1" ]]; then
      # Adds to the committed corpus only the inputs that bring new coverage.
      "$bin" -merge=1 -timeout=10 -rss_limit_mb=2048 "fuzz/corpus/$t" "$corpus" >>"$log" 2>&1
      line+=" (merged into fuzz/corpus/$t)"
    fi
  else
    touch "$work/$t.failed"
    line="$t: ${execs:-?} executions: FAILED (exit $rc)"
    # The check or sanitizer report: from the first line that says what broke.
    grep -m 1 -A 12 -E "fuzz check failed|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:" "$log" || tail -n 30 "$log"
    for a in "$artifacts"*; do
      [[ -e "$a" ]] || continue
      echo "  input kept: $a"
      echo "  reproduce:  $bin $a      (or $(basename "$bin")_replay in a tests build)"
      echo "  keep it:    cp $a fuzz/corpus/$t/regression-<what-it-breaks>"
    done
    echo "  log: $log"
  fi
  echo "$line"
  echo "$line" >"$work/$t.summary"
}

# FUZZ_PARALLEL targets at a time (default 1); each libFuzzer process is one core.
parallel="${FUZZ_PARALLEL:-1}"
running=0
for t in "${targets[@]}"; do
  if [[ "$parallel" -le 1 ]]; then
    run_target "$t"
  else
    run_target "$t" &
    running=$((running + 1))
    if [[ $running -ge $parallel ]]; then
      wait -n || true
      running=$((running - 1))
    fi
  fi
done
wait || true
for t in "${targets[@]}"; do
  summary+=("$(cat "$work/$t.summary" 2>/dev/null || echo "$t: no result")")
  if [[ -e "$work/$t.failed" || ! -e "$work/$t.summary" ]]; then failed+=("$t"); fi
done

echo
echo "=== fuzz summary (${seconds}s per target) ==="
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: FAILED: ${failed[*]}"
  exit 1
fi
