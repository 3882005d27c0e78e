// The GoogleMock matchers of trainjob/testing/gmock.hpp: each passes and fails as it should, on a
// condition list, a status and a TrainJob, and a failure explains itself with the diff of
// trainjob/testing.hpp (conditions_diff and the others), asserted here word for word.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include <trainjob/reconcile.hpp>
#include <trainjob/testing/gmock.hpp>

namespace {

using ::testing::Not;
using trainjob::testing::at;
using trainjob::testing::ConditionsAre;
using trainjob::testing::expected_condition;
using trainjob::testing::HasCondition;
using trainjob::testing::HasStateColumn;
using trainjob::testing::job_set_builder;
using trainjob::testing::train_job_builder;

// Whether `m` matched `value`, and the explanation gmock prints after "Actual: <value>, ".
template <class M, class T>
std::pair<bool, std::string> explain(const M& m, const T& value) {
  ::testing::StringMatchResultListener listener;
  const bool ok = ::testing::ExplainMatchResult(m, value, &listener);
  return {ok, listener.str()};
}

// A TrainJob whose JobSet completed: reconcile writes Complete=True, AllJobsCompleted.
trainjob::train_job completed_job() {
  trainjob::train_job tj = train_job_builder("job").suspend(false).created("2025-01-01T00:00:00Z");
  trainjob::job_set js =
      job_set_builder("job").completed("2025-01-01T00:10:00Z").replicated_job("node", {1, 1});
  auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});
  tj.status = r.status;
  return tj;
}

// Suspended, then resumed: Suspended=False stays the last condition (kubeflow/trainer 3666).
trainjob::train_job_status resumed_status() {
  trainjob::train_job tj =
      train_job_builder("job")
          .condition("Created", "True", "JobsCreationSucceeded", "", "2025-01-01T00:00:00Z")
          .condition("Suspended", "False", "Resumed", "TrainJob is resumed", "2025-01-01T00:01:00Z");
  return tj.status;
}

TEST(ConditionsAre, MatchesAListAStatusAndATrainJob) {
  const auto tj = completed_job();
  const auto m = ConditionsAre({{"Complete", "True", "AllJobsCompleted"}});
  EXPECT_THAT(tj, m);
  EXPECT_THAT(tj.status, m);
  EXPECT_THAT(tj.status.conditions, m);
  EXPECT_THAT(tj.status, ConditionsAre({{"Complete", "True", "AllJobsCompleted",
                                         std::string("jobset completed successfully")}}));
  EXPECT_THAT(tj.status, Not(ConditionsAre({})));
  EXPECT_EQ(explain(m, tj.status), std::make_pair(true, std::string("whose conditions match")));
}

TEST(ConditionsAre, ExplainsAMismatchWithConditionsDiff) {
  const auto status = resumed_status();
  const std::vector<expected_condition> expected = {{"Suspended", "False", "Resumed"},
                                                    {"Created", "True", "JobsCreationSucceeded"}};
  const auto got = explain(ConditionsAre(expected), status);
  EXPECT_FALSE(got.first);
  EXPECT_EQ(got.second, trainjob::testing::conditions_diff(status.conditions, expected));
  EXPECT_EQ(got.second,
            "conditions differ (lastTransitionTime and observedGeneration ignored):\n"
            "  [0] expected: Suspended=False reason=Resumed message=<any>\n"
            "      actual: Created=True reason=JobsCreationSucceeded message=\"\"\n"
            "  [1] expected: Created=True reason=JobsCreationSucceeded message=<any>\n"
            "      actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
  // A missing condition and an extra one.
  EXPECT_EQ(explain(ConditionsAre({{"Created", "True", "JobsCreationSucceeded"}}), status).second,
            "conditions differ (lastTransitionTime and observedGeneration ignored):\n"
            "  [1] expected: (nothing)\n"
            "      actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
}

TEST(ConditionsAre, ComparesTimeAndGenerationOnlyWhenExpected) {
  const auto status = resumed_status();
  EXPECT_THAT(status, ConditionsAre({expected_condition("Created", "True", "JobsCreationSucceeded")
                                         .with_time(at("2025-01-01T00:00:00Z"))
                                         .with_generation(0),
                                     {"Suspended", "False", "Resumed"}}));
  const auto got = explain(
      ConditionsAre(
          {{"Created", "True", "JobsCreationSucceeded"},
           expected_condition("Suspended", "False", "Resumed").with_time(at("2025-01-01T00:02:00Z"))}),
      status);
  EXPECT_FALSE(got.first);
  EXPECT_EQ(
      got.second,
      "conditions differ (observedGeneration ignored):\n"
      "  [1] expected: Suspended=False reason=Resumed message=<any> lastTransitionTime=2025-01-01T00:02:00Z\n"
      "      actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\" "
      "lastTransitionTime=2025-01-01T00:01:00Z\n");
}

TEST(HasCondition, FindsTheConditionByType) {
  const auto tj = completed_job();
  EXPECT_THAT(tj, HasCondition("Complete", "True", "AllJobsCompleted"));
  EXPECT_THAT(tj.status.conditions,
              HasCondition("Complete", "True", "AllJobsCompleted", "jobset completed successfully"));
  EXPECT_THAT(tj.status, Not(HasCondition("Failed", "True")));
  EXPECT_EQ(explain(HasCondition("Complete", "True", "AllJobsCompleted"), tj.status),
            std::make_pair(true, std::string("whose condition Complete matches")));
}

TEST(HasCondition, ExplainsAMismatch) {
  const auto status = resumed_status();
  EXPECT_EQ(
      explain(HasCondition("Suspended", "True", "Suspended"), status),
      std::make_pair(false, std::string("condition Suspended differs:\n"
                                        "  expected: Suspended=True reason=Suspended message=<any>\n"
                                        "    actual: Suspended=False reason=Resumed message=\"TrainJob is "
                                        "resumed\"\n")));
  EXPECT_EQ(explain(HasCondition("Suspended", "False", "ResumedByHand"), status).second,
            "condition Suspended differs:\n"
            "  expected: Suspended=False reason=ResumedByHand message=<any>\n"
            "    actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
  EXPECT_THAT(
      status,
      Not(ConditionsAre({{"Created", "True", "JobsCreationSucceeded"}, {"Suspended", "False", "Other"}})));
  EXPECT_EQ(explain(HasCondition("Suspended", "False", "Resumed", "other"), status).second,
            "condition Suspended differs:\n"
            "  expected: Suspended=False reason=Resumed message=\"other\"\n"
            "    actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
  EXPECT_EQ(
      explain(HasCondition("Complete", "True"), status),
      std::make_pair(false, std::string("no condition of type Complete (conditions: Created, Suspended)\n")));
  EXPECT_EQ(
      explain(HasCondition(expected_condition("Created", "True", "JobsCreationSucceeded").with_generation(3)),
              status)
          .second,
      "condition Created differs:\n"
      "  expected: Created=True reason=JobsCreationSucceeded message=<any> observedGeneration=3\n"
      "    actual: Created=True reason=JobsCreationSucceeded message=\"\" observedGeneration=0\n");
}

TEST(HasStateColumn, IsTheLastConditionsType) {
  EXPECT_THAT(completed_job(), HasStateColumn("Complete"));
  // The column's defect, reproduced on purpose: a resumed job reads Suspended.
  const auto status = resumed_status();
  EXPECT_THAT(status, HasStateColumn("Suspended"));
  EXPECT_EQ(explain(HasStateColumn("Created"), status),
            std::make_pair(false, std::string("State column is \"Suspended\", expected \"Created\" (the last "
                                              "condition's type; conditions: Created, Suspended)\n")));
  EXPECT_EQ(explain(HasStateColumn("Created"), trainjob::train_job_status{}).second,
            "State column is empty (no conditions), expected \"Created\" (the last condition's type; "
            "conditions: none)\n");
}

TEST(Matchers, DescribeThemselves) {
  using trainjob::train_job_status;
  EXPECT_EQ(
      ::testing::DescribeMatcher<train_job_status>(ConditionsAre({{"Complete", "True", "AllJobsCompleted"}})),
      "has conditions [Complete=True reason=AllJobsCompleted message=<any>]");
  EXPECT_EQ(::testing::DescribeMatcher<train_job_status>(HasCondition("Complete", "True", "AllJobsCompleted"),
                                                         true),
            "doesn't have condition Complete=True reason=AllJobsCompleted message=<any>");
  EXPECT_EQ(::testing::DescribeMatcher<train_job_status>(HasStateColumn("Complete")),
            "has State column \"Complete\"");
  EXPECT_EQ(::testing::DescribeMatcher<train_job_status>(HasStateColumn("Complete"), true),
            "doesn't have State column \"Complete\"");
}

// What a failing EXPECT_THAT prints as a whole: the description, the value as PrintTo shows it,
// and the diff.
TEST(Matchers, FailureMessage) {
  static const trainjob::train_job_status status = resumed_status();
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(status, HasCondition("Suspended", "True", "Suspended")),
                          "Expected: has condition Suspended=True reason=Suspended message=<any>\n"
                          "  Actual: status with conditions { Created=True reason=JobsCreationSucceeded "
                          "message=\"\", Suspended=False reason=Resumed message=\"TrainJob is resumed\" } "
                          "(of type trainjob::train_job_status), condition Suspended differs:\n"
                          "  expected: Suspended=True reason=Suspended message=<any>\n"
                          "    actual: Suspended=False reason=Resumed message=\"TrainJob is resumed\"\n");
}

}  // namespace
