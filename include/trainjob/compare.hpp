// trainjob: two sides (a release and its condition policies) compared on a
// scenario, by what users see after each pass.
//
//   trainjob::compare_side from{trainjob::profile::v2_1}, to{trainjob::profile::latest};
//   auto c = trainjob::compare_scenario(sc, from, to);
//   if (c.difference) ... c.difference->step, c.difference->aspects, c.from.views ...
//
// What users see after a pass (`step_view`), compared aspect by aspect in this order:
//   conditions   each condition as Type=Status(Reason), in order
//   summary.KEY  each key of trainjob::summarize(TrainJob after the step), in
//                key order: the State column, the state, kstatus, and any
//                view summary.hpp adds, compared as it gives them
//   actions      apply, delete JobSet, requeue Ns, skipped
//   events       each event the API server stores, as Type Reason: message
// The first step whose views differ is the scenario's first difference; its
// `key` (each differing aspect with both values) names it, and groups equal
// differences (trainjob/explore.hpp).
#ifndef TRAINJOB_COMPARE_HPP
#define TRAINJOB_COMPARE_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/invariants.hpp"
#include "trainjob/json.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/scenario.hpp"
#include "trainjob/summary.hpp"

namespace trainjob {

/// One side of a comparison: a release and the condition policies it runs.
struct compare_side {
  trainjob::profile profile = profile::latest;
  const policy_set* policies = nullptr;  // not owned; nullptr or empty: none
};

/// "v2.1", or "latest+Initialized+ComponentsCreated" with policies.
inline std::string side_label(const compare_side& s) {
  std::string out(to_string(s.profile));
  if (s.policies != nullptr) {
    for (const auto& t : s.policies->types()) out += "+" + t;
  }
  return out;
}

/// What users see after one pass (see the header comment).
struct step_view {
  std::vector<std::string> conditions;
  nlohmann::json summary = nlohmann::json::object();
  std::vector<std::string> actions;
  std::vector<std::string> events;
};

inline bool operator==(const step_view& a, const step_view& b) {
  return a.conditions == b.conditions && a.summary == b.summary && a.actions == b.actions &&
         a.events == b.events;
}
inline bool operator!=(const step_view& a, const step_view& b) { return !(a == b); }

namespace detail {

inline std::vector<std::string> actions_of(const reconcile_result& r) {
  std::vector<std::string> out;
  if (r.skipped) out.emplace_back("skipped");
  if (r.apply_objects) out.emplace_back("apply");
  if (r.delete_job_set) out.emplace_back("delete JobSet");
  if (r.requeue_after_seconds) out.push_back("requeue " + std::to_string(*r.requeue_after_seconds) + "s");
  return out;
}

/// Events a person can see: the API server refuses some (docs/semantics.md §3.3).
inline std::vector<std::string> events_of(const reconcile_result& r) {
  std::vector<std::string> out;
  for (const auto& e : r.events) {
    if (!e.refused) out.push_back(e.type + " " + e.reason + ": " + e.message);
  }
  return out;
}

/// Whether two passes show the same view, without building either (a
/// sufficient test: equal TrainJobs give equal summaries).
inline bool same_view(const replay_step& a, const replay_step& b) {
  const reconcile_result& x = a.result;
  const reconcile_result& y = b.result;
  if (x.skipped != y.skipped || x.apply_objects != y.apply_objects || x.delete_job_set != y.delete_job_set ||
      x.requeue_after_seconds != y.requeue_after_seconds || x.events != y.events)
    return false;
  return x.status == y.status && a.trainjob.status == b.trainjob.status &&
         a.trainjob.spec == b.trainjob.spec && a.trainjob.metadata == b.trainjob.metadata;
}

inline std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out.empty() ? "-" : out;
}

}  // namespace detail

/// The view after a replayed step.
inline step_view view_of(const replay_step& s) {
  step_view v;
  for (const auto& c : s.result.status.conditions) {
    v.conditions.push_back(c.type + "=" + std::string(to_string(c.status)) + "(" + c.reason + ")");
  }
  v.summary = summarize(s.trainjob);
  v.actions = detail::actions_of(s.result);
  v.events = detail::events_of(s.result);
  return v;
}

inline void to_json(nlohmann::json& j, const step_view& v) {
  j = nlohmann::json{
      {"conditions", v.conditions}, {"summary", v.summary}, {"actions", v.actions}, {"events", v.events}};
}

/// The aspects in which two views differ, in the header comment's order.
inline std::vector<std::string> differing_aspects(const step_view& a, const step_view& b) {
  std::vector<std::string> out;
  if (a.conditions != b.conditions) out.emplace_back("conditions");
  // Every key either summary has, in key order (nlohmann's objects are sorted).
  nlohmann::json keys = nlohmann::json::object();
  for (auto it = a.summary.begin(); it != a.summary.end(); ++it) keys[it.key()] = true;
  for (auto it = b.summary.begin(); it != b.summary.end(); ++it) keys[it.key()] = true;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    const auto x = a.summary.find(it.key());
    const auto y = b.summary.find(it.key());
    const bool same = x != a.summary.end() && y != b.summary.end() ? *x == *y : false;
    if (!same) out.push_back("summary." + it.key());
  }
  if (a.actions != b.actions) out.emplace_back("actions");
  if (a.events != b.events) out.emplace_back("events");
  return out;
}

/// An aspect's value in a view, for people: "-" when empty or absent.
inline std::string aspect_text(const step_view& v, const std::string& aspect) {
  if (aspect == "conditions") return detail::joined(v.conditions, " ");
  if (aspect == "actions") return detail::joined(v.actions, ", ");
  if (aspect == "events") return detail::joined(v.events, "; ");
  if (aspect.compare(0, 8, "summary.") == 0) {
    const auto it = v.summary.find(aspect.substr(8));
    if (it == v.summary.end()) return "-";
    if (it->is_string()) return it->get<std::string>().empty() ? "-" : it->get<std::string>();
    if (it->is_object() && it->contains("status") && it->contains("message") && it->size() == 2 &&
        (*it)["status"].is_string() && (*it)["message"].is_string()) {
      return (*it)["status"].get<std::string>() + " (" + (*it)["message"].get<std::string>() + ")";
    }
    return dump(*it);
  }
  return "-";
}

/// The first step whose views differ.
struct difference {
  std::size_t step = 0;
  std::vector<std::string> aspects;
  step_view from, to;

  /// "ASPECT: FROM -> TO; ...": what differs, with both values. Equal keys
  /// name the same difference.
  std::string key() const {
    std::string out;
    for (const auto& a : aspects) {
      out += (out.empty() ? "" : "; ") + a + ": " + aspect_text(from, a) + " -> " + aspect_text(to, a);
    }
    return out;
  }
};

/// An invariant a side violates, at the first step that does.
struct step_violation {
  trainjob::invariant invariant;
  std::size_t step = 0;
  std::string message;
};

/// One side's replay: each step's timeline row and view, and the violations
/// of the invariants checked (the first of each).
struct side_trace {
  std::vector<timeline_row> rows;
  std::vector<step_view> views;
  std::vector<step_violation> violations;
};

struct scenario_comparison {
  std::optional<difference> first_difference;
  side_trace from, to;
};

namespace detail {

/// Replays `s` under `side`, each step given to `on_step(const replay_step&,
/// const std::vector<invariant_violation>&)`; the checks judge each pass.
template <class F>
void replay_checked(const scenario& s, const compare_side& side, invariant_set checks, F&& on_step) {
  replay_options o;
  o.profile = side.profile;
  o.policies = side.policies;
  const reconcile_options ro = replay_reconcile_options(s, o);
  replay_step rs;
  rs.trainjob = s.trainjob;
  replay_world w = initial_world(s);
  invariant_memory memory;
  train_job_status read;
  std::vector<invariant_violation> found;
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const scenario_step& st = s.steps[i];
    rs.step = i;
    rs.now = st.now;
    w.what.clear();
    replay_patch(rs.trainjob, st, i);
    if (!st.patch.is_null()) w.what.push_back(summarize_patch(st.patch));
    read = rs.trainjob.status;
    replay_pass(s, st, ro, w, rs);
    found.clear();
    check_pass(read, rs.result, rs.trainjob, memory, checks, found);
    on_step(static_cast<const replay_step&>(rs), static_cast<const std::vector<invariant_violation>&>(found));
  }
}

inline side_trace trace_side(const scenario& s, const compare_side& side, invariant_set checks) {
  side_trace t;
  invariant_set seen = 0;
  replay_checked(s, side, checks, [&](const replay_step& rs, const std::vector<invariant_violation>& found) {
    t.rows.push_back(timeline_row_of(rs));
    t.views.push_back(view_of(rs));
    for (const auto& v : found) {
      if (seen & bit(v.invariant)) continue;
      seen |= bit(v.invariant);
      t.violations.push_back({v.invariant, rs.step, v.message});
    }
  });
  return t;
}

}  // namespace detail

/// The first difference between the two sides' views of `s` (each side's
/// profile overrides the scenario's), both sides' timelines and views, and,
/// for the invariants in `checks`, each side's first violation of each.
/// Throws decode_error when a patch leaves an invalid TrainJob.
inline scenario_comparison compare_scenario(const scenario& s, const compare_side& from,
                                            const compare_side& to, invariant_set checks = 0) {
  scenario_comparison c;
  c.from = detail::trace_side(s, from, checks);
  c.to = detail::trace_side(s, to, checks);
  for (std::size_t i = 0; i < c.from.views.size() && i < c.to.views.size(); ++i) {
    if (c.from.views[i] == c.to.views[i]) continue;
    c.first_difference =
        difference{i, differing_aspects(c.from.views[i], c.to.views[i]), c.from.views[i], c.to.views[i]};
    break;
  }
  return c;
}

}  // namespace trainjob

#endif
