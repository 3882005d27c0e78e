// Property tests for trainjob::reconcile: random lives of a TrainJob (suspend/resume patches,
// JobSet updates, JobSet deletion, apply errors, time passing), replayed per profile the way a
// controller would (the status becomes the output status after each pass), checking what must
// hold after every pass.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "fixtures.hpp"

namespace {

bool removes_and_readds_failed(profile p) {
  return p == profile::v2_1 || p == profile::v2_2 || p == profile::v2_3;
}
bool has_deadline(profile p) { return p == profile::v2_2 || p == profile::v2_3 || p == profile::latest; }

std::string describe(const std::vector<condition>& list) {
  std::string out = "[";
  for (const auto& c : list) {
    if (out.size() > 1) out += ", ";
    out += c.type + "=" + std::string(trainjob::to_string(c.status)) + "(" + c.reason + ") " +
           (c.last_transition_time.is_zero() ? std::string("<zero>") : c.last_transition_time.to_string());
  }
  return out + "]";
}

/// The status with the Failed condition moved to the end and its lastTransitionTime
/// cleared: what v2.1..v2.3, which remove Failed and re-add it on every pass, keep stable.
train_job_status normalize_failed(train_job_status s) {
  std::optional<condition> failed;
  if (const condition* f = trainjob::conditions::find(s.conditions, "Failed")) failed = *f;
  trainjob::conditions::remove(s.conditions, "Failed");
  if (failed) {
    failed->last_transition_time = timestamp{};
    s.conditions.push_back(*failed);
  }
  return s;
}

/// A JobSet as the controller may read it: random Completed/Failed conditions (True, False,
/// Unknown or absent) and 0..4 replicated jobs with random counts.
job_set random_job_set(timestamp now) {
  job_set js = trainjob::testing::job_set_builder("job").build();
  const int completed = *rc::gen::inRange(0, 4);  // 0: absent, 1: True, 2: False, 3: Unknown
  const int failed = *rc::gen::inRange(0, 4);
  const char* statuses[] = {"", "True", "False", "Unknown"};
  auto when = [now] { return plus(now, -*rc::gen::inRange<std::int64_t>(0, 1000)); };
  if (completed != 0) {
    condition c =
        cond("Completed", statuses[completed], "AllJobsCompleted", "jobset completed successfully", when());
    c.observed_generation = *rc::gen::inRange<std::int64_t>(0, 4);
    js.status.conditions.push_back(std::move(c));
  }
  if (failed != 0) {
    condition c = cond(
        "Failed", statuses[failed],
        *rc::gen::element<std::string>("FailedJobs", "ReachedMaxRestarts", "FailJobSetFailurePolicyAction"),
        "jobset failed (first failed job: job-node-0)", when());
    c.observed_generation = *rc::gen::inRange<std::int64_t>(0, 4);
    js.status.conditions.push_back(std::move(c));
  }
  if (completed == 1) js.status.terminal_state = "Completed";
  if (failed == 1) js.status.terminal_state = "Failed";
  const char* names[] = {"dataset-initializer", "model-initializer", "trainer", "node"};
  const int jobs = *rc::gen::inRange(0, 5);
  for (int i = 0; i < jobs; ++i) {
    replicated_job_status r;
    r.name = names[i];
    r.ready = *rc::gen::inRange<std::int32_t>(0, 4);
    r.succeeded = *rc::gen::inRange<std::int32_t>(0, 4);
    r.failed = *rc::gen::inRange<std::int32_t>(0, 4);
    r.active = *rc::gen::inRange<std::int32_t>(0, 4);
    r.suspended = *rc::gen::inRange<std::int32_t>(0, 4);
    js.status.replicated_jobs_status.push_back(std::move(r));
  }
  return js;
}

job_set created_job_set() { return trainjob::testing::job_set_builder("job").build(); }

/// What holds for any status the library writes.
void check_status(const train_job_status& s) {
  RC_ASSERT(s.conditions.size() <= 8u);
  for (std::size_t i = 0; i < s.conditions.size(); ++i) {
    for (std::size_t j = i + 1; j < s.conditions.size(); ++j)
      RC_ASSERT(s.conditions[i].type != s.conditions[j].type);
  }
  const auto violations = trainjob::validate_conditions(s.conditions);
  for (const auto& v : violations) RC_LOG() << "violation: " << v.to_string() << "\n";
  RC_ASSERT(violations.empty());
}

/// One random life of a TrainJob, replayed under profile `p`.
void replay_random_life(profile p) {
  reconcile_options options;
  options.profile = p;

  trainjob::testing::train_job_builder b("job");
  if (*rc::gen::inRange(0, 10) != 0) b.created(CREATED);  // sometimes no creationTimestamp
  if (*rc::gen::inRange(0, 3) == 0) b.active_deadline(*rc::gen::inRange<std::int64_t>(1, 600));
  if (*rc::gen::inRange(0, 5) == 0) b.managed_by(std::string(trainjob::multikueue_manager));
  if (*rc::gen::inRange(0, 6) == 0) {
    if (*rc::gen::arbitrary<bool>()) {
      b.runtime("custom", std::string("Foo"), std::string("example.com"));
    } else {
      b.runtime("custom", std::string("Foo"));
    }
  }
  if (*rc::gen::arbitrary<bool>()) b.suspend(true);
  train_job tj = b.build();

  std::optional<job_set> observed;
  if (*rc::gen::arbitrary<bool>()) observed = created_job_set();
  timestamp now = plus(CREATED, *rc::gen::inRange<std::int64_t>(0, 100));

  const int steps = *rc::gen::inRange(1, 40);
  for (int step = 0; step < steps; ++step) {
    std::optional<std::string> apply_error;
    switch (*rc::gen::inRange(0, 9)) {
      case 0:
        tj.spec.suspend = true;
        RC_LOG() << step << ": suspend\n";
        break;
      case 1:
        tj.spec.suspend = false;
        RC_LOG() << step << ": resume\n";
        break;
      case 2:
      case 8:  // JobSet updates are the most common event
        observed = random_job_set(now);
        RC_LOG() << step << ": JobSet " << describe(observed->status.conditions) << " with "
                 << observed->status.replicated_jobs_status.size() << " replicated jobs\n";
        break;
      case 3:
        observed.reset();
        RC_LOG() << step << ": JobSet deleted\n";
        break;
      case 4:
        apply_error = *rc::gen::element<std::string>("boom", std::string(1000, 'x'), "\xC3\xA9 failed");
        RC_LOG() << step << ": apply error\n";
        break;
      case 5:
      case 6: {
        const auto s = *rc::gen::inRange<std::int64_t>(0, 400);
        now = plus(now, s);
        RC_LOG() << step << ": +" << s << "s\n";
        break;
      }
      default:
        RC_LOG() << step << ": nothing\n";
        break;
    }

    // The controller's pass, as scenario replay runs it: plan, apply (a successful apply
    // creates a missing JobSet, without status), read the JobSet, reconcile.
    const auto pl = trainjob::plan(tj, options);
    if (pl.apply_objects && !apply_error && !observed) observed = created_job_set();
    const job_set* js = observed ? &*observed : nullptr;
    const std::optional<std::string_view> err =
        apply_error ? std::optional<std::string_view>(*apply_error) : std::nullopt;

    const reconcile_result r1 = trainjob::reconcile(observation{tj, js, now, err}, options);
    RC_LOG() << "   -> " << describe(r1.status.conditions) << (r1.changed ? " changed" : "")
             << (r1.apply_objects ? " apply" : "") << (r1.delete_job_set ? " delete" : "") << "\n";

    RC_ASSERT(r1.apply_objects == pl.apply_objects);
    RC_ASSERT(r1.skipped == pl.skipped);
    RC_ASSERT(r1.changed == (r1.status != tj.status));
    if (r1.skipped) RC_ASSERT(r1.status == tj.status);
    check_status(r1.status);

    const std::vector<condition>& before = tj.status.conditions;
    const std::vector<condition>& after = r1.status.conditions;
    if (p == profile::v2_0 || p == profile::latest) {
      // A condition's lastTransitionTime moves only when its status does; Complete and
      // Failed never go away once True.
      for (const condition& a : after) {
        const condition* old = trainjob::conditions::find(before, a.type);
        if (old != nullptr && old->status == a.status)
          RC_ASSERT(old->last_transition_time == a.last_transition_time);
      }
      for (const char* type : {"Complete", "Failed"}) {
        if (trainjob::conditions::is_true(before, type))
          RC_ASSERT(trainjob::conditions::is_true(after, type));
      }
    }
    if (has_deadline(p)) {
      // A DeadlineExceeded Failed is sticky: reason and time kept.
      const condition* old = trainjob::conditions::find(before, "Failed");
      if (old != nullptr && old->reason == "DeadlineExceeded") {
        const condition* now_failed = trainjob::conditions::find(after, "Failed");
        RC_ASSERT(now_failed != nullptr);
        RC_ASSERT(now_failed->status == condition_status::true_);
        RC_ASSERT(now_failed->reason == std::string("DeadlineExceeded"));
        RC_ASSERT(now_failed->last_transition_time == old->last_transition_time);
      }
    }

    // The same pass again, with the status just written: nothing more to write.
    train_job again = tj;
    again.status = r1.status;
    const reconcile_result r2 = trainjob::reconcile(observation{again, js, now, err}, options);
    check_status(r2.status);
    if (removes_and_readds_failed(p)) {
      // Failed is removed and re-added each pass, so it may move to the end once.
      RC_ASSERT(normalize_failed(r2.status) == normalize_failed(r1.status));
      train_job third = again;
      third.status = r2.status;
      const reconcile_result r3 = trainjob::reconcile(observation{third, js, now, err}, options);
      RC_ASSERT(!r3.changed);
    } else {
      RC_ASSERT(!r2.changed);
      RC_ASSERT(r2.status == r1.status);
    }

    tj.status = r1.status;
    if (r1.delete_job_set) observed.reset();
  }
}

}  // namespace

TEST_CASE("reconcile: random lives, per profile", "[reconcile][property]") {
  for (profile p : trainjob::all_profiles) {
    const std::string name = "random life, profile " + std::string(trainjob::to_string(p));
    CHECK(rc::check(name, [p] { replay_random_life(p); }));
  }
}

TEST_CASE("reconcile: an unknown runtime's Failed reaches a fixed point", "[reconcile][property]") {
  // The one case where a second identical pass writes again: in v2.1..v2.3 the Failed set
  // before Suspended (unknown runtime) is removed and re-appended after it, once.
  const train_job tj = trainjob::testing::train_job_builder("job")
                           .created(CREATED)
                           .runtime("x", std::string("Foo"), std::string("example.com"))
                           .suspend(true);
  for (profile p : trainjob::all_profiles) {
    reconcile_options o;
    o.profile = p;
    const timestamp now = plus(CREATED, 10);
    const auto r1 = trainjob::reconcile(observation{tj, nullptr, now}, o);
    train_job next = tj;
    next.status = r1.status;
    const auto r2 = trainjob::reconcile(observation{next, nullptr, now}, o);
    next.status = r2.status;
    const auto r3 = trainjob::reconcile(observation{next, nullptr, now}, o);
    CHECK(normalize_failed(r2.status) == normalize_failed(r1.status));
    CHECK(!r3.changed);
    CHECK(r3.status == r2.status);
    if (!removes_and_readds_failed(p)) CHECK(!r2.changed);
  }
}
