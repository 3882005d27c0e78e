// YAML beside JSON, per byte of the same object (bench/data/*.yaml is the
// *.json beside it as kubectl -o yaml prints it, managedFields kept: written
// by to_yaml, tests/json_to_yaml): parsing text into a JSON value
// (parse_documents on the YAML, parse_json on the JSON), and writing a value
// as kubectl -o yaml does (to_yaml).
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <trainjob/detail/identical.hpp>
#include <trainjob/parse.hpp>
#include <trainjob/yaml.hpp>
#include <trainjob/yaml_write.hpp>

#include "alloc_counter.hpp"
#include "bench_data.hpp"
#include "benchmarks.hpp"

namespace trainjob_bench {
namespace {

struct pair_of_texts {
  std::string json, yaml;
  nlohmann::json value;
};

/// Both texts, checked to hold the same value: else the comparison means nothing.
bool load(benchmark::State& state, const std::string& kind, pair_of_texts& out) {
  out.json = read_data((kind + ".json").c_str());
  out.yaml = read_data((kind + ".yaml").c_str());
  auto j = trainjob::parse_json(out.json);
  auto y = trainjob::parse_documents(out.yaml);
  if (!j || !y || y->size() != 1 || !trainjob::detail::identical(*j, y->front())) {
    report_setup_error(state, kind + ".yaml does not hold the value of " + kind + ".json");
    return false;
  }
  out.value = std::move(*j);
  return true;
}

void bytes(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void parse_yaml(benchmark::State& state, const std::string& kind) {
  pair_of_texts t;
  if (!load(state, kind, t)) return;
  measure(state, [&] {
    auto r = trainjob::parse_documents(t.yaml);
    benchmark::DoNotOptimize(r);
  });
  bytes(state, t.yaml);
}

void parse_json_text(benchmark::State& state, const std::string& kind) {
  pair_of_texts t;
  if (!load(state, kind, t)) return;
  measure(state, [&] {
    auto r = trainjob::parse_json(t.json);
    benchmark::DoNotOptimize(r);
  });
  bytes(state, t.json);
}

void write_yaml(benchmark::State& state, const std::string& kind) {
  pair_of_texts t;
  if (!load(state, kind, t)) return;
  if (trainjob::to_yaml(t.value) != t.yaml) {
    report_setup_error(state, "to_yaml does not give back " + kind + ".yaml");
    return;
  }
  measure(state, [&] {
    std::string y = trainjob::to_yaml(t.value);
    benchmark::DoNotOptimize(y);
  });
  bytes(state, t.yaml);
}

}  // namespace

void register_yaml_benchmarks() {
  for (const std::string kind : {"trainjob", "jobset"}) {
    benchmark::RegisterBenchmark(("yaml/parse/" + kind).c_str(), parse_yaml, kind);
    benchmark::RegisterBenchmark(("yaml/parse_json/" + kind).c_str(), parse_json_text, kind);
    benchmark::RegisterBenchmark(("yaml/write/" + kind).c_str(), write_yaml, kind);
  }
}

}  // namespace trainjob_bench
