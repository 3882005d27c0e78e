// The controller example's loop (examples/controller): the work queue and rate limiter as
// client-go's, and recorded watch streams replayed on the virtual clock against the exact API
// calls (with their times) the loop makes through memory_api. Then a property: interleaving
// several jobs' events in any order (each job's own order kept) leaves every job with the
// calls and the final status it gets when replayed alone.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>
#include <nlohmann/json.hpp>

#include <trainjob/trainjob.hpp>
#include "catch.hpp"

#include "api.hpp"
#include "loop.hpp"
#include "rate_limiter.hpp"
#include "virtual_clock.hpp"
#include "work_queue.hpp"

namespace ce = controller_example;
using nlohmann::json;

namespace {

ce::millis at(const std::string& rfc3339, ce::millis plus_ms = 0) {
  const auto t = trainjob::timestamp::parse(rfc3339);
  REQUIRE(t.has_value());
  return t->unix_seconds() * 1000 + plus_ms;
}

json train_job_json(const std::string& name, const std::string& created,
                    std::optional<std::int64_t> deadline = std::nullopt) {
  json j = {{"apiVersion", "trainer.kubeflow.org/v1alpha1"},
            {"kind", "TrainJob"},
            {"metadata", {{"name", name}, {"namespace", "ns"}, {"creationTimestamp", created}}},
            {"spec", {{"runtimeRef", {{"name", "torch-distributed"}}}}}};
  if (deadline) j["spec"]["activeDeadlineSeconds"] = *deadline;
  return j;
}

json job_set_json(const std::string& name, int active, int ready, int succeeded,
                  const std::string& finished = "", const std::string& when = "") {
  json st = {{"replicatedJobsStatus",
              {{{"name", "node"},
                {"ready", ready},
                {"succeeded", succeeded},
                {"failed", 0},
                {"active", active},
                {"suspended", 0}}}}};
  if (!finished.empty()) {
    st["conditions"] = {{{"type", finished},
                         {"status", "True"},
                         {"lastTransitionTime", when},
                         {"reason", finished == "Completed" ? "AllJobsCompleted" : "FailedJobs"},
                         {"message", finished == "Completed" ? "jobset completed" : "jobset failed"}}};
  }
  return {{"apiVersion", "jobset.x-k8s.io/v1alpha2"},
          {"kind", "JobSet"},
          {"metadata", {{"name", name}, {"namespace", "ns"}}},
          {"spec", json::object()},
          {"status", st}};
}

ce::watch_event event(const std::string& type, const json& object, ce::millis time) {
  ce::watch_event e;
  e.type = type;
  e.time = time;
  if (object["kind"] == "TrainJob") {
    auto tj = trainjob::try_decode<trainjob::train_job>(object);
    REQUIRE(tj);
    e.train_job = std::move(*tj);
  } else {
    auto js = trainjob::try_decode<trainjob::job_set>(object);
    REQUIRE(js);
    e.job_set = std::move(*js);
  }
  return e;
}

/// A call as a line: "TIME VERB NAME [BODY] [-> OUTCOME]"; applies and events can be left out.
std::vector<std::string> lines(const std::vector<ce::api_call>& calls, bool with_applies = true,
                               bool with_events = true) {
  std::vector<std::string> out;
  for (const auto& c : calls) {
    if ((!with_applies && c.verb == "apply") || (!with_events && c.verb == "event")) continue;
    std::string s = ce::show_time(c.time).substr(11, 12) + " " + c.verb + " " + c.key.name;
    if (!c.body.is_null()) s += " " + trainjob::dump(c.body);
    if (c.outcome != ce::api_outcome::ok) s += " -> " + std::string(ce::to_string(c.outcome));
    out.push_back(s);
  }
  return out;
}

struct harness {
  ce::memory_api api;
  ce::virtual_clock clock;
  ce::controller_loop loop{trainjob::reconcile_options{}, api, clock};
};

}  // namespace

// ---- rate limiter ------------------------------------------------------------------------------

TEST_CASE("exponential failure limiter: 5 ms doubling per failure, capped at 1000 s, reset by forget") {
  ce::exponential_failure_limiter<std::string> r;
  std::vector<ce::millis> got;
  for (int i = 0; i < 5; ++i) got.push_back(r.when("a"));
  CHECK(got == std::vector<ce::millis>{5, 10, 20, 40, 80});
  CHECK(r.num_requeues("a") == 5);
  CHECK(r.when("b") == 5);  // per item
  for (int i = 0; i < 20; ++i) (void)r.when("a");
  CHECK(r.when("a") == 1000 * 1000);  // 5 ms * 2^25 is over 1000 s
  for (int i = 0; i < 100; ++i) (void)r.when("a");
  CHECK(r.when("a") == 1000 * 1000);  // no overflow far past the cap
  r.forget("a");
  CHECK(r.num_requeues("a") == 0);
  CHECK(r.when("a") == 5);
}

TEST_CASE("bucket limiter: 100 at once, then one per 100 ms, refilled at 10 a second") {
  ce::bucket_limiter b;
  for (int i = 0; i < 100; ++i) REQUIRE(b.when(0) == 0);
  CHECK(b.when(0) == 100);
  CHECK(b.when(0) == 200);
  CHECK(b.when(1000) == 0);                            // -2 + 10 tokens: 8 left, this takes one
  ce::default_controller_rate_limiter<std::string> d;  // the max of both
  for (int i = 0; i < 100; ++i) REQUIRE(d.when("k" + std::to_string(i), 0) == 5);
  CHECK(d.when("x", 0) == 100);
}

// ---- work queue ----------------------------------------------------------------------------------

TEST_CASE("work queue: a key added while queued is queued once") {
  ce::work_queue<std::string> q;
  q.add("a");
  q.add("b");
  q.add("a");
  CHECK(q.len() == 2);
  CHECK(q.get() == std::optional<std::string>("a"));
  CHECK(q.get() == std::optional<std::string>("b"));
  CHECK(q.get() == std::nullopt);
}

TEST_CASE("work queue: a key added while processed is dirty, queued again by done") {
  ce::work_queue<std::string> q;
  q.add("a");
  REQUIRE(q.get() == std::optional<std::string>("a"));
  q.add("a");
  q.add("a");
  CHECK(q.len() == 0);  // not handed to a second worker
  CHECK(q.get() == std::nullopt);
  q.done("a");
  CHECK(q.len() == 1);  // once, however often it was added
  CHECK(q.get() == std::optional<std::string>("a"));
  q.done("a");
  CHECK(q.get() == std::nullopt);  // done without a new add: gone
}

TEST_CASE("work queue: two workers never hold the same key") {
  ce::work_queue<std::string> q;
  q.add("a");
  q.add("b");
  const auto w1 = q.get();  // a
  q.add("a");
  const auto w2 = q.get();  // b, not the a added while worker 1 has it
  CHECK(w1 == std::optional<std::string>("a"));
  CHECK(w2 == std::optional<std::string>("b"));
  CHECK(q.get() == std::nullopt);
  q.done("b");
  CHECK(q.get() == std::nullopt);
  q.done("a");
  CHECK(q.get() == std::optional<std::string>("a"));
}

TEST_CASE("work queue: add_after waits, keeps the earlier time, and rate limiting backs off") {
  ce::work_queue<std::string> q;
  q.add_after("a", 1000, 0);
  q.add_after("a", 5000, 0);  // later: ignored
  q.add_after("b", 500, 0);
  CHECK(q.next_ready_time() == std::optional<ce::millis>(500));
  q.advance(499);
  CHECK(q.len() == 0);
  q.advance(1000);
  CHECK(q.get() == std::optional<std::string>("b"));
  CHECK(q.get() == std::optional<std::string>("a"));
  CHECK(q.next_ready_time() == std::nullopt);
  q.add_after("c", 0, 0);  // no delay: queued at once
  CHECK(q.len() == 1);
  CHECK(q.add_rate_limited("d", 0) == 5);
  CHECK(q.add_rate_limited("d", 0) == 10);
  CHECK(q.next_ready_time() == std::optional<ce::millis>(5));  // the earlier of 5 and 10
  q.forget("d");
  CHECK(q.num_requeues("d") == 0);
  CHECK(q.add_rate_limited("d", 100) == 5);
}

// ---- recorded streams --------------------------------------------------------------------------

TEST_CASE("stream: jobs interleaved, a deadline from a timer alone, a JobSet deleted under a running job") {
  // examples/controller/timeline.jsonl: the stream the README's timeline shows.
  std::ifstream in(std::string(TRAINJOB_CONTROLLER_DIR) + "/timeline.jsonl");
  REQUIRE(in);
  harness h;
  std::string text;
  while (std::getline(in, text)) {
    const auto doc = trainjob::parse_json(text);
    REQUIRE(doc);
    h.loop.on_event(event((*doc)["type"], (*doc)["object"], at((*doc)["time"])));
  }
  h.loop.run_until(at("2025-06-10T12:30:00Z"));
  const std::vector<std::string> want = {
      R"(10:00:01.000 patch_status llama-finetune {"status":{"jobsStatus":[{"active":4,"failed":0,"name":"node","ready":0,"succeeded":0,"suspended":0}]}})",
      R"(10:00:01.000 patch_status bert-eval {"status":{"jobsStatus":[{"active":1,"failed":0,"name":"node","ready":0,"succeeded":0,"suspended":0}]}})",
      R"(10:02:00.000 patch_status bert-eval {"status":{"jobsStatus":[{"active":1,"failed":0,"name":"node","ready":1,"succeeded":0,"suspended":0}]}})",
      R"(10:05:00.000 patch_status llama-finetune {"status":{"jobsStatus":[{"active":4,"failed":0,"name":"node","ready":4,"succeeded":0,"suspended":0}]}})",
      R"(10:30:00.000 patch_status bert-eval {"status":{"conditions":[{"lastTransitionTime":"2025-06-10T10:30:00Z","message":"jobset completed successfully","reason":"AllJobsCompleted","status":"True","type":"Complete"}],"jobsStatus":[{"active":0,"failed":0,"name":"node","ready":0,"succeeded":1,"suspended":0}]}})",
      // Deleted at 11:00:00 while running: the pass applies it again and reads it without status.
      R"(11:00:00.000 patch_status llama-finetune {"status":{"jobsStatus":null}})",
      R"(11:00:01.000 patch_status llama-finetune {"status":{"jobsStatus":[{"active":4,"failed":0,"name":"node","ready":0,"succeeded":0,"suspended":0}]}})",
      R"(11:03:00.000 patch_status llama-finetune {"status":{"jobsStatus":[{"active":4,"failed":0,"name":"node","ready":4,"succeeded":0,"suspended":0}]}})",
      // No event after 11:03: the 2-hour deadline (10:00:00 + 7200 s) fires from the timer; at
      // 12:00:00 exactly it has not passed yet (requeue 1 s), at 12:00:01 it has.
      R"(12:00:01.000 delete llama-finetune)",
      R"(12:00:01.000 patch_status llama-finetune {"status":{"conditions":[{"lastTransitionTime":"2025-06-10T12:00:01Z","message":"TrainJob exceeded its active deadline","reason":"DeadlineExceeded","status":"True","type":"Failed"}]}})",
  };
  CHECK(lines(h.api.calls(), false) == want);
  // Every pass applies (upstream's server-side apply is idempotent): the JobSet events' passes,
  // the two timer passes at 12:00:00 and 12:00:01, and the ADDED passes at 10:00:00.
  std::vector<std::string> applies;
  for (const auto& c : h.api.calls()) {
    if (c.verb == "apply" && c.key.name == "llama-finetune")
      applies.push_back(ce::show_time(c.time).substr(11, 8));
  }
  CHECK(applies == std::vector<std::string>{"10:00:00", "10:00:01", "10:05:00", "11:00:00", "11:00:01",
                                            "11:03:00", "12:00:00", "12:00:01"});
  CHECK(h.loop.queue().next_ready_time() == std::nullopt);  // finished: no timer left
}

TEST_CASE("stream: failed applies back off 5, 10, 20, 40 ms, recover, and start again at 5 ms") {
  harness h;
  const ce::object_key k{"ns", "a"};
  h.api.fail("apply", k, ce::api_outcome::timeout, 4);
  const ce::millis t0 = at("2025-01-01T00:00:00Z");
  h.loop.on_event(event("ADDED", train_job_json("a", "2025-01-01T00:00:00Z"), t0));
  h.loop.run_until(t0 + 10000);
  std::vector<ce::millis> tries;
  for (const auto& c : h.api.calls()) {
    if (c.verb == "apply") tries.push_back(c.time - t0);
  }
  CHECK(tries == std::vector<ce::millis>{0, 5, 15, 35, 75});
  // Each failed apply records upstream's Warning event; the pass after the last one is clean.
  std::size_t warnings = 0;
  for (const auto& c : h.api.calls()) {
    if (c.verb == "event") {
      ++warnings;
      CHECK(c.body["reason"] == "TrainJobResourcesCreationFailed");
    }
  }
  CHECK(warnings == 4);
  CHECK(h.loop.queue().num_requeues(k) == 0);  // forgotten after the success

  // A new failure later backs off from 5 ms again.
  h.api.fail("apply", k, ce::api_outcome::conflict, 1);
  const ce::millis t1 = t0 + 20000;
  h.loop.on_event(event("ADDED", job_set_json("a", 1, 0, 0), t1));
  h.loop.run_until(t1 + 1000);
  std::vector<std::string> after;
  for (const auto& c : h.api.calls()) {
    if (c.time >= t1)
      after.push_back(std::to_string(c.time - t1) + " " + c.verb + " " + ce::to_string(c.outcome));
  }
  // The status step still runs when the apply fails (upstream's too): the JobSet from the
  // watch is written at once, and the retry only applies.
  CHECK(after ==
        std::vector<std::string>{"0 apply conflict", "0 event ok", "0 patch_status ok", "5 apply ok"});
}

TEST_CASE("stream: a conflict on the status write is retried 5 ms later with the same patch") {
  harness h;
  const ce::object_key k{"ns", "a"};
  const ce::millis t0 = at("2025-01-01T00:00:00Z");
  h.api.fail("patch_status", k, ce::api_outcome::conflict, 1);
  h.loop.on_event(event("ADDED", train_job_json("a", "2025-01-01T00:00:00Z", 3600), t0));
  h.loop.on_event(event("ADDED", job_set_json("a", 2, 0, 0), t0));  // same instant: one pass
  h.loop.run_until(t0 + 60000);
  const std::string patch =
      R"({"status":{"jobsStatus":[{"active":2,"failed":0,"name":"node","ready":0,"succeeded":0,"suspended":0}]}})";
  CHECK(lines(h.api.calls()) == std::vector<std::string>{
                                    "00:00:00.000 apply a",
                                    "00:00:00.000 patch_status a " + patch + " -> conflict",
                                    "00:00:00.005 apply a",
                                    "00:00:00.005 patch_status a " + patch,
                                });
  // The failed pass's RequeueAfter is lost (controller-runtime drops it with an error); the
  // clean one sets the deadline timer: 3600 s from creation, less the 0.005 s already gone,
  // in whole seconds.
  CHECK(h.loop.queue().next_ready_time() == std::optional<ce::millis>(t0 + 5 + 3600 * 1000));
  CHECK(h.loop.train_jobs().at(k).status.jobs_status.size() == 1);
}

TEST_CASE("stream: a failed delete keeps the job's deadline failure unwritten and retries") {
  harness h;
  const ce::object_key k{"ns", "a"};
  const ce::millis t0 = at("2025-01-01T00:00:00Z");
  h.api.fail("delete", k, ce::api_outcome::timeout, 1);
  h.loop.on_event(event("ADDED", train_job_json("a", "2025-01-01T00:00:00Z", 10), t0));
  h.loop.on_event(event("ADDED", job_set_json("a", 1, 1, 0), t0 + 1000));
  h.loop.run_until(t0 + 60000);
  CHECK(
      lines(h.api.calls(), false) ==
      std::vector<std::string>{
          R"(00:00:01.000 patch_status a {"status":{"jobsStatus":[{"active":1,"failed":0,"name":"node","ready":1,"succeeded":0,"suspended":0}]}})",
          "00:00:11.000 delete a -> timeout",
          R"(00:00:11.000 patch_status a {"status":{"conditions":[{"lastTransitionTime":"2025-01-01T00:00:11Z","message":"TrainJob exceeded its active deadline","reason":"DeadlineExceeded","status":"True","type":"Failed"}]}})",
          // Retried: the job is Failed now, so the pass neither deletes nor writes again.
      });
  CHECK(h.loop.queue().num_requeues(k) == 0);
}

TEST_CASE("stream: events for one key at one instant make one pass") {
  harness h;
  const ce::millis t0 = at("2025-01-01T00:00:00Z");
  h.loop.on_event(event("ADDED", train_job_json("a", "2025-01-01T00:00:00Z"), t0));
  h.loop.on_event(event("ADDED", job_set_json("a", 1, 0, 0), t0));
  h.loop.on_event(event("MODIFIED", job_set_json("a", 1, 1, 0), t0));
  h.loop.on_event(event("MODIFIED", job_set_json("a", 2, 2, 0), t0 + 1000));
  h.loop.run_until(t0 + 2000);
  CHECK(
      lines(h.api.calls(), true) ==
      std::vector<std::string>{
          "00:00:00.000 apply a",
          R"(00:00:00.000 patch_status a {"status":{"jobsStatus":[{"active":1,"failed":0,"name":"node","ready":1,"succeeded":0,"suspended":0}]}})",
          "00:00:01.000 apply a",
          R"(00:00:01.000 patch_status a {"status":{"jobsStatus":[{"active":2,"failed":0,"name":"node","ready":2,"succeeded":0,"suspended":0}]}})",
      });
}

// ---- property: interleavings -------------------------------------------------------------------

namespace {

struct job_script {
  std::optional<std::int64_t> deadline;
  std::vector<std::pair<int, int>> steps;  // (minute, what): what chooses the JobSet event
  int apply_failures = 0;
  int patch_conflicts = 0;
};

json step_object(const std::string& name, int what) {
  switch (what % 6) {
    case 0:
      return job_set_json(name, 1, 0, 0);
    case 1:
      return job_set_json(name, 2, 2, 0);
    case 2:
      return job_set_json(name, 0, 0, 2, "Completed", "2025-01-01T00:30:00Z");
    case 3:
      return job_set_json(name, 0, 0, 0, "Failed", "2025-01-01T00:20:00Z");
    default:
      return job_set_json(name, 1, 1, 0);
  }
}

/// The job's events, in its own order.
std::vector<ce::watch_event> job_events(const std::string& name, const job_script& s, ce::millis t0) {
  std::vector<ce::watch_event> out;
  out.push_back(event("ADDED", train_job_json(name, "2025-01-01T00:00:00Z", s.deadline), t0));
  bool exists = false;
  for (const auto& st : s.steps) {
    const ce::millis t = t0 + st.first * 60000;
    if (st.second % 6 == 5) {
      out.push_back(event("DELETED", step_object(name, 0), t));
      exists = false;
    } else {
      out.push_back(event(exists ? "MODIFIED" : "ADDED", step_object(name, st.second), t));
      exists = true;
    }
  }
  return out;
}

struct outcome {
  std::vector<std::string> calls;
  json status;
};

/// Replays `stream` and returns each job's calls and final status.
std::map<std::string, outcome> replay(const std::vector<ce::watch_event>& stream,
                                      const std::map<std::string, job_script>& scripts, ce::millis end) {
  harness h;
  for (const auto& s : scripts) {
    const ce::object_key k{"ns", s.first};
    if (s.second.apply_failures > 0)
      h.api.fail("apply", k, ce::api_outcome::timeout, s.second.apply_failures);
    if (s.second.patch_conflicts > 0)
      h.api.fail("patch_status", k, ce::api_outcome::conflict, s.second.patch_conflicts);
  }
  for (const auto& e : stream) h.loop.on_event(e);
  h.loop.run_until(end);
  std::map<std::string, outcome> out;
  for (const auto& s : scripts) {
    const ce::object_key k{"ns", s.first};
    out[s.first].calls = lines(h.api.calls_for(k));
    const auto it = h.loop.train_jobs().find(k);
    if (it != h.loop.train_jobs().end()) out[s.first].status = trainjob::encode(it->second.status);
  }
  return out;
}

}  // namespace

TEST_CASE(
    "property: any interleaving of the jobs' events gives each job the calls and status it gets alone") {
  REQUIRE(rc::check("interleavings", [] {
    const ce::millis t0 = at("2025-01-01T00:00:00Z");
    const int jobs = *rc::gen::inRange(2, 5);
    std::map<std::string, job_script> scripts;
    std::vector<std::vector<ce::watch_event>> per_job;
    for (int j = 0; j < jobs; ++j) {
      job_script s;
      const int d = *rc::gen::inRange(0, 4);
      if (d > 0) s.deadline = std::int64_t{d} * 300;  // 5, 10 or 15 minutes
      // A coarse grid of minutes: many events of different jobs share an instant.
      auto minutes = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 20));
      std::sort(minutes.begin(), minutes.end());
      for (const int m : minutes) s.steps.emplace_back(m, *rc::gen::inRange(0, 6));
      s.apply_failures = *rc::gen::inRange(0, 4);
      s.patch_conflicts = *rc::gen::inRange(0, 3);
      const std::string name = "job-" + std::to_string(j);
      per_job.push_back(job_events(name, s, t0));
      scripts[name] = s;
    }
    // Interleave: a random job's next event each time, then in time order (a watch stream is);
    // events of one instant keep the random order, each job's keep their own.
    std::vector<ce::watch_event> merged;
    std::vector<std::size_t> next(per_job.size(), 0);
    std::size_t left = 0;
    for (const auto& p : per_job) left += p.size();
    while (left > 0) {
      std::size_t j = static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(per_job.size())));
      while (next[j] == per_job[j].size()) j = (j + 1) % per_job.size();
      merged.push_back(per_job[j][next[j]++]);
      --left;
    }
    std::stable_sort(merged.begin(), merged.end(),
                     [](const ce::watch_event& a, const ce::watch_event& b) { return a.time < b.time; });

    const ce::millis end = t0 + 3600 * 1000;
    const auto together = replay(merged, scripts, end);
    std::size_t j = 0;
    for (const auto& s : scripts) {
      const auto alone = replay(per_job[j++], {{s.first, s.second}}, end);
      RC_ASSERT(together.at(s.first).calls == alone.at(s.first).calls);
      RC_ASSERT(together.at(s.first).status == alone.at(s.first).status);
    }
  }));
}
