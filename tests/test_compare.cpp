// compare.hpp, explore.hpp, invariants.hpp: two sides on scenarios and on every
// history, and the invariants, each catching its upstream defect in the release
// that has it (docs/semantics.md §4, §9) and not in one without.
#include <trainjob/compare.hpp>
#include <trainjob/explore.hpp>
#include <trainjob/invariants.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using trainjob::compare_side;
using trainjob::invariant;
using trainjob::profile;

trainjob::exploration explore_checks(const compare_side& side, std::size_t depth,
                                     trainjob::invariant_set checks, std::vector<std::size_t> events = {}) {
  trainjob::explore_options o;
  o.depth = depth;
  o.checks = checks;
  o.compare = false;
  o.events = std::move(events);
  return trainjob::explore(side, side, o);
}

/// The from side's violation of `i`, if any.
std::optional<trainjob::explored_violation> violation_of(const trainjob::exploration& x, invariant i) {
  for (const auto& v : x.violations) {
    if (!v.to_side && v.invariant == i) return v;
  }
  return std::nullopt;
}

std::size_t event_index(const std::string& id) {
  for (std::size_t i = 0; i < trainjob::explore_event_count; ++i) {
    if (trainjob::explore_events[i].id == id) return i;
  }
  FAIL("no event " << id);
  return 0;
}

/// The views of `s` replayed by trainjob::replay (not by compare's own loop) under `side`.
std::vector<trainjob::step_view> replayed_views(const trainjob::scenario& s, const compare_side& side) {
  trainjob::replay_options o;
  o.profile = side.profile;
  o.policies = side.policies;
  std::vector<trainjob::step_view> out;
  for (const auto& step : trainjob::replay(s, o)) out.push_back(trainjob::view_of(step));
  return out;
}

trainjob::policy_set policies(const std::vector<std::string>& names) {
  auto set = trainjob::make_policy_set(names);
  REQUIRE(set.ok());
  return std::move(*set);
}

}  // namespace

TEST_CASE("The same side twice shows no difference, on every history and on every scenario") {
  // Two policy set objects with the same policies: compared pass by pass, not taken as one side.
  const trainjob::policy_set a = policies({"Initialized", "ComponentsCreated", "Running"});
  const trainjob::policy_set b = policies({"Initialized", "ComponentsCreated", "Running"});
  trainjob::explore_options o;
  o.depth = 3;
  const auto x = trainjob::explore({profile::latest, &a}, {profile::latest, &b}, o);
  CHECK(x.differences.empty());
  CHECK(x.histories == 1 + 15 + 15 * 15 + 15 * 15 * 15);
  CHECK(x.runs == x.histories);  // nothing to prune: no difference ends a history early
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const compare_side side{p};
    for (const auto& e : fs::directory_iterator(examples_dir())) {
      const auto s = load_scenario(e.path());
      const auto c = trainjob::compare_scenario(s, side, side);
      CHECK_FALSE(c.first_difference);
      CHECK(c.from.views == c.to.views);
    }
    // One side object twice is run once: nothing to look for without checks.
    CHECK(trainjob::explore(side, side, o).runs == 1);
  }
}

TEST_CASE("v2.2 and v2.3 differ only where spec.managedBy names another controller") {
  std::vector<std::size_t> events;
  for (std::size_t i = 0; i < trainjob::explore_event_count; ++i) {
    if (trainjob::explore_events[i].id != "managed-by-change") events.push_back(i);
  }
  trainjob::explore_options o;
  o.depth = 3;
  o.events = events;
  const auto x = trainjob::explore({profile::v2_2}, {profile::v2_3}, o);
  CHECK(x.differences.empty());
  CHECK(x.histories == 1 + 14 + 14 * 14 + 14 * 14 * 14);
  CHECK(x.runs == x.histories);
}

TEST_CASE("v1.9 against v2.0: the Created removal is the first difference of every history") {
  trainjob::explore_options o;
  o.depth = 2;
  const auto x = trainjob::explore({profile::v1_9}, {profile::v2_0}, o);
  REQUIRE(x.differences.size() == 1);
  const auto& d = x.differences.front();
  CHECK(d.difference.step == 0);
  CHECK(d.events.empty());
  CHECK(d.histories == x.histories);
  CHECK(x.runs == 1);  // every extension has the same first difference
  CHECK(std::find(d.difference.aspects.begin(), d.difference.aspects.end(), "conditions") !=
        d.difference.aspects.end());
  CHECK(d.difference.from.conditions == std::vector<std::string>{"Created=True(JobsCreationSucceeded)"});
  CHECK(d.difference.to.conditions.empty());
  CHECK(d.difference.from.summary["stateColumn"] == "Created");
  CHECK(d.difference.to.summary["stateColumn"] == "");
}

TEST_CASE("A scenario's first difference: v2.0 against v2.1 on a JobSet both Completed and Failed") {
  const auto s = load_scenario(examples_dir() / "06-completed-and-failed.json");
  const auto c = trainjob::compare_scenario(s, {profile::v2_0}, {profile::v2_1});
  REQUIRE(c.first_difference);
  const auto& d = *c.first_difference;
  REQUIRE(d.step < c.from.views.size());
  for (std::size_t i = 0; i < d.step; ++i) CHECK(c.from.views[i] == c.to.views[i]);
  CHECK(c.from.views.size() == s.steps.size());
  CHECK(c.to.rows.size() == s.steps.size());
  CHECK_FALSE(d.aspects.empty());
  CHECK(trainjob::differing_aspects(d.from, d.to) == d.aspects);
  CHECK(d.key().find(" -> ") != std::string::npos);
}

TEST_CASE("Every explored witness replays, through trainjob::replay, to the difference reported") {
  const trainjob::policy_set set = policies({"Initialized", "ComponentsCreated"});
  const std::vector<std::pair<compare_side, compare_side>> pairs = {
      {{profile::v2_1}, {profile::latest}},
      {{profile::v2_0}, {profile::v2_1}},
      {{profile::v2_2}, {profile::v2_3}},
      {{profile::latest}, {profile::latest, &set}},
  };
  for (const auto& [from, to] : pairs) {
    CAPTURE(trainjob::side_label(from), trainjob::side_label(to));
    trainjob::explore_options o;
    o.depth = 2;
    const auto x = trainjob::explore(from, to, o);
    REQUIRE_FALSE(x.differences.empty());
    std::uint64_t counted = 0;
    for (const auto& d : x.differences) {
      CAPTURE(d.difference.key());
      counted += d.histories;
      const auto s = trainjob::decode_scenario(d.witness);  // the file a person would replay
      CHECK(s.steps.size() == d.events.size() + 1);
      const auto a = replayed_views(s, from);
      const auto b = replayed_views(s, to);
      REQUIRE(a.size() == s.steps.size());
      for (std::size_t i = 0; i < d.difference.step; ++i) CHECK(a[i] == b[i]);
      const std::size_t k = d.difference.step;
      CHECK(k == d.events.size());  // the difference is at the witness's last step
      CHECK(a[k] == d.difference.from);
      CHECK(b[k] == d.difference.to);
      CHECK(trainjob::differing_aspects(a[k], b[k]) == d.difference.aspects);
    }
    CHECK(counted <= x.histories);
  }
}

TEST_CASE("Groups keep their shortest witness") {
  // v2.2 and v2.3 differ only on spec.managedBy: the shortest witness is that one event.
  trainjob::explore_options o;
  o.depth = 3;
  const auto x = trainjob::explore({profile::v2_2}, {profile::v2_3}, o);
  REQUIRE_FALSE(x.differences.empty());
  const auto& first = x.differences.front();
  CHECK(first.events == std::vector<std::string>{"managed-by-change"});
  CHECK(first.difference.to.actions == std::vector<std::string>{"skipped"});
  for (const auto& d : x.differences) {
    CHECK(std::find(d.events.begin(), d.events.end(), "managed-by-change") != d.events.end());
  }
}

TEST_CASE("exclusive-terminal: v2.1 and later copy both Complete and Failed; v1.9 and v2.0 do not") {
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const auto x = explore_checks({p}, 3, trainjob::bit(invariant::exclusive_terminal));
    const auto v = violation_of(x, invariant::exclusive_terminal);
    const bool has = trainjob::traits_of(p).complete_only_when_both == false;
    CHECK(v.has_value() == has);
    if (v) CHECK(v->events == std::vector<std::string>{"jobset-completed-and-failed"});
  }
}

TEST_CASE("terminal-sticky: v2.1 to v2.3 take a JobSet-derived Failed away (kubeflow/trainer 3737)") {
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const auto x = explore_checks({p}, 3, trainjob::bit(invariant::terminal_sticky));
    const auto v = violation_of(x, invariant::terminal_sticky);
    const bool has = p == profile::v2_1 || p == profile::v2_2 || p == profile::v2_3;
    CHECK(v.has_value() == has);
    if (!v) continue;
    CHECK(v->events.size() == 2);
    CHECK(v->events.front() == "jobset-failed");
    CHECK(v->message.find("Failed=True") != std::string::npos);
  }
}

TEST_CASE("transition-time: v2.1 to v2.3 remove and re-add Failed, so its time moves") {
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const auto x = explore_checks({p}, 3, trainjob::bit(invariant::transition_time));
    const auto v = violation_of(x, invariant::transition_time);
    const bool has = p == profile::v2_1 || p == profile::v2_2 || p == profile::v2_3;
    CHECK(v.has_value() == has);
    if (v) CHECK(v->events == std::vector<std::string>{"jobset-failed", "jobset-failed"});
  }
}

TEST_CASE("state-column: every release shows Suspended after a resume (kubeflow/trainer 3666)") {
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const auto x = explore_checks({p}, 3, trainjob::bit(invariant::state_column));
    const auto v = violation_of(x, invariant::state_column);
    REQUIRE(v);
    CHECK(v->events == std::vector<std::string>{"suspend", "resume"});
    CHECK(v->message == "the State column shows Suspended while the job is Created");
  }
  // Without a suspension no stale Suspended is shown; the column still names a state that is
  // not the job's where Complete comes after a True Failed (v2.2 and v2.3 after the deadline,
  // latest after a JobSet failure), and in v1.9, where Created comes after Failed.
  std::vector<std::size_t> events;
  for (std::size_t i = 0; i < trainjob::explore_event_count; ++i) {
    if (trainjob::explore_events[i].id != "suspend") events.push_back(i);
  }
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    const auto v = violation_of(explore_checks({p}, 3, trainjob::bit(invariant::state_column), events),
                                invariant::state_column);
    CHECK(v.has_value() == (p != profile::v2_0 && p != profile::v2_1));
    if (v && p != profile::v1_9)
      CHECK(v->message == "the State column shows Complete while the job is Failed");
  }
}

TEST_CASE("condition-limit: five policies and a foreign condition leave no room for both terminals") {
  const trainjob::policy_set five =
      policies({"Initialized", "ComponentsCreated", "Progressing", "Running", "Started"});
  const std::vector<std::size_t> events = {event_index("suspend"), event_index("jobset-completed-and-failed"),
                                           event_index("foreign-condition")};
  const auto x =
      explore_checks({profile::latest, &five}, 3, trainjob::bit(invariant::condition_limit), events);
  const auto v = violation_of(x, invariant::condition_limit);
  REQUIRE(v);
  CHECK(v->events == std::vector<std::string>{"suspend", "jobset-completed-and-failed", "foreign-condition"});
  CHECK(v->message == "the pass writes 9 conditions; the TrainJob CRD allows 8");
  CHECK_FALSE(
      violation_of(explore_checks({profile::latest}, 3, trainjob::bit(invariant::condition_limit), events),
                   invariant::condition_limit));
}

TEST_CASE("An invariant judges the controller's writes, not a foreign writer's") {
  // A foreign writer replacing the conditions takes a Complete away: not the controller's doing.
  const std::vector<std::size_t> events = {event_index("jobset-completed"), event_index("foreign-condition")};
  for (profile p : trainjob::every_profile) {
    CAPTURE(trainjob::to_string(p));
    CHECK_FALSE(violation_of(explore_checks({p}, 2, trainjob::bit(invariant::terminal_sticky), events),
                             invariant::terminal_sticky));
  }
  // check_pass on its own: a pass that writes nothing is not judged.
  trainjob::train_job tj;
  trainjob::reconcile_result r;
  r.changed = false;
  r.status.conditions = {cond("Complete", "True", "X"), cond("Failed", "True", "Y")};
  tj.status = r.status;
  trainjob::invariant_memory m;
  CHECK(trainjob::check_pass(tj.status, r, tj, m).empty());
  r.changed = true;
  trainjob::train_job_status read;
  const auto v = trainjob::check_pass(read, r, tj, m);
  REQUIRE_FALSE(v.empty());
  CHECK(v.front().invariant == invariant::exclusive_terminal);
}

TEST_CASE("Invariant names round-trip; an exploration too deep is an error with a kind") {
  for (invariant i : trainjob::all_invariants)
    CHECK(trainjob::invariant_from_string(trainjob::to_string(i)) == i);
  CHECK_FALSE(trainjob::invariant_from_string("exclusive_terminal"));
  trainjob::explore_options o;
  o.depth = trainjob::max_explore_depth + 1;
  const auto r = trainjob::try_explore({}, {}, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == trainjob::error_kind::limit);
  CHECK(r.error().path == "depth");
}
