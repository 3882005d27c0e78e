// trainjob: the Kubeflow Trainer and JobSet API types, as plain values.
//
// Field names follow the Go API in lower_snake_case. Each struct keeps the
// JSON members it does not model in `unknown_fields`, so decode -> encode is
// lossless at every level. `unknown_fields` is null or an object, and null
// means the same as {}: none. A default-constructed value holds null, so that
// a decoded TrainJob does not allocate 37 empty maps (memory and time of Lists);
// the decoder turns it into an object at the first unknown member.
// Sub-objects that belong to core Kubernetes (env, resources, pod templates,
// the JobSet spec) are kept as `nlohmann::json`, where JSON null means "absent".
#ifndef TRAINJOB_TYPES_HPP
#define TRAINJOB_TYPES_HPP

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/timestamp.hpp"

namespace trainjob {

using string_map = std::map<std::string, std::string>;

/// API group and defaults used by the Trainer controller.
inline constexpr std::string_view trainer_api_group = "trainer.kubeflow.org";
inline constexpr std::string_view trainer_api_version = "trainer.kubeflow.org/v1alpha1";
inline constexpr std::string_view jobset_api_group = "jobset.x-k8s.io";
inline constexpr std::string_view jobset_api_version = "jobset.x-k8s.io/v1alpha2";
inline constexpr std::string_view default_runtime_kind = "ClusterTrainingRuntime";
inline constexpr std::string_view builtin_manager = "trainer.kubeflow.org/trainjob-controller";
inline constexpr std::string_view multikueue_manager = "kueue.x-k8s.io/multikueue";
/// Label on a runtime's replicated jobs naming the TrainJob step they run.
inline constexpr std::string_view ancestor_step_label = "trainer.kubeflow.org/trainjob-ancestor-step";

/// metav1.ObjectMeta.
struct object_meta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string uid;
  std::string resource_version;
  std::int64_t generation = 0;
  timestamp creation_timestamp;
  timestamp deletion_timestamp;
  string_map labels;
  string_map annotations;
  std::vector<std::string> finalizers;
  nlohmann::json owner_references;  // []OwnerReference, kept as JSON
  nlohmann::json managed_fields;    // []ManagedFieldsEntry, kept as JSON
  nlohmann::json unknown_fields;    // null or an object: see above
};

/// TrainJob spec.runtimeRef. Kind and apiGroup are pointers upstream: the CRD
/// default fills in an absent field only, so an explicit "" stays "" and
/// names no registered runtime (docs/semantics.md §2.4).
struct runtime_ref {
  std::string name;
  std::optional<std::string> api_group;
  std::optional<std::string> kind;
  nlohmann::json unknown_fields;  // null or an object: see above

  std::string_view effective_api_group() const noexcept {
    return api_group ? std::string_view(*api_group) : trainer_api_group;
  }
  std::string_view effective_kind() const noexcept {
    return kind ? std::string_view(*kind) : default_runtime_kind;
  }
};

/// spec.initializer.dataset / spec.initializer.model (same shape upstream).
struct storage_initializer {
  std::optional<std::string> storage_uri;
  nlohmann::json env;             // []corev1.EnvVar
  nlohmann::json secret_ref;      // corev1.LocalObjectReference
  nlohmann::json unknown_fields;  // null or an object: see above
};
using dataset_initializer = storage_initializer;
using model_initializer = storage_initializer;

struct initializer {
  std::optional<dataset_initializer> dataset;
  std::optional<model_initializer> model;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// spec.trainer.
struct trainer {
  std::optional<std::string> image;
  std::vector<std::string> command;
  std::vector<std::string> args;
  nlohmann::json env;  // []corev1.EnvVar
  std::optional<std::int32_t> num_nodes;
  nlohmann::json resources_per_node;  // corev1.ResourceRequirements
  nlohmann::json num_proc_per_node;   // int32 (v2.1+) or IntOrString "auto" (v2.0)
  nlohmann::json unknown_fields;      // null or an object: see above
};

/// TrainJob spec, union of the fields of v2.0 .. master.
struct train_job_spec {
  trainjob::runtime_ref runtime_ref;
  std::optional<trainjob::initializer> initializer;
  std::optional<trainjob::trainer> trainer;
  string_map labels;                      // v2.0
  string_map annotations;                 // v2.0
  nlohmann::json pod_spec_overrides;      // v2.0
  nlohmann::json pod_template_overrides;  // v2.1
  nlohmann::json runtime_patches;         // v2.2+
  std::optional<bool> suspend;
  std::optional<std::string> managed_by;
  std::optional<std::int64_t> active_deadline_seconds;  // v2.2+
  nlohmann::json unknown_fields;                        // null or an object: see above

  bool is_suspended() const noexcept { return suspend.value_or(false); }
  /// The controller that owns the job: the CRD default when unset.
  std::string_view effective_managed_by() const noexcept {
    return managed_by ? std::string_view(*managed_by) : builtin_manager;
  }
};

/// TrainJob status.jobsStatus[]. Counts are pointers upstream.
struct job_status {
  std::string name;
  std::optional<std::int32_t> ready;
  std::optional<std::int32_t> succeeded;
  std::optional<std::int32_t> failed;
  std::optional<std::int32_t> active;
  std::optional<std::int32_t> suspended;
  nlohmann::json unknown_fields;  // null or an object: see above
};

struct train_job_status {
  std::vector<condition> conditions;
  std::vector<job_status> jobs_status;  // v2.1+
  nlohmann::json trainer_status;        // v2.2+, not interpreted
  nlohmann::json unknown_fields;        // null or an object: see above
};

/// trainer.kubeflow.org/v1alpha1 TrainJob.
struct train_job {
  std::string api_version;
  std::string kind;
  object_meta metadata;
  train_job_spec spec;
  train_job_status status;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// TrainingRuntime spec.mlPolicy; the framework policies are kept as JSON.
struct ml_policy {
  std::optional<std::int32_t> num_nodes;
  nlohmann::json torch, mpi, flux, jax, xgboost;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// TrainingRuntime spec.template: a JobSet template.
struct job_set_template {
  nlohmann::json metadata;
  nlohmann::json spec;            // JobSetSpec
  nlohmann::json unknown_fields;  // null or an object: see above
};

struct training_runtime_spec {
  std::optional<trainjob::ml_policy> ml_policy;
  nlohmann::json pod_group_policy;
  job_set_template template_;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// TrainingRuntime (namespaced). No status upstream.
struct training_runtime {
  std::string api_version;
  std::string kind;
  object_meta metadata;
  training_runtime_spec spec;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// ClusterTrainingRuntime: the same shape, cluster-scoped, its own kind.
struct cluster_training_runtime : training_runtime {};

/// JobSet status.replicatedJobsStatus[].
struct replicated_job_status {
  std::string name;
  std::int32_t ready = 0;
  std::int32_t succeeded = 0;
  std::int32_t failed = 0;
  std::int32_t active = 0;
  std::int32_t suspended = 0;
  nlohmann::json unknown_fields;  // null or an object: see above
};

struct job_set_status {
  std::vector<condition> conditions;
  std::int32_t restarts = 0;
  std::int32_t restarts_count_towards_max = 0;
  std::string terminal_state;  // "Completed", "Failed" or ""
  std::vector<replicated_job_status> replicated_jobs_status;
  nlohmann::json unknown_fields;  // null or an object: see above
};

/// jobset.x-k8s.io/v1alpha2 JobSet; the spec is kept as JSON.
struct job_set {
  std::string api_version;
  std::string kind;
  object_meta metadata;
  nlohmann::json spec;
  job_set_status status;
  nlohmann::json unknown_fields;  // null or an object: see above
};

namespace detail {

template <>
struct fields<object_meta> {
  using T = object_meta;
  static constexpr auto value = std::make_tuple(
      field("name", &T::name), field("generateName", &T::generate_name), field("namespace", &T::namespace_),
      field("uid", &T::uid), field("resourceVersion", &T::resource_version),
      field("generation", &T::generation), field("creationTimestamp", &T::creation_timestamp),
      field("deletionTimestamp", &T::deletion_timestamp), field("labels", &T::labels),
      field("annotations", &T::annotations), field("finalizers", &T::finalizers),
      field("ownerReferences", &T::owner_references), field("managedFields", &T::managed_fields));
};
template <>
struct fields<runtime_ref> {
  using T = runtime_ref;
  static constexpr auto value = std::make_tuple(field("name", &T::name, emit::always, true),
                                                field("apiGroup", &T::api_group), field("kind", &T::kind));
};
template <>
struct fields<storage_initializer> {
  using T = storage_initializer;
  static constexpr auto value = std::make_tuple(field("storageUri", &T::storage_uri), field("env", &T::env),
                                                field("secretRef", &T::secret_ref));
};
template <>
struct fields<initializer> {
  using T = initializer;
  static constexpr auto value = std::make_tuple(field("dataset", &T::dataset), field("model", &T::model));
};
template <>
struct fields<trainer> {
  using T = trainer;
  static constexpr auto value = std::make_tuple(
      field("image", &T::image), field("command", &T::command), field("args", &T::args),
      field("env", &T::env), field("numNodes", &T::num_nodes),
      field("resourcesPerNode", &T::resources_per_node), field("numProcPerNode", &T::num_proc_per_node));
};
template <>
struct fields<train_job_spec> {
  using T = train_job_spec;
  static constexpr auto value = std::make_tuple(
      field("runtimeRef", &T::runtime_ref, emit::always, true), field("initializer", &T::initializer),
      field("trainer", &T::trainer), field("labels", &T::labels), field("annotations", &T::annotations),
      field("podSpecOverrides", &T::pod_spec_overrides),
      field("podTemplateOverrides", &T::pod_template_overrides), field("runtimePatches", &T::runtime_patches),
      field("suspend", &T::suspend), field("managedBy", &T::managed_by),
      field("activeDeadlineSeconds", &T::active_deadline_seconds));
};
template <>
struct fields<job_status> {
  using T = job_status;
  static constexpr auto value =
      std::make_tuple(field("name", &T::name, emit::always, true), field("ready", &T::ready),
                      field("succeeded", &T::succeeded), field("failed", &T::failed),
                      field("active", &T::active), field("suspended", &T::suspended));
};
template <>
struct fields<train_job_status> {
  using T = train_job_status;
  static constexpr auto value =
      std::make_tuple(field("conditions", &T::conditions), field("jobsStatus", &T::jobs_status),
                      field("trainerStatus", &T::trainer_status));
};
template <>
struct fields<train_job> {
  using T = train_job;
  static constexpr auto value = std::make_tuple(
      field("apiVersion", &T::api_version), field("kind", &T::kind), field("metadata", &T::metadata),
      field("spec", &T::spec, emit::always, true), field("status", &T::status));
};
template <>
struct fields<ml_policy> {
  using T = ml_policy;
  static constexpr auto value =
      std::make_tuple(field("numNodes", &T::num_nodes), field("torch", &T::torch), field("mpi", &T::mpi),
                      field("flux", &T::flux), field("jax", &T::jax), field("xgboost", &T::xgboost));
};
template <>
struct fields<job_set_template> {
  using T = job_set_template;
  static constexpr auto value = std::make_tuple(field("metadata", &T::metadata), field("spec", &T::spec));
};
template <>
struct fields<training_runtime_spec> {
  using T = training_runtime_spec;
  static constexpr auto value =
      std::make_tuple(field("mlPolicy", &T::ml_policy), field("podGroupPolicy", &T::pod_group_policy),
                      field("template", &T::template_));
};
template <>
struct fields<training_runtime> {
  using T = training_runtime;
  static constexpr auto value = std::make_tuple(field("apiVersion", &T::api_version), field("kind", &T::kind),
                                                field("metadata", &T::metadata), field("spec", &T::spec));
};
template <>
struct fields<cluster_training_runtime> : fields<training_runtime> {};
template <>
struct fields<replicated_job_status> {
  using T = replicated_job_status;
  // Required int32 fields upstream: always written.
  static constexpr auto value = std::make_tuple(
      field("name", &T::name, emit::always, true), field("ready", &T::ready, emit::always),
      field("succeeded", &T::succeeded, emit::always), field("failed", &T::failed, emit::always),
      field("active", &T::active, emit::always), field("suspended", &T::suspended, emit::always));
};
template <>
struct fields<job_set_status> {
  using T = job_set_status;
  static constexpr auto value = std::make_tuple(
      field("conditions", &T::conditions), field("restarts", &T::restarts),
      field("restartsCountTowardsMax", &T::restarts_count_towards_max),
      field("terminalState", &T::terminal_state), field("replicatedJobsStatus", &T::replicated_jobs_status));
};
template <>
struct fields<job_set> {
  using T = job_set;
  static constexpr auto value =
      std::make_tuple(field("apiVersion", &T::api_version), field("kind", &T::kind),
                      field("metadata", &T::metadata), field("spec", &T::spec), field("status", &T::status));
};

/// The kind and API group an object of each top-level type must carry; the
/// legacy group is v1.9's kubeflow.org/v2alpha1.
template <class T>
struct object_kind;
template <>
struct object_kind<train_job> {
  static constexpr std::string_view kind = "TrainJob", group = "trainer.kubeflow.org",
                                    legacy_group = "kubeflow.org";
};
template <>
struct object_kind<training_runtime> {
  static constexpr std::string_view kind = "TrainingRuntime", group = "trainer.kubeflow.org",
                                    legacy_group = "kubeflow.org";
};
template <>
struct object_kind<cluster_training_runtime> {
  static constexpr std::string_view kind = "ClusterTrainingRuntime", group = "trainer.kubeflow.org",
                                    legacy_group = "kubeflow.org";
};
template <>
struct object_kind<job_set> {
  static constexpr std::string_view kind = "JobSet", group = "jobset.x-k8s.io", legacy_group = "";
};

/// check_kind's rule for a present, non-null apiVersion: "<group>/<version>"
/// of T's group or of its legacy group.
template <class T>
constexpr bool api_version_in_group(std::string_view got) noexcept {
  const auto in_group = [got](std::string_view group) {
    return !group.empty() && got.size() > group.size() && got.compare(0, group.size(), group) == 0 &&
           got[group.size()] == '/';
  };
  return in_group(object_kind<T>::group) || in_group(object_kind<T>::legacy_group);
}

}  // namespace detail

// Equality is exact over every modelled and unknown field (times at second precision).
#define TRAINJOB_DETAIL_EQUALITY(T)                                                     \
  inline bool operator==(const T& a, const T& b) { return detail::fields_equal(a, b); } \
  inline bool operator!=(const T& a, const T& b) { return !detail::fields_equal(a, b); }
TRAINJOB_DETAIL_EQUALITY(object_meta)
TRAINJOB_DETAIL_EQUALITY(runtime_ref)
TRAINJOB_DETAIL_EQUALITY(storage_initializer)
TRAINJOB_DETAIL_EQUALITY(initializer)
TRAINJOB_DETAIL_EQUALITY(trainer)
TRAINJOB_DETAIL_EQUALITY(train_job_spec)
TRAINJOB_DETAIL_EQUALITY(job_status)
TRAINJOB_DETAIL_EQUALITY(train_job_status)
TRAINJOB_DETAIL_EQUALITY(train_job)
TRAINJOB_DETAIL_EQUALITY(ml_policy)
TRAINJOB_DETAIL_EQUALITY(job_set_template)
TRAINJOB_DETAIL_EQUALITY(training_runtime_spec)
TRAINJOB_DETAIL_EQUALITY(training_runtime)
TRAINJOB_DETAIL_EQUALITY(cluster_training_runtime)
TRAINJOB_DETAIL_EQUALITY(replicated_job_status)
TRAINJOB_DETAIL_EQUALITY(job_set_status)
TRAINJOB_DETAIL_EQUALITY(job_set)
#undef TRAINJOB_DETAIL_EQUALITY

}  // namespace trainjob

#endif
