// Tests that the operations issue 17 found quadratic stay linear: `lint` with a previous object
// (each condition looked up among the previous ones), step_states (each replicated job looked
// up in the JobSet's spec, the runtime's template and the status, and its step found among the
// steps so far), the policies that read step state (one step_states per pass, shared), and
// lint_policy_names (findings ordered by name). Each is timed on n and on 8n inputs, best of 3
// runs: a linear operation takes about 8 times as long on 8n, a quadratic one 64 times; the
// bound is 8 x 3 (plus a few milliseconds for timer noise on tiny times). Times are the
// process's CPU time, so other processes on shared cores do not count. Each also checks the
// result at 8n, so a fast wrong answer does not pass.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"

// Sanitizers slow every step several times over: smaller inputs keep the test within seconds.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TRAINJOB_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TRAINJOB_TEST_SANITIZED 1
#endif
#endif

namespace {

#if defined(TRAINJOB_TEST_SANITIZED)
constexpr std::size_t base_n = 1000;
#elif defined(__OPTIMIZE__)
constexpr std::size_t base_n = 5000;
#else
constexpr std::size_t base_n = 2000;
#endif

/// A linear operation takes ~8x on 8 times the input; allow 3 times that. Quadratic: 64x.
constexpr double max_ratio = 8.0 * 3.0;
/// Added to the bound: timer resolution and scheduling noise on times of a few milliseconds.
constexpr double epsilon_seconds = 0.005;

/// CPU seconds that f() takes.
template <class F>
double cpu_seconds(F&& f) {
  const std::clock_t start = std::clock();
  f();
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

/// The best of 3 runs of f(false) and of f(true), interleaved so a burst of load on the
/// machine hits both alike. Returns {t(false), t(true)} in CPU seconds.
template <class F>
std::pair<double, double> best_of_3(F&& f) {
  double t_false = 1e300;
  double t_true = 1e300;
  for (int run = 0; run < 3; ++run) {
    t_false = std::min(t_false, cpu_seconds([&] { f(false); }));
    t_true = std::min(t_true, cpu_seconds([&] { f(true); }));
  }
  return {t_false, t_true};
}

void require_linear(const std::pair<double, double>& t) {
  INFO("t(n) = " << t.first << " s, t(8n) = " << t.second << " s, ratio " << t.second / t.first
                 << " (linear ~8, quadratic ~64)");
  CHECK(t.second < max_ratio * t.first + epsilon_seconds);
}

// ---- lint with a previous object -------------------------------------------------------------

/// A TrainJob with k conditions of distinct types (previous: every 10th False then, with the
/// same lastTransitionTime, so lint reports that the status changed and the time did not; every
/// 7th other one at another time, so the time moved while the status stayed).
train_job many_conditions(std::size_t k, bool previous) {
  train_job tj;
  tj.metadata.name = "big";
  tj.metadata.namespace_ = "default";
  tj.status.conditions.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    condition c;
    c.type = "Cond" + std::to_string(i);
    c.status = condition_status::true_;
    c.last_transition_time = at("2025-01-01T01:00:00Z");
    c.reason = "Fine";
    c.message = "fine";
    if (previous && i % 10 == 0) {
      c.status = condition_status::false_;
    } else if (previous && i % 7 == 0) {
      c.last_transition_time = at("2025-01-01T00:30:00Z");
    }
    tj.status.conditions.push_back(std::move(c));
  }
  return tj;
}

/// How many of i < k are multiples of 10, or of 7 and not of 10.
std::size_t expected_transition_findings(std::size_t k) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < k; ++i) n += (i % 10 == 0 || i % 7 == 0) ? 1 : 0;
  return n;
}

TEST_CASE("lint --previous is linear in the number of conditions", "[complexity][lint]") {
  const std::size_t n = base_n;
  const train_job cur_n = many_conditions(n, false), prev_n = many_conditions(n, true);
  const train_job cur_8n = many_conditions(8 * n, false), prev_8n = many_conditions(8 * n, true);
  std::size_t findings_8n = 0;
  const auto t = best_of_3([&](bool big) {
    const auto fs = big ? trainjob::lint(cur_8n, &prev_8n) : trainjob::lint(cur_n, &prev_n);
    if (big) {
      findings_8n =
          static_cast<std::size_t>(std::count_if(fs.begin(), fs.end(), [](const trainjob::finding& f) {
            return f.rule == "transition-time-inconsistent";
          }));
    }
  });
  require_linear(t);
  CHECK(findings_8n == expected_transition_findings(8 * n));
}

TEST_CASE("lint --previous takes the first condition of a type, as before", "[complexity][lint]") {
  // A previous list long enough to be indexed, with each type twice: only the first counts.
  train_job prev = many_conditions(100, false);
  for (std::size_t i = 0; i < 100; ++i) {
    condition c = prev.status.conditions[i];
    c.status = condition_status::false_;  // a second entry that would report a change
    prev.status.conditions.push_back(std::move(c));
  }
  const train_job cur = many_conditions(100, false);
  for (const auto& f : trainjob::lint(cur, &prev)) CHECK(f.rule != "transition-time-inconsistent");
  std::swap(prev.status.conditions[3], prev.status.conditions[103]);  // now the False one is first
  const auto fs = trainjob::lint(cur, &prev);
  const auto n = std::count_if(fs.begin(), fs.end(), [](const trainjob::finding& f) {
    return f.rule == "transition-time-inconsistent" && f.path == "status.conditions[3].lastTransitionTime";
  });
  CHECK(n == 1);
}

// ---- step_states -----------------------------------------------------------------------------

/// A JobSet with k replicated jobs rj0..rj(k-1) in its spec and status, every one active and
/// ready: rj(4m) labelled trainer in the JobSet's spec, rj(4m+1) labelled dataset-initializer
/// in the runtime's template only, the others unlabelled (each a step of its own).
struct many_jobs {
  job_set js;
  training_runtime rt;
};
many_jobs many_replicated_jobs(std::size_t k, std::size_t status_entries) {
  many_jobs m;
  m.js = trainjob::testing::job_set_builder("job").build();
  nlohmann::json spec_jobs = nlohmann::json::array();
  nlohmann::json rt_jobs = nlohmann::json::array();
  const std::string label(trainjob::ancestor_step_label);
  for (std::size_t i = 0; i < k; ++i) {
    const std::string name = "rj" + std::to_string(i);
    nlohmann::json e{{"name", name}, {"replicas", 1}};
    nlohmann::json r{{"name", name}, {"replicas", 1}};
    if (i % 4 == 0) e["template"]["metadata"]["labels"][label] = "trainer";
    if (i % 4 == 1) r["template"]["metadata"]["labels"][label] = "dataset-initializer";
    spec_jobs.push_back(std::move(e));
    rt_jobs.push_back(std::move(r));
    if (i < status_entries) {
      replicated_job_status s;
      s.name = name;
      s.ready = 1;
      s.active = 1;
      m.js.status.replicated_jobs_status.push_back(std::move(s));
    }
  }
  m.js.spec = nlohmann::json{{"replicatedJobs", std::move(spec_jobs)}};
  m.rt.spec.template_.spec = nlohmann::json{{"replicatedJobs", std::move(rt_jobs)}};
  return m;
}

TEST_CASE("step_states is linear in the number of replicated jobs", "[complexity][steps]") {
  const std::size_t n = base_n;
  const many_jobs small = many_replicated_jobs(n, n);
  const many_jobs large = many_replicated_jobs(8 * n, 8 * n);
  std::vector<trainjob::step_state> steps_8n;
  const auto t = best_of_3([&](bool big) {
    auto s = trainjob::step_states(big ? large.js : small.js, big ? &large.rt : &small.rt);
    if (big) steps_8n = std::move(s);
  });
  require_linear(t);
  // dataset-initializer, trainer, then rj2, rj3, rj6, rj7, ... in order.
  const std::size_t k = 8 * n;
  REQUIRE(steps_8n.size() == 2 + k / 2);
  CHECK(steps_8n[0].step == "dataset-initializer");
  CHECK(steps_8n[0].replicated_jobs.size() == k / 4);
  CHECK(steps_8n[0].replicated_jobs[1] == "rj5");
  CHECK(steps_8n[1].step == "trainer");
  CHECK(steps_8n[1].replicas == static_cast<std::int32_t>(k / 4));
  CHECK(steps_8n[1].ready == static_cast<std::int32_t>(k / 4));
  CHECK(steps_8n[1].phase == step_phase::running);
  CHECK(steps_8n[2].step == "rj2");
  CHECK(steps_8n[3].step == "rj3");
  CHECK(steps_8n.back().step == "rj" + std::to_string(k - 1));
  CHECK(steps_8n.back().active == 1);
}

TEST_CASE("step_states on long lists keeps the first entry of a name, as a scan does",
          "[complexity][steps]") {
  many_jobs m = many_replicated_jobs(64, 64);
  // A second rj0 in the spec (another label) and in the status (other counts): ignored.
  m.js.spec["replicatedJobs"].push_back(
      {{"name", "rj0"}, {"replicas", 7}, {"template", {{"metadata", {{"labels", {{"x", "y"}}}}}}}});
  replicated_job_status dup;
  dup.name = "rj0";
  dup.ready = 100;
  m.js.status.replicated_jobs_status.push_back(dup);
  // rj1's first runtime entry has the label; a later one without it does not count.
  m.rt.spec.template_.spec["replicatedJobs"].push_back({{"name", "rj1"}, {"replicas", 9}});
  const auto steps = trainjob::step_states(m.js, &m.rt);
  REQUIRE(steps.size() == 2 + 32);
  CHECK(steps[0].step == "dataset-initializer");
  CHECK(steps[0].replicated_jobs.front() == "rj1");
  CHECK(steps[0].replicas == 16);
  CHECK(steps[1].step == "trainer");
  CHECK(steps[1].replicated_jobs.front() == "rj0");
  CHECK(steps[1].replicas == 16);
  CHECK(steps[1].ready == 16);
}

// ---- the policies that read step state ---------------------------------------------------------

const std::vector<std::string> step_policies{"Progressing", "DatasetInitialized", "ModelInitialized",
                                             "Trained", "Running"};

trainjob::reconcile_result pass(const train_job& tj, const many_jobs& m, const trainjob::policy_set& set) {
  trainjob::reconcile_options o;
  o.policies = &set;
  return trainjob::reconcile(
      trainjob::observation{tj, &m.js, at("2025-01-01T01:00:00Z"), std::nullopt, std::nullopt, &m.rt}, o);
}

std::string condition_of(const trainjob::reconcile_result& r, std::string_view type) {
  const condition* c = trainjob::conditions::find(r.status.conditions, type);
  return c == nullptr ? std::string("<absent>")
                      : std::string(trainjob::to_string(c->status)) + " " + c->reason + " | " + c->message;
}

TEST_CASE("policies that read step state are linear in the replicated jobs and share one computation",
          "[complexity][policies]") {
  const std::size_t n = base_n;
  // Replicated jobs in the spec; the status lists as many as the TrainJob's jobsStatus may hold.
  const many_jobs small = many_replicated_jobs(n, 100);
  const many_jobs large = many_replicated_jobs(8 * n, 100);
  const train_job tj = trainjob::testing::train_job_builder("job")
                           .runtime("torch-distributed", std::string("ClusterTrainingRuntime"))
                           .created(at("2025-01-01T00:00:00Z"))
                           .build();
  auto five = trainjob::make_policy_set(step_policies);
  REQUIRE(five.ok());
  auto one = trainjob::make_policy_set({"Trained"});
  REQUIRE(one.ok());

  std::optional<trainjob::reconcile_result> result_8n;
  const auto t = best_of_3([&](bool big) {
    auto r = pass(tj, big ? large : small, *five);
    if (big) result_8n = std::move(r);
  });
  require_linear(t);
  REQUIRE(result_8n);
  CHECK(result_8n->errors.empty());
  CHECK(condition_of(*result_8n, "Progressing") == "True Running | TrainJob trainer is running");
  CHECK(condition_of(*result_8n, "DatasetInitialized") == "False Running | Dataset initializer is running");
  CHECK(condition_of(*result_8n, "ModelInitialized") == "<absent>");
  CHECK(condition_of(*result_8n, "Trained") == "False Running | Trainer is running");
  // Only rj0..rj99 report counts: the trainer step is not ready on all its replicas.
  CHECK(condition_of(*result_8n, "Running") ==
        "False Pending | TrainJob trainer is not running on all its replicas yet");

  // Five policies that read the steps cost about what one does (each computing its own: 5x).
  const auto t15 = best_of_3([&](bool all) { (void)pass(tj, large, all ? *five : *one); });
  INFO("one policy " << t15.first << " s, five " << t15.second << " s");
  CHECK(t15.second < 2.5 * t15.first + epsilon_seconds);
}

// ---- lint_policy_names -------------------------------------------------------------------------

std::vector<std::string> many_names(std::size_t k) {
  std::vector<std::string> names;
  names.reserve(k);
  for (std::size_t i = 0; i < k; ++i) names.push_back(i % 2 == 0 ? "Bogus" + std::to_string(i) : "Running");
  return names;
}

TEST_CASE("lint_policy_names is n log n in the number of names", "[complexity][lint]") {
  const std::size_t n = base_n / 4;
  const auto small = many_names(n);
  const auto large = many_names(8 * n);
  std::vector<trainjob::finding> fs_8n;
  const auto t = best_of_3([&](bool big) {
    auto fs = trainjob::lint_policy_names(big ? large : small);
    if (big) fs_8n = std::move(fs);
  });
  require_linear(t);
  // In the order of the names: unknown-policy for each Bogus name, duplicate-policy-type for
  // each Running but the first (policies[1]).
  const std::size_t k = 8 * n;
  REQUIRE(fs_8n.size() == k - 1);
  CHECK(fs_8n[0].rule == "unknown-policy");
  CHECK(fs_8n[0].path == "policies[0]");
  CHECK(fs_8n[1].path == "policies[2]");
  CHECK(fs_8n[2].rule == "duplicate-policy-type");
  CHECK(fs_8n[2].path == "policies[3]");
  CHECK(fs_8n.back().path == "policies[" + std::to_string(k - 1) + "]");
  CHECK(
      std::is_sorted(fs_8n.begin(), fs_8n.end(), [](const trainjob::finding& a, const trainjob::finding& b) {
        return std::stoul(a.path.substr(9)) < std::stoul(b.path.substr(9));
      }));
}

}  // namespace
