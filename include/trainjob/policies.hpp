// trainjob: the shipped condition policies (docs/semantics.md §7), each opt-in, each owning one type.
//
//   auto set = trainjob::make_policy_set({"Initialized", "ComponentsCreated", "Started"});
//   if (!set) { std::cerr << set.error().to_string() << '\n'; return 2; }
//   trainjob::reconcile_options opts;
//   opts.policies = &*set;
//   auto r = trainjob::reconcile({tj, jobset, now, apply_error, build_error, &runtime}, opts);
//
// A shipped policy's name is the condition type it owns. None is upstream's:
// the types, reasons and messages below are this library's design. Messages
// never contain times or counts that move while nothing happens, so a second
// identical pass reports no change. At most 5 policies fit next to Complete,
// Failed and Suspended in the CRD's 8 conditions (policy_set refuses more).
//
// "Finished" below means Complete or Failed is True in the status the pass
// computed; "suspended" means spec.suspend; "build/apply error" counts only in
// a pass that applied the objects; K.G is the runtime's `<Kind>.<apiGroup>`;
// <error> is the error cut to 950 code points, + " ..." when it is longer than
// 950 bytes (the cut of upstream's TrainJobResourcesCreationFailed event).
// Step phases come from trainjob/steps.hpp.
//
// | Type / Status / Reason                 | Message                                                  | When
// |----------------------------------------|----------------------------------------------------------|------------------------------------------
// | Initialized: the runtime is resolved and the child objects are built
// |   False RuntimeNotSupported            | unsupported runtime: K.G                                 | the runtime kind is not registered
// |   False BuildFailed                    | TrainJob objects could not be built: <error>             | building the objects failed this pass
// |   True  ObjectsBuilt                   | TrainJob runtime was resolved and its objects were built | the pass built them (an apply error is ComponentsCreated's)
// |   (kept as it was, absent if never set)|                                                          | the pass did not build (finished job, ...)
// | ComponentsCreated: the child objects are applied
// |   False ApplyFailed                    | TrainJob components could not be applied: <error>        | applying failed this pass
// |   True  ComponentsCreated              | TrainJob components were applied                         | the pass applied them
// |   (kept as it was, absent if never set)|                                                          | no apply this pass (nor after a build error)
// | Accepted (Gateway style): the controller takes the TrainJob
// |   True  Accepted                       | TrainJob runtime K.G is supported                        | the runtime kind is registered
// |   False RuntimeNotSupported            | unsupported runtime: K.G                                 | otherwise
// | Progressing (Deployment style), first row that holds:
// |   False RuntimeNotSupported            | unsupported runtime: K.G                                 | the runtime kind is not registered
// |   False DeadlineExceeded               | TrainJob exceeded its active deadline                    | Failed True, reason DeadlineExceeded
// |   False Failed                         | TrainJob has failed                                      | Failed True (any other reason)
// |   False Completed                      | TrainJob has completed                                   | Complete True
// |   False BuildFailed                    | TrainJob objects could not be built: <error>             | build error
// |   False ApplyFailed                    | TrainJob components could not be applied: <error>        | apply error
// |   False Suspended                      | TrainJob is suspended                                    | suspended
// |   Unknown JobSetNotFound               | TrainJob's JobSet was not found                          | the JobSet is NotFound
// |   True  Running                        | TrainJob trainer is running                              | the trainer step is Running (or further)
// |   True  Starting                       | TrainJob is waiting for its trainer to start             | otherwise
// | DatasetInitialized / ModelInitialized / Trained (Pod style, one per step; S = Dataset initializer,
// |   Model initializer, Trainer), first row that holds:
// |   (kept as it was)                     |                                                          | finished, and it says Succeeded, Failed or Stopped
// |   absent / Stopped / (kept as it was)  |                                                          | the JobSet is NotFound: absent if never set,
// |                                        |                                                          |   Stopped if finished, else kept
// |   absent / Stopped                     |                                                          | the JobSet has no such step: Stopped if finished
// |                                        |                                                          |   and it was set, else absent
// |   True  Succeeded                      | S succeeded                                              | the step is Succeeded
// |   False Failed                         | S failed                                                 | the step is Failed
// |   False Stopped                        | S stopped because the TrainJob finished                  | finished while the step was Pending/Running
// |   False Running                        | S is running                                             | the step is Running
// |   False Pending                        | S is pending                                             | the step is Pending
// | StartupPolicyCompleted (from the JobSet's startup policy conditions)
// |   (kept as it was)                     |                                                          | the JobSet is NotFound
// |   True  Completed                      | JobSet started its replicated jobs in order              | JobSet StartupPolicyCompleted True
// |   False InProgress                     | JobSet is starting its replicated jobs in order          | JobSet StartupPolicyInProgress True
// |   absent                               |                                                          | the JobSet has neither True
// | Restarting (mirrors the JobSet's RestartingJobSet condition)
// |   (kept as it was)                     |                                                          | the JobSet is NotFound
// |   True  <the JobSet's reason>          | JobSet is restarting its jobs (restarts: N)              | RestartingJobSet True (reason "Restarting"
// |                                        |                                                          |   when the JobSet's is empty or invalid)
// |   False NotRestarting                  | JobSet is not restarting (restarts: N)                   | otherwise, once Restarting was set or N > 0
// |   absent                               |                                                          | the JobSet never restarted
// | Running: the trainer runs on all its replicated jobs, first row that holds:
// |   False Finished                       | TrainJob has finished                                    | finished, or the trainer step Succeeded/Failed
// |   False Suspended                      | TrainJob is suspended                                    | suspended
// |   True  Running                        | TrainJob trainer is running on all its replicas          | trainer step ready >= replicas (> 0)
// |   False Pending                        | TrainJob trainer is not running on all its replicas yet  | otherwise (JobSet NotFound included)
// | Started: whether the trainer has started, and if not, why; sticky once True. First row that holds:
// |   True  Started                        | TrainJob trainer has started                             | it was True, or the trainer step is
// |                                        |                                                          |   Running/Succeeded/Failed, or Complete True
// |   False RuntimeNotSupported            | unsupported runtime: K.G                                 | the runtime kind is not registered
// |   False Failed                         | TrainJob failed before its trainer started               | Failed True
// |   False BuildFailed                    | TrainJob objects could not be built: <error>             | build error
// |   False ApplyFailed                    | TrainJob components could not be applied: <error>        | apply error
// |   False Suspended                      | TrainJob is suspended                                    | suspended
// |   False JobSetNotFound                 | TrainJob's JobSet was not found                          | the JobSet is NotFound
// |   False Initializing                   | TrainJob is waiting for its initializers: <steps>        | an initializer step is Pending or Running
// |   False Pending                        | TrainJob trainer has not started yet                     | otherwise
// | Reconciling (kstatus' abnormal-true convention: True while the controller is still working
// |   towards the desired state, the end of the run), first row that holds:
// |   False Finished                       | TrainJob has finished                                    | finished (an unregistered
// |                                        |                                                          |   runtime fails the job)
// |   False Suspended                      | TrainJob is suspended                                    | suspended (the pass sets Suspended True)
// |   True  BuildFailed                    | TrainJob objects could not be built: <error>             | build error
// |   True  ApplyFailed                    | TrainJob components could not be applied: <error>        | apply error
// |   True  JobSetNotFound                 | TrainJob's JobSet was not found                          | the JobSet is NotFound
// |   True  Running                        | TrainJob trainer is running                              | the trainer step is Running (or further)
// |   True  Starting                       | TrainJob is waiting for its trainer to start             | otherwise
// | Stalled (kstatus' abnormal-true convention: True when the job cannot reach its desired state)
// |   True  Failed                         | the Failed condition's message (TrainJob has failed      | Failed True
// |                                        |   when it has none)                                      |
// |   absent                               |                                                          | otherwise: absence is the normal state
//
// With Reconciling and Stalled enabled, generic kstatus (cli-utils' status.Compute, and Flux and
// kpt with it; trainjob/summary.hpp's kstatus_of) reads a TrainJob as it means: InProgress with
// Reconciling's message while it runs or waits, Failed with the failure's message, Current once
// Complete or suspended. Without them every TrainJob is Current. A suspended job is Current, as
// cli-utils (after v0.37.2) reads a suspended batch/v1 Job: it is where it was asked to be, and a
// deploy that waits for Current would otherwise wait until someone resumes it.
//
// Why `Trained` for the trainer step: it reads like its siblings
// DatasetInitialized and ModelInitialized (what the step achieved, True when
// it succeeded), and it stays clear of `Complete`/`Completed`: a
// `TrainerCompleted` type beside the TrainJob's `Complete` and the JobSet's
// `Completed` would invite reading a step's result as the job's, in the State
// column above all.
//
// Why `Running` asks for `ready` and not `active`: a JobSet counts a job as
// active as soon as one pod exists, pending ones included; ready means its
// pods run (or are done). `Progressing` and `Started` count either.
#ifndef TRAINJOB_POLICIES_HPP
#define TRAINJOB_POLICIES_HPP

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/detail/go_format.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/names.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/steps.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

namespace detail {

inline bool policy_finished(const policy_context& ctx) noexcept {
  return conditions::is_true(ctx.status.conditions, names::complete) ||
         conditions::is_true(ctx.status.conditions, names::failed);
}

/// The build error, counted only when the pass applied the objects.
inline std::optional<std::string_view> policy_build_error(const policy_context& ctx) noexcept {
  return ctx.applied ? ctx.build_error : std::nullopt;
}

/// The apply error, counted only when the pass applied and the build succeeded.
inline std::optional<std::string_view> policy_apply_error(const policy_context& ctx) noexcept {
  return ctx.applied && !ctx.build_error ? ctx.apply_error : std::nullopt;
}

inline condition policy_condition(condition_status s, std::string_view reason, std::string message) {
  return make_policy_condition(s, reason, std::move(message));
}
inline condition policy_condition(condition_status s, std::string_view reason, std::string_view message) {
  return make_policy_condition(s, reason, std::string(message));
}

inline std::optional<condition> keep_previous(const policy_context& ctx) {
  return ctx.previous != nullptr ? std::optional<condition>(*ctx.previous) : std::nullopt;
}

inline condition runtime_not_supported(const policy_context& ctx) {
  return policy_condition(
      condition_status::false_, policy_reasons::runtime_not_supported,
      std::string(names::error_unsupported_runtime) + runtime_key(ctx.trainjob, traits_of(ctx.profile)));
}
// An error text may hold any bytes; a condition message must be UTF-8. The API
// server would store U+FFFD for each bad byte, so writing the raw bytes would
// make every later pass see a change.
inline condition build_failed(std::string_view error) {
  return policy_condition(
      condition_status::false_, policy_reasons::build_failed,
      replace_invalid_utf8(upstream_error_cut(names::policy_messages::build_failed_prefix, error)));
}
inline condition apply_failed(std::string_view error) {
  return policy_condition(
      condition_status::false_, policy_reasons::apply_failed,
      replace_invalid_utf8(upstream_error_cut(names::policy_messages::apply_failed_prefix, error)));
}
inline condition suspended_condition() {
  return policy_condition(condition_status::false_, policy_reasons::suspended,
                          names::policy_messages::suspended);
}

/// The steps of ctx's JobSet (none when it is NotFound): the pass's shared copy
/// when run_policies provides one (computed once for all the policies that read
/// step state, issue 17), else computed into `own`.
inline const std::vector<step_state>& policy_steps(const policy_context& ctx, std::vector<step_state>& own) {
  if (ctx.jobset == nullptr) return own;
  if (ctx.shared_steps == nullptr) return own = step_states(*ctx.jobset, ctx.runtime);
  if (!*ctx.shared_steps) ctx.shared_steps->emplace(step_states(*ctx.jobset, ctx.runtime));
  return **ctx.shared_steps;
}

/// Progressing's and Reconciling's answer for a job that is neither finished,
/// suspended nor failing to build or apply: JobSetNotFound (`not_found` status:
/// unknown for Progressing, a reason to keep reconciling for Reconciling),
/// Running once the trainer step left Pending, else Starting.
inline condition trainer_progress(const policy_context& ctx, condition_status not_found) {
  if (ctx.jobset == nullptr) {
    return policy_condition(not_found, policy_reasons::jobset_not_found,
                            names::policy_messages::jobset_not_found);
  }
  std::vector<step_state> own_steps;
  const auto& steps = policy_steps(ctx, own_steps);
  const step_state* trainer = find_step(steps, step_names::trainer);
  if (trainer != nullptr && trainer->phase != step_phase::pending) {
    return policy_condition(condition_status::true_, policy_reasons::running,
                            names::policy_messages::trainer_running);
  }
  return policy_condition(condition_status::true_, policy_reasons::starting,
                          names::policy_messages::waiting_for_trainer);
}

}  // namespace detail

/// Initialized: the runtime is resolved and the child objects are built.
class initialized_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::initialized; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    if (!ctx.runtime_registered) return detail::runtime_not_supported(ctx);
    if (auto e = detail::policy_build_error(ctx)) return detail::build_failed(*e);
    if (ctx.applied) {
      return detail::policy_condition(condition_status::true_, policy_reasons::objects_built,
                                      names::policy_messages::objects_built);
    }
    return detail::keep_previous(ctx);
  }
};

/// ComponentsCreated: the child objects are applied.
class components_created_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::components_created; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    if (ctx.applied && !ctx.build_error) {
      if (auto e = detail::policy_apply_error(ctx)) return detail::apply_failed(*e);
      return detail::policy_condition(condition_status::true_, policy_reasons::components_created,
                                      names::policy_messages::components_created);
    }
    return detail::keep_previous(ctx);
  }
};

/// Accepted (Gateway style): the controller takes the TrainJob (its runtime kind is registered).
class accepted_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::accepted; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    if (!ctx.runtime_registered) return detail::runtime_not_supported(ctx);
    return detail::policy_condition(
        condition_status::true_, policy_reasons::accepted,
        "TrainJob runtime " + detail::runtime_key(ctx.trainjob, traits_of(ctx.profile)) + " is supported");
  }
};

/// Progressing (Deployment style): True while the job makes progress, False with why it stopped.
class progressing_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::progressing; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    using detail::policy_condition;
    if (!ctx.runtime_registered) return detail::runtime_not_supported(ctx);
    const condition* failed = conditions::find(ctx.status.conditions, names::failed);
    if (failed != nullptr && failed->status == condition_status::true_) {
      if (failed->reason == names::reason_deadline_exceeded) {
        return policy_condition(condition_status::false_, policy_reasons::deadline_exceeded,
                                std::string(names::message_deadline_exceeded));
      }
      return policy_condition(condition_status::false_, policy_reasons::failed,
                              names::policy_messages::failed);
    }
    if (conditions::is_true(ctx.status.conditions, names::complete)) {
      return policy_condition(condition_status::false_, policy_reasons::completed,
                              names::policy_messages::completed);
    }
    if (auto e = detail::policy_build_error(ctx)) return detail::build_failed(*e);
    if (auto e = detail::policy_apply_error(ctx)) return detail::apply_failed(*e);
    if (ctx.trainjob.spec.is_suspended()) return detail::suspended_condition();
    return detail::trainer_progress(ctx, condition_status::unknown);
  }
};

/// DatasetInitialized, ModelInitialized, Trained: one step's outcome, Pod style.
/// Public so a runtime with steps of its own can have their conditions too:
///   set.add(std::make_shared<trainjob::step_condition_policy>("example.com/Preprocessed", "preprocess", "Preprocessing"));
class step_condition_policy final : public condition_policy {
 public:
  /// `type` the condition type, `step` the step name (step_names), `subject`
  /// how messages name the step ("Dataset initializer").
  step_condition_policy(std::string type, std::string step, std::string subject)
      : type_(std::move(type)), step_(std::move(step)), subject_(std::move(subject)) {}
  std::string_view type() const noexcept override { return type_; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    using detail::policy_condition;
    const bool finished = detail::policy_finished(ctx);
    const condition* prev = ctx.previous;
    // A finished job's stage outcomes are final, even once the JobSet is gone or recreated.
    if (finished && prev != nullptr &&
        (prev->reason == policy_reasons::succeeded || prev->reason == policy_reasons::failed ||
         prev->reason == policy_reasons::stopped)) {
      return *prev;
    }
    const condition stopped = policy_condition(condition_status::false_, policy_reasons::stopped,
                                               subject_ + " stopped because the TrainJob finished");
    if (ctx.jobset == nullptr) {
      if (prev == nullptr) return std::nullopt;
      if (finished) return stopped;
      return *prev;
    }
    std::vector<step_state> own_steps;
    const auto& steps = detail::policy_steps(ctx, own_steps);
    const step_state* s = find_step(steps, step_);
    if (s == nullptr) {
      if (finished && prev != nullptr) return stopped;
      return std::nullopt;
    }
    switch (s->phase) {
      case step_phase::succeeded:
        return policy_condition(condition_status::true_, policy_reasons::succeeded, subject_ + " succeeded");
      case step_phase::failed:
        return policy_condition(condition_status::false_, policy_reasons::failed, subject_ + " failed");
      case step_phase::running:
        if (finished) return stopped;
        return policy_condition(condition_status::false_, policy_reasons::running, subject_ + " is running");
      case step_phase::pending:
        break;
    }
    if (finished) return stopped;
    return policy_condition(condition_status::false_, policy_reasons::pending, subject_ + " is pending");
  }

 private:
  std::string type_;
  std::string step_;
  std::string subject_;
};

/// StartupPolicyCompleted: the JobSet's in-order startup policy.
class startup_policy_completed_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::startup_policy_completed; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    if (ctx.jobset == nullptr) return detail::keep_previous(ctx);
    const auto& js = ctx.jobset->status.conditions;
    if (conditions::is_true(js, names::jobset_startup_policy_completed)) {
      return detail::policy_condition(condition_status::true_, policy_reasons::completed,
                                      names::policy_messages::startup_completed);
    }
    if (conditions::is_true(js, names::jobset_startup_policy_in_progress)) {
      return detail::policy_condition(condition_status::false_, policy_reasons::in_progress,
                                      names::policy_messages::startup_in_progress);
    }
    return std::nullopt;
  }
};

/// Restarting: mirrors the JobSet's RestartingJobSet condition.
class restarting_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::restarting; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    if (ctx.jobset == nullptr) return detail::keep_previous(ctx);
    const job_set_status& js = ctx.jobset->status;
    const std::string restarts = "(restarts: " + std::to_string(js.restarts) + ")";
    const condition* r = conditions::find(js.conditions, names::jobset_restarting);
    if (r != nullptr && r->status == condition_status::true_) {
      const bool usable =
          detail::is_condition_reason_pattern(r->reason) && r->reason.size() <= max_condition_reason_length;
      return detail::policy_condition(condition_status::true_,
                                      usable ? std::string_view(r->reason) : policy_reasons::restarting,
                                      std::string(names::policy_messages::restarting_prefix) + restarts);
    }
    if (ctx.previous != nullptr || js.restarts > 0) {
      return detail::policy_condition(condition_status::false_, policy_reasons::not_restarting,
                                      std::string(names::policy_messages::not_restarting_prefix) + restarts);
    }
    return std::nullopt;
  }
};

/// Running: the trainer runs (ready) on all its replicated jobs.
class running_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::running; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    using detail::policy_condition;
    const condition finished = policy_condition(condition_status::false_, policy_reasons::finished,
                                                names::policy_messages::finished);
    if (detail::policy_finished(ctx)) return finished;
    if (ctx.trainjob.spec.is_suspended()) return detail::suspended_condition();
    std::vector<step_state> own_steps;
    const auto& steps = detail::policy_steps(ctx, own_steps);
    const step_state* trainer = find_step(steps, step_names::trainer);
    if (trainer != nullptr) {
      if (trainer->phase == step_phase::succeeded || trainer->phase == step_phase::failed) return finished;
      if (trainer->replicas > 0 && trainer->ready >= trainer->replicas) {
        return policy_condition(condition_status::true_, policy_reasons::running,
                                names::policy_messages::trainer_running_on_all);
      }
    }
    return policy_condition(condition_status::false_, policy_reasons::pending,
                            names::policy_messages::trainer_not_running_on_all);
  }
};

/// Reconciling: True while the job is not finished (kstatus reads it as InProgress).
class reconciling_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::reconciling; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    using detail::policy_condition;
    if (detail::policy_finished(ctx)) {
      return policy_condition(condition_status::false_, policy_reasons::finished,
                              names::policy_messages::finished);
    }
    // Every v2 pass sets Suspended True while spec.suspend: the job is where it was asked to be.
    if (ctx.trainjob.spec.is_suspended()) return detail::suspended_condition();
    // The helpers below word the False conditions of other policies; here they are True.
    const auto as_true = [](condition c) {
      c.status = condition_status::true_;
      return c;
    };
    if (auto e = detail::policy_build_error(ctx)) return as_true(detail::build_failed(*e));
    if (auto e = detail::policy_apply_error(ctx)) return as_true(detail::apply_failed(*e));
    return detail::trainer_progress(ctx, condition_status::true_);
  }
};

/// Stalled: True while Failed is True (kstatus reads it as Failed), absent otherwise.
class stalled_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::stalled; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    const condition* failed = conditions::find(ctx.status.conditions, names::failed);
    if (failed == nullptr || failed->status != condition_status::true_) return std::nullopt;
    // kstatus shows Stalled's message alone, so it carries the failure's.
    return detail::policy_condition(
        condition_status::true_, policy_reasons::failed,
        failed->message.empty() ? std::string(names::policy_messages::failed) : failed->message);
  }
};

/// Started: whether the trainer has started, and why not yet; True stays True.
class started_policy final : public condition_policy {
 public:
  std::string_view type() const noexcept override { return policy_names::started; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    using detail::policy_condition;
    const condition started = policy_condition(condition_status::true_, policy_reasons::started,
                                               names::policy_messages::trainer_started);
    if (ctx.previous != nullptr && ctx.previous->status == condition_status::true_) return started;
    std::vector<step_state> own_steps;
    const auto& steps = detail::policy_steps(ctx, own_steps);
    const step_state* trainer = find_step(steps, step_names::trainer);
    if ((trainer != nullptr && trainer->phase != step_phase::pending) ||
        conditions::is_true(ctx.status.conditions, names::complete)) {
      return started;
    }
    if (!ctx.runtime_registered) return detail::runtime_not_supported(ctx);
    if (conditions::is_true(ctx.status.conditions, names::failed)) {
      return policy_condition(condition_status::false_, policy_reasons::failed,
                              names::policy_messages::failed_before_start);
    }
    if (auto e = detail::policy_build_error(ctx)) return detail::build_failed(*e);
    if (auto e = detail::policy_apply_error(ctx)) return detail::apply_failed(*e);
    if (ctx.trainjob.spec.is_suspended()) return detail::suspended_condition();
    if (ctx.jobset == nullptr) {
      return policy_condition(condition_status::false_, policy_reasons::jobset_not_found,
                              names::policy_messages::jobset_not_found);
    }
    std::string waiting;
    for (std::string_view step : {step_names::dataset_initializer, step_names::model_initializer}) {
      const step_state* s = find_step(steps, step);
      if (s != nullptr && (s->phase == step_phase::pending || s->phase == step_phase::running)) {
        waiting += (waiting.empty() ? "" : ", ") + std::string(step);
      }
    }
    if (!waiting.empty()) {
      return policy_condition(condition_status::false_, policy_reasons::initializing,
                              std::string(names::policy_messages::waiting_for_initializers_prefix) + waiting);
    }
    return policy_condition(condition_status::false_, policy_reasons::pending,
                            names::policy_messages::trainer_not_started);
  }
};

/// The shipped policies' names, in the order of the table above.
inline const std::vector<std::string_view>& shipped_policy_names() {
  static const std::vector<std::string_view> names{policy_names::initialized,
                                                   policy_names::components_created,
                                                   policy_names::accepted,
                                                   policy_names::progressing,
                                                   policy_names::dataset_initialized,
                                                   policy_names::model_initialized,
                                                   policy_names::trained,
                                                   policy_names::startup_policy_completed,
                                                   policy_names::restarting,
                                                   policy_names::running,
                                                   policy_names::started,
                                                   policy_names::reconciling,
                                                   policy_names::stalled};
  return names;
}

/// A new instance of the shipped policy `name` (its condition type, exact
/// case); throws policy_error "unknown condition policy X; shipped: ..." otherwise.
inline std::shared_ptr<const condition_policy> make_shipped_policy(std::string_view name) {
  if (name == policy_names::initialized) return std::make_shared<initialized_policy>();
  if (name == policy_names::components_created) return std::make_shared<components_created_policy>();
  if (name == policy_names::accepted) return std::make_shared<accepted_policy>();
  if (name == policy_names::progressing) return std::make_shared<progressing_policy>();
  if (name == policy_names::dataset_initialized) {
    return std::make_shared<step_condition_policy>(std::string(policy_names::dataset_initialized),
                                                   std::string(step_names::dataset_initializer),
                                                   "Dataset initializer");
  }
  if (name == policy_names::model_initialized) {
    return std::make_shared<step_condition_policy>(std::string(policy_names::model_initialized),
                                                   std::string(step_names::model_initializer),
                                                   "Model initializer");
  }
  if (name == policy_names::trained) {
    return std::make_shared<step_condition_policy>(std::string(policy_names::trained),
                                                   std::string(step_names::trainer), "Trainer");
  }
  if (name == policy_names::startup_policy_completed)
    return std::make_shared<startup_policy_completed_policy>();
  if (name == policy_names::restarting) return std::make_shared<restarting_policy>();
  if (name == policy_names::running) return std::make_shared<running_policy>();
  if (name == policy_names::started) return std::make_shared<started_policy>();
  if (name == policy_names::reconciling) return std::make_shared<reconciling_policy>();
  if (name == policy_names::stalled) return std::make_shared<stalled_policy>();
  std::string list;
  for (auto n : shipped_policy_names()) list += (list.empty() ? "" : ", ") + std::string(n);
  if (is_reserved_condition_type(name)) {
    throw policy_error(
        "condition policy " + std::string(name) + ": " + std::string(name) +
        " is a built-in condition the controller owns; a policy cannot claim it; shipped: " + list);
  }
  throw policy_error("unknown condition policy " + detail::cut_bounded(name) + "; shipped: " + list);
}

/// The shipped policies `names`, in that order, as a set; an unknown name or a
/// set policy_set refuses comes back as an error (empty path) saying why.
inline result<policy_set> make_policy_set(const std::vector<std::string>& names) noexcept {
  return detail::capture<policy_set>([&] {
    policy_set set;
    for (const auto& n : names) set.add(make_shipped_policy(n));
    return set;
  });
}

}  // namespace trainjob

#endif
