// trainjob: GoogleMock matchers over the helpers of trainjob/testing.hpp.
//
//   #include <trainjob/testing/gmock.hpp>
//   using trainjob::testing::ConditionsAre;
//   EXPECT_THAT(r.status, ConditionsAre({{"Complete", "True", "AllJobsCompleted"}}));
//   EXPECT_THAT(r.status, HasCondition("Complete", "True", "AllJobsCompleted"));
//   EXPECT_THAT(r.status, HasStateColumn("Complete"));
//
// Each matcher takes a condition list, a train_job_status or a train_job, and
// explains a mismatch (after gmock's "Actual: <value>, ") with the diff of conditions_diff, condition_diff or
// state_column_diff (trainjob/testing.hpp), so every framework reads the same.
// Names are gmock's CamelCase, as ElementsAre or HasSubstr. Inside namespace
// trainjob::testing, `testing::` means this namespace: gmock's is `::testing::`.
#ifndef TRAINJOB_TESTING_GMOCK_HPP
#define TRAINJOB_TESTING_GMOCK_HPP

#include <gmock/gmock.h>

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "trainjob/testing.hpp"

namespace trainjob {
namespace testing {
namespace detail {

// gmock's polymorphic matcher protocol (MakePolymorphicMatcher): one
// MatchAndExplain for each accepted type, through conditions_of or status_ref.
class conditions_are_matcher {
 public:
  explicit conditions_are_matcher(std::vector<expected_condition> e) : expected_(std::move(e)) {}
  template <class T>
  bool MatchAndExplain(const T& actual, ::testing::MatchResultListener* listener) const {
    const std::string diff = conditions_diff(conditions_of(actual), expected_);
    if (diff.empty())
      *listener << "whose conditions match";
    else
      *listener << diff;
    return diff.empty();
  }
  void DescribeTo(std::ostream* os) const { *os << "has conditions " << describe_conditions(expected_); }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "doesn't have conditions " << describe_conditions(expected_);
  }

 private:
  std::vector<expected_condition> expected_;
};

class has_condition_matcher {
 public:
  explicit has_condition_matcher(expected_condition e) : expected_(std::move(e)) {}
  template <class T>
  bool MatchAndExplain(const T& actual, ::testing::MatchResultListener* listener) const {
    const std::string diff = condition_diff(conditions_of(actual), expected_);
    if (diff.empty())
      *listener << "whose condition " << expected_.type << " matches";
    else
      *listener << diff;
    return diff.empty();
  }
  void DescribeTo(std::ostream* os) const { *os << "has condition " << describe(expected_); }
  void DescribeNegationTo(std::ostream* os) const { *os << "doesn't have condition " << describe(expected_); }

 private:
  expected_condition expected_;
};

class has_state_column_matcher {
 public:
  explicit has_state_column_matcher(std::string e) : expected_(std::move(e)) {}
  template <class T>
  bool MatchAndExplain(const T& actual, ::testing::MatchResultListener* listener) const {
    const std::string diff = state_column_diff(status_ref(actual), expected_);
    if (diff.empty())
      *listener << "whose State column is \"" << expected_ << "\"";
    else
      *listener << diff;
    return diff.empty();
  }
  void DescribeTo(std::ostream* os) const { *os << "has State column \"" << expected_ << "\""; }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "doesn't have State column \"" << expected_ << "\"";
  }

 private:
  std::string expected_;
};

}  // namespace detail

/// EXPECT_THAT(r.status, ConditionsAre({{"Complete", "True", "AllJobsCompleted"}})): the whole
/// list in order, as upstream's tests compare it (conditions_diff).
inline ::testing::PolymorphicMatcher<detail::conditions_are_matcher> ConditionsAre(
    std::vector<expected_condition> expected) {
  return ::testing::MakePolymorphicMatcher(detail::conditions_are_matcher(std::move(expected)));
}

/// EXPECT_THAT(r.status, HasCondition("Complete", "True", "AllJobsCompleted")): one condition,
/// found by type; the message too when given (condition_diff).
inline ::testing::PolymorphicMatcher<detail::has_condition_matcher> HasCondition(
    std::string type, std::string status, std::string reason = {},
    std::optional<std::string> message = std::nullopt) {
  return ::testing::MakePolymorphicMatcher(detail::has_condition_matcher(
      expected_condition(std::move(type), std::move(status), std::move(reason), std::move(message))));
}
/// HasCondition with time or generation: HasCondition(expected_condition(...).with_generation(2))
inline ::testing::PolymorphicMatcher<detail::has_condition_matcher> HasCondition(
    expected_condition expected) {
  return ::testing::MakePolymorphicMatcher(detail::has_condition_matcher(std::move(expected)));
}

/// EXPECT_THAT(r.status, HasStateColumn("Complete")): the State column of `kubectl get
/// trainjob`, the last condition's type (state_column_diff).
inline ::testing::PolymorphicMatcher<detail::has_state_column_matcher> HasStateColumn(std::string expected) {
  return ::testing::MakePolymorphicMatcher(detail::has_state_column_matcher(std::move(expected)));
}

}  // namespace testing

// gmock prints the value it checked: a condition as the diff shows it, not its bytes.
// Found by argument-dependent lookup, so they live in the types' namespace.
inline void PrintTo(const condition& c, std::ostream* os) { *os << testing::detail::describe(c); }
inline void PrintTo(const train_job_status& s, std::ostream* os) {
  *os << "status with conditions {";
  for (std::size_t i = 0; i < s.conditions.size(); ++i)
    *os << (i ? ", " : " ") << testing::detail::describe(s.conditions[i]);
  *os << " }";
}
inline void PrintTo(const train_job& tj, std::ostream* os) {
  *os << "TrainJob " << tj.metadata.namespace_ << "/" << tj.metadata.name << " with ";
  PrintTo(tj.status, os);
}

}  // namespace trainjob

#endif
