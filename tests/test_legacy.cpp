// The v1.9 profile (kubeflow.org/v2alpha1, the Created condition), the
// migration that removes a leftover Created, and build errors in 2.x.
#include "fixtures.hpp"

namespace {

reconcile_options with(profile p) {
  reconcile_options o;
  o.profile = p;
  return o;
}

// A v1.9 TrainJob as its CRD defaulted it: runtimeRef apiGroup kubeflow.org.
train_job_builder legacy_job() {
  train_job_builder b("legacy");
  b.runtime("torch-distributed");
  return b;
}

}  // namespace

TEST_CASE("v1.9: a successful pass sets Suspended, then Created", "[legacy][v1.9]") {
  const trainjob::train_job tj = legacy_job().suspend(true).created("2024-05-01T10:00:00Z");
  const trainjob::job_set js = job_set_builder("legacy");
  const auto r = trainjob::reconcile({tj, &js, at("2024-05-01T10:00:05Z")}, with(profile::v1_9));
  CHECK_THAT(r.status.conditions,
             matches_conditions({{"Suspended", "True", "Suspended", "TrainJob is suspended"},
                                 {"Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs"}}));
  CHECK(r.status.conditions[1].last_transition_time == at("2024-05-01T10:00:05Z"));
  CHECK(r.changed);
  CHECK(r.apply_objects);
  CHECK(r.errors.empty());
  CHECK(r.events.empty());
  CHECK_FALSE(r.requeue_after_seconds);
  CHECK(r.status.jobs_status.empty());

  // The next identical pass changes nothing.
  trainjob::train_job next = tj;
  next.status = r.status;
  const auto again = trainjob::reconcile({next, &js, at("2024-05-01T10:01:00Z")}, with(profile::v1_9));
  CHECK_FALSE(again.changed);
}

TEST_CASE("v1.9: build and create failures set Created False", "[legacy][v1.9]") {
  const trainjob::train_job tj = legacy_job().created("2024-05-01T10:00:00Z");
  const trainjob::job_set js = job_set_builder("legacy");
  SECTION("build failed") {
    trainjob::observation obs{tj, &js, at("2024-05-01T10:00:05Z")};
    obs.build_error = "runtime template is invalid";
    obs.apply_error = "ignored: nothing was applied";
    const auto r = trainjob::reconcile(obs, with(profile::v1_9));
    CHECK_THAT(r.status.conditions,
               matches_conditions({{"Created", "False", "JobsBuildFailed", "Failed to build Jobs"}}));
    CHECK(r.errors == std::vector<std::string>{"runtime template is invalid"});
    CHECK(r.events.empty());
  }
  SECTION("create or update failed") {
    const auto r = trainjob::reconcile(
        {tj, &js, at("2024-05-01T10:00:05Z"), "jobsets.jobset.x-k8s.io is forbidden"}, with(profile::v1_9));
    CHECK_THAT(r.status.conditions,
               matches_conditions({{"Created", "False", "JobsCreationFailed", "Failed to create Jobs"}}));
    CHECK(r.errors == std::vector<std::string>{"jobsets.jobset.x-k8s.io is forbidden"});
  }
  SECTION("a failure after success flips Created and moves its time") {
    trainjob::train_job created = tj;
    created.status.conditions.push_back(cond("Created", "True", "JobsCreationSucceeded",
                                             "Succeeded to create Jobs", at("2024-05-01T10:00:05Z")));
    const auto r =
        trainjob::reconcile({created, &js, at("2024-05-01T10:03:00Z"), "conflict"}, with(profile::v1_9));
    REQUIRE(r.status.conditions.size() == 1);
    CHECK(r.status.conditions[0].status == condition_status::false_);
    CHECK(r.status.conditions[0].last_transition_time == at("2024-05-01T10:03:00Z"));
  }
}

TEST_CASE("v1.9: the JobSet's terminal condition, Complete winning over Failed", "[legacy][v1.9]") {
  const trainjob::train_job tj = legacy_job().created("2024-05-01T10:00:00Z");
  SECTION("Completed") {
    const trainjob::job_set js = job_set_builder("legacy").completed("2024-05-01T11:00:00Z");
    const auto r = trainjob::reconcile({tj, &js, at("2024-05-01T11:00:02Z")}, with(profile::v1_9));
    CHECK_THAT(
        r.status.conditions,
        matches_conditions({{"Created", "True", "JobsCreationSucceeded"},
                            {"Complete", "True", "AllJobsCompleted", "jobset completed successfully"}}));
    CHECK(r.status.conditions[1].last_transition_time == at("2024-05-01T11:00:00Z"));
  }
  SECTION("Completed and Failed") {
    const trainjob::job_set js =
        job_set_builder("legacy").completed("2024-05-01T11:00:00Z").failed("2024-05-01T11:00:01Z");
    const auto r = trainjob::reconcile({tj, &js, at("2024-05-01T11:00:02Z")}, with(profile::v1_9));
    CHECK_THAT(r.status.conditions, matches_conditions({{"Created", "True", "JobsCreationSucceeded"},
                                                        {"Complete", "True", "AllJobsCompleted"}}));
  }
  SECTION("Failed") {
    const trainjob::job_set js = job_set_builder("legacy").failed(
        "2024-05-01T11:00:01Z", "ReachedMaxRestarts", "jobset failed due to reaching max number of restarts");
    const auto r = trainjob::reconcile({tj, &js, at("2024-05-01T11:00:02Z")}, with(profile::v1_9));
    CHECK_THAT(r.status.conditions, matches_conditions({{"Created", "True", "JobsCreationSucceeded"},
                                                        {"Failed", "True", "ReachedMaxRestarts"}}));
  }
  SECTION("no jobsStatus, no deadline, managedBy not skipped") {
    const trainjob::train_job other = legacy_job()
                                          .created("2024-05-01T10:00:00Z")
                                          .active_deadline(1)
                                          .managed_by("kueue.x-k8s.io/multikueue");
    const trainjob::job_set js = job_set_builder("legacy").replicated_job("node", {1, 0, 0, 1, 0});
    const auto r = trainjob::reconcile({other, &js, at("2024-05-02T00:00:00Z")}, with(profile::v1_9));
    CHECK_FALSE(r.skipped);
    CHECK(r.status.jobs_status.empty());
    CHECK_FALSE(r.requeue_after_seconds);
    CHECK_FALSE(r.delete_job_set);
    CHECK_THAT(r.status.conditions, matches_conditions({{"Created", "True", "JobsCreationSucceeded"}}));
  }
}

TEST_CASE("v1.9: a JobSet read error still writes the pass's Suspended and Created", "[legacy][v1.9]") {
  // Upstream joins the read error with the pass's result and updates the status
  // (v1.9.2 pkg/controller.v2/trainjob_controller.go): docs/semantics.md §3.1.
  const trainjob::train_job tj = legacy_job().suspend(true).created("2024-05-01T10:00:00Z");
  SECTION("the apply succeeded, the read failed") {
    const auto r = trainjob::reconcile({tj, nullptr, at("2024-05-01T10:00:05Z")}, with(profile::v1_9));
    CHECK_THAT(
        r.status.conditions,
        matches_conditions({{"Suspended", "True", "Suspended", "TrainJob is suspended"},
                            {"Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs"}}));
    CHECK(r.changed);
    CHECK(r.errors == std::vector<std::string>{"jobset not found"});
    CHECK(r.apply_objects);
  }
  SECTION("the build failed, so there is no JobSet") {
    trainjob::observation obs{tj, nullptr, at("2024-05-01T10:00:05Z")};
    obs.build_error = "runtime template is invalid";
    const auto r = trainjob::reconcile(obs, with(profile::v1_9));
    CHECK_THAT(r.status.conditions,
               matches_conditions({{"Suspended", "True", "Suspended", "TrainJob is suspended"},
                                   {"Created", "False", "JobsBuildFailed", "Failed to build Jobs"}}));
    CHECK(r.changed);
    CHECK(r.errors == std::vector<std::string>{"runtime template is invalid", "jobset not found"});
  }
  SECTION("the create failed, so there is no JobSet") {
    trainjob::observation obs{tj, nullptr, at("2024-05-01T10:00:05Z")};
    obs.apply_error = "jobsets.jobset.x-k8s.io is forbidden";
    const auto r = trainjob::reconcile(obs, with(profile::v1_9));
    CHECK_THAT(r.status.conditions,
               matches_conditions({{"Suspended", "True", "Suspended", "TrainJob is suspended"},
                                   {"Created", "False", "JobsCreationFailed", "Failed to create Jobs"}}));
    CHECK(r.changed);
    CHECK(r.errors == std::vector<std::string>{"jobsets.jobset.x-k8s.io is forbidden", "jobset not found"});
  }
}

TEST_CASE("v1.9: an empty runtimeRef apiGroup is not the default", "[legacy][v1.9]") {
  // The CRD default fills an absent field only; "" makes the key the kind alone.
  const trainjob::job_set js = job_set_builder("legacy");
  const trainjob::train_job empty_group =
      legacy_job().runtime("torch", std::string("ClusterTrainingRuntime"), std::string("")).suspend(true);
  const auto r = trainjob::reconcile({empty_group, &js, at("2024-05-01T10:00:05Z")}, with(profile::v1_9));
  CHECK(r.errors ==
        std::vector<std::string>{"the specified runtime is not supported: ClusterTrainingRuntime"});
  CHECK_FALSE(r.changed);
  CHECK_FALSE(r.apply_objects);
}

TEST_CASE("v1.9: finished jobs and unknown runtimes are left alone", "[legacy][v1.9]") {
  SECTION("finished") {
    const trainjob::train_job tj =
        legacy_job().condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully");
    const auto r = trainjob::reconcile({tj, nullptr, at("2024-05-01T10:00:05Z")}, with(profile::v1_9));
    CHECK_FALSE(r.changed);
    CHECK_FALSE(r.apply_objects);
    CHECK(r.errors.empty());
  }
  SECTION("runtime kinds are registered under kubeflow.org") {
    const trainjob::job_set js = job_set_builder("legacy");
    const trainjob::train_job defaulted = legacy_job().suspend(true);
    CHECK(trainjob::reconcile({defaulted, &js, at("2024-05-01T10:00:05Z")}, with(profile::v1_9))
              .errors.empty());
    const trainjob::train_job trainer_group =
        legacy_job()
            .runtime("torch", std::string("TrainingRuntime"), std::string("trainer.kubeflow.org"))
            .suspend(true);
    const auto r = trainjob::reconcile({trainer_group, &js, at("2024-05-01T10:00:05Z")}, with(profile::v1_9));
    CHECK(r.errors == std::vector<std::string>{
                          "the specified runtime is not supported: TrainingRuntime.trainer.kubeflow.org"});
    CHECK(r.status == trainer_group.status);  // not even Suspended
    CHECK_FALSE(r.changed);
    CHECK_FALSE(r.apply_objects);
    CHECK(trainjob::plan(trainer_group, with(profile::v1_9)).apply_objects == r.apply_objects);
  }
}

TEST_CASE("v1.9 objects decode: kubeflow.org/v2alpha1", "[legacy][json]") {
  const auto j = nlohmann::json::parse(R"({
    "apiVersion": "kubeflow.org/v2alpha1", "kind": "TrainJob",
    "metadata": {"name": "old", "namespace": "default", "creationTimestamp": "2024-05-01T10:00:00Z"},
    "spec": {"runtimeRef": {"name": "torch-distributed", "apiGroup": "kubeflow.org", "kind": "ClusterTrainingRuntime"}},
    "status": {"conditions": [{"type": "Created", "status": "True", "reason": "JobsCreationSucceeded",
                               "message": "Succeeded to create Jobs", "lastTransitionTime": "2024-05-01T10:00:01Z"}]}})");
  const auto tj = trainjob::try_decode<trainjob::train_job>(j);
  REQUIRE(tj.ok());
  CHECK(trainjob::encode(*tj) == j);
  // Another group is still refused.
  auto bad = j;
  bad["apiVersion"] = "example.com/v1";
  const auto r = trainjob::try_decode<trainjob::train_job>(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "apiVersion");
}

TEST_CASE("migration removes a leftover Created, reported as a change", "[legacy][migration]") {
  const trainjob::train_job running =
      train_job_builder("upgraded")
          .created("2024-05-01T10:00:00Z")
          .condition("Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs")
          .condition("Suspended", "False", "Resumed", "TrainJob is resumed");
  const trainjob::job_set js = job_set_builder("upgraded").replicated_job("node", {2, 0, 0, 2, 0});
  for (auto p : trainjob::all_profiles) {
    INFO("profile " << trainjob::to_string(p));
    reconcile_options o = with(p);
    const auto kept = trainjob::reconcile({running, &js, at("2025-01-01T00:00:00Z")}, o);
    CHECK(trainjob::conditions::find(kept.status.conditions, "Created") != nullptr);
    o.migrate_legacy_created = true;
    const auto migrated = trainjob::reconcile({running, &js, at("2025-01-01T00:00:00Z")}, o);
    CHECK(trainjob::conditions::find(migrated.status.conditions, "Created") == nullptr);
    CHECK(migrated.changed);
    CHECK_THAT(migrated.status.conditions, matches_conditions({{"Suspended", "False", "Resumed"}}));
  }
  SECTION("also on a job v2.0 otherwise leaves alone") {
    const trainjob::train_job done = train_job_builder("upgraded")
                                         .condition("Created", "True", "JobsCreationSucceeded")
                                         .condition("Complete", "True", "AllJobsCompleted");
    reconcile_options o = with(profile::v2_0);
    o.migrate_legacy_created = true;
    const auto r = trainjob::reconcile({done, nullptr, at("2025-01-01T00:00:00Z")}, o);
    CHECK(r.changed);
    CHECK_THAT(r.status.conditions, matches_conditions({{"Complete", "True", "AllJobsCompleted"}}));
  }
  SECTION("v1.9 owns Created and ignores the migration") {
    reconcile_options o = with(profile::v1_9);
    o.migrate_legacy_created = true;
    const auto r = trainjob::reconcile({running, &js, at("2025-01-01T00:00:00Z")}, o);
    CHECK(trainjob::conditions::is_true(r.status.conditions, "Created"));
  }
  SECTION("the standalone function") {
    trainjob::train_job_status s = running.status;
    CHECK(trainjob::migrate_legacy_created(s));
    CHECK_FALSE(trainjob::migrate_legacy_created(s));
    CHECK(s.conditions.size() == 1);
  }
}

TEST_CASE("2.x: a build error is reported like an apply error", "[reconcile][build-error]") {
  const trainjob::train_job tj = train_job_builder("job").created("2025-01-01T00:00:00Z");
  const trainjob::job_set js = job_set_builder("job");
  for (auto p : trainjob::all_profiles) {
    INFO("profile " << trainjob::to_string(p));
    trainjob::observation obs{tj, &js, at("2025-01-01T00:00:05Z")};
    obs.build_error = "failed to build the JobSet";
    const auto r = trainjob::reconcile(obs, with(p));
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].type == "Warning");
    CHECK(r.events[0].reason == "TrainJobResourcesCreationFailed");
    CHECK(r.events[0].message == "TrainJob resources reconciliation failed: failed to build the JobSet");
    CHECK(r.errors == std::vector<std::string>{"failed to build the JobSet"});
    CHECK(r.status.conditions.empty());
  }
}

TEST_CASE("policies are refused with the v1.9 profile", "[legacy][policy]") {
  trainjob::policy_set set;
  set.add(trainjob::make_policy("example.com/Seen", [](const trainjob::policy_context&) {
    return std::optional<trainjob::condition>(trainjob::make_policy_condition(true, "Seen", "seen"));
  }));
  reconcile_options o = with(profile::v1_9);
  o.policies = &set;
  const trainjob::train_job tj = legacy_job();
  const trainjob::job_set js = job_set_builder("legacy");
  const auto r = trainjob::reconcile({tj, &js, at("2024-05-01T10:00:05Z")}, o);
  CHECK(trainjob::conditions::find(r.status.conditions, "example.com/Seen") == nullptr);
  CHECK(r.errors == std::vector<std::string>{"condition policies are not supported with the v1.9 profile"});
}
