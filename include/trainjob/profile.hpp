// trainjob: the upstream releases whose controller the library reproduces,
// each written as what changed from the release before it.
//
// Read the table at the bottom from top to bottom to see v1.9 -> v2.0 -> v2.1
// -> v2.2 -> v2.3 -> latest side by side; docs/semantics.md §3 says what each
// switch means for a pass, and the test that pins it.
//
// Adding a release is one edit in this file: a name in `profile`, its rules as
// a difference from the previous release, a row in `releases`. Every front end
// (tool, C ABI, bindings, scenarios) and every "expected ..." message picks it
// up, as does every test that loops over `releases`, `every_profile` or
// `all_profiles`; the scenarios then want one expected file each for it
// (tests/scenarios/NAME.PROFILE.expected.jsonl).
#ifndef TRAINJOB_PROFILE_HPP
#define TRAINJOB_PROFILE_HPP

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "trainjob/detail/quote.hpp"

namespace trainjob {

/// One upstream release's controller behaviour, in release order.
enum class profile { v1_9, v2_0, v2_1, v2_2, v2_3, latest };

/// The differences between releases, as named switches. A value-initialised
/// `profile_traits{}` has every switch off.
struct profile_traits {
  /// v1.9: kubeflow.org/v2alpha1 — the Created condition, kubeflow.org runtimes, its own pass (§3.1).
  bool legacy_created = false;
  /// A finished job (Complete or Failed True) is not reconciled at all.
  bool finished_is_final = false;
  /// The child objects are applied again after the job has finished.
  bool apply_when_finished = false;
  /// JobSet Completed and Failed both True: only Complete is copied.
  bool complete_only_when_both = false;
  /// status.jobsStatus is rebuilt from the JobSet's replicatedJobsStatus.
  bool writes_jobs_status = false;
  /// A Failed other than DeadlineExceeded is removed at the start of each pass, then re-derived (§3.5).
  bool removes_failed_each_pass = false;
  /// A missing JobSet of a finished job is no error.
  bool not_found_when_finished_ok = false;
  /// spec.activeDeadlineSeconds (§3.4).
  bool active_deadline = false;
  /// The events.k8s.io recorder: the event note goes through Go's Sprintf and is limited (§3.3).
  bool events_api_recorder = false;
  /// A job whose spec.managedBy names another controller is left alone.
  bool skips_foreign_manager = false;
};

/// A release: its profile, the name the tool and the messages use, the upstream
/// tag whose controller it reproduces, and its rules.
struct release {
  trainjob::profile profile;
  std::string_view name;
  std::string_view upstream;
  profile_traits traits;
};

namespace release_rules {

// kubeflow.org/v2alpha1 as of v1.9.2: the Created condition; finished jobs are
// left alone; of a JobSet both Completed and Failed, only Complete is copied.
inline constexpr profile_traits v1_9 = [] {
  profile_traits t{};
  t.legacy_created = true;
  t.finished_is_final = true;
  t.complete_only_when_both = true;
  return t;
}();

// v2.0.0, trainer.kubeflow.org/v1alpha1 (API group: kubeflow/trainer #2413).
// Created goes and a stale Failed is removed at the start of each pass
// (#2621 "Remove TrainJobCreated condition", for issue #2459).
inline constexpr profile_traits v2_0 = [] {
  profile_traits t = v1_9;
  t.legacy_created = false;
  t.removes_failed_each_pass = true;
  return t;
}();

// v2.1.0, #2802 "Sync TrainJob JobsStatus from JobSet ReplicatedJobsStatus":
// the early return for a finished job goes, so its objects are re-applied;
// the JobSet's Complete and Failed are both copied; jobsStatus is written.
inline constexpr profile_traits v2_1 = [] {
  profile_traits t = v2_0;
  t.finished_is_final = false;
  t.apply_when_finished = true;
  t.complete_only_when_both = false;
  t.writes_jobs_status = true;
  return t;
}();

// v2.2.0: a finished job's objects are not re-applied and its missing JobSet
// is no error (#3013, JobSet TTL); activeDeadlineSeconds, whose Failed the
// stale-Failed removal keeps (#3258); the events.k8s.io recorder (#3127).
inline constexpr profile_traits v2_2 = [] {
  profile_traits t = v2_1;
  t.apply_when_finished = false;
  t.not_found_when_finished_ok = true;
  t.active_deadline = true;
  t.events_api_recorder = true;
  return t;
}();

// v2.3.0: a job managed by another controller (spec.managedBy) is skipped (#3681).
inline constexpr profile_traits v2_3 = [] {
  profile_traits t = v2_2;
  t.skips_foreign_manager = true;
  return t;
}();

// The default branch, after v2.3.0: the stale-Failed removal is gone, so a
// Failed stays terminal (#3891, for issue #3779).
inline constexpr profile_traits latest = [] {
  profile_traits t = v2_3;
  t.removes_failed_each_pass = false;
  return t;
}();

}  // namespace release_rules

/// Every release, oldest first; `profile` values index it.
inline constexpr release releases[] = {
    {profile::v1_9, "v1.9", "kubeflow/trainer v1.9.2", release_rules::v1_9},
    {profile::v2_0, "v2.0", "kubeflow/trainer v2.0.0", release_rules::v2_0},
    {profile::v2_1, "v2.1", "kubeflow/trainer v2.1.0", release_rules::v2_1},
    {profile::v2_2, "v2.2", "kubeflow/trainer v2.2.0", release_rules::v2_2},
    {profile::v2_3, "v2.3", "kubeflow/trainer v2.3.0", release_rules::v2_3},
    {profile::latest, "latest", "kubeflow/trainer master", release_rules::latest},
};
inline constexpr std::size_t release_count = sizeof(releases) / sizeof(releases[0]);

namespace detail {

constexpr bool releases_in_order() noexcept {
  for (std::size_t i = 0; i < release_count; ++i) {
    if (static_cast<std::size_t>(releases[i].profile) != i) return false;
  }
  return true;
}
static_assert(releases_in_order(), "releases[] must list every profile once, in the enum's order");

constexpr std::size_t count_v2_releases() noexcept {
  std::size_t n = 0;
  for (const auto& r : releases) n += r.traits.legacy_created ? 0 : 1;
  return n;
}

constexpr std::array<profile, count_v2_releases()> v2_releases() noexcept {
  std::array<profile, count_v2_releases()> out{};
  std::size_t n = 0;
  for (const auto& r : releases) {
    if (!r.traits.legacy_created) out[n++] = r.profile;
  }
  return out;
}

}  // namespace detail

/// The release's row.
constexpr const release& release_of(profile p) noexcept {
  const auto i = static_cast<std::size_t>(p);
  return releases[i < release_count ? i : release_count - 1];
}

/// "v1.9", "v2.0", "v2.1", "v2.2", "v2.3", "latest".
constexpr std::string_view to_string(profile p) noexcept { return release_of(p).name; }

/// Accepts the names `to_string` gives.
constexpr std::optional<profile> profile_from_string(std::string_view s) noexcept {
  for (const auto& r : releases) {
    if (r.name == s) return r.profile;
  }
  return std::nullopt;
}

constexpr profile_traits traits_of(profile p) noexcept { return release_of(p).traits; }

/// Every release's profile, v1.9 first, latest last.
inline constexpr auto every_profile = [] {
  std::array<profile, release_count> out{};
  for (std::size_t i = 0; i < release_count; ++i) out[i] = releases[i].profile;
  return out;
}();

/// The releases since 2.0 (the TrainJob API as it ships); v1.9 is the legacy
/// `kubeflow.org/v2alpha1` controller with its `Created` condition.
inline constexpr auto all_profiles = detail::v2_releases();

/// The release names joined for a message: "v1.9, v2.0, ... or latest" with
/// `last` = " or ", "v1.9, v2.0, ..., latest" with `last` = ", ".
inline std::string profile_names(std::string_view last = " or ") {
  std::string out;
  for (std::size_t i = 0; i < release_count; ++i) {
    if (i > 0) out += i + 1 == release_count ? last : std::string_view(", ");
    out += releases[i].name;
  }
  return out;
}

/// Why `name` is no profile, as every front end says it:
/// `unknown profile "v3": expected v1.9, v2.0, ... or latest`.
inline std::string unknown_profile_message(std::string_view name) {
  return "unknown profile " + detail::quote_bounded(name) + ": expected " + profile_names(" or ");
}

/// Whether the profile runs condition policies: they need the v2 pass, and
/// v1.9's controller predates them (names::error_policies_with_v1_9).
constexpr bool supports_policies(profile p) noexcept { return !traits_of(p).legacy_created; }

}  // namespace trainjob

#endif
