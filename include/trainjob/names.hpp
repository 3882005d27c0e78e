// trainjob: every word the controller, the policies and the library write:
// condition types, reasons, messages, event fields and error texts. One
// vocabulary, so that a rule and the test that pins it spell a name the same
// way (docs/semantics.md §3).
#ifndef TRAINJOB_NAMES_HPP
#define TRAINJOB_NAMES_HPP

#include <string_view>

namespace trainjob {
namespace names {

// --- Condition types the controller writes (and v1.9's Created) -----------
inline constexpr std::string_view complete = "Complete";
inline constexpr std::string_view failed = "Failed";
inline constexpr std::string_view suspended = "Suspended";
/// v1.9 (kubeflow.org/v2alpha1) only; removed before 2.0 (docs/semantics.md §3.1).
inline constexpr std::string_view created = "Created";

/// The types releases since 2.0 write; they count against the CRD's 8
/// conditions next to any policy's.
inline constexpr std::string_view controller_types[] = {complete, failed, suspended};
/// The types no policy may own: the controller's, and v1.9's Created.
inline constexpr std::string_view reserved_types[] = {complete, failed, suspended, created};

// --- The JobSet's condition types the controller reads ---------------------
inline constexpr std::string_view jobset_completed = "Completed";
inline constexpr std::string_view jobset_failed = "Failed";
// Read by the policies only.
inline constexpr std::string_view jobset_startup_policy_completed = "StartupPolicyCompleted";
inline constexpr std::string_view jobset_startup_policy_in_progress = "StartupPolicyInProgress";
inline constexpr std::string_view jobset_restarting = "RestartingJobSet";

// --- Reasons and messages of the controller's conditions -------------------
inline constexpr std::string_view reason_suspended = "Suspended";
inline constexpr std::string_view reason_resumed = "Resumed";
inline constexpr std::string_view reason_runtime_not_supported = "TrainingRuntimeNotSupported";
inline constexpr std::string_view reason_deadline_exceeded = "DeadlineExceeded";
inline constexpr std::string_view message_suspended = "TrainJob is suspended";
inline constexpr std::string_view message_resumed = "TrainJob is resumed";
inline constexpr std::string_view message_deadline_exceeded = "TrainJob exceeded its active deadline";
// v1.9's Created.
inline constexpr std::string_view reason_jobs_creation_succeeded = "JobsCreationSucceeded";
inline constexpr std::string_view reason_jobs_build_failed = "JobsBuildFailed";
inline constexpr std::string_view reason_jobs_creation_failed = "JobsCreationFailed";
inline constexpr std::string_view message_jobs_creation_succeeded = "Succeeded to create Jobs";
inline constexpr std::string_view message_jobs_build_failed = "Failed to build Jobs";
inline constexpr std::string_view message_jobs_creation_failed = "Failed to create Jobs";

// --- The apply-failure event (docs/semantics.md §3.3) -----------------------
inline constexpr std::string_view event_type_warning = "Warning";
inline constexpr std::string_view event_resources_creation_failed = "TrainJobResourcesCreationFailed";
inline constexpr std::string_view event_action_reconciling = "Reconciling";  // events.k8s.io (v2.2+)
inline constexpr std::string_view event_message_prefix = "TrainJob resources reconciliation failed: ";
/// The API server's words for a note over 1,024 bytes (it counts bytes, says characters).
inline constexpr std::string_view event_note_refused =
    "message: Invalid value: \"\": can have at most 1024 characters";

// --- Errors a pass returns ---------------------------------------------------
inline constexpr std::string_view error_jobset_not_found = "jobset not found";
/// v2.x: followed by the runtime's key (Go's GroupKind.String()).
inline constexpr std::string_view error_unsupported_runtime = "unsupported runtime: ";
/// v1.9: followed by ": " and the runtime's key.
inline constexpr std::string_view error_runtime_not_supported_v1_9 = "the specified runtime is not supported";
/// Followed by the first broken rule (docs/semantics.md §3.6).
inline constexpr std::string_view error_status_rejected = "the API server rejects the status update: ";
/// Policies need the v2 pass; v1.9's controller predates them.
inline constexpr std::string_view error_policies_with_v1_9 =
    "condition policies are not supported with the v1.9 profile";

// --- Runtimes -------------------------------------------------------------------
inline constexpr std::string_view training_runtime = "TrainingRuntime";
inline constexpr std::string_view cluster_training_runtime = "ClusterTrainingRuntime";
/// v1.9's API group (kubeflow.org/v2alpha1), its runtimeRef default.
inline constexpr std::string_view legacy_api_group = "kubeflow.org";

// --- The shipped policies' condition types (trainjob/policies.hpp) ------------
namespace policy_types {
inline constexpr std::string_view initialized = "Initialized";
inline constexpr std::string_view components_created = "ComponentsCreated";
inline constexpr std::string_view accepted = "Accepted";
inline constexpr std::string_view progressing = "Progressing";
inline constexpr std::string_view dataset_initialized = "DatasetInitialized";
inline constexpr std::string_view model_initialized = "ModelInitialized";
inline constexpr std::string_view trained = "Trained";
inline constexpr std::string_view startup_policy_completed = "StartupPolicyCompleted";
inline constexpr std::string_view restarting = "Restarting";
inline constexpr std::string_view running = "Running";
inline constexpr std::string_view started = "Started";
inline constexpr std::string_view reconciling = "Reconciling";
inline constexpr std::string_view stalled = "Stalled";
}  // namespace policy_types

// --- Their reasons ------------------------------------------------------------------
namespace policy_reasons {
inline constexpr std::string_view objects_built = "ObjectsBuilt";
inline constexpr std::string_view build_failed = "BuildFailed";
inline constexpr std::string_view apply_failed = "ApplyFailed";
inline constexpr std::string_view runtime_not_supported = "RuntimeNotSupported";
inline constexpr std::string_view components_created = "ComponentsCreated";
inline constexpr std::string_view accepted = "Accepted";
inline constexpr std::string_view starting = "Starting";
inline constexpr std::string_view running = "Running";
inline constexpr std::string_view suspended = "Suspended";
inline constexpr std::string_view completed = "Completed";
inline constexpr std::string_view failed = "Failed";
inline constexpr std::string_view deadline_exceeded = "DeadlineExceeded";
inline constexpr std::string_view jobset_not_found = "JobSetNotFound";
inline constexpr std::string_view succeeded = "Succeeded";
inline constexpr std::string_view pending = "Pending";
inline constexpr std::string_view stopped = "Stopped";
inline constexpr std::string_view in_progress = "InProgress";
inline constexpr std::string_view restarting = "Restarting";
inline constexpr std::string_view not_restarting = "NotRestarting";
inline constexpr std::string_view finished = "Finished";
inline constexpr std::string_view started = "Started";
inline constexpr std::string_view initializing = "Initializing";
}  // namespace policy_reasons

// --- Their messages (a name ending in _prefix is followed by more text) -----------
namespace policy_messages {
inline constexpr std::string_view build_failed_prefix = "TrainJob objects could not be built: ";
inline constexpr std::string_view apply_failed_prefix = "TrainJob components could not be applied: ";
inline constexpr std::string_view suspended = "TrainJob is suspended";
inline constexpr std::string_view objects_built = "TrainJob runtime was resolved and its objects were built";
inline constexpr std::string_view components_created = "TrainJob components were applied";
inline constexpr std::string_view failed = "TrainJob has failed";
inline constexpr std::string_view completed = "TrainJob has completed";
inline constexpr std::string_view jobset_not_found = "TrainJob's JobSet was not found";
inline constexpr std::string_view trainer_running = "TrainJob trainer is running";
inline constexpr std::string_view waiting_for_trainer = "TrainJob is waiting for its trainer to start";
inline constexpr std::string_view startup_completed = "JobSet started its replicated jobs in order";
inline constexpr std::string_view startup_in_progress = "JobSet is starting its replicated jobs in order";
inline constexpr std::string_view finished = "TrainJob has finished";
inline constexpr std::string_view trainer_running_on_all = "TrainJob trainer is running on all its replicas";
inline constexpr std::string_view trainer_not_running_on_all =
    "TrainJob trainer is not running on all its replicas yet";
inline constexpr std::string_view trainer_started = "TrainJob trainer has started";
inline constexpr std::string_view failed_before_start = "TrainJob failed before its trainer started";
inline constexpr std::string_view trainer_not_started = "TrainJob trainer has not started yet";
inline constexpr std::string_view restarting_prefix = "JobSet is restarting its jobs ";
inline constexpr std::string_view not_restarting_prefix = "JobSet is not restarting ";
inline constexpr std::string_view waiting_for_initializers_prefix =
    "TrainJob is waiting for its initializers: ";
}  // namespace policy_messages

// --- The training steps, by the ancestor-step label's values (trainjob/steps.hpp) ---
namespace steps {
inline constexpr std::string_view dataset_initializer = "dataset-initializer";
inline constexpr std::string_view model_initializer = "model-initializer";
inline constexpr std::string_view trainer = "trainer";
}  // namespace steps

}  // namespace names

// The spellings of earlier versions, kept so that code written against them compiles.
namespace policy_names = names::policy_types;
namespace policy_reasons = names::policy_reasons;
namespace step_names = names::steps;

}  // namespace trainjob

#endif
