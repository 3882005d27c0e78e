// Tests for trainjob::reconcile and trainjob::plan: every cell of docs/semantics.md §3's per-profile
// table, each profile on its own, with the exact conditions (type, status, reason, message,
// order), lastTransitionTime and observedGeneration where they matter, and every action field.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace Catch {
template <>
struct StringMaker<trainjob::timestamp> {
  static std::string convert(const trainjob::timestamp& t) { return t.is_zero() ? "<zero>" : t.to_string(); }
};
template <>
struct StringMaker<trainjob::event> {
  static std::string convert(const trainjob::event& e) {
    return "{" + e.type + ", " + e.reason + ", \"" + e.message + "\", action \"" + e.action + "\"" +
           (e.refused ? ", refused: " + *e.refused : std::string()) + "}";
  }
};
}  // namespace Catch

namespace {

// ---- times (and CREATED, NOW: fixtures.hpp) ----------------------------------------------

constexpr const char* T_OLD = "2025-01-01T00:10:00Z";
constexpr const char* T_JS = "2025-01-01T00:50:00Z";

// ---- conditions ------------------------------------------------------------------------------

const std::string JS_FAILED_MSG =
    "jobset failed due to one or more job failures (first failed job: job-node-0)";
const std::string DEADLINE_MSG = "TrainJob exceeded its active deadline";
const std::string APPLY_PREFIX = "TrainJob resources reconciliation failed: ";

const expected_condition SUSPENDED_TRUE{"Suspended", "True", "Suspended",
                                        std::string("TrainJob is suspended")};
const expected_condition RESUMED{"Suspended", "False", "Resumed", std::string("TrainJob is resumed")};
const expected_condition COMPLETE{"Complete", "True", "AllJobsCompleted",
                                  std::string("jobset completed successfully")};
const expected_condition FAILED_JS{"Failed", "True", "FailedJobs", JS_FAILED_MSG};
const expected_condition DEADLINE{"Failed", "True", "DeadlineExceeded", DEADLINE_MSG};

expected_condition runtime_failed(const std::string& what) {
  return {"Failed", "True", "TrainingRuntimeNotSupported", "unsupported runtime: " + what};
}

condition complete_cond() {
  return cond("Complete", "True", "AllJobsCompleted", "jobset completed successfully", at(T_JS));
}
condition failed_js_cond() { return cond("Failed", "True", "FailedJobs", JS_FAILED_MSG, at(T_JS)); }
condition deadline_cond(timestamp t) { return cond("Failed", "True", "DeadlineExceeded", DEADLINE_MSG, t); }
condition suspended_cond(timestamp t) {
  return cond("Suspended", "True", "Suspended", "TrainJob is suspended", t);
}
condition resumed_cond(timestamp t) {
  return cond("Suspended", "False", "Resumed", "TrainJob is resumed", t);
}

// ---- objects -------------------------------------------------------------------------------

train_job_builder job() {
  train_job_builder b("job");
  b.created(CREATED);
  return b;
}

/// The JobSet just created by an apply: no status yet.
job_set js_empty() { return job_set_builder("job").build(); }
/// Running, no terminal condition, one replicated job.
job_set js_running() { return job_set_builder("job").replicated_job("node", {2, 0, 0, 2, 0}).build(); }
job_set js_completed() {
  return job_set_builder("job").completed(T_JS).replicated_job("node", {0, 2, 0, 0, 0}).build();
}
/// Failed, no replicated jobs (so jobsStatus stays absent in every profile).
job_set js_failed() { return job_set_builder("job").failed(T_JS).build(); }
job_set js_both() { return job_set_builder("job").completed(T_JS).failed(T_JS).build(); }

// ---- running a pass ------------------------------------------------------------------------

/// One pass; checks that plan() agrees with what reconcile() reports.
reconcile_result run(profile p, const train_job& tj, const job_set* js, timestamp now = NOW,
                     std::optional<std::string_view> apply_error = std::nullopt,
                     const runtime_registry* runtimes = nullptr) {
  reconcile_options o;
  o.profile = p;
  o.runtimes = runtimes;
  const plan_result pl = plan(tj, o);
  reconcile_result r = trainjob::reconcile(observation{tj, js, now, apply_error}, o);
  CHECK(pl.apply_objects == r.apply_objects);
  CHECK(pl.skipped == r.skipped);
  return r;
}

/// The expected actions of a pass; every field is checked.
struct acts {
  bool changed_ = false;
  bool apply_ = false;
  bool delete_ = false;
  bool skipped_ = false;
  std::optional<std::int64_t> requeue_;
  std::vector<std::string> errors_;
  std::vector<event> events_;

  acts& changed(bool v = true) {
    changed_ = v;
    return *this;
  }
  acts& apply(bool v = true) {
    apply_ = v;
    return *this;
  }
  acts& delete_job_set() {
    delete_ = true;
    return *this;
  }
  acts& skipped() {
    skipped_ = true;
    return *this;
  }
  acts& requeue(std::int64_t s) {
    requeue_ = s;
    return *this;
  }
  acts& error(std::string e) {
    errors_.push_back(std::move(e));
    return *this;
  }
  acts& warning(std::string message) {
    events_.push_back(event{"Warning", "TrainJobResourcesCreationFailed", std::move(message), {}, {}});
    return *this;
  }
  /// A failed apply of `err`: the event and the error.
  acts& apply_failed(const std::string& err) { return warning(APPLY_PREFIX + err).error(err); }
};

std::string show(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "none"; }

void check_acts(const reconcile_result& r, const acts& a) {
  CHECK(r.changed == a.changed_);
  CHECK(r.apply_objects == a.apply_);
  CHECK(r.delete_job_set == a.delete_);
  CHECK(show(r.requeue_after_seconds) == show(a.requeue_));
  CHECK(r.skipped == a.skipped_);
  CHECK(r.errors == a.errors_);
  // Type, reason and message; the action and the API server's refusal differ
  // by profile and are pinned in "Apply-failure events per recorder" below.
  REQUIRE(r.events.size() == a.events_.size());
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    CHECK(r.events[i].type == a.events_[i].type);
    CHECK(r.events[i].reason == a.events_[i].reason);
    CHECK(r.events[i].message == a.events_[i].message);
  }
}

/// "No change, no action": what a pass that does nothing reports.
void check_untouched(const reconcile_result& r, const train_job& in) {
  CHECK(r.status == in.status);
  check_acts(r, acts());
}

const condition& get(const reconcile_result& r, std::string_view type) {
  const condition* c = trainjob::conditions::find(r.status.conditions, type);
  REQUIRE(c != nullptr);
  return *c;
}

nlohmann::json jobs_status_json(const reconcile_result& r) {
  const nlohmann::json j = encode(r.status);
  return j.contains("jobsStatus") ? j["jobsStatus"] : nlohmann::json();
}

bool in(profile p, std::initializer_list<profile> ps) {
  for (profile q : ps) {
    if (q == p) return true;
  }
  return false;
}

/// Runs `f(p)` once per profile, in a section named after it.
template <class F>
void for_each_profile(F&& f) {
  for (profile p : all_profiles) {
    SECTION(std::string(trainjob::to_string(p))) { f(p); }
  }
}

constexpr profile v2_0 = profile::v2_0;
constexpr profile v2_1 = profile::v2_1;
constexpr profile v2_2 = profile::v2_2;
constexpr profile v2_3 = profile::v2_3;
constexpr profile latest = profile::latest;

}  // namespace

// =============================================================================================
// Suspended (common to all profiles)
// =============================================================================================

TEST_CASE("Suspended: suspend, resume, never suspended", "[reconcile][suspended]") {
  const job_set js = js_empty();
  for_each_profile([&](profile p) {
    SECTION("suspend: Suspended=True stamped now, no observedGeneration") {
      const train_job tj = job().suspend(true);
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      CHECK(get(r, "Suspended").last_transition_time == NOW);
      CHECK(get(r, "Suspended").observed_generation == 0);
      check_acts(r, acts().changed().apply());
    }
    SECTION("still suspended: nothing changes, the time is kept") {
      const train_job tj = job().suspend(true).condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      CHECK(get(r, "Suspended").last_transition_time == at(T_OLD));
      check_acts(r, acts().apply());
    }
    SECTION("resume: Suspended=False Resumed with a new lastTransitionTime") {
      const train_job tj = job().suspend(false).condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED}));
      CHECK(get(r, "Suspended").last_transition_time == NOW);
      CHECK(get(r, "Suspended").observed_generation == 0);
      check_acts(r, acts().changed().apply());
    }
    SECTION("resume with spec.suspend unset") {
      const train_job tj = job().condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("already resumed: nothing changes") {
      const train_job tj = job().suspend(false).condition(resumed_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED}));
      CHECK(get(r, "Suspended").last_transition_time == at(T_OLD));
      check_acts(r, acts().apply());
    }
    SECTION("suspended again after a resume: True, stamped now") {
      const train_job tj = job().suspend(true).condition(resumed_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      CHECK(get(r, "Suspended").last_transition_time == NOW);
      check_acts(r, acts().changed().apply());
    }
    SECTION("never suspended: no Suspended condition") {
      const train_job a = job();
      const auto ra = run(p, a, &js);
      CHECK(ra.status.conditions.empty());
      check_acts(ra, acts().apply());
      const train_job b = job().suspend(false);
      const auto rb = run(p, b, &js);
      CHECK(rb.status.conditions.empty());
      check_acts(rb, acts().apply());
    }
    SECTION("a Suspended condition carrying an observedGeneration gets none") {
      condition c = suspended_cond(at(T_OLD));
      c.observed_generation = 5;
      const train_job tj = job().suspend(true).condition(c);
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      CHECK(get(r, "Suspended").observed_generation == 0);
      CHECK(get(r, "Suspended").last_transition_time == at(T_OLD));
      check_acts(r, acts().changed().apply());
    }
  });
}

// =============================================================================================
// Condition order
// =============================================================================================

TEST_CASE("Condition order: existing conditions updated in place, new ones appended", "[reconcile][order]") {
  for_each_profile([&](profile p) {
    SECTION("Suspended first, then Complete") {
      const job_set js = js_completed();
      const train_job tj = job().condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED, COMPLETE}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("new conditions appended in the order the pass sets them") {
      const job_set js = js_completed();
      const train_job tj = job().suspend(true);
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE, COMPLETE}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("an unrelated condition keeps its place at the front") {
      const job_set js = js_completed();
      const train_job tj = job().condition("Custom", "True", "Because", "kept", T_OLD).suspend(true);
      const auto r = run(p, tj, &js);
      CHECK_THAT(
          r.status.conditions,
          matches_conditions({{"Custom", "True", "Because", std::string("kept")}, SUSPENDED_TRUE, COMPLETE}));
      CHECK(get(r, "Custom").last_transition_time == at(T_OLD));
      check_acts(r, acts().changed().apply());
    }
  });
}

// =============================================================================================
// JobSet -> Complete / Failed (common)
// =============================================================================================

TEST_CASE("JobSet Completed=True: Complete is a verbatim copy", "[reconcile][complete]") {
  for_each_profile([&](profile p) {
    SECTION("reason, message, lastTransitionTime and observedGeneration copied") {
      condition c = cond("Completed", "True", "CustomReason", "custom message", at(T_JS));
      c.observed_generation = 7;
      const job_set js = job_set_builder("job").condition(c).build();
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions,
                 matches_conditions({{"Complete", "True", "CustomReason", std::string("custom message")}}));
      CHECK(get(r, "Complete").last_transition_time == at(T_JS));
      CHECK(get(r, "Complete").observed_generation == 7);
      check_acts(r, acts().changed().apply());
    }
    SECTION("a JobSet condition without a time is stamped now") {
      condition c = cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully");
      const job_set js = job_set_builder("job").condition(c).build();
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
      CHECK(get(r, "Complete").last_transition_time == NOW);
      check_acts(r, acts().changed().apply());
    }
    SECTION("Completed/Failed with status False or Unknown are ignored") {
      const job_set js = job_set_builder("job")
                             .condition(cond("Completed", "False", "NotYet", "", at(T_JS)))
                             .condition(cond("Failed", "Unknown", "Maybe", "", at(T_JS)))
                             .build();
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK(r.status.conditions.empty());
      check_acts(r, acts().apply());
    }
    SECTION("other JobSet conditions are not copied") {
      const job_set js = job_set_builder("job")
                             .suspended(T_JS)
                             .condition(cond("StartupPolicyCompleted", "True", "AllReady", "", at(T_JS)))
                             .build();
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK(r.status.conditions.empty());
      check_acts(r, acts().apply());
    }
  });
}

TEST_CASE("JobSet Failed=True: Failed is a verbatim copy", "[reconcile][failed]") {
  for_each_profile([&](profile p) {
    SECTION("FailedJobs") {
      job_set js = js_failed();
      js.status.conditions[0].observed_generation = 2;
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
      CHECK(get(r, "Failed").last_transition_time == at(T_JS));
      CHECK(get(r, "Failed").observed_generation == 2);
      check_acts(r, acts().changed().apply());
    }
    SECTION("ReachedMaxRestarts") {
      const job_set js =
          job_set_builder("job")
              .failed(T_JS, "ReachedMaxRestarts", "jobset failed due to reaching max number of restarts")
              .build();
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions,
                 matches_conditions({{"Failed", "True", "ReachedMaxRestarts",
                                      std::string("jobset failed due to reaching max number of restarts")}}));
      check_acts(r, acts().changed().apply());
    }
  });
}

TEST_CASE("JobSet with both Completed and Failed True", "[reconcile][both]") {
  const job_set js = js_both();
  const train_job tj = job();
  for_each_profile([&](profile p) {
    const auto r = run(p, tj, &js);
    if (p == v2_0) {
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
    } else {
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE, FAILED_JS}));
      CHECK(get(r, "Failed").last_transition_time == at(T_JS));
    }
    CHECK(get(r, "Complete").last_transition_time == at(T_JS));
    check_acts(r, acts().changed().apply());
  });
}

// =============================================================================================
// Finished jobs
// =============================================================================================

TEST_CASE("Finished job: Complete=True in the input", "[reconcile][finished]") {
  const job_set js = js_completed();
  const nlohmann::json node = nlohmann::json::parse(
      R"([{"name":"node","ready":0,"succeeded":2,"failed":0,"active":0,"suspended":0}])");
  for_each_profile([&](profile p) {
    SECTION("the JobSet is Completed; an apply error is given") {
      const train_job tj = job().condition(complete_cond());
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      if (p == v2_0) {
        check_untouched(r, tj);
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
        CHECK(get(r, "Complete").last_transition_time == at(T_JS));
        CHECK(jobs_status_json(r) == node);
        if (p == v2_1) {
          check_acts(r, acts().changed().apply().apply_failed("boom"));
        } else {
          check_acts(r, acts().changed());
        }
      }
    }
    SECTION("suspend on a finished job") {
      const train_job tj = job().suspend(true).condition(complete_cond());
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE, SUSPENDED_TRUE}));
        check_acts(r, acts().changed().apply(p == v2_1));
      }
    }
    SECTION("the status step already agrees: no write") {
      const job_set bare = job_set_builder("job").completed(T_JS).build();
      const train_job tj = job().condition(complete_cond());
      const auto r = run(p, tj, &bare);
      CHECK(r.status == tj.status);
      check_acts(r, acts().apply(p == v2_1));
    }
  });
}

TEST_CASE("Finished job: Failed=True (copied from the JobSet) in the input", "[reconcile][finished]") {
  for_each_profile([&](profile p) {
    SECTION("the JobSet still says Failed; an apply error is given") {
      const job_set js = js_failed();
      const train_job tj = job().condition(failed_js_cond());
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      if (p == v2_0) {
        check_untouched(r, tj);
      } else if (p == latest) {
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
        check_acts(r, acts());
      } else {
        // v2.1..v2.3: removed, then re-derived; "finished" is judged after the removal.
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
        CHECK(get(r, "Failed").last_transition_time == at(T_JS));
        check_acts(r, acts().apply().apply_failed("boom"));
      }
    }
    SECTION("stickiness: the JobSet no longer says Failed") {
      const job_set js = job_set_builder("job").build();
      const train_job tj = job().condition(failed_js_cond());
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);
      } else if (p == latest) {
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
        CHECK(get(r, "Failed").last_transition_time == at(T_JS));
        check_acts(r, acts());
      } else {
        CHECK(r.status.conditions.empty());
        check_acts(r, acts().changed().apply());
      }
    }
    SECTION("stickiness: the JobSet is running again") {
      const job_set js = js_running();
      const train_job tj = job().condition(failed_js_cond());
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);
      } else if (p == latest) {
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
        check_acts(r, acts().changed());  // jobsStatus rebuilt
      } else {
        CHECK(r.status.conditions.empty());
        check_acts(r, acts().changed().apply());
      }
    }
    SECTION("a re-derived Failed moves to the end (v2.1..v2.3)") {
      const job_set js = js_failed();
      const train_job tj =
          job().suspend(true).condition(failed_js_cond()).condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);
      } else if (p == latest) {
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS, SUSPENDED_TRUE}));
        check_acts(r, acts());
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE, FAILED_JS}));
        CHECK(get(r, "Failed").last_transition_time == at(T_JS));
        CHECK(get(r, "Suspended").last_transition_time == at(T_OLD));
        check_acts(r, acts().changed().apply());
      }
    }
  });
}

TEST_CASE("Finished job: both Complete and Failed True in the input", "[reconcile][finished]") {
  for_each_profile([&](profile p) {
    SECTION("the JobSet says both") {
      const job_set js = js_both();
      const train_job tj = job().condition(complete_cond()).condition(failed_js_cond());
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      if (p == v2_0) {
        check_untouched(r, tj);
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE, FAILED_JS}));
        if (p == v2_1) {
          check_acts(r, acts().apply().apply_failed("boom"));
        } else {
          check_acts(r, acts());
        }
      }
    }
    SECTION("the JobSet now says only Completed") {
      const job_set js = job_set_builder("job").completed(T_JS).build();
      const train_job tj = job().condition(complete_cond()).condition(failed_js_cond());
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);
      } else if (p == latest) {
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE, FAILED_JS}));
        check_acts(r, acts());
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
        check_acts(r, acts().changed().apply(p == v2_1));
      }
    }
  });
}

// =============================================================================================
// jobsStatus
// =============================================================================================

TEST_CASE("jobsStatus: never written in v2.0, rebuilt in order from v2.1", "[reconcile][jobsstatus]") {
  const job_set js = job_set_builder("job")
                         .replicated_job("dataset-initializer", {0, 1, 0, 0, 0})
                         .replicated_job("trainer", {2, 0, 1, 2, 0})
                         .replicated_job("model-initializer", {0, 0, 0, 0, 1})
                         .build();
  const nlohmann::json rebuilt = nlohmann::json::parse(R"([
    {"name":"dataset-initializer","ready":0,"succeeded":1,"failed":0,"active":0,"suspended":0},
    {"name":"trainer","ready":2,"succeeded":0,"failed":1,"active":2,"suspended":0},
    {"name":"model-initializer","ready":0,"succeeded":0,"failed":0,"active":0,"suspended":1}])");
  job_status old;
  old.name = "old";
  old.active = 3;
  for_each_profile([&](profile p) {
    SECTION("no jobsStatus yet") {
      const train_job tj = job();
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        CHECK(r.status.jobs_status.empty());
        CHECK(r.status == tj.status);
        check_acts(r, acts().apply());
      } else {
        CHECK(jobs_status_json(r) == rebuilt);
        check_acts(r, acts().changed().apply());
      }
      CHECK(r.status.conditions.empty());
    }
    SECTION("an existing jobsStatus") {
      train_job tj = job();
      tj.status.jobs_status = {old};
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        CHECK(r.status == tj.status);  // kept untouched
        CHECK(r.status.jobs_status.size() == 1);
        check_acts(r, acts().apply());
      } else {
        CHECK(jobs_status_json(r) == rebuilt);
        check_acts(r, acts().changed().apply());
      }
    }
    SECTION("the JobSet has no replicatedJobsStatus: absent") {
      train_job tj = job();
      tj.status.jobs_status = {old};
      const job_set none = js_empty();
      const auto r = run(p, tj, &none);
      if (p == v2_0) {
        CHECK(r.status == tj.status);
        check_acts(r, acts().apply());
      } else {
        CHECK(r.status.jobs_status.empty());
        CHECK(!encode(r.status).contains("jobsStatus"));
        check_acts(r, acts().changed().apply());
      }
    }
    SECTION("already up to date: no write") {
      train_job tj = job();
      tj.status = run(p, tj, &js).status;
      const auto r = run(p, tj, &js);
      CHECK(r.status == tj.status);
      check_acts(r, acts().apply());
    }
  });
}

// =============================================================================================
// JobSet NotFound
// =============================================================================================

TEST_CASE("JobSet NotFound, job finished", "[reconcile][notfound]") {
  const job_set recreated = js_empty();
  for_each_profile([&](profile p) {
    SECTION("Complete") {
      const train_job tj = job().condition(complete_cond());
      if (p == v2_0) {
        check_untouched(run(p, tj, nullptr), tj);
      } else if (p == v2_1) {
        SECTION("the status step still sees NotFound") {
          const auto r = run(p, tj, nullptr);
          CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
          check_acts(r, acts().apply().error("jobset not found"));
        }
        SECTION("the apply recreated it: the status step sees it without status") {
          const auto r = run(p, tj, &recreated);
          CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
          CHECK(r.status.jobs_status.empty());
          check_acts(r, acts().apply());
        }
      } else {
        const auto r = run(p, tj, nullptr);
        CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
        CHECK(r.status == tj.status);
        check_acts(r, acts());
      }
    }
    SECTION("DeadlineExceeded") {
      if (in(p, {v2_2, v2_3, latest})) {
        const train_job tj = job().active_deadline(60).condition(deadline_cond(at(T_OLD)));
        const auto r = run(p, tj, nullptr);
        CHECK_THAT(r.status.conditions, matches_conditions({DEADLINE}));
        CHECK(get(r, "Failed").last_transition_time == at(T_OLD));
        check_acts(r, acts());
      }
    }
    SECTION("a Failed copied from the JobSet") {
      const train_job tj = job().condition(failed_js_cond());
      if (p == v2_0) {
        check_untouched(run(p, tj, nullptr), tj);
      } else if (p == latest) {
        const auto r = run(p, tj, nullptr);
        CHECK_THAT(r.status.conditions, matches_conditions({FAILED_JS}));
        check_acts(r, acts());
      } else {
        SECTION("recreated by the apply") {
          const auto r = run(p, tj, &recreated);
          CHECK(r.status.conditions.empty());
          check_acts(r, acts().changed().apply());
        }
        SECTION("the apply failed: still NotFound") {
          const auto r = run(p, tj, nullptr, NOW, std::string_view("boom"));
          CHECK(r.status.conditions.empty());
          check_acts(r, acts().changed().apply().apply_failed("boom").error("jobset not found"));
        }
      }
    }
  });
}

TEST_CASE("JobSet NotFound, job not finished", "[reconcile][notfound]") {
  for_each_profile([&](profile p) {
    SECTION("Suspended is still written") {
      const train_job tj = job().suspend(true);
      const auto r = run(p, tj, nullptr);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      check_acts(r, acts().changed().apply().error("jobset not found"));
    }
    SECTION("resume is still written") {
      const train_job tj = job().condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, nullptr);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED}));
      CHECK(get(r, "Suspended").last_transition_time == NOW);
      check_acts(r, acts().changed().apply().error("jobset not found"));
    }
    SECTION("nothing else to write") {
      const train_job tj = job();
      const auto r = run(p, tj, nullptr);
      CHECK(r.status == tj.status);
      check_acts(r, acts().apply().error("jobset not found"));
    }
  });
}

// =============================================================================================
// activeDeadlineSeconds
// =============================================================================================

TEST_CASE("activeDeadlineSeconds", "[reconcile][deadline]") {
  const job_set running = js_running();
  const job_set bare = js_empty();
  for_each_profile([&](profile p) {
    if (in(p, {v2_0, v2_1})) {
      SECTION("ignored before the deadline") {
        const train_job tj = job().active_deadline(60);
        const auto r = run(p, tj, &bare, plus(CREATED, 10));
        CHECK(r.status == tj.status);
        check_acts(r, acts().apply());
      }
      SECTION("ignored after the deadline") {
        const train_job tj = job().active_deadline(60);
        const auto r = run(p, tj, &bare, NOW);
        CHECK(r.status == tj.status);
        check_acts(r, acts().apply());
      }
      return;
    }
    SECTION("before the deadline: requeue after the remaining seconds") {
      const train_job tj = job().active_deadline(60);
      const auto r = run(p, tj, &bare, plus(CREATED, 10));
      CHECK(r.status.conditions.empty());
      check_acts(r, acts().apply().requeue(50));
    }
    SECTION("one second before the deadline: requeue 1") {
      const train_job tj = job().active_deadline(60);
      const auto r = run(p, tj, &bare, plus(CREATED, 59));
      check_acts(r, acts().apply().requeue(1));
    }
    SECTION("now == deadline: requeue 1") {
      const train_job tj = job().active_deadline(60);
      const auto r = run(p, tj, &bare, plus(CREATED, 60));
      CHECK(r.status.conditions.empty());
      check_acts(r, acts().apply().requeue(1));
    }
    SECTION("now > deadline: Failed DeadlineExceeded, delete the JobSet, no requeue") {
      const train_job tj = job().active_deadline(60);
      const timestamp now = plus(CREATED, 61);
      const auto r = run(p, tj, &running, now);
      CHECK_THAT(r.status.conditions, matches_conditions({DEADLINE}));
      CHECK(get(r, "Failed").last_transition_time == now);
      CHECK(get(r, "Failed").observed_generation == 0);
      check_acts(r, acts().changed().apply().delete_job_set());
    }
    SECTION("start is the lastTransitionTime of Suspended=False") {
      const timestamp resumed = plus(CREATED, 1000);
      const train_job tj = job().active_deadline(60).condition(resumed_cond(resumed));
      const auto before = run(p, tj, &bare, plus(resumed, 30));
      check_acts(before, acts().apply().requeue(30));
      const auto at_deadline = run(p, tj, &bare, plus(resumed, 60));
      check_acts(at_deadline, acts().apply().requeue(1));
      const auto after = run(p, tj, &bare, plus(resumed, 61));
      CHECK_THAT(after.status.conditions, matches_conditions({RESUMED, DEADLINE}));
      check_acts(after, acts().changed().apply().delete_job_set());
    }
    SECTION("resumed in this pass: the clock starts now") {
      const train_job tj = job().active_deadline(60).condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &bare, NOW);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED}));
      CHECK(get(r, "Suspended").last_transition_time == NOW);
      check_acts(r, acts().changed().apply().requeue(60));
    }
    SECTION("no timer while suspended") {
      const train_job tj = job().active_deadline(60).suspend(true);
      const auto r = run(p, tj, &bare, NOW);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("no timer when finished") {
      const job_set js = js_completed();
      const train_job tj = job().active_deadline(60);
      const auto r = run(p, tj, &js, NOW);
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
      check_acts(r, acts().changed().apply());
      train_job done = tj;
      done.status = r.status;
      const auto again = run(p, done, &js, plus(NOW, 100));
      check_acts(again, acts());
    }
    SECTION("zero creationTimestamp: no timer") {
      const train_job tj = train_job_builder("job").active_deadline(60).build();
      const auto r = run(p, tj, &bare, NOW);
      CHECK(r.status.conditions.empty());
      check_acts(r, acts().apply());
    }
    SECTION("DeadlineExceeded wins over a JobSet Failed: reason and message restored, time kept") {
      job_set js = js_failed();
      js.status.conditions[0].observed_generation = 3;
      const train_job tj = job().active_deadline(60).condition(deadline_cond(at(T_OLD)));
      const auto r = run(p, tj, &js, NOW);
      CHECK_THAT(r.status.conditions, matches_conditions({DEADLINE}));
      CHECK(get(r, "Failed").last_transition_time == at(T_OLD));
      CHECK(get(r, "Failed").observed_generation == 0);
      check_acts(r, acts());
    }
    SECTION("DeadlineExceeded is sticky across passes") {
      const train_job tj = job().active_deadline(60);
      const timestamp t1 = plus(CREATED, 61);
      const auto r1 = run(p, tj, &running, t1);
      REQUIRE(r1.delete_job_set);
      train_job next = tj;
      next.status = r1.status;
      SECTION("the JobSet still running") {
        const auto r2 = run(p, next, &running, plus(t1, 100));
        CHECK_THAT(r2.status.conditions, matches_conditions({DEADLINE}));
        CHECK(get(r2, "Failed").last_transition_time == t1);
        check_acts(r2, acts());
      }
      SECTION("the JobSet deleted") {
        const auto r2 = run(p, next, nullptr, plus(t1, 100));
        CHECK(r2.status == next.status);
        check_acts(r2, acts());
        next.status = r2.status;
        const auto r3 = run(p, next, nullptr, plus(t1, 200));
        CHECK(r3.status == next.status);
        check_acts(r3, acts());
      }
      SECTION("the JobSet reports Failed") {
        const job_set failed = js_failed();
        const auto r2 = run(p, next, &failed, plus(t1, 100));
        CHECK_THAT(r2.status.conditions, matches_conditions({DEADLINE}));
        CHECK(get(r2, "Failed").last_transition_time == t1);
        check_acts(r2, acts().changed());  // the old jobsStatus (node) goes
      }
    }
  });
}

// =============================================================================================
// managedBy
// =============================================================================================

TEST_CASE("managedBy: another controller's job", "[reconcile][managedby]") {
  const job_set js = js_completed();
  for_each_profile([&](profile p) {
    SECTION("kueue.x-k8s.io/multikueue") {
      const train_job tj = job()
                               .managed_by("kueue.x-k8s.io/multikueue")
                               .suspend(true)
                               .active_deadline(60)
                               .condition(resumed_cond(at(T_OLD)));
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      if (in(p, {v2_3, latest})) {
        CHECK(r.status == tj.status);
        check_acts(r, acts().skipped());
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE, COMPLETE}));
        CHECK(get(r, "Suspended").last_transition_time == NOW);
        check_acts(r, acts().changed().apply().apply_failed("boom"));
      }
    }
    SECTION("multikueue with an unknown runtime and a missing JobSet") {
      const train_job tj = job().managed_by("kueue.x-k8s.io/multikueue").runtime("x", std::string("Foo"));
      const auto r = run(p, tj, nullptr);
      if (in(p, {v2_3, latest})) {
        CHECK(r.status == tj.status);
        check_acts(r, acts().skipped());
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.trainer.kubeflow.org")}));
        check_acts(r, acts().changed().error("unsupported runtime: Foo.trainer.kubeflow.org"));
      }
    }
    SECTION("the built-in controller named explicitly") {
      const train_job tj = job().managed_by("trainer.kubeflow.org/trainjob-controller").suspend(true);
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE, COMPLETE}));
      check_acts(r, acts().changed().apply());
    }
  });
}

// =============================================================================================
// Unknown runtime
// =============================================================================================

TEST_CASE("Unknown runtime: Failed TrainingRuntimeNotSupported, an error, no crash", "[reconcile][runtime]") {
  const job_set js = js_completed();
  for_each_profile([&](profile p) {
    SECTION("kind and apiGroup: no JobSet step, no deadline step, no apply") {
      const train_job tj =
          job().runtime("x", std::string("Foo"), std::string("example.com")).active_deadline(60);
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.example.com")}));
      CHECK(get(r, "Failed").last_transition_time == NOW);
      CHECK(get(r, "Failed").observed_generation == 0);
      CHECK(r.status.jobs_status.empty());
      check_acts(r, acts().changed().error("unsupported runtime: Foo.example.com"));
    }
    SECTION("kind only: the default group") {
      const train_job tj = job().runtime("x", std::string("Foo"));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.trainer.kubeflow.org")}));
      check_acts(r, acts().changed().error("unsupported runtime: Foo.trainer.kubeflow.org"));
    }
    SECTION("apiGroup only: the default kind") {
      const train_job tj = job().runtime("x", std::nullopt, std::string("example.com"));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions,
                 matches_conditions({runtime_failed("ClusterTrainingRuntime.example.com")}));
      check_acts(r, acts().changed().error("unsupported runtime: ClusterTrainingRuntime.example.com"));
    }
    SECTION("suspended: Suspended still handled") {
      const train_job tj = job().runtime("x", std::string("Foo"), std::string("example.com")).suspend(true);
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions,
                 matches_conditions({runtime_failed("Foo.example.com"), SUSPENDED_TRUE}));
      check_acts(r, acts().changed().error("unsupported runtime: Foo.example.com"));
    }
    SECTION("resumed: Suspended updated in place") {
      const train_job tj = job()
                               .runtime("x", std::string("Foo"), std::string("example.com"))
                               .condition(suspended_cond(at(T_OLD)));
      const auto r = run(p, tj, &js);
      CHECK_THAT(r.status.conditions, matches_conditions({RESUMED, runtime_failed("Foo.example.com")}));
      check_acts(r, acts().changed().error("unsupported runtime: Foo.example.com"));
    }
    SECTION("JobSet NotFound: only the runtime error") {
      const train_job tj = job().runtime("x", std::string("Foo"), std::string("example.com"));
      const auto r = run(p, tj, nullptr);
      CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.example.com")}));
      check_acts(r, acts().changed().error("unsupported runtime: Foo.example.com"));
    }
    SECTION("the next pass") {
      train_job tj = job().runtime("x", std::string("Foo"), std::string("example.com"));
      tj.status = run(p, tj, &js).status;
      const auto r = run(p, tj, &js);
      if (p == v2_0) {
        check_untouched(r, tj);  // finished: not reconciled
      } else {
        CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.example.com")}));
        check_acts(r, acts().error("unsupported runtime: Foo.example.com"));
      }
    }
  });
}

TEST_CASE("A custom runtime_registry", "[reconcile][runtime]") {
  const job_set js = js_completed();
  runtime_registry with_foo = runtime_registry::builtin();
  with_foo.kinds.push_back({"example.com", "Foo"});
  runtime_registry only_foo;
  only_foo.kinds.push_back({"example.com", "Foo"});
  for_each_profile([&](profile p) {
    SECTION("a registered custom kind is reconciled") {
      const train_job tj = job().runtime("x", std::string("Foo"), std::string("example.com"));
      const auto r = run(p, tj, &js, NOW, std::nullopt, &with_foo);
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("the built-in kinds still work when listed") {
      const train_job tj = job().runtime("x", std::string("TrainingRuntime"));
      const auto r = run(p, tj, &js, NOW, std::nullopt, &with_foo);
      CHECK_THAT(r.status.conditions, matches_conditions({COMPLETE}));
      check_acts(r, acts().changed().apply());
    }
    SECTION("the same kind in another group is unknown") {
      const train_job tj = job().runtime("x", std::string("Foo"), std::string("other.io"));
      const auto r = run(p, tj, &js, NOW, std::nullopt, &with_foo);
      CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed("Foo.other.io")}));
      check_acts(r, acts().changed().error("unsupported runtime: Foo.other.io"));
    }
    SECTION("a registry lists every kind it knows") {
      const train_job tj = job();
      const auto r = run(p, tj, &js, NOW, std::nullopt, &only_foo);
      CHECK_THAT(r.status.conditions,
                 matches_conditions({runtime_failed("ClusterTrainingRuntime.trainer.kubeflow.org")}));
      check_acts(r,
                 acts().changed().error("unsupported runtime: ClusterTrainingRuntime.trainer.kubeflow.org"));
    }
  });
}

// =============================================================================================
// Apply errors
// =============================================================================================

namespace {
std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}
const std::string E_ACUTE = "\xC3\xA9";       // U+00E9, 2 bytes
const std::string GRIN = "\xF0\x9F\x98\x80";  // U+1F600, 4 bytes
}  // namespace

TEST_CASE("Apply error: Warning TrainJobResourcesCreationFailed", "[reconcile][apply]") {
  const job_set js = js_empty();
  struct apply_case {
    const char* name;
    std::string error;
    std::string message;
  };
  const std::vector<apply_case> cases = {
      {"a short error", "boom", APPLY_PREFIX + "boom"},
      {"1000 ASCII characters: 950 kept, ' ...'", std::string(1000, 'x'),
       APPLY_PREFIX + std::string(950, 'x') + " ..."},
      {"951 bytes", std::string(951, 'y'), APPLY_PREFIX + std::string(950, 'y') + " ..."},
      {"exactly 950 bytes: no ' ...'", std::string(950, 'z'), APPLY_PREFIX + std::string(950, 'z')},
      {"950 two-byte runes (1900 bytes): all kept, ' ...'", repeat(E_ACUTE, 950),
       APPLY_PREFIX + repeat(E_ACUTE, 950) + " ..."},
      {"951 two-byte runes: 950 kept, ' ...'", repeat(E_ACUTE, 951),
       APPLY_PREFIX + repeat(E_ACUTE, 950) + " ..."},
      {"949 ASCII + one 2-byte rune (951 bytes, 950 runes): all kept, ' ...'",
       std::string(949, 'a') + E_ACUTE, APPLY_PREFIX + std::string(949, 'a') + E_ACUTE + " ..."},
      {"1000 four-byte runes: 950 kept, ' ...'", repeat(GRIN, 1000),
       APPLY_PREFIX + repeat(GRIN, 950) + " ..."},
      {"475 two-byte runes (exactly 950 bytes): no ' ...'", repeat(E_ACUTE, 475),
       APPLY_PREFIX + repeat(E_ACUTE, 475)},
      // Go ranges over invalid UTF-8 one byte per rune: overlong forms, surrogates, lead
      // bytes past U+10FFFF and cut sequences are each several runes, not one.
      {"949 ASCII + an overlong NUL (C0 80): its first byte is the 950th rune",
       std::string(949, 'x') + "\xC0\x80" + std::string(10, 'z'),
       APPLY_PREFIX + std::string(949, 'x') + "\xC0 ..."},
      {"949 ASCII + a surrogate (ED A0 80)", std::string(949, 'x') + "\xED\xA0\x80" + "tail",
       APPLY_PREFIX + std::string(949, 'x') + "\xED ..."},
      {"949 ASCII + an F5 lead byte", std::string(949, 'x') + "\xF5\x80\x80\x80" + "tail",
       APPLY_PREFIX + std::string(949, 'x') + "\xF5 ..."},
      {"949 ASCII + a 3-byte overlong (E0 80 80)", std::string(949, 'x') + "\xE0\x80\x80",
       APPLY_PREFIX + std::string(949, 'x') + "\xE0 ..."},
      {"949 ASCII + a code point past U+10FFFF (F4 90 80 80)", std::string(949, 'x') + "\xF4\x90\x80\x80",
       APPLY_PREFIX + std::string(949, 'x') + "\xF4 ..."},
      {"949 ASCII + the last code point (F4 8F BF BF): one rune",
       std::string(949, 'x') + "\xF4\x8F\xBF\xBF" + "z",
       APPLY_PREFIX + std::string(949, 'x') + "\xF4\x8F\xBF\xBF ..."},
      {"949 ASCII + U+0800 (E0 A0 80): one rune", std::string(949, 'x') + "\xE0\xA0\x80" + "z",
       APPLY_PREFIX + std::string(949, 'x') + "\xE0\xA0\x80 ..."},
  };
  for_each_profile([&](profile p) {
    for (const auto& c : cases) {
      SECTION(c.name) {
        const train_job tj = job();
        const auto r = run(p, tj, &js, NOW, std::string_view(c.error));
        CHECK(r.status == tj.status);  // no condition
        REQUIRE(r.events.size() == 1);
        CHECK(r.events[0].type == "Warning");
        CHECK(r.events[0].reason == "TrainJobResourcesCreationFailed");
        CHECK(r.events[0].message.size() == c.message.size());
        CHECK(r.events[0].message == c.message);
        CHECK(r.errors == std::vector<std::string>{c.error});
        check_acts(r, acts().apply().warning(c.message).error(c.error));
      }
    }
    SECTION("with a status change: both happen") {
      const train_job tj = job().suspend(true);
      const auto r = run(p, tj, &js, NOW, std::string_view("boom"));
      CHECK_THAT(r.status.conditions, matches_conditions({SUSPENDED_TRUE}));
      check_acts(r, acts().changed().apply().apply_failed("boom"));
    }
    SECTION("ignored when the pass does not apply (finished job)") {
      const job_set done = js_completed();
      const train_job tj = job().condition(complete_cond());
      const auto r = run(p, tj, &done, NOW, std::string_view("boom"));
      if (p == v2_1) {
        check_acts(r, acts().changed().apply().apply_failed("boom"));
      } else if (p == v2_0) {
        check_untouched(r, tj);
      } else {
        CHECK(r.events.empty());
        CHECK(r.errors.empty());
        check_acts(r, acts().changed());  // jobsStatus rebuilt
      }
    }
  });
}

// =============================================================================================
// No hot loop
// =============================================================================================

TEST_CASE("A second identical pass reports no change", "[reconcile][idempotent]") {
  struct situation {
    const char* name;
    train_job tj;
    std::optional<job_set> js;
    timestamp now;
    std::optional<std::string> apply_error;
  };
  const std::vector<situation> situations = {
      {"suspend", job().suspend(true), js_empty(), NOW, std::nullopt},
      {"resume", job().condition(suspended_cond(at(T_OLD))), js_running(), NOW, std::nullopt},
      {"JobSet completed", job(), js_completed(), NOW, std::nullopt},
      {"JobSet failed", job(), js_failed(), NOW, std::nullopt},
      {"JobSet both", job().suspend(true), js_both(), NOW, std::nullopt},
      {"deadline running", job().active_deadline(7200), js_running(), NOW, std::nullopt},
      {"deadline exceeded", job().active_deadline(60), js_running(), NOW, std::nullopt},
      {"unknown runtime", job().runtime("x", std::string("Foo")), js_running(), NOW, std::nullopt},
      {"apply error", job().suspend(true), js_running(), NOW, std::string("boom")},
      {"JobSet NotFound", job().suspend(true), std::nullopt, NOW, std::nullopt},
      {"multikueue", job().managed_by("kueue.x-k8s.io/multikueue").suspend(true), js_completed(), NOW,
       std::nullopt},
  };
  for_each_profile([&](profile p) {
    for (const auto& s : situations) {
      SECTION(s.name) {
        const job_set* js = s.js ? &*s.js : nullptr;
        const std::optional<std::string_view> err =
            s.apply_error ? std::optional<std::string_view>(*s.apply_error) : std::nullopt;
        const auto r1 = run(p, s.tj, js, s.now, err);
        train_job next = s.tj;
        next.status = r1.status;
        const auto r2 = run(p, next, js, s.now, err);
        CHECK(!r2.changed);
        CHECK(r2.status == r1.status);
        // A later pass does not write either, except that v2.1..v2.3 remove and re-add
        // the runtime's Failed on every pass (stamped with that pass's time): there only
        // the conditions without their times are compared.
        next.status = r2.status;
        const auto r3 = run(p, next, js, plus(s.now, 1), err);
        if (std::string_view(s.name) == "unknown runtime" && in(p, {v2_1, v2_2, v2_3})) {
          CHECK(trainjob::testing::conditions_diff(r3.status.conditions, r2.status.conditions).empty());
        } else {
          CHECK(!r3.changed);
        }
      }
    }
  });
}

// =============================================================================================
// Exactness against upstream's code (docs/semantics.md §3): each case fails with the library
// as it was before these rules were read from the controller source.
// =============================================================================================

TEST_CASE("Apply-failure events per recorder: v2.2+ run Go's Sprintf over the note",
          "[reconcile][apply][event]") {
  const job_set js = js_empty();
  const train_job tj = job();
  const std::string refused = "message: Invalid value: \"\": can have at most 1024 characters";
  struct event_case {
    const char* name;
    std::string error;
    std::string core;    // v2.0, v2.1: verbatim
    std::string events;  // v2.2+: after fmt.Sprintf with no operands
  };
  const std::vector<event_case> cases = {
      {"no %", "quota exceeded", "quota exceeded", "quota exceeded"},
      {"verbs with no operand", "100% used: %d pods", "100% used: %d pods",
       "100%!u(MISSING)sed: %!d(MISSING) pods"},
      {"%% and a trailing %", "50%% done %", "50%% done %", "50% done %!(NOVERB)"},
      {"flags, width, precision, star, index", "%-08.3f %*d %[2]s", "%-08.3f %*d %[2]s",
       "%!f(MISSING) %!(BADWIDTH)%!d(MISSING) %!s(BADINDEX)"},
  };
  for (const auto& c : cases) {
    for (profile p : all_profiles) {
      INFO(c.name << ", " << trainjob::to_string(p));
      const auto r = run(p, tj, &js, NOW, std::string_view(c.error));
      REQUIRE(r.events.size() == 1);
      const bool events_api = in(p, {v2_2, v2_3, latest});
      CHECK(r.events[0].message == APPLY_PREFIX + (events_api ? c.events : c.core));
      CHECK(r.events[0].action == (events_api ? "Reconciling" : ""));
      CHECK_FALSE(r.events[0].refused);
      CHECK(r.errors == std::vector<std::string>{c.error});  // the error itself is never formatted
    }
  }
  SECTION("a note over 1,024 bytes is refused by the API server (events.k8s.io only)") {
    // 500 two-byte runes: 1,000 bytes, not cut (950 runes), 42 + 1000 bytes of note.
    std::string error;
    for (int i = 0; i < 500; ++i) error += "\xC3\xA9";
    for (profile p : all_profiles) {
      INFO(trainjob::to_string(p));
      const auto r = run(p, tj, &js, NOW, std::string_view(error));
      REQUIRE(r.events.size() == 1);
      CHECK(r.events[0].message.size() == 42 + 1000 + 4);  // " ..." : more than 950 bytes
      if (in(p, {v2_2, v2_3, latest})) {
        CHECK(r.events[0].refused == refused);
      } else {
        CHECK_FALSE(r.events[0].refused);
      }
    }
  }
  SECTION("ASCII at the cut stays under the limit; expanded verbs push it over") {
    const std::string plain(2000, 'x');
    const auto r = run(latest, tj, &js, NOW, std::string_view(plain));
    REQUIRE(r.events.size() == 1);
    CHECK(r.events[0].message.size() == 996);
    CHECK_FALSE(r.events[0].refused);
    std::string verbs;
    for (int i = 0; i < 100; ++i) verbs += "%d ";  // 300 bytes, each %d grows to %!d(MISSING)
    const auto r2 = run(latest, tj, &js, NOW, std::string_view(verbs));
    REQUIRE(r2.events.size() == 1);
    CHECK(r2.events[0].message.size() > 1024);
    CHECK(r2.events[0].refused == refused);
    const auto core = run(v2_1, tj, &js, NOW, std::string_view(verbs));
    CHECK_FALSE(core.events[0].refused);
  }
  SECTION("the tool's JSON carries action and refused only when set") {
    const auto r = run(latest, tj, &js, NOW, std::string_view("100%"));
    const nlohmann::json j = nlohmann::json(r);
    CHECK(j["events"][0]["action"] == "Reconciling");
    CHECK(j["events"][0]["message"] == APPLY_PREFIX + "100%!(NOVERB)");
    CHECK_FALSE(j["events"][0].contains("refused"));
    const auto old = run(v2_0, tj, &js, NOW, std::string_view("100%"));
    CHECK_FALSE(nlohmann::json(old)["events"][0].contains("action"));
  }
}

TEST_CASE("A Failed that is not True, written by another party", "[reconcile][failed]") {
  const job_set running = js_running();
  for (const char* status : {"False", "Unknown"}) {
    const train_job tj =
        job().condition(cond("Failed", status, "Preempted", "waiting for capacity", at(T_OLD)));
    for_each_profile([&](profile p) {
      INFO(status);
      const auto r = run(p, tj, &running, NOW);
      if (p == latest) {
        // Kept: the removal is gone from master (kubeflow/trainer #3891).
        CHECK(trainjob::conditions::find(r.status.conditions, "Failed") != nullptr);
      } else {
        // v2.0 calls removeFailedCondition on every pass after its early return;
        // v2.1-v2.3 likewise (keeping only a DeadlineExceeded one).
        CHECK(trainjob::conditions::find(r.status.conditions, "Failed") == nullptr);
        CHECK(r.changed);
      }
      CHECK(r.apply_objects);
    });
  }
}

TEST_CASE("An empty runtimeRef apiGroup or kind is not absent", "[reconcile][runtime]") {
  const job_set js = js_running();
  struct ref_case {
    const char* name;
    std::optional<std::string> kind, group;
    std::string key;  // Go's schema.GroupKind.String()
  };
  const std::vector<ref_case> cases = {
      {"empty group", std::string("ClusterTrainingRuntime"), std::string(""), "ClusterTrainingRuntime"},
      {"empty group, TrainingRuntime", std::string("TrainingRuntime"), std::string(""), "TrainingRuntime"},
      {"empty kind", std::string(""), std::string("trainer.kubeflow.org"), ".trainer.kubeflow.org"},
      {"both empty", std::string(""), std::string(""), ""},
      {"empty kind, absent group", std::string(""), std::nullopt, ".trainer.kubeflow.org"},
      {"absent kind, empty group", std::nullopt, std::string(""), "ClusterTrainingRuntime"},
  };
  for (const auto& c : cases) {
    for (profile p : all_profiles) {
      INFO(c.name << ", " << trainjob::to_string(p));
      const train_job tj = job().runtime("torch", c.kind, c.group);
      const auto r = run(p, tj, &js, NOW);
      CHECK_THAT(r.status.conditions, matches_conditions({runtime_failed(c.key)}));
      CHECK(r.errors == std::vector<std::string>{"unsupported runtime: " + c.key});
      CHECK_FALSE(r.apply_objects);
      // Round trip keeps "" apart from absent.
      const train_job back = trainjob::decode<train_job>(encode(tj));
      CHECK(back.spec.runtime_ref.api_group == c.group);
      CHECK(back.spec.runtime_ref.kind == c.kind);
    }
  }
  SECTION("absent fields still take the CRD defaults") {
    const auto r = run(latest, job().runtime("torch", std::nullopt, std::nullopt), &js, NOW);
    CHECK(r.errors.empty());
    CHECK(r.apply_objects);
  }
}

TEST_CASE("activeDeadlineSeconds past 292 years wraps as Go's int64 Duration does", "[reconcile][deadline]") {
  const job_set running = js_running();
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  for (profile p : {v2_2, v2_3, latest}) {
    INFO(trainjob::to_string(p));
    const auto pass = [&](std::int64_t ads, timestamp now) {
      return run(p, job().active_deadline(ads), &running, now);
    };
    SECTION("9223372036: the largest that does not wrap, ~292 years ahead") {
      const auto r = pass(9223372036, NOW);
      CHECK_FALSE(r.delete_job_set);
      CHECK(r.requeue_after_seconds == std::optional<std::int64_t>(9223372036 - 3600));
    }
    SECTION("9223372037, 18446744073, INT64_MAX: the deadline lies in the past, the job fails at once") {
      for (const std::int64_t ads : {std::int64_t{9223372037}, std::int64_t{18446744073}, max}) {
        INFO(ads);
        const auto r = pass(ads, plus(CREATED, 1));
        CHECK_THAT(r.status.conditions, matches_conditions({DEADLINE}));
        CHECK(r.delete_job_set);
        CHECK_FALSE(r.requeue_after_seconds);
      }
    }
    SECTION("18446744074: 0.29 s after the start; not past it at the start, past it one second later") {
      const auto r0 = pass(18446744074, CREATED);
      CHECK(r0.status.conditions.empty());
      CHECK(r0.requeue_after_seconds == std::optional<std::int64_t>(1));
      const auto r1 = pass(18446744074, plus(CREATED, 1));
      CHECK_THAT(r1.status.conditions, matches_conditions({DEADLINE}));
      CHECK(r1.delete_job_set);
    }
    SECTION("18446744075: 1.29 s after the start") {
      CHECK_FALSE(pass(18446744075, plus(CREATED, 1)).delete_job_set);
      CHECK(pass(18446744075, plus(CREATED, 2)).delete_job_set);
    }
  }
}

TEST_CASE("A status the API server would refuse is reported, not silently returned",
          "[reconcile][rejected]") {
  const job_set running = js_running();
  SECTION("an unsupported runtime named by a 40,000-character kind") {
    const train_job tj = job().runtime("torch", std::string(40000, 'K'), std::string("trainer.kubeflow.org"));
    for (profile p : all_profiles) {
      INFO(trainjob::to_string(p));
      const auto r = run(p, tj, &running, NOW);
      CHECK(r.changed);
      REQUIRE(r.rejected.size() == 1);
      CHECK(r.rejected[0].path == "status.conditions[0].message");
      REQUIRE(r.errors.size() == 2);
      CHECK(r.errors[1].rfind("the API server rejects the status update: status.conditions[0].message: ",
                              0) == 0);
      CHECK(nlohmann::json(r)["rejected"].size() == 1);
    }
  }
  SECTION("eight conditions of other owners and a completed JobSet make nine") {
    train_job_builder b = job();
    for (int i = 0; i < 8; ++i) b.condition(cond("Other" + std::to_string(i), "True", "Fine", "", at(T_OLD)));
    const train_job tj = b;
    const job_set done = js_completed();
    const auto r = run(latest, tj, &done, NOW);
    CHECK(r.status.conditions.size() == 9);
    REQUIRE_FALSE(r.rejected.empty());
    CHECK(r.rejected[0].to_string() == "status.conditions: must have at most 8 items, has 9");
  }
  SECTION("a JobSet with duplicate replicatedJobsStatus names") {
    const job_set js = job_set_builder("job")
                           .replicated_job("node", {1, 0, 0, 1, 0})
                           .replicated_job("node", {1, 0, 0, 1, 0})
                           .build();
    CHECK_FALSE(trainjob::validate(js).empty());  // validate names what the copy must meet
    const auto r = run(v2_1, job(), &js, NOW);
    REQUIRE_FALSE(r.rejected.empty());
    CHECK(r.rejected[0].path == "status.jobsStatus[1].name");
    // v2.0 never copies jobsStatus: nothing to refuse.
    CHECK(run(v2_0, job(), &js, NOW).rejected.empty());
  }
  SECTION("a valid status has no rejection and no key in the JSON") {
    const auto r = run(latest, job().suspend(true), &running, NOW);
    CHECK(r.changed);
    CHECK(r.rejected.empty());
    CHECK_FALSE(nlohmann::json(r).contains("rejected"));
  }
}
