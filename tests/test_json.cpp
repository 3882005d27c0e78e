// Tests for the Kubernetes JSON codec: upstream fixtures, losslessness, encoding rules, errors.
#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "trainjob/detail/quote.hpp"

namespace {

/// The file as trainjob::parse_json reads it, which must accept it.
json parse_file(const fs::path& p) {
  auto r = trainjob::parse_json(read_text(p));
  INFO(p.string() << ": " << r.error().to_string());
  REQUIRE(r.ok());
  return *r;
}

/// Every regular file under `dir` (recursively), sorted, so each one is exercised.
std::vector<fs::path> list_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The error a decode threw, checking that the non-throwing form reports the same.
template <class T>
trainjob::error_info decode_failure(const json& j) {
  const auto r = trainjob::try_decode<T>(j);
  REQUIRE_FALSE(r.ok());
  REQUIRE_FALSE(static_cast<bool>(r));
  bool threw = false;
  try {
    (void)trainjob::decode<T>(j);
  } catch (const decode_error& e) {
    threw = true;
    CHECK(e.path() == r.error().path);
    CHECK(e.message() == r.error().message);
    CHECK(std::string(e.what()) == r.error().to_string());
  }
  CHECK(threw);
  // value() on the error result throws the same decode_error.
  REQUIRE_THROWS_AS(r.value(), decode_error);
  try {
    (void)r.value();
  } catch (const decode_error& e) {
    CHECK(e.path() == r.error().path);
    CHECK(e.message() == r.error().message);
  }
  return r.error();
}

template <class T>
void check_fixture_as(const json& j, std::string_view kind) {
  // Through the generic entry point.
  const auto objects = trainjob::decode_objects(j);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0].path.empty());
  CHECK(trainjob::kind_of(objects[0].object) == kind);
  REQUIRE(std::holds_alternative<T>(objects[0].object));
  CHECK(trainjob::encode(objects[0].object) == j);
  CHECK(trainjob::metadata_of(objects[0].object).name == j.at("metadata").at("name").get<std::string>());

  // Through the specific type.
  const T x = trainjob::decode<T>(j);
  CHECK(x == std::get<T>(objects[0].object));
  CHECK(x.kind == kind);
  const json out = trainjob::encode(x);
  CHECK(out == j);
  if (out != j) {
    INFO("diff: " << json::diff(j, out).dump());
    CHECK(false);
  }
  const T again = trainjob::decode<T>(out);
  CHECK(again == x);
  CHECK(trainjob::encode(again) == out);
  CHECK(trainjob::try_decode<T>(j).ok());

  // nlohmann's ADL hooks give the same results.
  CHECK(j.get<T>() == x);
  CHECK(json(x) == j);

  // Any other top-level type rejects it at `kind`.
  if constexpr (!std::is_same_v<T, trainjob::train_job>) {
    const auto e = decode_failure<trainjob::train_job>(j);
    CHECK(e.path == "kind");
    CHECK_THAT(e.message, trainjob_test::contains_substring("not a TrainJob"));
  } else {
    const auto e = decode_failure<trainjob::job_set>(j);
    CHECK(e.path == "kind");
    CHECK_THAT(e.message, trainjob_test::contains_substring("not a JobSet"));
  }
}

}  // namespace

TEST_CASE("json: every upstream fixture decodes and re-encodes exactly", "[json][fixtures]") {
  const fs::path dir = data_dir() / "upstream";
  REQUIRE(fs::is_directory(dir));
  std::map<std::string, int> kinds;
  for (const auto& path : list_files(dir)) {
    INFO("fixture: " << path.filename().string());
    const json j = parse_file(path);
    REQUIRE(j.is_object());
    const std::string kind = j.value("kind", std::string());
    ++kinds[kind];
    if (kind == "TrainJob") {
      check_fixture_as<trainjob::train_job>(j, kind);
    } else if (kind == "TrainingRuntime") {
      check_fixture_as<trainjob::training_runtime>(j, kind);
    } else if (kind == "ClusterTrainingRuntime") {
      check_fixture_as<trainjob::cluster_training_runtime>(j, kind);
    } else if (kind == "JobSet") {
      check_fixture_as<trainjob::job_set>(j, kind);
    } else {
      CHECK(kind == "CustomResourceDefinition");
      CHECK(path.parent_path().filename().string() == "crds");
      bool threw = false;
      try {
        (void)trainjob::decode_objects(j);
      } catch (const decode_error& e) {
        threw = true;
        CHECK(e.path() == "kind");
        CHECK_THAT(e.message(), trainjob_test::contains_substring("CustomResourceDefinition"));
      }
      CHECK(threw);
      const auto r = trainjob::try_decode_objects(j);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().path == "kind");
      CHECK_THAT(r.error().message, trainjob_test::contains_substring("CustomResourceDefinition"));
      const auto e1 = decode_failure<trainjob::train_job>(j);
      CHECK(e1.path == "kind");
      CHECK_THAT(e1.message, trainjob_test::contains_substring("CustomResourceDefinition"));
      CHECK(decode_failure<trainjob::cluster_training_runtime>(j).path == "kind");
      CHECK(decode_failure<trainjob::job_set>(j).path == "kind");
    }
  }
  // Every file was seen: a lost fixture fails here.
  CHECK(kinds["TrainJob"] == 7);
  CHECK(kinds["TrainingRuntime"] == 1);
  CHECK(kinds["ClusterTrainingRuntime"] == 11);
  CHECK(kinds["JobSet"] == 10);
  CHECK(kinds["CustomResourceDefinition"] == 2);
  CHECK(kinds.size() == 5);
}

TEST_CASE("json: a List of fixtures decodes item by item", "[json][fixtures]") {
  const fs::path dir = data_dir() / "upstream";
  json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", json::array()}};
  for (const auto& path : list_files(dir)) {
    if (path.parent_path().filename().string() != "crds") list["items"].push_back(parse_file(path));
  }
  REQUIRE(list["items"].size() == 29);
  const auto objects = trainjob::decode_objects(list);
  REQUIRE(objects.size() == 29);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    CHECK(objects[i].path == "items[" + std::to_string(i) + "]");
    CHECK(trainjob::encode(objects[i].object) == list["items"][i]);
  }
  list["kind"] = "TrainJobList";
  CHECK(trainjob::decode_objects(list).size() == 29);

  list["items"][3]["kind"] = "Pod";
  const auto r = trainjob::try_decode_objects(list);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "items[3].kind");
  list["items"] = json::object();
  const auto r2 = trainjob::try_decode_objects(list);
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.error().path == "items");
  CHECK(r2.error().message == "expected an array, got an object");
}

// ---- losslessness ----------------------------------------------------------------------------

namespace {

const char* const lossless_train_job = R"json({
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "topLevelFuture": {"a": [1, 2, {"b": null}]},
  "topLevelNull": null,
  "metadata": {
    "name": "lossless",
    "namespace": "default",
    "uid": "3b1c7f0e-0000-4000-8000-000000000001",
    "resourceVersion": "42",
    "generation": 3,
    "generateName": "",
    "creationTimestamp": "2024-05-01T08:00:00Z",
    "deletionTimestamp": null,
    "labels": {"app.kubernetes.io/name": "trainer", "empty": ""},
    "annotations": {},
    "finalizers": [],
    "ownerReferences": [],
    "managedFields": [
      {"apiVersion": "trainer.kubeflow.org/v1alpha1", "fieldsType": "FieldsV1",
       "fieldsV1": {"f:spec": {"f:trainer": {".": {}, "f:numNodes": {}}}}, "manager": "kubectl",
       "operation": "Update", "time": "2024-05-01T08:00:00.123Z"}
    ],
    "metadataFuture": 7
  },
  "spec": {
    "runtimeRef": {"name": "torch-distributed", "apiGroup": "trainer.kubeflow.org",
                   "kind": "ClusterTrainingRuntime", "runtimeRefFuture": true},
    "trainer": {"image": "docker.io/pytorch", "numNodes": 2, "command": [], "args": ["--epochs", "3"],
                "env": null, "resourcesPerNode": {}, "numProcPerNode": "auto", "trainerFuture": "x"},
    "initializer": null,
    "suspend": false,
    "managedBy": "trainer.kubeflow.org/trainjob-controller",
    "labels": {},
    "podTemplateOverrides": [],
    "runtimePatches": [{"manager": "someone", "trainingRuntimeSpec": {}}],
    "activeDeadlineSeconds": 3600,
    "specFuture": {"nested": {"deep": [null, [], {}]}}
  },
  "status": {
    "conditions": [
      {"type": "Created", "status": "True", "reason": "JobsCreated", "message": "created",
       "lastTransitionTime": "2024-05-01T08:00:00Z", "observedGeneration": 0, "conditionFuture": {"x": 1}},
      {"type": "Suspended", "status": "False", "reason": "Resumed", "message": "",
       "lastTransitionTime": "2024-05-01T08:00:01Z", "observedGeneration": 3, "other": null},
      {"type": "Complete", "status": "Unknown", "reason": "Running", "message": "still going",
       "lastTransitionTime": "2024-05-01T08:00:02Z"}
    ],
    "jobsStatus": [
      {"name": "node", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0, "jobFuture": "y"},
      {"name": "dataset-initializer", "ready": 0, "succeeded": 1, "failed": 0, "active": 0, "suspended": 0}
    ],
    "trainerStatus": {"progressPercentage": 50, "estimatedRemainingSeconds": 10,
                      "lastUpdatedTime": "2024-05-01T08:00:00.5+00:00"},
    "statusFuture": [1, "two", null]
  }
})json";

const char* const lossless_job_set = R"json({
  "apiVersion": "jobset.x-k8s.io/v1alpha2",
  "kind": "JobSet",
  "jobSetFuture": {"k": "v"},
  "metadata": {"name": "js", "namespace": "default", "managedFields": [], "labels": null, "metaFuture": [1]},
  "spec": {"replicatedJobs": [{"name": "workers", "replicas": 2, "template": {}}], "suspend": false},
  "status": {
    "conditions": [
      {"type": "StartupPolicyCompleted", "status": "True", "reason": "AllReplicatedJobsStarted",
       "message": "", "lastTransitionTime": "2024-05-01T08:00:00Z", "observedGeneration": 0}
    ],
    "restarts": 0,
    "restartsCountTowardsMax": 0,
    "terminalState": "",
    "replicatedJobsStatus": [
      {"name": "workers", "ready": 2, "succeeded": 0, "failed": 0, "active": 2, "suspended": 0,
       "rjFuture": {"x": [1]}}
    ],
    "statusFuture": true
  }
})json";

}  // namespace

TEST_CASE("json: decode -> encode is lossless at every level", "[json][lossless]") {
  SECTION("TrainJob unchanged") {
    const json in = json::parse(lossless_train_job);
    const auto tj = trainjob::decode<trainjob::train_job>(in);
    // The modelled parts really were read (not everything stashed as unknown).
    CHECK(tj.metadata.generation == 3);
    CHECK(tj.metadata.labels.at("app.kubernetes.io/name") == "trainer");
    CHECK(tj.spec.runtime_ref.name == "torch-distributed");
    REQUIRE(tj.spec.trainer.has_value());
    CHECK(tj.spec.trainer->num_nodes == 2);
    CHECK(tj.spec.suspend == false);
    CHECK(tj.spec.active_deadline_seconds == 3600);
    REQUIRE(tj.status.conditions.size() == 3);
    CHECK(tj.status.conditions[1].observed_generation == 3);
    CHECK(tj.status.conditions[1].status == condition_status::false_);
    REQUIRE(tj.status.jobs_status.size() == 2);
    CHECK(tj.status.jobs_status[0].ready == 1);
    CHECK(tj.status.trainer_status.at("progressPercentage") == 50);
    CHECK(tj.unknown_fields.contains("topLevelFuture"));
    CHECK(tj.metadata.unknown_fields.contains("metadataFuture"));
    CHECK(tj.spec.unknown_fields.contains("specFuture"));
    CHECK(tj.spec.runtime_ref.unknown_fields.contains("runtimeRefFuture"));
    CHECK(tj.spec.trainer->unknown_fields.contains("trainerFuture"));
    CHECK(tj.status.unknown_fields.contains("statusFuture"));
    CHECK(tj.status.conditions[0].unknown_fields.contains("conditionFuture"));
    CHECK(tj.status.jobs_status[0].unknown_fields.contains("jobFuture"));
    const json out = trainjob::encode(tj);
    INFO("diff: " << json::diff(in, out).dump());
    CHECK(out == in);
    CHECK(trainjob::decode<trainjob::train_job>(out) == tj);
  }
  SECTION("TrainJob after conditions::set on one condition") {
    const json in = json::parse(lossless_train_job);
    auto tj = trainjob::decode<trainjob::train_job>(in);
    condition c;
    c.type = "Suspended";
    c.status = condition_status::true_;
    c.reason = "Suspended";
    c.message = "suspended by the user";
    c.observed_generation = 3;
    REQUIRE(trainjob::conditions::set(tj.status.conditions, c, SET_NOW));
    const json out = trainjob::encode(tj);

    json expected = in;
    auto& e = expected["status"]["conditions"][1];
    e["status"] = "True";
    e["reason"] = "Suspended";
    e["message"] = "suspended by the user";
    e["lastTransitionTime"] = "2024-06-01T00:00:00Z";
    INFO("diff: " << json::diff(expected, out).dump());
    CHECK(out == expected);
  }
  SECTION("TrainJob after conditions::set appends a condition") {
    const json in = json::parse(lossless_train_job);
    auto tj = trainjob::decode<trainjob::train_job>(in);
    condition c;
    c.type = "Failed";
    c.status = condition_status::true_;
    c.reason = "TrainingFailed";
    REQUIRE(trainjob::conditions::set(tj.status.conditions, c, SET_NOW));
    json expected = in;
    expected["status"]["conditions"].push_back({{"type", "Failed"},
                                                {"status", "True"},
                                                {"reason", "TrainingFailed"},
                                                {"message", ""},
                                                {"lastTransitionTime", "2024-06-01T00:00:00Z"}});
    const json out = trainjob::encode(tj);
    INFO("diff: " << json::diff(expected, out).dump());
    CHECK(out == expected);
  }
  SECTION("JobSet after conditions::set") {
    const json in = json::parse(lossless_job_set);
    auto js = trainjob::decode<trainjob::job_set>(in);
    CHECK(trainjob::encode(js) == in);
    REQUIRE(js.status.replicated_jobs_status.size() == 1);
    CHECK(js.status.replicated_jobs_status[0].unknown_fields.contains("rjFuture"));
    condition c;
    c.type = "Completed";
    c.status = condition_status::true_;
    c.reason = "AllJobsCompleted";
    c.message = "jobset completed successfully";
    REQUIRE(trainjob::conditions::set(js.status.conditions, c, SET_NOW));
    json expected = in;
    expected["status"]["conditions"].push_back({{"type", "Completed"},
                                                {"status", "True"},
                                                {"reason", "AllJobsCompleted"},
                                                {"message", "jobset completed successfully"},
                                                {"lastTransitionTime", "2024-06-01T00:00:00Z"}});
    const json out = trainjob::encode(js);
    INFO("diff: " << json::diff(expected, out).dump());
    CHECK(out == expected);
  }
}

namespace {

const char* const base_train_job = R"json({
  "apiVersion": "trainer.kubeflow.org/v1alpha1",
  "kind": "TrainJob",
  "metadata": {"name": "job", "namespace": "ns", "generation": 2, "labels": {"a": "b"}},
  "spec": {
    "runtimeRef": {"name": "torch-distributed"},
    "initializer": {"dataset": {"storageUri": "hf://data"}},
    "trainer": {"image": "img", "numNodes": 2, "command": ["python", "train.py"]}
  },
  "status": {
    "conditions": [
      {"type": "Created", "status": "True", "reason": "JobsCreated", "message": "",
       "lastTransitionTime": "2024-05-01T08:00:00Z"},
      {"type": "Suspended", "status": "False", "reason": "Resumed", "message": "",
       "lastTransitionTime": "2024-05-01T08:00:00Z"},
      {"type": "Complete", "status": "Unknown", "reason": "Running", "message": "",
       "lastTransitionTime": "2024-05-01T08:00:00Z", "observedGeneration": 2}
    ],
    "jobsStatus": [{"name": "node", "ready": 1, "succeeded": 0, "failed": 0, "active": 1, "suspended": 0}]
  }
})json";

struct edit_case {
  const char* pointer;
  const char* value;  // JSON text; nullptr removes the member
};

json edited(const char* base, const edit_case& e) {
  json j = json::parse(base);
  const json::json_pointer p(e.pointer);
  if (e.value == nullptr) {
    j.at(p.parent_pointer()).erase(p.back());
  } else {
    j[p] = json::parse(e.value);
  }
  return j;
}

}  // namespace

TEST_CASE("json: explicit empty values round trip verbatim", "[json][lossless]") {
  const auto e = GENERATE(values<edit_case>({
      {"/metadata/labels", "{}"},
      {"/metadata/labels", "null"},
      {"/metadata/annotations", "{}"},
      {"/metadata/finalizers", "[]"},
      {"/metadata/finalizers", "null"},
      {"/metadata/ownerReferences", "null"},
      {"/metadata/ownerReferences", "[]"},
      {"/metadata/managedFields", "[]"},
      {"/metadata/generation", "0"},
      {"/metadata/name", "\"\""},
      {"/metadata/uid", "null"},
      {"/metadata/creationTimestamp", "null"},
      {"/metadata/deletionTimestamp", "null"},
      {"/metadata", "{}"},
      {"/metadata", "null"},
      {"/apiVersion", "null"},
      {"/kind", "null"},
      {"/spec/runtimeRef/apiGroup", "\"\""},
      {"/spec/runtimeRef/apiGroup", "null"},
      {"/spec/runtimeRef/kind", "\"\""},
      {"/spec/initializer", "null"},
      {"/spec/initializer", "{}"},
      {"/spec/initializer/dataset", "{}"},
      {"/spec/initializer/dataset", "null"},
      {"/spec/initializer/dataset/env", "[]"},
      {"/spec/trainer", "null"},
      {"/spec/trainer", "{}"},
      {"/spec/trainer/numNodes", "0"},
      {"/spec/trainer/numNodes", "null"},
      {"/spec/trainer/image", "\"\""},
      {"/spec/trainer/command", "[]"},
      {"/spec/trainer/env", "null"},
      {"/spec/suspend", "false"},
      {"/spec/suspend", "null"},
      {"/spec/managedBy", "\"\""},
      {"/spec/activeDeadlineSeconds", "0"},
      {"/spec/labels", "{}"},
      {"/spec/podSpecOverrides", "[]"},
      {"/spec/runtimePatches", "null"},
      {"/status", "{}"},
      {"/status", "null"},
      {"/status/conditions", "[]"},
      {"/status/conditions", "null"},
      {"/status/jobsStatus", "[]"},
      {"/status/trainerStatus", "null"},
      {"/status/trainerStatus", "{}"},
      {"/status/conditions/0/observedGeneration", "0"},
      {"/status/conditions/0/message", "\"\""},
      {"/status/conditions/0/reason", "\"\""},
      {"/status/conditions/0/lastTransitionTime", "null"},
      {"/status/jobsStatus/0/ready", "0"},
      {"/status/jobsStatus/0/ready", "null"},
      {"/status/jobsStatus/0/failed", nullptr},
  }));
  INFO(e.pointer << " = " << (e.value != nullptr ? e.value : "(removed)"));
  const json in = edited(base_train_job, e);
  const auto tj = trainjob::decode<trainjob::train_job>(in);
  const json out = trainjob::encode(tj);
  INFO("diff: " << json::diff(in, out).dump());
  CHECK(out == in);
  CHECK(trainjob::decode<trainjob::train_job>(out) == tj);
}

TEST_CASE("json: JobSet explicit empty values round trip verbatim", "[json][lossless]") {
  const auto e = GENERATE(values<edit_case>({
      {"/status/restarts", "0"},
      {"/status/restarts", "null"},
      {"/status/restartsCountTowardsMax", "0"},
      {"/status/terminalState", "\"\""},
      {"/status/terminalState", "null"},
      {"/status/replicatedJobsStatus", "[]"},
      {"/status/replicatedJobsStatus", "null"},
      {"/status/conditions", "[]"},
      {"/status", "{}"},
      {"/spec", "null"},
      {"/spec", "{}"},
      {"/metadata/labels", "{}"},
  }));
  INFO(e.pointer << " = " << e.value);
  const json in = edited(lossless_job_set, e);
  const auto js = trainjob::decode<trainjob::job_set>(in);
  const json out = trainjob::encode(js);
  INFO("diff: " << json::diff(in, out).dump());
  CHECK(out == in);
}

// ---- encoding rules --------------------------------------------------------------------------

TEST_CASE("json: encoding rules", "[json][encode]") {
  trainjob::train_job tj;
  tj.api_version = "trainer.kubeflow.org/v1alpha1";
  tj.kind = "TrainJob";
  tj.metadata.name = "job";
  tj.spec.runtime_ref.name = "torch-distributed";

  SECTION("status omitted when empty; apiVersion, kind, spec kept") {
    const json j = trainjob::encode(tj);
    CHECK_FALSE(j.contains("status"));
    CHECK(j.at("apiVersion") == "trainer.kubeflow.org/v1alpha1");
    CHECK(j.at("kind") == "TrainJob");
    CHECK(j.at("metadata") == json{{"name", "job"}});
    CHECK(j.at("spec") == json{{"runtimeRef", {{"name", "torch-distributed"}}}});
    CHECK(j.size() == 4);
  }
  SECTION("condition: message always, observedGeneration omitted when 0, canonical time") {
    condition c;
    c.type = "Created";
    c.status = condition_status::true_;
    c.reason = "JobsCreated";
    const auto t = timestamp::parse("2024-05-01T10:00:00.123456+02:00");
    REQUIRE(t);
    c.last_transition_time = *t;
    tj.status.conditions.push_back(c);
    c.type = "Suspended";
    c.status = condition_status::false_;
    c.observed_generation = 7;
    c.message = "resumed";
    tj.status.conditions.push_back(c);
    const json j = trainjob::encode(tj);
    REQUIRE(j.contains("status"));
    const json expected = json::parse(R"json([
      {"type": "Created", "status": "True", "reason": "JobsCreated", "message": "",
       "lastTransitionTime": "2024-05-01T08:00:00Z"},
      {"type": "Suspended", "status": "False", "reason": "JobsCreated", "message": "resumed",
       "lastTransitionTime": "2024-05-01T08:00:00Z", "observedGeneration": 7}
    ])json");
    CHECK(j.at("status").at("conditions") == expected);
    CHECK(j.at("status").size() == 1);
    CHECK(json(tj.status.conditions[0]) == expected[0]);
  }
  SECTION("a condition's empty reason is still written") {
    condition c;
    c.type = "X";
    const json j = trainjob::encode(c);
    CHECK(j == json{{"type", "X"}, {"status", "Unknown"}, {"reason", ""}, {"message", ""}});
  }
  SECTION("optional spec fields: absent vs set") {
    tj.spec.suspend = false;
    tj.spec.active_deadline_seconds = 60;
    tj.spec.trainer = trainjob::trainer{};
    tj.spec.trainer->num_nodes = 0;
    const json j = trainjob::encode(tj);
    CHECK(j.at("spec").at("suspend") == false);
    CHECK(j.at("spec").at("activeDeadlineSeconds") == 60);
    CHECK(j.at("spec").at("trainer") == json{{"numNodes", 0}});
    CHECK_FALSE(j.at("spec").contains("initializer"));
    CHECK_FALSE(j.at("spec").contains("managedBy"));
    CHECK(tj.spec.effective_managed_by() == "trainer.kubeflow.org/trainjob-controller");
    CHECK(tj.spec.runtime_ref.effective_kind() == "ClusterTrainingRuntime");
    CHECK(tj.spec.runtime_ref.effective_api_group() == "trainer.kubeflow.org");
  }
  SECTION("jobsStatus counts: written when set, even 0") {
    trainjob::job_status s;
    s.name = "node";
    s.ready = 0;
    s.active = 2;
    tj.status.jobs_status.push_back(s);
    const json j = trainjob::encode(tj);
    CHECK(j.at("status").at("jobsStatus") == json::parse(R"([{"name": "node", "ready": 0, "active": 2}])"));
  }
  SECTION("JobSet replicatedJobsStatus counts always written; zero restarts omitted") {
    trainjob::job_set js;
    js.api_version = "jobset.x-k8s.io/v1alpha2";
    js.kind = "JobSet";
    trainjob::replicated_job_status r;
    r.name = "workers";
    r.active = 3;
    js.status.replicated_jobs_status.push_back(r);
    const json j = trainjob::encode(js);
    CHECK(
        j.at("status") ==
        json::parse(R"({"replicatedJobsStatus": [{"name": "workers", "ready": 0, "succeeded": 0, "failed": 0,
                                                     "active": 3, "suspended": 0}]})"));
    CHECK_FALSE(j.contains("spec"));
  }
  SECTION("metadata times are canonical") {
    const auto t = timestamp::parse("2024-05-01T08:00:00.999-01:30");
    REQUIRE(t);
    tj.metadata.creation_timestamp = *t;
    CHECK(trainjob::encode(tj).at("metadata").at("creationTimestamp") == "2024-05-01T09:30:00Z");
    CHECK(json(*t) == "2024-05-01T09:30:00Z");
    CHECK(json(timestamp{}).is_null());
  }
  SECTION("decoded non-canonical times are written canonical") {
    json in = json::parse(base_train_job);
    in["status"]["conditions"][0]["lastTransitionTime"] = "2024-05-01T10:00:00.123456+02:00";
    const json out = trainjob::encode(trainjob::decode<trainjob::train_job>(in));
    CHECK(out["status"]["conditions"][0]["lastTransitionTime"] == "2024-05-01T08:00:00Z");
    in["status"]["conditions"][0]["lastTransitionTime"] = "2024-05-01T08:00:00Z";
    CHECK(out == in);
  }
  SECTION("dump never throws on invalid UTF-8") {
    condition c;
    c.type = "X";
    c.message = "bad \xFF byte";
    std::string s;
    CHECK_NOTHROW(s = trainjob::dump(trainjob::encode(c)));
    CHECK_THAT(s, trainjob_test::contains_substring("\"type\":\"X\""));
  }
}

// ---- errors ------------------------------------------------------------------------------------

namespace {

struct error_case {
  edit_case edit;
  const char* path;
  const char* message;  // exact message
};

}  // namespace

TEST_CASE("json: decode errors name the path and what was expected", "[json][errors]") {
  const auto c = GENERATE(values<error_case>({
      {{"/status/conditions/2/status", "\"Maybe\""},
       "status.conditions[2].status",
       R"(expected "True", "False" or "Unknown", got "Maybe")"},
      {{"/status/conditions/0/status", "\"true\""},
       "status.conditions[0].status",
       R"(expected "True", "False" or "Unknown", got "true")"},
      {{"/status/conditions/1/status", "1"},
       "status.conditions[1].status",
       R"(expected "True", "False" or "Unknown", got 1)"},
      {{"/status/conditions/1/status", nullptr}, "status.conditions[1].status", "required field is missing"},
      {{"/status/conditions/1/type", nullptr}, "status.conditions[1].type", "required field is missing"},
      {{"/status/conditions/1/type", "null"}, "status.conditions[1].type", "required, got null"},
      {{"/status/conditions", "{}"}, "status.conditions", "expected an array, got an object"},
      {{"/status/conditions/1", "\"Ready\""}, "status.conditions[1]", "expected an object, got a string"},
      {{"/status/conditions/0/observedGeneration", "\"1\""},
       "status.conditions[0].observedGeneration",
       "expected a 64-bit integer, got a string"},
      {{"/metadata", "\"a string\""}, "metadata", "expected an object, got a string"},
      {{"/spec", "[]"}, "spec", "expected an object, got an array"},
      {{"/spec", nullptr}, "spec", "required field is missing"},
      {{"/spec/suspend", "\"yes\""}, "spec.suspend", "expected a boolean, got a string"},
      {{"/spec/suspend", "1"}, "spec.suspend", "expected a boolean, got an integer"},
      {{"/spec/trainer/numNodes", "1.5"},
       "spec.trainer.numNodes",
       "expected a 32-bit integer, got a number with a fraction or exponent"},
      {{"/spec/trainer/numNodes", "2.0"},
       "spec.trainer.numNodes",
       "expected a 32-bit integer, got a number with a fraction or exponent"},
      {{"/spec/trainer/numNodes", "2147483648"},
       "spec.trainer.numNodes",
       "expected a 32-bit integer, got 2147483648 (out of range)"},
      {{"/spec/trainer/numNodes", "-2147483649"},
       "spec.trainer.numNodes",
       "expected a 32-bit integer, got -2147483649 (out of range)"},
      {{"/spec/trainer/numNodes", "\"2\""},
       "spec.trainer.numNodes",
       "expected a 32-bit integer, got a string"},
      {{"/spec/trainer/command", "\"python\""}, "spec.trainer.command", "expected an array, got a string"},
      {{"/spec/trainer/command/1", "7"}, "spec.trainer.command[1]", "expected a string, got an integer"},
      {{"/spec/trainer/image", "false"}, "spec.trainer.image", "expected a string, got a boolean"},
      {{"/spec/initializer/dataset/storageUri", "5"},
       "spec.initializer.dataset.storageUri",
       "expected a string, got an integer"},
      {{"/spec/activeDeadlineSeconds", "9223372036854775808"},
       "spec.activeDeadlineSeconds",
       "expected a 64-bit integer, got 9223372036854775808 (out of range)"},
      {{"/metadata/generation", "9223372036854775808"},
       "metadata.generation",
       "expected a 64-bit integer, got 9223372036854775808 (out of range)"},
      {{"/metadata/labels", R"({"app.kubernetes.io/name": 5})"},
       R"(metadata.labels["app.kubernetes.io/name"])",
       "expected a string, got an integer"},
      {{"/metadata/labels", R"({"plain-key_1": true})"},
       "metadata.labels.plain-key_1",
       "expected a string, got a boolean"},
      {{"/metadata/labels", "[]"}, "metadata.labels", "expected an object of strings, got an array"},
      {{"/metadata/finalizers", "[\"a\", null]"}, "metadata.finalizers[1]", "expected a string, got null"},
      {{"/spec/runtimeRef", nullptr}, "spec.runtimeRef", "required field is missing"},
      {{"/spec/runtimeRef", "null"}, "spec.runtimeRef", "required, got null"},
      {{"/spec/runtimeRef/name", nullptr}, "spec.runtimeRef.name", "required field is missing"},
      {{"/status/jobsStatus/0/ready", "\"1\""},
       "status.jobsStatus[0].ready",
       "expected a 32-bit integer, got a string"},
      {{"/status/jobsStatus/0/name", nullptr}, "status.jobsStatus[0].name", "required field is missing"},
      {{"/kind", "\"JobSet\""}, "kind", R"(expected "TrainJob", got "JobSet": not a TrainJob)"},
      {{"/kind", "\"trainjob\""}, "kind", R"(expected "TrainJob", got "trainjob": not a TrainJob)"},
      {{"/kind", "5"}, "kind", "expected a string, got an integer"},
      {{"/apiVersion", "\"jobset.x-k8s.io/v1alpha2\""},
       "apiVersion",
       R"(expected trainer.kubeflow.org/<version> for a TrainJob, got "jobset.x-k8s.io/v1alpha2")"},
      {{"/apiVersion", "\"trainer.kubeflow.org\""},
       "apiVersion",
       R"(expected trainer.kubeflow.org/<version> for a TrainJob, got "trainer.kubeflow.org")"},
  }));
  const json j = edited(base_train_job, c.edit);
  INFO(c.edit.pointer << " = " << (c.edit.value != nullptr ? c.edit.value : "(removed)"));
  const auto e = decode_failure<trainjob::train_job>(j);
  CHECK(e.path == c.path);
  CHECK(e.message == c.message);
  CHECK(e.to_string() == std::string(c.path) + ": " + c.message);
}

TEST_CASE("json: the exact error for a bad condition status", "[json][errors]") {
  json j = json::parse(base_train_job);
  j["status"]["conditions"][2]["status"] = "Maybe";
  try {
    (void)trainjob::decode<trainjob::train_job>(j);
    FAIL("no exception");
  } catch (const decode_error& e) {
    CHECK(std::string(e.what()) ==
          R"(status.conditions[2].status: expected "True", "False" or "Unknown", got "Maybe")");
  }
  const auto r = trainjob::try_decode<trainjob::train_job>(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().to_string() ==
        R"(status.conditions[2].status: expected "True", "False" or "Unknown", got "Maybe")");
}

TEST_CASE("json: invalid times are errors, never a zero time", "[json][errors]") {
  const auto bad =
      GENERATE(as<std::string>{}, "2024-13-01T00:00:00Z", "2024-01-01t00:00:00Z", "2024-01-01T00:00:60Z",
               "2024-01-01T00:00:00+0000", "", "yesterday", "0000-01-01T00:00:00+01:00");
  INFO("lastTransitionTime: \"" << bad << "\"");
  json j = json::parse(base_train_job);
  j["status"]["conditions"][1]["lastTransitionTime"] = bad;
  const auto e = decode_failure<trainjob::train_job>(j);
  CHECK(e.path == "status.conditions[1].lastTransitionTime");
  CHECK_THAT(e.message, Catch::Matchers::EndsWith(", got " + json(bad).dump()));

  j["status"]["conditions"][1]["lastTransitionTime"] = 1714550400;
  const auto e2 = decode_failure<trainjob::train_job>(j);
  CHECK(e2.path == "status.conditions[1].lastTransitionTime");
  CHECK(e2.message == "expected an RFC 3339 time string, got an integer");
}

TEST_CASE("json: numeric boundaries are accepted", "[json]") {
  json j = json::parse(base_train_job);
  j["spec"]["trainer"]["numNodes"] = 2147483647;
  j["metadata"]["generation"] = 9223372036854775807LL;
  j["status"]["conditions"][0]["observedGeneration"] = -9223372036854775807LL - 1;
  auto tj = trainjob::decode<trainjob::train_job>(j);
  CHECK(tj.spec.trainer->num_nodes == 2147483647);
  CHECK(tj.metadata.generation == 9223372036854775807LL);
  CHECK(tj.status.conditions[0].observed_generation == -9223372036854775807LL - 1);
  CHECK(trainjob::encode(tj) == j);
  j["spec"]["trainer"]["numNodes"] = -2147483647 - 1;
  CHECK(trainjob::decode<trainjob::train_job>(j).spec.trainer->num_nodes == -2147483647 - 1);
}

TEST_CASE("json: top-level values that are not objects", "[json][errors]") {
  const auto text = GENERATE(as<std::string>{}, "[]", "[{}]", "42", "\"TrainJob\"", "null", "true", "1.5");
  const json j = json::parse(text);
  INFO("input: " << j.dump());
  const auto e = decode_failure<trainjob::train_job>(j);
  CHECK(e.path.empty());
  CHECK_THAT(e.message, Catch::Matchers::StartsWith("expected an object, got "));
  CHECK(e.to_string() == e.message);
  CHECK(decode_failure<trainjob::job_set>(j).message == e.message);
  CHECK(decode_failure<condition>(j).message == e.message);

  const auto r = trainjob::try_decode_objects(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path.empty());
  CHECK_THAT(r.error().message, Catch::Matchers::StartsWith("expected a Kubernetes object, got "));
  REQUIRE_THROWS_AS(trainjob::decode_any(j), decode_error);
}

TEST_CASE("json: decode_objects needs a known kind", "[json][errors]") {
  SECTION("no kind") {
    const auto r = trainjob::try_decode_objects(json{{"apiVersion", "v1"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "kind");
    CHECK_THAT(r.error().message, Catch::Matchers::EndsWith("got nothing"));
  }
  SECTION("unknown kind") {
    const auto r = trainjob::try_decode_objects(json{{"kind", "Pod"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "kind");
    CHECK_THAT(r.error().message, trainjob_test::contains_substring("\"Pod\""));
  }
  SECTION("List without items") {
    const auto r = trainjob::try_decode_objects(json{{"kind", "List"}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "items");
    CHECK(r.error().message == "required field is missing");
  }
  SECTION("decode_any picks the type by kind") {
    const json j = json::parse(base_train_job);
    const auto o = trainjob::decode_any(j);
    CHECK(trainjob::kind_of(o) == "TrainJob");
    CHECK(trainjob::metadata_of(o).name == "job");
    CHECK(trainjob::encode(o) == j);
    CHECK(trainjob::validate(o).empty());
  }
}

TEST_CASE("json: the kind of a JobSet document is checked by decode<train_job>", "[json][errors]") {
  const json js = json::parse(lossless_job_set);
  const auto e = decode_failure<trainjob::train_job>(js);
  CHECK(e.path == "kind");
  CHECK(e.message == R"(expected "TrainJob", got "JobSet": not a TrainJob)");
  const auto e2 = decode_failure<trainjob::training_runtime>(js);
  CHECK(e2.path == "kind");
  CHECK_THAT(e2.message, Catch::Matchers::EndsWith("not a TrainingRuntime"));
}

// ---- parse_json and the result type ---------------------------------------------------------------

TEST_CASE("json: parse_json reports bad input without crashing", "[json][parse]") {
  struct parse_case {
    const char* name;
    std::string text;
    const char* message_part;
  };
  const auto c = GENERATE(values<parse_case>({
      {"truncated", R"({"kind": "TrainJob", "spec": {"runtimeRef": )", "invalid JSON"},
      {"truncated string", R"({"kind": "Tra)", "invalid JSON"},
      {"empty input", "", "invalid JSON"},
      {"whitespace only", "  \n ", "invalid JSON"},
      {"invalid UTF-8 in a string", "{\"kind\": \"Train\xFFJob\"}", "invalid JSON"},
      {"invalid UTF-8 outside a string", "\xC3\x28", "invalid JSON"},
      {"trailing garbage", "{} x", "invalid JSON"},
      {"trailing comma", "[1, 2,]", "invalid JSON"},
      {"100000-deep unclosed nesting", std::string(100000, '['), "nesting deeper than 1000"},
      {"100000-deep closed nesting", std::string(100000, '[') + std::string(100000, ']'),
       "nesting deeper than 1000"},
      {"100000-deep objects",
       [] {
         std::string s;
         for (int i = 0; i < 100000; ++i) s += "{\"a\":";
         return s;
       }(),
       "nesting deeper than 1000"},
  }));
  INFO(c.name);
  const auto r = trainjob::parse_json(c.text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path.empty());
  CHECK_FALSE(r.error().message.empty());
  CHECK_THAT(r.error().message, trainjob_test::contains_substring(c.message_part));
  REQUIRE_THROWS_AS(r.value(), decode_error);
  const auto t = trainjob::try_decode_text<trainjob::train_job>(c.text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message == r.error().message);
}

TEST_CASE("json: parse_json limits", "[json][parse]") {
  const std::string deep1000 = std::string(1000, '[') + std::string(1000, ']');
  const std::string deep1001 = std::string(1001, '[') + std::string(1001, ']');
  CHECK(trainjob::parse_json(deep1000).ok());
  CHECK_FALSE(trainjob::parse_json(deep1001).ok());
  // Brackets inside strings, escaped quotes included, do not count.
  const std::string in_string = "[\"" + std::string(5000, '[') + "\\\"" + std::string(5000, '{') + "\"]";
  const auto s = trainjob::parse_json(in_string);
  REQUIRE(s.ok());
  CHECK(s->at(0).get<std::string>().size() == 10001);
  trainjob::parse_limits small;
  small.max_bytes = 4;
  CHECK(trainjob::parse_json("[1]", small).ok());
  const auto big = trainjob::parse_json("[1, 2]", small);
  REQUIRE_FALSE(big.ok());
  CHECK_THAT(big.error().message, trainjob_test::contains_substring("over the limit"));
  trainjob::parse_limits shallow;
  shallow.max_depth = 2;
  CHECK(trainjob::parse_json("[[1]]", shallow).ok());
  CHECK_FALSE(trainjob::parse_json("[[[1]]]", shallow).ok());
}

TEST_CASE("json: try_decode_text and result", "[json][parse]") {
  const auto ok = trainjob::try_decode_text<trainjob::train_job>(base_train_job);
  REQUIRE(ok.ok());
  CHECK(ok->metadata.name == "job");
  CHECK((*ok).spec.runtime_ref.name == "torch-distributed");
  CHECK(ok.error().path.empty());
  CHECK(ok.error().message.empty());

  json j = json::parse(base_train_job);
  j["status"]["conditions"][2]["status"] = "Maybe";
  const std::string text = j.dump(2);
  const auto bad = trainjob::try_decode_text<trainjob::train_job>(text);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().path == "status.conditions[2].status");
  REQUIRE_THROWS_AS(bad.value(), decode_error);
  REQUIRE_THROWS_AS(*bad, decode_error);
  REQUIRE_THROWS_AS(bad->metadata, decode_error);
  auto moved = trainjob::try_decode_text<trainjob::train_job>(text);
  REQUIRE_THROWS_AS(std::move(moved).value(), decode_error);
}

// ---- nlohmann ADL --------------------------------------------------------------------------------

namespace {

/// Whether `j.get<T>()` compiles (detected, so that a header bug fails a CHECK, not the build).
template <class T, class = void>
struct gettable : std::false_type {};
template <class T>
struct gettable<T, std::void_t<decltype(std::declval<const json&>().get<T>())>> : std::true_type {};

template <class C>
void check_get_condition(const json& j, const trainjob::train_job& tj) {
  if constexpr (gettable<C>::value && gettable<std::vector<C>>::value) {
    const auto conds = j.at("status").at("conditions").get<std::vector<C>>();
    CHECK(conds == tj.status.conditions);
    json bad = j.at("status").at("conditions").at(0);
    bad["status"] = "Maybe";
    try {
      (void)bad.get<C>();
      FAIL("no exception");
    } catch (const decode_error& e) {
      CHECK(e.path() == "status");
    }
  }
}

}  // namespace

TEST_CASE("json: nlohmann get<> and json(x) use the codec", "[json][adl]") {
  const json j = json::parse(lossless_train_job);
  const auto tj = j.get<trainjob::train_job>();
  CHECK(tj == trainjob::decode<trainjob::train_job>(j));
  CHECK(json(tj) == j);
  json assigned;
  assigned = tj;
  CHECK(assigned == j);
  trainjob::train_job via_get_to;
  j.get_to(via_get_to);
  CHECK(via_get_to == tj);

  const auto js = json::parse(lossless_job_set).get<trainjob::job_set>();
  CHECK(json(js) == json::parse(lossless_job_set));
  const auto status = j.at("status").get<trainjob::train_job_status>();
  CHECK(status == tj.status);
  CHECK(j.at("metadata").at("creationTimestamp").get<timestamp>() == tj.metadata.creation_timestamp);

  // Containers of library types go through the same hooks.
  CHECK(json(tj.status.conditions) == j.at("status").at("conditions"));
  CHECK(json(tj.status.conditions[0]) == j.at("status").at("conditions")[0]);

  // Errors come out as decode_error, with the path relative to the value decoded.
  json bad = j;
  bad["status"]["conditions"][0]["status"] = "Maybe";
  REQUIRE_THROWS_AS(bad.get<trainjob::train_job>(), decode_error);
  try {
    (void)bad.at("status").get<trainjob::train_job_status>();
    FAIL("no exception");
  } catch (const decode_error& e) {
    CHECK(e.path() == "conditions[0].status");
  }
}

// Regression: j.get<trainjob::condition>() did not compile when condition.hpp's operator==
// compared the json members with `==`: that made nlohmann instantiate has_from_json<json,
// condition> before trainjob::from_json was declared, and the "no" was cached. Detected, not
// called directly, so that a regression fails here instead of breaking the build.
TEST_CASE("json: j.get<condition>() works", "[json][adl]") {
  CHECK(gettable<condition>::value);
  CHECK(gettable<std::vector<condition>>::value);
  const json j = json::parse(lossless_train_job);
  check_get_condition<condition>(j, trainjob::decode<trainjob::train_job>(j));
}

// Regression: without its own ADL hooks, condition_status went through nlohmann's generic
// enum conversion, as an integer (True -> 0), and integers were read back.
TEST_CASE("json: condition_status through nlohmann is a string", "[json][adl]") {
  CHECK(json(condition_status::true_) == "True");
  CHECK(json(condition_status::false_) == "False");
  CHECK(json(condition_status::unknown) == "Unknown");
  CHECK(json{{"status", condition_status::true_}} == json{{"status", "True"}});
  try {
    CHECK(json("False").get<condition_status>() == condition_status::false_);
  } catch (const std::exception& e) {
    FAIL("json(\"False\").get<condition_status>() threw: " << e.what());
  }
  bool rejected = false;
  try {
    (void)json(0).get<condition_status>();
  } catch (const std::exception&) {
    rejected = true;
  }
  CHECK(rejected);  // an integer is not a condition status
}

TEST_CASE("parse_json: a NUL byte is invalid JSON, not the end of the input", "[json][parse]") {
  using namespace std::string_literals;
  const auto r = trainjob::parse_json("{}\0garbage"s);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "invalid JSON: a NUL byte at offset 2 (line 1)");
  const auto in_string = trainjob::parse_json("{\"a\": \"x\0y\"}"s);
  CHECK_FALSE(in_string.ok());
  CHECK(trainjob::parse_json("{\"a\": \"x\\u0000y\"}").ok());  // escaped, as JSON allows
}

TEST_CASE("parse_json: lines are counted inside strings and escapes too", "[json][parse]") {
  using namespace std::string_literals;
  // A raw line break in a string is invalid, but the line named must still be the file's.
  const auto nul = trainjob::parse_json("{\"a\": \"x\ny\\\nz\",\n\"b\": \0}"s);
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().message == "invalid JSON: a NUL byte at offset 21 (line 4)");
  trainjob::parse_limits limits;
  limits.max_depth = 2;
  const auto deep = trainjob::parse_json("{\"a\": \"x\ny\",\n\"b\": [[1]]}", limits);
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().message == "nesting deeper than 2 levels at line 3");
  // An escaped NUL after a backslash is a NUL all the same.
  const auto escaped = trainjob::parse_json("{\"a\": \"\\\0\"}"s);
  REQUIRE_FALSE(escaped.ok());
  CHECK(escaped.error().message == "invalid JSON: a NUL byte at offset 8 (line 1)");
}

// ---- duplicate keys, numbers beyond a double, the byte order mark ------------------------------------

TEST_CASE("parse_json: a duplicate key is an error at the duplicated member's path",
          "[json][parse][duplicate]") {
  struct dup_case {
    const char* name;
    std::string text;
    const char* path;
    const char* key;
  };
  const auto c = GENERATE(values<dup_case>({
      {"top level", R"({"kind": "TrainJob", "kind": "JobSet"})", "kind", "kind"},
      {"top level, same value", R"({"a": 1, "b": 2, "a": 1})", "a", "a"},
      {"nested", R"({"metadata": {"name": "x", "namespace": "d", "name": "y"}})", "metadata.name", "name"},
      {"in an array of objects", R"({"status": {"conditions": [{"type": "A"}, {"type": "B", "type": "C"}]}})",
       "status.conditions[1].type", "type"},
      {"escaped spelling", R"({"spec": {"a": 1, "\u0061": 2}})", "spec.a", "a"},
      {"escaped spelling of a longer key", R"({"status": 1, "st\u0061tus": 2})", "status", "status"},
      {"both escaped", R"({"\u006b": 1, "\u006B": 2})", "k", "k"},
      {"quoted path segment",
       R"({"metadata": {"labels": {"app.kubernetes.io/name": "a", "app.kubernetes.io/name": "b"}}})",
       R"(metadata.labels["app.kubernetes.io/name"])", "app.kubernetes.io/name"},
      {"empty key", R"({"x": {"": 1, "": 2}})", R"(x[""])", ""},
      {"in a top-level array", R"([{"a": 1}, [{"b": 1, "b": 2}]])", "[1][0].b", "b"},
      {"object values", R"({"a": {"x": 1}, "a": {"y": 2}})", "a", "a"},
      {"after deep nesting closed", R"({"a": [[[{"b": {}}]]], "c": 1, "a": 2})", "a", "a"},
  }));
  INFO(c.name << ": " << c.text);
  const auto r = trainjob::parse_json(c.text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == c.path);
  CHECK(r.error().message == "duplicate key " + json(std::string(c.key)).dump());
  CHECK(r.error().to_string() == std::string(c.path) + ": duplicate key " + json(std::string(c.key)).dump());
  try {
    (void)r.value();
    FAIL("no exception");
  } catch (const decode_error& e) {
    CHECK(e.path() == c.path);
  }
  // The one-step form reports it too, before any decoding.
  const auto t = trainjob::try_decode_text<trainjob::train_job>(c.text);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().path == c.path);
}

TEST_CASE("parse_json: the same key in different objects is fine", "[json][parse][duplicate]") {
  for (const char* text : {R"({"x": {"a": 1}, "y": {"a": 1}, "a": {"a": {"a": 1}}})",
                           R"([{"type": "A"}, {"type": "A"}, {"type": "B"}])",
                           R"({"a": 1, "A": 2, "a ": 3, "\u00e9": 4, "e\u0301": 5})"}) {
    INFO(text);
    const auto r = trainjob::parse_json(text);
    REQUIRE(r.ok());
    CHECK(*r == json::parse(text));
  }
  // A real manifest with the same keys at many levels.
  const auto tj = trainjob::parse_json(base_train_job);
  REQUIRE(tj.ok());
  CHECK(*tj == json::parse(base_train_job));
}

TEST_CASE("parse_json: duplicates in a large document are found wherever they are",
          "[json][parse][duplicate]") {
  json doc = json::object();
  for (int i = 0; i < 2000; ++i)
    doc["key" + std::to_string(i)] = json{{"name", i}, {"items", json::array({i, i})}};
  std::string text = doc.dump();
  REQUIRE(trainjob::parse_json(text).ok());
  // key999's object gets a second "name", after its own.
  const std::string member = R"("key999":{"items":[999,999],"name":999})";
  const auto at = text.find(member);
  REQUIRE(at != std::string::npos);
  text.insert(at + member.size() - 1, R"(,"name":0)");
  const auto r = trainjob::parse_json(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "key999.name");
}

TEST_CASE("parse_json: a number beyond a double is an error at its path", "[json][parse]") {
  struct num_case {
    const char* text;
    const char* path;
    const char* message;
  };
  const auto c = GENERATE(values<num_case>({
      {"1e400", "", "expected a number, got 1e400 (out of range)"},
      {R"({"metadata": {"generation": 1e400}})", "metadata.generation",
       "expected a number, got 1e400 (out of range)"},
      {R"({"a": [1, 2, -1E+999]})", "a[2]", "expected a number, got -1E+999 (out of range)"},
      {R"([[0], [0, 1e309]])", "[1][1]", "expected a number, got 1e309 (out of range)"},
  }));
  INFO(c.text);
  const auto r = trainjob::parse_json(c.text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == c.path);
  CHECK(r.error().message == c.message);
  // Tiny numbers round to zero and big integers become doubles, as in Go's unstructured JSON.
  CHECK(trainjob::parse_json("[1e-400, 18446744073709551616, -0]").ok());
}

TEST_CASE("parse_json: a byte order mark is refused", "[json][parse]") {
  const auto r = trainjob::parse_json("\xEF\xBB\xBF{}");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path.empty());
  CHECK(r.error().message ==
        "invalid JSON: starts with a byte order mark (U+FEFF); JSON text is UTF-8 without one");
  // Anywhere else it is a character: valid in a string, a syntax error outside one.
  CHECK(trainjob::parse_json("[\"\xEF\xBB\xBF\"]").ok());
  const auto inside = trainjob::parse_json("[\xEF\xBB\xBF]");
  REQUIRE_FALSE(inside.ok());
  CHECK_THAT(inside.error().message,
             Catch::Matchers::StartsWith("invalid JSON: parse error at line 1, column 2"));
}

// ---- messages are bounded, and quote the input as it was written ---------------------------------

TEST_CASE("quote_bounded: escaped, valid UTF-8, cut at a character with the full length",
          "[json][messages]") {
  using trainjob::detail::cut_bounded;
  using trainjob::detail::quote_bounded;
  const std::string ellipsis = "\xE2\x80\xA6";
  CHECK(quote_bounded("Ready") == "\"Ready\"");
  CHECK(quote_bounded("") == "\"\"");
  CHECK(quote_bounded("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quote_bounded("\n\t\r\b\f\x01\x1f\x7f") == "\"\\n\\t\\r\\b\\f\\u0001\\u001f\\u007f\"");
  CHECK(quote_bounded("C1 \xC2\x85 and \xC2\xA0") ==
        "\"C1 \\u0085 and \xC2\xA0\"");  // NEL escaped, NBSP kept
  CHECK(quote_bounded("bad \xff\xfe end \xC0\x80") ==
        "\"bad \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(quote_bounded("\xE6\x97\xA5\xF0\x9F\x9A\x80") == "\"\xE6\x97\xA5\xF0\x9F\x9A\x80\"");
  // Up to 80 bytes whole; past them 77 bytes, the ellipsis and the length.
  CHECK(quote_bounded(std::string(80, 'a')) == "\"" + std::string(80, 'a') + "\"");
  CHECK(quote_bounded(std::string(81, 'a')) == "\"" + std::string(77, 'a') + ellipsis + "\" (81 bytes)");
  const std::string huge(10u << 20, 'z');
  CHECK(quote_bounded(huge) == "\"" + std::string(77, 'z') + ellipsis + "\" (10485760 bytes)");
  CHECK(cut_bounded(huge) == std::string(77, 'z') + ellipsis + " (10485760 bytes)");
  CHECK(cut_bounded("Name \"x\"\n") == "Name \"x\"\\n");
  // Never in the middle of a character: 2-byte é, 38 of them are 76 bytes.
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\xC3\xA9";
  std::string kept;
  for (int i = 0; i < 38; ++i) kept += "\xC3\xA9";
  CHECK(quote_bounded(accents) == "\"" + kept + ellipsis + "\" (200 bytes)");
  // Escapes count as what they take: 13 of \u0001 are 78 bytes, 12 fit before the ellipsis.
  std::string controls(20, '\x01');
  std::string escaped;
  for (int i = 0; i < 12; ++i) escaped += "\\u0001";
  CHECK(quote_bounded(controls) == "\"" + escaped + ellipsis + "\" (20 bytes)");
  CHECK(quote_bounded(std::string(100, 'q'), 10) == "\"qqqqqqq" + ellipsis + "\" (100 bytes)");
}

TEST_CASE("json: a long key in an error path is cut, with its length", "[json][messages]") {
  const std::string key(1u << 20, 'k');
  const std::string cut = "[\"" + std::string(77, 'k') + "\xE2\x80\xA6\" (1048576 bytes)]";
  SECTION("a decode error below the key") {
    json j = json::parse(base_train_job);
    j["metadata"]["labels"] = {{key, 5}};
    const auto e = decode_failure<trainjob::train_job>(j);
    CHECK(e.path == "metadata.labels" + cut);
    CHECK(e.message == "expected a string, got an integer");
    CHECK(e.to_string().size() < 300);
  }
  SECTION("a key given twice") {
    const auto r = trainjob::parse_json("{\"metadata\": {\"" + key + "\": 1, \"" + key + "\": 2}}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "metadata" + cut);
    CHECK(r.error().message == "duplicate key \"" + std::string(77, 'k') + "\xE2\x80\xA6\" (1048576 bytes)");
  }
  SECTION("an odd key: invalid bytes and control characters shown") {
    json j = json::parse(base_train_job);
    j["metadata"]["labels"] = {{"a\x01.b\n", 5}};
    CHECK(decode_failure<trainjob::train_job>(j).path == "metadata.labels[\"a\\u0001.b\\n\"]");
    // parse_json refuses such bytes; a tree built in C++ may hold them.
    j["metadata"]["labels"] = {{"\xff", 5}};
    CHECK(decode_failure<trainjob::train_job>(j).path == "metadata.labels[\"\xEF\xBF\xBD\"]");
  }
  SECTION("a deep path is cut in the middle, with the count of levels left out") {
    // 990 levels of 1000-byte keys: 1 MB of path in full.
    std::string text, close;
    for (int i = 0; i < 990; ++i) {
      text += "{\"" + key.substr(0, 1000) + "\":";
      close += "}";
    }
    text += "{\"d\":1,\"d\":2}" + close;
    const auto r = trainjob::parse_json(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path.size() < 4000);
    CHECK(r.error().path.find("\xE2\x80\xA6(967 levels)\xE2\x80\xA6") != std::string::npos);
    CHECK_THAT(r.error().path, Catch::Matchers::StartsWith(cut.substr(0, 20)));
    CHECK_THAT(r.error().path, Catch::Matchers::EndsWith(" (1000 bytes)].d"));
  }
  SECTION("a plain key up to 80 bytes stays as it is") {
    json j = json::parse(base_train_job);
    j["metadata"]["labels"] = {{std::string(80, 'p'), 5}};
    CHECK(decode_failure<trainjob::train_job>(j).path == "metadata.labels." + std::string(80, 'p'));
  }
}

TEST_CASE("json: a bad string value is quoted bounded", "[json][messages]") {
  json j = json::parse(base_train_job);
  j["status"]["conditions"][0]["status"] = std::string(1u << 20, 'M');
  auto e = decode_failure<trainjob::train_job>(j);
  CHECK(e.message == R"(expected "True", "False" or "Unknown", got ")" + std::string(77, 'M') +
                         "\xE2\x80\xA6\" (1048576 bytes)");
  j = json::parse(base_train_job);
  j["metadata"]["creationTimestamp"] = "2025-06-12T09:00:01Z" + std::string(1u << 20, 'x');
  e = decode_failure<trainjob::train_job>(j);
  CHECK(e.message.size() < 300);
  CHECK_THAT(e.message, trainjob_test::contains_substring("got \"2025-06-12T09:00:01Zxxx"));
  CHECK_THAT(e.message, trainjob_test::contains_substring("\" (1048596 bytes)"));
  // A container is named, not printed: it may be any size.
  j = json::parse(base_train_job);
  j["status"]["conditions"][0]["status"] = json::array({std::string(1u << 20, 'a')});
  e = decode_failure<trainjob::train_job>(j);
  CHECK(e.message == R"(expected "True", "False" or "Unknown", got an array)");
}

TEST_CASE("json: a number is reported as written, or described, never re-rendered", "[json][messages]") {
  struct number_case {
    const char* field;  // under spec.trainer
    const char* text;
    const char* message;
  };
  const auto c = GENERATE(values<number_case>({
      // 1e2 used to be reported as "got 100.0": a value the input did not hold.
      {"numNodes", "1e2", "expected a 32-bit integer, got a number with a fraction or exponent"},
      {"numNodes", "1E+2", "expected a 32-bit integer, got a number with a fraction or exponent"},
      {"numNodes", "100.0", "expected a 32-bit integer, got a number with a fraction or exponent"},
      {"numNodes", "-0.0", "expected a 32-bit integer, got a number with a fraction or exponent"},
      {"numNodes", "1e10",
       "expected a 32-bit integer, got a number with a fraction or exponent (out of range)"},
      {"numNodes", "99999999999999999999",
       "expected a 32-bit integer, got a number beyond 64 bits (out of range)"},
      {"numNodes", "-99999999999999999999",
       "expected a 32-bit integer, got a number beyond 64 bits (out of range)"},
      {"numNodes", "2147483648", "expected a 32-bit integer, got 2147483648 (out of range)"},
      {"image", "1e2", "expected a string, got a number with a fraction or exponent"},
      {"image", "18446744073709551616", "expected a string, got a number beyond 64 bits"},
  }));
  INFO(c.field << " = " << c.text);
  // The text as a client sends it, through parse_json.
  std::string text = base_train_job;
  const std::string was = std::string(c.field) == "image" ? R"("image": "img")" : R"("numNodes": 2)";
  const auto pos = text.find(was);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, was.size(), "\"" + std::string(c.field) + "\": " + c.text);
  const auto j = trainjob::parse_json(text);
  REQUIRE(j.ok());
  const auto e = decode_failure<trainjob::train_job>(*j);
  CHECK(e.path == std::string("spec.trainer.") + c.field);
  CHECK(e.message == c.message);
  CHECK(e.message.find("100") == std::string::npos);
}

TEST_CASE("parse_json: a syntax error in a long string quotes it bounded", "[json][messages][parse]") {
  // nlohmann's message repeats the token read last: the whole string up to the bad byte.
  for (const char* bad : {"\x01", "\xff"}) {
    const auto r = trainjob::parse_json("{\"a\": \"" + std::string(1u << 20, 'x') + bad + "\"}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path.empty());
    CHECK(r.error().message.size() < 400);
    CHECK_THAT(r.error().message,
               Catch::Matchers::StartsWith("invalid JSON: parse error at line 1, column 1048584: "));
    CHECK_THAT(r.error().message, trainjob_test::contains_substring(
                                      "; last read: '\"" + std::string(76, 'x') + "\xE2\x80\xA6' ("));
  }
  // A short token is quoted whole, as before.
  const auto r = trainjob::parse_json("{\"a\": \"x\x01\"}");
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, trainjob_test::contains_substring("; last read: '\"x<U+0001>'"));
}
