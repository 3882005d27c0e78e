// Tests for trainjob/summary.hpp: the State column as kubectl shows it, the state for people
// (job_state), the health judgment, the exact kstatus result and the Python SDK's status, on
// TrainJobs from tests/data/state (upstream examples with the statuses the controller writes),
// on statuses computed by reconcile, and on rule tables.
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
  CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is running"});
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
    CHECK(health_of(tj).status == "InProgress");
  }
  SECTION("resumed, jobs not started yet: Created, waiting for its jobs") {
    train_job tj = load("state/resumed-running.json");
    tj.status.jobs_status[0].active = 0;
    tj.status.jobs_status[0].ready = 0;
    tj.status.jobs_status[0].suspended = 1;
    CHECK(state_of(tj) == job_state::created);
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its jobs to start"});
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
    CHECK(health_of(tj).message == "TrainJob is running");
  }
  SECTION("succeeded jobs alone are not running") {
    tj.status.jobs_status[0] = {"node", 0, 1, 0, 0, 0, nlohmann::json::object()};
    CHECK(state_of(tj) != job_state::running);
  }
}

TEST_CASE("Suspended: Suspended True or spec.suspend; health Current only when both", "[summary]") {
  SECTION("suspended by Kueue, condition written") {
    const train_job tj = load("state/suspended.json");
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(health_of(tj) == kstatus{"Current", "TrainJob is suspended"});
  }
  SECTION("spec.suspend, the controller has not acted yet (the upstream example as applied)") {
    const train_job tj = load("upstream/trainer-master__TrainJob__kueue-example.json");
    REQUIRE(tj.status.conditions.empty());
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is being suspended"});
  }
  SECTION("resume asked for, Suspended still True") {
    train_job tj = load("state/suspended.json");
    tj.spec.suspend = false;
    CHECK(state_of(tj) == job_state::suspended);
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is being resumed"});
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

TEST_CASE("Complete: Complete True; health Current", "[summary]") {
  train_job tj = load("state/complete.json");
  CHECK(state_of(tj) == job_state::complete);
  CHECK(health_of(tj) ==
        kstatus{"Current", "TrainJob completed (AllJobsCompleted): jobset completed successfully"});
  SECTION("a Complete that is False is not complete") {
    tj.status.conditions[0].status = trainjob::condition_status::false_;
    CHECK(state_of(tj) == job_state::created);
    CHECK(health_of(tj).status == "InProgress");
  }
  SECTION("suspending a finished job leaves it Complete") {
    tj.spec.suspend = true;
    tj.status.conditions.push_back(
        cond("Suspended", "True", "Suspended", "TrainJob is suspended", at("2025-06-12T09:30:00Z")));
    CHECK(state_column(tj.status) == "Suspended");
    CHECK(state_of(tj) == job_state::complete);
    CHECK(health_of(tj).status == "Current");
  }
}

TEST_CASE("Failed: Failed True; health Failed with the reason and message", "[summary]") {
  SECTION("the JobSet failed") {
    const train_job tj = load("state/failed.json");
    CHECK(state_of(tj) == job_state::failed);
    CHECK(health_of(tj) ==
          kstatus{"Failed",
                  "TrainJob failed (FailedJobs): jobset failed due to one or more job failures (first "
                  "failed job: multi-step-example-node-0)"});
  }
  SECTION("deadline exceeded, stale jobsStatus still active") {
    const train_job tj = load("state/deadline.json");
    REQUIRE(tj.status.jobs_status[0].active == 1);
    CHECK(state_of(tj) == job_state::failed);
    CHECK(health_of(tj) ==
          kstatus{"Failed", "TrainJob failed (DeadlineExceeded): TrainJob exceeded its active deadline"});
  }
  SECTION("the deadline computed by reconcile") {
    train_job tj = load("state/deadline.json");
    tj.status.conditions.clear();
    const auto r = trainjob::reconcile({tj, nullptr, at("2025-06-12T13:00:01Z")});
    REQUIRE(r.delete_job_set);
    tj.status = r.status;
    CHECK(state_of(tj) == job_state::failed);
    CHECK(health_of(tj).status == "Failed");
  }
  SECTION("Failed False is no failure") {
    train_job tj = load("state/failed.json");
    tj.status.conditions[0].status = trainjob::condition_status::false_;
    CHECK(state_of(tj) != job_state::failed);
    CHECK(health_of(tj).status == "InProgress");
  }
}

TEST_CASE("Complete and Failed both True: Failed wins, whatever the order", "[summary]") {
  train_job tj = load("state/both-terminal.json");
  CHECK(state_column(tj.status) == "Failed");
  CHECK(state_of(tj) == job_state::failed);
  CHECK(health_of(tj).status == "Failed");
  std::swap(tj.status.conditions[0], tj.status.conditions[1]);
  CHECK(state_column(tj.status) == "Complete");  // what kubectl would show
  CHECK(state_of(tj) == job_state::failed);
  CHECK(health_of(tj).status == "Failed");
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
  CHECK(health_of(tj) == kstatus{"Terminating", "TrainJob scheduled for deletion"});
  CHECK(state_of(tj) == job_state::running);  // the state says what runs; kstatus says it goes away
  SECTION("wins over a terminal condition") {
    tj.status.conditions.push_back(
        cond("Failed", "True", "FailedJobs", "jobset failed", at("2025-06-12T14:20:00Z")));
    CHECK(health_of(tj).status == "Terminating");
  }
  SECTION("without it, the job is running") {
    tj.metadata.deletion_timestamp = {};
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is running"});
  }
}

TEST_CASE("Created: nothing runs yet; health says what it waits for", "[summary]") {
  SECTION("no status at all: waiting for the JobSet") {
    const train_job tj = load("state/pending.json");
    CHECK(state_of(tj) == job_state::created);
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its JobSet"});
  }
  SECTION("every upstream example TrainJob without suspend is Created") {
    for (const char* name : {"multi-node-example", "multi-step-example", "lammps-flux", "volcano-example",
                             "runtime-patches-example"}) {
      const train_job tj = load(std::string("upstream/trainer-master__TrainJob__") + name + ".json");
      INFO(name);
      CHECK(state_of(tj) == job_state::created);
      CHECK(health_of(tj).status == "InProgress");
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
    CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is waiting: Started is False (" + started->reason +
                                                     "): " + started->message});
  }
}

TEST_CASE("legacy v1.9 object: Created shows as State; Complete once it ends", "[summary]") {
  train_job tj = load("state/legacy-created-v1.9.json");
  CHECK(tj.api_version == "kubeflow.org/v2alpha1");
  CHECK(state_column(tj.status) == "Created");
  CHECK(state_of(tj) == job_state::created);
  CHECK(health_of(tj) == kstatus{"InProgress", "TrainJob is waiting for its jobs to start"});
  SECTION("Created False: kstatus names it") {
    tj.status.conditions[0] =
        cond("Created", "False", "JobsCreationFailed", "Failed to create Jobs", at("2025-01-20T08:00:01Z"));
    CHECK(health_of(tj) ==
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

TEST_CASE("health: kstatus' generic rules first (observedGeneration, Reconciling, Stalled)", "[summary]") {
  train_job tj = load("state/resumed-running.json");
  REQUIRE(tj.metadata.generation == 2);
  SECTION("status.observedGeneration behind metadata.generation") {
    tj.status.unknown_fields["observedGeneration"] = 1;
    CHECK(health_of(tj) ==
          kstatus{"InProgress", "TrainJob generation is 2, but latest observed generation is 1"});
    tj.status.unknown_fields["observedGeneration"] = 2;
    CHECK(health_of(tj).message == "TrainJob is running");
  }
  SECTION("Reconciling True: InProgress with its message, even when Complete") {
    tj.status.conditions.push_back(cond("Complete", "True", "AllJobsCompleted",
                                        "jobset completed successfully", at("2025-06-12T10:20:00Z")));
    tj.status.conditions.push_back(
        cond("Reconciling", "True", "Resyncing", "resyncing after an upgrade", at("2025-06-12T10:20:01Z")));
    CHECK(health_of(tj) == kstatus{"InProgress", "resyncing after an upgrade"});
    tj.status.conditions.back().status = trainjob::condition_status::false_;
    CHECK(health_of(tj).status == "Current");
  }
  SECTION("Stalled True: Failed with its message") {
    tj.status.conditions.push_back(
        cond("Stalled", "True", "QuotaExceeded", "namespace quota exceeded", at("2025-06-12T10:20:01Z")));
    CHECK(health_of(tj) == kstatus{"Failed", "namespace quota exceeded"});
    tj.status.conditions.back().status = trainjob::condition_status::false_;
    CHECK(health_of(tj).status == "InProgress");
  }
}

// =============================================================================================
// kstatus_of: cli-utils v0.37.2 status.Compute, exactly
// =============================================================================================

namespace {

/// A TrainJob from JSON text through the library's decoder (which keeps present-but-empty
/// members raw, as kstatus tells absent from present).
train_job decode_text(const std::string& text) {
  auto r = trainjob::try_decode<train_job>(json::parse(text));
  if (!r) throw std::runtime_error(r.error().to_string());
  return std::move(*r);
}

/// A TrainJob with the given metadata members and status members (JSON fragments).
train_job with(const std::string& metadata, const std::string& status) {
  std::string text = R"({"apiVersion": "trainer.kubeflow.org/v1alpha1", "kind": "TrainJob",
                          "metadata": {"name": "test", "namespace": "qual")";
  if (!metadata.empty()) text += ", " + metadata;
  text += R"(}, "spec": {"runtimeRef": {"name": "torch-distributed"}})";
  if (!status.empty()) text += R"(, "status": {)" + status + "}";
  return decode_text(text + "}");
}

std::string conds(const std::string& list) { return R"("conditions": [)" + list + "]"; }

std::string c(const std::string& type, const std::string& status, const std::string& message = "") {
  return R"({"type": ")" + type + R"(", "status": ")" + status + R"(", "reason": "Why", "message": ")" +
         message + R"(", "lastTransitionTime": "2025-06-12T10:00:00Z"})";
}

struct kstatus_row {
  const char* name;
  std::string metadata, status;
  kstatus want;
};

}  // namespace

TEST_CASE("kstatus_of: cli-utils' rule for a custom resource, row by row", "[summary][kstatus]") {
  const std::string accessor = " accessor error: ";
  const std::vector<kstatus_row> rows = {
      // TestCRDGenericStatus (status_compute_test.go), kind MyCR -> TrainJob.
      {"crdNoStatus", R"("generation": 1)", "", {"Current", "Resource is current"}},
      {"crdReady",
       R"("generation": 1)",
       conds(c("Ready", "True", "All looks ok")),
       {"Current", "Resource is Ready"}},
      {"crdNotReady",
       R"("generation": 1)",
       R"("observedGeneration": 1, )" + conds(c("Ready", "False")),
       {"InProgress", ""}},
      {"crdNoCondition",
       R"("generation": 1)",
       conds(c("SomeCondition", "False")),
       {"Current", "Resource is current"}},
      {"crdMismatchStatusGeneration",
       R"("generation": 2)",
       R"("observedGeneration": 1)",
       {"InProgress", "TrainJob generation is 2, but latest observed generation is 1"}},
      // deletionTimestamp: NestedString, then non-empty.
      {"deletion",
       R"("deletionTimestamp": "2025-06-12T14:00:00Z", "generation": 2)",
       R"("observedGeneration": 1)",
       {"Terminating", "Resource scheduled for deletion"}},
      {"deletion, Go's zero time is still a non-empty string",
       R"("deletionTimestamp": "0001-01-01T00:00:00Z")",
       "",
       {"Terminating", "Resource scheduled for deletion"}},
      {"deletion null: NestedString errs",
       R"("deletionTimestamp": null)",
       "",
       {"Unknown", "looking up metadata.deletionTimestamp from resource: .metadata.deletionTimestamp" +
                       accessor + "<nil> is of the type <nil>, expected string"}},
      // generation / observedGeneration: both present to compare, each read with NestedInt64.
      {"no generation: no check", "", R"("observedGeneration": 5)", {"Current", "Resource is current"}},
      {"no generation: observedGeneration not even read",
       "",
       R"("observedGeneration": 1.5)",
       {"Current", "Resource is current"}},
      {"no observedGeneration: no check", R"("generation": 7)", "", {"Current", "Resource is current"}},
      {"generation 0 is present",
       R"("generation": 0)",
       R"("observedGeneration": 1)",
       {"InProgress", "TrainJob generation is 0, but latest observed generation is 1"}},
      {"equal", R"("generation": 3)", R"("observedGeneration": 3)", {"Current", "Resource is current"}},
      {"generation null",
       R"("generation": null)",
       "",
       {"Unknown", "looking up metadata.generation from resource: .metadata.generation" + accessor +
                       "<nil> is of the type <nil>, expected int64"}},
      {"observedGeneration a fraction",
       R"("generation": 1)",
       R"("observedGeneration": 1.5)",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "1.5 is of the type float64, expected int64"}},
      {"observedGeneration 1.0 is a float64 in Go",
       R"("generation": 1)",
       R"("observedGeneration": 1.0)",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "1 is of the type float64, expected int64"}},
      {"observedGeneration 1e6",
       R"("generation": 1)",
       R"("observedGeneration": 1e6)",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "1e+06 is of the type float64, expected int64"}},
      {"observedGeneration past int64",
       R"("generation": 1)",
       R"("observedGeneration": 18446744073709551615)",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "1.8446744073709552e+19 is of the type float64, expected int64"}},
      {"observedGeneration a string",
       R"("generation": 1)",
       R"("observedGeneration": "1")",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "1 is of the type string, expected int64"}},
      {"observedGeneration null",
       R"("generation": 1)",
       R"("observedGeneration": null)",
       {"Unknown", "looking up status.observedGeneration from resource: .status.observedGeneration" +
                       accessor + "<nil> is of the type <nil>, expected int64"}},
      {"observedGeneration an object",
       R"("generation": 1)",
       R"("observedGeneration": {"b": [true, null, "x", 2, 0.5], "a": {}})",
       {"Unknown",
        "looking up status.observedGeneration from resource: .status.observedGeneration" + accessor +
            "map[a:map[] b:[true <nil> x 2 0.5]] is of the type map[string]interface {}, expected int64"}},
      {"the generation check comes before the conditions",
       R"("generation": 2)",
       R"("observedGeneration": 1, )" + conds(c("Stalled", "True", "stuck")),
       {"InProgress", "TrainJob generation is 2, but latest observed generation is 1"}},
      // Reconciling / Stalled: the first True one, in list order; reason not shown.
      {"Reconciling True",
       R"("generation": 1)",
       conds(c("Complete", "True") + "," + c("Reconciling", "True", "busy")),
       {"InProgress", "busy"}},
      {"Stalled True", R"("generation": 1)", conds(c("Stalled", "True", "stuck")), {"Failed", "stuck"}},
      {"Stalled before Reconciling",
       R"("generation": 1)",
       conds(c("Stalled", "True", "stuck") + "," + c("Reconciling", "True", "busy")),
       {"Failed", "stuck"}},
      {"Reconciling before Stalled",
       R"("generation": 1)",
       conds(c("Reconciling", "True", "busy") + "," + c("Stalled", "True", "stuck")),
       {"InProgress", "busy"}},
      {"False and Unknown ones are normal",
       R"("generation": 1)",
       conds(c("Reconciling", "False", "done") + "," + c("Stalled", "Unknown", "maybe")),
       {"Current", "Resource is current"}},
      {"Reconciling True wins over Ready True",
       R"("generation": 1)",
       conds(c("Ready", "True") + "," + c("Reconciling", "True", "busy")),
       {"InProgress", "busy"}},
      // Ready: the first one decides.
      {"Ready Unknown",
       R"("generation": 1)",
       conds(c("Ready", "Unknown", "checking")),
       {"InProgress", "checking"}},
      {"the first Ready decides",
       R"("generation": 1)",
       conds(c("Ready", "False", "not yet") + "," + c("Ready", "True")),
       {"InProgress", "not yet"}},
      // What the controller writes: kstatus knows nothing of Complete and Failed.
      {"Failed True",
       R"("generation": 1)",
       conds(c("Failed", "True", "jobset failed")),
       {"Current", "Resource is current"}},
      {"Complete True",
       R"("generation": 1)",
       conds(c("Complete", "True")),
       {"Current", "Resource is current"}},
      {"Suspended True",
       R"("generation": 1)",
       conds(c("Suspended", "True")),
       {"Current", "Resource is current"}},
  };
  for (const auto& row : rows) {
    INFO(row.name);
    CHECK(kstatus_of(with(row.metadata, row.status)) == row.want);
  }
  SECTION("the message names the object's kind, empty when it has none (GetKind)") {
    const train_job tj = decode_text(R"({"metadata": {"name": "x", "generation": 4},
                                         "spec": {"runtimeRef": {"name": "r"}}, "status": {"observedGeneration": 3}})");
    CHECK(kstatus_of(tj) == kstatus{"InProgress", " generation is 4, but latest observed generation is 3"});
  }
}

TEST_CASE("kstatus_of: every TrainJob the controller writes is Current, failed or running",
          "[summary][kstatus]") {
  for (const char* f : {"state/resumed-running.json", "state/suspended.json", "state/complete.json",
                        "state/failed.json", "state/deadline.json", "state/both-terminal.json",
                        "state/pending.json", "state/legacy-created-v1.9.json"}) {
    INFO(f);
    CHECK(kstatus_of(load(f)) == kstatus{"Current", "Resource is current"});
  }
  CHECK(kstatus_of(load("state/deleted.json")) == kstatus{"Terminating", "Resource scheduled for deletion"});
  // health_of is the judgment that knows TrainJobs.
  CHECK(health_of(load("state/failed.json")).status == "Failed");
  CHECK(health_of(load("state/resumed-running.json")).status == "InProgress");
}

// =============================================================================================
// sdk_status_of: the Kubeflow Python SDK 0.5.0's TrainJob.status (release commit kubeflow/sdk 776163f4)
// =============================================================================================

TEST_CASE("sdk_status_of: conditions decide when there are any; else the node pods", "[summary][sdk]") {
  struct row {
    const char* name;
    std::string status;
    std::optional<sdk_pods> pods;
    std::string want;
  };
  const sdk_pods all_three{1, 3};
  const std::vector<row> rows = {
      {"no conditions, no pods seen", "", std::nullopt, "Created"},
      {"no conditions, all 3 nodes run (numNodes 3)", "", all_three, "Running"},
      {"no conditions, 2 of 3 run", "", sdk_pods{1, 2}, "Created"},
      {"empty list is no conditions", conds(""), all_three, "Running"},
      {"Complete True", conds(c("Complete", "True")), std::nullopt, "Complete"},
      {"Failed True", conds(c("Failed", "True")), std::nullopt, "Failed"},
      {"Complete False", conds(c("Complete", "False")), all_three, "Created"},
      {"both True: the last in list order wins (Failed last)",
       conds(c("Complete", "True") + "," + c("Failed", "True")), std::nullopt, "Failed"},
      {"both True: the last in list order wins (Complete last)",
       conds(c("Failed", "True") + "," + c("Complete", "True")), std::nullopt, "Complete"},
      {"kubeflow/sdk 803: resumed, all nodes run, still Created", conds(c("Suspended", "False")), all_three,
       "Created"},
      {"a Running condition is not read", conds(c("Running", "True")), all_three, "Created"},
  };
  for (const auto& r : rows) {
    INFO(r.name);
    train_job tj = with(R"("generation": 1)", r.status);
    tj.spec.trainer.emplace().num_nodes = 3;
    CHECK(sdk_status_of(tj, r.pods) == r.want);
  }
  SECTION("numNodes unset or 0: the runtime's num_nodes") {
    train_job tj = with("", "");
    CHECK(sdk_status_of(tj, sdk_pods{2, 2}) == "Running");
    CHECK(sdk_status_of(tj, sdk_pods{2, 1}) == "Created");
    tj.spec.trainer.emplace().num_nodes = 0;
    CHECK(sdk_status_of(tj, sdk_pods{2, 2}) == "Running");
    tj.spec.trainer->num_nodes = 4;
    CHECK(sdk_status_of(tj, sdk_pods{2, 2}) == "Created");
  }
  SECTION("upstream examples") {
    CHECK(sdk_status_of(load("state/complete.json")) == "Complete");
    CHECK(sdk_status_of(load("state/both-terminal.json")) == "Failed");  // Complete, then Failed
    CHECK(sdk_status_of(load("state/resumed-running.json"), sdk_pods{1, 3}) == "Created");
    CHECK(sdk_status_of(load("state/pending.json")) == "Created");
    CHECK(sdk_status_of(load("state/pending.json"), sdk_pods{1, 3}) == "Running");
  }
}

TEST_CASE("summarize: stateColumn, state, kstatus, health, sdkStatus", "[summary]") {
  const nlohmann::json j = summarize(load("state/resumed-running.json"));
  CHECK(j == nlohmann::json::parse(
                 R"({"stateColumn": "Suspended", "state": "Running",
                     "kstatus": {"status": "Current", "message": "Resource is current"},
                     "health": {"status": "InProgress", "message": "TrainJob is running"},
                     "sdkStatus": "Created"})"));
  const nlohmann::json p = summarize(load("state/pending.json"));
  CHECK(p["stateColumn"] == "");
  CHECK(p["state"] == "Created");
  const nlohmann::json f = summarize(load("state/failed.json"));
  CHECK(f["kstatus"]["status"] == "Current");
  CHECK(f["health"]["status"] == "Failed");
  CHECK(f["sdkStatus"] == "Failed");
}
