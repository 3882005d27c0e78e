// trainjob: the upstream releases whose controller behaviour the library reproduces.
#ifndef TRAINJOB_PROFILE_HPP
#define TRAINJOB_PROFILE_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "trainjob/detail/utf8.hpp"

namespace trainjob {

/// One upstream release's controller behaviour (DESIGN §3).
enum class profile { v1_9, v2_0, v2_1, v2_2, v2_3, latest };

/// "v1.9", "v2.0", "v2.1", "v2.2", "v2.3", "latest".
constexpr std::string_view to_string(profile p) noexcept {
  switch (p) {
    case profile::v1_9: return "v1.9";
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
  if (s == "v1.9") return profile::v1_9;
  if (s == "v2.0") return profile::v2_0;
  if (s == "v2.1") return profile::v2_1;
  if (s == "v2.2") return profile::v2_2;
  if (s == "v2.3") return profile::v2_3;
  if (s == "latest") return profile::latest;
  return std::nullopt;
}

/// The releases since 2.0 (the TrainJob API as it ships); v1.9 is the legacy
/// `kubeflow.org/v2alpha1` controller with its `Created` condition.
inline constexpr profile all_profiles[] = {profile::v2_0, profile::v2_1, profile::v2_2, profile::v2_3,
                                           profile::latest};

/// The differences between releases, as switches; `traits_of` gives each profile's.
struct profile_traits {
  bool finished_is_final;          // v2.0: a finished job is not reconciled at all
  bool apply_when_finished;        // v2.1: objects are re-applied after the end
  bool complete_only_when_both;    // v2.0: JobSet Completed and Failed both True -> only Complete
  bool writes_jobs_status;         // v2.1+: jobsStatus rebuilt from the JobSet
  bool removes_failed_each_pass;   // v2.0..v2.3: a non-deadline Failed is removed, then re-derived
                                   // (v2.0 reaches it only with a Failed that is not True)
  bool not_found_when_finished_ok; // v2.2+: a missing JobSet of a finished job is no error
  bool active_deadline;            // v2.2+: spec.activeDeadlineSeconds
  bool skips_foreign_manager;      // v2.3+: spec.managedBy of another controller is left alone
  bool legacy_created;             // v1.9: the Created condition, kubeflow.org runtimes
  bool events_api_recorder;        // v2.2+: events.k8s.io recorder, the note goes through Sprintf
};

constexpr profile_traits traits_of(profile p) noexcept {
  switch (p) {
    case profile::v1_9: return {true, false, true, false, false, false, false, false, true, false};
    case profile::v2_0: return {true, false, true, false, true, false, false, false, false, false};
    case profile::v2_1: return {false, true, false, true, true, false, false, false, false, false};
    case profile::v2_2: return {false, false, false, true, true, true, true, false, false, true};
    case profile::v2_3: return {false, false, false, true, true, true, true, true, false, true};
    case profile::latest: return {false, false, false, true, false, true, true, true, false, true};
  }
  return {false, false, false, true, false, true, true, true, false, true};
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
inline constexpr std::string_view event_action_reconciling = "Reconciling";  // events.k8s.io (v2.2+)
inline constexpr std::string_view error_jobset_not_found = "jobset not found";
// v1.9 (kubeflow.org/v2alpha1): Created, removed before 2.0 (kubeflow/trainer 2459).
inline constexpr std::string_view created = "Created";
inline constexpr std::string_view reason_jobs_creation_succeeded = "JobsCreationSucceeded";
inline constexpr std::string_view reason_jobs_build_failed = "JobsBuildFailed";
inline constexpr std::string_view reason_jobs_creation_failed = "JobsCreationFailed";
inline constexpr std::string_view message_jobs_creation_succeeded = "Succeeded to create Jobs";
inline constexpr std::string_view message_jobs_build_failed = "Failed to build Jobs";
inline constexpr std::string_view message_jobs_creation_failed = "Failed to create Jobs";
inline constexpr std::string_view error_runtime_not_supported_v1_9 = "the specified runtime is not supported";
inline constexpr std::string_view legacy_api_group = "kubeflow.org";
}  // namespace names

namespace detail {

/// `prefix` + the error cut as upstream cuts its apply-failure event: 950
/// code points (an invalid byte counts as one), + " ..." when the error is
/// longer than 950 bytes.
inline std::string upstream_error_cut(std::string_view prefix, std::string_view error) {
  constexpr std::size_t max_runes = 950;
  std::size_t pos = 0, runes = 0;
  while (pos < error.size() && runes < max_runes) {
    // Go's range over a string: a well-formed sequence is one rune; any
    // other byte (overlong forms, surrogates, a cut sequence) is one rune.
    const std::size_t n = utf8_sequence(error, pos);
    pos += n == 0 ? 1 : n;
    ++runes;
  }
  std::string out(prefix);
  out.append(error.data(), pos);
  if (error.size() > max_runes) out += " ...";
  return out;
}

}  // namespace detail
}  // namespace trainjob

#endif
