// The Catch2 matchers of trainjob/testing/catch2.hpp, with that header included BEFORE Catch2's
// (tests/test_catch2_matchers_after.cpp includes it after): it used to define its matchers only
// when Catch2 came first, so this file did not compile. Here: each matcher passes and fails as
// it should, on a list, a status and a TrainJob, and describes a failure with the diff.
// clang-format off
#include <trainjob/testing/catch2.hpp>
#include "catch.hpp"
// clang-format on

#include <string>
#include <vector>

#include <trainjob/reconcile.hpp>

namespace {

using trainjob::testing::at;
using trainjob::testing::expected_condition;
using trainjob::testing::has_condition;
using trainjob::testing::has_state_column;
using trainjob::testing::matches_conditions;
using trainjob::testing::train_job_builder;

// Created, then Suspended=False (resumed): the State column still reads Suspended.
trainjob::train_job resumed_job() {
  return train_job_builder("job")
      .condition("Created", "True", "JobsCreationSucceeded", "", "2025-01-01T00:00:00Z")
      .condition("Suspended", "False", "Resumed", "TrainJob is resumed", "2025-01-01T00:01:00Z");
}

}  // namespace

TEST_CASE("catch2 matchers, header before Catch2: matches_conditions") {
  const auto tj = resumed_job();
  const std::vector<expected_condition> expected = {
      {"Created", "True", "JobsCreationSucceeded"},
      {"Suspended", "False", "Resumed", std::string("TrainJob is resumed")}};
  CHECK_THAT(tj.status.conditions, matches_conditions(expected));
  CHECK_THAT(tj.status, matches_conditions(expected));
  CHECK_THAT(tj, matches_conditions(expected));

  auto m = matches_conditions({{"Suspended", "False", "Resumed"}});
  CHECK_FALSE(m.match(tj.status));
  CHECK(m.toString() ==
        "matches conditions [Suspended=False reason=Resumed message=<any>]\n"
        "conditions differ (lastTransitionTime and observedGeneration ignored):\n"
        "  [0] expected: Suspended=False reason=Resumed message=<any>\n"
        "      actual: Created=True reason=JobsCreationSucceeded message=\"\"\n"
        "  [1] expected: (nothing)\n"
        "      actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
}

TEST_CASE("catch2 matchers, header before Catch2: has_condition") {
  const auto tj = resumed_job();
  CHECK_THAT(tj.status, has_condition("Suspended", "False", "Resumed"));
  CHECK_THAT(tj.status.conditions, has_condition("Suspended", "False", "Resumed", "TrainJob is resumed"));
  CHECK_THAT(tj, has_condition(expected_condition("Created", "True", "JobsCreationSucceeded")
                                   .with_time(at("2025-01-01T00:00:00Z"))));

  auto wrong = has_condition("Suspended", "True", "Suspended");
  CHECK_FALSE(wrong.match(tj));
  CHECK(wrong.toString() ==
        "has condition Suspended=True reason=Suspended message=<any>\n"
        "condition Suspended differs:\n"
        "  expected: Suspended=True reason=Suspended message=<any>\n"
        "    actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
  // Only the reason differs, then only the message.
  CHECK_THAT(tj.status.conditions, !has_condition("Suspended", "False", "ResumedByHand"));
  CHECK_THAT(tj.status.conditions, !has_condition("Suspended", "False", "Resumed", "other"));
  CHECK_THAT(tj.status.conditions, !matches_conditions({{"Created", "True", "JobsCreationSucceeded"},
                                                        {"Suspended", "False", "Other"}}));
  auto missing = has_condition("Complete", "True");
  CHECK_FALSE(missing.match(tj.status.conditions));
  CHECK(missing.toString() ==
        "has condition Complete=True reason= message=<any>\n"
        "no condition of type Complete (conditions: Created, Suspended)\n");
}

TEST_CASE("catch2 matchers, header before Catch2: has_state_column") {
  const auto tj = resumed_job();
  CHECK_THAT(tj.status, has_state_column("Suspended"));
  CHECK_THAT(tj, has_state_column("Suspended"));
  auto m = has_state_column("Created");
  CHECK_FALSE(m.match(tj.status));
  CHECK(
      m.toString() ==
      "has State column \"Created\"\n"
      "State column is \"Suspended\", expected \"Created\" (the last condition's type; conditions: Created, "
      "Suspended)\n");
}
