// trainjob_bench: Google Benchmark's flags, plus
//   --batch-input=FILE   JSON Lines for the batch/* benchmarks (default: bench/data/batch-sample.jsonl)
//   --batch-lines=N      how many lines of it to use (default 300; 0: all)
// Exits 1 when a benchmark's setup was wrong (see report_setup_error) or the
// allocation counter is not in place.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "alloc_counter.hpp"
#include "bench_data.hpp"
#include "benchmarks.hpp"

namespace trainjob_bench {
namespace {
std::atomic<bool> setup_failed{false};
}  // namespace

void report_setup_error(benchmark::State& state, const std::string& why) {
  setup_failed.store(true, std::memory_order_relaxed);
  state.SkipWithError(why.c_str());
}

}  // namespace trainjob_bench

namespace {

/// Whether the replaced operator new is the one the program calls: a counter
/// that silently stays at 0 would make every `allocs/iter` a false success.
bool allocation_counter_works() {
  const std::uint64_t before = trainjob_bench::allocation_count();
  auto* text = new std::string(100, 'x');  // two allocations: the string and its buffer
  benchmark::DoNotOptimize(text);
  delete text;
  auto* numbers = new std::int64_t[8]();
  benchmark::DoNotOptimize(numbers);
  delete[] numbers;
  return trainjob_bench::allocation_count() - before == 3;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);

  std::string batch_input = std::string(TRAINJOB_BENCH_DATA_DIR) + "/batch-sample.jsonl";
  std::size_t batch_lines = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (starts_with(arg, "--batch-input=")) {
      batch_input = std::string(arg.substr(14));
    } else if (starts_with(arg, "--batch-lines=")) {
      const std::string n(arg.substr(14));
      char* end = nullptr;
      const unsigned long long v = std::strtoull(n.c_str(), &end, 10);
      if (n.empty() || *end != '\0') {
        std::cerr << "trainjob_bench: --batch-lines expects a number, got \"" << n << "\"\n";
        return 2;
      }
      batch_lines = static_cast<std::size_t>(v);
    } else {
      std::cerr << "trainjob_bench: unknown argument \"" << arg
                << "\" (Google Benchmark's --benchmark_* flags, --batch-input=FILE, --batch-lines=N)\n";
      return 2;
    }
  }

  if (!allocation_counter_works()) {
    std::cerr << "trainjob_bench: the counting operator new is not in use; allocs/iter would be wrong\n";
    return 1;
  }

  std::vector<std::string> lines;
  try {
    lines = trainjob_bench::read_lines(batch_input, batch_lines);
  } catch (const std::exception& e) {
    std::cerr << "trainjob_bench: " << e.what() << '\n';
    return 2;
  }
  if (lines.empty()) {
    std::cerr << "trainjob_bench: " << batch_input << " has no lines\n";
    return 2;
  }
  benchmark::AddCustomContext("allocs/iter", "heap allocations per iteration (operator new, all threads)");
  benchmark::AddCustomContext("batch input", batch_input + " (" + std::to_string(lines.size()) + " lines)");

  trainjob_bench::register_reconcile_benchmarks();
  trainjob_bench::register_json_benchmarks();
  trainjob_bench::register_yaml_benchmarks();
  trainjob_bench::register_batch_benchmarks(std::move(lines));

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return trainjob_bench::setup_failed.load(std::memory_order_relaxed) ? 1 : 0;
}
