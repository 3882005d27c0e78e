// Decoding and encoding a realistic TrainJob (7.7 KB: last-applied annotation,
// managedFields, env, resources) and JobSet (6.1 KB: replicatedJobs templates,
// three replicated job statuses), from bench/data, one step at a time:
// text -> JSON value -> struct -> JSON value -> text.
#include <cstdint>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <trainjob/json.hpp>
#include <trainjob/types.hpp>

#include "alloc_counter.hpp"
#include "bench_data.hpp"
#include "benchmarks.hpp"

namespace trainjob_bench {
namespace {

template <class T>
struct sample {
  std::string text;
  nlohmann::json value;
  T object;
};

/// Reads and decodes `file`; false (and the benchmark skipped) when it does not decode.
template <class T>
bool load(benchmark::State& state, const char* file, sample<T>& out) {
  out.text = read_data(file);
  auto value = trainjob::parse_json(out.text);
  if (!value) {
    report_setup_error(state, std::string(file) + ": " + value.error().to_string());
    return false;
  }
  auto object = trainjob::try_decode<T>(*value);
  if (!object) {
    report_setup_error(state, std::string(file) + ": " + object.error().to_string());
    return false;
  }
  out.value = std::move(*value);
  out.object = std::move(*object);
  return true;
}

void set_bytes(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

/// Text to struct: parse_json then try_decode, as a reader of the API does.
template <class T>
void decode_text(benchmark::State& state, const char* file) {
  sample<T> s;
  if (!load(state, file, s)) return;
  bool ok = true;
  measure(state, [&] {
    auto r = trainjob::try_decode_text<T>(s.text);
    ok = ok && static_cast<bool>(r);
    benchmark::DoNotOptimize(r);
  });
  if (!ok) report_setup_error(state, std::string(file) + " failed to decode");
  set_bytes(state, s.text);
}

/// Parsed JSON to struct.
template <class T>
void decode_value(benchmark::State& state, const char* file) {
  sample<T> s;
  if (!load(state, file, s)) return;
  measure(state, [&] {
    T object = trainjob::decode<T>(s.value);
    benchmark::DoNotOptimize(object);
  });
  set_bytes(state, s.text);
}

/// Struct to JSON value.
template <class T>
void encode_value(benchmark::State& state, const char* file) {
  sample<T> s;
  if (!load(state, file, s)) return;
  measure(state, [&] {
    nlohmann::json j = trainjob::encode(s.object);
    benchmark::DoNotOptimize(j);
  });
  set_bytes(state, s.text);
}

/// Struct to text: encode then dump, as a writer to the API does.
template <class T>
void encode_text(benchmark::State& state, const char* file) {
  sample<T> s;
  if (!load(state, file, s)) return;
  // A lossless round trip writes the same bytes back (the sample is compact,
  // with the API server's sorted keys).
  if (trainjob::dump(trainjob::encode(s.object)) + "\n" != s.text) {
    report_setup_error(state, std::string(file) + " does not re-encode to the same text");
    return;
  }
  measure(state, [&] {
    std::string text = trainjob::dump(trainjob::encode(s.object));
    benchmark::DoNotOptimize(text);
  });
  set_bytes(state, s.text);
}

template <class T>
void register_kind(const std::string& kind, const char* file) {
  benchmark::RegisterBenchmark(("json/decode_text/" + kind).c_str(), decode_text<T>, file);
  benchmark::RegisterBenchmark(("json/decode/" + kind).c_str(), decode_value<T>, file);
  benchmark::RegisterBenchmark(("json/encode/" + kind).c_str(), encode_value<T>, file);
  benchmark::RegisterBenchmark(("json/encode_text/" + kind).c_str(), encode_text<T>, file);
}

}  // namespace

void register_json_benchmarks() {
  register_kind<trainjob::train_job>("trainjob", "trainjob.json");
  register_kind<trainjob::job_set>("jobset", "jobset.json");
}

}  // namespace trainjob_bench
