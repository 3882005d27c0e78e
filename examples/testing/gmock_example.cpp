// A GoogleTest test of condition logic with the GoogleMock matchers: build the objects, run a
// pass, check the conditions. Link GTest::gmock_main.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <trainjob/reconcile.hpp>
#include <trainjob/testing/gmock.hpp>

using ::testing::Not;
using trainjob::testing::at;
using trainjob::testing::ConditionsAre;
using trainjob::testing::HasCondition;
using trainjob::testing::HasStateColumn;
using trainjob::testing::job_set_builder;
using trainjob::testing::train_job_builder;

TEST(TrainJobConditions, CompleteWhenTheJobSetCompletes) {
  trainjob::train_job tj = train_job_builder("job").suspend(false).created("2025-01-01T00:00:00Z");
  trainjob::job_set js =
      job_set_builder("job").completed("2025-01-01T00:10:00Z").replicated_job("node", {1, 1});

  auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});

  EXPECT_THAT(r.status, ConditionsAre({{"Complete", "True", "AllJobsCompleted"}}));
  EXPECT_THAT(r.status,
              HasCondition("Complete", "True", "AllJobsCompleted", "jobset completed successfully"));
  EXPECT_THAT(r.status, Not(HasCondition("Failed", "True", "FailedJobs")));
  EXPECT_THAT(r.status, HasStateColumn("Complete"));
}

TEST(TrainJobConditions, FailedWhenTheJobSetFails) {
  trainjob::train_job tj = train_job_builder("job").suspend(false).created("2025-01-01T00:00:00Z");
  trainjob::job_set js =
      job_set_builder("job").failed("2025-01-01T00:10:00Z", "ReachedMaxRestarts", "too many");

  auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});

  EXPECT_THAT(r.status, ConditionsAre({{"Failed", "True", "ReachedMaxRestarts", std::string("too many")}}));
  EXPECT_THAT(r.status, HasStateColumn("Failed"));
}
