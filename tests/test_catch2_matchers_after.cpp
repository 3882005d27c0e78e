// The Catch2 matchers of trainjob/testing/catch2.hpp, with that header included AFTER Catch2's
// (tests/test_catch2_matchers_before.cpp includes it before): the matchers compose with Catch2's
// own operators, and Catch2 prints the checked value as the diff writes conditions.
// clang-format off
#include "catch.hpp"
#include <trainjob/testing/catch2.hpp>
// clang-format on

#include <string>

#include <trainjob/reconcile.hpp>

using trainjob::testing::at;
using trainjob::testing::has_condition;
using trainjob::testing::has_state_column;
using trainjob::testing::job_set_builder;
using trainjob::testing::matches_conditions;
using trainjob::testing::train_job_builder;

TEST_CASE("catch2 matchers, header after Catch2: a reconcile pass, composed matchers, printed values") {
  trainjob::train_job tj = train_job_builder("job").suspend(false).created("2025-01-01T00:00:00Z");
  trainjob::job_set js =
      job_set_builder("job").completed("2025-01-01T00:10:00Z").replicated_job("node", {1, 1});
  auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});

  CHECK_THAT(r.status.conditions, matches_conditions({{"Complete", "True", "AllJobsCompleted"}}));
  // Composed, as Catch2's own matchers of one type: conditions with conditions, a status with a status.
  CHECK_THAT(r.status.conditions, has_condition("Complete", "True", "AllJobsCompleted") &&
                                      !matches_conditions({}) && !has_condition("Failed", "True"));
  CHECK_THAT(r.status, has_state_column("Complete") || has_state_column("Failed"));
  CHECK_THAT(r.status, !has_state_column("Suspended"));
  CHECK_FALSE(has_condition("Complete", "False").match(r.status));

  CHECK(Catch::Detail::stringify(r.status.conditions) ==
        "{ Complete=True reason=AllJobsCompleted message=\"jobset completed successfully\" }");
  tj.status = r.status;
  CHECK(Catch::Detail::stringify(tj) ==
        "TrainJob default/job with status with conditions { Complete=True reason=AllJobsCompleted "
        "message=\"jobset completed successfully\" }");
}
