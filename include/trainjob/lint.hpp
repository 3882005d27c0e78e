// trainjob: a linter for the condition design principles upstream settled on:
// one responsibility per condition, names that say what they mean, compatible
// evolution, consistency with core Kubernetes.
//
//   for (const auto& f : trainjob::lint(tj, &previous_tj)) std::cout << f.path << ": [" << f.rule << "] " ...
//   auto g = trainjob::lint(policy_set);                  // a set built in C++
//   auto h = trainjob::lint_policy_names({"Running", "Running"});  // names as the tool takes them
//
// Each finding has a stable rule id (kebab-case), a severity ("error": the
// object or set breaks the API or loses information; "warning": it breaks a
// convention or misleads a reader), a JSON path and a message. Rules:
//
// | rule                        | sev.    | applies to | fires when
// |-----------------------------|---------|------------|-----------------------------------------------------------
// | schema                      | error   | TrainJob   | validate(train_job) reports a violation (its path kept)
// | complete-and-failed         | error   | TrainJob   | Complete and Failed are both True
// | terminal-condition-removed  | error   | TrainJob   | the previous object had Complete or Failed True and this
// |                             |         |            | one lacks it or has it not True (kubeflow/trainer 3737)
// | transition-time-inconsistent| warning | TrainJob   | against the previous object: lastTransitionTime moved
// |                             |         |            | while the status stayed, or the status changed and it did not
// | reason-not-camelcase        | warning | TrainJob   | a schema-valid reason is not CamelCase words: each part,
// |                             |         |            | split at ',' or ':' (the schema allows both to join
// |                             |         |            | reasons), must be [A-Z][A-Za-z0-9]* with a lowercase
// |                             |         |            | letter ("jobs_failed", "FAILED", "failedJobs" fire;
// |                             |         |            | "OOMKilled", "FailedJobs,ReachedMaxRestarts" do not)
// | type-not-camelcase          | warning | both       | a schema-valid type's name (after an optional "domain/")
// |                             |         |            | is not one CamelCase word ("ready", "Pod-Ready", "READY")
// | misleading-state-column     | warning | TrainJob   | the last condition, which `kubectl get` shows as State,
// |                             |         |            | is not True (Suspended=False after a resume: kubeflow/
// |                             |         |            | trainer 3666), or is a state type (Complete, Failed,
// |                             |         |            | Suspended, Running, Created) True that is not the state
// | too-many-condition-types    | error   | both       | the types present (TrainJob) or the policies' types (set),
// |                             |         |            | with Complete, Failed and Suspended, exceed the CRD's 8
// | legacy-created              | warning | TrainJob   | a `Created` condition: removed before 2.0 (kubeflow/
// |                             |         |            | trainer 2459), it meant two things
// | negative-polarity-type      | warning | both       | a type's name starts with "Not" + capital (NotReady) or
// |                             |         |            | "Un" + lowercase (Unhealthy), except Uni*, Until*, Under*
// | empty-message-on-false      | warning | TrainJob   | a False or Unknown condition has an empty message
// | transition-before-creation  | warning | TrainJob   | a lastTransitionTime is earlier than creationTimestamp
// | observed-generation-ahead   | error   | TrainJob   | a condition's observedGeneration is greater than
// |                             |         |            | metadata.generation (when that is set)
// | policy-owns-builtin         | error   | set        | a policy owns Complete, Failed, Suspended or Created
// | duplicate-policy-type       | error   | set        | two policies own one condition type
// | unknown-policy              | error   | names      | a name that is no shipped policy
//
// Schema-invalid reasons and types are reported by `schema` only, not again
// by the CamelCase rules. lint(policy_set) and lint_policy_names report the
// set rules (the registry refuses such sets when they are built; the linter
// names every problem at once, with paths `policies[i]`).
#ifndef TRAINJOB_LINT_HPP
#define TRAINJOB_LINT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/error.hpp"
#include "trainjob/names.hpp"
#include "trainjob/policies.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/steps.hpp"
#include "trainjob/summary.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

/// One problem the linter found.
struct finding {
  std::string rule;      // a stable kebab-case id, see lint_rules
  std::string severity;  // "error" or "warning"
  std::string path;      // JSON path in the object ("status.conditions[2].reason"), or "policies[i]"
  std::string message;
};
inline bool operator==(const finding& a, const finding& b) {
  return a.rule == b.rule && a.severity == b.severity && a.path == b.path && a.message == b.message;
}
inline bool operator!=(const finding& a, const finding& b) { return !(a == b); }

inline void to_json(nlohmann::json& j, const finding& f) {
  j = nlohmann::json{{"rule", f.rule}, {"severity", f.severity}, {"path", f.path}, {"message", f.message}};
}

/// The rules, in the order of the table above; `lint_rules` is indexed by it,
/// so a misspelt rule is a compile error, not a silent "error" finding.
enum class lint_rule_id {
  schema,
  complete_and_failed,
  terminal_condition_removed,
  transition_time_inconsistent,
  reason_not_camelcase,
  type_not_camelcase,
  misleading_state_column,
  too_many_condition_types,
  legacy_created,
  negative_polarity_type,
  empty_message_on_false,
  transition_before_creation,
  observed_generation_ahead,
  policy_owns_builtin,
  duplicate_policy_type,
  unknown_policy,
};

/// A rule of the table above.
struct lint_rule {
  lint_rule_id rule;
  std::string_view id;
  std::string_view severity;
  std::string_view summary;
};

/// Every rule, in the order of the table above.
inline constexpr lint_rule lint_rules[] = {
    {lint_rule_id::schema, "schema", "error", "violates the metav1.Condition schema or the TrainJob CRD"},
    {lint_rule_id::complete_and_failed, "complete-and-failed", "error", "Complete and Failed are both True"},
    {lint_rule_id::terminal_condition_removed, "terminal-condition-removed", "error",
     "a terminal condition that was True went away"},
    {lint_rule_id::transition_time_inconsistent, "transition-time-inconsistent", "warning",
     "lastTransitionTime does not follow status changes"},
    {lint_rule_id::reason_not_camelcase, "reason-not-camelcase", "warning",
     "a reason is not CamelCase words"},
    {lint_rule_id::type_not_camelcase, "type-not-camelcase", "warning",
     "a condition type is not one CamelCase word"},
    {lint_rule_id::misleading_state_column, "misleading-state-column", "warning",
     "the State column shows a state that is not current"},
    {lint_rule_id::too_many_condition_types, "too-many-condition-types", "error",
     "more condition types than the CRD's 8 could be written"},
    {lint_rule_id::legacy_created, "legacy-created", "warning", "a Created condition (removed before 2.0)"},
    {lint_rule_id::negative_polarity_type, "negative-polarity-type", "warning",
     "a condition type named for the negative (Not..., Un...)"},
    {lint_rule_id::empty_message_on_false, "empty-message-on-false", "warning",
     "a False or Unknown condition without a message"},
    {lint_rule_id::transition_before_creation, "transition-before-creation", "warning",
     "a lastTransitionTime earlier than the object's creation"},
    {lint_rule_id::observed_generation_ahead, "observed-generation-ahead", "error",
     "a condition observed a generation that does not exist yet"},
    {lint_rule_id::policy_owns_builtin, "policy-owns-builtin", "error",
     "a policy claims a condition type the controller owns"},
    {lint_rule_id::duplicate_policy_type, "duplicate-policy-type", "error",
     "two policies own one condition type"},
    {lint_rule_id::unknown_policy, "unknown-policy", "error", "a policy name that is not shipped"},
};

namespace detail {

constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }

/// [A-Z][A-Za-z0-9]* with at least one lowercase letter.
constexpr bool is_camelcase_word(std::string_view s) noexcept {
  if (s.empty() || !is_upper(s.front())) return false;
  bool lower = false;
  for (char c : s) {
    if (!is_alnum(c)) return false;
    lower = lower || is_lower(c);
  }
  return lower;
}

/// CamelCase words joined by ',' or ':'.
constexpr bool is_camelcase_reason(std::string_view s) noexcept {
  std::size_t start = 0;
  while (true) {
    const std::size_t sep = s.find_first_of(",:", start);
    if (!is_camelcase_word(
            s.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start))) {
      return false;
    }
    if (sep == std::string_view::npos) return true;
    start = sep + 1;
  }
}

/// The name part of a condition type ("example.com/Ready" -> "Ready").
constexpr std::string_view type_name_part(std::string_view type) noexcept {
  const std::size_t slash = type.find('/');
  return slash == std::string_view::npos ? type : type.substr(slash + 1);
}

constexpr bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

/// "NotReady", "Unhealthy"; not "Unique", "Until...", "UnderReplicated", "Nothing".
constexpr bool is_negative_polarity(std::string_view type) noexcept {
  const std::string_view n = type_name_part(type);
  if (n.size() > 3 && starts_with(n, "Not") && is_upper(n[3])) return true;
  if (n.size() > 2 && starts_with(n, "Un") && is_lower(n[2])) {
    return !starts_with(n, "Uni") && !starts_with(n, "Until") && !starts_with(n, "Under");
  }
  return false;
}

constexpr bool lint_rules_in_order() noexcept {
  for (std::size_t i = 0; i < std::size(lint_rules); ++i) {
    if (static_cast<std::size_t>(lint_rules[i].rule) != i) return false;
  }
  return true;
}
static_assert(lint_rules_in_order(), "lint_rules must list every lint_rule_id once, in order");

inline finding make_finding(lint_rule_id id, std::string path, std::string message) {
  const lint_rule& r = lint_rules[static_cast<std::size_t>(id)];
  return {std::string(r.id), std::string(r.severity), std::move(path), std::move(message)};
}

/// Rules on condition types, shared by TrainJobs (path ...type) and policy sets.
inline void lint_type_name(std::vector<finding>& out, const std::string& type, const std::string& path) {
  if (type.empty() || !is_condition_type_pattern(type)) return;  // the schema's (or the registry's) business
  if (!is_camelcase_word(type_name_part(type))) {
    out.push_back(make_finding(lint_rule_id::type_not_camelcase, path,
                               "condition type " + quote(type) +
                                   " is not one CamelCase word (Kubernetes API conventions: PascalCase, like "
                                   "Complete or PodScheduled)"));
  }
  if (is_negative_polarity(type)) {
    out.push_back(
        make_finding(lint_rule_id::negative_polarity_type, path,
                     "condition type " + quote(type) +
                         " is named for the negative; name the positive state (Ready, not NotReady) and "
                         "let the status say False"));
  }
}

/// The set rules over (path, type) pairs; `known` false skips type checks
/// for entries already reported (unknown names).
struct policy_entry {
  std::string path;
  std::string type;
  bool known = true;
};

inline std::vector<finding> lint_policy_entries(const std::vector<policy_entry>& entries) {
  std::vector<finding> out;
  std::set<std::string> seen;
  for (const auto& e : entries) {
    if (!e.known) continue;
    if (is_reserved_condition_type(e.type)) {
      out.push_back(make_finding(lint_rule_id::policy_owns_builtin, e.path,
                                 "condition policy " + quote(e.type) + " claims " + e.type +
                                     ", a condition the controller owns; a policy cannot write it"));
      continue;
    }
    if (!seen.insert(e.type).second) {
      out.push_back(make_finding(
          lint_rule_id::duplicate_policy_type, e.path,
          "two policies own the condition type " + quote(e.type) + "; one condition, one owner"));
      continue;
    }
    lint_type_name(out, e.type, e.path);
  }
  const std::size_t total = seen.size() + policy_set::builtin_types;
  if (total > policy_set::max_conditions) {
    out.push_back(
        make_finding(lint_rule_id::too_many_condition_types, "policies",
                     std::to_string(seen.size()) +
                         " policy condition types and the built-in Complete, Failed and Suspended could "
                         "write " +
                         std::to_string(total) + " conditions; the TrainJob CRD allows " +
                         std::to_string(policy_set::max_conditions) + " (at most " +
                         std::to_string(policy_set::max_policies) + " policies)"));
  }
  return out;
}

inline const std::string* condition_type(const condition& c) noexcept { return &c.type; }

inline bool is_state_type(std::string_view type) noexcept {
  return type == names::complete || type == names::failed || type == names::suspended ||
         type == names::policy_types::running || type == names::created;
}

}  // namespace detail

/// Why `previous` cannot be an earlier read of `current`: both are named and
/// the names (or namespaces) differ. Every front end refuses such a pair with
/// this error before calling lint(current, &previous).
inline std::optional<error_info> previous_mismatch(const train_job& current, const train_job& previous) {
  const auto& now = current.metadata;
  const auto& was = previous.metadata;
  if (was.name.empty() || now.name.empty() || (was.name == now.name && was.namespace_ == now.namespace_)) {
    return std::nullopt;
  }
  // Names are at most 63 + 1 + 253 bytes: a real one is shown whole.
  return error_info{"metadata.name", "the previous TrainJob is " +
                                         detail::quote_bounded(was.namespace_ + "/" + was.name, 320) +
                                         ", this one is " +
                                         detail::quote_bounded(now.namespace_ + "/" + now.name, 320)};
}

/// Lints a TrainJob, and with `previous` (the same TrainJob as read before)
/// the rules about how its status evolved. See the table above.
inline std::vector<finding> lint(const train_job& current, const train_job* previous = nullptr) {
  using detail::make_finding;
  using detail::quote;
  std::vector<finding> out;
  for (const auto& v : validate(current))
    out.push_back(make_finding(lint_rule_id::schema, v.path, v.message));

  const auto& conds = current.status.conditions;
  const std::string base = "status.conditions";
  auto index_of = [&conds](std::string_view type) -> std::size_t {
    for (std::size_t i = 0; i < conds.size(); ++i) {
      if (conds[i].type == type) return i;
    }
    return conds.size();
  };
  auto path_at = [&base](std::size_t i) { return detail::index_path(base, i); };

  // Both terminal conditions True.
  if (conditions::is_true(conds, names::complete) && conditions::is_true(conds, names::failed)) {
    const std::size_t i = std::max(index_of(names::complete), index_of(names::failed));
    out.push_back(
        make_finding(lint_rule_id::complete_and_failed, path_at(i),
                     "Complete and Failed are both True: a TrainJob ends one way; a reader that checks "
                     "Complete first reports success (the State column shows " +
                         conds[i].type + "; the state is Failed)"));
  }

  // How the status evolved.
  if (previous != nullptr) {
    const auto& before = previous->status.conditions;
    for (std::string_view type : {names::complete, names::failed}) {
      const condition* was = conditions::find(before, type);
      if (was == nullptr || was->status != condition_status::true_) continue;
      const std::size_t i = index_of(type);
      const std::string since = was->last_transition_time.is_zero()
                                    ? std::string()
                                    : " since " + was->last_transition_time.to_string();
      if (i == conds.size()) {
        out.push_back(make_finding(lint_rule_id::terminal_condition_removed, base,
                                   std::string(type) + " was True" + since +
                                       " in the previous object and is gone: a terminal condition must stay "
                                       "(kubeflow/trainer 3737)"));
      } else if (conds[i].status != condition_status::true_) {
        out.push_back(make_finding(
            lint_rule_id::terminal_condition_removed, path_at(i) + ".status",
            std::string(type) + " was True" + since + " in the previous object and is now " +
                std::string(to_string(conds[i].status)) + ": a terminal condition must stay True"));
      }
    }
    // conditions::find's answers (the first of a type), indexed for a long list:
    // a scan per condition made `lint --previous` quadratic (issue 17).
    const detail::first_by_name<std::vector<condition>, condition> before_by_type(&before,
                                                                                  detail::condition_type);
    for (std::size_t i = 0; i < conds.size(); ++i) {
      const condition& c = conds[i];
      const condition* was = before_by_type.find(c.type);
      if (was == nullptr || was->last_transition_time.is_zero() || c.last_transition_time.is_zero()) continue;
      if (was->status == c.status && was->last_transition_time != c.last_transition_time) {
        out.push_back(make_finding(
            lint_rule_id::transition_time_inconsistent, path_at(i) + ".lastTransitionTime",
            detail::cut_bounded(c.type) + " stayed " + std::string(to_string(c.status)) +
                " but its lastTransitionTime moved from " + was->last_transition_time.to_string() + " to " +
                c.last_transition_time.to_string() + ": it records the last status change"));
      } else if (was->status != c.status && was->last_transition_time == c.last_transition_time) {
        out.push_back(
            make_finding(lint_rule_id::transition_time_inconsistent, path_at(i) + ".lastTransitionTime",
                         detail::cut_bounded(c.type) + " changed from " +
                             std::string(to_string(was->status)) + " to " + std::string(to_string(c.status)) +
                             " but its lastTransitionTime stayed " + c.last_transition_time.to_string()));
      }
    }
  }

  // The State column.
  if (!conds.empty()) {
    const std::size_t i = conds.size() - 1;
    const condition& last = conds[i];
    const std::string_view state = to_string(state_of(current));
    if (last.status != condition_status::true_) {
      out.push_back(make_finding(lint_rule_id::misleading_state_column, path_at(i),
                                 "`kubectl get trainjob` shows State " + quote(last.type) +
                                     " from a condition that is " + std::string(to_string(last.status)) +
                                     "; the job is " + std::string(state) +
                                     (last.type == names::suspended ? " (kubeflow/trainer 3666)" : "")));
    } else if (detail::is_state_type(last.type) && last.type != state) {
      out.push_back(make_finding(lint_rule_id::misleading_state_column, path_at(i),
                                 "`kubectl get trainjob` shows State " + quote(last.type) +
                                     " but the job is " + std::string(state)));
    }
  }

  // Room for the condition types.
  {
    std::set<std::string_view> types;
    for (const auto& c : conds) types.insert(c.type);
    for (auto t : names::controller_types) types.insert(t);
    if (types.size() > policy_set::max_conditions) {
      out.push_back(make_finding(
          lint_rule_id::too_many_condition_types, base,
          std::to_string(types.size()) +
              " condition types with Complete, Failed and Suspended; the TrainJob CRD allows " +
              std::to_string(policy_set::max_conditions) + ", so a later status write would be rejected"));
    }
  }

  // Each condition.
  const timestamp created = current.metadata.creation_timestamp;
  const std::int64_t generation = current.metadata.generation;
  for (std::size_t i = 0; i < conds.size(); ++i) {
    const condition& c = conds[i];
    const std::string p = path_at(i);
    detail::lint_type_name(out, c.type, p + ".type");
    if (c.type == names::created) {
      out.push_back(
          make_finding(lint_rule_id::legacy_created, p + ".type",
                       "Created was removed before Kubeflow Trainer 2.0 (kubeflow/trainer 2459): it meant "
                       "both 'the TrainJob exists' and 'its jobs were created'; remove it (--migrate) and "
                       "use the Initialized and ComponentsCreated policies"));
    }
    if (!c.reason.empty() && detail::is_condition_reason_pattern(c.reason) &&
        !detail::is_camelcase_reason(c.reason)) {
      out.push_back(
          make_finding(lint_rule_id::reason_not_camelcase, p + ".reason",
                       "reason " + quote(c.reason) +
                           " is not CamelCase words (like FailedJobs; ',' or ':' may join several)"));
    }
    if (c.status != condition_status::true_ && c.message.find_first_not_of(" \t\r\n") == std::string::npos) {
      out.push_back(make_finding(lint_rule_id::empty_message_on_false, p + ".message",
                                 detail::cut_bounded(c.type) + " is " + std::string(to_string(c.status)) +
                                     " without a message: say why, for people reading `kubectl describe`"));
    }
    if (!created.is_zero() && !c.last_transition_time.is_zero() && c.last_transition_time < created) {
      out.push_back(make_finding(lint_rule_id::transition_before_creation, p + ".lastTransitionTime",
                                 detail::cut_bounded(c.type) + " changed at " +
                                     c.last_transition_time.to_string() +
                                     ", before the TrainJob was created (" + created.to_string() + ")"));
    }
    if (generation > 0 && c.observed_generation > generation) {
      out.push_back(make_finding(lint_rule_id::observed_generation_ahead, p + ".observedGeneration",
                                 detail::cut_bounded(c.type) + " observed generation " +
                                     std::to_string(c.observed_generation) + ", but metadata.generation is " +
                                     std::to_string(generation)));
    }
  }
  return out;
}

/// Lints a policy set built in C++: the set rules and the type rules.
inline std::vector<finding> lint(const policy_set& set) {
  std::vector<detail::policy_entry> entries;
  for (std::size_t i = 0; i < set.policies().size(); ++i) {
    entries.push_back({detail::index_path("policies", i), std::string(set.policies()[i]->type()), true});
  }
  return detail::lint_policy_entries(entries);
}

/// Lints shipped policy names as the tool takes them (`--policy NAME`): unknown
/// names, then the set rules on the rest.
inline std::vector<finding> lint_policy_names(const std::vector<std::string>& names) {
  std::vector<finding> out;
  std::vector<detail::policy_entry> entries;
  const auto& shipped = shipped_policy_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string p = detail::index_path("policies", i);
    const bool known = std::find(shipped.begin(), shipped.end(), names[i]) != shipped.end();
    if (!known && !is_reserved_condition_type(names[i])) {
      std::string list;
      for (auto n : shipped) list += (list.empty() ? "" : ", ") + std::string(n);
      out.push_back(
          detail::make_finding(lint_rule_id::unknown_policy, p,
                               "unknown condition policy " + detail::quote(names[i]) + "; shipped: " + list));
      entries.push_back({p, names[i], false});
    } else {
      // A shipped policy's name is the type it owns; a built-in name is reported as owning it.
      entries.push_back({p, known ? std::string(make_shipped_policy(names[i])->type()) : names[i], true});
    }
  }
  auto rest = detail::lint_policy_entries(entries);
  out.insert(out.end(), rest.begin(), rest.end());
  // In the order of the names; findings about the whole set last.
  std::unordered_map<std::string, std::size_t> index_of_path;
  index_of_path.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) index_of_path.emplace(detail::index_path("policies", i), i);
  auto position = [&names, &index_of_path](const finding& f) {
    const auto it = index_of_path.find(f.path);
    return it == index_of_path.end() ? names.size() : it->second;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&position](const finding& a, const finding& b) { return position(a) < position(b); });
  return out;
}

}  // namespace trainjob

#endif
