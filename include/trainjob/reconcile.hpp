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
// A controller that keeps one reconcile_result per worker can pass it in,
// `reconcile(obs, opts, r)`: its storage is reused, so a pass that changes
// nothing allocates nothing.
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
#include "trainjob/detail/assign.hpp"
#include "trainjob/detail/go_format.hpp"
#include "trainjob/detail/go_time.hpp"
#include "trainjob/detail/identical.hpp"
#include "trainjob/detail/short_string.hpp"
#include "trainjob/json.hpp"
#include "trainjob/names.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/runtime_ref.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

struct reconcile_options {
  trainjob::profile profile = profile::latest;
  /// nullptr: the built-in kinds. Not owned; must outlive the call.
  const runtime_registry* runtimes = nullptr;
  /// Opt-in conditions beyond upstream's; nullptr or empty: none, and the
  /// output is exactly the profile's. Not owned. Not supported with v1.9.
  const policy_set* policies = nullptr;
  /// Remove a `Created` condition left by a pre-2.0 controller (reported as a
  /// change). Ignored by the v1.9 profile, which owns Created.
  bool migrate_legacy_created = false;
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
  /// Set when building the child objects failed, before any apply. Releases
  /// since 2.0 report it exactly like an apply error; v1.9 and the
  /// Initialized policy tell them apart.
  std::optional<std::string_view> build_error = std::nullopt;
  /// The TrainingRuntime or ClusterTrainingRuntime, when the caller has it
  /// (policies read step labels from its template); may be nullptr.
  const training_runtime* runtime = nullptr;
};

/// An event the controller records.
struct event {
  std::string type;  // "Normal" or "Warning"
  std::string reason;
  /// The text a person sees: for the events.k8s.io recorder (v2.2+), after
  /// Go's Sprintf has run over it (docs/semantics.md §3.3).
  std::string message;
  /// The events.k8s.io Event's action ("Reconciling"); "" for core events (v2.0, v2.1).
  std::string action;
  /// Set when the API server refuses to store the Event, with why: the
  /// events.k8s.io note is limited to 1,024 bytes. Upstream then records nothing.
  std::optional<std::string> refused;
};
inline bool operator==(const event& a, const event& b) {
  return a.type == b.type && a.reason == b.reason && a.message == b.message && a.action == b.action &&
         a.refused == b.refused;
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
  /// Whole seconds to the active deadline, at least 1. Upstream keeps a
  /// fraction read from a lastTransitionTime in memory, so its requeue can be
  /// up to a second earlier (50.5 s where this says 50); the timeout decision
  /// is the same (docs/semantics.md §2.2).
  std::optional<std::int64_t> requeue_after_seconds;
  bool skipped = false;
  std::vector<std::string> errors;  // each one makes upstream requeue with backoff
  std::vector<event> events;
  /// Empty unless `changed` and `status` breaks the TrainJob CRD's schema (a
  /// message over 32,768 characters, a ninth condition, a duplicate jobsStatus
  /// name, ...): the API server then refuses the write, so upstream's pass
  /// fails and requeues with that error (also in `errors`) and the status in
  /// the cluster stays the one read. `status` is what the pass tried to write.
  std::vector<error_info> rejected;
};

namespace detail {

/// Whether conditions::set with these values would change the list; checked
/// first so that a pass which changes nothing builds no condition.
inline bool would_set(const std::vector<condition>& list, std::string_view type, condition_status status,
                      std::string_view reason, std::string_view message,
                      std::int64_t observed_generation = 0) {
  const condition* c = conditions::find(list, type);
  return c == nullptr || c->status != status || !same(c->reason, reason) || !same(c->message, message) ||
         c->observed_generation != observed_generation;
}

inline bool is_finished(const std::vector<condition>& list) noexcept {
  return conditions::is_true(list, names::complete) || conditions::is_true(list, names::failed);
}

inline bool is_deadline_failure(const condition* c) noexcept {
  return c != nullptr && c->reason == names::reason_deadline_exceeded;
}

/// Whether the pass removes this Failed before anything else (v2.1..v2.3).
/// Releases with a deadline keep a DeadlineExceeded one; v2.1 had none.
inline bool removes_failed(const profile_traits& t, const condition* failed) noexcept {
  return failed != nullptr && t.removes_failed_each_pass &&
         !(t.active_deadline && is_deadline_failure(failed));
}

/// "Finished" as the pass sees it, after that removal.
inline bool finished_after_removal(const std::vector<condition>& list, const profile_traits& t) noexcept {
  if (conditions::is_true(list, names::complete)) return true;
  const condition* f = conditions::find(list, names::failed);
  return f != nullptr && f->status == condition_status::true_ && !removes_failed(t, f);
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

/// conditions::set of a condition built from these values, built only when
/// the set would change something. Whether it changed anything.
inline bool set_condition(std::vector<condition>& conds, std::string_view type, condition_status status,
                          std::string_view reason, std::string_view message, timestamp now) {
  if (!would_set(conds, type, status, reason, message)) return false;
  return conditions::set(conds, make_condition(type, status, reason, std::string(message)), now);
}

/// The Warning event's message: upstream formats the error with `%.950v`.
inline std::string apply_failure_message(std::string_view error) {
  return upstream_error_cut(names::event_message_prefix, error);
}

/// The events.k8s.io API refuses an Event whose note exceeds this many bytes.
inline constexpr std::size_t event_note_limit = 1024;

/// The apply-failure event as the profile's recorder stores it. v2.2+ pass the
/// message as Eventf's format with no operands, so every `%` in the error is
/// expanded as Go does (an upstream defect the profiles reproduce), and an
/// over-long note is refused by the API server (docs/semantics.md §3.3).
inline event apply_failure_event(std::string_view error, const profile_traits& t) {
  event e{std::string(names::event_type_warning),
          std::string(names::event_resources_creation_failed),
          apply_failure_message(error),
          {},
          {}};
  if (t.events_api_recorder) {
    e.message = go_sprintf_no_operands(e.message);
    e.action = std::string(names::event_action_reconciling);
    if (e.message.size() > event_note_limit) {
      e.refused = std::string(names::event_note_refused);
    }
  }
  return e;
}

/// Suspended True while spec.suspend, False("Resumed") once after; never
/// present on a job that was never suspended. Whether it changed anything.
inline bool set_suspended(std::vector<condition>& conds, bool suspend, timestamp now) {
  if (suspend) {
    return set_condition(conds, names::suspended, condition_status::true_, names::reason_suspended,
                         names::message_suspended, now);
  } else if (conditions::is_true(conds, names::suspended)) {
    return set_condition(conds, names::suspended, condition_status::false_, names::reason_resumed,
                         names::message_resumed, now);
  }
  return false;
}

/// Rebuilds jobsStatus from the JobSet's replicatedJobsStatus, in order.
/// Whether it changed anything.
inline bool copy_jobs_status(std::vector<job_status>& out, const job_set_status& js) {
  bool changed = out.size() != js.replicated_jobs_status.size();
  out.resize(js.replicated_jobs_status.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const replicated_job_status& r = js.replicated_jobs_status[i];
    job_status& j = out[i];
    const auto copy = [&changed](std::optional<std::int32_t>& to, std::int32_t from) {
      if (to != from) {
        to = from;
        changed = true;
      }
    };
    if (!same(j.name, r.name)) {
      j.name = r.name;
      changed = true;
    }
    copy(j.ready, r.ready);
    copy(j.succeeded, r.succeeded);
    copy(j.failed, r.failed);
    copy(j.active, r.active);
    copy(j.suspended, r.suspended);
    if (!j.unknown_fields.empty()) {
      j.unknown_fields = nlohmann::json::object();
      changed = true;
    }
  }
  return changed;
}

/// Copies a True JobSet condition into the TrainJob under `type`, as it is
/// (reason, message, lastTransitionTime, observedGeneration). Whether it
/// changed anything.
inline bool map_jobset_condition(std::vector<condition>& out, const job_set_status& js, std::string_view from,
                                 std::string_view to, timestamp now) {
  const condition* c = conditions::find(js.conditions, from);
  if (c == nullptr || c->status != condition_status::true_) return false;
  if (!would_set(out, to, c->status, c->reason, c->message, c->observed_generation)) return false;
  condition copy;
  copy.type = std::string(to);
  copy.status = c->status;
  copy.observed_generation = c->observed_generation;
  copy.last_transition_time = c->last_transition_time;
  copy.reason = c->reason;
  copy.message = c->message;
  return conditions::set(out, std::move(copy), now);
}

/// Complete, Failed and jobsStatus from the JobSet; whether it changed anything.
inline bool jobset_step(const job_set_status& js, const profile_traits& t, train_job_status& status,
                        timestamp now) {
  bool changed = map_jobset_condition(status.conditions, js, names::jobset_completed, names::complete, now);
  if (!(t.complete_only_when_both && conditions::is_true(js.conditions, names::jobset_completed))) {
    changed =
        map_jobset_condition(status.conditions, js, names::jobset_failed, names::failed, now) || changed;
  }
  if (t.writes_jobs_status) changed = copy_jobs_status(status.jobs_status, js) || changed;
  return changed;
}

/// The same for a job already Failed by its deadline: that Failed is put back
/// after the JobSet's.
inline bool jobset_step_keeping_deadline(const job_set_status& js, const profile_traits& t,
                                         train_job_status& status, timestamp now) {
  const condition deadline_failure = *conditions::find(status.conditions, names::failed);
  const bool changed = jobset_step(js, t, status, now);
  return conditions::set(status.conditions, deadline_failure, now) || changed;
}

}  // namespace detail

namespace detail {

/// plan() given whether the runtime is registered, which reconcile() needs again.
inline plan_result plan(const train_job& tj, const profile_traits& t, bool registered) {
  plan_result p;
  if (t.skips_foreign_manager && !same(tj.spec.effective_managed_by(), builtin_manager)) {
    p.skipped = true;
    return p;
  }
  const auto& conds = tj.status.conditions;
  if (t.finished_is_final && is_finished(conds)) return p;
  if (!registered) return p;
  p.apply_objects = t.apply_when_finished || !finished_after_removal(conds, t);
  return p;
}

}  // namespace detail

/// The first half of a pass: skip, and whether to apply the child objects.
inline plan_result plan(const train_job& tj, const reconcile_options& options = {}) {
  const profile_traits t = traits_of(options.profile);
  return detail::plan(tj, t, detail::runtime_registered(tj, t, options.runtimes));
}

namespace detail {

/// v1.9 (kubeflow.org/v2alpha1): a finished job is left alone; an unknown
/// runtime is an error with no status change; objects are built and applied
/// on every pass; Suspended, then Created from the outcome; then Complete or
/// Failed from the JobSet. A JobSet read error is joined with the pass's
/// result and the Suspended and Created changes are still written
/// (docs/semantics.md §3.1).
inline void reconcile_v1_9(const observation& obs, const profile_traits& t, bool registered,
                           reconcile_result& out, bool& touched) {
  const train_job& tj = obs.trainjob;
  auto& conds = out.status.conditions;
  if (is_finished(conds)) return;
  if (!registered) {
    out.errors.push_back(std::string(names::error_runtime_not_supported_v1_9) + ": " + runtime_key(tj, t));
    return;
  }
  touched = set_suspended(conds, tj.spec.is_suspended(), obs.now) || touched;
  bool created = false;
  if (obs.build_error) {
    created = set_condition(conds, names::created, condition_status::false_, names::reason_jobs_build_failed,
                            names::message_jobs_build_failed, obs.now);
    out.errors.emplace_back(*obs.build_error);
  } else if (obs.apply_error) {
    created = set_condition(conds, names::created, condition_status::false_,
                            names::reason_jobs_creation_failed, names::message_jobs_creation_failed, obs.now);
    out.errors.emplace_back(*obs.apply_error);
  } else {
    created =
        set_condition(conds, names::created, condition_status::true_, names::reason_jobs_creation_succeeded,
                      names::message_jobs_creation_succeeded, obs.now);
  }
  touched = created || touched;
  if (obs.jobset == nullptr) {
    out.errors.emplace_back(names::error_jobset_not_found);
    return;
  }
  const job_set_status& js = obs.jobset->status;
  touched = map_jobset_condition(conds, js, names::jobset_completed, names::complete, obs.now) || touched;
  if (!conditions::is_true(js.conditions, names::jobset_completed)) {
    touched = map_jobset_condition(conds, js, names::jobset_failed, names::failed, obs.now) || touched;
  }
}

/// Releases since 2.0. Returns whether the pass ran (policies run only then).
inline bool reconcile_v2(const observation& obs, const profile_traits& t, bool registered,
                         const plan_result& p, reconcile_result& out, bool& touched) {
  const train_job& tj = obs.trainjob;
  auto& conds = out.status.conditions;
  if (t.finished_is_final && is_finished(conds)) return false;

  if (t.removes_failed_each_pass && removes_failed(t, conditions::find(conds, names::failed))) {
    touched = conditions::remove(conds, names::failed) || touched;
  }

  if (!registered) {
    std::string msg = std::string(names::error_unsupported_runtime) + runtime_key(tj, t);
    const bool set = set_condition(conds, names::failed, condition_status::true_,
                                   names::reason_runtime_not_supported, msg, obs.now);
    touched = set || touched;
    out.errors.push_back(std::move(msg));
  } else if (p.apply_objects) {
    // Upstream's reconcileObjects returns the build error or the apply error alike.
    const std::optional<std::string_view> err = obs.build_error ? obs.build_error : obs.apply_error;
    if (err) {
      out.events.push_back(apply_failure_event(*err, t));
      out.errors.emplace_back(*err);
    }
  }

  const bool suspend = tj.spec.is_suspended();
  touched = set_suspended(conds, suspend, obs.now) || touched;

  // Upstream dereferences the missing runtime here and crashes; the library
  // finishes the pass without the JobSet and deadline steps instead.
  if (!registered) return true;

  if (obs.jobset == nullptr) {
    if (!(t.not_found_when_finished_ok && is_finished(conds))) {
      out.errors.emplace_back(names::error_jobset_not_found);
    }
  } else {
    // A deadline failure outlives whatever the JobSet says. Only a failed
    // JobSet can overwrite it, so only then is it saved, out of line: a copy
    // on every pass would allocate, and even an empty std::optional<condition>
    // here costs the steady state the zeroing of its storage.
    const job_set_status& js = obs.jobset->status;
    if (t.active_deadline && conditions::is_true(js.conditions, names::jobset_failed) &&
        is_deadline_failure(conditions::find(conds, names::failed))) {
      touched = jobset_step_keeping_deadline(js, t, out.status, obs.now) || touched;
    } else {
      touched = jobset_step(js, t, out.status, obs.now) || touched;
    }
  }

  // The active deadline.
  const std::int64_t ads = tj.spec.active_deadline_seconds.value_or(0);
  if (t.active_deadline && ads > 0 && !is_finished(conds) && !suspend) {
    timestamp start = tj.metadata.creation_timestamp;
    const condition* s = conditions::find(conds, names::suspended);
    if (s != nullptr && s->status == condition_status::false_) start = s->last_transition_time;
    if (!start.is_zero()) {
      constexpr std::int64_t max_time = std::numeric_limits<std::int64_t>::max();
      const std::int64_t deadline = go_deadline_seconds(start.unix_seconds(), ads);
      if (obs.now.unix_seconds() > deadline) {
        const bool set =
            set_condition(conds, names::failed, condition_status::true_, names::reason_deadline_exceeded,
                          names::message_deadline_exceeded, obs.now);
        touched = set || touched;
        out.delete_job_set = true;
      } else {
        // now <= deadline, so the unsigned difference is exact; clamp it to int64.
        const std::uint64_t left =
            static_cast<std::uint64_t>(deadline) - static_cast<std::uint64_t>(obs.now.unix_seconds());
        out.requeue_after_seconds =
            left < 1
                ? 1
                : (left > static_cast<std::uint64_t>(max_time) ? max_time : static_cast<std::int64_t>(left));
      }
    }
  }
  return true;
}

/// The API server refuses the status write: every broken rule, and the error
/// the pass then returns. Out of line: only an invalid status gets here.
[[gnu::noinline]] inline void reject(reconcile_result& out) {
  out.rejected = validate(out.status);
  if (out.rejected.empty()) return;  // is_valid() and validate() agree; never reached
  std::string error = std::string(names::error_status_rejected) + out.rejected.front().to_string();
  if (out.rejected.size() > 1) error += " (and " + std::to_string(out.rejected.size() - 1) + " more)";
  out.errors.push_back(std::move(error));
}

}  // namespace detail

/// Removes a `Created` condition left by a pre-2.0 controller; whether one went.
inline bool migrate_legacy_created(train_job_status& status) {
  return conditions::remove(status.conditions, names::created);
}

/// The whole pass: the new status and the controller's actions, given what
/// it observed. Mirrors upstream's order: remove a stale Failed (v2.1..v2.3),
/// resolve the runtime, apply, Suspended, JobSet -> Complete/Failed/jobsStatus,
/// the active deadline; then the enabled policies; then compare with the
/// status read. Written into `out`, whose storage is reused: once it has held
/// a status of the same shape, a pass that changes nothing allocates nothing.
inline void reconcile(const observation& obs, const reconcile_options& options, reconcile_result& out) {
  const train_job& tj = obs.trainjob;
  const profile_traits t = traits_of(options.profile);
  const bool registered = detail::runtime_registered(tj, t, options.runtimes);
  const plan_result p = detail::plan(tj, t, registered);
  detail::assign(out.status, tj.status);
  out.changed = false;
  out.apply_objects = p.apply_objects;
  out.delete_job_set = false;
  out.requeue_after_seconds.reset();
  out.skipped = p.skipped;
  out.errors.clear();
  out.events.clear();
  out.rejected.clear();
  if (p.skipped) return;
  // Whether the pass wrote to the status at all: when it did not, the status
  // is the one read and the comparison below is skipped.
  bool touched = false;
  if (t.legacy_created) {
    detail::reconcile_v1_9(obs, t, registered, out, touched);
    if (options.policies != nullptr && !options.policies->empty()) {  // !supports_policies(v1.9)
      out.errors.emplace_back(names::error_policies_with_v1_9);
    }
  } else {
    // The migration is an explicit opt-in, so it applies even where the
    // profile otherwise leaves a finished job alone.
    if (options.migrate_legacy_created) touched = migrate_legacy_created(out.status);
    const bool ran = detail::reconcile_v2(obs, t, registered, p, out, touched);
    if (ran && options.policies != nullptr && !options.policies->empty()) {
      touched = true;                        // a policy may write anywhere in the status
      const bool applied = p.apply_objects;  // plan() never applies for an unknown runtime
      const auto build_error = applied ? obs.build_error : std::nullopt;
      const auto apply_error = applied && !obs.build_error ? obs.apply_error : std::nullopt;
      detail::run_policies(*options.policies,
                           policy_context{tj, obs.jobset, obs.runtime, obs.now, options.profile, registered,
                                          applied, build_error, apply_error, out.status, nullptr},
                           out.status, out.errors);
    }
  }
  out.changed = touched && out.status != tj.status;
  if (out.changed && !is_valid(out.status)) detail::reject(out);
}

/// As above, into a fresh result.
inline reconcile_result reconcile(const observation& obs, const reconcile_options& options = {}) {
  reconcile_result out;
  reconcile(obs, options, out);
  return out;
}

/// The tool's JSON form: {"status", "changed", "applyObjects", "deleteJobSet",
/// "requeueAfterSeconds" (null when none), "skipped", "errors", "events"
/// (each {"type", "reason", "message"}, with "action" and "refused" when
/// set)}, and "rejected" (["path: message", ...]) only when the status write
/// would be refused.
/// The status is written as the API server would store it.
inline void to_json(nlohmann::json& j, const event& e) {
  j = nlohmann::json{{"type", e.type}, {"reason", e.reason}, {"message", e.message}};
  if (!e.action.empty()) j["action"] = e.action;
  if (e.refused) j["refused"] = *e.refused;
}
inline void to_json(nlohmann::json& j, const reconcile_result& r) {
  j = nlohmann::json::object();
  j["status"] = encode(r.status);
  j["changed"] = r.changed;
  j["applyObjects"] = r.apply_objects;
  j["deleteJobSet"] = r.delete_job_set;
  j["requeueAfterSeconds"] =
      r.requeue_after_seconds ? nlohmann::json(*r.requeue_after_seconds) : nlohmann::json();
  j["skipped"] = r.skipped;
  j["errors"] = r.errors;
  j["events"] = nlohmann::json::array();
  for (const auto& e : r.events) j["events"].push_back(e);
  if (!r.rejected.empty()) {
    auto& rejected = j["rejected"] = nlohmann::json::array();
    for (const auto& v : r.rejected) rejected.push_back(v.to_string());
  }
}

namespace detail {

/// The result's JSON form, built into a finished object: nlohmann's converting
/// constructor, nlohmann::json(r), leaks what to_json had built when it throws
/// (out of memory); what was built is taken apart without allocating.
inline nlohmann::json result_json(const reconcile_result& r) {
  nlohmann::json j;
  try {
    to_json(j, r);
  } catch (...) {
    dismantle(j);
    throw;
  }
  return j;
}

}  // namespace detail

}  // namespace trainjob

#endif
