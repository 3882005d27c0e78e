// Tests for batch mode: the fast reader and writer against the reference path
// (parse_json + decode + reconcile + dump), line for line and byte for byte,
// on generated lines, hand-written tricky lines and random mutants of both.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidcheck.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace {

const std::vector<std::string>& sample() {
  static const std::vector<std::string> lines = read_lines(data_dir() / "batch" / "sample.jsonl");
  return lines;
}

reconcile_options options_for(profile p) {
  reconcile_options o;
  o.profile = p;
  return o;
}

/// The reference: what the reconcile verb's path produces for the line.
std::string slow(std::string_view line, std::uint64_t n = 1, const reconcile_options& o = {}) {
  trainjob::reconcile_result r;
  std::string out;
  trainjob::detail::slow_process(line, n, o, r, out);
  return out;
}

/// The fast path alone; nullopt when it hands the line to the reference path.
std::optional<std::string> fast(std::string_view line, const reconcile_options& o = {}) {
  trainjob::detail::fast_state s;
  std::string out = "prefix";  // appended to, never replaced
  if (!trainjob::detail::fast_process(s, line, o, out)) {
    REQUIRE(out == "prefix");
    return std::nullopt;
  }
  REQUIRE(out.compare(0, 6, "prefix") == 0);
  return out.substr(6);
}

/// A processor that reconciles every line as it is, as the reference path
/// does; input validation is tested on its own below.
batch_processor unchecked(const reconcile_options& o = {}) {
  batch_processor p(o);
  p.set_validate_input(false);
  return p;
}

std::string processed(std::string_view line, std::uint64_t n = 1, const reconcile_options& o = {}) {
  batch_processor p = unchecked(o);
  std::string out;
  p.process(line, n, out);
  return out;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

// A small line in which most bytes are modelled: status, conditions, the JobSet's status.
const std::string base =
    R"({"trainjob":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob","metadata":{"name":"t",)"
    R"("namespace":"ns","creationTimestamp":"2024-06-01T00:00:00Z","generation":3,"labels":{"a":"b"},)"
    R"("annotations":{"x":"y"},"finalizers":["f"],"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{".":{}}}}]},)"
    R"("spec":{"runtimeRef":{"name":"torch","apiGroup":"trainer.kubeflow.org","kind":"ClusterTrainingRuntime"},)"
    R"("activeDeadlineSeconds":36000,"trainer":{"numNodes":2,"image":"img","command":["a","b"],)"
    R"("env":[{"name":"A","value":"1"}]},"initializer":{"dataset":{"storageUri":"hf://x"}}},)"
    R"("status":{"conditions":[{"type":"Suspended","status":"False","reason":"Resumed",)"
    R"("message":"TrainJob is resumed","lastTransitionTime":"2024-06-01T00:10:00Z"}],)"
    R"("jobsStatus":[{"name":"node","ready":1,"succeeded":0,"failed":0,"active":1,"suspended":0}]}},)"
    R"("jobset":{"apiVersion":"jobset.x-k8s.io/v1alpha2","kind":"JobSet","metadata":{"name":"t"},)"
    R"("spec":{"replicatedJobs":[{"name":"node","replicas":2,"x":[1.5e-3,-0.0,1E+2,true,false,null]}]},)"
    R"("status":{"conditions":[{"type":"Completed","status":"True","reason":"AllJobsCompleted",)"
    R"("message":"jobset completed successfully","lastTransitionTime":"2024-06-01T01:00:00Z"}],"restarts":1,)"
    R"("replicatedJobsStatus":[{"name":"node","ready":0,"succeeded":2,"failed":0,"active":0,"suspended":0}]}},)"
    R"("now":"2024-06-01T02:00:00Z"})";

const std::string resumed_message = R"("message":"TrainJob is resumed")";
const std::string completed_message = R"("message":"jobset completed successfully")";
const std::string annotations = R"("annotations":{"x":"y"})";
const std::string fields_v1 = R"("fieldsV1":{"f:spec":{".":{}}})";

std::string deep(int levels) {
  return std::string(static_cast<std::size_t>(levels), '[') +
         std::string(static_cast<std::size_t>(levels), ']');
}

enum class expect {
  fast,       // the fast path must take it (and agree with the reference)
  any,        // the reference succeeds; the fast path may hand it over
  reference,  // the fast path must hand it over; the reference decides
  error,      // an error line containing `what`
};

struct tricky {
  const char* name;
  std::string line;
  expect e;
  std::string what = {};
};

std::vector<tricky> tricky_lines() {
  const auto with = [](const std::string& from, const std::string& to) { return replace(base, from, to); };
  const auto msg = [&](const std::string& m) { return with(resumed_message, R"("message":")" + m + "\""); };
  const auto js_msg = [&](const std::string& m) {
    return with(completed_message, R"("message":")" + m + "\"");
  };
  const std::string status_from = R"("status":{"conditions":[{"type":"Suspended")";
  const std::string job_status = R"({"name":"node","ready":1,)";
  return {
      {"base", base, expect::fast},
      {"escapes in a status message",
       msg(R"(tab\there \"q\" \\ \/ \b\f\n\r \u00e9 \u4e2d \ud83d\ude00 \u0001 \u0000 \u001f)"),
       expect::fast},
      {"escapes in a JobSet message copied to the output", js_msg(R"(a\u0007b\"c\\d\u007f \ud800\udc00)"),
       expect::fast},
      {"raw UTF-8 and DEL in messages",
       js_msg("\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \x7f \xe2\x80\xa8 \xef\xbf\xbf"), expect::fast},
      {"escaped key naming a modelled member", with(R"("kind":"TrainJob")", R"("k\u0069nd":"TrainJob")"),
       expect::fast},
      {"escapes in skipped strings",
       with(annotations, R"("annotations":{"x\"y":"\ud834\udd1e \u20ac \\ \/"})"), expect::fast},
      {"an unknown member instead of jobset", with(R"("jobset":{"apiVersion")", R"("ignored":{"apiVersion")"),
       expect::error, "line 7: ignored: unknown member"},
      {"jobset null",
       base.substr(0, base.find(R"(,"jobset":)")) + R"(,"jobset":null,"now":"2024-06-01T02:00:00Z"})",
       expect::fast},
      {"jobset missing", base.substr(0, base.find(R"(,"jobset":)")) + R"(,"now":"2024-06-01T02:00:00Z"})",
       expect::fast},
      {"whitespace everywhere",
       replace(replace(" \t" + base + " \t\r", "{\"trainjob\":", "{ \"trainjob\" :\t"),
               ",\"now\":", " ,\r\n\"now\" : "),
       expect::fast},
      {"CRLF line ending", base + "\r", expect::fast},
      {"a byte-order mark", "\xef\xbb\xbf" + base, expect::reference},
      {"lastTransitionTime null in the status",
       with(R"("lastTransitionTime":"2024-06-01T00:10:00Z")", R"("lastTransitionTime":null)"), expect::fast},
      {"observedGeneration 0 kept",
       with(R"("reason":"Resumed",)", R"("reason":"Resumed","observedGeneration":0,)"), expect::fast},
      {"observedGeneration -0",
       with(R"("reason":"Resumed",)", R"("reason":"Resumed","observedGeneration":-0,)"), expect::fast},
      {"observedGeneration set",
       with(R"("reason":"Resumed",)", R"("reason":"Resumed","observedGeneration":7,)"), expect::fast},
      {"unknown members in the status",
       with(status_from, R"("status":{"z":[1,{"a":null}],"":"e","conditions":[{"type":"Suspended")"),
       expect::fast},
      {"unknown member in a condition",
       with(R"("reason":"Resumed",)", R"("reason":"Resumed","extra":{"b":[true]},)"), expect::fast},
      {"unknown member in jobsStatus", with(job_status, R"({"name":"node","x":1.25,"ready":1,)"),
       expect::fast},
      {"trainerStatus",
       with(status_from, R"("status":{"trainerStatus":{"progress":0.5},"conditions":[{"type":"Suspended")"),
       expect::fast},
      {"empty lists kept in the status",
       base.substr(0, base.find(R"(,"status":{"conditions")")) +
           R"(,"status":{"conditions":[],"jobsStatus":[],"trainerStatus":null}})" +
           base.substr(base.find(R"(,"jobset":)")),
       expect::fast},
      {"conditions null", with(R"("status":{"conditions":[)", R"("status":{"conditions":null,"c":[)"),
       expect::fast},
      {"status null",
       replace(base, R"("status":{"conditions":[{"type":"Suspended")",
               R"("status":null,"s":{"conditions":[{"type":"Suspended")"),
       expect::fast},
      {"status empty",
       base.substr(0, base.find(R"(,"status":{"conditions")")) + "}" +
           base.substr(base.find(R"(,"jobset":)")),
       expect::fast},
      {"status not an object", with(status_from, R"("status":[],"s":{"conditions":[{"type":"Suspended")"),
       expect::error, "trainjob.status: expected an object"},
      {"suspend null, managedBy set",
       with(
           R"("activeDeadlineSeconds":36000)",
           R"("suspend":null,"managedBy":"trainer.kubeflow.org/trainjob-controller","activeDeadlineSeconds":36000)"),
       expect::fast},
      {"suspended",
       with(R"("activeDeadlineSeconds":36000)", R"("suspend":true,"activeDeadlineSeconds":36000)"),
       expect::fast},
      {"foreign manager",
       with(R"("activeDeadlineSeconds":36000)", R"("managedBy":"kueue.x-k8s.io/multikueue")"), expect::fast},
      {"deadline passed", with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":60)"),
       expect::fast},
      {"deadline -0", with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":-0)"),
       expect::fast},
      {"deadline int64 max",
       with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":9223372036854775807)"),
       expect::fast},
      {"deadline a float", with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":1e3)"),
       expect::error,
       "trainjob.spec.activeDeadlineSeconds: expected a 64-bit integer, got a number with a fraction or "
       "exponent"},
      {"deadline 1.0", with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":1.0)"),
       expect::error, "activeDeadlineSeconds"},
      {"deadline a string", with(R"("activeDeadlineSeconds":36000)", R"("activeDeadlineSeconds":"60")"),
       expect::error, "activeDeadlineSeconds"},
      {"unknown runtime with a quote",
       with(R"("kind":"ClusterTrainingRuntime")", R"("kind":"Foo\"Bar\u0001")"), expect::fast},
      {"generation uint64 max", with(R"("generation":3)", R"("generation":18446744073709551615)"),
       expect::error,
       "trainjob.metadata.generation: expected a 64-bit integer, got 18446744073709551615 (out of range)"},
      {"generation int64 min", with(R"("generation":3)", R"("generation":-9223372036854775808)"),
       expect::fast},
      {"generation beyond int64", with(R"("generation":3)", R"("generation":-9223372036854775809)"),
       expect::error, "generation"},
      {"generation beyond uint64", with(R"("generation":3)", R"("generation":99999999999999999999)"),
       expect::error, "generation"},
      {"ready beyond int32", with(job_status, R"({"name":"node","ready":2147483648,)"), expect::error,
       "trainjob.status.jobsStatus[0].ready: expected a 32-bit integer, got 2147483648 (out of range)"},
      {"ready int32 min", with(job_status, R"({"name":"node","ready":-2147483648,)"), expect::fast},
      {"numNodes 2.0", with(R"("numNodes":2)", R"("numNodes":2.0)"), expect::error,
       "trainjob.spec.trainer.numNodes"},
      {"a leading zero", with(R"("numNodes":2)", R"("numNodes":02)"), expect::error, "invalid JSON"},
      {"a boolean as a string", with(R"("numNodes":2)", R"("numNodes":2,"image":true)"), expect::error,
       "image"},
      {"condition status lowercase", with(R"("status":"False")", R"("status":"false")"), expect::error,
       R"(trainjob.status.conditions[0].status: expected \"True\", \"False\" or \"Unknown\", got \"false\")"},
      {"condition without a type", with(R"({"type":"Suspended",)", "{"), expect::error,
       "trainjob.status.conditions[0].type: required field is missing"},
      {"runtimeRef without a name", with(R"("name":"torch",)", ""), expect::error,
       "trainjob.spec.runtimeRef.name: required field is missing"},
      {"runtimeRef name null", with(R"("name":"torch",)", R"("name":null,)"), expect::error,
       "trainjob.spec.runtimeRef.name: required, got null"},
      {"the wrong kind", with(R"("kind":"TrainJob")", R"("kind":"JobSet")"), expect::error, "trainjob.kind"},
      {"kind null", with(R"("kind":"TrainJob")", R"("kind":null)"), expect::fast},
      {"the wrong apiVersion",
       with(R"("apiVersion":"trainer.kubeflow.org/v1alpha1")", R"("apiVersion":"v1")"), expect::error,
       "trainjob.apiVersion"},
      {"the legacy apiVersion",
       with(R"("apiVersion":"trainer.kubeflow.org/v1alpha1")", R"("apiVersion":"kubeflow.org/v2alpha1")"),
       expect::fast},
      {"a JobSet of the wrong group",
       with(R"("apiVersion":"jobset.x-k8s.io/v1alpha2")", R"("apiVersion":"batch/v1")"), expect::error,
       "jobset.apiVersion"},
      {"a duplicate top-level key", with(R"(,"now":)", R"(,"now":"2024-06-01T02:00:00Z","now":)"),
       expect::reference},
      {"a duplicate key in a skipped object",
       with(fields_v1, R"("fieldsV1":{"f:spec":{".":{},"f:x":1,".":{}}})"), expect::reference},
      {"a duplicate key through an escape", with(fields_v1, R"("fieldsV1":{"f:spec":{"a":{},"\u0061":2}})"),
       expect::reference},
      {"a duplicate key in a condition",
       with(R"("reason":"Resumed",)", R"("reason":"Resumed","reason":"Other",)"), expect::reference},
      {"a duplicate label", with(R"("labels":{"a":"b"})", R"("labels":{"a":"b","a":"c"})"),
       expect::reference},
      {"many keys in a skipped object",
       with(fields_v1,
            [] {
              std::string s = R"("fieldsV1":{)";
              for (int i = 0; i < 40; ++i)
                s += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":" + std::to_string(i);
              return s + "}";
            }()),
       expect::fast},
      {"many keys, one repeated",
       with(fields_v1,
            [] {
              std::string s = R"("fieldsV1":{)";
              for (int i = 0; i < 40; ++i)
                s += (i ? "," : "") + std::string("\"k") + std::to_string(i % 39) + "\":" + std::to_string(i);
              return s + "}";
            }()),
       expect::reference},
      {"a float near the largest double", with(R"(1E+2)", R"(1e300,-1.7976931348623157e308,123.456e-400)"),
       expect::any},
      {"a float beyond a double", with(R"(1E+2)", R"(1e400)"), expect::reference},
      {"an integer beyond a double", with(R"(1E+2)", std::string(400, '9')), expect::reference},
      {"nesting 60 deep", with(fields_v1, R"("fieldsV1":)" + deep(55)), expect::fast},
      {"nesting 70 deep", with(fields_v1, R"("fieldsV1":)" + deep(70)), expect::any},
      {"nesting 1001 deep", with(fields_v1, R"("fieldsV1":)" + deep(1001)), expect::error,
       "nesting deeper than 1000"},
      {"invalid UTF-8 in a skipped string", with(annotations, "\"annotations\":{\"x\":\"a\xff\"}"),
       expect::error, "invalid JSON"},
      {"an overlong encoding", with(annotations, "\"annotations\":{\"x\":\"\xc0\xaf\"}"), expect::error,
       "invalid JSON"},
      {"an encoded surrogate", js_msg("\xed\xa0\x80"), expect::error, "invalid JSON"},
      {"a truncated sequence", js_msg("\xe4\xb8"), expect::error, "invalid JSON"},
      {"above U+10FFFF", js_msg("\xf4\x90\x80\x80"), expect::error, "invalid JSON"},
      {"a lone high surrogate", with(annotations, R"("annotations":{"x":"\ud800x"})"), expect::error,
       "invalid JSON"},
      {"a lone low surrogate", with(annotations, R"("annotations":{"x":"\udc00"})"), expect::error,
       "invalid JSON"},
      {"an invalid escape", with(annotations, R"("annotations":{"x":"\x41"})"), expect::error,
       "invalid JSON"},
      {"a short \\u escape", with(annotations, R"("annotations":{"x":"\u12"})"), expect::error,
       "invalid JSON"},
      {"a raw tab in a string", js_msg("a\tb"), expect::error, "invalid JSON"},
      {"a raw NUL in a string", js_msg(std::string("a\0b", 3)), expect::error, "NUL"},
      {"a label that is not a string", with(R"("labels":{"a":"b"})", R"("labels":{"a":1})"), expect::error,
       R"(trainjob.metadata.labels.a: expected a string, got an integer)"},
      {"a finalizer that is null", with(R"("finalizers":["f"])", R"("finalizers":[null])"), expect::error,
       "trainjob.metadata.finalizers[0]"},
      {"a bad time in the status",
       with(R"("lastTransitionTime":"2024-06-01T00:10:00Z")",
            R"("lastTransitionTime":"2024-06-01 00:10:00")"),
       expect::error, "lastTransitionTime"},
      {"a time with a fraction and an offset",
       with(R"("lastTransitionTime":"2024-06-01T00:10:00Z")",
            R"("lastTransitionTime":"2024-06-01T02:10:00.987654+02:00")"),
       expect::fast},
      {"an escaped time", with(R"("now":"2024-06-01T02:00:00Z")", R"("now":"2024-06-01T02:00:00\u005a")"),
       expect::fast},
      {"now missing", with(R"(,"now":"2024-06-01T02:00:00Z")", ""), expect::error,
       "line 7: now: required field is missing"},
      {"now null", with(R"("now":"2024-06-01T02:00:00Z")", R"("now":null)"), expect::error,
       "now: required, got null"},
      {"now a bad month", with(R"("now":"2024-06-01T02:00:00Z")", R"("now":"2024-13-01T02:00:00Z")"),
       expect::error, "now: month out of range"},
      {"now with a lowercase z", with(R"("now":"2024-06-01T02:00:00Z")", R"("now":"2024-06-01T02:00:00z")"),
       expect::error, "now"},
      {"now a number", with(R"("now":"2024-06-01T02:00:00Z")", R"("now":1717207200)"), expect::error, "now"},
      {"trainjob null", R"({"trainjob":null,"now":"2024-06-01T02:00:00Z"})", expect::error,
       "trainjob: required, got null"},
      {"trainjob missing", R"({"jobset":null,"now":"2024-06-01T02:00:00Z"})", expect::error,
       "trainjob: required field is missing"},
      {"trainjob a string", R"({"trainjob":"x","now":"2024-06-01T02:00:00Z"})", expect::error,
       "trainjob: expected an object, got a string"},
      {"jobset a number", with(R"("jobset":{"apiVersion")", R"("jobset":1,"x":{"apiVersion")"), expect::error,
       "line 7: "},
      {"an unknown top-level member", with(R"(,"now":)", R"(,"extra":{"a":1},"now":)"), expect::error,
       "line 7: extra: unknown member"},
      {"not an object: array", "[1,2]", expect::error, "line 7: expected a request object"},
      {"not an object: string", R"("x")", expect::error, "line 7: expected a request object"},
      {"not an object: null", "null", expect::error, "line 7: expected a request object"},
      {"an empty object", "{}", expect::error, "trainjob: required field is missing"},
      {"a truncated line", base.substr(0, base.size() - 10), expect::error, "invalid JSON"},
      {"trailing garbage", base + "x", expect::error, "invalid JSON"},
      {"a second value", base + " {}", expect::error, "invalid JSON"},
      {"a trailing comma", with(R"(,"now":)", R"(,,"now":)"), expect::error, "invalid JSON"},
      {"true misspelt", with(R"(true,false,null)", R"(true,fals,null)"), expect::error, "invalid JSON"},
      {"a number with a dangling exponent", with(R"(1E+2)", R"(1E+)"), expect::error, "invalid JSON"},
      {"a minus alone", with(R"(1E+2)", R"(-)"), expect::error, "invalid JSON"},
  };
}

}  // namespace

TEST_CASE(
    "batch: the fast path takes every generated line and agrees with the reference, for every profile") {
  REQUIRE(sample().size() >= 100);
  for (profile p : every_profile) {
    const reconcile_options o = options_for(p);
    batch_processor proc =
        unchecked(o);  // one processor for all lines: its reused storage must not leak between them
    std::uint64_t n = 0;
    for (const auto& line : sample()) {
      ++n;
      INFO("profile " << trainjob::to_string(p) << ", line " << n);
      const std::string want = slow(line, n, o);
      REQUIRE(want.rfind("{\"applyObjects\":", 0) == 0);
      const auto f = fast(line, o);
      REQUIRE(f.has_value());
      CHECK(*f == want);
      std::string got;
      REQUIRE(proc.process(line, n, got) == line_result::ok);
      CHECK(got == want);
    }
    CHECK(proc.stats().lines == sample().size());
    CHECK(proc.stats().fast_lines == sample().size());
    CHECK(proc.stats().errors == 0);
  }
}

TEST_CASE("batch: the output equals the Go reference's for the latest profile") {
  const auto go = read_lines(data_dir() / "batch" / "sample.go.jsonl");
  REQUIRE(go.size() == sample().size());
  batch_processor proc = unchecked();
  for (std::size_t i = 0; i < go.size(); ++i) {
    INFO("line " << i + 1);
    std::string got;
    REQUIRE(proc.process(sample()[i], i + 1, got) == line_result::ok);
    // Go writes struct fields in declaration order; ours are sorted, as nlohmann sorts them.
    CHECK(got == trainjob::dump(nlohmann::json::parse(go[i])));
  }
}

TEST_CASE("batch: tricky lines give the reference's bytes, for every profile") {
  const auto lines = tricky_lines();
  for (profile p : every_profile) {
    const reconcile_options o = options_for(p);
    batch_processor reused = unchecked(o);
    for (const auto& t : lines) {
      INFO(t.name << " (profile " << trainjob::to_string(p) << "): " << t.line.substr(0, 300));
      const std::string want = slow(t.line, 7, o);
      INFO("reference: " << want);
      const auto f = fast(t.line, o);
      if (f) CHECK(*f == want);
      CHECK(processed(t.line, 7, o) == want);
      std::string got;
      const line_result r = reused.process(t.line, 7, got);
      CHECK(got == want);
      switch (t.e) {
        case expect::fast:
          CHECK(f.has_value());
          CHECK(r == line_result::ok);
          break;
        case expect::any:
          CHECK(r == line_result::ok);
          break;
        case expect::reference:
          CHECK_FALSE(f.has_value());
          break;
        case expect::error:
          CHECK(r == line_result::error);
          CHECK_FALSE(f.has_value());
          CHECK(want.rfind("{\"error\":\"line 7: ", 0) == 0);
          CHECK(want.find(t.what) != std::string::npos);
          break;
      }
    }
  }
}

TEST_CASE("batch: what the fast path keeps reaches the output") {
  const reconcile_options o;
  SECTION("escapes are decoded and written as nlohmann writes them") {
    const auto line = replace(base, resumed_message, R"("message":"a\"b\\c\/d\u0001\u00e9\ud83d\ude00\t")");
    const auto f = fast(line, o);
    REQUIRE(f.has_value());
    CHECK(f->find(R"("message":"a\"b\\c/d\u0001)"
                  "\xc3\xa9\xf0\x9f\x98\x80"
                  R"(\t")") != std::string::npos);
  }
  SECTION("a null in a condition is kept") {
    const auto line =
        replace(base, R"("lastTransitionTime":"2024-06-01T00:10:00Z")", R"("lastTransitionTime":null)");
    const auto f = fast(line, o);
    REQUIRE(f.has_value());
    CHECK(f->find(R"("lastTransitionTime":null)") != std::string::npos);
  }
  SECTION("unknown members of the status are kept") {
    const auto line =
        replace(base, R"("status":{"conditions")", R"("status":{"zz":{"b":[1,2.5,null]},"conditions")");
    const auto f = fast(line, o);
    REQUIRE(f.has_value());
    CHECK(f->find(R"("zz":{"b":[1,2.5,null]})") != std::string::npos);
  }
}

TEST_CASE("batch: a reused result never keeps a value that is equal but not identical") {
  // nlohmann's == says 1 == 1.0 and 0 == -0.0; a reused result must copy anyway.
  const char* const values[] = {"18446744073709551615",
                                "18446744073709551616",
                                "1",
                                "1.0",
                                "1e0",
                                "-1",
                                "-1.0",
                                "0",
                                "-0",
                                "0.0",
                                "-0.0",
                                "1e2",
                                "100",
                                "100.0",
                                "[1]",
                                "[1.0]",
                                R"({"a":1})",
                                R"({"a":1.0})",
                                R"({"a":[0,{"b":-0.0}]})",
                                R"({"a":[0,{"b":0}]})",
                                "9223372036854775807",
                                "9223372036854775808",
                                "-9223372036854775808",
                                "-9223372036854775808.0"};
  const std::string marker = R"("status":{"conditions")";
  REQUIRE(base.find(marker) != std::string::npos);
  const auto line_with = [&](const char* v) {
    return replace(base, marker,
                   std::string(R"("status":{"trainerStatus":{"progress":)") + v + R"(},"conditions")");
  };
  for (const profile p : every_profile) {
    const reconcile_options o = options_for(p);
    for (const char* a : values) {
      for (const char* b : values) {
        const std::string first = line_with(a), second = line_with(b);
        const std::string fresh = slow(second, 2, o);
        REQUIRE(fresh.find(std::string(R"("progress":)")) != std::string::npos);
        // Through the batch processor (fast path or reference path, reused).
        batch_processor proc = unchecked(o);
        std::string out;
        REQUIRE(proc.process(first, 1, out) == line_result::ok);
        out.clear();
        REQUIRE(proc.process(second, 2, out) == line_result::ok);
        INFO(trainjob::to_string(p) << ": " << a << " then " << b);
        CHECK(out == fresh);
        // Through the library's reusing overload directly.
        trainjob::reconcile_result reused;
        std::string direct;
        trainjob::detail::slow_process(first, 1, o, reused, direct);
        direct.clear();
        trainjob::detail::slow_process(second, 2, o, reused, direct);
        CHECK(direct == fresh);
      }
    }
  }
}

TEST_CASE("batch: lines whose objects break their schema are error lines unless told otherwise") {
  struct bad_case {
    const char* what;
    std::string from, to, error;
  };
  const std::vector<bad_case> cases = {
      {"a negative observedGeneration", R"("reason":"Resumed",)",
       R"("reason":"Resumed","observedGeneration":-1,)",
       "trainjob.status.conditions[0].observedGeneration: must be >= 0, got -1"},
      {"a duplicate condition type", R"("conditions":[{"type":"Suspended")",
       R"("conditions":[{"type":"Suspended","status":"True","reason":"R","message":"","lastTransitionTime":"2024-06-01T00:00:00Z"},{"type":"Suspended")",
       "trainjob.status.conditions[1].type: duplicate condition type \"Suspended\": the list is a map keyed "
       "by type"},
      {"a negative jobsStatus count", R"("jobsStatus":[{"name":"node","ready":1)",
       R"("jobsStatus":[{"name":"node","ready":-1)",
       "trainjob.status.jobsStatus[0].ready: must be >= 0, got -1"},
      {"a JobSet with duplicate replicatedJobsStatus names", R"("replicatedJobsStatus":[{"name":"node")",
       R"("replicatedJobsStatus":[{"name":"node","ready":0,"succeeded":0,"failed":0,"active":0,"suspended":0},{"name":"node")",
       "jobset.status.replicatedJobsStatus[1].name: duplicate name \"node\": the TrainJob's jobsStatus "
       "copies it, a map keyed by name"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const std::string line = replace(base, c.from, c.to);
    batch_processor checked;  // the default: validate
    std::string out;
    CHECK(checked.process(line, 4, out) == line_result::error);
    CHECK(out == trainjob::dump(nlohmann::json{{"error", "line 4: " + c.error}}));
    CHECK(checked.stats().errors == 1);
    // The fast path declines such a line; the reference path reports it.
    trainjob::detail::fast_state s;
    std::string fast_out;
    CHECK_FALSE(trainjob::detail::fast_process(s, line, {}, fast_out, true));
    CHECK(fast_out.empty());
    // At the caller's risk: reconciled as it is.
    batch_processor unchecked_proc = unchecked();
    out.clear();
    CHECK(unchecked_proc.process(line, 4, out) == line_result::ok);
    CHECK(out == slow(line, 4));
  }
  // A valid line is unaffected by the check, on the fast path.
  batch_processor checked;
  std::string out;
  CHECK(checked.process(base, 1, out) == line_result::ok);
  CHECK(out == slow(base));
  CHECK(checked.stats().fast_lines == 1);
}

TEST_CASE("identical: JSON equality to the bit") {
  const auto same = [](const char* a, const char* b) {
    return trainjob::detail::identical(json::parse(a), json::parse(b));
  };
  CHECK(same("1", "1"));
  CHECK(same(R"({"a":[1,2.5,null,"x",true]})", R"({"a":[1,2.5,null,"x",true]})"));
  CHECK_FALSE(same("1", "1.0"));
  CHECK_FALSE(same("0.0", "-0.0"));
  CHECK_FALSE(same("-1", "-1.0"));
  CHECK_FALSE(same("18446744073709551615", "18446744073709551616"));
  CHECK_FALSE(same("[1]", "[1.0]"));
  CHECK_FALSE(same(R"({"a":1})", R"({"b":1})"));
  CHECK_FALSE(same(R"({"a":1})", R"({"a":1,"b":1})"));
  CHECK_FALSE(same("true", "1"));
  CHECK_FALSE(same("null", "{}"));
  CHECK_FALSE(same("[]", "{}"));
  // Signed and unsigned of one value are different representations, written alike.
  CHECK_FALSE(trainjob::detail::identical(json(std::int64_t{5}), json(std::uint64_t{5})));
  // Key order counts for ordered objects too, which the library's json never has.
  CHECK(same(R"({"b":1,"a":2})", R"({"a":2,"b":1})"));
}

TEST_CASE("batch: blank lines, errors and line numbers") {
  batch_processor proc = unchecked();
  std::string out;
  CHECK(proc.process("", 1, out) == line_result::blank);
  CHECK(proc.process(" \t\r", 2, out) == line_result::blank);
  CHECK(out.empty());
  CHECK(proc.process("{\"trainjob\":{}}", 3, out) == line_result::error);
  CHECK(out == R"({"error":"line 3: trainjob.spec: required field is missing"})");
  out.clear();
  CHECK(proc.process("{", 12, out) == line_result::error);
  CHECK(out.rfind(R"({"error":"line 12: invalid JSON: )", 0) == 0);
  out.clear();
  CHECK(proc.process(base, 13, out) == line_result::ok);
  CHECK(out == slow(base));
  CHECK(proc.stats().lines == 3);
  CHECK(proc.stats().fast_lines == 1);
  CHECK(proc.stats().errors == 2);
}

TEST_CASE("batch: with condition policies every line takes the reference path") {
  trainjob::policy_set set;
  set.add(trainjob::make_policy("example.com/Seen", [](const trainjob::policy_context& ctx) {
    // Reads a label, which the fast reader does not keep.
    const auto& labels = ctx.trainjob.metadata.labels;
    return trainjob::make_policy_condition(labels.count("a") != 0, "Labelled", "label a");
  }));
  reconcile_options o;
  o.policies = &set;
  CHECK_FALSE(fast(base, o).has_value());
  const std::string got = processed(base, 1, o);
  CHECK(got == slow(base, 1, o));
  CHECK(got.find(R"("reason":"Labelled","status":"True","type":"example.com/Seen")") != std::string::npos);
}

namespace {

// ---- mutations ----------------------------------------------------------------------

/// The end of the JSON value starting at `pos` (string, number, literal or a
/// bracketed value, strings respected); npos when it does not look like one.
std::size_t value_end(const std::string& s, std::size_t pos) {
  if (pos >= s.size()) return std::string::npos;
  const char c = s[pos];
  if (c == '"') {
    for (std::size_t i = pos + 1; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '"') {
        return i + 1;
      }
    }
    return std::string::npos;
  }
  if (c == '{' || c == '[') {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = pos; i < s.size(); ++i) {
      if (in_string) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == '"') {
          in_string = false;
        }
      } else if (s[i] == '"') {
        in_string = true;
      } else if (s[i] == '{' || s[i] == '[') {
        ++depth;
      } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return std::string::npos;
  }
  std::size_t i = pos;
  while (i < s.size() && std::string_view("0123456789+-.eEtruefalsn").find(s[i]) != std::string_view::npos)
    ++i;
  return i == pos ? std::string::npos : i;
}

/// Positions just after a member's colon (a value starts there), or after '{' (a key starts there).
std::vector<std::size_t> positions_after(const std::string& s, char c) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == c) out.push_back(i + 1);
  }
  return out;
}

const char* const values[] = {"null",
                              "0",
                              "-0",
                              "1",
                              "-1",
                              "1.0",
                              "1e3",
                              "2147483648",
                              "-2147483649",
                              "9223372036854775808",
                              "18446744073709551616",
                              "true",
                              "false",
                              "\"\"",
                              "\"x\"",
                              "\"True\"",
                              "\"False\"",
                              "\"Unknown\"",
                              "\"2024-06-01T00:00:00Z\"",
                              "\"2024-06-01T00:00:00.5+01:00\"",
                              "\"a\\\"b\\u00e9\"",
                              "{}",
                              "[]",
                              "[null]",
                              "{\"a\":1}",
                              "[{}]",
                              "{\"type\":\"Failed\",\"status\":\"True\"}"};
const std::vector<std::string> fragments = {"\"",
                                            "\\",
                                            "{",
                                            "}",
                                            "[",
                                            "]",
                                            ",",
                                            ":",
                                            "0",
                                            "-",
                                            ".",
                                            "e",
                                            "null",
                                            "\"x\":1,",
                                            "\\u",
                                            "\\ud800",
                                            "\\udc00",
                                            "\\u00e9",
                                            std::string(1, '\0'),
                                            "\x1f",
                                            "\xff",
                                            "\xc3",
                                            "\xe2\x82",
                                            "\xc3\xa9",
                                            "\t",
                                            " ",
                                            "\r",
                                            "\n",
                                            "\xef\xbb\xbf",
                                            "\\\"",
                                            "\"\":0,"};

std::string mutate(std::string s, int kind, std::size_t pick, std::size_t pick2, unsigned char byte) {
  if (s.empty()) return s;
  const std::size_t at = pick % s.size();
  switch (kind) {
    case 0:
      s.erase(at, 1 + pick2 % 8);
      break;   // delete bytes
    case 1: {  // insert a fragment
      s.insert(at, fragments[pick2 % fragments.size()]);
      break;
    }
    case 2:
      s[at] = static_cast<char>(byte);
      break;   // replace a byte
    case 3: {  // replace a value by one of another type
      const auto colons = positions_after(s, ':');
      if (colons.empty()) break;
      const std::size_t from = colons[pick % colons.size()];
      const std::size_t to = value_end(s, from);
      if (to == std::string::npos) break;
      s.replace(from, to - from, values[pick2 % (sizeof values / sizeof values[0])]);
      break;
    }
    case 4: {  // repeat a member of some object: a duplicate key
      const auto opens = positions_after(s, '{');
      if (opens.empty()) break;
      const std::size_t key = opens[pick % opens.size()];
      if (s[key] != '"') break;
      const std::size_t key_end = value_end(s, key);
      if (key_end == std::string::npos || key_end >= s.size() || s[key_end] != ':') break;
      const std::size_t end = value_end(s, key_end + 1);
      if (end == std::string::npos) break;
      s.insert(key, s.substr(key, end - key) + ",");
      break;
    }
    default: {  // copy a value over another member's value
      const auto colons = positions_after(s, ':');
      if (colons.empty()) break;
      const std::size_t from = colons[pick % colons.size()];
      const std::size_t to = value_end(s, from);
      const std::size_t src = colons[pick2 % colons.size()];
      const std::size_t src_end = value_end(s, src);
      if (to == std::string::npos || src_end == std::string::npos || src_end - src > 4000) break;
      s.replace(from, to - from, s.substr(src, src_end - src));
      break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("batch: random mutants of real and hand-written lines give the reference's bytes") {
  std::vector<std::string> seeds;
  for (std::size_t i = 0; i < sample().size(); i += 6) seeds.push_back(sample()[i]);
  for (const auto& t : tricky_lines()) {
    if (t.e != expect::error || t.line.size() > 200) seeds.push_back(t.line);
  }
  std::size_t mutants = 0, fast_taken = 0, errors = 0;
  REQUIRE(rc::check("fast == reference on mutants", [&] {
    const std::size_t seed = *rc::gen::inRange<std::size_t>(0, seeds.size());
    const auto p =
        *rc::gen::elementOf(std::vector<profile>(std::begin(every_profile), std::end(every_profile)));
    const reconcile_options o = options_for(p);
    batch_processor proc = unchecked(o);
    std::string line = seeds[seed];
    // Several mutants per case, each checked; a mutant mutates the seed or
    // the previous mutant, so some stay valid and some pile up damage.
    const int rounds = *rc::gen::inRange(1, 8);
    for (int round = 0; round < rounds; ++round) {
      if (*rc::gen::arbitrary<bool>()) line = seeds[seed];
      const int kind = *rc::gen::inRange(0, 6);
      const auto pick = *rc::gen::arbitrary<std::size_t>();
      const auto pick2 = *rc::gen::arbitrary<std::size_t>();
      // Mostly printable bytes, which often leave the line valid.
      const auto byte =
          *rc::gen::oneOf(rc::gen::inRange<unsigned char>(0x20, 0x7f), rc::gen::arbitrary<unsigned char>());
      line = mutate(line, kind, pick, pick2, byte);
      const std::string want = slow(line, 5, o);
      trainjob::detail::fast_state s;
      std::string f;
      const bool took = trainjob::detail::fast_process(s, line, o, f);
      ++mutants;
      if (want.rfind("{\"error\":", 0) == 0) ++errors;
      if (took) {
        ++fast_taken;
        RC_ASSERT(f == want);
      }
      std::string got;
      proc.process(line, 5, got);  // the same processor across rounds: reused storage
      RC_ASSERT(got == want);
    }
  }));
  // Not vacuous: both outcomes were exercised many times.
  INFO(mutants << " mutants, " << fast_taken << " taken by the fast path, " << errors << " error lines");
  CHECK(fast_taken > mutants / 10);
  CHECK(errors > mutants / 10);
}
