// trainjob: condition policies, the opt-in hooks for conditions upstream does not ship.
//
// A policy owns exactly one condition type and computes it from the same
// observation the transition uses, after the built-in conditions of the pass:
//
//   struct gpu_quota : trainjob::condition_policy {
//     std::string_view type() const noexcept override { return "example.com/QuotaReserved"; }
//     std::optional<trainjob::condition> evaluate(const trainjob::policy_context& ctx) const override {
//       bool reserved = ctx.trainjob.metadata.annotations.count("example.com/quota") != 0;
//       return trainjob::make_policy_condition(reserved, reserved ? "Reserved" : "Waiting", "...");
//     }
//   };
//   trainjob::policy_set set;
//   set.add(std::make_shared<gpu_quota>());       // throws policy_error on a conflict
//   opts.policies = &set;                          // trainjob::reconcile_options
//
// `evaluate` returns the condition to set (its lastTransitionTime moves only
// when its status changes, as with conditions::set) or nullopt to remove it.
// An existing condition is updated in place; a new one is inserted before the
// controller's own (Complete, Failed, Suspended, Created), so the State column
// still shows what the profile would. Build and apply errors are passed only
// for a pass that applied. With no policy enabled, every profile's output is
// unchanged.
#ifndef TRAINJOB_POLICY_HPP
#define TRAINJOB_POLICY_HPP

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/error.hpp"
#include "trainjob/names.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/runtime_ref.hpp"
#include "trainjob/steps.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

/// What a policy sees: the pass's observation, what the pass did, and the
/// status computed so far (the built-in conditions, then earlier policies).
struct policy_context {
  const train_job& trainjob;        // as read: metadata, spec, the status before the pass
  const job_set* jobset;            // as the status step read it; nullptr: NotFound
  const training_runtime* runtime;  // when the caller supplied it (step labels); may be nullptr
  timestamp now;
  trainjob::profile profile;
  bool runtime_registered;                      // the runtime kind is known
  bool applied;                                 // the pass built and applied the child objects
  std::optional<std::string_view> build_error;  // building them failed this pass
  std::optional<std::string_view> apply_error;  // applying them failed this pass
  const train_job_status& status;               // the new status so far
  const condition* previous;                    // this policy's condition as read, or nullptr
  // step_states(*jobset, runtime), filled by the first policy of the pass that
  // reads it and shared by the others (run_policies sets it); nullptr: each
  // reader computes its own.
  std::optional<std::vector<step_state>>* shared_steps = nullptr;
};

/// Owns one condition type; see the header comment.
class condition_policy {
 public:
  virtual ~condition_policy() = default;
  /// The one condition type this policy writes (CamelCase, optionally domain-prefixed).
  virtual std::string_view type() const noexcept = 0;
  /// The condition to set, or nullopt to remove it. The type is forced to type().
  virtual std::optional<condition> evaluate(const policy_context& ctx) const = 0;
};

/// A condition with the given status, reason and message (type filled in by the caller).
inline condition make_policy_condition(condition_status status, std::string_view reason,
                                       std::string message) {
  condition c;
  c.status = status;
  c.reason = std::string(reason);
  c.message = std::move(message);
  return c;
}
inline condition make_policy_condition(bool is_true, std::string_view reason, std::string message) {
  return make_policy_condition(is_true ? condition_status::true_ : condition_status::false_, reason,
                               std::move(message));
}

/// A policy from a type and a function, for policies written in a few lines.
class function_policy final : public condition_policy {
 public:
  using function = std::function<std::optional<condition>(const policy_context&)>;
  function_policy(std::string type, function f) : type_(std::move(type)), f_(std::move(f)) {}
  std::string_view type() const noexcept override { return type_; }
  std::optional<condition> evaluate(const policy_context& ctx) const override { return f_(ctx); }

 private:
  std::string type_;
  function f_;
};

inline std::shared_ptr<const condition_policy> make_policy(std::string type, function_policy::function f) {
  return std::make_shared<function_policy>(std::move(type), std::move(f));
}

/// A refused policy set: the message says which policy and why.
class policy_error : public std::invalid_argument, public error {
 public:
  explicit policy_error(const std::string& message)
      : std::invalid_argument(message), error(error_kind::policy) {}
};

/// The condition types the controller itself writes, which no policy may own.
inline constexpr const auto& reserved_condition_types = names::reserved_types;

inline bool is_reserved_condition_type(std::string_view type) noexcept {
  for (auto r : reserved_condition_types) {
    if (type == r) return true;
  }
  return false;
}

/// The enabled policies, in the order they run. Refuses two policies owning
/// one type, a policy claiming a built-in type, and more policies than the
/// CRD's 8 conditions leave room for next to Complete, Failed and Suspended.
class policy_set {
 public:
  static constexpr std::size_t max_conditions = 8;
  static constexpr std::size_t builtin_types = std::size(names::controller_types);
  static constexpr std::size_t max_policies = max_conditions - builtin_types;

  /// Adds a policy; throws policy_error (and leaves the set as it was) on a conflict.
  void add(std::shared_ptr<const condition_policy> p) {
    if (!p) throw policy_error("condition policy: null policy");
    const std::string type(p->type());
    if (type.empty()) throw policy_error("condition policy: empty condition type");
    if (!detail::is_condition_type_pattern(type) || type.size() > max_condition_type_length) {
      throw policy_error(
          "condition policy " + type +
          ": not a valid condition type (CamelCase, optionally prefixed by a DNS subdomain and '/')");
    }
    if (is_reserved_condition_type(type)) {
      throw policy_error("condition policy " + type + ": " + type +
                         " is a built-in condition the controller owns; a policy cannot claim it");
    }
    for (const auto& q : policies_) {
      if (q->type() == type) {
        throw policy_error("condition policy " + type + ": two policies own the condition type " + type);
      }
    }
    if (policies_.size() + 1 > max_policies) {
      throw policy_error("condition policy " + type + ": " + std::to_string(policies_.size() + 1) +
                         " policies and the built-in Complete, Failed and Suspended could write " +
                         std::to_string(policies_.size() + 1 + builtin_types) +
                         " condition types; the TrainJob CRD allows " + std::to_string(max_conditions));
    }
    policies_.push_back(std::move(p));
  }

  const std::vector<std::shared_ptr<const condition_policy>>& policies() const noexcept { return policies_; }
  bool empty() const noexcept { return policies_.empty(); }
  std::size_t size() const noexcept { return policies_.size(); }
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& p : policies_) out.emplace_back(p->type());
    return out;
  }

 private:
  std::vector<std::shared_ptr<const condition_policy>> policies_;
};

namespace detail {

/// Runs every policy over `status`; a policy that throws leaves its condition
/// as it was and adds an error instead of ending the pass.
inline void run_policies(const policy_set& set, policy_context ctx_base, train_job_status& status,
                         std::vector<std::string>& errors) {
  std::optional<std::vector<step_state>> steps;  // computed once per pass, when a policy asks
  if (ctx_base.shared_steps == nullptr) ctx_base.shared_steps = &steps;
  for (const auto& p : set.policies()) {
    const std::string_view type = p->type();
    policy_context ctx{ctx_base.trainjob,
                       ctx_base.jobset,
                       ctx_base.runtime,
                       ctx_base.now,
                       ctx_base.profile,
                       ctx_base.runtime_registered,
                       ctx_base.applied,
                       ctx_base.build_error,
                       ctx_base.apply_error,
                       status,
                       conditions::find(ctx_base.trainjob.status.conditions, type),
                       ctx_base.shared_steps};
    std::optional<condition> c;
    try {
      c = p->evaluate(ctx);
    } catch (const std::exception& e) {
      errors.push_back("condition policy " + std::string(type) + ": " + e.what());
      continue;
    } catch (...) {
      errors.push_back("condition policy " + std::string(type) + ": unknown error");
      continue;
    }
    if (c) {
      c->type = std::string(type);
      if (conditions::find(status.conditions, type) == nullptr) {
        // A new policy condition goes before the controller's own, so the
        // State column (the last type) keeps the profile's value and
        // v2.1..v2.3's re-appended Failed never reorders the list.
        auto pos = status.conditions.begin();
        while (pos != status.conditions.end() && !is_reserved_condition_type(pos->type)) ++pos;
        if (c->last_transition_time.is_zero()) c->last_transition_time = ctx_base.now;
        status.conditions.insert(pos, std::move(*c));
      } else {
        conditions::set(status.conditions, std::move(*c), ctx_base.now);
      }
    } else {
      conditions::remove(status.conditions, type);
    }
  }
}

}  // namespace detail
}  // namespace trainjob

#endif
