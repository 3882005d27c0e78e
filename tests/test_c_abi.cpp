// The C ABI (libtrainjob_c): it gives exactly what the C++ API gives, byte for byte, and
// many threads sharing one trainjob_options get what one thread gets.
#include <atomic>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fixtures.hpp"

#include <trainjob/trainjob_c.h>

namespace {

/// A C ABI call's outcome: the status, and the output or the message.
struct call_result {
  int status = TRAINJOB_OK;
  std::string out;
  std::string error;
};

template <class F>
call_result call(F&& f) {
  char* out = nullptr;
  char* err = nullptr;
  call_result r;
  r.status = f(&out, &err);
  if (out != nullptr) r.out = out;
  if (err != nullptr) r.error = err;
  trainjob_free(out);
  trainjob_free(err);
  return r;
}

call_result c_reconcile(const trainjob_options* o, const std::string& request) {
  return call([&](char** out, char** err) {
    return trainjob_reconcile(o, request.data(), request.size(), out, err);
  });
}

/// RAII for trainjob_options, set up like the C++ reconcile_options `ro` + `policies`.
struct c_options {
  trainjob_options* p = nullptr;
  c_options(const char* profile, const std::vector<std::string>& policies) {
    REQUIRE(trainjob_options_new(&p, nullptr) == TRAINJOB_OK);
    if (profile != nullptr) REQUIRE(trainjob_options_set_profile(p, profile, nullptr) == TRAINJOB_OK);
    for (const auto& name : policies)
      REQUIRE(trainjob_options_add_policy(p, name.c_str(), nullptr) == TRAINJOB_OK);
  }
  ~c_options() { trainjob_options_free(p); }
  c_options(const c_options&) = delete;
  c_options& operator=(const c_options&) = delete;
};

/// One pass's input as the request trainjob_reconcile takes.
std::string make_request(const trainjob::train_job& tj, const std::optional<trainjob::job_set>& js,
                         trainjob::timestamp now, const std::optional<std::string>& apply_error,
                         const std::optional<std::string>& build_error,
                         const std::optional<trainjob::training_runtime>& runtime) {
  nlohmann::json j = nlohmann::json::object();
  j["trainjob"] = trainjob::encode(tj);
  j["jobset"] = js ? trainjob::encode(*js) : nlohmann::json();
  j["now"] = now.to_string();
  if (apply_error) j["applyError"] = *apply_error;
  if (build_error) j["buildError"] = *build_error;
  if (runtime) j["runtime"] = trainjob::encode(*runtime);
  return trainjob::dump(j);
}

/// Walks a scenario as trainjob::replay does, calling the C ABI and the C++ API on each
/// pass's observation; both must agree with each other and with the replay, byte for byte.
void check_scenario(const std::string& file, const char* profile,
                    const std::vector<std::string>& policy_names) {
  INFO("scenario " << file << ", profile " << (profile ? profile : "(scenario's)") << ", "
                   << policy_names.size() << " policies");
  const auto doc = trainjob::parse_json(read_text(scenarios_dir() / file));
  REQUIRE(doc.ok());
  const trainjob::scenario sc = trainjob::decode_scenario(*doc);

  auto set = trainjob::make_policy_set(policy_names);
  REQUIRE(set.ok());
  trainjob::replay_options ro;
  if (profile != nullptr) ro.profile = trainjob::profile_from_string(profile);
  if (!set->empty()) ro.policies = &*set;
  trainjob::reconcile_options opts;
  opts.profile = trainjob::effective_profile(sc, ro);
  opts.policies = ro.policies;
  const std::vector<trainjob::replay_step> steps = trainjob::replay(sc, ro);
  REQUIRE(steps.size() == sc.steps.size());

  c_options copts(profile, policy_names);

  // The replay, through the C ABI: the tool's JSON lines as one array.
  {
    const std::string text = read_text(scenarios_dir() / file);
    const call_result r = call(
        [&](char** out, char** err) { return trainjob_replay(copts.p, text.data(), text.size(), out, err); });
    REQUIRE(r.status == TRAINJOB_OK);
    nlohmann::json expected = nlohmann::json::array();
    for (const auto& s : steps) expected.push_back(trainjob::to_json_line(s));
    CHECK(r.out == trainjob::dump(expected));
  }

  // Each pass, through trainjob_reconcile.
  trainjob::train_job tj = sc.trainjob;
  const auto fresh = [&tj] {
    trainjob::job_set js;
    js.metadata.name = tj.metadata.name;
    js.metadata.namespace_ = tj.metadata.namespace_;
    return js;
  };
  std::optional<trainjob::job_set> observed;
  if (!sc.jobset_not_found) observed = sc.jobset ? *sc.jobset : fresh();
  for (std::size_t i = 0; i < sc.steps.size(); ++i) {
    INFO("step " << i);
    const trainjob::scenario_step& st = sc.steps[i];
    if (!st.patch.is_null()) {
      nlohmann::json patched = trainjob::encode(tj);
      patched.merge_patch(st.patch);
      tj = trainjob::decode<trainjob::train_job>(patched);
    }
    if (st.sets_jobset) observed = st.jobset;
    const trainjob::plan_result pl = trainjob::plan(tj, opts);
    if (pl.apply_objects && !st.apply_error && !st.build_error && !observed) observed = fresh();

    const auto view = [](const std::optional<std::string>& e) {
      return e ? std::optional<std::string_view>(*e) : std::nullopt;
    };
    const trainjob::reconcile_result cpp = trainjob::reconcile(
        trainjob::observation{tj, observed ? &*observed : nullptr, st.now, view(st.apply_error),
                              view(st.build_error), sc.runtime ? &*sc.runtime : nullptr},
        opts);
    const std::string expected = trainjob::dump(nlohmann::json(cpp));

    const std::string request =
        make_request(tj, observed, st.now, st.apply_error, st.build_error, sc.runtime);
    const call_result c = c_reconcile(copts.p, request);
    REQUIRE(c.status == TRAINJOB_OK);
    CHECK(c.error.empty());
    CHECK(c.out == expected);

    // The walk is the replay's: its step says the same.
    nlohmann::json line = trainjob::to_json_line(steps[i]);
    line.erase("step");
    line.erase("now");
    CHECK(trainjob::dump(line) == expected);

    // plan, through the C ABI.
    const std::string tj_text = trainjob::dump(trainjob::encode(tj));
    const call_result p = call([&](char** out, char** err) {
      return trainjob_plan(copts.p, tj_text.data(), tj_text.size(), out, err);
    });
    REQUIRE(p.status == TRAINJOB_OK);
    CHECK(p.out == trainjob::dump({{"applyObjects", pl.apply_objects}, {"skipped", pl.skipped}}));

    tj.status = cpp.status;
    if (cpp.delete_job_set) observed.reset();
  }
}

}  // namespace

TEST_CASE("the C ABI gives what the C++ API gives, for every step of scenarios", "[c_abi]") {
  for (const char* file : {"torch-complete.json", "deadline-exceeded.json", "apply-error.json",
                           "jobset-deleted-after-failed.json", "unsupported-runtime.json"}) {
    check_scenario(file, nullptr, {});
    check_scenario(file, "v2.1", {});
    check_scenario(file, "v2.0", {});
    check_scenario(file, "latest", {"Started", "Progressing", "Initialized"});
  }
}

TEST_CASE("the C ABI refuses what the C++ API refuses, with its message", "[c_abi]") {
  const auto doc = trainjob::parse_json(read_text(scenarios_dir() / "torch-complete.json"));
  REQUIRE(doc.ok());
  nlohmann::json request = nlohmann::json::object();
  request["trainjob"] = (*doc)["trainjob"];
  request["trainjob"]["status"] = {{"conditions", {{{"type", "Complete"}, {"status", "Maybe"}}}}};
  request["jobset"] = nullptr;
  request["now"] = "2025-06-02T09:00:01Z";
  const auto cpp = trainjob::try_decode<trainjob::train_job>(request["trainjob"]);
  REQUIRE_FALSE(cpp.ok());
  const call_result c = c_reconcile(nullptr, trainjob::dump(request));
  CHECK(c.status == TRAINJOB_E_BAD_INPUT);
  CHECK(c.out.empty());
  CHECK(c.error == "trainjob." + cpp.error().to_string());
  CHECK_THAT(c.error, Catch::Matchers::StartsWith("trainjob.status.conditions[0].status: "));
}

TEST_CASE("many threads sharing one trainjob_options get what one thread gets", "[c_abi][threads]") {
  std::vector<std::string> requests;
  for (const char* file : {"torch-complete.json", "deadline-exceeded.json", "apply-error.json"}) {
    const auto doc = trainjob::parse_json(read_text(scenarios_dir() / file));
    REQUIRE(doc.ok());
    const trainjob::scenario sc = trainjob::decode_scenario(*doc);
    const auto steps = trainjob::replay(sc);
    // Each step's TrainJob before the last step, with the last step's input.
    const trainjob::scenario_step& last = sc.steps.back();
    const trainjob::train_job& tj = steps.size() > 1 ? steps[steps.size() - 2].trainjob : sc.trainjob;
    requests.push_back(make_request(tj, sc.jobset, last.now, last.apply_error, last.build_error, sc.runtime));
  }
  requests.emplace_back("{\"trainjob\": 1}");  // errors are thread-safe too

  c_options shared("v2.2", {"Started", "Progressing", "Trained"});
  std::vector<call_result> expected;
  for (const auto& r : requests) expected.push_back(c_reconcile(shared.p, r));
  CHECK(expected.back().status == TRAINJOB_E_BAD_INPUT);
  for (std::size_t i = 0; i + 1 < expected.size(); ++i) CHECK(expected[i].status == TRAINJOB_OK);

  constexpr int threads = 8;
  constexpr int rounds = 150;
  std::atomic<int> mismatches{0};
  std::atomic<int> calls{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int r = 0; r < rounds; ++r) {
        for (std::size_t k = 0; k < requests.size(); ++k) {
          const std::size_t i = (k + static_cast<std::size_t>(t)) % requests.size();  // threads out of step
          const call_result got = c_reconcile(shared.p, requests[i]);
          ++calls;
          if (got.status != expected[i].status || got.out != expected[i].out ||
              got.error != expected[i].error) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  CHECK(calls.load() == threads * rounds * static_cast<int>(requests.size()));
  CHECK(mismatches.load() == 0);
}

TEST_CASE("errors through the C ABI are bounded, whatever the caller passes", "[c_abi][messages]") {
  // A 10 MB name used to come back as a 10 MB message.
  const std::string huge(10u << 20, 'a');
  const std::string marker = "(" + std::to_string(huge.size()) + " bytes)";
  trainjob_options* o = nullptr;
  REQUIRE(trainjob_options_new(&o, nullptr) == TRAINJOB_OK);
  const call_result policy =
      call([&](char**, char** err) { return trainjob_options_add_policy(o, huge.c_str(), err); });
  const call_result profile =
      call([&](char**, char** err) { return trainjob_options_set_profile(o, huge.c_str(), err); });
  trainjob_options_free(o);
  CHECK(policy.status == TRAINJOB_E_POLICY);
  CHECK(policy.error.size() < 400);
  CHECK_THAT(policy.error, Catch::Matchers::StartsWith("unknown condition policy aaaa"));
  CHECK_THAT(policy.error, trainjob_test::contains_substring("\xE2\x80\xA6 " + marker + "; shipped: "));
  CHECK(profile.status == TRAINJOB_E_INVALID_ARGUMENT);
  CHECK(profile.error.size() < 400);
  CHECK_THAT(profile.error, Catch::Matchers::StartsWith("unknown profile \"aaaa"));
  CHECK_THAT(profile.error,
             trainjob_test::contains_substring("\xE2\x80\xA6\" " + marker + ": expected v1.9"));

  // Invalid bytes and control characters in a name are shown, not passed on.
  trainjob_options* o2 = nullptr;
  REQUIRE(trainjob_options_new(&o2, nullptr) == TRAINJOB_OK);
  const call_result odd =
      call([&](char**, char** err) { return trainjob_options_set_profile(o2, "v\xff\n9", err); });
  trainjob_options_free(o2);
  CHECK(odd.error ==
        "unknown profile \"v\xEF\xBF\xBD\\n9\": expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest");

  // A request member with a 1 MB name: the path is cut too.
  const std::string key(1u << 20, 'k');
  const call_result unknown = c_reconcile(nullptr, "{\"" + key + "\": 1}");
  CHECK(unknown.status == TRAINJOB_E_BAD_INPUT);
  CHECK(unknown.error.size() < 400);
  CHECK_THAT(unknown.error, Catch::Matchers::StartsWith("[\"kkkk"));
  CHECK_THAT(unknown.error,
             trainjob_test::contains_substring("\xE2\x80\xA6\" (1048576 bytes)]: unknown member"));

  // A previous TrainJob with another, very long name.
  const std::string tj = R"({"metadata": {"name": "a"}, "spec": {"runtimeRef": {"name": "torch"}}})";
  const std::string prev =
      R"({"metadata": {"name": ")" + key + R"("}, "spec": {"runtimeRef": {"name": "torch"}}})";
  const call_result lint = call([&](char** out, char** err) {
    return trainjob_lint(nullptr, tj.data(), tj.size(), prev.data(), prev.size(), out, err);
  });
  CHECK(lint.status == TRAINJOB_E_BAD_INPUT);
  CHECK(lint.error.size() < 800);
  CHECK_THAT(lint.error, trainjob_test::contains_substring("\" (1048577 bytes), this one is \"/a\""));
}

TEST_CASE("the C ABI reads YAML as kubectl converts it, and takes one document", "[c_abi][yaml]") {
  // A request whose members are written in YAML: flow and block styles, a
  // plain timestamp string (a string for kubectl too: the converter keeps it).
  const std::string json_request =
      R"({"trainjob":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",)"
      R"("metadata":{"name":"llm","namespace":"team-a","creationTimestamp":"2025-01-01T00:00:00Z"},)"
      R"("spec":{"runtimeRef":{"name":"torch-distributed"},"suspend":true}},)"
      R"("jobset":null,"now":"2025-01-01T01:00:00Z"})";
  const std::string yaml_request =
      "# the same request, as a manifest author writes it\n"
      "trainjob:\n"
      "  apiVersion: trainer.kubeflow.org/v1alpha1\n"
      "  kind: TrainJob\n"
      "  metadata: {name: llm, namespace: team-a, creationTimestamp: \"2025-01-01T00:00:00Z\"}\n"
      "  spec:\n"
      "    runtimeRef:\n"
      "      name: torch-distributed\n"
      "    suspend: yes   # YAML 1.1, as kubectl reads it: true\n"
      "jobset: ~\n"
      "now: \"2025-01-01T01:00:00Z\"\n";
  const call_result from_json = c_reconcile(nullptr, json_request);
  const call_result from_yaml = c_reconcile(nullptr, yaml_request);
  REQUIRE(from_json.status == TRAINJOB_OK);
  CHECK(from_yaml.status == TRAINJOB_OK);
  CHECK(from_yaml.out == from_json.out);
  CHECK(from_yaml.out.find("\"Suspended\"") != std::string::npos);

  SECTION("several documents are refused: a List holds several") {
    const call_result two = c_reconcile(nullptr, yaml_request + "---\n" + yaml_request);
    CHECK(two.status == TRAINJOB_E_BAD_INPUT);
    CHECK(two.error == "2 documents; one is expected (a List holds several)");
    const call_result none = c_reconcile(nullptr, "# nothing\n---\n");
    CHECK(none.status == TRAINJOB_E_BAD_INPUT);
    CHECK(none.error == "no document: the text is empty or only comments");
  }
  SECTION("bad YAML names the document, line and column") {
    const call_result bad = c_reconcile(nullptr, "trainjob:\n  kind: \"TrainJob\n");
    CHECK(bad.status == TRAINJOB_E_BAD_INPUT);
    CHECK_THAT(bad.error, Catch::Matchers::StartsWith("document 1, line "));
  }
}
