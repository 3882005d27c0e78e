#!/usr/bin/env bash
# Reading Lists: MB/s of state, validate and lint on a 5,000-item `kind: List` as
# `kubectl get -o json` prints it (4-space indent) and as -o yaml, of TrainJobs, and of
# TrainJobs and JobSets mixed (`kubectl get trainjobs,jobsets`), beside batch on the same
# TrainJobs as JSON Lines. BENCHMARKS.md, "Reading Lists", shows its output.
#
#   bash scripts/bench_lists.sh [TOOL]    # default: build/bench/trainjob-conditions
#
# Environment: BENCH_RUNS (default 5: best of), BENCH_ITEMS (default 5000), TMPDIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${1:-$root/build/bench/trainjob-conditions}"
n="${BENCH_ITEMS:-5000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/trainjob-lists.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 "$root/bench/gen_list.py" "$n" >"$work/trainjobs.json"
python3 "$root/bench/gen_list.py" "$n" --jobsets >"$work/mixed.json"
python3 "$root/bench/gen_list.py" "$n" --batch >"$work/requests.jsonl"
# YAML as kubectl prints it: the tool's own -o yaml, which is kubectl's byte for byte.
"$tool" validate -o yaml -f "$work/trainjobs.json" >"$work/trainjobs.yaml"
"$tool" validate -o yaml -f "$work/mixed.json" >"$work/mixed.yaml"
python3 "$root/bench/bench_lists.py" "$tool" "$work" --runs "${BENCH_RUNS:-5}"
