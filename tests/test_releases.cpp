// Tests for the release table (trainjob/profile.hpp), the vocabulary
// (trainjob/names.hpp) and the lint rule ids: each release's switches as the
// positional table before them had them, names and parsing derived from the
// table, every front-end message built from it.
#include <cstddef>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "fixtures.hpp"
#include "trainjob/lint.hpp"
#include "trainjob/names.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"

using trainjob::profile_traits;

namespace {

/// The switches in one fixed order, to compare whole rows.
std::string row(const profile_traits& t) {
  std::string s;
  for (bool b : {t.finished_is_final, t.apply_when_finished, t.complete_only_when_both, t.writes_jobs_status,
                 t.removes_failed_each_pass, t.not_found_when_finished_ok, t.active_deadline,
                 t.skips_foreign_manager, t.legacy_created, t.events_api_recorder}) {
    s += b ? '1' : '0';
  }
  return s;
}

}  // namespace

TEST_CASE("Each release keeps the switches it had as a positional row") {
  // The rows of the table the named differences replaced (finished_is_final,
  // apply_when_finished, complete_only_when_both, writes_jobs_status,
  // removes_failed_each_pass, not_found_when_finished_ok, active_deadline,
  // skips_foreign_manager, legacy_created, events_api_recorder).
  CHECK(row(trainjob::traits_of(profile::v1_9)) == "1010000010");
  CHECK(row(trainjob::traits_of(profile::v2_0)) == "1010100000");
  CHECK(row(trainjob::traits_of(profile::v2_1)) == "0101100000");
  CHECK(row(trainjob::traits_of(profile::v2_2)) == "0001111001");
  CHECK(row(trainjob::traits_of(profile::v2_3)) == "0001111101");
  CHECK(row(trainjob::traits_of(profile::latest)) == "0001011101");
}

TEST_CASE("Every release differs from the one before it") {
  for (std::size_t i = 1; i < trainjob::release_count; ++i) {
    INFO(trainjob::releases[i].name);
    CHECK(row(trainjob::releases[i].traits) != row(trainjob::releases[i - 1].traits));
  }
}

TEST_CASE("Names, parsing and the lists come from the one table") {
  std::set<std::string_view> seen;
  for (const auto& r : trainjob::releases) {
    INFO(r.name);
    CHECK(seen.insert(r.name).second);
    CHECK(trainjob::to_string(r.profile) == r.name);
    CHECK(trainjob::profile_from_string(r.name) == r.profile);
    CHECK(&trainjob::release_of(r.profile) == &r);
    CHECK_FALSE(r.upstream.empty());
  }
  CHECK_FALSE(trainjob::profile_from_string("v3.0"));
  CHECK_FALSE(trainjob::profile_from_string(""));
  CHECK_FALSE(trainjob::profile_from_string("V2.0"));

  REQUIRE(std::size(trainjob::every_profile) == trainjob::release_count);
  CHECK(trainjob::every_profile.front() == profile::v1_9);
  CHECK(trainjob::every_profile.back() == profile::latest);
  // all_profiles: the releases since 2.0, in order.
  REQUIRE(std::size(trainjob::all_profiles) == trainjob::release_count - 1);
  for (std::size_t i = 0; i < std::size(trainjob::all_profiles); ++i) {
    CHECK(trainjob::all_profiles[i] == trainjob::every_profile[i + 1]);
    CHECK_FALSE(trainjob::traits_of(trainjob::all_profiles[i]).legacy_created);
  }

  CHECK(trainjob::profile_names() == "v1.9, v2.0, v2.1, v2.2, v2.3 or latest");
  CHECK(trainjob::profile_names(", ") == "v1.9, v2.0, v2.1, v2.2, v2.3, latest");
  CHECK(trainjob::unknown_profile_message("v3") ==
        "unknown profile \"v3\": expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest");
  // A long name is cut, not repeated whole.
  CHECK(trainjob::unknown_profile_message(std::string(100000, 'v')).size() < 1000);
}

TEST_CASE("Only the v2 pass runs policies") {
  for (profile p : trainjob::every_profile) {
    INFO(trainjob::to_string(p));
    CHECK(trainjob::supports_policies(p) == (p != profile::v1_9));
  }
}

TEST_CASE("One vocabulary: the reserved types are the controller's and Created") {
  namespace names = trainjob::names;
  REQUIRE(std::size(names::controller_types) == 3);
  CHECK(trainjob::policy_set::builtin_types == 3);
  for (auto t : names::controller_types) CHECK(trainjob::is_reserved_condition_type(t));
  CHECK(trainjob::is_reserved_condition_type(names::created));
  CHECK_FALSE(trainjob::is_reserved_condition_type(names::policy_types::running));
  // The older spellings are the same constants.
  CHECK(trainjob::policy_names::started.data() == names::policy_types::started.data());
  CHECK(trainjob::step_names::trainer.data() == names::steps::trainer.data());
}

TEST_CASE("Lint rule ids index their table") {
  for (std::size_t i = 0; i < std::size(trainjob::lint_rules); ++i) {
    CHECK(static_cast<std::size_t>(trainjob::lint_rules[i].rule) == i);
  }
  const auto f = trainjob::detail::make_finding(trainjob::lint_rule_id::legacy_created, "p", "m");
  CHECK(f.rule == "legacy-created");
  CHECK(f.severity == "warning");
}

TEST_CASE("previous_mismatch: two names, or nothing to say") {
  trainjob::train_job a, b;
  CHECK_FALSE(trainjob::previous_mismatch(a, b));  // unnamed
  a.metadata.name = "x";
  a.metadata.namespace_ = "ns";
  CHECK_FALSE(trainjob::previous_mismatch(a, b));  // one unnamed
  b = a;
  CHECK_FALSE(trainjob::previous_mismatch(a, b));
  b.metadata.namespace_ = "other";
  const auto e = trainjob::previous_mismatch(a, b);
  REQUIRE(e);
  CHECK(e->to_string() == "metadata.name: the previous TrainJob is \"other/x\", this one is \"ns/x\"");
}
