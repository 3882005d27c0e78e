// What every test file shares: Catch2, the library with its testing helpers, the library's
// names as the tests write them (unqualified), the instants the tests are written against,
// and the test data on disk (tests/data, TRAINJOB_TEST_DATA_DIR), read with the library's own
// parser and failing loudly with the path and the reason.
#ifndef TRAINJOB_TESTS_FIXTURES_HPP
#define TRAINJOB_TESTS_FIXTURES_HPP

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// clang-format off
#include "catch.hpp"
#include <trainjob/testing/catch2.hpp>  // the helpers of trainjob/testing.hpp and their Catch2 matchers
#include <trainjob/batch.hpp>  // opt-in, not in the umbrella
#include <trainjob/trainjob.hpp>
// clang-format on

namespace trainjob_test {

namespace fs = std::filesystem;
using nlohmann::json;

// ---- the library's names ----------------------------------------------------------------------

// Objects and their status.
using trainjob::condition;
using trainjob::condition_status;
using trainjob::job_set;
using trainjob::job_status;
using trainjob::replicated_job_status;
using trainjob::timestamp;
using trainjob::train_job;
using trainjob::train_job_status;
using trainjob::training_runtime;
// Decoding and validation.
using trainjob::decode_error;
using trainjob::encode;
using trainjob::error_info;
using trainjob::violation;
// A controller pass.
using trainjob::all_profiles;
using trainjob::event;
using trainjob::every_profile;
using trainjob::observation;
using trainjob::plan;
using trainjob::plan_result;
using trainjob::profile;
using trainjob::reconcile_options;
using trainjob::reconcile_result;
using trainjob::request;
using trainjob::runtime_registry;
// Steps and policies.
using trainjob::policy_context;
using trainjob::policy_error;
using trainjob::policy_set;
using trainjob::step_phase;
using trainjob::step_state;
// Lint, summaries, batch.
using trainjob::batch_processor;
using trainjob::finding;
using trainjob::health_of;
using trainjob::job_state;
using trainjob::kstatus;
using trainjob::kstatus_of;
using trainjob::line_result;
using trainjob::lint;
using trainjob::lint_policy_names;
using trainjob::sdk_pods;
using trainjob::sdk_status_of;
using trainjob::state_column;
using trainjob::state_of;
using trainjob::summarize;
// Writing objects in a line (trainjob/testing.hpp).
using trainjob::testing::at;
using trainjob::testing::cond;
using trainjob::testing::expected_condition;
using trainjob::testing::job_counts;
using trainjob::testing::job_set_builder;
using trainjob::testing::matches_conditions;
using trainjob::testing::train_job_builder;

// ---- instants ----------------------------------------------------------------------------------

// The controller's passes (reconcile, policies): the TrainJob is created at CREATED and the
// pass runs at NOW, an hour later.
inline const timestamp CREATED = at("2025-01-01T00:00:00Z");
inline const timestamp NOW = at("2025-01-01T01:00:00Z");  // CREATED + 3600 s

// Condition lists (conditions::set, validation, JSON): conditions written at T0 or T1, and
// SET_NOW, the `now` conditions::set stamps on a transition, after both.
inline constexpr timestamp T0 = timestamp::from_unix(1704067200);       // 2024-01-01T00:00:00Z
inline constexpr timestamp T1 = timestamp::from_unix(1704070800);       // 2024-01-01T01:00:00Z
inline constexpr timestamp SET_NOW = timestamp::from_unix(1717200000);  // 2024-06-01T00:00:00Z

/// `seconds` after t (before, when negative).
inline timestamp plus(timestamp t, std::int64_t seconds) {
  return timestamp::from_unix(t.unix_seconds() + seconds);
}

// ---- files -------------------------------------------------------------------------------------

inline fs::path data_dir() { return fs::path(TRAINJOB_TEST_DATA_DIR); }
/// The repository root: TRAINJOB_TEST_DATA_DIR is <root>/tests/data.
inline fs::path repo_root() { return (data_dir() / ".." / "..").lexically_normal(); }
inline fs::path scenarios_dir() { return repo_root() / "tests" / "scenarios"; }
inline fs::path examples_dir() { return repo_root() / "examples" / "scenarios"; }

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The file's lines; a final newline does not start another line.
inline std::vector<std::string> read_lines(const fs::path& p) {
  const std::string text = read_text(p);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

inline json read_json(const fs::path& p) {
  auto j = trainjob::parse_json(read_text(p));
  if (!j) throw std::runtime_error(p.string() + ": " + j.error().to_string());
  return std::move(*j);
}

/// An object of type T (a TrainJob unless told) from a file under tests/data.
template <class T = train_job>
T load(const std::string& name) {
  const auto path = data_dir() / name;
  auto r = trainjob::try_decode<T>(read_json(path));
  if (!r) throw std::runtime_error(path.string() + ": " + r.error().to_string());
  return std::move(*r);
}

/// A scenario file (tests/scenarios, examples/scenarios).
inline trainjob::scenario load_scenario(const fs::path& p) { return trainjob::decode_scenario(read_json(p)); }

}  // namespace trainjob_test

// Every test file speaks these names.
using namespace trainjob_test;

#endif
