// trainjob benchmarks: the heap allocation counter.
//
// alloc_counter.cpp replaces every global operator new and delete of the
// benchmark executable with versions that count, so each benchmark can report
// `allocs/iter` beside its time: an allocation-free steady state is a target,
// and a count is exact where a time is noisy.
#ifndef TRAINJOB_BENCH_ALLOC_COUNTER_HPP
#define TRAINJOB_BENCH_ALLOC_COUNTER_HPP

#include <cstdint>

#include <benchmark/benchmark.h>

namespace trainjob_bench {

/// Allocations made by any thread of the process so far (every form of
/// operator new, including the nothrow, aligned and array ones).
std::uint64_t allocation_count() noexcept;

/// Runs `body` once per iteration and reports, as `allocs/iter`, the heap
/// allocations it made per iteration (0 is exact: a single allocation in a
/// million iterations shows as 1e-06).
template <class Body>
void measure(benchmark::State& state, Body&& body) {
  const std::uint64_t before = allocation_count();
  for (auto _ : state) {
    body();
  }
  const std::uint64_t after = allocation_count();
  state.counters["allocs/iter"] =
      benchmark::Counter(static_cast<double>(after - before), benchmark::Counter::kAvgIterations);
}

}  // namespace trainjob_bench

#endif
