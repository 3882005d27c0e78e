// trainjob: validation against the metav1.Condition schema and the TrainJob CRD.
//
//   for (const auto& v : trainjob::validate(tj)) std::cerr << v.to_string() << '\n';
//
// Every violation is reported with its path, not just the first.
#ifndef TRAINJOB_VALIDATION_HPP
#define TRAINJOB_VALIDATION_HPP

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// One broken rule: where (a JSON path) and what; its kind is always schema.
using violation = error_info;

struct validation_options {
  /// The TrainJob CRD's maxItems for status.conditions; 0 means no limit.
  std::size_t max_conditions = 8;
  /// The CRD counts message length in code points; Go's built-in
  /// ValidateConditions counts bytes. Set to check both.
  bool check_message_bytes = false;
};

inline constexpr std::size_t max_condition_type_length = 316;
inline constexpr std::size_t max_condition_reason_length = 1024;
inline constexpr std::size_t max_condition_message_length = 32768;
inline constexpr std::size_t max_jobs_status = 100;

namespace detail {

constexpr bool is_lower_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || (c >= '0' && c <= '9'); }

// Hand-written matchers: std::regex recurses per character and is slow.

/// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$
constexpr bool is_dns_subdomain_pattern(std::string_view s) noexcept {
  if (s.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    const std::string_view label =
        s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || !is_lower_alnum(label.front()) || !is_lower_alnum(label.back())) return false;
    for (char c : label) {
      if (!is_lower_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

/// ^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$
constexpr bool is_condition_type_pattern(std::string_view s) noexcept {
  const std::size_t slash = s.find('/');
  std::string_view name = s;
  if (slash != std::string_view::npos) {
    if (!is_dns_subdomain_pattern(s.substr(0, slash))) return false;
    name = s.substr(slash + 1);
  }
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

/// ^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$
constexpr bool is_condition_reason_pattern(std::string_view s) noexcept {
  if (s.empty() || !is_alpha(s.front())) return false;
  if (!is_alnum(s.back()) && s.back() != '_') return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '_' && c != ',' && c != ':') return false;
  }
  return true;
}

/// Code points in valid UTF-8, or npos when the bytes are not UTF-8.
inline std::size_t utf8_length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const std::size_t len = utf8_sequence(s, i);
    if (len == 0) return std::string_view::npos;
    i += len;
  }
  return n;
}

/// A value from the input in a message: bounded, see quote_bounded.
inline std::string quote(std::string_view s) { return quote_bounded(s); }

inline std::string index_path(std::string_view base, std::size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

/// A violation, of kind schema.
inline violation broken(std::string path, std::string message) {
  return violation{std::move(path), std::move(message), error_kind::schema};
}

}  // namespace detail

/// Checks one condition list against metav1.Condition's schema and the CRD:
/// type (pattern, <= 316), status, reason (pattern, 1..1024), message (<=
/// 32768 code points, and bytes when asked), observedGeneration >= 0,
/// lastTransitionTime set and writable, no two conditions of one type, and
/// at most `max_conditions`. `base` prefixes each path.
inline std::vector<violation> validate_conditions(const std::vector<condition>& list,
                                                  std::string_view base = "status.conditions",
                                                  const validation_options& options = {}) {
  std::vector<violation> out;
  if (options.max_conditions != 0 && list.size() > options.max_conditions) {
    out.push_back(detail::broken(std::string(base), "must have at most " +
                                                        std::to_string(options.max_conditions) +
                                                        " items, has " + std::to_string(list.size())));
  }
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const condition& c = list[i];
    const std::string p = detail::index_path(base, i);
    if (c.type.empty()) {
      out.push_back(detail::broken(p + ".type", "must not be empty"));
    } else {
      if (c.type.size() > max_condition_type_length) {
        out.push_back(detail::broken(p + ".type",
                                     "must be at most 316 characters, has " + std::to_string(c.type.size())));
      }
      if (!detail::is_condition_type_pattern(c.type)) {
        out.push_back(
            detail::broken(p + ".type",
                           "must be a CamelCase name, optionally prefixed by a DNS subdomain and '/' "
                           "(pattern of metav1.Condition), got " +
                               detail::quote(c.type)));
      }
      if (!seen.insert(c.type).second) {
        out.push_back(detail::broken(p + ".type", "duplicate condition type " + detail::quote(c.type) +
                                                      ": the list is a map keyed by type"));
      }
    }
    if (c.status != condition_status::true_ && c.status != condition_status::false_ &&
        c.status != condition_status::unknown) {
      out.push_back(detail::broken(p + ".status", "must be \"True\", \"False\" or \"Unknown\""));
    }
    if (c.reason.empty()) {
      out.push_back(detail::broken(p + ".reason", "must not be empty"));
    } else {
      if (c.reason.size() > max_condition_reason_length) {
        out.push_back(detail::broken(
            p + ".reason", "must be at most 1024 characters, has " + std::to_string(c.reason.size())));
      }
      if (!detail::is_condition_reason_pattern(c.reason)) {
        out.push_back(detail::broken(
            p + ".reason",
            "must match ^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$, got " + detail::quote(c.reason)));
      }
    }
    const std::size_t code_points = detail::utf8_length(c.message);
    if (code_points == std::string_view::npos) {
      out.push_back(detail::broken(p + ".message", "must be valid UTF-8"));
    } else if (code_points > max_condition_message_length) {
      out.push_back(detail::broken(p + ".message",
                                   "must be at most 32768 characters, has " + std::to_string(code_points)));
    } else if (options.check_message_bytes && c.message.size() > max_condition_message_length) {
      out.push_back(detail::broken(p + ".message",
                                   "must be at most 32768 bytes, has " + std::to_string(c.message.size())));
    }
    if (c.observed_generation < 0) {
      out.push_back(detail::broken(p + ".observedGeneration",
                                   "must be >= 0, got " + std::to_string(c.observed_generation)));
    }
    if (c.last_transition_time.is_zero()) {
      out.push_back(detail::broken(p + ".lastTransitionTime", "must be set"));
    } else if (!c.last_transition_time.valid_range()) {
      out.push_back(detail::broken(p + ".lastTransitionTime", "must lie in years 0000 to 9999"));
    }
  }
  return out;
}

/// A TrainJob's status against the CRD: conditions as above, and jobsStatus
/// (names set and unique, counts >= 0 and present, at most 100 items). The API
/// server refuses a status write that breaks any of these.
inline std::vector<violation> validate(const train_job_status& status,
                                       const validation_options& options = {}) {
  std::vector<violation> out = validate_conditions(status.conditions, "status.conditions", options);
  const auto& js = status.jobs_status;
  if (js.size() > max_jobs_status) {
    out.push_back(
        detail::broken("status.jobsStatus", "must have at most 100 items, has " + std::to_string(js.size())));
  }
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < js.size(); ++i) {
    const std::string p = detail::index_path("status.jobsStatus", i);
    if (js[i].name.empty()) out.push_back(detail::broken(p + ".name", "must not be empty"));
    if (!names.insert(js[i].name).second) {
      out.push_back(detail::broken(
          p + ".name", "duplicate name " + detail::quote(js[i].name) + ": the list is a map keyed by name"));
    }
    const std::pair<const char*, const std::optional<std::int32_t>*> counts[] = {
        {"ready", &js[i].ready},
        {"succeeded", &js[i].succeeded},
        {"failed", &js[i].failed},
        {"active", &js[i].active},
        {"suspended", &js[i].suspended}};
    for (const auto& c : counts) {
      if (!c.second->has_value()) {
        out.push_back(detail::broken(p + "." + c.first, "required"));
      } else if (**c.second < 0) {
        out.push_back(detail::broken(p + "." + c.first, "must be >= 0, got " + std::to_string(**c.second)));
      }
    }
  }
  return out;
}

/// The status as above, plus spec.activeDeadlineSeconds >= 1 and a non-empty
/// runtimeRef.name.
inline std::vector<violation> validate(const train_job& tj, const validation_options& options = {}) {
  std::vector<violation> out = validate(tj.status, options);
  if (tj.spec.runtime_ref.name.empty()) {
    out.push_back(detail::broken("spec.runtimeRef.name", "must not be empty"));
  }
  if (tj.spec.active_deadline_seconds && *tj.spec.active_deadline_seconds < 1) {
    out.push_back(detail::broken("spec.activeDeadlineSeconds",
                                 "must be >= 1, got " + std::to_string(*tj.spec.active_deadline_seconds)));
  }
  return out;
}

/// A JobSet's status: its conditions (the JobSet CRD sets no item limit) and
/// non-negative counts; and, since releases from v2.1 copy replicatedJobsStatus
/// into the TrainJob's jobsStatus, the rules that copy must meet: names set and
/// unique, at most 100 entries.
inline std::vector<violation> validate(const job_set& js, validation_options options = {}) {
  options.max_conditions = 0;
  std::vector<violation> out = validate_conditions(js.status.conditions, "status.conditions", options);
  const auto& rs = js.status.replicated_jobs_status;
  if (rs.size() > max_jobs_status) {
    out.push_back(detail::broken("status.replicatedJobsStatus",
                                 "must have at most 100 items (the TrainJob's jobsStatus copies it), has " +
                                     std::to_string(rs.size())));
  }
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const std::string p = detail::index_path("status.replicatedJobsStatus", i);
    if (rs[i].name.empty()) {
      out.push_back(detail::broken(p + ".name", "must not be empty (the TrainJob's jobsStatus copies it)"));
    }
    if (!names.insert(rs[i].name).second) {
      out.push_back(
          detail::broken(p + ".name", "duplicate name " + detail::quote(rs[i].name) +
                                          ": the TrainJob's jobsStatus copies it, a map keyed by name"));
    }
    const std::pair<const char*, std::int32_t> counts[] = {{"ready", rs[i].ready},
                                                           {"succeeded", rs[i].succeeded},
                                                           {"failed", rs[i].failed},
                                                           {"active", rs[i].active},
                                                           {"suspended", rs[i].suspended}};
    for (const auto& c : counts) {
      if (c.second < 0) {
        out.push_back(detail::broken(p + "." + c.first, "must be >= 0, got " + std::to_string(c.second)));
      }
    }
  }
  if (js.status.restarts < 0) out.push_back(detail::broken("status.restarts", "must be >= 0"));
  if (js.status.restarts_count_towards_max < 0) {
    out.push_back(detail::broken("status.restartsCountTowardsMax", "must be >= 0"));
  }
  return out;
}

namespace detail {

/// Whether the names of a list are set and unique, without allocating (a list
/// of at most `max_jobs_status` entries: quadratic in at most 100).
template <class T>
bool names_ok(const std::vector<T>& list) noexcept {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].name.empty()) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].name == list[i].name) return false;
    }
  }
  return true;
}

inline bool conditions_ok(const std::vector<condition>& list, const validation_options& options) noexcept {
  if (options.max_conditions != 0 && list.size() > options.max_conditions) return false;
  if (list.size() > 64) {
    // Unique types are checked by a quadratic scan only in a short list (the
    // CRD allows 8); a long unlimited one is left to validate().
    try {
      return validate_conditions(list, "", options).empty();
    } catch (...) {
      return false;  // out of memory: not known to be valid
    }
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const condition& c = list[i];
    if (c.type.empty() || c.type.size() > max_condition_type_length || !is_condition_type_pattern(c.type))
      return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (list[j].type == c.type) return false;
    }
    if (c.status != condition_status::true_ && c.status != condition_status::false_ &&
        c.status != condition_status::unknown) {
      return false;
    }
    if (c.reason.empty() || c.reason.size() > max_condition_reason_length ||
        !is_condition_reason_pattern(c.reason)) {
      return false;
    }
    const std::size_t code_points = utf8_length(c.message);
    if (code_points == std::string_view::npos || code_points > max_condition_message_length) return false;
    if (options.check_message_bytes && c.message.size() > max_condition_message_length) return false;
    if (c.observed_generation < 0) return false;
    if (c.last_transition_time.is_zero() || !c.last_transition_time.valid_range()) return false;
  }
  return true;
}

}  // namespace detail

/// validate(status).empty(), answered without allocating: a reconcile pass
/// asks it of every status it would write.
inline bool is_valid(const train_job_status& status, const validation_options& options = {}) noexcept {
  if (!detail::conditions_ok(status.conditions, options)) return false;
  const auto& js = status.jobs_status;
  if (js.size() > max_jobs_status || !detail::names_ok(js)) return false;
  for (const job_status& j : js) {
    for (const auto* c : {&j.ready, &j.succeeded, &j.failed, &j.active, &j.suspended}) {
      if (!c->has_value() || **c < 0) return false;
    }
  }
  return true;
}

/// validate(tj).empty(), without allocating.
inline bool is_valid(const train_job& tj, const validation_options& options = {}) noexcept {
  return is_valid(tj.status, options) && !tj.spec.runtime_ref.name.empty() &&
         !(tj.spec.active_deadline_seconds && *tj.spec.active_deadline_seconds < 1);
}

/// validate(js).empty(), without allocating (batch asks it of every line).
inline bool is_valid(const job_set& js, validation_options options = {}) noexcept {
  options.max_conditions = 0;  // as validate(js): the JobSet CRD sets no limit
  if (!detail::conditions_ok(js.status.conditions, options)) return false;
  const auto& rs = js.status.replicated_jobs_status;
  if (rs.size() > max_jobs_status || !detail::names_ok(rs)) return false;
  for (const replicated_job_status& r : rs) {
    if (r.ready < 0 || r.succeeded < 0 || r.failed < 0 || r.active < 0 || r.suspended < 0) return false;
  }
  return js.status.restarts >= 0 && js.status.restarts_count_towards_max >= 0;
}

/// Runtimes have no status; only spec.mlPolicy.numNodes is checked (>= 1).
inline std::vector<violation> validate(const training_runtime& rt, const validation_options& = {}) {
  std::vector<violation> out;
  if (rt.spec.ml_policy && rt.spec.ml_policy->num_nodes && *rt.spec.ml_policy->num_nodes < 1) {
    out.push_back(detail::broken("spec.mlPolicy.numNodes",
                                 "must be >= 1, got " + std::to_string(*rt.spec.ml_policy->num_nodes)));
  }
  return out;
}

}  // namespace trainjob

#endif
