// Property tests (rapidcheck): JSON round trips and the condition helpers' laws.
//
// rapidcheck's own Catch integration breaks with Catch2 v3, so each property runs through
// `REQUIRE(rc::check(...))`.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

// How rapidcheck prints a counterexample: as the JSON the library writes.
namespace trainjob {
inline void showValue(const condition& c, std::ostream& os) { os << dump(encode(c)); }
inline void showValue(const train_job& x, std::ostream& os) { os << dump(encode(x)); }
inline void showValue(const job_set& x, std::ostream& os) { os << dump(encode(x)); }
inline void showValue(timestamp t, std::ostream& os) { os << (t.is_zero() ? "(zero)" : t.to_string()); }
}  // namespace trainjob

namespace gens {

using rc::Gen;
namespace gen = rc::gen;

template <class T>
Gen<std::optional<T>> optional_of(Gen<T> g) {
  return gen::exec([g] {
    std::optional<T> out;
    if (*gen::inRange(0, 3) != 0) out = *g;
    return out;
  });
}

template <class T>
Gen<std::vector<T>> vector_of(std::size_t max, Gen<T> g) {
  return gen::exec([max, g] {
    const auto n = *gen::inRange<std::size_t>(0, max + 1);
    return *gen::container<std::vector<T>>(n, g);
  });
}

/// Text made of ASCII words, multi-byte UTF-8, escapes and the occasional arbitrary string.
Gen<std::string> text() {
  static const std::vector<std::string> pieces = {
      "a",  "job",   " ",  "node-0", "é", "日本語", "🚀", "\n",
      "\t", "\"q\"", "\\", "/",      ":", ",",      "0", " (first failed job: trainjob-node-0)"};
  return gen::exec([] {
    if (*gen::inRange(0, 10) == 0) return *gen::arbitrary<std::string>();
    const auto n = *gen::inRange<std::size_t>(0, 6);
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += *gen::elementOf(pieces);
    return out;
  });
}

/// A small pool, so that duplicates are common.
Gen<std::string> condition_type() {
  return gen::element<std::string>("Created", "Suspended", "Complete", "Failed", "example.com/Ready",
                                   "JobsReady");
}

Gen<condition_status> status() {
  return gen::element(condition_status::true_, condition_status::false_, condition_status::unknown);
}

Gen<std::string> reason() {
  return gen::oneOf(
      gen::element<std::string>("JobsCreated", "Suspended", "Resumed", "A", "Job:Failed,Reason_2",
                                "TrainingFailed", "AllJobsCompleted", ""),
      text());
}

Gen<std::int64_t> generation() {
  return gen::oneOf(gen::just<std::int64_t>(0), gen::inRange<std::int64_t>(1, 1000),
                    gen::arbitrary<std::int64_t>());
}

/// A time in the wire format's range.
Gen<timestamp> set_time() {
  return gen::map(gen::oneOf(gen::inRange<std::int64_t>(1704067200, 1704067200 + 86400 * 365),
                             gen::inRange<std::int64_t>(timestamp::min_seconds, timestamp::max_seconds + 1)),
                  [](std::int64_t s) { return timestamp::from_unix(s); });
}

/// In range or zero.
Gen<timestamp> time() { return gen::oneOf(set_time(), gen::just(timestamp{})); }

/// An arbitrary JSON value (small).
Gen<json> json_value() {
  return gen::element(json(nullptr), json(0), json(-7), json(1.5), json(true), json("s"), json("é"),
                      json::array(), json::object(), json{1, "two", nullptr},
                      json{{"k", {{"nested", false}}}});
}

/// Unknown members: keys no modelled struct uses.
Gen<json> unknown_fields() {
  static const std::vector<std::string> keys = {"futureField", "x-extra", "extra.io/thing", "zz"};
  return gen::exec([] {
    json out = json::object();
    if (*gen::inRange(0, 4) == 0) {
      const auto n = *gen::inRange<std::size_t>(1, 4);
      for (std::size_t i = 0; i < n; ++i) out[*gen::elementOf(keys)] = *json_value();
    }
    return out;
  });
}

/// JSON kept as-is (null = absent).
Gen<json> opaque() { return gen::oneOf(gen::just(json(nullptr)), json_value()); }

Gen<trainjob::string_map> string_map() {
  return gen::exec([] {
    trainjob::string_map m;
    const auto n = *gen::inRange<std::size_t>(0, 4);
    for (std::size_t i = 0; i < n; ++i) {
      m[*gen::oneOf(gen::element<std::string>("app.kubernetes.io/name", "team", "kueue.x-k8s.io/queue-name"),
                    text())] = *text();
    }
    return m;
  });
}

Gen<condition> any_condition() {
  return gen::exec([] {
    condition c;
    c.type = *condition_type();
    c.status = *status();
    c.reason = *reason();
    c.message = *text();
    c.observed_generation = *generation();
    c.last_transition_time = *time();
    c.unknown_fields = *unknown_fields();
    return c;
  });
}

Gen<std::optional<std::int32_t>> count() { return optional_of(gen::arbitrary<std::int32_t>()); }

Gen<trainjob::job_status> job_status() {
  return gen::exec([] {
    trainjob::job_status s;
    s.name = *gen::element<std::string>("node", "dataset-initializer", "model-initializer", "");
    s.ready = *count();
    s.succeeded = *count();
    s.failed = *count();
    s.active = *count();
    s.suspended = *count();
    s.unknown_fields = *unknown_fields();
    return s;
  });
}

Gen<trainjob::train_job_status> train_job_status() {
  return gen::exec([] {
    trainjob::train_job_status s;
    s.conditions = *vector_of(9, any_condition());
    s.jobs_status = *vector_of(3, job_status());
    s.trainer_status = *gen::oneOf(gen::just(json(nullptr)), gen::just(json::object()),
                                   gen::just(json{{"progressPercentage", 50}}));
    s.unknown_fields = *unknown_fields();
    return s;
  });
}

Gen<trainjob::object_meta> object_meta() {
  return gen::exec([] {
    trainjob::object_meta m;
    m.name = *text();
    if (*gen::arbitrary<bool>()) m.generate_name = *text();
    m.namespace_ = *gen::element<std::string>("", "default", "team-a");
    if (*gen::arbitrary<bool>()) m.uid = "3b1c7f0e-0000-4000-8000-000000000001";
    if (*gen::arbitrary<bool>()) m.resource_version = std::to_string(*gen::inRange(1, 100000));
    m.generation = *generation();
    m.creation_timestamp = *time();
    if (*gen::inRange(0, 4) == 0) m.deletion_timestamp = *set_time();
    m.labels = *string_map();
    m.annotations = *string_map();
    m.finalizers = *vector_of(2, text());
    m.owner_references = *gen::oneOf(gen::just(json(nullptr)), gen::just(json::array()),
                                     gen::just(json{{{"kind", "JobSet"}, {"name", "x"}}}));
    m.managed_fields = *opaque();
    m.unknown_fields = *unknown_fields();
    return m;
  });
}

Gen<trainjob::storage_initializer> storage_initializer() {
  return gen::exec([] {
    trainjob::storage_initializer s;
    s.storage_uri =
        *optional_of(gen::element<std::string>("hf://meta-llama/Llama-3.2-1B", "s3://bucket/data", ""));
    s.env = *opaque();
    s.secret_ref = *gen::oneOf(gen::just(json(nullptr)), gen::just(json{{"name", "token"}}));
    s.unknown_fields = *unknown_fields();
    return s;
  });
}

Gen<trainjob::trainer> trainer() {
  return gen::exec([] {
    trainjob::trainer t;
    t.image = *optional_of(text());
    t.command = *vector_of(3, text());
    t.args = *vector_of(3, text());
    t.env = *opaque();
    t.num_nodes = *optional_of(gen::arbitrary<std::int32_t>());
    t.resources_per_node = *opaque();
    t.num_proc_per_node = *gen::element(json(nullptr), json("auto"), json(4));
    t.unknown_fields = *unknown_fields();
    return t;
  });
}

Gen<trainjob::train_job> train_job() {
  return gen::exec([] {
    trainjob::train_job x;
    x.api_version =
        *gen::element<std::string>("", "trainer.kubeflow.org/v1alpha1", "trainer.kubeflow.org/v2");
    x.kind = *gen::element<std::string>("", "TrainJob");
    x.metadata = *object_meta();
    auto& s = x.spec;
    s.runtime_ref.name = *gen::element<std::string>("torch-distributed", "deepspeed-distributed", "");
    s.runtime_ref.api_group = *optional_of(gen::element<std::string>("trainer.kubeflow.org", ""));
    s.runtime_ref.kind = *optional_of(gen::element<std::string>("ClusterTrainingRuntime", "TrainingRuntime"));
    s.runtime_ref.unknown_fields = *unknown_fields();
    if (*gen::arbitrary<bool>()) {
      trainjob::initializer init;
      init.dataset = *optional_of(storage_initializer());
      init.model = *optional_of(storage_initializer());
      init.unknown_fields = *unknown_fields();
      s.initializer = init;
    }
    s.trainer = *optional_of(trainer());
    s.labels = *string_map();
    s.annotations = *string_map();
    s.pod_spec_overrides = *opaque();
    s.pod_template_overrides = *opaque();
    s.runtime_patches = *opaque();
    s.suspend = *optional_of(gen::arbitrary<bool>());
    s.managed_by = *optional_of(
        gen::element<std::string>("trainer.kubeflow.org/trainjob-controller", "kueue.x-k8s.io/multikueue"));
    s.active_deadline_seconds = *optional_of(gen::arbitrary<std::int64_t>());
    s.unknown_fields = *unknown_fields();
    x.status = *train_job_status();
    x.unknown_fields = *unknown_fields();
    return x;
  });
}

Gen<trainjob::replicated_job_status> replicated_job_status() {
  return gen::exec([] {
    trainjob::replicated_job_status r;
    r.name = *gen::element<std::string>("workers", "driver", "");
    r.ready = *gen::arbitrary<std::int32_t>();
    r.succeeded = *gen::arbitrary<std::int32_t>();
    r.failed = *gen::arbitrary<std::int32_t>();
    r.active = *gen::arbitrary<std::int32_t>();
    r.suspended = *gen::arbitrary<std::int32_t>();
    r.unknown_fields = *unknown_fields();
    return r;
  });
}

Gen<trainjob::job_set> job_set() {
  return gen::exec([] {
    trainjob::job_set x;
    x.api_version = *gen::element<std::string>("", "jobset.x-k8s.io/v1alpha2");
    x.kind = *gen::element<std::string>("", "JobSet");
    x.metadata = *object_meta();
    x.spec = *gen::oneOf(gen::just(json(nullptr)), gen::just(json::object()),
                         gen::just(json{{"replicatedJobs", {{{"name", "workers"}, {"replicas", 2}}}}}));
    x.status.conditions = *vector_of(12, any_condition());
    x.status.restarts = *gen::oneOf(gen::just<std::int32_t>(0), gen::arbitrary<std::int32_t>());
    x.status.restarts_count_towards_max =
        *gen::oneOf(gen::just<std::int32_t>(0), gen::arbitrary<std::int32_t>());
    x.status.terminal_state = *gen::element<std::string>("", "Completed", "Failed");
    x.status.replicated_jobs_status = *vector_of(3, replicated_job_status());
    x.status.unknown_fields = *unknown_fields();
    x.unknown_fields = *unknown_fields();
    return x;
  });
}

}  // namespace gens

namespace rc {
template <>
struct Arbitrary<trainjob::condition> {
  static Gen<trainjob::condition> arbitrary() { return gens::any_condition(); }
};
template <>
struct Arbitrary<trainjob::job_status> {
  static Gen<trainjob::job_status> arbitrary() { return gens::job_status(); }
};
template <>
struct Arbitrary<trainjob::train_job_status> {
  static Gen<trainjob::train_job_status> arbitrary() { return gens::train_job_status(); }
};
template <>
struct Arbitrary<trainjob::train_job> {
  static Gen<trainjob::train_job> arbitrary() { return gens::train_job(); }
};
template <>
struct Arbitrary<trainjob::job_set> {
  static Gen<trainjob::job_set> arbitrary() { return gens::job_set(); }
};
}  // namespace rc

// ---- JSON round trips ------------------------------------------------------------------------

TEST_CASE("properties: decode(encode(x)) == x and encode is stable", "[properties][json]") {
  REQUIRE(rc::check("train_job round trip", [](const trainjob::train_job& x) {
    const json j = trainjob::encode(x);
    const auto y = trainjob::decode<trainjob::train_job>(j);
    RC_ASSERT(y == x);
    RC_ASSERT(trainjob::encode(y) == j);
    RC_ASSERT(trainjob::try_decode<trainjob::train_job>(j).ok());
  }));
  REQUIRE(rc::check("job_set round trip", [](const trainjob::job_set& x) {
    const json j = trainjob::encode(x);
    const auto y = trainjob::decode<trainjob::job_set>(j);
    RC_ASSERT(y == x);
    RC_ASSERT(trainjob::encode(y) == j);
  }));
  REQUIRE(rc::check("condition round trip", [](const condition& x) {
    const json j = trainjob::encode(x);
    const auto y = trainjob::decode<condition>(j);
    RC_ASSERT(y == x);
    RC_ASSERT(trainjob::encode(y) == j);
    // Wire rules hold for every condition.
    RC_ASSERT(j.contains("message"));
    RC_ASSERT(j.contains("reason"));
    RC_ASSERT(j.contains("observedGeneration") == (x.observed_generation != 0));
  }));
  REQUIRE(rc::check("train_job_status and job_status round trip",
                    [](const trainjob::train_job_status& s, const trainjob::job_status& js) {
                      RC_ASSERT(trainjob::decode<trainjob::train_job_status>(trainjob::encode(s)) == s);
                      RC_ASSERT(trainjob::decode<trainjob::job_status>(trainjob::encode(js)) == js);
                    }));
}

TEST_CASE("properties: encode(decode(j)) == j for encoded objects with extra members", "[properties][json]") {
  REQUIRE(rc::check("extra unknown members survive", [](const trainjob::train_job& x) {
    json j = trainjob::encode(x);
    j["zzFuture"] = *gens::json_value();
    j["spec"]["zzFuture"] = *gens::json_value();
    if (j.contains("status")) j["status"]["zzFuture"] = *gens::json_value();
    const auto y = trainjob::decode<trainjob::train_job>(j);
    RC_ASSERT(trainjob::encode(y) == j);
  }));
}

// ---- conditions::set / remove ------------------------------------------------------------------

namespace {
constexpr std::size_t npos = static_cast<std::size_t>(-1);

std::size_t first_index(const std::vector<condition>& list, const std::string& type) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].type == type) return i;
  }
  return npos;
}
}  // namespace

TEST_CASE("properties: conditions::set", "[properties][conditions]") {
  std::size_t appended = 0, updated = 0, flipped = 0, unchanged = 0;
  REQUIRE(rc::check("set", [&](const condition& fresh) {
    const std::vector<condition> before = *gens::vector_of(9, gens::any_condition());
    // Half the time, a variation of an entry already there (one field changed, or none),
    // so that "no change" and single-field changes are common. The first entry of its
    // type: set() updates that one, so a later duplicate would always be a change, and
    // the "unchanged" branch below went unexercised for some seeds.
    condition c = fresh;
    if (!before.empty() && *rc::gen::arbitrary<bool>()) {
      c = before[first_index(before, (*rc::gen::elementOf(before)).type)];
      c.last_transition_time = fresh.last_transition_time;
      c.unknown_fields = fresh.unknown_fields;
      // rapidcheck's inRange leans towards its low end at small sizes; at the full
      // size every variation is as likely, so "none" (4) is not left to chance.
      switch (*rc::gen::resize(100, rc::gen::inRange(0, 5))) {
        case 0:
          c.status = fresh.status;
          break;
        case 1:
          c.reason = fresh.reason;
          break;
        case 2:
          c.message = fresh.message;
          break;
        case 3:
          c.observed_generation = fresh.observed_generation;
          break;
        default:
          break;
      }
    }
    const timestamp now = *gens::set_time();
    std::vector<condition> list = before;
    const bool changed = trainjob::conditions::set(list, c, now);
    const std::size_t idx = first_index(before, c.type);
    const timestamp stamped = c.last_transition_time.is_zero() ? now : c.last_transition_time;

    // Returns changed iff the list differs from a copy of what it was.
    RC_ASSERT(changed == (list != before));

    if (idx == npos) {
      ++appended;
      RC_ASSERT(list.size() == before.size() + 1);
      RC_ASSERT(std::equal(before.begin(), before.end(), list.begin()));
      condition expected = c;
      expected.last_transition_time = stamped;
      RC_ASSERT(list.back() == expected);
      RC_ASSERT(changed);
    } else {
      ++updated;
      RC_ASSERT(list.size() == before.size());
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (i != idx) RC_ASSERT(list[i] == before[i]);
      }
      const condition& got = list[idx];
      RC_ASSERT(got.type == c.type);
      RC_ASSERT(got.status == c.status);
      RC_ASSERT(got.reason == c.reason);
      RC_ASSERT(got.message == c.message);
      RC_ASSERT(got.observed_generation == c.observed_generation);
      RC_ASSERT(got.unknown_fields == before[idx].unknown_fields);
      // The time moves only when the status changed.
      if (before[idx].status != c.status) {
        ++flipped;
        RC_ASSERT(got.last_transition_time == stamped);
        RC_ASSERT(changed);
      } else {
        RC_ASSERT(got.last_transition_time == before[idx].last_transition_time);
      }
      const bool differed = before[idx].status != c.status || before[idx].reason != c.reason ||
                            before[idx].message != c.message ||
                            before[idx].observed_generation != c.observed_generation;
      RC_ASSERT(changed == differed);
      if (!changed) ++unchanged;
    }
    // find() now sees the new values; setting again is a no-op.
    const condition* found = trainjob::conditions::find(list, c.type);
    RC_ASSERT(found != nullptr);
    RC_ASSERT(found->status == c.status);
    RC_ASSERT(trainjob::conditions::is_present_and_equal(list, c.type, c.status));
    const std::vector<condition> once = list;
    RC_ASSERT(!trainjob::conditions::set(list, c, *gens::set_time()));
    RC_ASSERT(list == once);
  }));
  // Both branches were exercised.
  CHECK(appended > 0);
  CHECK(updated > 0);
  CHECK(flipped > 0);
  CHECK(unchanged > 0);
}

TEST_CASE("properties: conditions::set with no change", "[properties][conditions]") {
  REQUIRE(rc::check("setting a copy of an existing condition (other time) changes nothing", [] {
    const std::vector<condition> before = *gens::vector_of(9, gens::any_condition());
    RC_PRE(!before.empty());
    const auto pick = *rc::gen::inRange<std::size_t>(0, before.size());
    condition c = before[first_index(before, before[pick].type)];
    c.last_transition_time = *gens::time();
    c.unknown_fields = *gens::unknown_fields();
    std::vector<condition> list = before;
    RC_ASSERT(!trainjob::conditions::set(list, c, *gens::set_time()));
    RC_ASSERT(list == before);
  }));
}

TEST_CASE("properties: conditions::remove", "[properties][conditions]") {
  std::size_t hits = 0, misses = 0;
  REQUIRE(rc::check("remove", [&] {
    const std::vector<condition> before = *gens::vector_of(9, gens::any_condition());
    const std::string type = *gens::condition_type();
    std::vector<condition> list = before;
    const bool removed = trainjob::conditions::remove(list, type);

    std::vector<condition> expected;
    for (const auto& c : before) {
      if (c.type != type) expected.push_back(c);
    }
    const bool present = expected.size() != before.size();
    (present ? hits : misses)++;
    RC_ASSERT(removed == present);
    RC_ASSERT(list == expected);  // the others, in their relative order
    RC_ASSERT(trainjob::conditions::find(list, type) == nullptr);
    RC_ASSERT(!trainjob::conditions::is_true(list, type));
    RC_ASSERT(!trainjob::conditions::is_false(list, type));
  }));
  CHECK(hits > 0);
  CHECK(misses > 0);
}
