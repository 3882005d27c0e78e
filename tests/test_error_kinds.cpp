// Error kinds (trainjob/error.hpp): every kind, produced by an input through the library, kept by
// result::value() and by the exceptions, and (with TRAINJOB_TEST_C_ABI) turned into the C ABI's
// status code by the kind alone.
//
// This executable replaces the global allocation functions so that allocations can be made to
// fail, as on a machine out of memory (also inside libtrainjob_c, which binds to them).
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "counting_alloc.hpp"
#include "fixtures.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/object.hpp"
#include "trainjob/parse.hpp"
#include "trainjob/policies.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/scenario.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

#ifdef TRAINJOB_TEST_C_ABI
#include "trainjob/trainjob_c.h"
#include "trainjob/yaml.hpp"
#endif

namespace {

using trainjob::error_kind;

constexpr error_kind all_kinds[] = {error_kind::syntax, error_kind::type,          error_kind::schema,
                                    error_kind::limit,  error_kind::out_of_memory, error_kind::unsupported,
                                    error_kind::policy, error_kind::internal};

const char* const minimal_trainjob =
    R"({"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"t"},)"
    R"("spec":{"runtimeRef":{"name":"r"}}})";

json trainjob_with(const char* path_json) {
  json j = json::parse(minimal_trainjob);
  j.merge_patch(json::parse(path_json));
  return j;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

/// The error of a failed result, with value() checked to throw it, kind included.
template <class T>
error_info failure(const trainjob::result<T>& r) {
  REQUIRE_FALSE(r.ok());
  try {
    (void)r.value();
    FAIL("value() did not throw");
  } catch (const decode_error& e) {
    CHECK(e.kind() == r.error().kind);
    CHECK(e.info().kind == r.error().kind);
    CHECK(e.path() == r.error().path);
    CHECK(e.message() == r.error().message);
    CHECK(std::string(e.what()) == r.error().to_string());
  }
  return r.error();
}

/// The kind of the decode_error `f` throws, also seen through the `trainjob::error` base.
template <class F>
error_kind thrown_kind(F&& f) {
  try {
    f();
  } catch (const trainjob::error& e) {
    return e.kind();
  }
  FAIL("nothing thrown");
  return error_kind::internal;
}

}  // namespace

TEST_CASE("every kind has its own name", "[error_kind]") {
  std::set<std::string> names;
  for (auto k : all_kinds) names.insert(trainjob::to_string(k));
  CHECK(names.size() == std::size(all_kinds));
  CHECK(std::string(trainjob::to_string(error_kind::syntax)) == "syntax");
  CHECK(std::string(trainjob::to_string(error_kind::out_of_memory)) == "out_of_memory");
  CHECK(std::string(trainjob::to_string(error_kind::internal)) == "internal");
}

TEST_CASE("syntax: text that is not JSON the library accepts", "[error_kind]") {
  const auto e = failure(trainjob::parse_json("{"));
  CHECK(e.kind == error_kind::syntax);
  CHECK_THAT(e.message, Catch::Matchers::StartsWith("invalid JSON: "));
  CHECK(failure(trainjob::parse_json("\xEF\xBB\xBF{}")).kind == error_kind::syntax);  // a byte order mark
  CHECK(failure(trainjob::parse_json(std::string_view("{}\0x", 4))).kind ==
        error_kind::syntax);  // a NUL byte
  const auto dup = failure(trainjob::parse_json(R"({"metadata":{"name":"a","name":"b"}})"));
  CHECK(dup.kind == error_kind::syntax);
  CHECK(dup.to_string() == R"(metadata.name: duplicate key "name")");
  CHECK(failure(trainjob::try_decode_text<trainjob::train_job>("[")).kind == error_kind::syntax);
}

TEST_CASE("type: a value of the wrong type, or a number its type cannot hold", "[error_kind]") {
  const auto e = failure(trainjob::try_decode<trainjob::train_job>(json(5)));
  CHECK(e.kind == error_kind::type);
  CHECK(e.message == "expected an object, got an integer");
  CHECK(failure(trainjob::try_decode<trainjob::train_job>(trainjob_with(R"({"kind":7})"))).kind ==
        error_kind::type);
  const auto range = failure(trainjob::try_decode<trainjob::train_job>(
      trainjob_with(R"({"status":{"jobsStatus":[{"name":"a","ready":5000000000}]}})")));
  CHECK(range.kind == error_kind::type);
  CHECK(range.to_string() ==
        "status.jobsStatus[0].ready: expected a 32-bit integer, got 5000000000 (out of range)");
  CHECK(failure(trainjob::try_decode<trainjob::train_job>(
                    trainjob_with(R"({"spec":{"activeDeadlineSeconds":1.5}})")))
            .kind == error_kind::type);
  // A condition status that is not a string is a type error; one that is, but not True, False or
  // Unknown, breaks the schema: the message is the same.
  const auto number = failure(trainjob::try_decode<trainjob::condition_status>(json(1)));
  const auto maybe = failure(trainjob::try_decode<trainjob::condition_status>(json("Maybe")));
  CHECK(number.kind == error_kind::type);
  CHECK(maybe.kind == error_kind::schema);
  CHECK_THAT(number.message, Catch::Matchers::StartsWith(R"(expected "True", "False" or "Unknown", got )"));
  CHECK_THAT(maybe.message, Catch::Matchers::StartsWith(R"(expected "True", "False" or "Unknown", got )"));
  const auto huge = failure(trainjob::parse_json(R"({"a":[1e400]})"));  // beyond a double
  CHECK(huge.kind == error_kind::type);
  CHECK(huge.to_string() == "a[0]: expected a number, got 1e400 (out of range)");
}

TEST_CASE("schema: well-typed input against the API's rules", "[error_kind]") {
  using trainjob::train_job;
  const auto missing = failure(trainjob::try_decode<train_job>(json::parse(R"({"spec":{"runtimeRef":{}}})")));
  CHECK(missing.kind == error_kind::schema);
  CHECK(missing.to_string() == "spec.runtimeRef.name: required field is missing");
  CHECK(failure(trainjob::try_decode<train_job>(trainjob_with(R"({"spec":{"runtimeRef":{"name":null}}})")))
            .kind == error_kind::schema);
  const auto kind = failure(trainjob::try_decode<train_job>(trainjob_with(R"({"kind":"JobSet"})")));
  CHECK(kind.kind == error_kind::schema);
  CHECK(failure(trainjob::try_decode<train_job>(trainjob_with(R"({"apiVersion":"v1"})"))).kind ==
        error_kind::schema);
  CHECK(failure(trainjob::try_decode<trainjob::timestamp>(json("yesterday"))).kind == error_kind::schema);
  CHECK(failure(trainjob::try_decode_objects(json::parse(R"({"kind":"List"})"))).kind == error_kind::schema);
  CHECK(failure(trainjob::try_decode_objects(json::parse(R"({"kind":"Pod"})"))).kind == error_kind::schema);
  CHECK(failure(trainjob::try_decode_scenario(json::parse(R"({"steps":[],"typo":1})"))).kind ==
        error_kind::schema);
  const auto back = failure(trainjob::try_decode_scenario(
      json::parse(std::string(R"({"trainjob":)") + minimal_trainjob +
                  R"(,"steps":[{"now":"2025-01-02T00:00:00Z"},{"now":"2025-01-01T00:00:00Z"}]})")));
  CHECK(back.kind == error_kind::schema);
  CHECK_THAT(back.message, Catch::Matchers::StartsWith("goes back in time"));

  // validate(): every violation is a schema error.
  train_job tj = trainjob::decode<train_job>(json::parse(minimal_trainjob));
  tj.spec.runtime_ref.name.clear();
  tj.status.conditions.emplace_back();
  const auto violations = trainjob::validate(tj);
  REQUIRE(violations.size() > 2);
  for (const auto& v : violations) CHECK(v.kind == error_kind::schema);
}

TEST_CASE("limit: over a bound of parse_limits", "[error_kind]") {
  trainjob::parse_limits size;
  size.max_bytes = 4;
  const auto big = failure(trainjob::parse_json("[1,2,3]", size));
  CHECK(big.kind == error_kind::limit);
  CHECK(big.message == "input is 7 bytes, over the limit of 4");
  trainjob::parse_limits depth;
  depth.max_depth = 3;
  CHECK(failure(trainjob::parse_json(nested(4), depth)).kind == error_kind::limit);
  CHECK(failure(trainjob::parse_json(nested(1001))).kind == error_kind::limit);
  trainjob::parse_limits memory;
  memory.memory_floor = 0;
  memory.memory_per_input_byte = 1;
  const auto small_values = failure(trainjob::parse_json("[[],[],[],[],[]]", memory));
  CHECK(small_values.kind == error_kind::limit);
  CHECK_THAT(small_values.message, Catch::Matchers::EndsWith("too many small values"));
}

TEST_CASE("out_of_memory: std::bad_alloc while doing the work", "[error_kind]") {
  std::string text = "[";
  for (int i = 0; i < 20; ++i) text += R"({"k":"a string longer than the small buffer","m":[1,[2,{}]]},)";
  text += "null]";
  int failures = 0;
  bool ok = false;
  for (long k = 0; k < 2000 && !ok; ++k) {
    allocations_left = k;
    const auto r = trainjob::parse_json(text);
    allocations_left = -1;
    if (r.ok()) {
      ok = true;
    } else {
      ++failures;
      CHECK(r.error().kind == error_kind::out_of_memory);
    }
  }
  CHECK(ok);
  CHECK(failures > 0);

  // (A string: with GCC 12, a TrainJob's decode double-frees when an allocation fails in T{}.)
  const json j = std::string(100, 'x');
  allocations_left = 0;
  const auto r = trainjob::try_decode<std::string>(j);
  allocations_left = -1;
  CHECK(failure(r).kind == error_kind::out_of_memory);

  const auto thrown = trainjob::detail::capture<int>([]() -> int { throw std::bad_alloc(); });
  CHECK(failure(thrown).kind == error_kind::out_of_memory);
  CHECK(thrown.error().message == "out of memory");
}

TEST_CASE("unsupported: a scenario's profile the library does not know", "[error_kind]") {
  const auto e = failure(trainjob::try_decode_scenario(json::parse(R"({"profile":"v9.9","steps":[]})")));
  CHECK(e.kind == error_kind::unsupported);
  CHECK(e.to_string() == R"(profile: expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest, got "v9.9")");
}

TEST_CASE("policy: a condition policy refused", "[error_kind]") {
  const auto unknown = failure(trainjob::make_policy_set({"NoSuchPolicy"}));
  CHECK(unknown.kind == error_kind::policy);
  CHECK_THAT(unknown.message,
             Catch::Matchers::StartsWith("unknown condition policy NoSuchPolicy; shipped: "));
  CHECK(failure(trainjob::make_policy_set({"Running", "Running"})).kind == error_kind::policy);
  CHECK(failure(trainjob::make_policy_set({"Complete"})).kind == error_kind::policy);
  trainjob::policy_set set;
  CHECK(thrown_kind([&] { set.add(nullptr); }) == error_kind::policy);
  CHECK(thrown_kind([] { (void)trainjob::make_shipped_policy("Nope"); }) == error_kind::policy);
  REQUIRE_THROWS_AS(set.add(nullptr), trainjob::policy_error);
  REQUIRE_THROWS_AS(set.add(nullptr), std::invalid_argument);  // its std:: base, as before
}

TEST_CASE("internal: any other exception", "[error_kind]") {
  const auto other = trainjob::detail::capture<int>([]() -> int { throw std::runtime_error("boom"); });
  CHECK(failure(other).kind == error_kind::internal);
  CHECK(other.error().message == "boom");
  const auto unknown = trainjob::detail::capture<int>([]() -> int { throw 42; });
  CHECK(failure(unknown).kind == error_kind::internal);
  CHECK(unknown.error().message == "unknown error");
}

TEST_CASE("the kind survives the throwing forms", "[error_kind]") {
  // decode() throws what try_decode() returns.
  CHECK(thrown_kind([] { (void)trainjob::decode<trainjob::train_job>(json("x")); }) == error_kind::type);
  CHECK(thrown_kind([] { (void)trainjob::decode_scenario(json::parse(R"({"profile":"v0"})")); }) ==
        error_kind::unsupported);
  REQUIRE_THROWS_AS(trainjob::decode<trainjob::train_job>(json("x")), std::runtime_error);  // its std:: base
  // A decode_error built from an error_info keeps all of it.
  const decode_error e(error_info{"a.b", "too deep", error_kind::limit});
  CHECK(e.kind() == error_kind::limit);
  CHECK(std::string(e.what()) == "a.b: too deep");
  // A replayed patch that leaves an invalid TrainJob: the decode error's kind, under the patch's path.
  const auto sc = trainjob::decode_scenario(json::parse(std::string(R"({"trainjob":)") + minimal_trainjob +
                                                        R"(,"steps":[{"now":"2025-01-01T00:00:00Z",)"
                                                        R"("patch":{"spec":{"runtimeRef":5}}}]})"));
  try {
    (void)trainjob::replay(sc);
    FAIL("the replay did not throw");
  } catch (const decode_error& d) {
    CHECK(d.kind() == error_kind::type);
    CHECK(d.path() == "steps[0].patch.spec.runtimeRef");
  }
}

#ifdef TRAINJOB_TEST_C_ABI

namespace {

struct c_result {
  int status = TRAINJOB_OK;
  std::string error;
};

c_result c_state(const std::string& text) {
  char* out = nullptr;
  char* err = nullptr;
  c_result r;
  r.status = trainjob_state(text.data(), text.size(), &out, &err);
  if (err != nullptr) r.error = err;
  trainjob_free(out);
  trainjob_free(err);
  return r;
}

}  // namespace

TEST_CASE("C ABI: the status code comes from the kind", "[error_kind][c_api]") {
  SECTION("syntax, type, schema, limit: bad input, with the library's message") {
    const auto syntax = c_state("{");
    CHECK(syntax.status == TRAINJOB_E_BAD_INPUT);
    // The C ABI reads JSON or YAML as parse_documents does.
    CHECK(syntax.error == trainjob::parse_documents("{").error().to_string());
    const auto type = c_state("5");
    CHECK(type.status == TRAINJOB_E_BAD_INPUT);
    CHECK(type.error == "document 1, line 1, column 1: expected an object at the top level, got an integer");
    const auto schema = c_state(trainjob_with(R"({"kind":"JobSet"})").dump());
    CHECK(schema.status == TRAINJOB_E_BAD_INPUT);
    CHECK_THAT(schema.error, Catch::Matchers::StartsWith("kind: expected \"TrainJob\""));
    const auto limit = c_state(nested(1001));
    CHECK(limit.status == TRAINJOB_E_BAD_INPUT);
    CHECK(limit.error == trainjob::parse_documents(nested(1001)).error().to_string());
    CHECK(c_state(minimal_trainjob).status == TRAINJOB_OK);
  }
  SECTION("unsupported: a scenario's unknown profile is bad input") {
    const std::string scenario = R"({"profile":"v9.9","steps":[]})";
    char* out = nullptr;
    char* err = nullptr;
    const int status = trainjob_replay(nullptr, scenario.data(), scenario.size(), &out, &err);
    CHECK(status == TRAINJOB_E_BAD_INPUT);
    REQUIRE(err != nullptr);
    CHECK(std::string(err) == R"(profile: expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest, got "v9.9")");
    trainjob_free(out);
    trainjob_free(err);
  }
  SECTION("policy: refused") {
    trainjob_options* o = nullptr;
    REQUIRE(trainjob_options_new(&o, nullptr) == TRAINJOB_OK);
    char* err = nullptr;
    CHECK(trainjob_options_add_policy(o, "NoSuchPolicy", &err) == TRAINJOB_E_POLICY);
    REQUIRE(err != nullptr);
    CHECK_THAT(std::string(err), Catch::Matchers::StartsWith("unknown condition policy NoSuchPolicy"));
    trainjob_free(err);
    trainjob_options_free(o);
  }
  SECTION("out_of_memory: no memory, at every allocation of the parse, never bad input") {
    // Valid JSON up to its last byte: the parse either runs out of memory or finds the syntax
    // error; nothing is decoded (see the library's out_of_memory test on GCC 12).
    std::string text = "[";
    for (int i = 0; i < 20; ++i) text += R"("a string longer than the small buffer",{"k":[1,2]},)";
    text += "x]";
    int no_memory = 0;
    bool bad_input = false;
    for (long k = 0; k < 5000 && !bad_input; ++k) {
      char* out = nullptr;
      allocations_left = k;
      const int status = trainjob_state(text.data(), text.size(), &out, nullptr);
      allocations_left = -1;
      trainjob_free(out);
      if (status == TRAINJOB_E_BAD_INPUT) {
        bad_input = true;
      } else {
        ++no_memory;
        CHECK(status == TRAINJOB_E_NO_MEMORY);
      }
    }
    CHECK(bad_input);
    CHECK(no_memory > 0);
  }
  // internal: only a bug in the library reaches it (an exception of no kind); none is known.
}

#endif
