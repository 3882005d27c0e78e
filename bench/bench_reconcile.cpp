// reconcile per profile (a pass that changes nothing, and passes that change one
// condition) and conditions::set, on in-memory objects.
#include <cstddef>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <trainjob/condition.hpp>
#include <trainjob/profile.hpp>
#include <trainjob/reconcile.hpp>
#include <trainjob/testing.hpp>
#include <trainjob/types.hpp>

#include "alloc_counter.hpp"
#include "benchmarks.hpp"

namespace trainjob_bench {
namespace {

using namespace trainjob::testing;  // builders, cond, at

// Every profile, v1.9 included (trainjob::all_profiles lists the 2.x ones).
const char* const created_at = "2025-06-01T10:00:00Z";
const char* const resumed_at = "2025-06-01T10:04:12Z";
const char* const now_at = "2025-06-01T14:30:00Z";

/// A typical running TrainJob, as a controller reads it on a resync: resumed
/// from Kueue's suspension, two conditions (Suspended=False, and the Created
/// a v1.9 controller wrote, which 2.x releases leave alone), and a JobSet with
/// three replicated jobs, the initializers done and two trainer nodes running.
struct running_job {
  trainjob::train_job trainjob;
  trainjob::job_set jobset;
  trainjob::timestamp now;
  trainjob::reconcile_options options;
};

running_job make_running_job(trainjob::profile p) {
  running_job r;
  r.options.profile = p;
  r.now = at(now_at);
  r.jobset = job_set_builder("llama-3-8b-sft", "ml-research")
                 .replicated_job("dataset-initializer", {0, 1, 0, 0, 0})
                 .replicated_job("model-initializer", {0, 1, 0, 0, 0})
                 .replicated_job("node", {2, 0, 0, 2, 0});
  r.trainjob =
      train_job_builder("llama-3-8b-sft", "ml-research")
          .created(created_at)
          .suspend(false)
          .num_nodes(2)
          .condition("Suspended", "False", "Resumed", "TrainJob is resumed", resumed_at)
          .condition("Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs", created_at);
  // The status the profile itself wrote on the previous pass (jobsStatus
  // included), so that this pass is the steady state.
  r.trainjob.status = trainjob::reconcile({r.trainjob, &r.jobset, r.now}, r.options).status;
  return r;
}

/// "" when the setup is what the benchmark claims to measure.
std::string check_result(const trainjob::reconcile_result& r, bool want_changed,
                         std::size_t want_conditions) {
  if (r.changed != want_changed)
    return want_changed ? "the pass changed nothing" : "the pass changed the status";
  if (!r.errors.empty()) return "the pass reported an error: " + r.errors.front();
  if (r.status.conditions.size() != want_conditions) {
    return "expected " + std::to_string(want_conditions) + " conditions, got " +
           std::to_string(r.status.conditions.size());
  }
  return {};
}

/// Reconciles `tj` against `js` into one reused result, as a worker would.
void run_reconcile(benchmark::State& state, const running_job& job, const trainjob::train_job& tj,
                   const trainjob::job_set& js, bool want_changed, std::size_t want_conditions) {
  const trainjob::observation obs{tj, &js, job.now};
  trainjob::reconcile_result r;
  trainjob::reconcile(obs, job.options, r);  // first call shapes r's storage
  if (const std::string why = check_result(r, want_changed, want_conditions); !why.empty()) {
    report_setup_error(state, why);
    return;
  }
  measure(state, [&] {
    trainjob::reconcile(obs, job.options, r);
    benchmark::DoNotOptimize(r.changed);
    benchmark::ClobberMemory();
  });
  if (const std::string why = check_result(r, want_changed, want_conditions); !why.empty()) {
    report_setup_error(state, why);
  }
}

/// The status does not change: the resync of a running job.
void reconcile_noop(benchmark::State& state, trainjob::profile p) {
  const running_job job = make_running_job(p);
  run_reconcile(state, job, job.trainjob, job.jobset, false, 2);
}

/// One condition changes in place: the job was suspended (Suspended False -> True).
void reconcile_suspend(benchmark::State& state, trainjob::profile p) {
  const running_job job = make_running_job(p);
  trainjob::train_job suspended = job.trainjob;
  suspended.spec.suspend = true;
  run_reconcile(state, job, suspended, job.jobset, true, 2);
}

/// One condition is added: the JobSet completed, Complete is copied.
void reconcile_complete(benchmark::State& state, trainjob::profile p) {
  const running_job job = make_running_job(p);
  trainjob::job_set completed = job.jobset;
  completed.status.conditions.push_back(
      cond("Completed", "True", "AllJobsCompleted", "jobset completed successfully", at(now_at)));
  completed.status.terminal_state = "Completed";
  run_reconcile(state, job, job.trainjob, completed, true, 3);
}

/// conditions::set with the condition already there: no change.
void set_noop(benchmark::State& state) {
  std::vector<trainjob::condition> list =
      make_running_job(trainjob::profile::latest).trainjob.status.conditions;
  const trainjob::condition same = list.front();
  const trainjob::timestamp now = at(now_at);
  bool changed = false;
  measure(state, [&] {
    changed = trainjob::conditions::set(list, same, now);
    benchmark::DoNotOptimize(changed);
    benchmark::ClobberMemory();
  });
  if (changed) report_setup_error(state, "conditions::set changed the list");
}

/// conditions::set flipping a condition's status on every call.
void set_change(benchmark::State& state) {
  std::vector<trainjob::condition> list =
      make_running_job(trainjob::profile::latest).trainjob.status.conditions;
  const trainjob::condition flips[2] = {cond("Suspended", "True", "Suspended", "TrainJob is suspended"),
                                        cond("Suspended", "False", "Resumed", "TrainJob is resumed")};
  const trainjob::timestamp now = at(now_at);
  std::size_t i = 0;
  bool changed = true;
  bool all_changed = true;
  measure(state, [&] {
    changed = trainjob::conditions::set(list, flips[i++ & 1u], now);
    all_changed = all_changed && changed;
    benchmark::DoNotOptimize(changed);
    benchmark::ClobberMemory();
  });
  if (!all_changed) report_setup_error(state, "a conditions::set call changed nothing");
}

}  // namespace

void register_reconcile_benchmarks() {
  for (const trainjob::profile p : trainjob::every_profile) {
    const std::string name(trainjob::to_string(p));
    benchmark::RegisterBenchmark(("reconcile/noop/" + name).c_str(), reconcile_noop, p);
    benchmark::RegisterBenchmark(("reconcile/suspend/" + name).c_str(), reconcile_suspend, p);
    benchmark::RegisterBenchmark(("reconcile/complete/" + name).c_str(), reconcile_complete, p);
  }
  benchmark::RegisterBenchmark("conditions_set/noop", set_noop);
  benchmark::RegisterBenchmark("conditions_set/change", set_change);
}

}  // namespace trainjob_bench
