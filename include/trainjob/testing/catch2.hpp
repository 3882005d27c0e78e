// trainjob: Catch2 matchers over the helpers of trainjob/testing.hpp.
//
//   #include <trainjob/testing/catch2.hpp>   // before or after Catch2's own header
//   using namespace trainjob::testing;
//   CHECK_THAT(r.status.conditions, matches_conditions({{"Complete", "True", "AllJobsCompleted"}}));
//   CHECK_THAT(r.status, has_condition("Complete", "True", "AllJobsCompleted"));
//   CHECK_THAT(r.status, has_state_column("Complete"));
//
// Each matcher takes a condition list, a train_job_status or a train_job, and
// on failure prints the diff of conditions_diff, condition_diff or
// state_column_diff (trainjob/testing.hpp), so every framework reads the same.
//
// Catch2 v3 (catch2/matchers/catch_matchers_templated.hpp, when it can be
// included and Catch2 v2's catch.hpp was not included first) or Catch2 v2
// (catch2/catch.hpp). This header includes Catch2 itself (TEST_CASE and
// CHECK_THAT included), so the include order does not matter (the matchers used to exist only when Catch2 came
// first). In Catch2 v2, the file that defines CATCH_CONFIG_MAIN or
// CATCH_CONFIG_RUNNER must define it before including this header.
//
// Tested with Catch2 v2 (Debian 12's 2.13.10) in both include orders. The v3
// branch is written to v3's documented API but untested here: Debian 12 has
// no Catch2 v3 package.
#ifndef TRAINJOB_TESTING_CATCH2_HPP
#define TRAINJOB_TESTING_CATCH2_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trainjob/testing.hpp"

#if !defined(TWOBLUECUBES_CATCH_HPP_INCLUDED) && defined(__has_include)
#if __has_include(<catch2/matchers/catch_matchers_templated.hpp>)
#define TRAINJOB_TESTING_CATCH2_V3 1
#endif
#endif

// With v3, TEST_CASE and CHECK_THAT too, so that this one include makes a test file in both.
#ifdef TRAINJOB_TESTING_CATCH2_V3
#include <catch2/catch_test_macros.hpp>
#include <catch2/catch_tostring.hpp>
#include <catch2/matchers/catch_matchers_templated.hpp>
#else
#include <catch2/catch.hpp>
#endif

namespace trainjob {
namespace testing {

#ifdef TRAINJOB_TESTING_CATCH2_V3
template <class T>
using catch_matcher_base = Catch::Matchers::MatcherBase<T>;
#else
template <class T>
using catch_matcher_base = Catch::MatcherBase<T>;
#endif

// Each matcher is a Catch2 matcher of a condition list (has_state_column: of a
// train_job_status), so `!`, `&&` and `||` compose it as before; alone, it
// also takes a train_job_status or a train_job through its second `match`
// (Catch2's composed matchers take only their one type).

/// matches_conditions: the whole list, in order (conditions_diff).
class conditions_matcher : public catch_matcher_base<std::vector<condition>> {
 public:
  explicit conditions_matcher(std::vector<expected_condition> e) : expected_(std::move(e)) {}
  bool match(const std::vector<condition>& actual) const override {
    diff_ = conditions_diff(actual, expected_);
    return diff_.empty();
  }
  template <class T>
  bool match(const T& actual) const {
    return match(detail::conditions_of(actual));
  }
  // Catch2 prints only the description: the last diff goes with it.
  std::string describe() const override {
    return "matches conditions " + describe_conditions(expected_) + (diff_.empty() ? "" : "\n" + diff_);
  }

 private:
  std::vector<expected_condition> expected_;
  mutable std::string diff_;
};

/// has_condition: one condition, found by type (condition_diff).
class condition_matcher : public catch_matcher_base<std::vector<condition>> {
 public:
  explicit condition_matcher(expected_condition e) : expected_(std::move(e)) {}
  bool match(const std::vector<condition>& actual) const override {
    diff_ = condition_diff(actual, expected_);
    return diff_.empty();
  }
  template <class T>
  bool match(const T& actual) const {
    return match(detail::conditions_of(actual));
  }
  std::string describe() const override {
    return "has condition " + detail::describe(expected_) + (diff_.empty() ? "" : "\n" + diff_);
  }

 private:
  expected_condition expected_;
  mutable std::string diff_;
};

/// has_state_column: the State column of `kubectl get trainjob` (state_column_diff).
class state_column_matcher : public catch_matcher_base<train_job_status> {
 public:
  explicit state_column_matcher(std::string e) : expected_(std::move(e)) {}
  bool match(const train_job_status& actual) const override {
    diff_ = state_column_diff(actual, expected_);
    return diff_.empty();
  }
  bool match(const train_job& actual) const { return match(actual.status); }
  std::string describe() const override {
    return "has State column \"" + expected_ + "\"" + (diff_.empty() ? "" : "\n" + diff_);
  }

 private:
  std::string expected_;
  mutable std::string diff_;
};

/// CHECK_THAT(r.status.conditions, matches_conditions({{"Complete", "True", "AllJobsCompleted"}}))
inline conditions_matcher matches_conditions(std::vector<expected_condition> expected) {
  return conditions_matcher(std::move(expected));
}

/// CHECK_THAT(r.status, has_condition("Complete", "True", "AllJobsCompleted"))
inline condition_matcher has_condition(std::string type, std::string status, std::string reason = {},
                                       std::optional<std::string> message = std::nullopt) {
  return condition_matcher(
      expected_condition(std::move(type), std::move(status), std::move(reason), std::move(message)));
}
/// has_condition with time or generation: has_condition(expected_condition(...).with_generation(2))
inline condition_matcher has_condition(expected_condition expected) {
  return condition_matcher(std::move(expected));
}

/// CHECK_THAT(r.status, has_state_column("Complete"))
inline state_column_matcher has_state_column(std::string expected) {
  return state_column_matcher(std::move(expected));
}

}  // namespace testing
}  // namespace trainjob

// Catch2 prints the value it checked: a condition as the diff shows it, not "{?}".
namespace Catch {
template <>
struct StringMaker<trainjob::condition> {
  static std::string convert(const trainjob::condition& c) { return trainjob::testing::detail::describe(c); }
};
template <>
struct StringMaker<trainjob::train_job_status> {
  static std::string convert(const trainjob::train_job_status& s) {
    std::string out = "status with conditions {";
    for (std::size_t i = 0; i < s.conditions.size(); ++i)
      out += (i ? ", " : " ") + trainjob::testing::detail::describe(s.conditions[i]);
    return out + " }";
  }
};
template <>
struct StringMaker<trainjob::train_job> {
  static std::string convert(const trainjob::train_job& tj) {
    return "TrainJob " + tj.metadata.namespace_ + "/" + tj.metadata.name + " with " +
           StringMaker<trainjob::train_job_status>::convert(tj.status);
  }
};
}  // namespace Catch

#endif
