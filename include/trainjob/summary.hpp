// trainjob: state summaries of a TrainJob, for people and for tools.
//
//   trainjob::state_column(tj.status)  // what `kubectl get trainjob` shows
//   trainjob::state_of(tj)             // job_state::running, ... : the state a person means
//   trainjob::kstatus_of(tj)           // {"Current", "Resource is current"}: what kstatus computes
//   trainjob::health_of(tj)            // {"InProgress", "TrainJob is running"}: a TrainJob-aware judgment
//   trainjob::sdk_status_of(tj)        // "Created": the Kubeflow Python SDK's TrainJob.status
//   trainjob::summarize(tj)            // {"stateColumn", "state", "kstatus", "health", "sdkStatus"}
//
// The State print column is `.status.conditions[-1:].type`, the last condition's
// type whatever its status, so it shows `Suspended` for a resumed job
// (kubeflow/trainer 3666); `state_column` reproduces it on purpose. `state_of`
// and `health_of` read the conditions by status instead, and do not repeat
// that defect nor the Python SDK's (kubeflow/sdk 803), which `sdk_status_of`
// reproduces on purpose. docs/semantics.md §8 has the rules.
//
// job_state, first rule that holds:
//   Failed     Failed=True. Wins over Complete when both are True (upstream
//              since v2.1 copies both when the JobSet reports both): a failure
//              happened and is recorded, so claiming success would let a
//              pipeline that waits for Complete consume a failed run.
//   Complete   Complete=True.
//   Suspended  Suspended=True, or spec.suspend (asked for, not yet acted on).
//   Running    jobsStatus has a job with active > 0 or ready > 0 (the JobSet
//              counts a job with pending or running pods as active), or a
//              `Running` condition (the Running policy) is True.
//   Created    anything else: the TrainJob exists, nothing runs yet. The v2.0
//              controller never writes jobsStatus, so without the Running
//              policy a running v2.0 job reads as Created.
//
// kstatus_of: exactly what `status.Compute` of sigs.k8s.io/cli-utils v0.37.2
// (pkg/kstatus/status: status.go, generic.go, util.go; unchanged on master
// since) returns for a TrainJob, which Flux's health checks, kpt and
// `kubectl`-style waiters use. A TrainJob is a custom resource with no
// built-in rule, so only the generic rules apply; first that holds:
//   Terminating  metadata.deletionTimestamp is a non-empty string
//                ("Resource scheduled for deletion")
//   InProgress   metadata.generation and status.observedGeneration are both
//                present and differ ("<kind> generation is G, but latest
//                observed generation is O"). Either absent: no check. The
//                TrainJob CRD has no status.observedGeneration, so the API
//                server prunes it and this never fires on a real cluster.
//   InProgress   the first condition, in list order, that is Reconciling=True
//   Failed       or Stalled=True: its message (reason not shown)
//   Current      the first Ready condition is True ("Resource is Ready")
//   InProgress   it is False or Unknown: its message
//   Current      otherwise ("Resource is current")
// So every TrainJob the controller writes, running, failed or complete, is
// Current: kstatus knows nothing of Complete and Failed. The Reconciling and
// Stalled policies (trainjob/policies.hpp) close that gap.
// Compute returns an error where Go's unstructured accessors do: a present
// metadata.deletionTimestamp that is not a string, a metadata.generation or
// status.observedGeneration that is not a 64-bit integer (JSON null, a
// fraction, 1e3, a string, ...; Go decodes a JSON number as int64 only when
// it is an integer literal in range). cli-utils' poller then reports the
// resource as Unknown with that error; kstatus_of returns status "Unknown"
// and Go's error text ("looking up status.observedGeneration from resource:
// .status.observedGeneration accessor error: 1.5 is of the type float64,
// expected int64"). The decoder keeps a present-but-empty member (0, "",
// null) in unknown_fields, which is how absent and present are told apart.
//
// health_of: a TrainJob-aware judgment in kstatus' words, what a health check
// that knows TrainJobs would say (hence the name: Flux calls its use of
// kstatus a health check). First rule that holds:
//   Terminating  metadata.deletionTimestamp set ("TrainJob scheduled for deletion")
//   InProgress   status.observedGeneration (an integer) differs from
//                metadata.generation (set): kstatus' message
//   InProgress   a `Reconciling` condition is True: its message
//   Failed       a `Stalled` condition is True: its message
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
// A TrainJob is a run-to-completion workload whose desired state is the end of
// the run: unlike kstatus' batch/v1 Job rule (Current once started), a running
// TrainJob is InProgress until it is Complete or Failed.
//
// sdk_status_of: `TrainJob.status` of the Kubeflow Python SDK 0.5.0 (PyPI
// `kubeflow`; kubeflow/sdk 776163f4, "Prepare Release 0.5.0"),
// KubernetesBackend.__get_trainjob_from_cr in
// kubeflow/trainer/backends/kubernetes/backend.py (0.1.0 to 0.4.1: the same
// rule, except that a restarted node's old pods count too):
//   - status.conditions non-empty: "Created", replaced by the type of each
//     condition, in list order, that is Complete=True or Failed=True (so the
//     last of them wins: "Complete" when Complete comes after Failed). A job
//     that only has Suspended or Created conditions stays "Created", running or
//     not (kubeflow/sdk 803).
//   - no conditions: "Running" when the number of the job's `node-*` pods in
//     phase Running or Succeeded, the newest pod of each node only (kubeflow/sdk
//     632), equals the expected node count
//     (spec.trainer.numNodes when set and non-zero, else the runtime's
//     trainer num_nodes), else "Created".
// The pods and the runtime are the inputs beyond the TrainJob: pass them as
// sdk_pods. Without them (the CLI reads no pods) the SDK is taken to see no
// running node, so a job without conditions reads "Created". The SDK raises
// instead of returning a status when the CR lacks metadata.name, namespace,
// creationTimestamp or spec, when its runtime cannot be read, or when listing
// the pods fails; those are out of this function's scope.
#ifndef TRAINJOB_SUMMARY_HPP
#define TRAINJOB_SUMMARY_HPP

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/go_strconv.hpp"
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

/// A result in kstatus' words: status is "InProgress", "Current", "Failed",
/// "Terminating", or (kstatus_of only, where Compute errs) "Unknown".
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
/// What cli-utils' poller reports when Compute returns an error.
inline constexpr std::string_view unknown = "Unknown";
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

/// The TrainJob-aware judgment; see the header comment for the rules.
inline kstatus health_of(const train_job& tj) {
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

namespace detail {

/// Go's `%v` of a value decoded from JSON into interface{} (int64 for an
/// integer literal in range, float64 for any other number).
inline void go_print_value(const nlohmann::json& v, std::string& out) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      out += "<nil>";
      return;
    case nlohmann::json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case nlohmann::json::value_t::string:
      out += v.get_ref<const std::string&>();
      return;
    case nlohmann::json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      if (v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        out += std::to_string(v.get<std::uint64_t>());
      } else {
        out += go_format_float(static_cast<double>(v.get<std::uint64_t>()), 64);
      }
      return;
    case nlohmann::json::value_t::number_float:
      out += go_format_float(v.get<double>(), 64);
      return;
    case nlohmann::json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v) {
        if (!first) out += ' ';
        first = false;
        go_print_value(e, out);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::object: {
      out += "map[";  // fmt prints a map's keys sorted, as nlohmann keeps them
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ' ';
        first = false;
        out += it.key();
        out += ':';
        go_print_value(it.value(), out);
      }
      out += ']';
      return;
    }
    default:  // binary and discarded: never decoded from JSON
      out += "<nil>";
      return;
  }
}

/// Go's `%T` of the same value.
inline std::string_view go_type_name(const nlohmann::json& v) noexcept {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      return "<nil>";
    case nlohmann::json::value_t::boolean:
      return "bool";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::number_integer:
      return "int64";
    case nlohmann::json::value_t::number_unsigned:
      return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                 ? "int64"
                 : "float64";
    case nlohmann::json::value_t::number_float:
      return "float64";
    case nlohmann::json::value_t::array:
      return "[]interface {}";
    case nlohmann::json::value_t::object:
      return "map[string]interface {}";
    default:
      return "<nil>";
  }
}

/// The int64 Go's unstructured decoding gives `v`, if it gives one.
inline std::optional<std::int64_t> go_int64(const nlohmann::json& v) noexcept {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<std::int64_t>();
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get<std::uint64_t>());
  }
  return std::nullopt;
}

/// The error kstatus wraps around a Nested* accessor's: "looking up a.b from
/// resource: .a.b accessor error: V is of the type T, expected W".
inline kstatus kstatus_accessor_error(std::string_view path, const nlohmann::json& v, std::string_view want) {
  std::string m =
      "looking up " + std::string(path) + " from resource: ." + std::string(path) + " accessor error: ";
  go_print_value(v, m);
  m += " is of the type ";
  m += go_type_name(v);
  m += ", expected ";
  m += want;
  return {std::string(kstatus_values::unknown), std::move(m)};
}

/// A member the decoder models but keeps raw in unknown_fields when it is
/// present and empty (0, "", null): nullptr when it is absent.
inline const nlohmann::json* raw_member(const nlohmann::json& unknown_fields, std::string_view key) {
  if (!unknown_fields.is_object()) return nullptr;
  const auto it = unknown_fields.find(std::string(key));
  return it == unknown_fields.end() ? nullptr : &*it;
}

}  // namespace detail

/// Exactly what cli-utils v0.37.2's status.Compute returns for this TrainJob
/// (status "Unknown" and Go's error text where it returns an error); see the
/// header comment.
inline kstatus kstatus_of(const train_job& tj) {
  using namespace kstatus_values;
  // checkGenericProperties: metadata.deletionTimestamp, read with NestedString.
  if (!tj.metadata.deletion_timestamp.is_zero()) {
    return {std::string(terminating), "Resource scheduled for deletion"};
  }
  if (const nlohmann::json* d = detail::raw_member(tj.metadata.unknown_fields, "deletionTimestamp")) {
    if (!d->is_string()) return detail::kstatus_accessor_error("metadata.deletionTimestamp", *d, "string");
    // "0001-01-01T00:00:00Z" decodes to a zero time but is a non-empty string.
    if (!d->get_ref<const std::string&>().empty())
      return {std::string(terminating), "Resource scheduled for deletion"};
  }
  // checkGeneration: both read with NestedInt64; either absent skips the check.
  std::optional<std::int64_t> generation;
  if (tj.metadata.generation != 0) {
    generation = tj.metadata.generation;
  } else if (const nlohmann::json* g = detail::raw_member(tj.metadata.unknown_fields, "generation")) {
    generation = detail::go_int64(*g);
    if (!generation) return detail::kstatus_accessor_error("metadata.generation", *g, "int64");
  }
  if (generation) {
    if (const nlohmann::json* o = detail::raw_member(tj.status.unknown_fields, "observedGeneration")) {
      const std::optional<std::int64_t> observed = detail::go_int64(*o);
      if (!observed) return detail::kstatus_accessor_error("status.observedGeneration", *o, "int64");
      if (*observed != *generation) {
        return {std::string(in_progress), tj.kind + " generation is " + std::to_string(*generation) +
                                              ", but latest observed generation is " +
                                              std::to_string(*observed)};
      }
    }
  }
  // The abnormal-true conditions, the first True one in list order.
  for (const auto& c : tj.status.conditions) {
    if (c.status != condition_status::true_) continue;
    if (c.type == "Reconciling") return {std::string(in_progress), c.message};
    if (c.type == "Stalled") return {std::string(failed), c.message};
  }
  // No built-in rule for a TrainJob; checkReadyCondition, then the fallback.
  for (const auto& c : tj.status.conditions) {
    if (c.type != "Ready") continue;
    if (c.status == condition_status::true_) return {std::string(current), "Resource is Ready"};
    return {std::string(in_progress), c.message};  // False or Unknown
  }
  return {std::string(current), "Resource is current"};
}

/// What the Kubeflow Python SDK reads besides the TrainJob (see the header comment).
struct sdk_pods {
  /// The runtime's trainer num_nodes, used when spec.trainer.numNodes is unset or 0.
  std::int64_t runtime_num_nodes = 1;
  /// The job's `node-*` pods in phase Running or Succeeded, the newest pod of each node only.
  std::int64_t running_nodes = 0;
};

/// The Kubeflow Python SDK 0.5.0's TrainJob.status: "Created", "Running",
/// "Complete" or "Failed"; see the header comment. Without pods, no node runs.
inline std::string sdk_status_of(const train_job& tj, const std::optional<sdk_pods>& pods = std::nullopt) {
  std::string status(names::created);
  const auto& conds = tj.status.conditions;
  if (!conds.empty()) {
    for (const auto& c : conds) {
      if ((c.type == names::complete || c.type == names::failed) && c.status == condition_status::true_) {
        status = c.type;
      }
    }
    return status;
  }
  const sdk_pods p = pods.value_or(sdk_pods{});
  const std::int64_t spec_nodes =
      tj.spec.trainer && tj.spec.trainer->num_nodes ? *tj.spec.trainer->num_nodes : 0;
  const std::int64_t expected = spec_nodes != 0 ? spec_nodes : p.runtime_num_nodes;
  if (expected == p.running_nodes) status = "Running";
  return status;
}

inline void to_json(nlohmann::json& j, const kstatus& k) {
  j = nlohmann::json{{"status", k.status}, {"message", k.message}};
}

/// {"stateColumn": the State column ("" when no condition), "state": state_of,
///  "kstatus": kstatus_of, "health": health_of (both {"status", "message"}),
///  "sdkStatus": sdk_status_of without pods}.
inline nlohmann::json summarize(const train_job& tj) {
  nlohmann::json j = nlohmann::json::object();
  j["stateColumn"] = state_column(tj.status);
  j["state"] = std::string(to_string(state_of(tj)));
  j["kstatus"] = kstatus_of(tj);
  j["health"] = health_of(tj);
  j["sdkStatus"] = sdk_status_of(tj);
  return j;
}

}  // namespace trainjob

#endif
