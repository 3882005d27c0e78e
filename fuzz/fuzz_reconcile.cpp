// Fuzz target: one controller pass on an observation built from the fuzz bytes
// (TrainJob spec and status, the JobSet or NotFound, the runtime, `now`, apply
// and build errors, options), under every profile, checking after each call:
//   - `changed` says exactly whether the status differs; `plan` agrees with the
//     pass's actions; a skipped pass changes nothing;
//   - the pass adds only condition types it owns (the controller's, the
//     enabled policies'), and with only those at most 8 conditions;
//   - when the input is valid (the TrainJob and JobSet validate, as the API
//     server would serve them), the new status validates too;
//   - a second pass with the new status and the same observation reports no
//     change, both with the status as computed and as read back through JSON
//     (what a controller gets from the API server).
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <trainjob/json.hpp>
#include <trainjob/policies.hpp>
#include <trainjob/profile.hpp>
#include <trainjob/reconcile.hpp>
#include <trainjob/types.hpp>
#include <trainjob/validation.hpp>

#include "fuzz_common.hpp"

namespace {

using trainjob::condition;
using trainjob::condition_status;
using trainjob::job_set;
using trainjob::profile;
using trainjob::timestamp;
using trainjob::train_job;
using trainjob::train_job_status;
using trainjob_fuzz::byte_reader;

constexpr std::int64_t base_time = 1735689600;  // 2025-01-01T00:00:00Z

// Pools: values a controller meets, near misses, and invalid ones.
const char* const status_types[] = {"Complete",
                                    "Failed",
                                    "Suspended",
                                    "Created",
                                    "Initialized",
                                    "ComponentsCreated",
                                    "Accepted",
                                    "Progressing",
                                    "DatasetInitialized",
                                    "ModelInitialized",
                                    "Trained",
                                    "StartupPolicyCompleted",
                                    "Restarting",
                                    "Running",
                                    "Started",
                                    "example.com/QuotaReserved",
                                    "not a type",
                                    ""};
const char* const jobset_types[] = {
    "Completed",        "Failed",   "Suspended", "StartupPolicyInProgress", "StartupPolicyCompleted",
    "RestartingJobSet", "Complete", ""};
const char* const reasons[] = {"Suspended",
                               "Resumed",
                               "AllJobsCompleted",
                               "FailedJobs",
                               "ReachedMaxRestarts",
                               "DeadlineExceeded",
                               "TrainingRuntimeNotSupported",
                               "JobsCreationSucceeded",
                               "ObjectsBuilt",
                               "Started",
                               "Pending",
                               "Restarting",
                               "",
                               "bad reason!"};
const char* const messages[] = {"",
                                "TrainJob is suspended",
                                "jobset completed successfully",
                                "jobset failed (first failed job: job-node-0)",
                                "\xC3\xA9t\xC3\xA9",
                                "TrainJob trainer has started",
                                "\xFF not UTF-8"};
const char* const job_names[] = {
    "dataset-initializer", "model-initializer", "trainer", "node", "launcher", "worker", ""};
const char* const step_labels[] = {"dataset-initializer", "model-initializer", "trainer", "other", ""};
const char* const errors[] = {"boom", "\xC3\xA9 failed", "\xFF\xFE not UTF-8",
                              "admission webhook \"x\" denied the request"};

std::optional<std::string> maybe(byte_reader& in, const char* const* pool, std::size_t n) {
  const std::size_t i = in.index(n + 1);
  if (i == n) return std::nullopt;
  return std::string(pool[i]);
}
template <std::size_t N>
std::optional<std::string> maybe(byte_reader& in, const char* const (&pool)[N]) {
  return maybe(in, pool, N);
}

/// Zero (unset), near the base time, or anywhere in years 0000..9999.
timestamp some_time(byte_reader& in) {
  switch (in.index(4)) {
    case 0:
      return timestamp{};
    case 1:
      return timestamp::from_unix(base_time + in.int_in(-100, 100000));
    case 2:
      return timestamp::from_unix(base_time + in.int_in(0, 600));
    default:
      return timestamp::from_unix(in.int_in(timestamp::min_seconds, timestamp::max_seconds));
  }
}

std::string long_message(byte_reader& in) {
  // Near the limits: 32768 code points, the 950-rune cut of errors; in ASCII,
  // two-byte UTF-8, or bytes that are not UTF-8.
  const std::size_t sizes[] = {949, 950, 951, 32768, 32769};
  const char* const units[] = {"x", "\xC3\xA9", "\xFF"};
  const std::size_t n = in.pick(sizes);
  const std::string unit = in.pick(units);
  std::string out;
  out.reserve(n * unit.size());
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

condition some_condition(byte_reader& in, const char* const* types, std::size_t n_types) {
  condition c;
  c.type = types[in.index(n_types)];
  const condition_status statuses[] = {condition_status::true_, condition_status::false_,
                                       condition_status::unknown};
  c.status = in.pick(statuses);
  c.reason = in.pick(reasons);
  c.message = in.index(16) == 0 ? long_message(in) : std::string(in.pick(messages));
  c.observed_generation = in.int_in(-1, 3);
  c.last_transition_time = some_time(in);
  if (in.index(16) == 0) c.unknown_fields["future"] = in.byte();
  return c;
}

std::optional<std::int32_t> some_count(byte_reader& in) {
  const std::size_t k = in.index(8);
  if (k == 0) return std::nullopt;
  if (k == 1) return -1;
  if (k == 2) return std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(in.int_in(0, 4));
}

/// spec.replicatedJobs as a JobSet spec or a runtime's template has it, or odd shapes.
nlohmann::json some_jobset_spec(byte_reader& in) {
  switch (in.index(6)) {
    case 0:
      return nullptr;
    case 1:
      return nlohmann::json::object({{"replicatedJobs", in.byte()}});  // not an array
    default:
      break;
  }
  nlohmann::json jobs = nlohmann::json::array();
  const std::size_t n = in.index(5);
  for (std::size_t i = 0; i < n; ++i) {
    nlohmann::json e = nlohmann::json::object();
    e["name"] = in.pick(job_names);
    switch (in.index(5)) {
      case 0:
        break;  // default replicas
      case 1:
        e["replicas"] = "2";
        break;
      case 2:
        e["replicas"] = std::uint64_t{1} << 40;
        break;
      default:
        e["replicas"] = in.int_in(0, 4);
        break;
    }
    if (in.boolean()) {
      e["template"]["metadata"]["labels"][std::string(trainjob::ancestor_step_label)] = in.pick(step_labels);
    }
    jobs.push_back(std::move(e));
  }
  return nlohmann::json::object({{"replicatedJobs", std::move(jobs)}});
}

train_job some_trainjob(byte_reader& in) {
  train_job tj;
  tj.api_version = std::string(trainjob::trainer_api_version);
  tj.kind = "TrainJob";
  tj.metadata.name = "job";
  tj.metadata.namespace_ = "default";
  tj.metadata.generation = in.int_in(0, 4);
  tj.metadata.creation_timestamp = some_time(in);

  const char* const runtime_names[] = {"torch-distributed", ""};
  tj.spec.runtime_ref.name = in.pick(runtime_names);
  const char* const kinds[] = {"ClusterTrainingRuntime", "TrainingRuntime", "Foo", ""};
  tj.spec.runtime_ref.kind = maybe(in, kinds);
  const char* const groups[] = {"trainer.kubeflow.org", "kubeflow.org", "example.com", ""};
  tj.spec.runtime_ref.api_group = maybe(in, groups);
  switch (in.index(3)) {
    case 0:
      break;
    case 1:
      tj.spec.suspend = true;
      break;
    default:
      tj.spec.suspend = false;
      break;
  }
  const char* const managers[] = {"trainer.kubeflow.org/trainjob-controller", "kueue.x-k8s.io/multikueue",
                                  "example.com/other"};
  if (in.index(4) == 0) tj.spec.managed_by = maybe(in, managers);
  switch (in.index(6)) {
    case 0:
      tj.spec.active_deadline_seconds = in.int_in(1, 1000);
      break;
    case 1:
      tj.spec.active_deadline_seconds = in.int_in(1, 200000);
      break;
    case 2:
      tj.spec.active_deadline_seconds = in.int_in(-1, 0);
      break;  // invalid
    case 3:
      tj.spec.active_deadline_seconds = std::numeric_limits<std::int64_t>::max();
      break;
    default:
      break;
  }

  const std::size_t n = in.index(10);
  for (std::size_t i = 0; i < n; ++i) {
    tj.status.conditions.push_back(some_condition(in, status_types, std::size(status_types)));
  }
  const std::size_t jobs = in.index(4);
  for (std::size_t i = 0; i < jobs; ++i) {
    trainjob::job_status j;
    j.name = in.pick(job_names);
    j.ready = some_count(in);
    j.succeeded = some_count(in);
    j.failed = some_count(in);
    j.active = some_count(in);
    j.suspended = some_count(in);
    tj.status.jobs_status.push_back(std::move(j));
  }
  if (in.index(8) == 0)
    tj.status.trainer_status = nlohmann::json::object({{"progressPercentage", in.byte()}});
  return tj;
}

job_set some_jobset(byte_reader& in) {
  job_set js;
  js.api_version = std::string(trainjob::jobset_api_version);
  js.kind = "JobSet";
  js.metadata.name = "job";
  js.metadata.namespace_ = "default";
  js.spec = some_jobset_spec(in);
  const std::size_t n = in.index(6);
  for (std::size_t i = 0; i < n; ++i) {
    js.status.conditions.push_back(some_condition(in, jobset_types, std::size(jobset_types)));
  }
  js.status.restarts = static_cast<std::int32_t>(in.int_in(-1, 3));
  js.status.restarts_count_towards_max = static_cast<std::int32_t>(in.int_in(0, 3));
  const char* const terminal[] = {"", "Completed", "Failed"};
  js.status.terminal_state = in.pick(terminal);
  const std::size_t jobs = in.index(6);
  for (std::size_t i = 0; i < jobs; ++i) {
    trainjob::replicated_job_status r;
    r.name = in.pick(job_names);
    r.ready = some_count(in).value_or(0);
    r.succeeded = some_count(in).value_or(0);
    r.failed = some_count(in).value_or(0);
    r.active = some_count(in).value_or(0);
    r.suspended = some_count(in).value_or(0);
    js.status.replicated_jobs_status.push_back(std::move(r));
  }
  return js;
}

std::optional<std::string> some_error(byte_reader& in) {
  switch (in.index(8)) {
    case 0:
      return std::string(in.pick(errors));
    case 1:
      return long_message(in);
    case 2:
      return in.bytes(40);
    default:
      return std::nullopt;
  }
}

/// The condition types a pass under `p` may write.
std::set<std::string> owned_types(profile p, const trainjob::policy_set* policies) {
  std::set<std::string> out{"Complete", "Failed", "Suspended"};
  if (p == profile::v1_9) {
    out.insert("Created");
  } else if (policies != nullptr) {
    for (const auto& t : policies->types()) out.insert(t);
  }
  return out;
}

/// The JobSet as an API server could serve it: it validates, and its
/// replicatedJobsStatus, a list-map keyed by name, has unique non-empty names
/// (validate(job_set) leaves that to the server; the pass copies them into
/// jobsStatus, whose validation checks it).
bool servable(const job_set& js) {
  if (!trainjob::validate(js).empty()) return false;
  std::set<std::string_view> names;
  for (const auto& r : js.status.replicated_jobs_status) {
    if (r.name.empty() || !names.insert(r.name).second) return false;
  }
  return true;
}

/// Removes Failed and returns it (for the v2.1..v2.3 exception below).
std::optional<condition> take_failed(train_job_status& s) {
  const condition* f = trainjob::conditions::find(s.conditions, "Failed");
  std::optional<condition> out;
  if (f != nullptr) out = *f;
  trainjob::conditions::remove(s.conditions, "Failed");
  return out;
}

/// A status for a failure report: Type=Status(Reason) time [generation] message size, then jobsStatus.
std::string show(const train_job_status& s) {
  std::string out = "[";
  for (const auto& c : s.conditions) {
    if (out.size() > 1) out += ", ";
    out +=
        c.type + "=" + std::string(to_string(c.status)) + "(" + c.reason + ") " +
        (c.last_transition_time.is_zero() ? std::string("<no time>") : c.last_transition_time.to_string()) +
        " g" + std::to_string(c.observed_generation) + " m" + std::to_string(c.message.size()) +
        (c.unknown_fields.empty() ? "" : " +" + trainjob::dump(c.unknown_fields));
  }
  out += "] jobsStatus " + std::to_string(s.jobs_status.size());
  return out;
}

/// The second pass on `again` (the first pass's output as the status): no change.
void check_fixed_point(const trainjob::observation& first, const train_job& again,
                       const trainjob::reconcile_options& o, const trainjob::reconcile_result& r1,
                       const char* how) {
  const std::string where = std::string(to_string(o.profile)) + ", " + how;
  const trainjob::observation& obs = first;
  const trainjob::observation second{again,           obs.jobset,      obs.now,
                                     obs.apply_error, obs.build_error, obs.runtime};
  const trainjob::reconcile_result r2 = trainjob::reconcile(second, o);
  TRAINJOB_FUZZ_CHECK(r2.changed == (r2.status != again.status),
                      where + ": changed is wrong on the second pass");
  if (!r2.changed) return;
  // v2.1..v2.3 remove a Failed that is not DeadlineExceeded at the start of each
  // pass and set it again, as a new condition, after Suspended and the JobSet
  // step (kubeflow/trainer 3737, DESIGN §3). A Failed the first pass kept in
  // place (written before Suspended for an unknown runtime, or a
  // DeadlineExceeded one it rewrote) is therefore moved to the end by the
  // second pass, once, as a new condition: new lastTransitionTime, no unknown
  // fields. Only that is allowed.
  const bool removes_failed =
      o.profile == profile::v2_1 || o.profile == profile::v2_2 || o.profile == profile::v2_3;
  train_job_status a = again.status;
  train_job_status b = r2.status;
  auto fa = take_failed(a);
  auto fb = take_failed(b);
  if (fa && fb) {
    fa->last_transition_time = fb->last_transition_time;
    fa->unknown_fields = fb->unknown_fields;
  }
  TRAINJOB_FUZZ_CHECK(removes_failed && fa && fb && *fa == *fb && a == b && !r2.status.conditions.empty() &&
                          r2.status.conditions.back().type == "Failed",
                      where + ": a second identical pass changed the status\n  input  " +
                          show(first.trainjob.status) + "\n  first  " + show(r1.status) + "\n  second " +
                          show(r2.status));
  train_job third = again;
  third.status = r2.status;
  const trainjob::reconcile_result r3 =
      trainjob::reconcile({third, obs.jobset, obs.now, obs.apply_error, obs.build_error, obs.runtime}, o);
  TRAINJOB_FUZZ_CHECK(!r3.changed, where + ": a third identical pass changed the status after Failed moved");
}

void check_pass(const trainjob::observation& obs, const trainjob::reconcile_options& o, bool input_valid) {
  const train_job& tj = obs.trainjob;
  const std::string where(to_string(o.profile));
  const trainjob::reconcile_result r1 = trainjob::reconcile(obs, o);
  const trainjob::plan_result pl = trainjob::plan(tj, o);

  TRAINJOB_FUZZ_CHECK(r1.changed == (r1.status != tj.status), where + ": changed is wrong");
  TRAINJOB_FUZZ_CHECK(r1.apply_objects == pl.apply_objects && r1.skipped == pl.skipped,
                      where + ": plan and reconcile disagree");
  if (r1.skipped) {
    TRAINJOB_FUZZ_CHECK(!r1.changed && !r1.apply_objects && !r1.delete_job_set && r1.errors.empty() &&
                            r1.events.empty() && !r1.requeue_after_seconds,
                        where + ": a skipped pass did something");
  }
  if (r1.requeue_after_seconds) TRAINJOB_FUZZ_CHECK(*r1.requeue_after_seconds >= 1, where + ": requeue < 1s");

  // Only owned types are added.
  const std::set<std::string> owned = owned_types(o.profile, o.policies);
  std::set<std::string> before;
  for (const auto& c : tj.status.conditions) before.insert(c.type);
  bool foreign = false;
  for (const auto& c : r1.status.conditions) {
    const bool is_owned = owned.count(c.type) != 0;
    foreign = foreign || !is_owned;
    TRAINJOB_FUZZ_CHECK(is_owned || before.count(c.type) != 0,
                        where + ": the pass added a type it does not own: " + c.type);
  }

  if (input_valid) {
    train_job out = tj;
    out.status = r1.status;
    // The 8-item limit is checked apart: conditions of types other writers own
    // count against it, and the pass cannot help those.
    trainjob::validation_options unlimited;
    unlimited.max_conditions = 0;
    const auto violations = trainjob::validate(out, unlimited);
    TRAINJOB_FUZZ_CHECK(violations.empty(),
                        where + ": a valid input gave an invalid status: " + violations.front().to_string() +
                            "\n  input  " + show(tj.status) + "\n  output " + show(r1.status));
    // With only types the pass owns (at most 8, policy_set sees to it), the limit holds.
    TRAINJOB_FUZZ_CHECK(foreign || r1.status.conditions.size() <= trainjob::policy_set::max_conditions,
                        where + ": more than 8 conditions: " + show(r1.status));
  }

  // The second pass, with the status as computed...
  train_job again = tj;
  again.status = r1.status;
  check_fixed_point(obs, again, o, r1, "as computed");

  // ... and as the API server stores and serves it.
  if (input_valid) {
    const std::string text = trainjob::dump(trainjob::encode(again));
    const auto read = trainjob::try_decode_text<train_job>(text);
    TRAINJOB_FUZZ_CHECK(read.ok(),
                        where + ": the new TrainJob does not read back: " + read.error().to_string());
    check_fixed_point(obs, *read, o, r1, "read back through JSON");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_reader in(data, size);

  // Options: policies (up to 5 distinct shipped ones), a custom runtime registry, migration.
  const auto& names = trainjob::shipped_policy_names();
  std::vector<std::string> chosen;
  const std::size_t n_policies = in.index(6);
  for (std::size_t i = 0; i < n_policies; ++i) {
    std::string name(names[in.index(names.size())]);
    bool dup = false;
    for (const auto& c : chosen) dup = dup || c == name;
    if (!dup) chosen.push_back(std::move(name));
  }
  const auto policies = trainjob::make_policy_set(chosen);
  TRAINJOB_FUZZ_CHECK(policies.ok(), "shipped policies refused: " + policies.error().to_string());
  trainjob::runtime_registry custom{{{"example.com", "Foo"}, {"trainer.kubeflow.org", "TrainingRuntime"}}};
  const bool use_custom = in.index(8) == 0;
  const bool migrate = in.index(4) == 0;

  const train_job tj = some_trainjob(in);
  std::optional<job_set> js;
  if (in.index(5) != 0) js = some_jobset(in);
  std::optional<trainjob::training_runtime> runtime;
  if (in.boolean()) {
    runtime.emplace();
    runtime->kind = "TrainingRuntime";
    runtime->metadata.name = "torch-distributed";
    runtime->spec.template_.spec = some_jobset_spec(in);
  }
  const std::optional<std::string> apply_error = some_error(in);
  const std::optional<std::string> build_error = in.index(4) == 0 ? some_error(in) : std::nullopt;
  const timestamp now = in.index(8) == 0
                            ? timestamp::from_unix(in.int_in(timestamp::min_seconds, timestamp::max_seconds))
                            : timestamp::from_unix(base_time + in.int_in(0, 300000));

  const bool input_valid = trainjob::validate(tj).empty() && (!js || servable(*js));
  const auto view = [](const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
  };
  const trainjob::observation obs{
      tj, js ? &*js : nullptr, now, view(apply_error), view(build_error), runtime ? &*runtime : nullptr};
  for (const profile p : trainjob::every_profile) {
    trainjob::reconcile_options o;
    o.profile = p;
    o.runtimes = use_custom ? &custom : nullptr;
    o.migrate_legacy_created = migrate;
    check_pass(obs, o, input_valid);
    if (!policies->empty()) {
      o.policies = &*policies;
      check_pass(obs, o, input_valid);
    }
  }
  return 0;
}
