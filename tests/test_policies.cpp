// Tests for the condition policies: every shipped policy and each of its reasons through
// reconcile() on JobSets built from upstream's runtimes, the registry's refusals, user-written
// policies, and the guarantees: no policy -> every profile's output is byte-identical on every
// scenario; a second identical pass changes nothing; five policies always give a valid status of
// at most 8 conditions. The per-step state the step policies read is tested in test_steps.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fixtures.hpp"
#include "runtimes.hpp"

namespace {

/// The TrainJob of the torchtune runtime, created at CREATED.
train_job_builder job() {
  train_job_builder b("job");
  b.runtime("torchtune-llama3.2-1b", std::string("ClusterTrainingRuntime")).created(CREATED);
  return b;
}

// ---- passes ----------------------------------------------------------------------------------

policy_set set_of(const std::vector<std::string>& names) {
  auto r = trainjob::make_policy_set(names);
  INFO(r.error().to_string());
  REQUIRE(r.ok());
  return std::move(r).value();
}

/// One controller pass's inputs.
struct pass {
  train_job tj;
  std::optional<job_set> js;  // nullopt: NotFound
  timestamp now = NOW;
  std::optional<std::string> apply_error{};
  std::optional<std::string> build_error{};
  const training_runtime* runtime = nullptr;
  profile prof = profile::latest;
  const trainjob::runtime_registry* runtimes = nullptr;
};

reconcile_result reconcile_once(const pass& p, const policy_set* set) {
  reconcile_options o;
  o.profile = p.prof;
  o.policies = set;
  o.runtimes = p.runtimes;
  auto view = [](const std::optional<std::string>& e) {
    return e ? std::optional<std::string_view>(*e) : std::nullopt;
  };
  return trainjob::reconcile(
      observation{p.tj, p.js ? &*p.js : nullptr, p.now, view(p.apply_error), view(p.build_error), p.runtime},
      o);
}

/// Runs the pass, then the same pass again on its output (5 s later): the second must change
/// nothing. Returns the first pass's result.
reconcile_result run(const pass& p, const policy_set& set) {
  reconcile_result first = reconcile_once(p, &set);
  pass again = p;
  again.tj.status = first.status;
  again.now = timestamp::from_unix(p.now.unix_seconds() + 5);
  const reconcile_result second = reconcile_once(again, &set);
  INFO("second identical pass: " << trainjob::dump(trainjob::encode(second.status)));
  CHECK_FALSE(second.changed);
  CHECK(second.status == first.status);
  return first;
}
reconcile_result run(const pass& p, const std::string& policy) { return run(p, set_of({policy})); }

/// "Status Reason | message", or "<absent>".
std::string show(const std::vector<condition>& list, std::string_view type) {
  const condition* c = trainjob::conditions::find(list, type);
  if (c == nullptr) return "<absent>";
  return std::string(trainjob::to_string(c->status)) + " " + c->reason + " | " + c->message;
}
std::string show(const reconcile_result& r, std::string_view type) { return show(r.status.conditions, type); }

/// The type's condition as the pass wrote it (for a previous-pass status).
condition cond_at(std::string type, std::string_view status, std::string reason, std::string message) {
  return cond(std::move(type), status, std::move(reason), std::move(message), CREATED);
}

std::string long_error(std::size_t n) {
  std::string e;
  for (std::size_t i = 0; i < n; ++i) e += static_cast<char>('a' + static_cast<char>(i % 26));
  return e;
}

}  // namespace

// =============================================================================================
// The shipped policies, each reason
// =============================================================================================

TEST_CASE("Initialized: unsupported runtime, build failure (cut), objects built, kept otherwise",
          "[policies]") {
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("objects built") {
    CHECK(show(run(p, "Initialized"), "Initialized") ==
          "True ObjectsBuilt | TrainJob runtime was resolved and its objects were built");
  }
  SECTION("an apply error does not concern it") {
    p.apply_error = "admission webhook denied the request";
    CHECK(show(run(p, "Initialized"), "Initialized") ==
          "True ObjectsBuilt | TrainJob runtime was resolved and its objects were built");
  }
  SECTION("unsupported runtime") {
    p.tj = train_job_builder("job")
               .runtime("r", std::string("MyRuntime"), std::string("example.com"))
               .created(CREATED);
    p.js.reset();
    CHECK(show(run(p, "Initialized"), "Initialized") ==
          "False RuntimeNotSupported | unsupported runtime: MyRuntime.example.com");
  }
  SECTION("build failure") {
    p.build_error = "failed to build the JobSet: missing trainer";
    const auto r = run(p, "Initialized");
    CHECK(show(r, "Initialized") ==
          "False BuildFailed | TrainJob objects could not be built: failed to build the JobSet: missing "
          "trainer");
    CHECK(r.errors == std::vector<std::string>{"failed to build the JobSet: missing trainer"});
  }
  SECTION("a long build error is cut like upstream's event: 950 code points, then ' ...'") {
    p.build_error = long_error(1000);
    const auto r = run(p, "Initialized");
    const condition* c = trainjob::conditions::find(r.status.conditions, "Initialized");
    REQUIRE(c != nullptr);
    CHECK(c->message == "TrainJob objects could not be built: " + long_error(950) + " ...");
    // 950 two-byte runes: nothing cut, but longer than 950 bytes, so " ..." (upstream's quirk).
    std::string wide;
    for (int i = 0; i < 950; ++i) wide += "\xc3\xa9";
    p.build_error = wide;
    const auto r2 = run(p, "Initialized");
    CHECK(trainjob::conditions::find(r2.status.conditions, "Initialized")->message ==
          "TrainJob objects could not be built: " + wide + " ...");
    // Exactly 950 bytes: no " ...".
    p.build_error = long_error(950);
    CHECK(trainjob::conditions::find(run(p, "Initialized").status.conditions, "Initialized")->message ==
          "TrainJob objects could not be built: " + long_error(950));
  }
  SECTION("an error that is not UTF-8: each bad byte becomes U+FFFD, as the API server would store it") {
    // Raw bytes would fail validation and differ from the stored status on every later pass.
    p.build_error = std::string_view("bad \xC0\x80 bytes \xFF");
    const auto r = run(p, "Initialized");
    const condition* c = trainjob::conditions::find(r.status.conditions, "Initialized");
    REQUIRE(c != nullptr);
    CHECK(c->message ==
          "TrainJob objects could not be built: bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD");
    train_job written = p.tj;
    written.status = r.status;
    CHECK(trainjob::validate(written).empty());
  }
  SECTION("no build this pass (finished job): kept as it was, or absent") {
    p.js = torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"));
    p.tj = job().condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully");
    CHECK(show(run(p, "Initialized"), "Initialized") == "<absent>");
    p.tj.status.conditions.push_back(cond_at("Initialized", "True", "ObjectsBuilt",
                                             "TrainJob runtime was resolved and its objects were built"));
    p.build_error = "ignored: the pass did not build";
    const auto r = run(p, "Initialized");
    const condition* c = trainjob::conditions::find(r.status.conditions, "Initialized");
    REQUIRE(c != nullptr);
    CHECK(*c == p.tj.status.conditions.back());  // time included
  }
}

TEST_CASE("ComponentsCreated: applied, apply failure (cut), kept when nothing was applied", "[policies]") {
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("applied") {
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") ==
          "True ComponentsCreated | TrainJob components were applied");
  }
  SECTION("apply failure") {
    p.apply_error = "jobsets.jobset.x-k8s.io \"job\" is forbidden";
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") ==
          "False ApplyFailed | TrainJob components could not be applied: jobsets.jobset.x-k8s.io \"job\" is "
          "forbidden");
    p.apply_error = long_error(2000);
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") ==
          "False ApplyFailed | TrainJob components could not be applied: " + long_error(950) + " ...");
  }
  SECTION("a build failure applies nothing: kept as it was, or absent") {
    p.build_error = "bad template";
    p.apply_error = "never reached";
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") == "<absent>");
    p.tj.status.conditions.push_back(
        cond_at("ComponentsCreated", "True", "ComponentsCreated", "TrainJob components were applied"));
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") ==
          "True ComponentsCreated | TrainJob components were applied");
  }
  SECTION("unsupported runtime: nothing applied") {
    p.tj = train_job_builder("job").runtime("r", std::string("Other")).created(CREATED);
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") == "<absent>");
  }
  SECTION("finished (v2.2+: not re-applied): kept") {
    p.js = torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"));
    p.tj = job()
               .condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully")
               .condition(cond_at("ComponentsCreated", "False", "ApplyFailed",
                                  "TrainJob components could not be applied: x"));
    p.apply_error = "ignored";
    CHECK(show(run(p, "ComponentsCreated"), "ComponentsCreated") ==
          "False ApplyFailed | TrainJob components could not be applied: x");
  }
}

TEST_CASE("Accepted: the runtime kind is registered", "[policies]") {
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  CHECK(show(run(p, "Accepted"), "Accepted") ==
        "True Accepted | TrainJob runtime ClusterTrainingRuntime.trainer.kubeflow.org is supported");
  p.tj = train_job_builder("job")
             .runtime("r", std::string("MyRuntime"), std::string("example.com"))
             .created(CREATED);
  CHECK(show(run(p, "Accepted"), "Accepted") ==
        "False RuntimeNotSupported | unsupported runtime: MyRuntime.example.com");
  const trainjob::runtime_registry custom{{{"example.com", "MyRuntime"}}};
  p.runtimes = &custom;
  CHECK(show(run(p, "Accepted"), "Accepted") ==
        "True Accepted | TrainJob runtime MyRuntime.example.com is supported");
}

TEST_CASE("Progressing: True while starting or running, False with why progress stopped", "[policies]") {
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("starting") {
    CHECK(show(run(p, "Progressing"), "Progressing") ==
          "True Starting | TrainJob is waiting for its trainer to start");
    p.js = torchtune_js(RUNNING, RUNNING, PENDING);
    CHECK(show(run(p, "Progressing"), "Progressing") ==
          "True Starting | TrainJob is waiting for its trainer to start");
  }
  SECTION("running") {
    p.js = torchtune_js(DONE, DONE, ACTIVE_NOT_READY);
    CHECK(show(run(p, "Progressing"), "Progressing") == "True Running | TrainJob trainer is running");
  }
  SECTION("suspended") {
    p.tj = job().suspend();
    CHECK(show(run(p, "Progressing"), "Progressing") == "False Suspended | TrainJob is suspended");
  }
  SECTION("completed") {
    p.js = torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"));
    CHECK(show(run(p, "Progressing"), "Progressing") == "False Completed | TrainJob has completed");
  }
  SECTION("failed") {
    p.js = torchtune_js(DONE, DONE, FAILED, job_set_builder("job").failed("2025-01-01T00:50:00Z"));
    CHECK(show(run(p, "Progressing"), "Progressing") == "False Failed | TrainJob has failed");
    p.tj = job().suspend();  // finished wins over suspended
    CHECK(show(run(p, "Progressing"), "Progressing") == "False Failed | TrainJob has failed");
  }
  SECTION("deadline exceeded") {
    p.tj = job().active_deadline(60);
    p.js = torchtune_js(DONE, DONE, RUNNING);
    const auto r = run(p, "Progressing");
    CHECK(r.delete_job_set);
    CHECK(show(r, "Progressing") == "False DeadlineExceeded | TrainJob exceeded its active deadline");
    // Still so once the JobSet is gone.
    pass later = p;
    later.tj.status = r.status;
    later.js.reset();
    CHECK(show(run(later, "Progressing"), "Progressing") ==
          "False DeadlineExceeded | TrainJob exceeded its active deadline");
  }
  SECTION("build and apply failures") {
    p.build_error = "no trainer image";
    CHECK(show(run(p, "Progressing"), "Progressing") ==
          "False BuildFailed | TrainJob objects could not be built: no trainer image");
    p.build_error.reset();
    p.apply_error = "quota exceeded";
    CHECK(show(run(p, "Progressing"), "Progressing") ==
          "False ApplyFailed | TrainJob components could not be applied: quota exceeded");
  }
  SECTION("unsupported runtime") {
    p.tj = train_job_builder("job").runtime("r", std::string("Other")).created(CREATED);
    CHECK(show(run(p, "Progressing"), "Progressing") ==
          "False RuntimeNotSupported | unsupported runtime: Other.trainer.kubeflow.org");
  }
  SECTION("JobSet NotFound, not finished: Unknown") {
    p.js.reset();
    const auto r = run(p, "Progressing");
    CHECK(show(r, "Progressing") == "Unknown JobSetNotFound | TrainJob's JobSet was not found");
    CHECK(r.errors == std::vector<std::string>{"jobset not found"});
  }
}

namespace {

/// What generic kstatus (cli-utils' status.Compute) says of the TrainJob after the pass.
kstatus kstatus_after(const pass& p, const reconcile_result& r) {
  train_job out = p.tj;
  out.status = r.status;
  return kstatus_of(out);
}

}  // namespace

TEST_CASE(
    "Reconciling and Stalled: kstatus' abnormal-true conditions, so generic kstatus reads TrainJobs right",
    "[policies][kstatus]") {
  const policy_set both = set_of({"Reconciling", "Stalled"});
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("starting: InProgress") {
    const auto r = run(p, both);
    CHECK(show(r, "Reconciling") == "True Starting | TrainJob is waiting for its trainer to start");
    CHECK(show(r, "Stalled") == "<absent>");
    CHECK(kstatus_after(p, r) == kstatus{"InProgress", "TrainJob is waiting for its trainer to start"});
  }
  SECTION("running: InProgress") {
    p.js = torchtune_js(DONE, DONE, RUNNING);
    const auto r = run(p, both);
    CHECK(show(r, "Reconciling") == "True Running | TrainJob trainer is running");
    CHECK(kstatus_after(p, r) == kstatus{"InProgress", "TrainJob trainer is running"});
    // Without the policies, the same job is Current to kstatus.
    CHECK(kstatus_after(p, reconcile_once(p, nullptr)) == kstatus{"Current", "Resource is current"});
  }
  SECTION("complete: Current") {
    p.js = torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"));
    const auto r = run(p, both);
    CHECK(show(r, "Reconciling") == "False Finished | TrainJob has finished");
    CHECK(show(r, "Stalled") == "<absent>");
    CHECK(kstatus_after(p, r) == kstatus{"Current", "Resource is current"});
  }
  SECTION("failed: Failed, with the failure's message") {
    p.js = torchtune_js(DONE, DONE, FAILED, job_set_builder("job").failed("2025-01-01T00:50:00Z"));
    const auto r = run(p, both);
    const condition* failed = trainjob::conditions::find(r.status.conditions, "Failed");
    REQUIRE(failed != nullptr);
    REQUIRE_FALSE(failed->message.empty());
    CHECK(show(r, "Reconciling") == "False Finished | TrainJob has finished");
    CHECK(show(r, "Stalled") == "True Failed | " + failed->message);
    CHECK(kstatus_after(p, r) == kstatus{"Failed", failed->message});
  }
  SECTION("deadline exceeded: Failed") {
    p.tj = job().active_deadline(60);
    p.js = torchtune_js(DONE, DONE, RUNNING);
    const auto r = run(p, both);
    CHECK(show(r, "Stalled") == "True Failed | TrainJob exceeded its active deadline");
    CHECK(kstatus_after(p, r) == kstatus{"Failed", "TrainJob exceeded its active deadline"});
  }
  SECTION("suspended: Current, as cli-utils reads a suspended Job") {
    p.tj = job().suspend();
    const auto r = run(p, both);
    CHECK(show(r, "Reconciling") == "False Suspended | TrainJob is suspended");
    CHECK(kstatus_after(p, r) == kstatus{"Current", "Resource is current"});
  }
  SECTION("build and apply failures, JobSet NotFound: InProgress with why; unsupported runtime: Failed") {
    p.build_error = "no trainer image";
    CHECK(show(run(p, both), "Reconciling") ==
          "True BuildFailed | TrainJob objects could not be built: no trainer image");
    p.build_error.reset();
    p.apply_error = "quota exceeded";
    const auto r = run(p, both);
    CHECK(show(r, "Reconciling") ==
          "True ApplyFailed | TrainJob components could not be applied: quota exceeded");
    CHECK(kstatus_after(p, r) ==
          kstatus{"InProgress", "TrainJob components could not be applied: quota exceeded"});
    p.apply_error.reset();
    p.js.reset();
    CHECK(show(run(p, both), "Reconciling") == "True JobSetNotFound | TrainJob's JobSet was not found");
    // An unregistered runtime fails the job in the same pass: finished, and stalled.
    p.tj = train_job_builder("job").runtime("r", std::string("Other")).created(CREATED);
    const auto u = run(p, both);
    CHECK(show(u, "Reconciling") == "False Finished | TrainJob has finished");
    CHECK(kstatus_after(p, u) == kstatus{"Failed", "unsupported runtime: Other.trainer.kubeflow.org"});
  }
  SECTION("a Stalled the policy wrote goes away once Failed is no longer True") {
    p.js = torchtune_js(DONE, DONE, RUNNING);
    p.tj.status.conditions.push_back(cond_at("Stalled", "True", "Failed", "jobset failed"));
    const auto r = run(p, both);
    CHECK(show(r, "Stalled") == "<absent>");
  }
  SECTION("each alone") {
    p.js = torchtune_js(DONE, DONE, FAILED, job_set_builder("job").failed("2025-01-01T00:50:00Z"));
    CHECK(kstatus_after(p, run(p, "Stalled")).status == "Failed");
    CHECK(kstatus_after(p, run(p, "Reconciling")).status == "Current");  // finished, nothing stalls it
  }
}

TEST_CASE("DatasetInitialized, ModelInitialized, Trained: one condition per step", "[policies]") {
  const policy_set stages = set_of({"DatasetInitialized", "ModelInitialized", "Trained"});
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("pending, running, succeeded") {
    auto r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "False Pending | Dataset initializer is pending");
    CHECK(show(r, "ModelInitialized") == "False Pending | Model initializer is pending");
    CHECK(show(r, "Trained") == "False Pending | Trainer is pending");
    p.js = torchtune_js(RUNNING, DONE, PENDING);
    r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "False Running | Dataset initializer is running");
    CHECK(show(r, "ModelInitialized") == "True Succeeded | Model initializer succeeded");
    p.js = torchtune_js(DONE, DONE, RUNNING);
    r = run(p, stages);
    CHECK(show(r, "Trained") == "False Running | Trainer is running");
    p.js = torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"));
    r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "True Succeeded | Dataset initializer succeeded");
    CHECK(show(r, "ModelInitialized") == "True Succeeded | Model initializer succeeded");
    CHECK(show(r, "Trained") == "True Succeeded | Trainer succeeded");
    CHECK(r.status.conditions.size() == 4);
  }
  SECTION("failed, and the steps the failure stopped") {
    p.js = torchtune_js(FAILED, RUNNING, PENDING, job_set_builder("job").failed("2025-01-01T00:30:00Z"));
    const auto r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "False Failed | Dataset initializer failed");
    CHECK(show(r, "ModelInitialized") ==
          "False Stopped | Model initializer stopped because the TrainJob finished");
    CHECK(show(r, "Trained") == "False Stopped | Trainer stopped because the TrainJob finished");
  }
  SECTION("deadline exceeded while training: Stopped, and final once the JobSet is deleted") {
    p.tj = job().active_deadline(60);
    p.js = torchtune_js(DONE, DONE, RUNNING);
    const auto r = run(p, stages);
    CHECK(show(r, "Trained") == "False Stopped | Trainer stopped because the TrainJob finished");
    CHECK(show(r, "DatasetInitialized") == "True Succeeded | Dataset initializer succeeded");
    pass later = p;
    later.tj.status = r.status;
    later.js.reset();
    const auto r2 = run(later, stages);
    CHECK_FALSE(r2.changed);
  }
  SECTION("a job without initializers has no initializer conditions") {
    p.tj = job().runtime("torch-distributed", std::string("ClusterTrainingRuntime"));
    p.js = jobset_from(torch_distributed(), job_set_builder("job").replicated_job("node", RUNNING));
    const auto r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "<absent>");
    CHECK(show(r, "ModelInitialized") == "<absent>");
    CHECK(show(r, "Trained") == "False Running | Trainer is running");
    p.js = jobset_from(torch_with_dataset_init(),
                       job_set_builder("job").replicated_job("dataset-initializer", RUNNING));
    const auto r2 = run(p, stages);
    CHECK(show(r2, "DatasetInitialized") == "False Running | Dataset initializer is running");
    CHECK(show(r2, "ModelInitialized") == "<absent>");
    CHECK(show(r2, "Trained") == "False Pending | Trainer is pending");
  }
  SECTION("steps from the runtime when the JobSet was just created without spec") {
    p.js = job_set_builder("job").build();
    CHECK(show(run(p, stages), "Trained") == "<absent>");
    p.runtime = &torchtune();
    const auto r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "False Pending | Dataset initializer is pending");
    CHECK(show(r, "Trained") == "False Pending | Trainer is pending");
  }
  SECTION("JobSet NotFound: kept while not finished; Stopped once finished; final results kept") {
    p.js.reset();
    CHECK(show(run(p, stages), "Trained") == "<absent>");
    p.tj.status.conditions = {
        cond_at("DatasetInitialized", "True", "Succeeded", "Dataset initializer succeeded"),
        cond_at("Trained", "False", "Running", "Trainer is running")};
    auto r = run(p, stages);
    CHECK_FALSE(r.changed);
    CHECK(show(r, "Trained") == "False Running | Trainer is running");
    p.tj.status.conditions.push_back(
        cond_at("Complete", "True", "AllJobsCompleted", "jobset completed successfully"));
    r = run(p, stages);
    CHECK(show(r, "DatasetInitialized") == "True Succeeded | Dataset initializer succeeded");
    CHECK(show(r, "Trained") == "False Stopped | Trainer stopped because the TrainJob finished");
  }
  SECTION("v2.1 recreates a finished job's JobSet without status: the results stay") {
    p.prof = profile::v2_1;
    p.tj = job().condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully");
    p.tj.status.conditions.push_back(cond_at("Trained", "True", "Succeeded", "Trainer succeeded"));
    p.js = jobset_from(torchtune(), job_set_builder("job"));
    const auto r = run(p, stages);
    CHECK(show(r, "Trained") == "True Succeeded | Trainer succeeded");
    // Never recorded, and the new JobSet has it pending while the job is finished.
    CHECK(show(r, "DatasetInitialized") ==
          "False Stopped | Dataset initializer stopped because the TrainJob finished");
  }
}

TEST_CASE("StartupPolicyCompleted: from the JobSet's startup policy conditions", "[policies]") {
  pass p{job(), torchtune_js(RUNNING, PENDING, PENDING)};
  CHECK(show(run(p, "StartupPolicyCompleted"), "StartupPolicyCompleted") == "<absent>");
  p.js->status.conditions.push_back(cond("StartupPolicyInProgress", "True", "InOrderStartupPolicyInProgress",
                                         "in order startup policy is in progress"));
  CHECK(show(run(p, "StartupPolicyCompleted"), "StartupPolicyCompleted") ==
        "False InProgress | JobSet is starting its replicated jobs in order");
  p.js->status.conditions[0].status = condition_status::false_;
  p.js->status.conditions.push_back(cond("StartupPolicyCompleted", "True", "InOrderStartupPolicyCompleted",
                                         "in order startup policy has completed"));
  const auto r = run(p, "StartupPolicyCompleted");
  CHECK(show(r, "StartupPolicyCompleted") == "True Completed | JobSet started its replicated jobs in order");
  // NotFound: kept as it was (or absent).
  pass gone = p;
  gone.tj.status = r.status;
  gone.js.reset();
  CHECK(show(run(gone, "StartupPolicyCompleted"), "StartupPolicyCompleted") ==
        "True Completed | JobSet started its replicated jobs in order");
  gone.tj.status.conditions.clear();
  CHECK(show(run(gone, "StartupPolicyCompleted"), "StartupPolicyCompleted") == "<absent>");
}

TEST_CASE("Restarting: mirrors the JobSet's RestartingJobSet condition", "[policies]") {
  pass p{job(), torchtune_js(DONE, DONE, RUNNING)};
  SECTION("a JobSet that never restarted: absent") {
    CHECK(show(run(p, "Restarting"), "Restarting") == "<absent>");
  }
  SECTION("restarting, then no longer") {
    p.js->status.restarts = 2;
    p.js->status.conditions.push_back(cond("RestartingJobSet", "True", "FailedJobsRestarting", "restarting"));
    const auto r = run(p, "Restarting");
    CHECK(show(r, "Restarting") == "True FailedJobsRestarting | JobSet is restarting its jobs (restarts: 2)");
    pass after = p;
    after.tj.status = r.status;
    after.js->status.conditions[0].status = condition_status::false_;
    const auto r2 = run(after, "Restarting");
    CHECK(r2.changed);
    CHECK(show(r2, "Restarting") == "False NotRestarting | JobSet is not restarting (restarts: 2)");
  }
  SECTION("a reason the CRD would refuse is replaced") {
    p.js->status.conditions.push_back(cond("RestartingJobSet", "True", "", ""));
    CHECK(show(run(p, "Restarting"), "Restarting") ==
          "True Restarting | JobSet is restarting its jobs (restarts: 0)");
    p.js->status.conditions[0].reason = "not a reason";
    CHECK(show(run(p, "Restarting"), "Restarting") ==
          "True Restarting | JobSet is restarting its jobs (restarts: 0)");
  }
  SECTION("restarted earlier (no condition, restarts > 0): False") {
    p.js->status.restarts = 1;
    CHECK(show(run(p, "Restarting"), "Restarting") ==
          "False NotRestarting | JobSet is not restarting (restarts: 1)");
  }
  SECTION("NotFound: kept") {
    p.js.reset();
    p.tj.status.conditions.push_back(
        cond_at("Restarting", "True", "X", "JobSet is restarting its jobs (restarts: 1)"));
    CHECK(show(run(p, "Restarting"), "Restarting") == "True X | JobSet is restarting its jobs (restarts: 1)");
  }
}

TEST_CASE("Running: the trainer is ready on all its replicated jobs", "[policies]") {
  pass p{job().runtime("deepspeed-distributed", std::string("ClusterTrainingRuntime")),
         jobset_from(
             deepspeed(),
             job_set_builder("job").replicated_job("node", RUNNING).replicated_job("launcher", RUNNING))};
  SECTION("running") {
    CHECK(show(run(p, "Running"), "Running") ==
          "True Running | TrainJob trainer is running on all its replicas");
  }
  SECTION("pending: one replicated job not ready, or active but not ready, or no JobSet") {
    p.js->status.replicated_jobs_status[1].ready = 0;
    CHECK(show(run(p, "Running"), "Running") ==
          "False Pending | TrainJob trainer is not running on all its replicas yet");
    p.js->status.replicated_jobs_status[0].ready = 0;
    CHECK(show(run(p, "Running"), "Running") ==
          "False Pending | TrainJob trainer is not running on all its replicas yet");
    p.js.reset();
    CHECK(show(run(p, "Running"), "Running") ==
          "False Pending | TrainJob trainer is not running on all its replicas yet");
  }
  SECTION("suspended") {
    p.tj = job().suspend();
    CHECK(show(run(p, "Running"), "Running") == "False Suspended | TrainJob is suspended");
  }
  SECTION("finished: Complete, Failed, or the trainer step done before the JobSet says so") {
    p.js->status.replicated_jobs_status[1] = trainjob::replicated_job_status{};
    p.js->status.replicated_jobs_status[1].name = "launcher";
    p.js->status.replicated_jobs_status[1].succeeded = 1;
    p.js->status.replicated_jobs_status[0].succeeded = 1;
    CHECK(show(run(p, "Running"), "Running") == "False Finished | TrainJob has finished");
    p.js->status.conditions.push_back(
        cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully"));
    CHECK(show(run(p, "Running"), "Running") == "False Finished | TrainJob has finished");
    p.js =
        jobset_from(deepspeed(),
                    job_set_builder("job").failed("2025-01-01T00:30:00Z").replicated_job("launcher", FAILED));
    CHECK(show(run(p, "Running"), "Running") == "False Finished | TrainJob has finished");
  }
}

TEST_CASE("Started: why the trainer has not started, True once it has (sticky)", "[policies]") {
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  SECTION("initializing: the initializers that are not done") {
    CHECK(show(run(p, "Started"), "Started") ==
          "False Initializing | TrainJob is waiting for its initializers: dataset-initializer, "
          "model-initializer");
    p.js = torchtune_js(DONE, RUNNING, PENDING);
    CHECK(show(run(p, "Started"), "Started") ==
          "False Initializing | TrainJob is waiting for its initializers: model-initializer");
  }
  SECTION("pending: initializers done (or none), trainer not active") {
    p.js = torchtune_js(DONE, DONE, PENDING);
    CHECK(show(run(p, "Started"), "Started") == "False Pending | TrainJob trainer has not started yet");
    p.js = job_set_builder("job").build();  // just created, nothing known
    CHECK(show(run(p, "Started"), "Started") == "False Pending | TrainJob trainer has not started yet");
  }
  SECTION("started, and it stays so through a suspension") {
    p.js = torchtune_js(DONE, DONE, ACTIVE_NOT_READY);
    const auto r = run(p, "Started");
    CHECK(show(r, "Started") == "True Started | TrainJob trainer has started");
    pass suspended = p;
    suspended.tj = job().suspend();
    suspended.tj.status = r.status;
    suspended.js = torchtune_js(DONE, DONE, {0, 0, 0, 0, 1});
    const auto r2 = run(suspended, "Started");
    CHECK(show(r2, "Started") == "True Started | TrainJob trainer has started");
    CHECK(trainjob::conditions::find(r2.status.conditions, "Started")->last_transition_time == NOW);
  }
  SECTION("a completed job has started, even with nothing known about its steps") {
    p.js = job_set_builder("job").completed("2025-01-01T00:50:00Z").build();
    CHECK(show(run(p, "Started"), "Started") == "True Started | TrainJob trainer has started");
  }
  SECTION("failed before the trainer started (deadline during initialization)") {
    p.tj = job().active_deadline(60);
    p.js = torchtune_js(RUNNING, RUNNING, PENDING);
    CHECK(show(run(p, "Started"), "Started") == "False Failed | TrainJob failed before its trainer started");
  }
  SECTION("suspended") {
    p.tj = job().suspend();
    CHECK(show(run(p, "Started"), "Started") == "False Suspended | TrainJob is suspended");
  }
  SECTION("unsupported runtime") {
    p.tj = train_job_builder("job")
               .runtime("r", std::string("Other"), std::string("example.com"))
               .created(CREATED);
    CHECK(show(run(p, "Started"), "Started") ==
          "False RuntimeNotSupported | unsupported runtime: Other.example.com");
  }
  SECTION("build and apply failures") {
    p.build_error = "bad";
    CHECK(show(run(p, "Started"), "Started") ==
          "False BuildFailed | TrainJob objects could not be built: bad");
    p.build_error.reset();
    p.apply_error = "denied";
    CHECK(show(run(p, "Started"), "Started") ==
          "False ApplyFailed | TrainJob components could not be applied: denied");
  }
  SECTION("JobSet NotFound") {
    p.js.reset();
    CHECK(show(run(p, "Started"), "Started") == "False JobSetNotFound | TrainJob's JobSet was not found");
  }
}

// =============================================================================================
// The registry
// =============================================================================================

TEST_CASE("shipped policies: each name is the type it owns, valid, unique", "[policies][registry]") {
  const auto& names = trainjob::shipped_policy_names();
  CHECK(names.size() == 13);
  std::set<std::string_view> seen;
  for (auto n : names) {
    INFO(n);
    CHECK(seen.insert(n).second);
    const auto p = trainjob::make_shipped_policy(n);
    REQUIRE(p != nullptr);
    CHECK(p->type() == n);
    CHECK(trainjob::detail::is_condition_type_pattern(n));
    for (auto r : trainjob::reserved_condition_types) CHECK(n != r);
  }
  CHECK(trainjob::policy_names::trained == "Trained");
}

TEST_CASE("the registry refuses conflicts, with messages that say why", "[policies][registry]") {
  policy_set set;
  SECTION("two policies owning one type") {
    set.add(trainjob::make_shipped_policy("Running"));
    try {
      set.add(
          trainjob::make_policy("Running", [](const policy_context&) { return std::optional<condition>(); }));
      FAIL("accepted a second Running");
    } catch (const policy_error& e) {
      CHECK(std::string(e.what()) == "condition policy Running: two policies own the condition type Running");
    }
    CHECK(set.size() == 1);
    const auto r = trainjob::make_policy_set({"Started", "Running", "Started"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path.empty());
    CHECK(r.error().message == "condition policy Started: two policies own the condition type Started");
  }
  SECTION("a built-in type") {
    for (std::string t : {"Complete", "Failed", "Suspended", "Created"}) {
      INFO(t);
      try {
        set.add(trainjob::make_policy(t, [](const policy_context&) { return std::optional<condition>(); }));
        FAIL("accepted " + t);
      } catch (const policy_error& e) {
        CHECK(std::string(e.what()) ==
              "condition policy " + t + ": " + t +
                  " is a built-in condition the controller owns; a policy cannot claim it");
      }
    }
    CHECK(set.empty());
  }
  SECTION("a sixth policy: more types than the CRD's 8") {
    const std::vector<std::string> five{"Initialized", "ComponentsCreated", "Accepted", "Progressing",
                                        "Running"};
    set = set_of(five);
    CHECK(set.size() == trainjob::policy_set::max_policies);
    try {
      set.add(trainjob::make_shipped_policy("Started"));
      FAIL("accepted a sixth policy");
    } catch (const policy_error& e) {
      CHECK(std::string(e.what()) ==
            "condition policy Started: 6 policies and the built-in Complete, Failed and Suspended could "
            "write 9 "
            "condition types; the TrainJob CRD allows 8");
    }
    CHECK(set.size() == 5);
    std::vector<std::string> six = five;
    six.emplace_back("Trained");
    const auto r = trainjob::make_policy_set(six);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path.empty());
    CHECK_THAT(r.error().message, Catch::Matchers::StartsWith("condition policy Trained: 6 policies"));
  }
  SECTION("an invalid condition type, an empty one, a null policy") {
    auto none = [](const policy_context&) { return std::optional<condition>(); };
    for (const std::string& t : std::vector<std::string>{"not a type", "Example.com/Quota", "trailing-", "x/",
                                                         "/x", std::string(317, 'A')}) {
      INFO(t);
      try {
        set.add(trainjob::make_policy(t, none));
        FAIL("accepted " + t);
      } catch (const policy_error& e) {
        CHECK(std::string(e.what()) ==
              "condition policy " + t +
                  ": not a valid condition type (CamelCase, optionally prefixed by a DNS subdomain and '/')");
      }
    }
    CHECK_THROWS_AS(set.add(trainjob::make_policy("", none)), policy_error);
    CHECK_THROWS_AS(set.add(nullptr), policy_error);
    CHECK_NOTHROW(set.add(trainjob::make_policy("example.com/QuotaReserved", none)));
  }
  SECTION("an unknown shipped name") {
    const std::string shipped =
        "Initialized, ComponentsCreated, Accepted, Progressing, DatasetInitialized, ModelInitialized, "
        "Trained, "
        "StartupPolicyCompleted, Restarting, Running, Started, Reconciling, Stalled";
    try {
      (void)trainjob::make_shipped_policy("Ready");
      FAIL("made an unknown policy");
    } catch (const policy_error& e) {
      CHECK(std::string(e.what()) == "unknown condition policy Ready; shipped: " + shipped);
    }
    const auto r = trainjob::make_policy_set({"Initialized", "initialized"});  // names are exact
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path.empty());
    CHECK(r.error().message == "unknown condition policy initialized; shipped: " + shipped);
  }
  SECTION("make_policy_set keeps the order given; an empty list is an empty set") {
    const auto r = trainjob::make_policy_set({"Started", "Initialized"});
    REQUIRE(r.ok());
    CHECK(r->types() == std::vector<std::string>{"Started", "Initialized"});
    const auto e = trainjob::make_policy_set({});
    REQUIRE(e.ok());
    CHECK(e->empty());
  }
}

// =============================================================================================
// Policies users write
// =============================================================================================

namespace {

/// The header's example, as a user would write it.
struct quota_reserved : trainjob::condition_policy {
  std::string_view type() const noexcept override { return "example.com/QuotaReserved"; }
  std::optional<condition> evaluate(const policy_context& ctx) const override {
    const bool reserved = ctx.trainjob.metadata.annotations.count("example.com/quota") != 0;
    return trainjob::make_policy_condition(reserved, reserved ? "Reserved" : "Waiting",
                                           reserved ? "Quota is reserved" : "Waiting for quota");
  }
};

}  // namespace

TEST_CASE("a user policy in a few lines: a class, or a type and a function", "[policies][user]") {
  policy_set set;
  set.add(std::make_shared<quota_reserved>());
  set.add(
      trainjob::make_policy("example.com/Nodes", [](const policy_context& ctx) -> std::optional<condition> {
        if (ctx.jobset == nullptr) return std::nullopt;  // nullopt removes the condition
        condition c = trainjob::make_policy_condition(
            condition_status::true_, "Counted",
            std::to_string(ctx.jobset->status.replicated_jobs_status.size()) + " replicated jobs");
        c.type = "Ignored";  // the policy's type() is what counts
        return c;
      }));
  pass p{job(), torchtune_js(PENDING, PENDING, PENDING)};
  auto r = run(p, set);
  CHECK(show(r, "example.com/QuotaReserved") == "False Waiting | Waiting for quota");
  CHECK(show(r, "example.com/Nodes") == "True Counted | 3 replicated jobs");
  CHECK(show(r, "Ignored") == "<absent>");
  CHECK(trainjob::validate_conditions(r.status.conditions).empty());

  p.tj.metadata.annotations["example.com/quota"] = "gpu-a";
  p.tj.status = r.status;
  p.js.reset();
  r = run(p, set);
  CHECK(show(r, "example.com/QuotaReserved") == "True Reserved | Quota is reserved");
  CHECK(show(r, "example.com/Nodes") == "<absent>");
}

TEST_CASE("a condition for a step of a custom runtime, with the shipped step policy", "[policies][user]") {
  policy_set set;
  set.add(std::make_shared<trainjob::step_condition_policy>("example.com/Preprocessed", "preprocess",
                                                            "Preprocessing"));
  pass p{
      job(),
      job_set_builder("job").replicated_job("preprocess", RUNNING).replicated_job("node", PENDING).build()};
  CHECK(show(run(p, set), "example.com/Preprocessed") == "False Running | Preprocessing is running");
  p.js->status.replicated_jobs_status[0] = trainjob::replicated_job_status{};
  p.js->status.replicated_jobs_status[0].name = "preprocess";
  p.js->status.replicated_jobs_status[0].succeeded = 1;
  CHECK(show(run(p, set), "example.com/Preprocessed") == "True Succeeded | Preprocessing succeeded");
}

TEST_CASE("a throwing policy: an error, its condition unchanged, the others still run", "[policies][user]") {
  policy_set set;
  set.add(trainjob::make_policy("example.com/Flaky", [](const policy_context&) -> std::optional<condition> {
    throw std::runtime_error("boom");
  }));
  set.add(trainjob::make_policy("example.com/Weird",
                                [](const policy_context&) -> std::optional<condition> { throw 42; }));
  set.add(trainjob::make_shipped_policy("Started"));
  pass p{job().condition(cond_at("example.com/Flaky", "True", "Old", "as it was")),
         torchtune_js(DONE, DONE, PENDING)};
  const auto r = reconcile_once(p, &set);
  CHECK(r.errors == std::vector<std::string>{"condition policy example.com/Flaky: boom",
                                             "condition policy example.com/Weird: unknown error"});
  REQUIRE(r.status.conditions.size() == 2);
  CHECK(r.status.conditions[0] == p.tj.status.conditions[0]);
  CHECK(show(r, "example.com/Weird") == "<absent>");
  CHECK(show(r, "Started") == "False Pending | TrainJob trainer has not started yet");
}

TEST_CASE("policies do not run with v1.9, nor in a pass that does not run (v2.0 finished job)",
          "[policies]") {
  const policy_set set = set_of({"Started"});
  pass p{job(), torchtune_js(DONE, DONE, DONE, job_set_builder("job").completed("2025-01-01T00:50:00Z"))};
  p.prof = profile::v2_0;
  p.tj = job().condition("Complete", "True", "AllJobsCompleted", "jobset completed successfully");
  const auto r = reconcile_once(p, &set);
  CHECK_FALSE(r.changed);
  CHECK(show(r, "Started") == "<absent>");
}

// =============================================================================================
// Guarantees over every scenario
// =============================================================================================

namespace {

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(scenarios_dir())) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The scenario with its runtime attached when upstream ships it (step labels from the runtime).
trainjob::scenario with_runtime(trainjob::scenario s) {
  if (s.runtime) return s;
  const auto& ref = s.trainjob.spec.runtime_ref;
  const fs::path f = data_dir() / "upstream" /
                     ("trainer-master__" + std::string(ref.effective_kind()) + "__" + ref.name + ".json");
  if (fs::exists(f)) s.runtime = runtime_from_json(read_json(f));
  return s;
}

/// Every step followed by the same pass again (same time, same errors, no patch, the JobSet as observed).
trainjob::scenario doubled(const trainjob::scenario& s) {
  trainjob::scenario d = s;
  d.steps.clear();
  for (const auto& st : s.steps) {
    d.steps.push_back(st);
    trainjob::scenario_step again;
    again.now = st.now;
    again.apply_error = st.apply_error;
    again.build_error = st.build_error;
    d.steps.push_back(again);
  }
  return d;
}

std::vector<std::string> replay_lines(const trainjob::scenario& s, profile prof, const policy_set* set) {
  trainjob::replay_options o;
  o.profile = prof;
  o.policies = set;
  std::vector<std::string> out;
  for (const auto& step : trainjob::replay(s, o)) {
    out.push_back(trainjob::dump(nlohmann::json(step.result)) + " " +
                  trainjob::dump(trainjob::to_json_line(step)));
  }
  return out;
}

/// The status with its conditions sorted by type: equal when only the order differs.
trainjob::train_job_status by_type(trainjob::train_job_status s) {
  std::sort(s.conditions.begin(), s.conditions.end(),
            [](const condition& a, const condition& b) { return a.type < b.type; });
  return s;
}

/// Three sets of five covering every shipped policy, plus the first five in shipped order.
std::vector<std::vector<std::string>> five_policy_sets() {
  return {{"Initialized", "ComponentsCreated", "Accepted", "Progressing", "Started"},
          {"DatasetInitialized", "ModelInitialized", "Trained", "Running", "Restarting"},
          {"StartupPolicyCompleted", "Started", "Running", "Progressing", "Trained"},
          {"Trained", "Started", "Initialized", "ComponentsCreated", "Running"}};
}

}  // namespace

TEST_CASE("no policies (nullptr or an empty set): every profile's output is byte-identical on every scenario",
          "[policies][scenarios]") {
  const policy_set empty;
  const auto files = scenario_files();
  REQUIRE(files.size() >= 10);
  std::vector<profile> profiles(std::begin(trainjob::all_profiles), std::end(trainjob::all_profiles));
  profiles.push_back(profile::v1_9);
  std::size_t compared = 0;
  for (const auto& f : files) {
    const auto s = load_scenario(f);
    for (auto prof : profiles) {
      INFO(f.filename().string() << " " << trainjob::to_string(prof));
      const auto without = replay_lines(s, prof, nullptr);
      const auto with_empty = replay_lines(s, prof, &empty);
      CHECK(without == with_empty);
      compared += without.size();
      // And both are what the recorded expectations say (the tool's lines).
      const fs::path expected =
          f.parent_path() /
          (f.stem().string() + "." + std::string(trainjob::to_string(prof)) + ".expected.jsonl");
      if (!fs::exists(expected)) continue;
      trainjob::replay_options o;
      o.profile = prof;
      o.policies = &empty;
      std::istringstream lines(read_text(expected));
      std::string line;
      for (const auto& step : trainjob::replay(s, o)) {
        REQUIRE(std::getline(lines, line));
        CHECK(trainjob::dump(trainjob::to_json_line(step)) == line);
      }
    }
  }
  CHECK(compared > 50);
}

TEST_CASE("with five policies: a valid status of at most 8 conditions, and a repeated pass changes nothing",
          "[policies][scenarios]") {
  const auto files = scenario_files();
  std::set<std::string> reasons_seen;
  for (const auto& names : five_policy_sets()) {
    const policy_set set = set_of(names);
    for (const auto& f : files) {
      for (bool attach_runtime : {false, true}) {
        const auto s = doubled(attach_runtime ? with_runtime(load_scenario(f)) : load_scenario(f));
        for (auto prof : trainjob::all_profiles) {
          INFO(f.filename().string() << " " << trainjob::to_string(prof) << " runtime=" << attach_runtime
                                     << " policies=" << names[0] << "...");
          trainjob::replay_options o;
          o.profile = prof;
          const auto base = trainjob::replay(s, o);
          o.policies = &set;
          const auto steps = trainjob::replay(s, o);
          REQUIRE(steps.size() == base.size());
          for (std::size_t i = 0; i < steps.size(); ++i) {
            INFO("step " << i << ": " << trainjob::dump(nlohmann::json(steps[i].result)));
            const auto& conds = steps[i].result.status.conditions;
            CHECK(conds.size() <= 8);
            const auto violations = trainjob::validate_conditions(conds);
            for (const auto& v : violations) INFO(v.to_string());
            CHECK(violations.empty());
            CHECK(trainjob::validate(steps[i].trainjob).empty());
            for (const auto& e : steps[i].result.errors)
              CHECK(e.rfind("condition policy", 0) == std::string::npos);
            // The built-in conditions are exactly the profile's, in the same order.
            std::vector<condition> builtin;
            for (const auto& c : conds) {
              if (c.type == "Complete" || c.type == "Failed" || c.type == "Suspended") builtin.push_back(c);
            }
            CHECK(builtin == base[i].result.status.conditions);
            CHECK(steps[i].result.errors == base[i].result.errors);
            CHECK(steps[i].result.events == base[i].result.events);
            CHECK(steps[i].result.apply_objects == base[i].result.apply_objects);
            CHECK(steps[i].result.delete_job_set == base[i].result.delete_job_set);
            // Odd steps repeat the one before: no change, unless the profile itself changes
            // something (or the pass before deleted the JobSet, so the repeat sees it gone).
            // At most the order may move (v2.1-v2.3 re-append Failed; see the  case).
            if (i % 2 == 1 && !base[i].result.changed && !base[i - 1].result.delete_job_set &&
                steps[i].result.changed) {
              CHECK(by_type(steps[i].result.status) == by_type(steps[i - 1].result.status));
            }
            for (const auto& c : conds) reasons_seen.insert(c.type + "/" + c.reason);
          }
        }
      }
    }
  }
  // The replays reach the interesting branches, not just the defaults.
  for (std::string r :
       {"Started/Started", "Started/Suspended", "Started/Initializing", "Running/Running", "Running/Finished",
        "Trained/Succeeded", "Trained/Failed", "Trained/Stopped", "Progressing/DeadlineExceeded",
        "Progressing/Completed", "ComponentsCreated/ApplyFailed", "Accepted/RuntimeNotSupported",
        "DatasetInitialized/Succeeded"}) {
    INFO(r);
    CHECK(reasons_seen.count(r) == 1);
  }
}

TEST_CASE("a timeline: torch-complete with the runtime and five policies", "[policies][scenarios]") {
  auto s = with_runtime(load_scenario(scenarios_dir() / "torch-complete.json"));
  REQUIRE(s.runtime);
  const std::vector<std::string> names{"DatasetInitialized", "ModelInitialized", "Trained", "Running",
                                       "Started"};
  const policy_set set = set_of(names);
  trainjob::replay_options o;
  o.policies = &set;
  const auto steps = trainjob::replay(s, o);
  // Each step: the policies' conditions in the set's order, then the built-in ones in theirs.
  std::vector<std::string> rows;
  for (const auto& st : steps) {
    std::string row;
    auto add = [&row](const condition& c) {
      row += (row.empty() ? "" : " ") + c.type + "=" + std::string(trainjob::to_string(c.status)) + "(" +
             c.reason + ")";
    };
    for (const auto& n : names) {
      if (const condition* c = trainjob::conditions::find(st.result.status.conditions, n)) add(*c);
    }
    for (const auto& c : st.result.status.conditions) {
      if (std::find(names.begin(), names.end(), c.type) == names.end()) add(c);
    }
    rows.push_back(row);
  }
  INFO(trainjob::format_timeline(steps));
  REQUIRE(rows.size() == 7);
  CHECK(rows[0] ==  // suspended; the JobSet just created: its steps from the runtime
        "DatasetInitialized=False(Pending) ModelInitialized=False(Pending) Trained=False(Pending) "
        "Running=False(Suspended) Started=False(Suspended) Suspended=True(Suspended)");
  CHECK(rows[2] ==  // resumed
        "DatasetInitialized=False(Pending) ModelInitialized=False(Pending) Trained=False(Pending) "
        "Running=False(Pending) Started=False(Initializing) Suspended=False(Resumed)");
  CHECK(rows[3] ==  // the initializers run
        "DatasetInitialized=False(Running) ModelInitialized=False(Running) Trained=False(Pending) "
        "Running=False(Pending) Started=False(Initializing) Suspended=False(Resumed)");
  CHECK(rows[4] ==  // the trainer runs
        "DatasetInitialized=True(Succeeded) ModelInitialized=True(Succeeded) Trained=False(Running) "
        "Running=True(Running) Started=True(Started) Suspended=False(Resumed)");
  CHECK(rows[5] ==  // the JobSet completed
        "DatasetInitialized=True(Succeeded) ModelInitialized=True(Succeeded) Trained=True(Succeeded) "
        "Running=False(Finished) Started=True(Started) Suspended=False(Resumed) "
        "Complete=True(AllJobsCompleted)");
  CHECK(rows[6] == rows[5]);
  CHECK_FALSE(steps[6].result.changed);
  // The policies' conditions moved only when their status did.
  const condition* started = trainjob::conditions::find(steps[6].result.status.conditions, "Started");
  REQUIRE(started != nullptr);
  CHECK(started->last_transition_time == steps[4].now);
}

// Needs the run_policies change proposed with this file: a new policy condition is inserted
// before the controller's own conditions (Complete, Failed, Suspended, Created) instead of
// appended. Without it, a policy condition first written in the pass that derives Failed lands
// after Failed: the State column shows the policy's type, and v2.1-v2.3 (which remove Failed and
// append it again on every pass) reorder the list on the next pass, one extra status write.
TEST_CASE("policies never change a non-empty State column, nor reorder on a repeated pass",
          "[policies][scenarios]") {
  for (const auto& names : five_policy_sets()) {
    const policy_set set = set_of(names);
    for (const auto& f : scenario_files()) {
      const auto s = doubled(with_runtime(load_scenario(f)));
      for (auto prof : trainjob::all_profiles) {
        INFO(f.filename().string() << " " << trainjob::to_string(prof) << " policies=" << names[0] << "...");
        trainjob::replay_options o;
        o.profile = prof;
        const auto base = trainjob::replay(s, o);
        o.policies = &set;
        const auto steps = trainjob::replay(s, o);
        REQUIRE(steps.size() == base.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
          INFO("step " << i << ": " << trainjob::dump(nlohmann::json(steps[i].result)));
          const std::string state = trainjob::state_column(base[i].result.status);
          if (!state.empty()) CHECK(trainjob::state_column(steps[i].result.status) == state);
          if (i % 2 == 1 && !base[i].result.changed && !base[i - 1].result.delete_job_set) {
            CHECK_FALSE(steps[i].result.changed);
          }
        }
      }
    }
  }
}
