// Tests for trainjob/lint.hpp: every rule fires on a real-looking object (tests/data/state,
// tests/data/lint, or a status computed by reconcile) and stays quiet on its clean twin.
#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures.hpp"

namespace {

std::string show(const std::vector<finding>& fs) {
  std::string out;
  for (const auto& f : fs) out += f.path + ": [" + f.rule + "] " + f.severity + ": " + f.message + "\n";
  return out.empty() ? "(no findings)" : out;
}

/// How many findings of `rule` (at `path`, when given).
std::size_t count(const std::vector<finding>& fs, std::string_view rule, std::string_view path = {}) {
  return static_cast<std::size_t>(std::count_if(fs.begin(), fs.end(), [&](const finding& f) {
    return f.rule == rule && (path.empty() || f.path == path);
  }));
}

bool has(const std::vector<finding>& fs, std::string_view rule, std::string_view path = {}) {
  return count(fs, rule, path) > 0;
}

/// A resumed running TrainJob whose one condition is replaced by `c`, or added after it.
train_job with_condition(trainjob::condition c, bool replace = true) {
  train_job tj = load("state/resumed-running.json");
  if (replace) tj.status.conditions.clear();
  tj.status.conditions.push_back(std::move(c));
  return tj;
}

const char* const CLEAN[] = {"state/complete.json",
                             "state/failed.json",
                             "state/deadline.json",
                             "state/suspended.json",
                             "state/pending.json",
                             "state/deleted.json",
                             "upstream/trainer-master__TrainJob__kueue-example.json",
                             "upstream/trainer-master__TrainJob__multi-step-example.json"};

}  // namespace

TEST_CASE("lint_rules: stable kebab-case ids, error or warning, unique", "[lint]") {
  std::set<std::string_view> ids;
  for (const auto& r : trainjob::lint_rules) {
    INFO(r.id);
    CHECK(ids.insert(r.id).second);
    CHECK((r.severity == "error" || r.severity == "warning"));
    CHECK(std::all_of(r.id.begin(), r.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }));
    CHECK_FALSE(r.summary.empty());
  }
  CHECK(ids.size() == 16);
}

TEST_CASE("clean TrainJobs have no finding", "[lint]") {
  for (const char* name : CLEAN) {
    const auto fs = lint(load(name));
    INFO(name << "\n" << show(fs));
    CHECK(fs.empty());
  }
}

TEST_CASE("every finding carries its rule's severity", "[lint]") {
  std::vector<finding> all = lint(load("lint/conventions.json"));
  for (const char* name : {"state/both-terminal.json", "lint/too-many-types.json",
                           "state/legacy-created-v1.9.json", "state/resumed-running.json"}) {
    auto fs = lint(load(name));
    all.insert(all.end(), fs.begin(), fs.end());
  }
  const train_job prev = load("lint/terminal-removed.previous.json");
  auto fs = lint(load("lint/terminal-removed.current.json"), &prev);
  all.insert(all.end(), fs.begin(), fs.end());
  fs = lint_policy_names({"Complete", "Bogus", "Running", "Running"});
  all.insert(all.end(), fs.begin(), fs.end());
  REQUIRE_FALSE(all.empty());
  for (const auto& f : all) {
    INFO(f.rule);
    const auto it = std::find_if(std::begin(trainjob::lint_rules), std::end(trainjob::lint_rules),
                                 [&](const trainjob::lint_rule& r) { return r.id == f.rule; });
    REQUIRE(it != std::end(trainjob::lint_rules));
    CHECK(f.severity == it->severity);
    CHECK_FALSE(f.path.empty());
    CHECK_FALSE(f.message.empty());
  }
}

TEST_CASE("schema: every validation violation, its path kept", "[lint]") {
  train_job tj = load("state/complete.json");
  tj.status.conditions[0].reason = "All Jobs Completed";
  tj.spec.active_deadline_seconds = 0;
  const auto fs = lint(tj);
  INFO(show(fs));
  CHECK(has(fs, "schema", "status.conditions[0].reason"));
  CHECK(has(fs, "schema", "spec.activeDeadlineSeconds"));
  CHECK(count(fs, "schema") == 2);
  CHECK_FALSE(has(fs, "reason-not-camelcase"));  // reported once, by the schema
  CHECK_FALSE(has(lint(load("state/complete.json")), "schema"));
}

TEST_CASE("complete-and-failed: Complete and Failed both True", "[lint]") {
  const auto fs = lint(load("state/both-terminal.json"));
  INFO(show(fs));
  CHECK(has(fs, "complete-and-failed", "status.conditions[1]"));
  CHECK(fs.size() == 1);
  SECTION("Failed False next to Complete: no finding") {
    train_job tj = load("state/both-terminal.json");
    tj.status.conditions[1].status = trainjob::condition_status::false_;
    CHECK_FALSE(has(lint(tj), "complete-and-failed"));
  }
  SECTION("what v2.0 computes from the same JobSet (only Complete): no finding") {
    train_job tj = load("state/pending.json");
    const trainjob::job_set js = job_set_builder("multi-node-example")
                                     .completed("2025-06-12T15:14:58Z")
                                     .failed("2025-06-12T15:14:59Z")
                                     .build();
    trainjob::reconcile_options v20;
    v20.profile = trainjob::profile::v2_0;
    tj.status = trainjob::reconcile({tj, &js, at("2025-06-12T15:15:00Z")}, v20).status;
    CHECK_FALSE(has(lint(tj), "complete-and-failed"));
    tj.status = trainjob::reconcile({load("state/pending.json"), &js, at("2025-06-12T15:15:00Z")}).status;
    CHECK(has(lint(tj), "complete-and-failed"));
  }
}

TEST_CASE("terminal-condition-removed: a Complete or Failed that was True went away", "[lint]") {
  const train_job prev = load("lint/terminal-removed.previous.json");
  SECTION("the fixture: Failed gone") {
    const auto fs = lint(load("lint/terminal-removed.current.json"), &prev);
    INFO(show(fs));
    CHECK(has(fs, "terminal-condition-removed", "status.conditions"));
    CHECK_THAT(fs.front().message, trainjob_test::contains_substring("kubeflow/trainer 3737"));
  }
  SECTION("v2.2 removes a JobSet-derived Failed when the JobSet is gone; latest keeps it") {
    trainjob::reconcile_options v22;
    v22.profile = trainjob::profile::v2_2;
    train_job next = prev;
    next.status = trainjob::reconcile({prev, nullptr, at("2025-06-12T11:10:00Z")}, v22).status;
    CHECK(has(lint(next, &prev), "terminal-condition-removed"));
    next.status = trainjob::reconcile({prev, nullptr, at("2025-06-12T11:10:00Z")}).status;
    CHECK_FALSE(has(lint(next, &prev), "terminal-condition-removed"));
  }
  SECTION("Failed turned False") {
    train_job cur = prev;
    cur.status.conditions[0].status = trainjob::condition_status::false_;
    cur.status.conditions[0].last_transition_time = at("2025-06-12T11:10:00Z");
    CHECK(has(lint(cur, &prev), "terminal-condition-removed", "status.conditions[0].status"));
  }
  SECTION("Complete kept: no finding; without a previous object: no finding") {
    const train_job done = load("state/complete.json");
    CHECK(lint(done, &done).empty());
    CHECK_FALSE(has(lint(load("lint/terminal-removed.current.json")), "terminal-condition-removed"));
  }
}

TEST_CASE("transition-time-inconsistent: lastTransitionTime follows status changes only", "[lint]") {
  const train_job prev = load("state/suspended.json");
  SECTION("a real resume computed by reconcile: no finding") {
    train_job cur = prev;
    cur.spec.suspend = false;
    cur.status = trainjob::reconcile({cur, nullptr, at("2025-06-12T10:00:42Z")}).status;
    const auto fs = lint(cur, &prev);
    INFO(show(fs));
    CHECK_FALSE(has(fs, "transition-time-inconsistent"));
  }
  SECTION("status changed, time stayed") {
    train_job cur = prev;
    cur.spec.suspend = false;
    cur.status.conditions[0].status = trainjob::condition_status::false_;
    cur.status.conditions[0].reason = "Resumed";
    cur.status.conditions[0].message = "TrainJob is resumed";
    CHECK(has(lint(cur, &prev), "transition-time-inconsistent", "status.conditions[0].lastTransitionTime"));
  }
  SECTION("time moved, status stayed") {
    train_job cur = prev;
    cur.status.conditions[0].last_transition_time = at("2025-06-12T10:05:00Z");
    CHECK(has(lint(cur, &prev), "transition-time-inconsistent", "status.conditions[0].lastTransitionTime"));
  }
}

TEST_CASE("reason-not-camelcase: CamelCase words, optionally joined by ',' or ':'", "[lint]") {
  SECTION("the fixture: jobs_failed, FAILED, failedJobs") {
    const auto fs = lint(load("lint/conventions.json"));
    INFO(show(fs));
    CHECK(has(fs, "reason-not-camelcase", "status.conditions[0].reason"));
    CHECK(has(fs, "reason-not-camelcase", "status.conditions[1].reason"));
    CHECK(has(fs, "reason-not-camelcase", "status.conditions[2].reason"));
  }
  SECTION("flagged") {
    const std::string reason = GENERATE("jobs_failed", "FAILED", "failedJobs", "Failed_Jobs", "A",
                                        "FailedJobs,", "FailedJobs,,ReachedMaxRestarts", "Failed:jobs");
    INFO(reason);
    const auto fs =
        lint(with_condition(cond("Failed", "True", reason, "jobset failed", at("2025-06-12T10:20:00Z"))));
    CHECK((has(fs, "reason-not-camelcase") || has(fs, "schema")));
  }
  SECTION("accepted") {
    const std::string reason =
        GENERATE("FailedJobs", "OOMKilled", "AllJobsCompleted", "FailedJobs,ReachedMaxRestarts",
                 "Failed:ImagePullBackOff", "DeadlineExceeded", "Resumed", "V2Migrated");
    INFO(reason);
    const auto fs =
        lint(with_condition(cond("Failed", "True", reason, "jobset failed", at("2025-06-12T10:20:00Z"))));
    CHECK_FALSE(has(fs, "reason-not-camelcase"));
    CHECK_FALSE(has(fs, "schema"));
  }
}

TEST_CASE("type-not-camelcase: one CamelCase word after an optional domain", "[lint]") {
  CHECK(has(lint(load("lint/conventions.json")), "type-not-camelcase", "status.conditions[1].type"));
  SECTION("flagged") {
    const std::string type =
        GENERATE("gpu-quota", "ready", "READY", "Pod.Ready", "Quota_Reserved", "example.com/quota-reserved");
    INFO(type);
    CHECK(has(lint(with_condition(
                  cond(type, "True", "Reserved", "quota reserved", at("2025-06-12T10:20:00Z")), false)),
              "type-not-camelcase"));
  }
  SECTION("accepted") {
    const std::string type = GENERATE("QuotaReserved", "example.com/QuotaReserved", "StartupPolicyCompleted",
                                      "PodScheduled", "GPUReady");
    INFO(type);
    const auto fs = lint(
        with_condition(cond(type, "True", "Reserved", "quota reserved", at("2025-06-12T10:20:00Z")), false));
    CHECK_FALSE(has(fs, "type-not-camelcase"));
    CHECK_FALSE(has(fs, "schema"));
  }
}

TEST_CASE("misleading-state-column: the last condition is not the current state", "[lint]") {
  SECTION("kubeflow/trainer 3666: Suspended=False after a resume") {
    const auto fs = lint(load("state/resumed-running.json"));
    INFO(show(fs));
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].rule == "misleading-state-column");
    CHECK(fs[0].path == "status.conditions[0]");
    CHECK_THAT(fs[0].message, trainjob_test::contains_substring("the job is Running"));
  }
  SECTION("a policy's False condition added last (Running=False while pending)") {
    train_job tj = load("state/pending.json");
    auto set = trainjob::make_policy_set({"Running"});
    REQUIRE(set.ok());
    trainjob::reconcile_options opts;
    opts.policies = &*set;
    const trainjob::job_set js = job_set_builder("multi-node-example").build();
    tj.status = trainjob::reconcile({tj, &js, at("2025-06-12T15:00:02Z")}, opts).status;
    REQUIRE(tj.status.conditions.size() == 1);
    CHECK(has(lint(tj), "misleading-state-column", "status.conditions[0]"));
  }
  SECTION("a True state type that is not the state: Suspended after Complete") {
    train_job tj = load("state/complete.json");
    tj.spec.suspend = true;
    tj.status = trainjob::reconcile({tj, nullptr, at("2025-06-12T09:30:00Z")}).status;
    REQUIRE(tj.status.conditions.back().type == "Suspended");
    CHECK(has(lint(tj), "misleading-state-column", "status.conditions[1]"));
  }
  SECTION("no finding: the last condition is True and is the state") {
    for (const char* name : {"state/complete.json", "state/failed.json", "state/suspended.json"}) {
      INFO(name);
      CHECK_FALSE(has(lint(load(name)), "misleading-state-column"));
    }
  }
}

TEST_CASE("too-many-condition-types: with Complete, Failed and Suspended, more than 8", "[lint]") {
  const auto fs = lint(load("lint/too-many-types.json"));
  INFO(show(fs));
  CHECK(has(fs, "too-many-condition-types", "status.conditions"));
  CHECK_FALSE(has(fs, "schema"));  // 8 conditions are still valid today
  SECTION("5 other types fit") {
    train_job tj = load("lint/too-many-types.json");
    tj.status.conditions.erase(tj.status.conditions.begin(), tj.status.conditions.begin() + 2);
    REQUIRE(tj.status.conditions.size() == 6);  // 5 types and Complete
    CHECK_FALSE(has(lint(tj), "too-many-condition-types"));
  }
}

TEST_CASE("legacy-created: a Created condition from a pre-2.0 controller", "[lint]") {
  train_job tj = load("state/legacy-created-v1.9.json");
  const auto fs = lint(tj);
  INFO(show(fs));
  CHECK(has(fs, "legacy-created", "status.conditions[0].type"));
  SECTION("gone after the migration") {
    trainjob::reconcile_options opts;
    opts.migrate_legacy_created = true;
    const auto r = trainjob::reconcile({tj, nullptr, at("2025-06-12T10:00:00Z")}, opts);
    CHECK(r.changed);
    tj.status = r.status;
    CHECK_FALSE(has(lint(tj), "legacy-created"));
  }
}

TEST_CASE("negative-polarity-type: Not... and Un... names", "[lint]") {
  const auto fs = lint(load("lint/conventions.json"));
  CHECK(has(fs, "negative-polarity-type", "status.conditions[0].type"));  // example.com/NotReady
  CHECK(has(fs, "negative-polarity-type", "status.conditions[2].type"));  // Unhealthy
  SECTION("flagged") {
    const std::string type = GENERATE("NotReady", "Unschedulable", "Unavailable", "example.com/NotAdmitted");
    INFO(type);
    CHECK(has(
        lint(with_condition(cond(type, "False", "Checked", "checked", at("2025-06-12T10:20:00Z")), false)),
        "negative-polarity-type"));
  }
  SECTION("accepted, Failed included") {
    const std::string type = GENERATE("Failed", "JobsFailed", "Notified", "Unique", "UniformlyScheduled",
                                      "UnderReplicated", "Until", "Ready");
    INFO(type);
    CHECK_FALSE(has(
        lint(with_condition(cond(type, "False", "Checked", "checked", at("2025-06-12T10:20:00Z")), false)),
        "negative-polarity-type"));
  }
}

TEST_CASE("empty-message-on-false: False or Unknown without a message", "[lint]") {
  CHECK(has(lint(load("lint/conventions.json")), "empty-message-on-false", "status.conditions[1].message"));
  const std::string status = GENERATE("False", "Unknown");
  CHECK(has(lint(with_condition(cond("Ready", status, "Waiting", " ", at("2025-06-12T10:20:00Z")), false)),
            "empty-message-on-false"));
  CHECK_FALSE(
      has(lint(with_condition(
              cond("Ready", status, "Waiting", "waiting for quota", at("2025-06-12T10:20:00Z")), false)),
          "empty-message-on-false"));
  CHECK_FALSE(has(lint(with_condition(cond("Ready", "True", "Ready", "", at("2025-06-12T10:20:00Z")), false)),
                  "empty-message-on-false"));
}

TEST_CASE("transition-before-creation: a lastTransitionTime earlier than creationTimestamp", "[lint]") {
  CHECK(has(lint(load("lint/conventions.json")), "transition-before-creation",
            "status.conditions[1].lastTransitionTime"));
  train_job tj = load("state/complete.json");
  tj.status.conditions[0].last_transition_time = tj.metadata.creation_timestamp;
  CHECK_FALSE(has(lint(tj), "transition-before-creation"));
  tj.status.conditions[0].last_transition_time = at("2025-06-12T08:59:59Z");
  CHECK(has(lint(tj), "transition-before-creation", "status.conditions[0].lastTransitionTime"));
  tj.metadata.creation_timestamp = {};
  CHECK_FALSE(has(lint(tj), "transition-before-creation"));
}

TEST_CASE("observed-generation-ahead: a condition observed a generation that does not exist", "[lint]") {
  CHECK(has(lint(load("lint/conventions.json")), "observed-generation-ahead",
            "status.conditions[2].observedGeneration"));
  train_job tj = load("state/resumed-running.json");  // generation 2
  tj.status.conditions[0].observed_generation = 2;
  CHECK_FALSE(has(lint(tj), "observed-generation-ahead"));
  tj.status.conditions[0].observed_generation = 3;
  CHECK(has(lint(tj), "observed-generation-ahead", "status.conditions[0].observedGeneration"));
  tj.metadata.generation = 0;  // not set: nothing to compare with
  CHECK_FALSE(has(lint(tj), "observed-generation-ahead"));
}

TEST_CASE("policy names: unknown, built-in, duplicate, too many", "[lint]") {
  SECTION("each shipped policy alone is clean") {
    for (auto name : trainjob::shipped_policy_names()) {
      INFO(name);
      CHECK(lint_policy_names({std::string(name)}).empty());
    }
  }
  SECTION("unknown-policy") {
    const auto fs = lint_policy_names({"Running", "Bogus"});
    INFO(show(fs));
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].rule == "unknown-policy");
    CHECK(fs[0].path == "policies[1]");
  }
  SECTION("policy-owns-builtin") {
    const std::string name = GENERATE("Complete", "Failed", "Suspended", "Created");
    const auto fs = lint_policy_names({"Started", name});
    INFO(show(fs));
    CHECK(has(fs, "policy-owns-builtin", "policies[1]"));
    CHECK_FALSE(has(fs, "unknown-policy"));
  }
  SECTION("duplicate-policy-type") {
    CHECK(has(lint_policy_names({"Running", "Started", "Running"}), "duplicate-policy-type", "policies[2]"));
    CHECK_FALSE(has(lint_policy_names({"Running", "Started"}), "duplicate-policy-type"));
  }
  SECTION("too-many-condition-types: 6 policies, 5 fit") {
    const std::vector<std::string> six{"Initialized", "ComponentsCreated", "Accepted",
                                       "Progressing", "Started",           "Running"};
    CHECK(has(lint_policy_names(six), "too-many-condition-types", "policies"));
    CHECK(lint_policy_names({six.begin(), six.end() - 1}).empty());
  }
  SECTION("findings in the order of the names, the set's last") {
    const auto fs = lint_policy_names({"Bogus", "Initialized", "ComponentsCreated", "Accepted", "Progressing",
                                       "Started", "Running", "Running", "Complete"});
    INFO(show(fs));
    REQUIRE(fs.size() == 4);
    CHECK(fs[0].path == "policies[0]");
    CHECK(fs[1].path == "policies[7]");
    CHECK(fs[2].path == "policies[8]");
    CHECK(fs[3].path == "policies");
  }
  SECTION("agrees with the registry: a set builds iff lint finds no error") {
    const std::vector<std::vector<std::string>> lists{
        {},
        {"Running"},
        {"Running", "Running"},
        {"Failed"},
        {"Bogus"},
        {"Initialized", "ComponentsCreated", "Accepted", "Progressing", "Started"},
        {"Initialized", "ComponentsCreated", "Accepted", "Progressing", "Started", "Running"}};
    for (const auto& names : lists) {
      const auto fs = lint_policy_names(names);
      INFO(show(fs));
      const bool errors =
          std::any_of(fs.begin(), fs.end(), [](const finding& f) { return f.severity == "error"; });
      CHECK(trainjob::make_policy_set(names).ok() == !errors);
    }
  }
}

TEST_CASE("lint(policy_set): type rules on policies written in C++", "[lint]") {
  auto none = [](const trainjob::policy_context&) { return std::optional<trainjob::condition>{}; };
  SECTION("a shipped set is clean") {
    auto set = trainjob::make_policy_set({"Initialized", "ComponentsCreated", "Started"});
    REQUIRE(set.ok());
    CHECK(lint(*set).empty());
  }
  SECTION("negative polarity and a non-CamelCase name") {
    trainjob::policy_set set;
    set.add(trainjob::make_policy("example.com/NotAdmitted", none));
    set.add(trainjob::make_policy("example.com/quota-reserved", none));
    set.add(trainjob::make_policy("example.com/QuotaReserved", none));
    const auto fs = lint(set);
    INFO(show(fs));
    CHECK(has(fs, "negative-polarity-type", "policies[0]"));
    CHECK(has(fs, "type-not-camelcase", "policies[1]"));
    CHECK(fs.size() == 2);
  }
}

TEST_CASE("lint: findings that repeat a condition type stay bounded", "[lint][messages]") {
  // A 32 MB type used to come back four times over; each finding now shows at
  // most quote_limit bytes of it, with its length.
  const std::string type = "Ab" + std::string(1u << 20, 'c');
  train_job tj = load("state/resumed-running.json");
  tj.metadata.creation_timestamp = at("2025-06-01T00:00:00Z");
  tj.metadata.generation = 1;
  trainjob::condition c;
  c.type = type;
  c.status = trainjob::condition_status::false_;
  c.reason = "Waiting";
  c.observed_generation = 5;                            // observed-generation-ahead
  c.last_transition_time = at("2025-05-01T00:00:00Z");  // transition-before-creation
  tj.status.conditions = {c};                           // empty-message-on-false, misleading-state-column
  train_job previous = tj;
  previous.status.conditions[0].last_transition_time =
      at("2025-04-01T00:00:00Z");  // transition-time-inconsistent
  const auto fs = lint(tj, &previous);
  INFO(show(fs).substr(0, 4000));
  for (std::string_view rule :
       {"empty-message-on-false", "transition-before-creation", "observed-generation-ahead",
        "transition-time-inconsistent", "misleading-state-column"}) {
    INFO(rule);
    CHECK(has(fs, rule));
  }
  std::size_t total = 0;
  for (const auto& f : fs) {
    INFO(f.rule);
    CHECK(f.message.size() < 400);
    CHECK(f.path.size() < 100);
    if (f.rule != "schema") CHECK_THAT(f.message, trainjob_test::contains_substring("(1048578 bytes)"));
    total += f.message.size() + f.path.size();
  }
  CHECK(total < 400 * fs.size());
  const auto empty =
      std::find_if(fs.begin(), fs.end(), [](const finding& f) { return f.rule == "empty-message-on-false"; });
  REQUIRE(empty != fs.end());
  CHECK_THAT(empty->message, Catch::Matchers::StartsWith("Abccc"));
  CHECK_THAT(empty->message,
             trainjob_test::contains_substring("c\xE2\x80\xA6 (1048578 bytes) is False without a message"));
}

TEST_CASE("lint: a short type is still written as it is", "[lint][messages]") {
  trainjob::condition c;
  c.type = "Ready";
  c.status = trainjob::condition_status::false_;
  c.reason = "Waiting";
  c.last_transition_time = at("2025-06-01T00:00:00Z");
  const auto fs = lint(with_condition(c, false));
  const auto empty =
      std::find_if(fs.begin(), fs.end(), [](const finding& f) { return f.rule == "empty-message-on-false"; });
  REQUIRE(empty != fs.end());
  CHECK(empty->message == "Ready is False without a message: say why, for people reading `kubectl describe`");
}

TEST_CASE("lint_policy_names: a 1 MB name is cut, with its length", "[lint][messages]") {
  const auto fs = lint_policy_names({std::string(1u << 20, 'n') + "\xff"});
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "unknown-policy");
  CHECK(fs[0].message.size() < 400);
  CHECK_THAT(fs[0].message, trainjob_test::contains_substring("n\xE2\x80\xA6\" (1048577 bytes); shipped: "));
}
