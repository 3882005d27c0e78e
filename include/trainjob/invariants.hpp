// trainjob: invariants of a condition design, judged pass by pass.
//
//   trainjob::invariant_memory m;                       // one per replayed TrainJob
//   auto v = trainjob::check_pass(read, step, m, trainjob::every_invariant);
//
// Each invariant judges what the controller's pass writes, never what another
// party put in the status (a foreign writer, the object as first observed):
//   exclusive-terminal  the pass writes Complete and Failed both True (read
//                       had not both True)
//   terminal-sticky     a Complete or Failed that a pass of the controller set
//                       True, and that is still True as read, is not True in
//                       what the pass writes (kubeflow/trainer 3737)
//   transition-time     a condition whose status the pass keeps gets another
//                       lastTransitionTime
//   state-column        the State column the pass writes (the last
//                       condition's type, `state_column`) names a state that
//                       is not the job's (`state_of`); a column that names no
//                       state, or none, claims nothing (kubeflow/trainer 3666)
//   condition-limit     the pass writes more than 8 conditions (the API server
//                       refuses it, docs/semantics.md §3.6)
// A pass that writes nothing (its status equals the one read) is not judged:
// what it keeps was judged when it was written.
#ifndef TRAINJOB_INVARIANTS_HPP
#define TRAINJOB_INVARIANTS_HPP

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/names.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/summary.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// The invariants, in the order they are reported.
enum class invariant { exclusive_terminal, terminal_sticky, transition_time, state_column, condition_limit };

inline constexpr invariant all_invariants[] = {invariant::exclusive_terminal, invariant::terminal_sticky,
                                               invariant::transition_time, invariant::state_column,
                                               invariant::condition_limit};

/// "exclusive-terminal", "terminal-sticky", ...
constexpr std::string_view to_string(invariant i) noexcept {
  switch (i) {
    case invariant::exclusive_terminal:
      return "exclusive-terminal";
    case invariant::terminal_sticky:
      return "terminal-sticky";
    case invariant::transition_time:
      return "transition-time";
    case invariant::state_column:
      return "state-column";
    case invariant::condition_limit:
      return "condition-limit";
  }
  return "exclusive-terminal";
}

constexpr std::optional<invariant> invariant_from_string(std::string_view s) noexcept {
  for (invariant i : all_invariants) {
    if (to_string(i) == s) return i;
  }
  return std::nullopt;
}

/// The names joined by ", ", for messages and help.
inline std::string invariant_names() {
  std::string out;
  for (invariant i : all_invariants) out += (out.empty() ? "" : ", ") + std::string(to_string(i));
  return out;
}

/// A set of invariants as bits (1 << the enum's value).
using invariant_set = std::uint32_t;
inline constexpr invariant_set bit(invariant i) noexcept {
  return invariant_set(1) << static_cast<unsigned>(i);
}
inline constexpr invariant_set every_invariant = (invariant_set(1) << std::size(all_invariants)) - 1;

/// What the checks remember between one TrainJob's passes: which terminal
/// conditions a pass of the controller set True (and no one removed since).
struct invariant_memory {
  bool controller_complete = false;
  bool controller_failed = false;
};

struct invariant_violation {
  trainjob::invariant invariant;
  std::string message;
};

namespace detail {

inline bool both_terminal(const std::vector<condition>& c) noexcept {
  return conditions::is_true(c, names::complete) && conditions::is_true(c, names::failed);
}

/// Whether the State column's text names a job_state.
inline std::optional<job_state> state_named(std::string_view column) noexcept {
  for (job_state s : {job_state::created, job_state::running, job_state::suspended, job_state::complete,
                      job_state::failed}) {
    if (to_string(s) == column) return s;
  }
  return std::nullopt;
}

}  // namespace detail

/// Judges one pass: `read` is the status the pass read; `result` what it
/// computed; `after` the TrainJob after the step (its status: what is stored).
/// Appends the violations of the invariants in `checks` and updates `memory`
/// (which must follow every pass of the TrainJob, checked or not).
inline void check_pass(const train_job_status& read, const reconcile_result& result, const train_job& after,
                       invariant_memory& memory, invariant_set checks,
                       std::vector<invariant_violation>& out) {
  const auto& wrote = result.status.conditions;
  const bool judged = result.changed;
  if (judged && (checks & bit(invariant::exclusive_terminal)) && detail::both_terminal(wrote) &&
      !detail::both_terminal(read.conditions)) {
    out.push_back({invariant::exclusive_terminal, "the pass writes Complete and Failed both True"});
  }
  const struct {
    std::string_view type;
    bool& by_controller;
  } terminals[] = {{names::complete, memory.controller_complete}, {names::failed, memory.controller_failed}};
  for (const auto& t : terminals) {
    const bool was = conditions::is_true(read.conditions, t.type);
    if (judged && (checks & bit(invariant::terminal_sticky)) && t.by_controller && was &&
        !conditions::is_true(wrote, t.type)) {
      out.push_back({invariant::terminal_sticky,
                     "the pass takes away the " + std::string(t.type) + "=True an earlier pass set"});
    }
    // Still the controller's when it stays True; the controller's when this pass made it True.
    t.by_controller = conditions::is_true(after.status.conditions, t.type) && (t.by_controller || !was);
  }
  if (judged && (checks & bit(invariant::transition_time))) {
    for (const auto& c : wrote) {
      const condition* r = conditions::find(read.conditions, c.type);
      if (r != nullptr && r->status == c.status && r->last_transition_time != c.last_transition_time) {
        out.push_back({invariant::transition_time, c.type + " stays " + std::string(to_string(c.status)) +
                                                       " but its lastTransitionTime moves from " +
                                                       r->last_transition_time.to_string() + " to " +
                                                       c.last_transition_time.to_string()});
      }
    }
  }
  if (judged && result.rejected.empty() && (checks & bit(invariant::state_column))) {
    const std::string column = state_column(after.status);
    const auto named = detail::state_named(column);
    const job_state state = state_of(after);
    if (named && *named != state) {
      out.push_back({invariant::state_column, "the State column shows " + column + " while the job is " +
                                                  std::string(to_string(state))});
    }
  }
  if (judged && (checks & bit(invariant::condition_limit)) && wrote.size() > policy_set::max_conditions) {
    out.push_back({invariant::condition_limit, "the pass writes " + std::to_string(wrote.size()) +
                                                   " conditions; the TrainJob CRD allows " +
                                                   std::to_string(policy_set::max_conditions)});
  }
}

/// As above, returning the violations.
inline std::vector<invariant_violation> check_pass(const train_job_status& read,
                                                   const reconcile_result& result, const train_job& after,
                                                   invariant_memory& memory,
                                                   invariant_set checks = every_invariant) {
  std::vector<invariant_violation> out;
  check_pass(read, result, after, memory, checks, out);
  return out;
}

}  // namespace trainjob

#endif
