// trainjob: state summaries of a TrainJob, for people and for tools.
//
//   trainjob::state_column(tj.status)  // what `kubectl get trainjob` shows
//   trainjob::state_of(tj)             // job_state::running, ... : the state a person means
//   trainjob::kstatus_of(tj)           // {"InProgress", "TrainJob is running"}: for kstatus tools
//   trainjob::summarize(tj)            // {"stateColumn", "state", "kstatus": {"status", "message"}}
//
// The State print column is `.status.conditions[-1:].type`, the last condition's
// type whatever its status, so it shows `Suspended` for a resumed job
// (kubeflow/trainer 3666); `state_column` reproduces it on purpose. `state_of`
// and `kstatus_of` read the conditions by status instead, and do not repeat
// that defect nor the Python SDK's (kubeflow/sdk 803: `Created` for a resumed
// job that runs, because it looked at the nodes only when there was no
// condition at all).
//
// job_state, first rule that holds:
//   Failed     Failed=True. Wins over Complete when both are True (upstream
//              since v2.1 copies both when the JobSet reports both): a failure
//              happened and is recorded, so claiming success would let a
//              pipeline that waits for Complete consume a failed run; the
//              conservative answer for a terminal state is the failure, as
//              kstatus also treats Failed as final.
//   Complete   Complete=True.
//   Suspended  Suspended=True, or spec.suspend (asked for, not yet acted on).
//   Running    jobsStatus has a job with active > 0 or ready > 0 (the JobSet
//              counts a job with pending or running pods as active), or a
//              `Running` condition (the Running policy) is True.
//   Created    anything else: the TrainJob exists, nothing runs yet. The v2.0
//              controller never writes jobsStatus, so without the Running
//              policy a running v2.0 job reads as Created.
//
// kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status), first rule that holds:
//   Terminating  metadata.deletionTimestamp set            (kstatus generic rule)
//   InProgress   status.observedGeneration (not modelled, kept in the
//                status's unknown fields) differs from metadata.generation
//                                                          (kstatus generic rule)
//   InProgress   a `Reconciling` condition is True: its message
//                                                          (kstatus generic rule)
//   Failed       a `Stalled` condition is True: its message (kstatus generic rule)
//   Failed       Failed=True ("TrainJob failed (Reason): message")
//   Current      Complete=True ("TrainJob completed (Reason): message")
//   Current      spec.suspend and Suspended=True: the desired state is reached,
//                nothing should run ("TrainJob is suspended")
//   InProgress   spec.suspend but Suspended not True yet ("TrainJob is being suspended")
//   InProgress   Suspended=True but spec.suspend unset ("TrainJob is being resumed")
//   InProgress   running ("TrainJob is running")
//   InProgress   the first of Created, Initialized, ComponentsCreated, Started
//                that is False ("TrainJob is waiting: Started is False (Reason): message")
//   InProgress   no jobsStatus, and no Created or ComponentsCreated True
//                ("TrainJob is waiting for its JobSet")
//   InProgress   otherwise ("TrainJob is waiting for its jobs to start")
// kstatus' generic fallback (`Ready` condition, else Current) is not used: a
// TrainJob is a run-to-completion workload whose desired state is the end of
// the run. Unlike kstatus' batch/v1 Job rule (Current once started), a
// running TrainJob is InProgress until it is Complete or Failed.
#ifndef TRAINJOB_SUMMARY_HPP
#define TRAINJOB_SUMMARY_HPP

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/names.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// The state a person means; see the header comment for the rules.
enum class job_state { created, running, suspended, complete, failed };

/// "Created", "Running", "Suspended", "Complete", "Failed".
constexpr std::string_view to_string(job_state s) noexcept {
  switch (s) {
    case job_state::created:
      return "Created";
    case job_state::running:
      return "Running";
    case job_state::suspended:
      return "Suspended";
    case job_state::complete:
      return "Complete";
    case job_state::failed:
      return "Failed";
  }
  return "Created";
}

/// A kstatus result: status is "InProgress", "Current", "Failed" or "Terminating".
struct kstatus {
  std::string status;
  std::string message;
};
inline bool operator==(const kstatus& a, const kstatus& b) {
  return a.status == b.status && a.message == b.message;
}
inline bool operator!=(const kstatus& a, const kstatus& b) { return !(a == b); }

/// The kstatus status values.
namespace kstatus_values {
inline constexpr std::string_view in_progress = "InProgress";
inline constexpr std::string_view current = "Current";
inline constexpr std::string_view failed = "Failed";
inline constexpr std::string_view terminating = "Terminating";
}  // namespace kstatus_values

namespace detail {

/// Some job of jobsStatus has active or ready pods' jobs.
inline bool any_job_running(const train_job_status& s) noexcept {
  for (const auto& j : s.jobs_status) {
    if (j.active.value_or(0) > 0 || j.ready.value_or(0) > 0) return true;
  }
  return false;
}

inline bool is_running(const train_job& tj) noexcept {
  return any_job_running(tj.status) || conditions::is_true(tj.status.conditions, "Running");
}

/// "(Reason): message", leaving out what is empty.
inline std::string reason_and_message(const condition& c) {
  std::string out;
  if (!c.reason.empty()) out += " (" + c.reason + ")";
  if (!c.message.empty()) out += ": " + c.message;
  return out;
}

}  // namespace detail

/// The State print column of `kubectl get trainjob`: the last condition's type.
inline std::string state_column(const train_job_status& s) {
  return s.conditions.empty() ? std::string() : s.conditions.back().type;
}

/// The state a person means: Failed, Complete, Suspended, Running or Created.
inline job_state state_of(const train_job& tj) noexcept {
  const auto& conds = tj.status.conditions;
  if (conditions::is_true(conds, names::failed)) return job_state::failed;
  if (conditions::is_true(conds, names::complete)) return job_state::complete;
  if (conditions::is_true(conds, names::suspended) || tj.spec.is_suspended()) return job_state::suspended;
  if (detail::is_running(tj)) return job_state::running;
  return job_state::created;
}

/// The kstatus result; see the header comment for the mapping.
inline kstatus kstatus_of(const train_job& tj) {
  using namespace kstatus_values;
  const auto& conds = tj.status.conditions;
  if (!tj.metadata.deletion_timestamp.is_zero()) {
    return {std::string(terminating), "TrainJob scheduled for deletion"};
  }
  // kstatus reads status.observedGeneration when the resource has one.
  if (tj.metadata.generation != 0 && tj.status.unknown_fields.is_object()) {
    const auto it = tj.status.unknown_fields.find("observedGeneration");
    if (it != tj.status.unknown_fields.end() && it->is_number_integer()) {
      const auto observed = it->get<std::int64_t>();
      if (observed != tj.metadata.generation) {
        return {std::string(in_progress), "TrainJob generation is " + std::to_string(tj.metadata.generation) +
                                              ", but latest observed generation is " +
                                              std::to_string(observed)};
      }
    }
  }
  for (const auto& c : conds) {
    if (c.type == "Reconciling" && c.status == condition_status::true_)
      return {std::string(in_progress), c.message};
    if (c.type == "Stalled" && c.status == condition_status::true_) return {std::string(failed), c.message};
  }
  if (const condition* f = conditions::find(conds, names::failed);
      f && f->status == condition_status::true_) {
    return {std::string(failed), "TrainJob failed" + detail::reason_and_message(*f)};
  }
  if (const condition* c = conditions::find(conds, names::complete);
      c && c->status == condition_status::true_) {
    return {std::string(current), "TrainJob completed" + detail::reason_and_message(*c)};
  }
  const bool suspended = conditions::is_true(conds, names::suspended);
  if (tj.spec.is_suspended()) {
    if (suspended) return {std::string(current), "TrainJob is suspended"};
    return {std::string(in_progress), "TrainJob is being suspended"};
  }
  if (suspended) return {std::string(in_progress), "TrainJob is being resumed"};
  if (detail::is_running(tj)) return {std::string(in_progress), "TrainJob is running"};
  for (std::string_view type : {names::created, std::string_view("Initialized"),
                                std::string_view("ComponentsCreated"), std::string_view("Started")}) {
    const condition* c = conditions::find(conds, type);
    if (c != nullptr && c->status == condition_status::false_) {
      return {std::string(in_progress),
              "TrainJob is waiting: " + c->type + " is False" + detail::reason_and_message(*c)};
    }
  }
  const bool created =
      conditions::is_true(conds, names::created) || conditions::is_true(conds, "ComponentsCreated");
  if (tj.status.jobs_status.empty() && !created) {
    return {std::string(in_progress), "TrainJob is waiting for its JobSet"};
  }
  return {std::string(in_progress), "TrainJob is waiting for its jobs to start"};
}

inline void to_json(nlohmann::json& j, const kstatus& k) {
  j = nlohmann::json{{"status", k.status}, {"message", k.message}};
}

/// {"stateColumn": the State column ("" when no condition), "state": state_of,
///  "kstatus": {"status", "message"}}.
inline nlohmann::json summarize(const train_job& tj) {
  nlohmann::json j = nlohmann::json::object();
  j["stateColumn"] = state_column(tj.status);
  j["state"] = std::string(to_string(state_of(tj)));
  j["kstatus"] = kstatus_of(tj);
  return j;
}

}  // namespace trainjob

#endif
