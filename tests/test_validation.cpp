// Tests for trainjob validation: metav1.Condition schema, TrainJob and JobSet status rules.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

condition valid(std::string type = "Ready") {
  condition c;
  c.type = std::move(type);
  c.status = condition_status::true_;
  c.reason = "AllGood";
  c.message = "everything is fine";
  c.observed_generation = 1;
  c.last_transition_time = T0;
  return c;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string describe(const std::vector<violation>& vs) {
  std::string out;
  for (const auto& v : vs) out += "\n  " + v.to_string().substr(0, 200);
  return out.empty() ? " (none)" : out;
}

std::vector<std::string> paths(const std::vector<violation>& vs) {
  std::vector<std::string> out;
  for (const auto& v : vs) out.push_back(v.path);
  return out;
}

// Condition with one field changed; used to build the table below.
condition with_type(std::string t) { return valid(std::move(t)); }
condition with_reason(std::string r) {
  condition c = valid();
  c.reason = std::move(r);
  return c;
}
condition with_message(std::string m) {
  condition c = valid();
  c.message = std::move(m);
  return c;
}

struct rule_case {
  const char* name;
  condition c;
  bool check_message_bytes;
  std::vector<std::string> expected_paths;  // {} = valid
  const char* message_part;                 // substring of the (single) violation's message
};

}  // namespace

TEST_CASE("validate_conditions: a valid list has no violations", "[validation]") {
  std::vector<condition> list;
  for (const char* t : {"Created", "Suspended", "Complete", "Failed", "example.com/Ready", "a", "A-b_c.D9",
                        "sub.domain-1.example.com/Ready_2"}) {
    list.push_back(valid(t));
  }
  list[1].status = condition_status::false_;
  list[2].status = condition_status::unknown;
  list[3].message = "";                         // message may be empty
  list[4].observed_generation = 0;              // 0 is allowed
  list[5].reason = "A";                         // one letter
  list[6].reason = "Job:Failed,Reason_2";       // ':' and ',' inside
  list[7].message = "é 日本語 🚀 \"quoted\"\n";  // any UTF-8
  REQUIRE(list.size() == 8);                    // exactly the limit
  const auto vs = trainjob::validate_conditions(list);
  INFO(describe(vs));
  CHECK(vs.empty());
  CHECK(trainjob::validate_conditions({}).empty());
}

TEST_CASE("validate_conditions: each rule on its own", "[validation]") {
  const auto c = GENERATE(values<rule_case>({
      {"type empty", with_type(""), false, {"status.conditions[0].type"}, "must not be empty"},
      {"type with a space", with_type("bad type"), false, {"status.conditions[0].type"}, "\"bad type\""},
      {"type starting with '-'", with_type("-Lead"), false, {"status.conditions[0].type"}, "pattern"},
      {"type ending with '-'", with_type("Lead-"), false, {"status.conditions[0].type"}, "pattern"},
      {"type with an empty name after the prefix",
       with_type("foo.example.com/"),
       false,
       {"status.conditions[0].type"},
       "pattern"},
      {"type with an uppercase prefix",
       with_type("Foo/Bar"),
       false,
       {"status.conditions[0].type"},
       "pattern"},
      {"type with an empty prefix", with_type("/Bar"), false, {"status.conditions[0].type"}, "pattern"},
      {"type with two slashes", with_type("a.com/b/C"), false, {"status.conditions[0].type"}, "pattern"},
      {"type with an empty DNS label",
       with_type("a..com/Ready"),
       false,
       {"status.conditions[0].type"},
       "pattern"},
      {"type with a colon", with_type("Ready:Now"), false, {"status.conditions[0].type"}, "pattern"},
      {"type of 316 characters is fine", with_type(repeat("a", 316)), false, {}, ""},
      {"type of 317 characters is too long",
       with_type(repeat("a", 317)),
       false,
       {"status.conditions[0].type"},
       "at most 316"},
      {"prefixed type is fine", with_type("example.com/Ready"), false, {}, ""},
      {"reason empty", with_reason(""), false, {"status.conditions[0].reason"}, "must not be empty"},
      {"reason with a space",
       with_reason("bad reason"),
       false,
       {"status.conditions[0].reason"},
       "\"bad reason\""},
      {"reason ending in ','", with_reason("Failed,"), false, {"status.conditions[0].reason"}, "must match"},
      {"reason ending in ':'", with_reason("Failed:"), false, {"status.conditions[0].reason"}, "must match"},
      {"reason starting with a digit",
       with_reason("1Failed"),
       false,
       {"status.conditions[0].reason"},
       "must match"},
      {"reason starting with '_'",
       with_reason("_Failed"),
       false,
       {"status.conditions[0].reason"},
       "must match"},
      {"reason with '-'", with_reason("Back-Off"), false, {"status.conditions[0].reason"}, "must match"},
      {"reason with ':' and ',' inside is fine", with_reason("A:b,c_D"), false, {}, ""},
      {"reason ending in '_' is fine", with_reason("Failed_"), false, {}, ""},
      {"reason of 1024 characters is fine", with_reason("R" + repeat("x", 1023)), false, {}, ""},
      {"reason of 1025 characters is too long",
       with_reason("R" + repeat("x", 1024)),
       false,
       {"status.conditions[0].reason"},
       "at most 1024"},
      {"message of 32768 code points is fine", with_message(repeat("m", 32768)), false, {}, ""},
      {"message of 32768 code points is fine with byte counting",
       with_message(repeat("m", 32768)),
       true,
       {},
       ""},
      {"message of 32769 code points is too long",
       with_message(repeat("m", 32769)),
       false,
       {"status.conditions[0].message"},
       "at most 32768 characters"},
      {"32768 two-byte characters pass by code points",
       with_message(repeat("\xC3\xA9", 32768)),
       false,
       {},
       ""},
      {"32768 two-byte characters fail by bytes",
       with_message(repeat("\xC3\xA9", 32768)),
       true,
       {"status.conditions[0].message"},
       "at most 32768 bytes"},
      {"32769 code points with byte counting: one violation",
       with_message(repeat("m", 32769)),
       true,
       {"status.conditions[0].message"},
       "at most 32768 characters"},
      {"32769 two-byte characters fail by code points",
       with_message(repeat("\xC3\xA9", 32769)),
       false,
       {"status.conditions[0].message"},
       "at most 32768 characters"},
      {"message with a stray continuation byte",
       with_message("ok \x80 bad"),
       false,
       {"status.conditions[0].message"},
       "UTF-8"},
      {"message with 0xFF", with_message("\xFF"), false, {"status.conditions[0].message"}, "UTF-8"},
      {"message with a truncated sequence",
       with_message("caf\xC3"),
       false,
       {"status.conditions[0].message"},
       "UTF-8"},
      {"message with an overlong encoding",
       with_message("\xC0\xAF"),
       false,
       {"status.conditions[0].message"},
       "UTF-8"},
      {"message with a UTF-16 surrogate",
       with_message("\xED\xA0\x80"),
       false,
       {"status.conditions[0].message"},
       "UTF-8"},
      {"message past U+10FFFF",
       with_message("\xF4\x90\x80\x80"),
       false,
       {"status.conditions[0].message"},
       "UTF-8"},
      {"message with a 4-byte character is fine", with_message("\xF0\x9F\x9A\x80"), false, {}, ""},
  }));
  INFO(c.name);
  trainjob::validation_options options;
  options.check_message_bytes = c.check_message_bytes;
  const auto vs = trainjob::validate_conditions({c.c}, "status.conditions", options);
  INFO(describe(vs));
  CHECK(paths(vs) == c.expected_paths);
  if (vs.size() == 1) CHECK_THAT(vs[0].message, trainjob_test::contains_substring(c.message_part));
}

TEST_CASE("validate_conditions: observedGeneration, lastTransitionTime, duplicates, count", "[validation]") {
  SECTION("observedGeneration -1") {
    condition c = valid();
    c.observed_generation = -1;
    const auto vs = trainjob::validate_conditions({c});
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.conditions[0].observedGeneration");
    CHECK(vs[0].message == "must be >= 0, got -1");
  }
  SECTION("lastTransitionTime zero") {
    condition c = valid();
    c.last_transition_time = timestamp{};
    const auto vs = trainjob::validate_conditions({c});
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.conditions[0].lastTransitionTime");
    CHECK(vs[0].message == "must be set");
  }
  SECTION("lastTransitionTime outside years 0000..9999") {
    condition c = valid();
    c.last_transition_time = timestamp::from_unix(timestamp::max_seconds + 1);
    const auto vs = trainjob::validate_conditions({c});
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.conditions[0].lastTransitionTime");
  }
  SECTION("duplicate types: the later one is reported") {
    const auto vs = trainjob::validate_conditions({valid("A"), valid("B"), valid("A"), valid("A")});
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"status.conditions[2].type", "status.conditions[3].type"});
    REQUIRE(vs.size() == 2);
    CHECK_THAT(vs[0].message, trainjob_test::contains_substring("duplicate"));
    CHECK_THAT(vs[0].message, trainjob_test::contains_substring("\"A\""));
  }
  SECTION("9 conditions are more than 8") {
    std::vector<condition> list;
    for (int i = 0; i < 9; ++i) list.push_back(valid("Type" + std::to_string(i)));
    const auto vs = trainjob::validate_conditions(list);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.conditions");
    CHECK(vs[0].message == "must have at most 8 items, has 9");

    trainjob::validation_options unlimited;
    unlimited.max_conditions = 0;
    CHECK(trainjob::validate_conditions(list, "status.conditions", unlimited).empty());
    trainjob::validation_options nine;
    nine.max_conditions = 9;
    CHECK(trainjob::validate_conditions(list, "status.conditions", nine).empty());
  }
  SECTION("the base path prefixes every path") {
    condition c = valid();
    c.reason = "";
    const auto vs = trainjob::validate_conditions({valid("A"), c}, "status.x");
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"status.x[1].reason"});
  }
}

TEST_CASE("validate_conditions: several problems are all reported", "[validation]") {
  std::vector<condition> list = {valid("Created"), valid("Running"), valid("Failed"), valid("Complete")};
  list[1].type = "bad type";
  list[1].observed_generation = -5;
  list[2].reason = "";
  list[2].message = "\xFF";
  list[2].last_transition_time = timestamp{};
  list[3].type = "Created";  // duplicate of [0]
  list[3].reason = "Not,";
  for (int i = 0; i < 5; ++i) list.push_back(valid("Extra" + std::to_string(i)));  // 9 in all
  const auto vs = trainjob::validate_conditions(list);
  INFO(describe(vs));
  const std::vector<std::string> expected = {
      "status.conditions",
      "status.conditions[1].type",
      "status.conditions[1].observedGeneration",
      "status.conditions[2].reason",
      "status.conditions[2].message",
      "status.conditions[2].lastTransitionTime",
      "status.conditions[3].type",
      "status.conditions[3].reason",
  };
  CHECK(paths(vs) == expected);
  for (const auto& v : vs) CHECK_FALSE(v.message.empty());
}

namespace {

trainjob::train_job valid_job() {
  trainjob::train_job tj;
  tj.api_version = "trainer.kubeflow.org/v1alpha1";
  tj.kind = "TrainJob";
  tj.metadata.name = "job";
  tj.spec.runtime_ref.name = "torch-distributed";
  tj.status.conditions = {valid("Created")};
  trainjob::job_status js;
  js.name = "node";
  js.ready = 1;
  js.succeeded = 0;
  js.failed = 0;
  js.active = 1;
  js.suspended = 0;
  tj.status.jobs_status = {js};
  return tj;
}

}  // namespace

TEST_CASE("validate(train_job)", "[validation]") {
  SECTION("valid") {
    const auto vs = trainjob::validate(valid_job());
    INFO(describe(vs));
    CHECK(vs.empty());
  }
  SECTION("jobsStatus: a negative count") {
    auto tj = valid_job();
    tj.status.jobs_status[0].failed = -1;
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.jobsStatus[0].failed");
    CHECK(vs[0].message == "must be >= 0, got -1");
  }
  SECTION("jobsStatus: a missing count") {
    auto tj = valid_job();
    tj.status.jobs_status[0].suspended.reset();
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.jobsStatus[0].suspended");
  }
  SECTION("jobsStatus: a duplicate name") {
    auto tj = valid_job();
    tj.status.jobs_status.push_back(tj.status.jobs_status[0]);
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.jobsStatus[1].name");
    CHECK_THAT(vs[0].message, trainjob_test::contains_substring("duplicate"));
  }
  SECTION("jobsStatus: an empty name") {
    auto tj = valid_job();
    tj.status.jobs_status[0].name = "";
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "status.jobsStatus[0].name");
  }
  SECTION("activeDeadlineSeconds") {
    auto tj = valid_job();
    tj.spec.active_deadline_seconds = 0;
    auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "spec.activeDeadlineSeconds");
    CHECK(vs[0].message == "must be >= 1, got 0");
    tj.spec.active_deadline_seconds = 1;
    CHECK(trainjob::validate(tj).empty());
  }
  SECTION("runtimeRef.name empty") {
    auto tj = valid_job();
    tj.spec.runtime_ref.name = "";
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"spec.runtimeRef.name"});
  }
  SECTION("conditions are validated with the 8 limit") {
    auto tj = valid_job();
    tj.status.conditions.clear();
    for (int i = 0; i < 9; ++i) tj.status.conditions.push_back(valid("T" + std::to_string(i)));
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"status.conditions"});
  }
  SECTION("everything at once") {
    auto tj = valid_job();
    tj.status.conditions[0].reason = "";
    tj.status.jobs_status[0].ready = -2;
    tj.status.jobs_status[0].active.reset();
    tj.spec.active_deadline_seconds = -3;
    const auto vs = trainjob::validate(tj);
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"status.conditions[0].reason", "status.jobsStatus[0].ready",
                                                "status.jobsStatus[0].active", "spec.activeDeadlineSeconds"});
  }
}

TEST_CASE("validate(job_set)", "[validation]") {
  trainjob::job_set js;
  js.api_version = "jobset.x-k8s.io/v1alpha2";
  js.kind = "JobSet";
  for (int i = 0; i < 9; ++i) js.status.conditions.push_back(valid("T" + std::to_string(i)));
  SECTION("the 8 limit does not apply to JobSets") {
    const auto vs = trainjob::validate(js);
    INFO(describe(vs));
    CHECK(vs.empty());
  }
  SECTION("even when asked for") {
    trainjob::validation_options options;
    options.max_conditions = 2;
    CHECK(trainjob::validate(js, options).empty());
  }
  SECTION("conditions and counts are still checked") {
    js.status.conditions[3].type = "T0";
    trainjob::replicated_job_status r;
    r.name = "workers";
    r.active = -1;
    js.status.replicated_jobs_status = {r};
    js.status.restarts = -1;
    const auto vs = trainjob::validate(js);
    INFO(describe(vs));
    CHECK(paths(vs) == std::vector<std::string>{"status.conditions[3].type",
                                                "status.replicatedJobsStatus[0].active", "status.restarts"});
  }
}

TEST_CASE("validate(training_runtime): numNodes >= 1", "[validation]") {
  trainjob::training_runtime rt;
  CHECK(trainjob::validate(rt).empty());
  rt.spec.ml_policy = trainjob::ml_policy{};
  rt.spec.ml_policy->num_nodes = 1;
  CHECK(trainjob::validate(rt).empty());
  rt.spec.ml_policy->num_nodes = 0;
  const auto vs = trainjob::validate(rt);
  INFO(describe(vs));
  CHECK(paths(vs) == std::vector<std::string>{"spec.mlPolicy.numNodes"});
}

TEST_CASE("validate: values in messages are bounded and shown as they are", "[validation][messages]") {
  SECTION("a 1 MB type and reason: cut, with their length") {
    condition c = valid(std::string(1u << 20, 'x') + "!");
    c.reason = std::string(1u << 20, 'r') + "?";
    const auto vs = trainjob::validate_conditions({c});
    INFO(describe(vs));
    REQUIRE(vs.size() == 4);  // type length and pattern, reason length and pattern
    for (const auto& v : vs) CHECK(v.to_string().size() < 300);
    CHECK_THAT(vs[1].message, trainjob_test::contains_substring("got \"xxxx"));
    CHECK_THAT(vs[1].message, trainjob_test::contains_substring("x\xE2\x80\xA6\" (1048577 bytes)"));
    CHECK_THAT(vs[3].message, trainjob_test::contains_substring("r\xE2\x80\xA6\" (1048577 bytes)"));
    const auto twice = trainjob::validate_conditions({c, c});
    REQUIRE(twice.size() == 9);
    for (const auto& v : twice) CHECK(v.to_string().size() < 300);
    CHECK_THAT(twice[6].message, trainjob_test::contains_substring("duplicate condition type \"xxxx"));
    CHECK_THAT(twice[6].message, trainjob_test::contains_substring("(1048577 bytes): the list is a map"));
  }
  SECTION("invalid UTF-8 as U+FFFD, control characters escaped") {
    const auto vs = trainjob::validate_conditions({valid("Bad\xff\x01Type\n")});
    INFO(describe(vs));
    REQUIRE(vs.size() == 1);
    CHECK_THAT(vs[0].message, trainjob_test::contains_substring("got \"Bad\xEF\xBF\xBD\\u0001Type\\n\""));
  }
  SECTION("a short value is quoted whole, up to 80 bytes") {
    const std::string t = "-" + std::string(79, 'a');
    const auto vs = trainjob::validate_conditions({valid(t)});
    REQUIRE(vs.size() == 1);
    CHECK_THAT(vs[0].message, trainjob_test::contains_substring("got \"" + t + "\""));
  }
}

TEST_CASE("validate(job_set): the rules the TrainJob's copy of replicatedJobsStatus must meet",
          "[validation]") {
  trainjob::job_set js;
  const auto entry = [](std::string name) {
    trainjob::replicated_job_status r;
    r.name = std::move(name);
    return r;
  };
  js.status.replicated_jobs_status = {entry("node"), entry(""), entry("node")};
  auto vs = trainjob::validate(js);
  INFO(describe(vs));
  CHECK(paths(vs) == std::vector<std::string>{"status.replicatedJobsStatus[1].name",
                                              "status.replicatedJobsStatus[2].name"});
  js.status.replicated_jobs_status.clear();
  for (int i = 0; i < 101; ++i) js.status.replicated_jobs_status.push_back(entry("j" + std::to_string(i)));
  vs = trainjob::validate(js);
  CHECK(paths(vs) == std::vector<std::string>{"status.replicatedJobsStatus"});
}

TEST_CASE("is_valid answers exactly what validate() does, without allocating", "[validation]") {
  // One valid TrainJob and JobSet, then every single-rule break of each.
  trainjob::train_job tj;
  tj.spec.runtime_ref.name = "torch";
  tj.status.conditions = {valid("Suspended"), valid("Complete")};
  trainjob::job_status j;
  j.name = "node";
  j.ready = j.succeeded = j.failed = j.active = j.suspended = 0;
  tj.status.jobs_status = {j};
  trainjob::job_set js;
  js.status.conditions = {valid("Completed")};
  trainjob::replicated_job_status r;
  r.name = "node";
  js.status.replicated_jobs_status = {r};

  std::vector<std::pair<std::string, trainjob::train_job>> jobs = {{"valid", tj}};
  const auto job_with = [&](const char* what, auto&& change) {
    trainjob::train_job t = tj;
    change(t);
    jobs.emplace_back(what, t);
  };
  job_with("empty type", [](auto& t) { t.status.conditions[0].type.clear(); });
  job_with("bad type", [](auto& t) { t.status.conditions[0].type = "-x"; });
  job_with("long type", [](auto& t) { t.status.conditions[0].type = std::string(317, 'a'); });
  job_with("duplicate type", [](auto& t) { t.status.conditions[1].type = "Suspended"; });
  job_with("bad status", [](auto& t) { t.status.conditions[0].status = static_cast<condition_status>(7); });
  job_with("empty reason", [](auto& t) { t.status.conditions[0].reason.clear(); });
  job_with("bad reason", [](auto& t) { t.status.conditions[0].reason = "a b"; });
  job_with("long message", [](auto& t) { t.status.conditions[0].message = std::string(32769, 'm'); });
  job_with("invalid UTF-8", [](auto& t) { t.status.conditions[0].message = "\xff"; });
  job_with("negative generation", [](auto& t) { t.status.conditions[0].observed_generation = -1; });
  job_with("no time", [](auto& t) { t.status.conditions[0].last_transition_time = timestamp(); });
  job_with("nine conditions", [](auto& t) {
    for (int i = 0; i < 7; ++i) t.status.conditions.push_back(valid("T" + std::to_string(i)));
  });
  job_with("eight conditions", [](auto& t) {
    for (int i = 0; i < 6; ++i) t.status.conditions.push_back(valid("T" + std::to_string(i)));
  });
  job_with("empty job name", [](auto& t) { t.status.jobs_status[0].name.clear(); });
  job_with("duplicate job name", [](auto& t) { t.status.jobs_status.push_back(t.status.jobs_status[0]); });
  job_with("negative count", [](auto& t) { t.status.jobs_status[0].active = -1; });
  job_with("missing count", [](auto& t) { t.status.jobs_status[0].ready.reset(); });
  job_with("101 jobs", [](auto& t) {
    for (int i = 0; i < 100; ++i) {
      t.status.jobs_status.push_back(t.status.jobs_status[0]);
      t.status.jobs_status.back().name = "j" + std::to_string(i);
    }
  });
  job_with("no runtime name", [](auto& t) { t.spec.runtime_ref.name.clear(); });
  job_with("zero deadline", [](auto& t) { t.spec.active_deadline_seconds = 0; });
  for (const auto& [what, t] : jobs) {
    INFO(what);
    CHECK(trainjob::is_valid(t) == trainjob::validate(t).empty());
    CHECK(trainjob::is_valid(t.status) == trainjob::validate(t.status).empty());
  }
  CHECK(trainjob::is_valid(jobs[0].second));
  CHECK(trainjob::is_valid(js));
  trainjob::job_set bad = js;
  bad.status.replicated_jobs_status.push_back(r);
  CHECK_FALSE(trainjob::is_valid(bad));
  bad = js;
  bad.status.conditions.push_back(valid("Completed"));
  CHECK_FALSE(trainjob::is_valid(bad));
  bad = js;
  bad.status.restarts = -1;
  CHECK_FALSE(trainjob::is_valid(bad));
}
