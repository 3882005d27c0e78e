// reconcile() and replay() are pure: many threads calling at once on shared
// inputs get exactly what one thread gets.
#include <atomic>
#include <thread>
#include <vector>

#include "fixtures.hpp"

TEST_CASE("reconcile from many threads at once matches one thread", "[reconcile][threads]") {
  const trainjob::train_job tj = train_job_builder("job")
                                     .created("2025-01-01T00:00:00Z")
                                     .active_deadline(3600)
                                     .condition("Suspended", "False", "Resumed", "TrainJob is resumed");
  const trainjob::job_set js =
      job_set_builder("job").completed("2025-01-01T00:30:00Z").replicated_job("node", {2, 2, 0, 0, 0});
  const trainjob::runtime_registry registry = trainjob::runtime_registry::builtin();

  std::vector<trainjob::reconcile_result> expected;
  for (auto p : trainjob::all_profiles) {
    trainjob::reconcile_options o;
    o.profile = p;
    o.runtimes = &registry;
    expected.push_back(trainjob::reconcile({tj, &js, at("2025-01-01T00:30:05Z"), "apply failed"}, o));
  }

  constexpr int threads = 8;
  constexpr int rounds = 200;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int r = 0; r < rounds; ++r) {
        for (std::size_t i = 0; i < std::size(trainjob::all_profiles); ++i) {
          trainjob::reconcile_options o;
          o.profile = trainjob::all_profiles[i];
          o.runtimes = &registry;
          const auto got = trainjob::reconcile({tj, &js, at("2025-01-01T00:30:05Z"), "apply failed"}, o);
          if (got.status != expected[i].status || got.changed != expected[i].changed ||
              got.errors != expected[i].errors || got.events != expected[i].events ||
              got.requeue_after_seconds != expected[i].requeue_after_seconds) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  CHECK(mismatches.load() == 0);
  // The inputs were not touched.
  CHECK(tj.status.conditions.size() == 1);
  CHECK(js.status.replicated_jobs_status.size() == 1);
}
