// A Catch2 test of condition logic: build the objects, run a pass, check the conditions.
// Link Catch2's main (v2: a file with `#define CATCH_CONFIG_MAIN`; v3: Catch2::Catch2WithMain).
#include <trainjob/reconcile.hpp>
#include <trainjob/testing/catch2.hpp>  // includes Catch2 (v2 or v3): any include order

using namespace trainjob::testing;

TEST_CASE("a TrainJob completes when its JobSet completes") {
  trainjob::train_job tj = train_job_builder("job").suspend(false).created("2025-01-01T00:00:00Z");
  trainjob::job_set js =
      job_set_builder("job").completed("2025-01-01T00:10:00Z").replicated_job("node", {1, 1});

  auto r = trainjob::reconcile({tj, &js, at("2025-01-01T00:10:05Z")});

  CHECK_THAT(r.status.conditions, matches_conditions({{"Complete", "True", "AllJobsCompleted"}}));
  CHECK_THAT(r.status,
             has_condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully"));
  CHECK_THAT(r.status, has_state_column("Complete"));
}

TEST_CASE("a resumed TrainJob still shows Suspended in the State column") {
  trainjob::train_job tj = train_job_builder("job").suspend(true).created("2025-01-01T00:00:00Z");
  auto r = trainjob::reconcile({tj, nullptr, at("2025-01-01T00:00:05Z")});
  CHECK_THAT(r.status, has_condition("Suspended", "True", "Suspended", "TrainJob is suspended"));

  tj.status = r.status;
  tj.spec.suspend = false;
  r = trainjob::reconcile({tj, nullptr, at("2025-01-01T00:01:00Z")});
  CHECK_THAT(r.status.conditions, matches_conditions({{"Suspended", "False", "Resumed"}}));
  CHECK_THAT(r.status, has_state_column("Suspended"));  // kubeflow/trainer 3666, on purpose
}
