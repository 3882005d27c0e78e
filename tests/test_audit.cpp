// Tests for trainjob/audit.hpp: the planted snapshot (tests/data/audit/snapshot.yaml) gives
// exactly the findings its comments plant, release by release, and --upgrade-to reports the
// passes that change.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <trainjob/audit.hpp>
#include <trainjob/yaml.hpp>

#include "fixtures.hpp"

namespace {

using rules = std::set<std::string>;
using findings_by_object = std::map<std::string, rules>;  // "TrainJob team-a/x" -> rule ids

const timestamp AUDIT_NOW = at("2025-07-01T12:00:00Z");

trainjob::audit_snapshot planted() {
  auto docs = trainjob::parse_documents(read_text(data_dir() / "audit" / "snapshot.yaml"));
  REQUIRE(docs.ok());
  trainjob::audit_snapshot s;
  for (const auto& d : *docs) trainjob::add_objects(s, d);
  return s;
}

trainjob::audit_report run(const trainjob::audit_snapshot& s, profile p,
                           std::optional<profile> upgrade_to = std::nullopt) {
  trainjob::audit_options o;
  o.profile = p;
  o.now = AUDIT_NOW;
  o.upgrade_to = upgrade_to;
  return trainjob::audit(s, o);
}

findings_by_object by_object(const trainjob::audit_report& r) {
  findings_by_object out;
  for (const auto& e : r.entries) {
    auto& set = out[e.kind + " " + e.namespace_ + "/" + e.name];
    for (const auto& f : e.findings) set.insert(f.rule);
  }
  return out;
}

const trainjob::audit_entry& entry(const trainjob::audit_report& r, const std::string& kind,
                                   const std::string& name) {
  const auto it = std::find_if(r.entries.begin(), r.entries.end(), [&](const trainjob::audit_entry& e) {
    return e.kind == kind && e.name == name;
  });
  REQUIRE(it != r.entries.end());
  return *it;
}

std::string message_of(const trainjob::audit_entry& e, const std::string& rule) {
  for (const auto& f : e.findings) {
    if (f.rule == rule) return f.message;
  }
  return {};
}

}  // namespace

TEST_CASE("audit: the planted snapshot under v2.2 gives exactly the planted findings") {
  const auto s = planted();
  REQUIRE(s.trainjobs.size() == 9);
  REQUIRE(s.jobsets.size() == 8);
  const auto r = run(s, profile::v2_2);
  const std::string every = "status-write-every-pass";
  const findings_by_object want = {
      {"TrainJob team-a/healthy", {}},
      {"TrainJob team-a/stale", {"stale-status", every}},
      {"TrainJob team-a/no-jobset", {"missing-jobset", every}},
      {"TrainJob team-a/custom-runtime", {"unsupported-runtime"}},
      {"JobSet team-a/gone", {"orphan-jobset"}},
      {"TrainJob team-b/failed-ttl", {"failed-not-terminal", "missing-jobset", "stale-status", every}},
      {"TrainJob team-b/resumed", {"misleading-state-column", every}},
      {"TrainJob team-b/crowded", {"condition-limit", every}},
      {"TrainJob team-b/fraction", {"fractional-time", every}},
      {"TrainJob team-b/reborn", {"stale-status", every}},
      {"JobSet team-b/reborn", {"orphan-jobset"}},
  };
  CHECK(by_object(r) == want);

  // Every rule but upgrade-change is planted.
  rules seen;
  for (const auto& [name, set] : by_object(r)) seen.insert(set.begin(), set.end());
  for (const auto& rule : trainjob::audit_rules) {
    if (rule.rule != trainjob::audit_rule_id::upgrade_change) CHECK(seen.count(std::string(rule.id)) == 1);
  }
  CHECK(r.finding_count() == 20);

  // What will happen, and why.
  CHECK_THAT(
      message_of(entry(r, "TrainJob", "custom-runtime"), "unsupported-runtime"),
      Catch::Matchers::StartsWith("runtime \"MyRuntime.example.com\" is not registered; the v2.2 "
                                  "controller sets Failed (TrainingRuntimeNotSupported), then calls the "
                                  "nil runtime and panics"));
  CHECK(message_of(entry(r, "TrainJob", "failed-ttl"), "failed-not-terminal").find("it runs again") !=
        std::string::npos);
  CHECK(message_of(entry(r, "TrainJob", "stale"), "stale-status")
            .find("would write Complete added: True (AllJobsCompleted)") != std::string::npos);
  CHECK(message_of(entry(r, "TrainJob", "crowded"), "condition-limit")
            .find("would write 9 conditions; the TrainJob CRD allows 8") != std::string::npos);
  const auto& fraction = entry(r, "TrainJob", "fraction");
  CHECK(std::count_if(fraction.findings.begin(), fraction.findings.end(),
                      [](const trainjob::audit_finding& f) { return f.rule == "fractional-time"; }) == 2);
  CHECK(
      message_of(entry(r, "JobSet", "gone"), "orphan-jobset").find("00000000-0000-4000-8000-00000000000a") !=
      std::string::npos);
  CHECK(entry(r, "TrainJob", "resumed").state_column == "Suspended");
  CHECK(entry(r, "TrainJob", "resumed").state == "Running");
  // Sorted as kubectl lists -A: by namespace, then name.
  CHECK(r.entries.front().namespace_ == "team-a");
  CHECK(r.entries.front().name == "custom-runtime");
}

TEST_CASE("audit: the release decides which findings the same snapshot has") {
  const auto s = planted();
  for (const profile p : every_profile) {
    CAPTURE(to_string(p));
    const auto got = by_object(run(s, p));
    // A JobSet-derived Failed is removed on the next pass in v2.1, v2.2 and v2.3 only (§3.5).
    const bool removes = p == profile::v2_1 || p == profile::v2_2 || p == profile::v2_3;
    CHECK(got.at("TrainJob team-b/failed-ttl").count("failed-not-terminal") == (removes ? 1U : 0U));
    // Only v2.2 patches the status on every pass (§4).
    CHECK(got.at("TrainJob team-a/stale").count("status-write-every-pass") == (p == profile::v2_2 ? 1U : 0U));
    CHECK(got.at("TrainJob team-a/custom-runtime") == rules{"unsupported-runtime"});
    // v1.9 would add its Created condition, which a v2 status lacks.
    CHECK(got.at("TrainJob team-a/healthy") == (p == profile::v1_9 ? rules{"stale-status"} : rules{}));
    CHECK(got.at("JobSet team-a/gone") == rules{"orphan-jobset"});
    CHECK(got.count("JobSet team-a/standalone") == 0);
    // v2.0 leaves a finished job alone; from v2.2 on a finished job's missing JobSet is no error.
    const bool missing = p == profile::v2_1 || p == profile::v2_2 || p == profile::v2_3;
    CHECK(got.at("TrainJob team-b/failed-ttl").count("missing-jobset") == (missing ? 1U : 0U));
  }
  // v1.9 errors on an unregistered runtime; every later release panics on it.
  const auto v1_9 = run(s, profile::v1_9);
  const std::string legacy = message_of(entry(v1_9, "TrainJob", "custom-runtime"), "unsupported-runtime");
  CHECK(legacy.find("the specified runtime is not supported: MyRuntime.example.com") != std::string::npos);
  CHECK(legacy.find("panics") == std::string::npos);
  const auto latest = run(s, profile::latest);
  CHECK(message_of(entry(latest, "TrainJob", "custom-runtime"), "unsupported-runtime").find("panics") !=
        std::string::npos);
}

TEST_CASE("audit: --upgrade-to reports what the first pass under the new release changes") {
  const auto s = planted();
  const auto r = run(s, profile::v2_2, profile::latest);
  REQUIRE(r.upgrade_to == profile::latest);
  const auto& ttl = entry(r, "TrainJob", "failed-ttl");
  REQUIRE(ttl.upgrade);
  REQUIRE(ttl.pass);
  // v2.2 removes the Failed and applies again; latest keeps it and does nothing.
  CHECK(ttl.pass->changes == std::vector<std::string>{"Failed removed"});
  CHECK(std::find(ttl.pass->actions.begin(), ttl.pass->actions.end(), "apply (creates the JobSet)") !=
        ttl.pass->actions.end());
  CHECK(ttl.upgrade->changes.empty());
  CHECK(ttl.upgrade->actions.empty());
  CHECK_THAT(
      message_of(ttl, "upgrade-change"),
      Catch::Matchers::StartsWith("the first latest pass: conditions: unchanged; actions: none; under v2.2: "
                                  "conditions: Failed removed; actions: apply (creates the JobSet)"));
  // The same pass under both: no upgrade-change.
  CHECK(message_of(entry(r, "TrainJob", "healthy"), "upgrade-change").empty());
  CHECK(entry(r, "TrainJob", "healthy").upgrade.has_value());
  // Upgrading to the release the cluster runs changes nothing anywhere.
  for (const auto& e : run(s, profile::v2_2, profile::v2_2).entries) {
    CAPTURE(e.name);
    CHECK(message_of(e, "upgrade-change").empty());
  }
  // Without upgrade_to, no upgrade is computed.
  CHECK_FALSE(entry(run(s, profile::v2_2), "TrainJob", "failed-ttl").upgrade.has_value());
}

TEST_CASE("audit: errors carry a kind and a path; the non-throwing form returns them") {
  const auto s = planted();
  trainjob::audit_options o;  // now unset
  const auto r = trainjob::try_audit(s, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == trainjob::error_kind::schema);
  CHECK(r.error().path == "now");
  REQUIRE_THROWS_AS(trainjob::audit(s, o), trainjob::decode_error);

  const auto set = trainjob::make_policy_set({"Running"});
  REQUIRE(set.ok());
  o.now = AUDIT_NOW;
  o.policies = &*set;
  o.profile = profile::v1_9;
  const auto v1_9 = trainjob::try_audit(s, o);
  REQUIRE_FALSE(v1_9.ok());
  CHECK(v1_9.error().kind == trainjob::error_kind::policy);
  o.profile = profile::v2_2;
  CHECK(trainjob::try_audit(s, o).ok());

  // A bad object: decode_error with the path inside the List.
  trainjob::audit_snapshot bad;
  const json list = json::parse(R"({"kind": "List", "items": [{"kind": "TrainJob", "metadata": {"name": "x"},
      "spec": {"runtimeRef": {"name": "r"}, "suspend": "yes"}}]})");
  try {
    trainjob::add_objects(bad, list);
    FAIL("no error");
  } catch (const trainjob::decode_error& e) {
    CHECK(e.path() == "items[0].spec.suspend");
    CHECK(e.kind() == trainjob::error_kind::type);
  }
}

TEST_CASE("audit: a fraction is seen in the text only; the report's JSON form") {
  // The same TrainJob decoded by hand has no fraction to report: the decoded time holds whole seconds.
  auto s = planted();
  s.fractional_times.clear();
  CHECK(by_object(run(s, profile::latest)).at("TrainJob team-b/fraction").empty());

  const json j = run(planted(), profile::v2_2, profile::latest);
  CHECK(j.at("profile") == "v2.2");
  CHECK(j.at("now") == "2025-07-01T12:00:00Z");
  CHECK(j.at("upgradeTo") == "latest");
  CHECK(j.at("entries").size() == 11);
  const json& first = j.at("entries").at(0);
  CHECK(first.at("kind") == "TrainJob");
  CHECK(first.at("name") == "custom-runtime");
  CHECK(first.at("findings").at(0).at("rule") == "unsupported-runtime");
  CHECK(first.at("findings").at(0).at("severity") == "error");
  CHECK(first.at("pass").at("profile") == "v2.2");
  CHECK(first.at("upgrade").at("profile") == "latest");
  const json& orphan = j.at("entries").at(1);
  CHECK(orphan.at("kind") == "JobSet");
  CHECK_FALSE(orphan.contains("stateColumn"));
}

TEST_CASE("audit: add_decoded finds fractional times from an object's text, as add_object from its tree",
          "[audit]") {
  // The planted snapshot as JSON text, item by item: what read_manifest hands over.
  auto docs = trainjob::parse_documents(read_text(data_dir() / "audit" / "snapshot.yaml"));
  REQUIRE(docs.ok());
  trainjob::audit_snapshot by_tree, by_text, by_nothing;
  for (const auto& d : *docs) {
    trainjob::add_objects(by_tree, d);
    trainjob::detail::for_each_listed(
        d, [&](const nlohmann::json& o, const trainjob::detail::path_node&, std::size_t) {
          trainjob::add_decoded(by_text, trainjob::decode_any(o), nullptr, trainjob::dump(o));
          trainjob::add_decoded(by_nothing, trainjob::decode_any(o));
        });
  }
  REQUIRE(by_tree.fractional_times.size() >= 2);
  REQUIRE(by_text.fractional_times.size() == by_tree.fractional_times.size());
  for (std::size_t i = 0; i < by_tree.fractional_times.size(); ++i) {
    const auto &a = by_tree.fractional_times[i], &b = by_text.fractional_times[i];
    CHECK(std::tie(a.jobset, a.index, a.path, a.text) == std::tie(b.jobset, b.index, b.path, b.text));
  }
  CHECK(by_nothing.fractional_times.empty());
  CHECK(trainjob::detail::may_hold_fraction(R"({"t":"2025-06-11T07:42:17.5Z"})"));
  CHECK_FALSE(trainjob::detail::may_hold_fraction(
      R"({"image":"registry.example.com/x:1.0","t":"2025-06-11T07:42:17Z"})"));
  CHECK_FALSE(trainjob::detail::may_hold_fraction("."));

  // What no rule reads is not kept: a JobSet's spec, every object's managedFields.
  REQUIRE_FALSE(by_tree.jobsets.empty());
  for (const auto& js : by_tree.jobsets) {
    CHECK(js.spec.empty());
    CHECK(js.metadata.managed_fields.empty());
  }
  // And the report is the same either way.
  CHECK(nlohmann::json(run(by_tree, profile::latest)) == nlohmann::json(run(by_text, profile::latest)));
}
