// Tests for trainjob::decode_request (trainjob/request.hpp), the one decoder of
// a pass's input: its members and rules, and that batch lines and scenarios
// read them the same way.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "trainjob/batch.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/request.hpp"
#include "trainjob/scenario.hpp"

namespace {

json a_train_job() {
  return json::parse(R"({"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",
    "metadata":{"name":"a","namespace":"ns","creationTimestamp":"2025-01-01T00:00:00Z"},
    "spec":{"runtimeRef":{"name":"torch-distributed"}}})");
}

json a_job_set() {
  return json::parse(R"({"apiVersion":"jobset.x-k8s.io/v1alpha2","kind":"JobSet","metadata":{"name":"a"},
    "status":{"replicatedJobsStatus":[{"name":"node","ready":1,"succeeded":0,"failed":0,"active":1,"suspended":0}]}})");
}

std::string error_of(const json& j) {
  const auto r = trainjob::try_decode_request(j);
  REQUIRE_FALSE(r);
  return r.error().to_string();
}

}  // namespace

TEST_CASE("decode_request: every member") {
  json j = {
      {"trainjob", a_train_job()},
      {"jobset", a_job_set()},
      {"now", "2025-01-01T00:01:00Z"},
      {"applyError", "boom"},
      {"buildError", "bad"},
      {"runtime", {{"apiVersion", "trainer.kubeflow.org/v1alpha1"}, {"kind", "ClusterTrainingRuntime"}}}};
  const trainjob::request r = trainjob::decode_request(j);
  CHECK(r.trainjob.metadata.name == "a");
  REQUIRE(r.jobset);
  CHECK(r.jobset->status.replicated_jobs_status.size() == 1);
  CHECK(r.now.to_string() == "2025-01-01T00:01:00Z");
  CHECK(r.apply_error == "boom");
  CHECK(r.build_error == "bad");
  REQUIRE(r.runtime);
  const trainjob::observation obs = r.observe();
  CHECK(&obs.trainjob == &r.trainjob);
  CHECK(obs.jobset == &*r.jobset);
  CHECK(obs.apply_error == std::string_view("boom"));
  CHECK(obs.build_error == std::string_view("bad"));
  CHECK(obs.runtime == &*r.runtime);
}

TEST_CASE("decode_request: absent and null") {
  json j = {{"trainjob", a_train_job()}, {"now", "2025-01-01T00:01:00Z"}};
  auto r = trainjob::decode_request(j);
  CHECK_FALSE(r.jobset);  // absent: NotFound
  CHECK_FALSE(r.apply_error);
  CHECK_FALSE(r.runtime);
  for (const char* key : {"jobset", "applyError", "buildError", "runtime"}) {
    INFO(key);
    j[key] = nullptr;
    r = trainjob::decode_request(j);
    CHECK(r.observe().jobset == nullptr);
    CHECK_FALSE(r.apply_error);
    CHECK_FALSE(r.build_error);
    CHECK_FALSE(r.runtime);
  }
}

TEST_CASE("decode_request: errors name the member") {
  const json tj = a_train_job();
  CHECK(error_of(json::array()) == "expected a request object with \"trainjob\" and \"now\", got an array");
  CHECK(error_of({{"now", "2025-01-01T00:00:00Z"}}) == "trainjob: required field is missing");
  CHECK(error_of({{"trainjob", tj}}) == "now: required field is missing");
  CHECK(error_of({{"trainjob", nullptr}, {"now", "2025-01-01T00:00:00Z"}}) == "trainjob: required, got null");
  CHECK(error_of({{"trainjob", tj}, {"now", nullptr}}) == "now: required, got null");
  CHECK(
      error_of({{"trainjob", tj}, {"now", "2025-01-01T00:00:00Z"}, {"jobSet", nullptr}}) ==
      "jobSet: unknown member: expected \"trainjob\", \"jobset\", \"now\", \"applyError\", \"buildError\" or "
      "\"runtime\"");
  CHECK(error_of({{"trainjob", tj}, {"now", "2025-01-01T00:00:00Z"}, {"applyError", 3}})
            .rfind("applyError: ", 0) == 0);
  json bad = tj;
  bad["spec"]["runtimeRef"]["name"] = 7;
  CHECK(error_of({{"trainjob", bad}, {"now", "2025-01-01T00:00:00Z"}})
            .rfind("trainjob.spec.runtimeRef.name: ", 0) == 0);
}

TEST_CASE("decode_request: the runtime's kind chooses its type") {
  const json base = {{"trainjob", a_train_job()}, {"now", "2025-01-01T00:00:00Z"}};
  json j = base;
  j["runtime"] = {{"kind", "TrainingRuntime"}, {"metadata", {{"name", "t"}}}};
  CHECK(trainjob::decode_request(j).runtime->metadata.name == "t");
  j["runtime"] = {{"metadata", {{"name", "u"}}}};  // no kind: a TrainingRuntime
  CHECK(trainjob::decode_request(j).runtime->metadata.name == "u");
  j["runtime"] = {{"kind", "ClusterTrainingRuntime"}, {"metadata", {{"name", "c"}}}};
  CHECK(trainjob::decode_request(j).runtime->metadata.name == "c");
  j["runtime"] = {{"kind", "JobSet"}};
  CHECK(error_of(j) ==
        "runtime.kind: expected \"TrainingRuntime\" or \"ClusterTrainingRuntime\", got \"JobSet\"");
  j["runtime"] = "x";
  CHECK(error_of(j).rfind("runtime: expected ", 0) == 0);
}

TEST_CASE("A batch line takes every request member, as reconcile() does") {
  for (trainjob::profile p : trainjob::every_profile) {
    INFO(trainjob::to_string(p));
    trainjob::reconcile_options opts;
    opts.profile = p;
    for (const char* key : {"applyError", "buildError"}) {
      INFO(key);
      const json j = {{"trainjob", a_train_job()},
                      {"jobset", a_job_set()},
                      {"now", "2025-01-01T00:01:00Z"},
                      {key, "100% %d"}};
      const trainjob::request r = trainjob::decode_request(j);
      const std::string want =
          trainjob::dump(trainjob::detail::result_json(trainjob::reconcile(r.observe(), opts)));
      trainjob::batch_processor proc(opts);
      std::string out;
      REQUIRE(proc.process(trainjob::dump(j), 1, out) == trainjob::line_result::ok);
      CHECK(out == want);
      CHECK(out.find("100%") != std::string::npos);  // the error reached the pass
    }
  }
}

TEST_CASE("A scenario step decodes its members by the request's rules") {
  json s = {{"trainjob", a_train_job()},
            {"runtime", nullptr},
            {"steps",
             json::array({{{"now", "2025-01-01T00:01:00Z"}, {"applyError", nullptr}},
                          {{"now", "2025-01-01T00:02:00Z"}, {"applyError", "boom"}, {"jobset", nullptr}}})}};
  const trainjob::scenario sc = trainjob::decode_scenario(s);
  CHECK_FALSE(sc.runtime);
  REQUIRE(sc.steps.size() == 2);
  CHECK_FALSE(sc.steps[0].apply_error);  // null is absent, as in a request
  CHECK(sc.steps[1].apply_error == "boom");
  CHECK(sc.steps[1].sets_jobset);
  CHECK_FALSE(sc.steps[1].jobset);
  s["runtime"] = {{"kind", "JobSet"}};
  const auto bad = trainjob::try_decode_scenario(s);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().to_string() ==
        "runtime.kind: expected \"TrainingRuntime\" or \"ClusterTrainingRuntime\", got \"JobSet\"");
}
