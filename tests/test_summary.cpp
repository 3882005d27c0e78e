// Tests for trainjob/summary.hpp: the State column as kubectl shows it, the state for people
// (job_state) and the kstatus result, on TrainJobs from tests/data/state (upstream examples
// with the statuses the controller writes) and on statuses computed by reconcile.
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace {}  // namespace

namespace Catch {
template <>
struct StringMaker<kstatus> {
  static std::string convert(const kstatus& k) { return "{" + k.status + ", \"" + k.message + "\"}"; }
};
template <>
struct StringMaker<job_state> {
  static std::string convert(job_state s) { return std::string(trainjob::to_string(s)); }
};
}  // namespace Catch

TEST_CASE("to_string(job_state): the five names", "[summary]") {
  CHECK(trainjob::to_string(job_state::created) == "Created");
  CHECK(trainjob::to_string(job_state::running) == "Running");
  CHECK(trainjob::to_string(job_state::suspended) == "Suspended");
  CHECK(trainjob::to_string(job_state::complete) == "Complete");
  CHECK(trainjob::to_string(job_state::failed) == "Failed");
}

TEST_CASE("state_column: the last condition's type, as `kubectl get trainjob` shows it", "[summary]") {
  CHECK(state_column(load("state/pending.json").status).empty());
  CHECK(state_column(load("state/resumed-running.json").status) == "Suspended");
  CHECK(state_column(load("state/both-terminal.json").status) == "Failed");
  CHECK(state_column(load("state/legacy-created-v1.9.json").status) == "Created");
}

TEST_CASE("kubeflow/trainer 3666: a resumed running job is Running, though the State column says Suspended",
          "[summary]") {
  const train_job tj = load("state/resumed-running.json");
  REQUIRE(tj.status.conditions.size() == 1);
  REQUIRE(tj.status.conditions[0].status == trainjob::condition_status::false_);
  CHECK(state_column(tj.status) == "Suspended");  // upstream's column, reproduced on purpose
  CHECK(state_of(tj) == job_state::running);
  CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is running"});
}

TEST_CASE("kubeflow/sdk 803: a resumed job whose nodes run is Running, not Created", "[summary]") {
  // The SDK looked at the nodes only when the TrainJob had no condition; after a resume the
  // controller leaves Suspended=False(Resumed), so it said Created for the whole run.
  SECTION("the object as the controller writes it") {
    const train_job tj = load("state/resumed-running.json");
    CHECK_FALSE(tj.status.conditions.empty());
    CHECK(state_of(tj) == job_state::running);
  }
  SECTION("the same pass computed by reconcile: Kueue admits the job, the JobSet runs") {
    train_job tj = load("state/suspended.json");
    tj.spec.suspend = false;
    const trainjob::job_set js =
        job_set_builder("kueue-example", "team-a").replicated_job("node", {1, 0, 0, 1, 0}).build();
    const auto r = trainjob::reconcile({tj, &js, at("2025-06-12T10:00:42Z")});
    REQUIRE(r.status.conditions.size() == 1);
    CHECK(r.status.conditions[0].reason == "Resumed");
    tj.status = r.status;
    CHECK(state_column(tj.status) == "Suspended");
    CHECK(state_of(tj) == job_state::running);
    CHECK(kstatus_of(tj).status == "InProgress");
  }
  SECTION("resumed, jobs not started yet: Created, waiting for its jobs") {
    train_job tj = load("state/resumed-running.json");
    tj.status.jobs_status[0].active = 0;
    tj.status.jobs_status[0].ready = 0;
    tj.status.jobs_status[0].suspended = 1;
    CHECK(state_of(tj) == job_state::created);
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its jobs to start"});
  }
}

TEST_CASE("Running: active or ready jobs, or a Running condition True", "[summary]") {
  train_job tj = load("state/resumed-running.json");
  SECTION("ready only") {
    tj.status.jobs_status[0].active = 0;
    CHECK(state_of(tj) == job_state::running);
  }
  SECTION("active only (pods pending count as active)") {
    tj.status.jobs_status[0].ready = 0;
    CHECK(state_of(tj) == job_state::running);
  }
  SECTION("v2.0 writes no jobsStatus: Running only with the Running policy's condition True") {
    tj.status.jobs_status.clear();
    CHECK(state_of(tj) == job_state::created);
    tj.status.conditions.push_back(cond("Running", "False", "Pending",
                                        "TrainJob trainer is not running on all its replicas yet",
                                        at("2025-06-12T10:00:43Z")));
    CHECK(state_of(tj) == job_state::created);
    tj.status.conditions.back().status = trainjob::condition_status::true_;
    CHECK(state_of(tj) == job_state::running);
    CHECK(kstatus_of(tj).message == "TrainJob is running");
  }
  SECTION("succeeded jobs alone are not running") {
    tj.status.jobs_status[0] = {"node", 0, 1, 0, 0, 0, nlohmann::json::object()};
    CHECK(state_of(tj) != job_state::running);
  }
}

TEST_CASE("Suspended: Suspended True or spec.suspend; kstatus Current only when both", "[summary]") {
  SECTION("suspended by Kueue, condition written") {
    const train_job tj = load("state/suspended.json");
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(kstatus_of(tj) == kstatus{"Current", "TrainJob is suspended"});
  }
  SECTION("spec.suspend, the controller has not acted yet (the upstream example as applied)") {
    const train_job tj = load("upstream/trainer-master__TrainJob__kueue-example.json");
    REQUIRE(tj.status.conditions.empty());
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is being suspended"});
  }
  SECTION("resume asked for, Suspended still True") {
    train_job tj = load("state/suspended.json");
    tj.spec.suspend = false;
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is being resumed"});
  }
  SECTION("Suspended False is not suspended") {
    const train_job tj = load("state/resumed-running.json");
    CHECK(state_of(tj) != job_state::suspended);
  }
  SECTION("a running job's active jobs do not override Suspended") {
    train_job tj = load("state/suspended.json");
    tj.status.jobs_status[0].active = 1;
    CHECK(state_of(tj) == job_state::suspended);
  }
}

TEST_CASE("Complete: Complete True; kstatus Current", "[summary]") {
  train_job tj = load("state/complete.json");
  CHECK(state_of(tj) == job_state::complete);
  CHECK(kstatus_of(tj) ==
        kstatus{"Current", "TrainJob completed (AllJobsCompleted): jobset completed successfully"});
  SECTION("a Complete that is False is not complete") {
    tj.status.conditions[0].status = trainjob::condition_status::false_;
    CHECK(state_of(tj) == job_state::created);
    CHECK(kstatus_of(tj).status == "InProgress");
  }
  SECTION("suspending a finished job leaves it Complete") {
    tj.spec.suspend = true;
    tj.status.conditions.push_back(
        cond("Suspended", "True", "Suspended", "TrainJob is suspended", at("2025-06-12T09:30:00Z")));
    CHECK(state_column(tj.status) == "Suspended");
    CHECK(state_of(tj) == job_state::complete);
    CHECK(kstatus_of(tj).status == "Current");
  }
}

TEST_CASE("Failed: Failed True; kstatus Failed with the reason and message", "[summary]") {
  SECTION("the JobSet failed") {
    const train_job tj = load("state/failed.json");
    CHECK(state_of(tj) == job_state::failed);
    CHECK(kstatus_of(tj) ==
          kstatus{"Failed",
                  "TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first "
                  "failed job: multi-step-example-node-0)"});
  }
  SECTION("deadline exceeded, stale jobsStatus still active") {
    const train_job tj = load("state/deadline.json");
    REQUIRE(tj.status.jobs_status[0].active == 1);
    CHECK(state_of(tj) == job_state::failed);
    CHECK(kstatus_of(tj) ==
          kstatus{"Failed", "TrainJob failed (DeadlineExceeded): TrainJob exceeded its active deadline"});
  }
  SECTION("the deadline computed by reconcile") {
    train_job tj = load("state/deadline.json");
    tj.status.conditions.clear();
    const auto r = trainjob::reconcile({tj, nullptr, at("2025-06-12T13:00:01Z")});
    REQUIRE(r.delete_job_set);
    tj.status = r.status;
    CHECK(state_of(tj) == job_state::failed);
    CHECK(kstatus_of(tj).status == "Failed");
  }
  SECTION("Failed False is no failure") {
    train_job tj = load("state/failed.json");
    tj.status.conditions[0].status = trainjob::condition_status::false_;
    CHECK(state_of(tj) != job_state::failed);
    CHECK(kstatus_of(tj).status == "InProgress");
  }
}

TEST_CASE("Complete and Failed both True: Failed wins, whatever the order", "[summary]") {
  train_job tj = load("state/both-terminal.json");
  CHECK(state_column(tj.status) == "Failed");
  CHECK(state_of(tj) == job_state::failed);
  CHECK(kstatus_of(tj).status == "Failed");
  std::swap(tj.status.conditions[0], tj.status.conditions[1]);
  CHECK(state_column(tj.status) == "Complete");  // what kubectl would show
  CHECK(state_of(tj) == job_state::failed);
  CHECK(kstatus_of(tj).status == "Failed");
  SECTION("as latest computes it from a JobSet that reports both") {
    train_job running = load("state/pending.json");
    const trainjob::job_set js = job_set_builder("multi-node-example")
                                     .completed("2025-06-12T15:14:58Z")
                                     .failed("2025-06-12T15:14:59Z")
                                     .replicated_job("node", {0, 1, 1, 0, 0})
                                     .build();
    const auto r = trainjob::reconcile({running, &js, at("2025-06-12T15:15:00Z")});
    running.status = r.status;
    CHECK(state_column(running.status) == "Failed");
    CHECK(state_of(running) == job_state::failed);
  }
}

TEST_CASE("Terminating: metadata.deletionTimestamp set", "[summary]") {
  train_job tj = load("state/deleted.json");
  CHECK(kstatus_of(tj) == kstatus{"Terminating", "TrainJob scheduled for deletion"});
  CHECK(state_of(tj) == job_state::running);  // the state says what runs; kstatus says it goes away
  SECTION("wins over a terminal condition") {
    tj.status.conditions.push_back(
        cond("Failed", "True", "FailedJobs", "jobset failed", at("2025-06-12T14:20:00Z")));
    CHECK(kstatus_of(tj).status == "Terminating");
  }
  SECTION("without it, the job is running") {
    tj.metadata.deletion_timestamp = {};
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is running"});
  }
}

TEST_CASE("Created: nothing runs yet; kstatus says what it waits for", "[summary]") {
  SECTION("no status at all: waiting for the JobSet") {
    const train_job tj = load("state/pending.json");
    CHECK(state_of(tj) == job_state::created);
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its JobSet"});
  }
  SECTION("every upstream example TrainJob without suspend is Created") {
    for (const char* name : {"multi-node-example", "multi-step-example", "lammps-flux", "volcano-example",
                             "runtime-patches-example"}) {
      const train_job tj = load(std::string("upstream/trainer-master__TrainJob__") + name + ".json");
      INFO(name);
      CHECK(state_of(tj) == job_state::created);
      CHECK(kstatus_of(tj).status == "InProgress");
    }
  }
  SECTION("the Started policy says why it has not started") {
    train_job tj = load("state/pending.json");
    auto set = trainjob::make_policy_set({"Started"});
    REQUIRE(set.ok());
    trainjob::reconcile_options opts;
    opts.policies = &*set;
    const trainjob::job_set js = job_set_builder("multi-node-example").build();
    const auto r = trainjob::reconcile({tj, &js, at("2025-06-12T15:00:02Z")}, opts);
    tj.status = r.status;
    const trainjob::condition* started = trainjob::conditions::find(tj.status.conditions, "Started");
    REQUIRE(started != nullptr);
    REQUIRE(started->status == trainjob::condition_status::false_);
    CHECK(state_of(tj) == job_state::created);
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is waiting: Started is False (" +
                                                      started->reason + "): " + started->message});
  }
}

TEST_CASE("legacy v1.9 object: Created shows as State; Complete once it ends", "[summary]") {
  train_job tj = load("state/legacy-created-v1.9.json");
  CHECK(tj.api_version == "kubeflow.org/v2alpha1");
  CHECK(state_column(tj.status) == "Created");
  CHECK(state_of(tj) == job_state::created);
  CHECK(kstatus_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its jobs to start"});
  SECTION("Created False: kstatus names it") {
    tj.status.conditions[0] =
        cond("Created", "False", "JobsCreationFailed", "Failed to create Jobs", at("2025-01-20T08:00:01Z"));
    CHECK(kstatus_of(tj) ==
          kstatus{"InProgress",
                  "TrainJob is waiting: Created is False (JobsCreationFailed): Failed to create Jobs"});
  }
  SECTION("the v1.9 pass copies the JobSet's Completed") {
    const trainjob::job_set js = job_set_builder("pytorch-simple").completed("2025-01-20T08:09:30Z").build();
    trainjob::reconcile_options opts;
    opts.profile = trainjob::profile::v1_9;
    const auto r = trainjob::reconcile({tj, &js, at("2025-01-20T08:09:31Z")}, opts);
    tj.status = r.status;
    CHECK(state_column(tj.status) == "Complete");
    CHECK(state_of(tj) == job_state::complete);
  }
}

TEST_CASE("kstatus generic rules: observedGeneration, Reconciling, Stalled", "[summary]") {
  train_job tj = load("state/resumed-running.json");
  REQUIRE(tj.metadata.generation == 2);
  SECTION("status.observedGeneration behind metadata.generation") {
    tj.status.unknown_fields["observedGeneration"] = 1;
    CHECK(kstatus_of(tj) ==
          kstatus{"InProgress", "TrainJob generation is 2, but latest observed generation is 1"});
    tj.status.unknown_fields["observedGeneration"] = 2;
    CHECK(kstatus_of(tj).message == "TrainJob is running");
  }
  SECTION("Reconciling True: InProgress with its message, even when Complete") {
    tj.status.conditions.push_back(cond("Complete", "True", "AllJobsCompleted",
                                        "jobset completed successfully", at("2025-06-12T10:20:00Z")));
    tj.status.conditions.push_back(
        cond("Reconciling", "True", "Resyncing", "resyncing after an upgrade", at("2025-06-12T10:20:01Z")));
    CHECK(kstatus_of(tj) == kstatus{"InProgress", "resyncing after an upgrade"});
    tj.status.conditions.back().status = trainjob::condition_status::false_;
    CHECK(kstatus_of(tj).status == "Current");
  }
  SECTION("Stalled True: Failed with its message") {
    tj.status.conditions.push_back(
        cond("Stalled", "True", "QuotaExceeded", "namespace quota exceeded", at("2025-06-12T10:20:01Z")));
    CHECK(kstatus_of(tj) == kstatus{"Failed", "namespace quota exceeded"});
    tj.status.conditions.back().status = trainjob::condition_status::false_;
    CHECK(kstatus_of(tj).status == "InProgress");
  }
}

TEST_CASE("summarize: stateColumn, state and kstatus", "[summary]") {
  const nlohmann::json j = summarize(load("state/resumed-running.json"));
  CHECK(j == nlohmann::json::parse(
                 R"({"stateColumn": "Suspended", "state": "Running",
                     "kstatus": {"status": "InProgress", "message": "TrainJob is running"}})"));
  const nlohmann::json p = summarize(load("state/pending.json"));
  CHECK(p["stateColumn"] == "");
  CHECK(p["state"] == "Created");
}
