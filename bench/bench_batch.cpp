// The batch path per line: batch_processor::process over sample JSON Lines (decode
// the TrainJob and JobSet, reconcile, encode the result), one reused processor and
// output buffer, as `trainjob-conditions batch` runs it on each thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include <trainjob/batch.hpp>
#include <trainjob/profile.hpp>

#include "alloc_counter.hpp"
#include "benchmarks.hpp"

namespace trainjob_bench {
namespace {

void batch_process(benchmark::State& state, const std::vector<std::string>& lines, trainjob::profile p) {
  trainjob::reconcile_options options;
  options.profile = p;
  trainjob::batch_processor processor(options);
  std::string out;
  std::int64_t bytes = 0;
  std::size_t i = 0;
  measure(state, [&] {
    const std::string& line = lines[i];
    out.clear();
    trainjob::line_result r = processor.process(line, i + 1, out);
    char* written = out.data();
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(written);
    benchmark::ClobberMemory();
    bytes += static_cast<std::int64_t>(line.size());
    if (++i == lines.size()) i = 0;
  });
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
  const trainjob::batch_stats& stats = processor.stats();
  // Lines the fast reader took, of all: the others went through parse_json + decode.
  state.counters["fast"] =
      stats.lines == 0 ? 0.0 : static_cast<double>(stats.fast_lines) / static_cast<double>(stats.lines);
  if (stats.errors != 0)
    report_setup_error(state, std::to_string(stats.errors) + " lines gave an error line");
}

}  // namespace

void register_batch_benchmarks(std::vector<std::string> lines) {
  // The benchmarks outlive this call; they share the lines.
  auto shared = std::make_shared<const std::vector<std::string>>(std::move(lines));
  for (const trainjob::profile p : {trainjob::profile::latest, trainjob::profile::v2_2}) {
    benchmark::RegisterBenchmark(("batch/process/" + std::string(trainjob::to_string(p))).c_str(),
                                 [shared, p](benchmark::State& state) { batch_process(state, *shared, p); });
  }
}

}  // namespace trainjob_bench
