// trainjob: metav1.Condition and the apimachinery `meta` condition helpers.
#ifndef TRAINJOB_CONDITION_HPP
#define TRAINJOB_CONDITION_HPP

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/reflect.hpp"
#include "trainjob/detail/short_string.hpp"
#include "trainjob/timestamp.hpp"

namespace trainjob {

/// metav1.ConditionStatus. The trailing underscore only avoids the keywords.
enum class condition_status { true_, false_, unknown };

/// "True", "False" or "Unknown".
constexpr std::string_view to_string(condition_status s) noexcept {
  switch (s) {
    case condition_status::true_:
      return "True";
    case condition_status::false_:
      return "False";
    case condition_status::unknown:
      return "Unknown";
  }
  return "Unknown";
}

/// Exact, case-sensitive, as the CRD's enum: "true" is not "True".
constexpr std::optional<condition_status> condition_status_from_string(std::string_view s) noexcept {
  if (s == "True") return condition_status::true_;
  if (s == "False") return condition_status::false_;
  if (s == "Unknown") return condition_status::unknown;
  return std::nullopt;
}

/// metav1.Condition. `unknown_fields` holds members a future API adds, so a
/// read-modify-write keeps them.
struct condition {
  std::string type;
  condition_status status = condition_status::unknown;
  std::int64_t observed_generation = 0;  // written only when non-zero
  timestamp last_transition_time;        // zero: not set
  std::string reason;
  std::string message;            // always written, may be empty
  nlohmann::json unknown_fields;  // null or an object; see types.hpp
};

/// Exact equality, times at second precision, unknown fields included.
inline bool operator==(const condition& a, const condition& b) {
  return a.type == b.type && a.status == b.status && a.observed_generation == b.observed_generation &&
         a.last_transition_time == b.last_transition_time && a.reason == b.reason && a.message == b.message &&
         // Null and {} both mean none; otherwise nlohmann's `==` (numbers by value),
         // called by name: unqualified `==` here would find this very operator and
         // ask nlohmann whether a json converts to a condition before the JSON
         // hooks exist, and nlohmann caches the "no" for good.
         (detail::same_unknown(a.unknown_fields, b.unknown_fields) ||
          std::equal_to<nlohmann::json>{}(a.unknown_fields, b.unknown_fields));
}
inline bool operator!=(const condition& a, const condition& b) { return !(a == b); }

namespace detail {
template <>
struct fields<condition> {
  // Kubernetes writes reason and message even when empty; the CRD requires them.
  static constexpr auto value = std::make_tuple(field("type", &condition::type, emit::always, true),
                                                field("status", &condition::status, emit::always, true),
                                                field("observedGeneration", &condition::observed_generation),
                                                field("lastTransitionTime", &condition::last_transition_time),
                                                field("reason", &condition::reason, emit::always),
                                                field("message", &condition::message, emit::always));
};
}  // namespace detail

/// The apimachinery `k8s.io/apimachinery/pkg/api/meta` condition helpers
/// (v0.29+ semantics), with the clock turned into an argument.
namespace conditions {

/// First condition of `type`, or nullptr (FindStatusCondition).
inline const condition* find(const std::vector<condition>& list, std::string_view type) noexcept {
  for (const auto& c : list) {
    if (detail::same(c.type, type)) return &c;
  }
  return nullptr;
}
inline condition* find(std::vector<condition>& list, std::string_view type) noexcept {
  for (auto& c : list) {
    if (detail::same(c.type, type)) return &c;
  }
  return nullptr;
}

/// IsStatusConditionPresentAndEqual: the first condition of `type` has `status`.
inline bool is_present_and_equal(const std::vector<condition>& list, std::string_view type,
                                 condition_status status) noexcept {
  const condition* c = find(list, type);
  return c != nullptr && c->status == status;
}
inline bool is_true(const std::vector<condition>& list, std::string_view type) noexcept {
  return is_present_and_equal(list, type, condition_status::true_);
}
inline bool is_false(const std::vector<condition>& list, std::string_view type) noexcept {
  return is_present_and_equal(list, type, condition_status::false_);
}

/// SetStatusCondition. A new type is appended (stamped with `now` when it has
/// no lastTransitionTime); an existing one is updated in place, so the list
/// order, which users see in the State column, never moves. The time moves
/// only when the status changes (to c's time, or `now`). Returns whether
/// anything changed; a different lastTransitionTime alone is no change.
inline bool set(std::vector<condition>& list, condition c, timestamp now) {
  condition* existing = find(list, c.type);
  if (existing == nullptr) {
    if (c.last_transition_time.is_zero()) c.last_transition_time = now;
    list.push_back(std::move(c));
    return true;
  }
  bool changed = false;
  if (existing->status != c.status) {
    existing->status = c.status;
    existing->last_transition_time = c.last_transition_time.is_zero() ? now : c.last_transition_time;
    changed = true;
  }
  if (existing->reason != c.reason) {
    existing->reason = std::move(c.reason);
    changed = true;
  }
  if (existing->message != c.message) {
    existing->message = std::move(c.message);
    changed = true;
  }
  if (existing->observed_generation != c.observed_generation) {
    existing->observed_generation = c.observed_generation;
    changed = true;
  }
  return changed;
}

/// RemoveStatusCondition: removes every condition of `type`; whether any went.
inline bool remove(std::vector<condition>& list, std::string_view type) {
  const auto before = list.size();
  std::vector<condition>::size_type kept = 0;
  for (std::vector<condition>::size_type i = 0; i < list.size(); ++i) {
    if (list[i].type != type) {
      if (kept != i) list[kept] = std::move(list[i]);
      ++kept;
    }
  }
  list.resize(kept);
  return kept != before;
}

}  // namespace conditions
}  // namespace trainjob

#endif
