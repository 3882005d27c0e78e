// trainjob: every history of a TrainJob up to a depth, run under two sides.
//
//   trainjob::explore_options o;  o.depth = 4;  o.checks = trainjob::every_invariant;
//   auto x = trainjob::explore(from, to, o);   // x.differences, x.violations
//
// A history is the creation pass (step 0: a new TrainJob, its JobSet NotFound,
// so the pass creates it) followed by up to `depth` events of the catalogue
// below, one pass each (steps 1..depth). Each event is a scenario step
// (trainjob/scenario.hpp), so every witness is a scenario that `replay` runs:
//   suspend                      patch spec.suspend=true                      +10 s
//   resume                       patch spec.suspend=false                     +10 s
//   jobset-running               the JobSet runs (node: 1 active, 1 ready)    +10 s
//   jobset-completed             the JobSet has Completed=True                +10 s
//   jobset-failed                the JobSet has Failed=True                   +10 s
//   jobset-completed-and-failed  the JobSet has both True                     +10 s
//   jobset-deleted               the JobSet is NotFound (its TTL, a person)   +10 s
//   jobset-recreated             a JobSet without status exists               +10 s
//   apply-failure                applying the JobSet fails                    +10 s
//   build-failure                building the objects fails                   +10 s
//   deadline-reached             patch spec.activeDeadlineSeconds=5           +10 s
//   time-passes                  nothing changes                              +1 h
//   managed-by-change            patch spec.managedBy=kueue.x-k8s.io/multikueue +10 s
//   foreign-failed               another party merge-patches the conditions
//                                to [Failed=False], replacing the list        +10 s
//   foreign-condition            another controller merge-patches them to
//                                [example.com/Audited=True]                   +10 s
// (A JSON merge patch replaces a list: a foreign writer's condition list
// replaces the controller's, as it does on a real API server.)
//
// Both sides run each history; a history's first difference (trainjob/
// compare.hpp) is grouped with the others of the same key, and each group
// keeps its shortest witness (the first in catalogue order among the
// shortest). The invariants in `checks` (trainjob/invariants.hpp) are judged
// on each side; each one violated keeps its shortest witness too.
//
// Cost: depth-first, sharing prefixes: each history is one pass per side from
// the state its prefix left (copied by assignment, reusing storage), never a
// replay from the start. A history is not extended once it has shown all it
// can (its first difference, and every checked invariant violated on both
// sides): an extension has the same first difference and a longer witness.
// The same side twice (one profile, one policy set object, or none) has no
// difference: it is run once, and its violations are reported once, as the
// `from` side's.
// Memory: one state per level and per side, plus the witnesses kept.
// Every reported witness is replayed by trainjob::replay before it is
// returned, and must show what it is reported for (else std::logic_error).
#ifndef TRAINJOB_EXPLORE_HPP
#define TRAINJOB_EXPLORE_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/compare.hpp"
#include "trainjob/error.hpp"
#include "trainjob/invariants.hpp"
#include "trainjob/json.hpp"
#include "trainjob/scenario.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// An abstract event of the catalogue (see the header comment).
struct explore_event {
  std::string_view id;
  std::string_view description;
};

inline constexpr explore_event explore_events[] = {
    {"suspend", "spec.suspend is set (Kueue queues or preempts the job)"},
    {"resume", "spec.suspend is set to false"},
    {"jobset-running", "the JobSet runs"},
    {"jobset-completed", "the JobSet has Completed=True"},
    {"jobset-failed", "the JobSet has Failed=True"},
    {"jobset-completed-and-failed", "the JobSet has Completed and Failed True"},
    {"jobset-deleted", "the JobSet is gone (its TTL, or a person)"},
    {"jobset-recreated", "a JobSet without status exists"},
    {"apply-failure", "applying the JobSet fails"},
    {"build-failure", "building the child objects fails"},
    {"deadline-reached", "spec.activeDeadlineSeconds is 5, and it has passed"},
    {"time-passes", "an hour passes, nothing changes"},
    {"managed-by-change", "spec.managedBy names MultiKueue"},
    {"foreign-failed", "another party writes the conditions [Failed=False]"},
    {"foreign-condition", "another controller writes the conditions [example.com/Audited=True]"},
};
inline constexpr std::size_t explore_event_count = std::size(explore_events);

/// The deepest exploration accepted (15^8 histories is about 2.6e9).
inline constexpr std::size_t max_explore_depth = 8;

struct explore_options {
  std::size_t depth = 3;     // events after the creation pass, at most max_explore_depth
  invariant_set checks = 0;  // the invariants to judge on each side
  bool compare = true;       // look for differences between the sides
  /// The catalogue's events to use (indices into explore_events, each once);
  /// empty: all of them.
  std::vector<std::size_t> events;
};

struct explored_difference {
  trainjob::difference difference;
  std::uint64_t histories = 0;      // histories up to the depth whose first difference this is
  std::vector<std::string> events;  // the shortest witness's events
  nlohmann::json witness;           // the witness as a scenario file
};

struct explored_violation {
  bool to_side = false;  // false: the `from` side
  trainjob::invariant invariant;
  std::size_t step = 0;
  std::string message;
  std::vector<std::string> events;
  nlohmann::json witness;
};

struct exploration {
  std::size_t depth = 0;
  std::uint64_t histories = 0;  // every history up to the depth
  std::uint64_t runs = 0;       // those run; the others extend one that had shown all it could
  std::vector<explored_difference> differences;  // by step, then key
  std::vector<explored_violation> violations;    // the from side's, then the to side's; by invariant
};

namespace detail {

enum class explore_kind {
  suspend,
  resume,
  running,
  completed,
  failed,
  completed_and_failed,
  deleted,
  recreated,
  apply_failure,
  build_failure,
  deadline,
  time_passes,
  managed_by,
  foreign_failed,
  foreign_condition
};

inline constexpr std::string_view explore_name = "explored";
inline constexpr std::string_view explore_created = "2025-01-01T00:00:00Z";
inline constexpr std::int64_t explore_deadline_seconds = 5;
inline constexpr std::string_view explore_manager = "kueue.x-k8s.io/multikueue";
inline constexpr std::string_view explore_apply_error =
    "admission webhook \"vjobset.kb.io\" denied the request";
inline constexpr std::string_view explore_build_error =
    "failed to build the JobSet: runtime has no trainer node";
inline constexpr std::string_view explore_foreign_type = "example.com/Audited";

inline std::int64_t explore_seconds(explore_kind k) noexcept {
  return k == explore_kind::time_passes ? 3600 : 10;
}

inline train_job explore_trainjob() {
  return decode<train_job>(nlohmann::json{{"apiVersion", "trainer.kubeflow.org/v1alpha1"},
                                          {"kind", "TrainJob"},
                                          {"metadata",
                                           {{"name", explore_name},
                                            {"namespace", "default"},
                                            {"generation", 1},
                                            {"creationTimestamp", explore_created}}},
                                          {"spec", {{"runtimeRef", {{"name", "torch-distributed"}}}}}});
}

/// The JobSet an event shows, its conditions stamped `now`; nullopt: the event shows none.
inline std::optional<job_set> explore_job_set(explore_kind k, timestamp now) {
  const bool completed = k == explore_kind::completed || k == explore_kind::completed_and_failed;
  const bool failed = k == explore_kind::failed || k == explore_kind::completed_and_failed;
  if (!completed && !failed && k != explore_kind::running && k != explore_kind::recreated)
    return std::nullopt;
  nlohmann::json j{{"apiVersion", "jobset.x-k8s.io/v1alpha2"},
                   {"kind", "JobSet"},
                   {"metadata", {{"name", explore_name}, {"namespace", "default"}}}};
  if (k != explore_kind::recreated) {
    nlohmann::json conds = nlohmann::json::array();
    if (completed) {
      conds.push_back({{"type", "Completed"},
                       {"status", "True"},
                       {"reason", "AllJobsCompleted"},
                       {"message", "jobset completed successfully"},
                       {"lastTransitionTime", now.to_string()}});
    }
    if (failed) {
      conds.push_back({{"type", "Failed"},
                       {"status", "True"},
                       {"reason", "FailedJobs"},
                       {"message", "jobset failed due to one or more job failures"},
                       {"lastTransitionTime", now.to_string()}});
    }
    const bool running = k == explore_kind::running;
    nlohmann::json node{
        {"name", "node"},           {"ready", running ? 1 : 0},  {"succeeded", completed ? 1 : 0},
        {"failed", failed ? 1 : 0}, {"active", running ? 1 : 0}, {"suspended", 0}};
    j["status"] = {{"replicatedJobsStatus", nlohmann::json::array({node})}};
    if (!conds.empty()) j["status"]["conditions"] = conds;
  }
  return decode<job_set>(j);
}

/// The merge patch an event makes, or null.
inline nlohmann::json explore_patch(explore_kind k, timestamp now) {
  const auto foreign = [&](std::string_view type, std::string_view status, std::string_view reason) {
    return nlohmann::json{
        {"status",
         {{"conditions", nlohmann::json::array({{{"type", type},
                                                 {"status", status},
                                                 {"reason", reason},
                                                 {"message", "written by another controller"},
                                                 {"lastTransitionTime", now.to_string()}}})}}}};
  };
  switch (k) {
    case explore_kind::suspend:
      return {{"spec", {{"suspend", true}}}};
    case explore_kind::resume:
      return {{"spec", {{"suspend", false}}}};
    case explore_kind::deadline:
      return {{"spec", {{"activeDeadlineSeconds", explore_deadline_seconds}}}};
    case explore_kind::managed_by:
      return {{"spec", {{"managedBy", explore_manager}}}};
    case explore_kind::foreign_failed:
      return foreign(names::failed, "False", "ForeignWriter");
    case explore_kind::foreign_condition:
      return foreign(explore_foreign_type, "True", "Audited");
    default:
      return nullptr;
  }
}

/// The event as a scenario step at `now` (patch included).
inline scenario_step explore_step(explore_kind k, timestamp now) {
  scenario_step st;
  st.now = now;
  st.patch = explore_patch(k, now);
  if (k == explore_kind::deleted) {
    st.sets_jobset = true;
  } else if (auto js = explore_job_set(k, now)) {
    st.sets_jobset = true;
    st.jobset = std::move(js);
  }
  if (k == explore_kind::apply_failure) st.apply_error = std::string(explore_apply_error);
  if (k == explore_kind::build_failure) st.build_error = std::string(explore_build_error);
  return st;
}

/// The event's patch applied to `tj` directly, as replay_patch would (the
/// witnesses' replay proves it, see the header comment): no JSON round trip.
inline void explore_mutate(explore_kind k, timestamp now, train_job& tj) {
  const auto foreign = [&](std::string_view type, condition_status status, std::string_view reason) {
    tj.status.conditions.assign(1, make_condition(type, status, reason, "written by another controller"));
    tj.status.conditions.front().last_transition_time = now;
  };
  switch (k) {
    case explore_kind::suspend:
      tj.spec.suspend = true;
      break;
    case explore_kind::resume:
      tj.spec.suspend = false;
      break;
    case explore_kind::deadline:
      tj.spec.active_deadline_seconds = explore_deadline_seconds;
      break;
    case explore_kind::managed_by:
      tj.spec.managed_by = std::string(explore_manager);
      break;
    case explore_kind::foreign_failed:
      foreign(names::failed, condition_status::false_, "ForeignWriter");
      break;
    case explore_kind::foreign_condition:
      foreign(explore_foreign_type, condition_status::true_, "Audited");
      break;
    default:
      break;
  }
}

inline timestamp explore_start() { return *timestamp::parse(explore_created); }

/// A step's JSON as a scenario file holds it.
inline nlohmann::json step_json(const scenario_step& st) {
  nlohmann::json j{{"now", st.now.to_string()}};
  if (!st.patch.is_null()) j["patch"] = st.patch;
  if (st.sets_jobset) j["jobset"] = st.jobset ? encode(*st.jobset) : nlohmann::json(nullptr);
  if (st.apply_error) j["applyError"] = *st.apply_error;
  if (st.build_error) j["buildError"] = *st.build_error;
  return j;
}

/// The history `events` (indices into explore_events) as a scenario file.
inline nlohmann::json explore_witness(const std::vector<std::size_t>& events) {
  std::string names_text = "creation";
  for (auto e : events) names_text += ", " + std::string(explore_events[e].id);
  nlohmann::json steps = nlohmann::json::array();
  timestamp now = timestamp::from_unix(explore_start().unix_seconds() + 1);
  steps.push_back({{"now", now.to_string()}});
  for (auto e : events) {
    const auto k = static_cast<explore_kind>(e);
    now = timestamp::from_unix(now.unix_seconds() + explore_seconds(k));
    steps.push_back(step_json(explore_step(k, now)));
  }
  return nlohmann::json{{"name", "explored: " + names_text},
                        {"description", "A history of trainjob::explore: " + names_text + "."},
                        {"trainjob", encode(explore_trainjob())},
                        {"jobset", nullptr},
                        {"steps", std::move(steps)}};
}

inline std::vector<std::string> event_ids(const std::vector<std::size_t>& events) {
  std::vector<std::string> out;
  for (auto e : events) out.emplace_back(explore_events[e].id);
  return out;
}

/// One profile and one policy set object (or none on both): the same side.
inline bool same_side(const compare_side& a, const compare_side& b) noexcept {
  const bool a_none = a.policies == nullptr || a.policies->empty();
  const bool b_none = b.policies == nullptr || b.policies->empty();
  return a.profile == b.profile && (a.policies == b.policies || (a_none && b_none));
}

class explorer {
 public:
  explorer(const compare_side& from, const compare_side& to, const explore_options& o)
      : options_(o), sides_{from, to}, sides_run_(same_side(from, to) ? 1 : 2) {
    if (sides_run_ == 1) options_.compare = false;
    for (std::size_t s = 0; s < 2; ++s) {
      replay_options ro;
      ro.profile = sides_[s].profile;
      ro.policies = sides_[s].policies;
      ro_[s] = replay_reconcile_options(scenario_, ro);
    }
    for (std::size_t e : o.events) {
      if (e < explore_event_count && std::find(events_.begin(), events_.end(), e) == events_.end())
        events_.push_back(e);
    }
    if (o.events.empty()) {
      for (std::size_t e = 0; e < explore_event_count; ++e) events_.push_back(e);
    }
    std::sort(events_.begin(), events_.end());
    const std::size_t levels = o.depth + 2;
    levels_.resize(levels);
    differed_.assign(levels, false);
    // extensions_[k]: the histories that extend one of k events, itself included.
    extensions_.assign(levels, 0);
    for (std::size_t k = 0; k <= o.depth; ++k) {
      std::uint64_t n = 0;
      std::uint64_t p = 1;
      for (std::size_t j = 0; j + k <= o.depth; ++j, p *= events_.size()) n += p;
      extensions_[k] = n;
    }
    for (std::size_t e = 0; e < explore_event_count; ++e) {
      steps_[e] = explore_step(static_cast<explore_kind>(e), explore_start());
    }
  }

  exploration run() {
    exploration x;
    x.depth = options_.depth;
    x.histories = extensions_[0];
    const train_job base = explore_trainjob();
    for (auto& level : levels_) {
      for (auto& side : level) side.rs.trainjob = base;
    }
    for (auto& side : levels_[0]) side.w.observed.reset();  // NotFound: the creation pass creates it
    scenario_step creation;
    creation.now = timestamp::from_unix(explore_start().unix_seconds() + 1);
    visit(0, creation, nullptr);
    x.runs = runs_;
    for (auto& [key, g] : groups_) {
      x.differences.push_back(
          {std::move(g.diff), g.histories, event_ids(g.events), explore_witness(g.events)});
    }
    std::stable_sort(x.differences.begin(), x.differences.end(),
                     [](const explored_difference& a, const explored_difference& b) {
                       return a.difference.step < b.difference.step;
                     });
    for (std::size_t s = 0; s < sides_run_; ++s) {
      for (invariant i : all_invariants) {
        auto& v = violations_[s][static_cast<std::size_t>(i)];
        if (!v.found) continue;
        x.violations.push_back(
            {s == 1, i, v.events.size(), v.message, event_ids(v.events), explore_witness(v.events)});
      }
    }
    verify(x);
    return x;
  }

 private:
  struct side_state {
    replay_step rs;
    replay_world w;
    invariant_memory memory;
    invariant_set violated = 0;
  };
  struct group {
    trainjob::difference diff;
    std::uint64_t histories = 0;
    std::vector<std::size_t> events;
  };
  struct found_violation {
    bool found = false;
    std::vector<std::size_t> events;
    std::string message;
  };

  /// Runs step `st` after the `k` events of path_ (mutate: the event's patch),
  /// judges it, and goes deeper while there is something left to find.
  void visit(std::size_t k, const scenario_step& st, const explore_kind* event) {
    ++runs_;
    for (std::size_t s = 0; s < sides_run_; ++s) {
      side_state& to = levels_[k + 1][s];
      const side_state& from = levels_[k][s];
      // Only what an event or a pass changes: the status and three spec
      // fields (the rest is the base TrainJob at every level); by assign,
      // which reuses storage, so a warm level allocates little.
      train_job& tj = to.rs.trainjob;
      const train_job& parent = from.rs.trainjob;
      assign(tj.status, parent.status);
      tj.spec.suspend = parent.spec.suspend;
      tj.spec.active_deadline_seconds = parent.spec.active_deadline_seconds;
      if (tj.spec.managed_by != parent.spec.managed_by) tj.spec.managed_by = parent.spec.managed_by;
      assign_job_set(to.w.observed, from.w.observed);
      to.memory = from.memory;
      to.violated = from.violated;
      to.rs.step = k;
      to.rs.now = st.now;
      if (event != nullptr) explore_mutate(*event, st.now, to.rs.trainjob);
      if (options_.checks != 0) assign(read_[s], to.rs.trainjob.status);
      replay_pass(scenario_, st, ro_[s], to.w, to.rs, false);
      if (options_.checks != 0) {
        found_.clear();
        check_pass(read_[s], to.rs.result, to.rs.trainjob, to.memory, options_.checks & ~to.violated, found_);
        for (const auto& v : found_) {
          to.violated |= bit(v.invariant);
          auto& f = violations_[s][static_cast<std::size_t>(v.invariant)];
          if (!f.found || k < f.events.size()) f = found_violation{true, path_, v.message};
        }
      }
    }
    differed_[k + 1] = differed_[k];
    if (options_.compare && !differed_[k] && !same_view(levels_[k + 1][0].rs, levels_[k + 1][1].rs)) {
      step_view a = view_of(levels_[k + 1][0].rs);
      step_view b = view_of(levels_[k + 1][1].rs);
      if (a != b) {
        differed_[k + 1] = true;
        std::vector<std::string> aspects = differing_aspects(a, b);
        trainjob::difference d{k, std::move(aspects), std::move(a), std::move(b)};
        group& g = groups_[d.key()];
        if (g.histories == 0 || k < g.events.size()) {
          g.diff = std::move(d);
          g.events = path_;
        }
        g.histories += extensions_[k];
      }
    }
    if (k == options_.depth) return;
    const bool compare_left = options_.compare && !differed_[k + 1];
    const invariant_set all = options_.checks;
    bool checks_left = false;
    for (std::size_t s = 0; s < sides_run_; ++s)
      checks_left = checks_left || (levels_[k + 1][s].violated & all) != all;
    if (!compare_left && !checks_left) return;
    // `st` may be a catalogue step a child stamps again: keep its time.
    const std::int64_t then = st.now.unix_seconds();
    for (std::size_t e : events_) {
      const auto kind = static_cast<explore_kind>(e);
      scenario_step& next = steps_[e];
      const timestamp now = timestamp::from_unix(then + explore_seconds(kind));
      stamp(next, now);
      path_.push_back(e);
      visit(k + 1, next, &kind);
      path_.pop_back();
    }
  }

  /// Moves a catalogue step to `now`: its time and its JobSet's condition times.
  static void stamp(scenario_step& st, timestamp now) {
    st.now = now;
    if (st.jobset) {
      for (auto& c : st.jobset->status.conditions) c.last_transition_time = now;
    }
  }

  /// Each witness, replayed from its scenario file, shows what it is reported for.
  void verify(const exploration& x) const {
    for (const auto& d : x.differences) {
      const scenario s = decode_scenario(d.witness);
      const scenario_comparison c = compare_scenario(s, sides_[0], sides_[1]);
      if (!c.first_difference || c.first_difference->step != d.difference.step ||
          c.first_difference->key() != d.difference.key()) {
        throw std::logic_error("explore: the witness of \"" + d.difference.key() +
                               "\" does not replay to it");
      }
    }
    for (const auto& v : x.violations) {
      const scenario s = decode_scenario(v.witness);
      const side_trace t = trace_side(s, sides_[v.to_side ? 1 : 0], bit(v.invariant));
      if (t.violations.empty() || t.violations.front().step != v.step ||
          t.violations.front().message != v.message) {
        throw std::logic_error("explore: the witness of " + std::string(to_string(v.invariant)) +
                               " does not replay to it");
      }
    }
  }

  explore_options options_;
  compare_side sides_[2];
  std::size_t sides_run_;  // 1: the same side twice
  reconcile_options ro_[2];
  scenario scenario_;  // no runtime: the only member a pass reads
  std::vector<std::array<side_state, 2>> levels_;
  std::vector<bool> differed_;
  std::vector<std::uint64_t> extensions_;
  std::array<scenario_step, explore_event_count> steps_;
  std::vector<std::size_t> events_;  // the catalogue's events used, in catalogue order
  std::vector<std::size_t> path_;
  train_job_status read_[2];
  std::vector<invariant_violation> found_;
  std::map<std::string, group> groups_;
  found_violation violations_[2][std::size(all_invariants)];
  std::uint64_t runs_ = 0;
};

}  // namespace detail

/// Runs every history up to `o.depth` under both sides (see the header
/// comment). Throws decode_error (kind limit, path "depth") when the depth
/// is over max_explore_depth, std::logic_error when a witness does not
/// replay (a bug).
inline exploration explore(const compare_side& from, const compare_side& to, const explore_options& o = {}) {
  if (o.depth > max_explore_depth) {
    throw decode_error("depth",
                       "at most " + std::to_string(max_explore_depth) + ", got " + std::to_string(o.depth),
                       error_kind::limit);
  }
  return detail::explorer(from, to, o).run();
}

/// As above, the error as a value.
inline result<exploration> try_explore(const compare_side& from, const compare_side& to,
                                       const explore_options& o = {}) noexcept {
  return detail::capture<exploration>([&] { return explore(from, to, o); });
}

}  // namespace trainjob

#endif
