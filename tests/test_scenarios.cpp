// Scenario tests: every tests/scenarios/X.<profile>.expected.jsonl holds the exact lines
// `trainjob-conditions replay --profile <profile> X.json` prints, one per step. Each is replayed
// with trainjob::replay and compared line by line. The example scenarios (examples/scenarios)
// are replayed under every profile and checked for basic invariants.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures.hpp"

namespace {

constexpr std::string_view expected_suffix = ".expected.jsonl";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Files in `dir` whose names end with `suffix`, sorted.
std::vector<fs::path> files_ending(const fs::path& dir, std::string_view suffix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && ends_with(e.path().filename().string(), suffix)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// What `replay --profile P` prints, one string per step.
std::vector<std::string> replay_lines(const trainjob::scenario& sc, trainjob::profile prof) {
  trainjob::replay_options ro;
  ro.profile = prof;
  std::vector<std::string> out;
  for (const auto& step : trainjob::replay(sc, ro))
    out.push_back(trainjob::dump(trainjob::to_json_line(step)));
  return out;
}

/// "X.<profile>.expected.jsonl" -> X and the profile; nullopt when the name does not fit.
struct expected_name {
  std::string scenario;
  trainjob::profile profile;
};
std::optional<expected_name> parse_expected_name(const std::string& filename) {
  if (!ends_with(filename, expected_suffix)) return std::nullopt;
  const std::string base = filename.substr(0, filename.size() - expected_suffix.size());
  for (auto p : every_profile) {
    const std::string tail = "." + std::string(trainjob::to_string(p));
    if (ends_with(base, tail) && base.size() > tail.size()) {
      return expected_name{base.substr(0, base.size() - tail.size()), p};
    }
  }
  return std::nullopt;
}

/// Where two lines differ, as JSON paths (an RFC 6902 patch from expected to actual).
std::string describe_difference(const std::string& expected, const std::string& actual) {
  auto e = trainjob::parse_json(expected);
  if (!e) return "the expected line is not JSON: " + e.error().to_string();
  auto a = trainjob::parse_json(actual);
  if (!a) return "the actual line is not JSON: " + a.error().to_string();
  if (*e == *a) return "same JSON value, different text (key order, spacing or escaping)";
  std::string out = "differences (expected -> actual):";
  for (const auto& op : nlohmann::json::diff(*e, *a)) {
    out += "\n    " + op.value("op", std::string()) + " " + op.value("path", std::string());
    if (op.contains("value")) out += " = " + trainjob::dump(op["value"]);
  }
  return out;
}

}  // namespace

TEST_CASE("every scenario has expected output for v2.0 and latest, every expected file a scenario",
          "[scenarios]") {
  const fs::path dir = scenarios_dir();
  INFO("scenario directory: " << dir.string());
  REQUIRE(fs::is_directory(dir));
  const auto scenarios = files_ending(dir, ".json");
  REQUIRE(!scenarios.empty());
  for (const auto& s : scenarios) {
    const std::string stem = s.stem().string();
    for (const char* prof : {"v2.0", "latest"}) {
      const fs::path want = dir / (stem + "." + prof + std::string(expected_suffix));
      INFO("missing expected file " << want.string());
      CHECK(fs::exists(want));
    }
  }
  for (const auto& f : files_ending(dir, ".jsonl")) {
    const auto name = parse_expected_name(f.filename().string());
    INFO("expected file " << f.string()
                          << ": must be named <scenario>.<profile>.expected.jsonl, profile one of "
                             "v1.9, v2.0, v2.1, v2.2, v2.3, latest, next to <scenario>.json");
    REQUIRE(name.has_value());
    CHECK(fs::exists(dir / (name->scenario + ".json")));
  }
}

TEST_CASE("scenario replays print exactly the expected lines", "[scenarios]") {
  const fs::path dir = scenarios_dir();
  const auto files = files_ending(dir, expected_suffix);
  INFO("scenario directory: " << dir.string());
  REQUIRE(!files.empty());
  std::size_t compared = 0;
  for (const auto& f : files) {
    const auto name = parse_expected_name(f.filename().string());
    if (!name) continue;  // reported by the test case above
    const fs::path scenario_file = dir / (name->scenario + ".json");
    const std::string what =
        scenario_file.filename().string() + " --profile " + std::string(trainjob::to_string(name->profile));
    INFO("replay " << what << " against " << f.filename().string());

    std::vector<std::string> actual;
    try {
      actual = replay_lines(load_scenario(scenario_file), name->profile);
    } catch (const std::exception& e) {
      FAIL_CHECK("replay " + what + " failed: " + e.what());
      continue;
    }
    const std::vector<std::string> expected = read_lines(f);
    const std::size_t n = std::max(actual.size(), expected.size());
    for (std::size_t i = 0; i < n; ++i) {
      const std::string where = what + ", step " + std::to_string(i) + " (line " + std::to_string(i + 1) +
                                " of " + f.filename().string() + ")";
      if (i >= expected.size()) {
        FAIL_CHECK(where + ": the replay printed a line the expected file lacks:\n  actual:   " + actual[i]);
      } else if (i >= actual.size()) {
        FAIL_CHECK(where + ": the expected file has a line the replay did not print (the scenario has " +
                   std::to_string(actual.size()) + " steps):\n  expected: " + expected[i]);
      } else if (expected[i] != actual[i]) {
        FAIL_CHECK(where + ":\n  expected: " + expected[i] + "\n  actual:   " + actual[i] + "\n  " +
                   describe_difference(expected[i], actual[i]));
      }
    }
    CHECK(actual.size() == expected.size());
    ++compared;
  }
  CHECK(compared == files.size());
}

TEST_CASE("example scenarios replay cleanly under every profile", "[scenarios][examples]") {
  const fs::path dir = examples_dir();
  INFO("example directory: " << dir.string());
  REQUIRE(fs::is_directory(dir));
  const auto files = files_ending(dir, ".json");
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    INFO("example " << f.filename().string());
    trainjob::scenario sc;
    try {
      sc = load_scenario(f);
    } catch (const std::exception& e) {
      FAIL_CHECK(f.filename().string() + ": cannot load: " + e.what());
      continue;
    }
    // `demo` prints the name and description above each timeline.
    CHECK(!sc.name.empty());
    CHECK(!sc.description.empty());
    CHECK(sc.steps.size() >= 3);
    CHECK(sc.steps.size() <= 7);
    CHECK(trainjob::validate(sc.trainjob).empty());
    for (auto prof : trainjob::all_profiles) {
      INFO("profile " << trainjob::to_string(prof));
      trainjob::replay_options ro;
      ro.profile = prof;
      std::vector<trainjob::replay_step> steps;
      try {
        steps = trainjob::replay(sc, ro);
      } catch (const std::exception& e) {
        FAIL_CHECK(f.filename().string() + " --profile " + std::string(trainjob::to_string(prof)) +
                   ": replay threw: " + e.what());
        continue;
      }
      REQUIRE(steps.size() == sc.steps.size());
      for (const auto& s : steps) {
        INFO("step " << s.step << " at " << s.now.to_string());
        const auto& conds = s.result.status.conditions;
        std::set<std::string> types;
        for (const auto& c : conds) {
          INFO("condition type " << c.type);
          CHECK(types.insert(c.type).second);
        }
        for (const auto& v : trainjob::validate_conditions(conds)) {
          FAIL_CHECK(v.path + ": " + v.message);
        }
        for (const auto& v : trainjob::validate(s.trainjob)) FAIL_CHECK(v.path + ": " + v.message);
        CHECK(s.trainjob.status == s.result.status);
        // The JSON line is what the tool prints; its status decodes back to the same status.
        const nlohmann::json line = trainjob::to_json_line(s);
        CHECK(trainjob::decode<trainjob::train_job_status>(line.at("status")) == s.result.status);
        // A skipped pass does nothing.
        if (s.result.skipped) {
          CHECK(!s.result.changed);
          CHECK(!s.result.apply_objects);
          CHECK(!s.result.delete_job_set);
        }
      }
    }
  }
}

TEST_CASE("Replay: a status write the API server refuses leaves the stored status for the next pass") {
  // Eight conditions of other types: the pass's Suspended would be a ninth,
  // which the CRD refuses (docs/semantics.md §3.6), on every pass.
  json conds = json::array();
  for (const char* t : {"A1", "B1", "C1", "D1", "E1", "F1", "G1", "H1"}) {
    conds.push_back({{"type", t},
                     {"status", "True"},
                     {"reason", "Set"},
                     {"message", ""},
                     {"lastTransitionTime", "2025-01-01T00:00:00Z"}});
  }
  const json s = {
      {"trainjob",
       {{"apiVersion", "trainer.kubeflow.org/v1alpha1"},
        {"kind", "TrainJob"},
        {"metadata", {{"name", "a"}, {"namespace", "ns"}, {"creationTimestamp", "2025-01-01T00:00:00Z"}}},
        {"spec", {{"runtimeRef", {{"name", "torch-distributed"}}}, {"suspend", true}}},
        {"status", {{"conditions", conds}}}}},
      {"steps", json::array({{{"now", "2025-01-01T00:01:00Z"}}, {{"now", "2025-01-01T00:02:00Z"}}})}};
  const trainjob::scenario sc = trainjob::decode_scenario(s);
  for (profile p : all_profiles) {
    INFO(trainjob::to_string(p));
    trainjob::replay_options o;
    o.profile = p;
    const auto steps = trainjob::replay(sc, o);
    REQUIRE(steps.size() == 2);
    for (const auto& st : steps) {
      INFO("step " << st.step);
      CHECK(st.result.changed);
      CHECK_FALSE(st.result.rejected.empty());
      CHECK(st.result.status.conditions.size() == 9);   // what the pass tried to write
      CHECK(st.trainjob.status == sc.trainjob.status);  // what the API server kept
    }
  }
}
