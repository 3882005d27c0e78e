// Tests for trainjob/steps.hpp: step_states, the per-step state (Pending, Running, Succeeded,
// Failed) of a JobSet's replicated jobs, grouped into steps by the trainjob-ancestor-step label
// of the JobSet's spec or the runtime's template (else by upstream's names), with replicas from
// the spec; and that no spec, however wrong, makes it throw.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "runtimes.hpp"

TEST_CASE("step_phase names", "[steps]") {
  CHECK(trainjob::to_string(step_phase::pending) == "Pending");
  CHECK(trainjob::to_string(step_phase::running) == "Running");
  CHECK(trainjob::to_string(step_phase::succeeded) == "Succeeded");
  CHECK(trainjob::to_string(step_phase::failed) == "Failed");
}

TEST_CASE("step_states: labels from the JobSet's spec (torchtune), in step order, with counts", "[steps]") {
  // Status order differs from step order on purpose.
  job_set_builder b("job");
  b.replicated_job("node", {0, 0, 0, 0, 1})
      .replicated_job("model-initializer", {1, 0, 0, 1, 0})
      .replicated_job("dataset-initializer", {0, 1, 0, 0, 0});
  const job_set js = jobset_from(torchtune(), b);
  const auto steps = trainjob::step_states(js);
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].step == "dataset-initializer");
  CHECK(steps[0].phase == step_phase::succeeded);
  CHECK(steps[0].replicated_jobs == std::vector<std::string>{"dataset-initializer"});
  CHECK(steps[1].step == "model-initializer");
  CHECK(steps[1].phase == step_phase::running);
  CHECK(steps[1].ready == 1);
  CHECK(steps[1].active == 1);
  CHECK(steps[2].step == "trainer");
  CHECK(steps[2].phase == step_phase::pending);
  CHECK(steps[2].suspended == 1);
  CHECK(steps[2].replicated_jobs == std::vector<std::string>{"node"});
  for (const auto& s : steps) CHECK(s.replicas == 1);

  const nlohmann::json j = steps[1];
  CHECK(
      trainjob::dump(j) ==
      R"({"active":1,"failed":0,"phase":"Running","ready":1,"replicas":1,"replicatedJobs":["model-initializer"],)"
      R"("step":"model-initializer","succeeded":0,"suspended":0})");
}

TEST_CASE("step_states: replicas from the JobSet spec (default 1) decide Succeeded", "[steps]") {
  job_set js =
      jobset_from(torch_with_dataset_init(), job_set_builder("job")
                                                 .replicated_job("dataset-initializer", {0, 1, 0, 0, 0})
                                                 .replicated_job("node", {2, 2, 0, 2, 0}));
  // The runtime says dataset-initializer replicas 1 and node nothing (1); make node 4.
  js.spec["replicatedJobs"][1]["replicas"] = 4;
  auto steps = trainjob::step_states(js);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].step == "dataset-initializer");
  CHECK(steps[0].replicas == 1);
  CHECK(steps[0].phase == step_phase::succeeded);
  CHECK(steps[1].step == "trainer");
  CHECK(steps[1].replicas == 4);
  CHECK(steps[1].phase == step_phase::running);  // 2 of 4 succeeded
  js.status.replicated_jobs_status[1].succeeded = 4;
  steps = trainjob::step_states(js);
  CHECK(steps[1].phase == step_phase::succeeded);
}

TEST_CASE("step_states: labels from the runtime when the JobSet's spec lacks them, else by name", "[steps]") {
  // A runtime whose dataset step has a name upstream never uses: only its label says what it is.
  nlohmann::json rt_json = trainjob::encode(torchtune());
  rt_json["spec"]["template"]["spec"]["replicatedJobs"][0]["name"] = "fetch-data";
  const training_runtime rt = runtime_from_json(rt_json);
  job_set js = job_set_builder("job")
                   .replicated_job("fetch-data", RUNNING)
                   .replicated_job("model-initializer", PENDING)
                   .replicated_job("node", PENDING)
                   .build();  // no spec: a JobSet read without it

  SECTION("from the runtime") {
    const auto steps = trainjob::step_states(js, &rt);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].step == "dataset-initializer");
    CHECK(steps[0].replicated_jobs == std::vector<std::string>{"fetch-data"});
    CHECK(steps[0].phase == step_phase::running);
    CHECK(steps[1].step == "model-initializer");
    CHECK(steps[2].step == "trainer");
  }
  SECTION("without the runtime: upstream's names, and an unknown name is its own step, last") {
    const auto steps = trainjob::step_states(js);
    REQUIRE(steps.size() == 3);
    CHECK(steps[0].step == "model-initializer");
    CHECK(steps[1].step == "trainer");
    CHECK(steps[2].step == "fetch-data");
  }
  SECTION("the JobSet's own label wins over the runtime's") {
    js.spec = rt.spec.template_.spec;
    js.spec["replicatedJobs"][0]["template"]["metadata"]["labels"]
           [std::string(trainjob::ancestor_step_label)] = "model-initializer";
    const auto steps = trainjob::step_states(js, &rt);
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].step == "model-initializer");
    CHECK(steps[0].replicated_jobs == std::vector<std::string>{"fetch-data", "model-initializer"});
    CHECK(steps[0].replicas == 2);
    CHECK(steps[0].phase == step_phase::running);
    CHECK(steps[1].step == "trainer");
  }
  SECTION("a JobSet without spec or status: the runtime's replicated jobs, all pending") {
    const job_set fresh = job_set_builder("job").build();
    CHECK(trainjob::step_states(fresh).empty());
    const auto steps = trainjob::step_states(fresh, &rt);
    REQUIRE(steps.size() == 3);
    for (const auto& s : steps) CHECK(s.phase == step_phase::pending);
  }
}

TEST_CASE("step_states: MPI (deepspeed) puts the unlabelled node with the launcher in the trainer step",
          "[steps]") {
  job_set js =
      jobset_from(deepspeed(),
                  job_set_builder("job").replicated_job("node", RUNNING).replicated_job("launcher", RUNNING));
  auto steps = trainjob::step_states(js);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].step == "trainer");
  CHECK(steps[0].replicated_jobs == std::vector<std::string>{"node", "launcher"});
  CHECK(steps[0].replicas == 2);
  CHECK(steps[0].ready == 2);
  CHECK(steps[0].phase == step_phase::running);

  // The success policy targets the launcher: the JobSet completes with the node still active.
  js.status.replicated_jobs_status[1] = trainjob::replicated_job_status{};
  js.status.replicated_jobs_status[1].name = "launcher";
  js.status.replicated_jobs_status[1].succeeded = 1;
  steps = trainjob::step_states(js);
  CHECK(steps[0].phase == step_phase::running);
  js.status.conditions.push_back(
      cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully"));
  steps = trainjob::step_states(js);
  CHECK(steps[0].phase == step_phase::succeeded);
}

TEST_CASE("step_states: Failed needs a failed JobSet; retries in a running JobSet are not failures",
          "[steps]") {
  job_set js = torchtune_js(DONE, DONE, {1, 0, 1, 1, 0});
  CHECK(trainjob::step_states(js)[2].phase == step_phase::running);
  js.status.terminal_state = "Failed";  // terminalState alone suffices
  CHECK(trainjob::step_states(js)[2].phase == step_phase::failed);
  CHECK(trainjob::step_states(js)[0].phase == step_phase::succeeded);
  js.status.terminal_state.clear();
  js.status.conditions.push_back(cond("Failed", "True", "FailedJobs", "x"));
  CHECK(trainjob::step_states(js)[2].phase == step_phase::failed);
  // A step with no failures in a failed JobSet is where it was.
  const job_set stopped =
      torchtune_js(FAILED, PENDING, PENDING, job_set_builder("job").failed("2025-01-01T00:30:00Z"));
  const auto steps = trainjob::step_states(stopped);
  CHECK(steps[0].phase == step_phase::failed);
  CHECK(steps[1].phase == step_phase::pending);
  CHECK(steps[2].phase == step_phase::pending);
}

TEST_CASE("step_states: upstream JobSets without labels keep their own step names", "[steps]") {
  const auto js =
      trainjob::decode<job_set>(read_json(data_dir() / "upstream" / "jobset__JobSet__failure-policy.json"));
  const auto steps = trainjob::step_states(js);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].step == "leader");
  CHECK(steps[1].step == "workers");
  for (const auto& s : steps) CHECK(s.phase == step_phase::pending);
  const auto paralleljobs =
      trainjob::decode<job_set>(read_json(data_dir() / "upstream" / "jobset__JobSet__paralleljobs.json"));
  const auto p = trainjob::step_states(paralleljobs);
  REQUIRE(p.size() == 2);
  CHECK(p[0].step == "workers");
  CHECK(p[0].replicas == 1);  // replicas absent: 1
}

TEST_CASE("step_states: any spec JSON, however wrong, never throws", "[steps]") {
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  const std::vector<std::string> specs = {
      "null",
      "42",
      "\"text\"",
      "[]",
      "{}",
      R"({"replicatedJobs": 7})",
      R"({"replicatedJobs": {"name": "node"}})",
      R"({"replicatedJobs": [1, null, "a", [], {}, {"name": 5}, {"name": ""}, {"name": null}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": "3"}, {"name": "node", "replicas": 9}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": -1}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": 1e30}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": 2.5}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": 18446744073709551615}]})",
      R"({"replicatedJobs": [{"name": "node", "replicas": 2147483648}]})",
      R"({"replicatedJobs": [{"name": "node", "template": []}]})",
      R"({"replicatedJobs": [{"name": "node", "template": {"metadata": "x"}}]})",
      R"({"replicatedJobs": [{"name": "node", "template": {"metadata": {"labels": []}}}]})",
      R"({"replicatedJobs": [{"name": "node", "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": 7}}}}]})",
      R"({"replicatedJobs": [{"name": "node", "template": {"metadata": {"labels": {"trainer.kubeflow.org/trainjob-ancestor-step": ""}}}}]})",
      R"({"replicatedJobs": [{"name": "node", "x": )" + deep + "}]}",
  };
  for (const auto& text : specs) {
    INFO(text);
    auto parsed = trainjob::parse_json(text);
    REQUIRE(parsed.ok());
    job_set js = job_set_builder("job").replicated_job("node", RUNNING).replicated_job("", RUNNING).build();
    js.spec = *parsed;
    training_runtime rt;
    rt.spec.template_.spec = *parsed;
    std::vector<step_state> steps;
    CHECK_NOTHROW(steps = trainjob::step_states(js, &rt));
    // The status's "node" is always there, in the trainer step, with 1 replica (or 9 when
    // a later entry says so: the first entry of a name counts, and its "3" is no number).
    REQUIRE(!steps.empty());
    const step_state* t = trainjob::find_step(steps, "trainer");
    REQUIRE(t != nullptr);
    CHECK(t->replicas == 1);
    CHECK(t->phase == step_phase::running);
  }
  SECTION("huge replicas are clamped, not wrapped") {
    job_set js = job_set_builder("job").build();
    js.spec = nlohmann::json::parse(R"({"replicatedJobs": [{"name": "node", "replicas": 2147483647},
                                                          {"name": "launcher", "replicas": 2147483647}]})");
    const auto steps = trainjob::step_states(js);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].replicas == std::numeric_limits<std::int32_t>::max());
  }
  SECTION("negative counts in a broken status are not added") {
    job_set js = job_set_builder("job").replicated_job("node", {-5, -5, -5, -5, -5}).build();
    const auto steps = trainjob::step_states(js);
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].ready == 0);
    CHECK(steps[0].failed == 0);
    CHECK(steps[0].phase == step_phase::pending);
  }
}
