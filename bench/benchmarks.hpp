// trainjob benchmarks: what each bench_*.cpp registers, and how a benchmark
// reports that its setup is not what it claims to measure.
#ifndef TRAINJOB_BENCH_BENCHMARKS_HPP
#define TRAINJOB_BENCH_BENCHMARKS_HPP

#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace trainjob_bench {

void register_reconcile_benchmarks();  // reconcile/*, conditions_set/*
void register_json_benchmarks();       // json/*
void register_yaml_benchmarks();       // yaml/*
/// batch/*, over these JSON Lines.
void register_batch_benchmarks(std::vector<std::string> lines);

/// Skips the benchmark with `why` and makes the executable exit non-zero, so
/// a benchmark whose setup is wrong (a no-op pass that changes the status, a
/// batch line that fails) cannot pass for a fast one.
void report_setup_error(benchmark::State& state, const std::string& why);

}  // namespace trainjob_bench

#endif
