// trainjob: helpers for unit-testing condition logic, with any test framework.
//
//   using namespace trainjob::testing;
//   auto tj = train_job_builder("job").suspend(false).active_deadline(60).created("2025-01-01T00:00:00Z").build();
//   auto js = job_set_builder("job").completed("2025-01-01T00:10:00Z").replicated_job("node", {1, 1, 0, 0, 0}).build();
//   auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});
//   std::string diff = conditions_diff(r.status.conditions, {{"Complete", "True", "AllJobsCompleted"}});
//   assert(diff.empty());
//
// Comparison is as upstream's tests do it (cmpopts.IgnoreFields on
// lastTransitionTime and observedGeneration): type, status, reason and
// message, order-sensitive; a time or generation is compared only where the
// expected condition sets it (with_time, with_generation).
//
// This header needs no test framework. The matchers over these helpers are in
// trainjob/testing/catch2.hpp (Catch2 v2 or v3) and trainjob/testing/gmock.hpp
// (GoogleMock); each includes its framework itself, so include order is free.
#ifndef TRAINJOB_TESTING_HPP
#define TRAINJOB_TESTING_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/json.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/scenario.hpp"
#include "trainjob/summary.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace testing {

/// A time from RFC 3339 text; throws std::invalid_argument on bad text.
inline timestamp at(std::string_view text) {
  std::string why;
  auto t = timestamp::parse(text, &why);
  if (!t) throw std::invalid_argument("trainjob::testing::at(\"" + std::string(text) + "\"): " + why);
  return *t;
}

inline condition_status status_of(std::string_view text) {
  auto s = condition_status_from_string(text);
  if (!s)
    throw std::invalid_argument("trainjob::testing: status must be True, False or Unknown, got \"" +
                                std::string(text) + "\"");
  return *s;
}

/// An expected condition: what upstream's tests compare. Time and generation
/// are compared only when set: `{"Complete", "True", "AllJobsCompleted"}` or
/// `expected_condition("Complete", "True", "AllJobsCompleted").with_time(at("..."))`.
struct expected_condition {
  std::string type;
  std::string status;
  std::string reason;
  std::optional<std::string> message;               // unset: any message
  std::optional<timestamp> last_transition_time;    // unset: any time
  std::optional<std::int64_t> observed_generation;  // unset: any generation

  expected_condition(std::string t, std::string s, std::string r = {},
                     std::optional<std::string> m = std::nullopt)
      : type(std::move(t)), status(std::move(s)), reason(std::move(r)), message(std::move(m)) {}
  expected_condition& with_time(timestamp t) {
    last_transition_time = t;
    return *this;
  }
  expected_condition& with_generation(std::int64_t g) {
    observed_generation = g;
    return *this;
  }
};

/// A condition in a line: cond("Suspended", "True", "Suspended", "TrainJob is suspended", at("..."))
inline condition cond(std::string type, std::string_view status, std::string reason, std::string message = {},
                      timestamp last_transition = {}) {
  condition c;
  c.type = std::move(type);
  c.status = status_of(status);
  c.reason = std::move(reason);
  c.message = std::move(message);
  c.last_transition_time = last_transition;
  return c;
}

namespace detail {
inline std::string describe(const condition& c, bool time = false, bool generation = false) {
  std::string out = c.type + "=" + std::string(to_string(c.status)) + " reason=" + c.reason + " message=\"" +
                    c.message + "\"";
  if (time) out += " lastTransitionTime=" + c.last_transition_time.to_string();
  if (generation) out += " observedGeneration=" + std::to_string(c.observed_generation);
  return out;
}
inline std::string describe(const expected_condition& c) {
  std::string out = c.type + "=" + c.status + " reason=" + c.reason +
                    (c.message ? " message=\"" + *c.message + "\"" : std::string(" message=<any>"));
  if (c.last_transition_time) out += " lastTransitionTime=" + c.last_transition_time->to_string();
  if (c.observed_generation) out += " observedGeneration=" + std::to_string(*c.observed_generation);
  return out;
}
inline bool same(const condition& a, const expected_condition& e) {
  return a.type == e.type && to_string(a.status) == e.status && a.reason == e.reason &&
         (!e.message || a.message == *e.message) &&
         (!e.last_transition_time || a.last_transition_time == *e.last_transition_time) &&
         (!e.observed_generation || a.observed_generation == *e.observed_generation);
}
inline std::string types_of(const std::vector<condition>& cs) {
  std::string out;
  for (const auto& c : cs) out += (out.empty() ? "" : ", ") + c.type;
  return out.empty() ? "none" : out;
}
// What the matchers accept: a condition list, a status, or the TrainJob itself.
inline const std::vector<condition>& conditions_of(const std::vector<condition>& cs) { return cs; }
inline const std::vector<condition>& conditions_of(const train_job_status& s) { return s.conditions; }
inline const std::vector<condition>& conditions_of(const train_job& tj) { return tj.status.conditions; }
inline const train_job_status& status_ref(const train_job_status& s) { return s; }
inline const train_job_status& status_ref(const train_job& tj) { return tj.status; }
}  // namespace detail

/// "[Complete=True reason=AllJobsCompleted message=<any>, ...]": an expected list, for matcher descriptions.
inline std::string describe_conditions(const std::vector<expected_condition>& expected) {
  std::string out = "[";
  for (std::size_t i = 0; i < expected.size(); ++i) out += (i ? ", " : "") + detail::describe(expected[i]);
  return out + "]";
}

/// "" when `actual` matches `expected` (type, status, reason, and message,
/// time and generation where given; in order); otherwise a readable
/// line-by-line diff.
inline std::string conditions_diff(const std::vector<condition>& actual,
                                   const std::vector<expected_condition>& expected) {
  std::string out;
  bool times = false, generations = false;
  const std::size_t n = actual.size() > expected.size() ? actual.size() : expected.size();
  for (std::size_t i = 0; i < n; ++i) {
    const condition* a = i < actual.size() ? &actual[i] : nullptr;
    const expected_condition* e = i < expected.size() ? &expected[i] : nullptr;
    const bool time = e != nullptr && e->last_transition_time.has_value();
    const bool generation = e != nullptr && e->observed_generation.has_value();
    times = times || time;
    generations = generations || generation;
    if (a != nullptr && e != nullptr && detail::same(*a, *e)) continue;
    out +=
        "  [" + std::to_string(i) + "] expected: " + (e ? detail::describe(*e) : std::string("(nothing)")) +
        "\n      actual: " + (a ? detail::describe(*a, time, generation) : std::string("(nothing)")) + "\n";
  }
  if (out.empty()) return out;
  // Say which fields the comparison skipped, as a reader of cmp.Diff's options would know.
  std::string ignored = !times && !generations ? "lastTransitionTime and observedGeneration"
                        : !times               ? "lastTransitionTime"
                        : !generations         ? "observedGeneration"
                                               : "";
  return "conditions differ" + (ignored.empty() ? std::string() : " (" + ignored + " ignored)") + ":\n" + out;
}

/// The same comparison between two condition lists.
inline std::string conditions_diff(const std::vector<condition>& actual,
                                   const std::vector<condition>& expected) {
  std::vector<expected_condition> e;
  e.reserve(expected.size());
  for (const auto& c : expected)
    e.emplace_back(c.type, std::string(to_string(c.status)), c.reason, c.message);
  return conditions_diff(actual, e);
}

/// "" when `actual` holds a condition of `expected.type` that matches
/// `expected` (status, reason, and message, time and generation where given);
/// otherwise why not. Conditions are unique by type (meta.SetStatusCondition).
inline std::string condition_diff(const std::vector<condition>& actual, const expected_condition& expected) {
  for (const auto& a : actual) {
    if (a.type != expected.type) continue;
    if (detail::same(a, expected)) return {};
    return "condition " + expected.type + " differs:\n  expected: " + detail::describe(expected) +
           "\n    actual: " +
           detail::describe(a, expected.last_transition_time.has_value(),
                            expected.observed_generation.has_value()) +
           "\n";
  }
  return "no condition of type " + expected.type + " (conditions: " + detail::types_of(actual) + ")\n";
}

/// "" when the State column of `kubectl get trainjob` (state_column: the last
/// condition's type, whatever its status) reads `expected`; otherwise why not.
inline std::string state_column_diff(const train_job_status& actual, std::string_view expected) {
  const std::string got = state_column(actual);
  if (got == expected) return {};
  return "State column is " + (got.empty() ? std::string("empty (no conditions)") : "\"" + got + "\"") +
         ", expected \"" + std::string(expected) +
         "\" (the last condition's type; conditions: " + detail::types_of(actual.conditions) + ")\n";
}

/// Builds a TrainJob in a line or two; `build()` gives the value.
class train_job_builder {
 public:
  explicit train_job_builder(std::string name, std::string ns = "default") {
    tj_.api_version = std::string(trainer_api_version);
    tj_.kind = "TrainJob";
    tj_.metadata.name = std::move(name);
    tj_.metadata.namespace_ = std::move(ns);
    tj_.spec.runtime_ref.name = "torch-distributed";
  }
  train_job_builder& runtime(std::string name, std::optional<std::string> kind = std::nullopt,
                             std::optional<std::string> api_group = std::nullopt) {
    tj_.spec.runtime_ref.name = std::move(name);
    tj_.spec.runtime_ref.kind = std::move(kind);
    tj_.spec.runtime_ref.api_group = std::move(api_group);
    return *this;
  }
  train_job_builder& created(std::string_view time) {
    tj_.metadata.creation_timestamp = at(time);
    return *this;
  }
  train_job_builder& created(timestamp t) {
    tj_.metadata.creation_timestamp = t;
    return *this;
  }
  train_job_builder& suspend(bool s = true) {
    tj_.spec.suspend = s;
    return *this;
  }
  train_job_builder& managed_by(std::string m) {
    tj_.spec.managed_by = std::move(m);
    return *this;
  }
  train_job_builder& active_deadline(std::int64_t seconds) {
    tj_.spec.active_deadline_seconds = seconds;
    return *this;
  }
  train_job_builder& num_nodes(std::int32_t n) {
    if (!tj_.spec.trainer) tj_.spec.trainer.emplace();
    tj_.spec.trainer->num_nodes = n;
    return *this;
  }
  /// Appends a condition to the current status.
  train_job_builder& condition(trainjob::condition c) {
    tj_.status.conditions.push_back(std::move(c));
    return *this;
  }
  train_job_builder& condition(std::string type, std::string_view status, std::string reason,
                               std::string message = {}, std::string_view time = "2025-01-01T00:00:00Z") {
    return condition(cond(std::move(type), status, std::move(reason), std::move(message), at(time)));
  }
  train_job build() const { return tj_; }
  operator train_job() const { return tj_; }  // NOLINT: a builder converts implicitly

 private:
  train_job tj_;
};

/// Counts of a replicated job: ready, succeeded, failed, active, suspended.
struct job_counts {
  std::int32_t ready = 0, succeeded = 0, failed = 0, active = 0, suspended = 0;
};

/// Builds a JobSet as the controller would read it.
class job_set_builder {
 public:
  explicit job_set_builder(std::string name, std::string ns = "default") {
    js_.api_version = std::string(jobset_api_version);
    js_.kind = "JobSet";
    js_.metadata.name = std::move(name);
    js_.metadata.namespace_ = std::move(ns);
  }
  job_set_builder& condition(trainjob::condition c) {
    js_.status.conditions.push_back(std::move(c));
    return *this;
  }
  /// Completed=True, reason AllJobsCompleted, as JobSet writes it.
  job_set_builder& completed(std::string_view time) {
    js_.status.terminal_state = "Completed";
    return condition(
        cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully", at(time)));
  }
  /// Failed=True with JobSet's reason (FailedJobs, ReachedMaxRestarts, ...).
  job_set_builder& failed(std::string_view time, std::string reason = "FailedJobs",
                          std::string message =
                              "jobset failed due to one or more job failures (first failed job: "
                              "job-node-0)") {
    js_.status.terminal_state = "Failed";
    return condition(cond("Failed", "True", std::move(reason), std::move(message), at(time)));
  }
  job_set_builder& suspended(std::string_view time, bool s = true) {
    return condition(cond("Suspended", s ? "True" : "False", s ? "SuspendedJobs" : "ResumeJobs",
                          s ? "jobset is suspended" : "jobset is resumed", at(time)));
  }
  job_set_builder& replicated_job(std::string name, job_counts c) {
    replicated_job_status r;
    r.name = std::move(name);
    r.ready = c.ready;
    r.succeeded = c.succeeded;
    r.failed = c.failed;
    r.active = c.active;
    r.suspended = c.suspended;
    js_.status.replicated_jobs_status.push_back(std::move(r));
    return *this;
  }
  job_set_builder& restarts(std::int32_t n) {
    js_.status.restarts = n;
    return *this;
  }
  job_set build() const { return js_; }
  operator job_set() const { return js_; }  // NOLINT

 private:
  job_set js_;
};

/// Replays a scenario given as JSON text; throws decode_error on bad input.
inline std::vector<replay_step> replay_text(std::string_view scenario_json,
                                            std::optional<profile> p = std::nullopt) {
  auto j = parse_json(scenario_json);
  replay_options o;
  o.profile = p;
  return replay(decode_scenario(j.value()), o);
}

}  // namespace testing
}  // namespace trainjob

#endif
