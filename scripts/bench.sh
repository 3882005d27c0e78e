#!/usr/bin/env bash
# Benchmarks trainjob beside the Go reference controller; BENCHMARKS.md shows its output.
#
#   bash scripts/bench.sh
#
# Installs what is missing (scripts/install-deps.sh), builds the `bench` preset (Release:
# trainjob-conditions, trainjob_bench, trainjob_measure), builds the Go reference, generates
# the batch input with its generator, then (scripts/bench_compare.py) checks both tools write
# the same output, times them alternately (median of 5), measures peak RSS and scaling up to
# 200,000 lines, runs the microbenchmarks, and prints a summary. Takes about 10 minutes on 2
# cores and ~3 GB of temporary disk, removed at the end.
#
# Environment:
#   BENCH_QUICK=1       skip the 200,000-line steps (scaling up to 50,000 lines, no RSS ratio)
#   BENCH_RUNS=N        runs per measurement (default 5; 3 at 200,000 lines: BENCH_LARGE_RUNS)
#   BENCH_BUILD_DIR     build directory (default build/bench, the preset's)
#   BENCH_STRICT=1      exit 1 when a target is missed (a differing output always fails)
#   GOREF_DIR           the Go reference's sources (default ../shared/anchors/go-reference)
#   TMPDIR              where the inputs are generated (default /tmp)
#   BENCH_LISTS=0       skip the List-reading step (scripts/bench_lists.sh)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build_dir="${BENCH_BUILD_DIR:-$root/build/bench}"
goref_src="${GOREF_DIR:-$root/../shared/anchors/go-reference}"
runs="${BENCH_RUNS:-5}"
large_runs="${BENCH_LARGE_RUNS:-3}"

bash "$root/scripts/install-deps.sh" >&2

if [[ ! -f "$goref_src/go.mod" ]]; then
  echo "bench: the Go reference is not at $goref_src (set GOREF_DIR)" >&2
  exit 1
fi

echo "bench: building the bench preset (Release) in $build_dir" >&2
# Standard output is the summary only; everything else goes to standard error.
cmake --preset bench -B "$build_dir" >/dev/null
cmake --build "$build_dir" --target trainjob-conditions trainjob_bench trainjob_measure -j "$(nproc)" >&2
ours="$build_dir/trainjob-conditions"
bench="$build_dir/bench/trainjob_bench"
measure="$build_dir/bench/trainjob_measure"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt")"

work="$(mktemp -d "${TMPDIR:-/tmp}/trainjob-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "bench: building the Go reference from $goref_src" >&2
# go needs a build cache; without HOME (a bare CI shell) it has nowhere to put one.
if [[ -z "${HOME:-}" && -z "${GOCACHE:-}" ]]; then export GOCACHE="$work/go-cache"; fi
(cd "$goref_src" && GOPROXY=off GOFLAGS=-mod=mod go build -trimpath -o "$work/goref" .)

# Every input file is written in 4 MiB pieces (dd here, bench_compare.py's head()): Linux
# keeps a file written a line at a time in small page-cache folios, and reading one back
# costs up to 70% more kernel time per byte, which would skew the scaling table by how
# each file happened to be written.
gen() { "$work/goref" gen "$1" 1 | dd bs=4M iflag=fullblock status=none >"$2"; }
echo "bench: generating the input (goref gen 5000 1)" >&2
gen 5000 "$work/batch-5k.jsonl"
big_args=()
if [[ "${BENCH_QUICK:-0}" != 1 ]]; then
  echo "bench: generating goref gen 200000 1 (about 2.3 GB)" >&2
  gen 200000 "$work/batch-200k.jsonl"
  big_args=(--big "$work/batch-200k.jsonl")
fi

# Let the kernel write the inputs out first: flushing 2.3 GB to disk takes CPU for many
# seconds, and timings taken meanwhile (above all --threads 2, which needs both cores)
# would measure the flush.
echo "bench: sync (waiting for the inputs to be written out)" >&2
sync

strict_args=()
if [[ "${BENCH_STRICT:-0}" == 1 ]]; then strict_args=(--strict); fi

python3 "$root/scripts/bench_compare.py" --ours "$ours" --goref "$work/goref" --bench "$bench" --measure "$measure" \
  --input "$work/batch-5k.jsonl" "${big_args[@]}" --work "$work" --build-type "$build_type" \
  --runs "$runs" --large-runs "$large_runs" "${strict_args[@]}"

# Reading Lists (BENCHMARKS.md, "Reading Lists"): state, validate and lint on a 5,000-item List.
if [[ "${BENCH_LISTS:-1}" == 1 ]]; then
  echo
  bash "$root/scripts/bench_lists.sh" "$ours"
fi
