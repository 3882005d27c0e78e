// A controller runs the transition on every event for every TrainJob it
// watches, and most passes change nothing: those must not touch the heap.
// This executable replaces the global allocation functions with counting
// ones, so the counts below are exact.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>

#include "counting_alloc.hpp"
#include "fixtures.hpp"

namespace {

/// Heap allocations made by `f`.
template <class F>
long count_allocations(F&& f) {
  const long before = allocations.load();
  f();
  return allocations.load() - before;
}

job_set_builder running_job_set() {
  job_set_builder b("llm");
  b.replicated_job("dataset-initializer", {0, 1, 0, 0, 0})
      .replicated_job("model-initializer", {0, 1, 0, 0, 0})
      .replicated_job("node", {4, 0, 0, 4, 0});
  return b;
}

/// The job after two passes against `js`: its status has reached its fixed point.
train_job settle(train_job tj, const job_set* js, timestamp now, const reconcile_options& opts) {
  for (int i = 0; i < 2; ++i) tj.status = reconcile({tj, js, now}, opts).status;
  return tj;
}

}  // namespace

TEST_CASE("the allocation counter sees allocations", "[allocations]") {
  // Guards the tests below against a counter that never counts.
  const long n = count_allocations([] {
    std::string s(100, 'x');
    CHECK(s.size() == 100);
  });
  CHECK(n >= 1);
}

TEST_CASE("a pass that changes nothing makes no heap allocation, in every profile", "[allocations]") {
  const timestamp now = at("2025-03-01T12:00:00Z");
  const job_set running = running_job_set();
  const job_set completed = running_job_set().completed("2025-03-01T11:00:00Z");

  for (profile p : every_profile) {
    reconcile_options opts;
    opts.profile = p;
    const std::string name(to_string(p));

    // A typical running job: resumed once, a condition from another
    // controller, three replicated jobs, an active deadline in the future.
    const train_job running_job =
        settle(train_job_builder("llm")
                   .created("2025-03-01T10:00:00Z")
                   .active_deadline(86400)
                   .condition("Suspended", "False", "Resumed", "TrainJob is resumed", "2025-03-01T10:30:00Z")
                   .condition("example.com/Queued", "True", "Admitted", "admitted by kueue"),
               &running, now, opts);
    REQUIRE(running_job.status.conditions.size() >= 2);

    const train_job suspended_job =
        settle(train_job_builder("llm").created("2025-03-01T10:00:00Z").suspend(), &running, now, opts);
    const train_job completed_job =
        settle(train_job_builder("llm").created("2025-03-01T10:00:00Z"), &completed, now, opts);
    // Past its deadline: Failed(DeadlineExceeded), the JobSet deleted (NotFound).
    const train_job deadline_job = settle(
        train_job_builder("llm").created("2025-03-01T10:00:00Z").active_deadline(60), &running, now, opts);

    struct situation {
      const char* what;
      const train_job& tj;
      const job_set* js;
    };
    for (const situation& s :
         {situation{"running", running_job, &running}, situation{"suspended", suspended_job, &running},
          situation{"completed", completed_job, &completed},
          situation{"past its deadline", deadline_job, nullptr}}) {
      // Without a deadline the JobSet stays: a NotFound there is an error pass, not a steady one.
      if (s.js == nullptr && !traits_of(p).active_deadline) continue;
      INFO(name << ", " << s.what);
      reconcile_result out;
      reconcile({s.tj, s.js, now}, opts, out);  // warms `out` up
      REQUIRE_FALSE(out.changed);
      const long n = count_allocations([&] { reconcile({s.tj, s.js, now}, opts, out); });
      CHECK(n == 0);
      CHECK_FALSE(out.changed);
      CHECK(out.status == s.tj.status);
    }
  }
}

TEST_CASE("the reusing overload gives the by-value result", "[allocations]") {
  const timestamp now = at("2025-03-01T12:00:00Z");
  const job_set running = running_job_set();
  const job_set failed = running_job_set().failed("2025-03-01T11:30:00Z");
  const train_job a = train_job_builder("a").created("2025-03-01T10:00:00Z").suspend();
  const train_job b = train_job_builder("b")
                          .created("2025-03-01T10:00:00Z")
                          .active_deadline(60)
                          .condition("Suspended", "True", "Suspended", "TrainJob is suspended")
                          .condition("Complete", "True", "AllJobsCompleted", "done");

  // One `out` carried across unrelated passes must never leak state from one into the next.
  reconcile_result out;
  for (profile p : every_profile) {
    reconcile_options opts;
    opts.profile = p;
    for (const train_job* tj : {&a, &b, &a}) {
      for (const job_set* js : {&running, &failed, static_cast<const job_set*>(nullptr)}) {
        for (const char* err : {static_cast<const char*>(nullptr), "apply failed"}) {
          observation obs{*tj, js, now};
          if (err != nullptr) obs.apply_error = std::string_view(err);
          const reconcile_result fresh = reconcile(obs, opts);
          reconcile(obs, opts, out);
          INFO(to_string(p) << " " << tj->metadata.name << (js ? " jobset" : " no jobset")
                            << (err ? " error" : ""));
          CHECK(out.status == fresh.status);
          CHECK(out.changed == fresh.changed);
          CHECK(out.changed == (out.status != tj->status));
          CHECK(out.apply_objects == fresh.apply_objects);
          CHECK(out.delete_job_set == fresh.delete_job_set);
          CHECK(out.requeue_after_seconds == fresh.requeue_after_seconds);
          CHECK(out.skipped == fresh.skipped);
          CHECK(out.errors == fresh.errors);
          CHECK(out.events == fresh.events);
        }
      }
    }
  }
}

namespace {

/// A JSON text of `n` nested and sibling containers, strings and numbers.
std::string wide_and_deep(int n) {
  std::string t = "[";
  for (int i = 0; i < n; ++i) {
    if (i != 0) t += ',';
    t +=
        R"([],{},[1,[2,[3,{"k":"a string longer than the small buffer","m":[{}]}]]],{"x":{"y":[null,true]}})";
  }
  return t + "]";
}

}  // namespace

TEST_CASE("a parsed tree is taken apart without allocating, so running out of memory cannot abort",
          "[allocations][memory]") {
  SECTION("dismantle allocates nothing, and leaves an empty container") {
    auto j = trainjob::parse_json(wide_and_deep(2000));
    REQUIRE(j.ok());
    allocations_left = 0;  // any allocation from here on throws
    const long n = count_allocations([&] { trainjob::detail::dismantle(*j); });
    allocations_left = -1;
    CHECK(n == 0);
    CHECK(j->is_array());
    CHECK(j->empty());
  }
  SECTION("a tree deeper than dismantle's cached path, built by hand, is taken apart too") {
    nlohmann::json deep = nlohmann::json::array();
    nlohmann::json* at = &deep;
    for (int i = 0; i < 5000; ++i) {
      at->push_back(i);
      at->push_back(nlohmann::json::object({{"k", nlohmann::json::array()}}));
      at = &at->back()["k"];
      at->push_back("x");
    }
    allocations_left = 0;
    const long n = count_allocations([&] { trainjob::detail::dismantle(deep); });
    allocations_left = -1;
    CHECK(n == 0);
    CHECK(deep.empty());
  }
  SECTION("parse_json running out of memory at every point returns an error, never terminates") {
    const std::string text = wide_and_deep(50);
    long ok_at = -1;
    for (long k = 0; k < 20000 && ok_at < 0; k += (k < 200 ? 1 : 37)) {
      allocations_left = k;
      const auto r = trainjob::parse_json(text);
      allocations_left = -1;
      if (r.ok()) {
        ok_at = k;
      } else {
        CHECK((r.error().message == "out of memory" || r.error().message.empty()));
      }
    }
    CHECK(ok_at > 0);  // enough allocations: the parse succeeds
  }
  SECTION("a batch line that runs out of memory while decoding is an error line") {
    const std::string line =
        std::string(R"({"trainjob":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",)") +
        R"("metadata":{"name":"t","annotations":{"big":)" + "\"" + std::string(100, 'x') + "\"" +
        R"(}},"spec":{"runtimeRef":{"name":"r"}},"status":{"zz":)" + wide_and_deep(50) +
        R"(}},"jobset":null,"now":"2025-01-01T00:00:00Z"})";
    int errors = 0, oks = 0;
    for (long k = 0; k < 6000; k += 23) {
      trainjob::reconcile_result result;
      std::string out;
      allocations_left = k;
      const auto r = trainjob::detail::slow_process(line, 1, {}, result, out);
      allocations_left = -1;
      (r == trainjob::line_result::ok ? oks : errors) += 1;
    }
    CHECK(errors > 0);
    CHECK(oks > 0);
  }
}

TEST_CASE("parse_json refuses a tree over its memory budget before building it", "[memory]") {
  trainjob::parse_limits small;
  small.memory_floor = 1u << 20;
  small.memory_per_input_byte = 24;
  std::string empties = "[";
  for (int i = 0; i < 200000; ++i) empties += i == 0 ? "[]" : ",[]";
  empties += "]";
  const long before = allocations.load();
  const auto r = trainjob::parse_json(empties, small);
  const long made = allocations.load() - before;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("over the budget") != std::string::npos);
  CHECK(made < 50);  // refused from the text alone: no tree was built
  // The same count of real values parses: numbers and strings cost less per byte.
  std::string numbers = "[";
  for (int i = 0; i < 200000; ++i) numbers += i == 0 ? "12" : ",12";
  numbers += "]";
  CHECK(trainjob::parse_json(numbers, small).ok());
}

TEST_CASE(
    "is_valid allocates nothing, for a TrainJob and a JobSet with conditions (batch asks it of every line)",
    "[allocations][validation]") {
  const job_set completed = running_job_set().completed("2025-03-01T11:00:00Z");
  REQUIRE_FALSE(completed.status.conditions.empty());
  const train_job tj =
      train_job_builder("llm")
          .created("2025-03-01T10:00:00Z")
          .condition("Suspended", "False", "Resumed", "TrainJob is resumed", "2025-03-01T10:30:00Z");
  bool valid = false;
  CHECK(count_allocations([&] { valid = is_valid(completed) && is_valid(tj); }) == 0);
  CHECK(valid);
}

TEST_CASE("decoding each kind runs out of memory at every allocation without a crash",
          "[allocations][memory]") {
  // GCC 12 destroyed members twice when an allocation failed inside an
  // aggregate's brace initialisation (`out = T{}`): every point is tried.
  const auto tj_json =
      nlohmann::json(load<train_job>("upstream/trainer-master__TrainJob__kueue-example.json"));
  const auto js_json = nlohmann::json(running_job_set().completed("2025-03-01T11:00:00Z").build());
  // Each kind decoded and encoded again with every allocation failing in
  // turn; the result outlives the failing window (freeing a decoded object
  // is the caller's, and nlohmann's destructor allocates).
  auto each_point = [](const nlohmann::json& j, auto decode) {
    long ok_at = -1;
    for (long k = 0; k < 20000 && ok_at < 0; ++k) {
      allocations_left = k;
      auto r = decode(j);
      allocations_left = -1;
      if (r.ok()) {
        ok_at = k;
        CHECK(trainjob::detail::identical(nlohmann::json(*r), j));
      } else {
        CHECK(r.error().kind == trainjob::error_kind::out_of_memory);
      }
    }
    return ok_at;
  };
  CHECK(each_point(tj_json, [](const nlohmann::json& j) { return trainjob::try_decode<train_job>(j); }) > 0);
  CHECK(each_point(js_json, [](const nlohmann::json& j) { return trainjob::try_decode<job_set>(j); }) > 0);
  const auto rt_json = nlohmann::json(load<trainjob::cluster_training_runtime>(
      "upstream/trainer-master__ClusterTrainingRuntime__torch-distributed.json"));
  CHECK(each_point(rt_json, [](const nlohmann::json& j) {
          return trainjob::try_decode<trainjob::cluster_training_runtime>(j);
        }) > 0);
  SECTION("a pass runs out of memory at every allocation without a crash") {
    const auto tj = load<train_job>("upstream/trainer-master__TrainJob__kueue-example.json");
    const job_set js = running_job_set().completed("2025-03-01T11:00:00Z");
    const auto want = trainjob::reconcile({tj, &js, at("2025-03-01T12:00:00Z")}, {});
    long ok_at = -1;
    for (long k = 0; k < 20000 && ok_at < 0; ++k) {
      trainjob::reconcile_result r;
      allocations_left = k;
      try {
        trainjob::reconcile({tj, &js, at("2025-03-01T12:00:00Z")}, {}, r);
        allocations_left = -1;
        ok_at = k;
        CHECK(trainjob::detail::result_json(r) == trainjob::detail::result_json(want));
      } catch (const std::bad_alloc&) {
        allocations_left = -1;
      }
    }
    CHECK(ok_at > 0);
  }
  SECTION("encoding a result runs out of memory at every allocation without a crash") {
    const auto tj = load<train_job>("upstream/trainer-master__TrainJob__kueue-example.json");
    const job_set js = running_job_set().completed("2025-03-01T11:00:00Z");
    const auto result = trainjob::reconcile({tj, &js, at("2025-03-01T12:00:00Z")}, {});
    long ok_at = -1;
    for (long k = 0; k < 20000 && ok_at < 0; ++k) {
      allocations_left = k;
      try {
        const auto j = trainjob::detail::result_json(result);
        allocations_left = -1;
        ok_at = k;
      } catch (const std::bad_alloc&) {
        allocations_left = -1;
      }
    }
    CHECK(ok_at > 0);
  }
}

TEST_CASE("API values start with no unknown members and allocate nothing for them; null and {} mean the same",
          "[allocations]") {
  long n = count_allocations([] {
    const trainjob::train_job tj;
    const trainjob::job_set js;
    const trainjob::condition c;
    (void)tj;
    (void)js;
    (void)c;
  });
  CHECK(n == 0);  // 37 empty maps a TrainJob when unknown_fields started as {}

  trainjob::condition a, b;
  b.unknown_fields = nlohmann::json::object();
  CHECK(a == b);
  CHECK(trainjob::detail::fields_equal(a, b));
  b.unknown_fields["future"] = 1;
  CHECK(a != b);
  CHECK_FALSE(trainjob::detail::fields_equal(a, b));

  // Decoding turns null into {} where it walks; the value is the same.
  trainjob::train_job fresh;
  fresh.metadata.name = "t";
  fresh.spec.runtime_ref.name = "r";
  const auto decoded = trainjob::decode<trainjob::train_job>(trainjob::encode(fresh));
  CHECK(trainjob::detail::fields_equal(decoded, fresh));
  CHECK(trainjob::encode(decoded) == trainjob::encode(fresh));
}
