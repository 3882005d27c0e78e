// trainjob: the status transition of Kubeflow Trainer's TrainJob controller.
//
// A controller pass upstream is: decide whether to apply the child objects,
// apply them, read the JobSet, then compute the status. The library follows
// the same order with two pure calls:
//
//   trainjob::reconcile_options opts;                  // profile::latest by default
//   auto p = trainjob::plan(tj, opts);                 // p.skipped, p.apply_objects
//   // ... if (p.apply_objects) apply the JobSet and remember any error ...
//   // ... read the JobSet (after the apply), or NotFound ...
//   auto r = trainjob::reconcile({tj, jobset_or_nullptr, now, apply_error}, opts);
//   if (r.changed) patch the status subresource with r.status;
//   // r.delete_job_set, r.requeue_after_seconds, r.errors, r.events
//
// Pure: no I/O, no clock, no globals; safe to call from many threads at once.
#ifndef TRAINJOB_RECONCILE_HPP
#define TRAINJOB_RECONCILE_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/json.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// One upstream release's controller behaviour (DESIGN §3).
enum class profile { v2_0, v2_1, v2_2, v2_3, latest };

/// "v2.0", "v2.1", "v2.2", "v2.3", "latest".
constexpr std::string_view to_string(profile p) noexcept {
  switch (p) {
    case profile::v2_0: return "v2.0";
    case profile::v2_1: return "v2.1";
    case profile::v2_2: return "v2.2";
    case profile::v2_3: return "v2.3";
    case profile::latest: return "latest";
  }
  return "latest";
}

/// Accepts the names `to_string` gives.
constexpr std::optional<profile> profile_from_string(std::string_view s) noexcept {
  if (s == "v2.0") return profile::v2_0;
  if (s == "v2.1") return profile::v2_1;
  if (s == "v2.2") return profile::v2_2;
  if (s == "v2.3") return profile::v2_3;
  if (s == "latest") return profile::latest;
  return std::nullopt;
}

inline constexpr profile all_profiles[] = {profile::v2_0, profile::v2_1, profile::v2_2, profile::v2_3,
                                           profile::latest};

/// The differences between releases, as switches; `traits_of` gives each profile's.
struct profile_traits {
  bool finished_is_final;          // v2.0: a finished job is not reconciled at all
  bool apply_when_finished;        // v2.1: objects are re-applied after the end
  bool complete_only_when_both;    // v2.0: JobSet Completed and Failed both True -> only Complete
  bool writes_jobs_status;         // v2.1+: jobsStatus rebuilt from the JobSet
  bool removes_failed_each_pass;   // v2.1..v2.3: a non-deadline Failed is removed, then re-derived
  bool not_found_when_finished_ok; // v2.2+: a missing JobSet of a finished job is no error
  bool active_deadline;            // v2.2+: spec.activeDeadlineSeconds
  bool skips_foreign_manager;      // v2.3+: spec.managedBy of another controller is left alone
};

constexpr profile_traits traits_of(profile p) noexcept {
  switch (p) {
    case profile::v2_0: return {true, false, true, false, false, false, false, false};
    case profile::v2_1: return {false, true, false, true, true, false, false, false};
    case profile::v2_2: return {false, false, false, true, true, true, true, false};
    case profile::v2_3: return {false, false, false, true, true, true, true, true};
    case profile::latest: return {false, false, false, true, false, true, true, true};
  }
  return {false, false, false, true, false, true, true, true};
}

/// Condition types, reasons and messages the controller writes.
namespace names {
inline constexpr std::string_view complete = "Complete";
inline constexpr std::string_view failed = "Failed";
inline constexpr std::string_view suspended = "Suspended";
inline constexpr std::string_view jobset_completed = "Completed";
inline constexpr std::string_view jobset_failed = "Failed";
inline constexpr std::string_view reason_suspended = "Suspended";
inline constexpr std::string_view reason_resumed = "Resumed";
inline constexpr std::string_view reason_runtime_not_supported = "TrainingRuntimeNotSupported";
inline constexpr std::string_view reason_deadline_exceeded = "DeadlineExceeded";
inline constexpr std::string_view message_suspended = "TrainJob is suspended";
inline constexpr std::string_view message_resumed = "TrainJob is resumed";
inline constexpr std::string_view message_deadline_exceeded = "TrainJob exceeded its active deadline";
inline constexpr std::string_view event_resources_creation_failed = "TrainJobResourcesCreationFailed";
inline constexpr std::string_view error_jobset_not_found = "jobset not found";
}  // namespace names

/// Which runtime kinds the controller has registered. Upstream registers
/// TrainingRuntime and ClusterTrainingRuntime of trainer.kubeflow.org; a
/// custom registry lists its own.
struct runtime_registry {
  struct group_kind {
    std::string group;
    std::string kind;
  };
  std::vector<group_kind> kinds;

  static runtime_registry builtin() {
    return {{{std::string(trainer_api_group), "TrainingRuntime"},
             {std::string(trainer_api_group), "ClusterTrainingRuntime"}}};
  }
  bool contains(std::string_view group, std::string_view kind) const noexcept {
    for (const auto& gk : kinds) {
      if (gk.group == group && gk.kind == kind) return true;
    }
    return false;
  }
};

struct reconcile_options {
  trainjob::profile profile = profile::latest;
  /// nullptr: the built-in kinds. Not owned; must outlive the call.
  const runtime_registry* runtimes = nullptr;
};

/// What the controller observed in this pass.
struct observation {
  const train_job& trainjob;
  /// The JobSet as the status step reads it, after this pass's apply;
  /// nullptr when NotFound.
  const job_set* jobset = nullptr;
  timestamp now;  // must be set: conditions are stamped with it
  /// Set when applying the child objects failed this pass (ignored when the
  /// pass did not apply).
  std::optional<std::string_view> apply_error = std::nullopt;
};

/// An event the controller records.
struct event {
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  std::string message;
};
inline bool operator==(const event& a, const event& b) {
  return a.type == b.type && a.reason == b.reason && a.message == b.message;
}
inline bool operator!=(const event& a, const event& b) { return !(a == b); }

/// The first half of a pass: what the controller does before reading the JobSet.
struct plan_result {
  bool skipped = false;        // another controller manages the job
  bool apply_objects = false;  // build and apply the child objects (the JobSet)
};

struct reconcile_result {
  train_job_status status;  // the new status
  bool changed = false;     // status differs from the input (write it)
  bool apply_objects = false;
  bool delete_job_set = false;
  std::optional<std::int64_t> requeue_after_seconds;
  bool skipped = false;
  std::vector<std::string> errors;  // each one makes upstream requeue with backoff
  std::vector<event> events;
};

namespace detail {

inline bool is_finished(const std::vector<condition>& list) noexcept {
  return conditions::is_true(list, names::complete) || conditions::is_true(list, names::failed);
}

inline bool is_deadline_failure(const condition* c) noexcept {
  return c != nullptr && c->reason == names::reason_deadline_exceeded;
}

/// Whether the pass removes this Failed before anything else (v2.1..v2.3).
/// Releases with a deadline keep a DeadlineExceeded one; v2.1 had none.
inline bool removes_failed(const profile_traits& t, const condition* failed) noexcept {
  return failed != nullptr && t.removes_failed_each_pass && !(t.active_deadline && is_deadline_failure(failed));
}

/// "Finished" as the pass sees it, after that removal.
inline bool finished_after_removal(const std::vector<condition>& list, const profile_traits& t) noexcept {
  if (conditions::is_true(list, names::complete)) return true;
  const condition* f = conditions::find(list, names::failed);
  return f != nullptr && f->status == condition_status::true_ && !removes_failed(t, f);
}

inline bool runtime_registered(const train_job& tj, const reconcile_options& o) {
  const std::string_view group = tj.spec.runtime_ref.effective_api_group();
  const std::string_view kind = tj.spec.runtime_ref.effective_kind();
  if (o.runtimes != nullptr) return o.runtimes->contains(group, kind);
  return group == trainer_api_group && (kind == "TrainingRuntime" || kind == "ClusterTrainingRuntime");
}

inline condition make_condition(std::string_view type, condition_status status, std::string_view reason,
                                std::string message) {
  condition c;
  c.type = std::string(type);
  c.status = status;
  c.reason = std::string(reason);
  c.message = std::move(message);
  return c;
}

/// Go's `%.950v` on a string keeps 950 runes, an invalid byte counting as one;
/// the caller's length check counts bytes.
inline std::string apply_failure_message(std::string_view error) {
  constexpr std::size_t max_runes = 950;
  std::size_t pos = 0, runes = 0;
  while (pos < error.size() && runes < max_runes) {
    const auto c = static_cast<unsigned char>(error[pos]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = len != 0 && pos + len <= error.size();
    for (std::size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(error[pos + k]) & 0xC0) == 0x80;
    }
    pos += valid ? len : 1;
    ++runes;
  }
  std::string out = "TrainJob resources reconciliation failed: ";
  out.append(error.data(), pos);
  if (error.size() > max_runes) out += " ...";
  return out;
}

/// Rebuilds jobsStatus from the JobSet's replicatedJobsStatus, in order.
inline void copy_jobs_status(std::vector<job_status>& out, const job_set_status& js) {
  out.resize(js.replicated_jobs_status.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const replicated_job_status& r = js.replicated_jobs_status[i];
    job_status& j = out[i];
    if (j.name != r.name) j.name = r.name;
    j.ready = r.ready;
    j.succeeded = r.succeeded;
    j.failed = r.failed;
    j.active = r.active;
    j.suspended = r.suspended;
    if (!j.unknown_fields.empty()) j.unknown_fields = nlohmann::json::object();
  }
}

/// Copies a True JobSet condition into the TrainJob under `type`, as it is
/// (reason, message, lastTransitionTime, observedGeneration).
inline void map_jobset_condition(std::vector<condition>& out, const job_set_status& js, std::string_view from,
                                 std::string_view to, timestamp now) {
  const condition* c = conditions::find(js.conditions, from);
  if (c == nullptr || c->status != condition_status::true_) return;
  condition copy;
  copy.type = std::string(to);
  copy.status = c->status;
  copy.observed_generation = c->observed_generation;
  copy.last_transition_time = c->last_transition_time;
  copy.reason = c->reason;
  copy.message = c->message;
  conditions::set(out, std::move(copy), now);
}

}  // namespace detail

/// The first half of a pass: skip, and whether to apply the child objects.
inline plan_result plan(const train_job& tj, const reconcile_options& options = {}) {
  const profile_traits t = traits_of(options.profile);
  plan_result p;
  if (t.skips_foreign_manager && tj.spec.effective_managed_by() != builtin_manager) {
    p.skipped = true;
    return p;
  }
  const auto& conds = tj.status.conditions;
  if (t.finished_is_final && detail::is_finished(conds)) return p;
  if (!detail::runtime_registered(tj, options)) return p;
  p.apply_objects = t.apply_when_finished || !detail::finished_after_removal(conds, t);
  return p;
}

/// The whole pass: the new status and the controller's actions, given what
/// it observed. Mirrors upstream's order: remove a stale Failed (v2.1..v2.3),
/// resolve the runtime, apply, Suspended, JobSet -> Complete/Failed/jobsStatus,
/// the active deadline; then compare with the status read.
inline reconcile_result reconcile(const observation& obs, const reconcile_options& options = {}) {
  const train_job& tj = obs.trainjob;
  const profile_traits t = traits_of(options.profile);
  const plan_result p = plan(tj, options);
  reconcile_result out;
  out.status = tj.status;
  out.skipped = p.skipped;
  out.apply_objects = p.apply_objects;
  if (p.skipped) return out;
  auto& conds = out.status.conditions;
  if (t.finished_is_final && detail::is_finished(conds)) return out;

  if (detail::removes_failed(t, conditions::find(conds, names::failed))) conditions::remove(conds, names::failed);

  const bool registered = detail::runtime_registered(tj, options);
  if (!registered) {
    std::string msg = "unsupported runtime: ";
    msg += tj.spec.runtime_ref.effective_kind();
    msg += '.';
    msg += tj.spec.runtime_ref.effective_api_group();
    conditions::set(conds,
                    detail::make_condition(names::failed, condition_status::true_,
                                           names::reason_runtime_not_supported, msg),
                    obs.now);
    out.errors.push_back(std::move(msg));
  } else if (p.apply_objects && obs.apply_error) {
    out.events.push_back(event{"Warning", std::string(names::event_resources_creation_failed),
                               detail::apply_failure_message(*obs.apply_error)});
    out.errors.emplace_back(*obs.apply_error);
  }

  const bool suspend = tj.spec.is_suspended();
  if (suspend) {
    conditions::set(conds,
                    detail::make_condition(names::suspended, condition_status::true_, names::reason_suspended,
                                           std::string(names::message_suspended)),
                    obs.now);
  } else if (conditions::is_true(conds, names::suspended)) {
    conditions::set(conds,
                    detail::make_condition(names::suspended, condition_status::false_, names::reason_resumed,
                                           std::string(names::message_resumed)),
                    obs.now);
  }

  // Upstream dereferences the missing runtime here and crashes; the library
  // finishes the pass without the JobSet and deadline steps instead.
  if (!registered) {
    out.changed = out.status != tj.status;
    return out;
  }

  // The JobSet step. A deadline failure outlives whatever the JobSet says.
  std::optional<condition> deadline_failure;
  if (t.active_deadline) {
    const condition* f = conditions::find(conds, names::failed);
    if (detail::is_deadline_failure(f)) deadline_failure = *f;
  }
  if (obs.jobset == nullptr) {
    if (!(t.not_found_when_finished_ok && detail::is_finished(conds))) {
      out.errors.emplace_back(names::error_jobset_not_found);
    }
  } else {
    const job_set_status& js = obs.jobset->status;
    detail::map_jobset_condition(conds, js, names::jobset_completed, names::complete, obs.now);
    if (!(t.complete_only_when_both && conditions::is_true(js.conditions, names::jobset_completed))) {
      detail::map_jobset_condition(conds, js, names::jobset_failed, names::failed, obs.now);
    }
    if (t.writes_jobs_status) detail::copy_jobs_status(out.status.jobs_status, js);
    if (deadline_failure) conditions::set(conds, *deadline_failure, obs.now);
  }

  // The active deadline.
  const std::int64_t ads = tj.spec.active_deadline_seconds.value_or(0);
  if (t.active_deadline && ads > 0 && !detail::is_finished(conds) && !suspend) {
    timestamp start = tj.metadata.creation_timestamp;
    const condition* s = conditions::find(conds, names::suspended);
    if (s != nullptr && s->status == condition_status::false_) start = s->last_transition_time;
    if (!start.is_zero()) {
      // Go's time.Duration holds at most ~292 years; the sum saturates.
      constexpr std::int64_t max_ads = std::numeric_limits<std::int64_t>::max() / 1000000000;
      constexpr std::int64_t max_time = std::numeric_limits<std::int64_t>::max();
      const std::int64_t span = ads < max_ads ? ads : max_ads;
      const std::int64_t begin = start.unix_seconds();
      const std::int64_t deadline = begin > max_time - span ? max_time : begin + span;
      if (obs.now.unix_seconds() > deadline) {
        conditions::set(conds,
                        detail::make_condition(names::failed, condition_status::true_,
                                               names::reason_deadline_exceeded,
                                               std::string(names::message_deadline_exceeded)),
                        obs.now);
        out.delete_job_set = true;
      } else {
        // now <= deadline, so the unsigned difference is exact; clamp it to int64.
        const std::uint64_t left =
            static_cast<std::uint64_t>(deadline) - static_cast<std::uint64_t>(obs.now.unix_seconds());
        out.requeue_after_seconds =
            left < 1 ? 1 : (left > static_cast<std::uint64_t>(max_time) ? max_time : static_cast<std::int64_t>(left));
      }
    }
  }

  out.changed = out.status != tj.status;
  return out;
}

/// The tool's JSON form: {"status", "changed", "applyObjects", "deleteJobSet",
/// "requeueAfterSeconds" (null when none), "skipped", "errors", "events"}.
/// The status is written as the API server would store it.
inline void to_json(nlohmann::json& j, const event& e) {
  j = nlohmann::json{{"type", e.type}, {"reason", e.reason}, {"message", e.message}};
}
inline void to_json(nlohmann::json& j, const reconcile_result& r) {
  j = nlohmann::json::object();
  j["status"] = encode(r.status);
  j["changed"] = r.changed;
  j["applyObjects"] = r.apply_objects;
  j["deleteJobSet"] = r.delete_job_set;
  j["requeueAfterSeconds"] = r.requeue_after_seconds ? nlohmann::json(*r.requeue_after_seconds) : nlohmann::json();
  j["skipped"] = r.skipped;
  j["errors"] = r.errors;
  j["events"] = nlohmann::json::array();
  for (const auto& e : r.events) j["events"].push_back(e);
}

}  // namespace trainjob

#endif
