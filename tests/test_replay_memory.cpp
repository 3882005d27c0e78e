// Replay's memory does not grow with the steps or with the shape of a patch (issue 17, item 5):
// replay_each keeps one TrainJob and gives each step away as it is computed, and a patch's
// summary is bounded. This executable replaces the global allocation functions with ones that
// count the bytes live on the heap, so the peaks below are exact (allocations made through
// the aligned forms of operator new are not counted; the library makes none).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {
std::atomic<std::size_t> live_bytes{0};
std::atomic<std::size_t> peak_bytes{0};

// Each block carries its size in a header as large as malloc's alignment.
constexpr std::size_t header = alignof(std::max_align_t);

void* counted_alloc(std::size_t n) noexcept {
  void* p = std::malloc(header + n);
  if (p == nullptr) return nullptr;
  *static_cast<std::size_t*>(p) = n;
  const std::size_t now = live_bytes.fetch_add(n, std::memory_order_relaxed) + n;
  std::size_t peak = peak_bytes.load(std::memory_order_relaxed);
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return static_cast<char*>(p) + header;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  void* block = static_cast<char*>(p) - header;
  live_bytes.fetch_sub(*static_cast<std::size_t*>(block), std::memory_order_relaxed);
  std::free(block);
}

void* counted_alloc_or_throw(std::size_t n) {
  if (void* p = counted_alloc(n)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc_or_throw(n); }
void* operator new[](std::size_t n) { return counted_alloc_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }

namespace {

constexpr std::size_t MiB = std::size_t{1} << 20;
// The bound the replays below must stay within: today's cost (a few MiB) with room to
// spare, and far from what keeping a TrainJob per step (2 GB) or a patch's summary built
// from every prefix of its keys (1 GB) takes.
constexpr std::size_t peak_limit = 64 * MiB;

/// The most bytes live on the heap while `f` runs, above what was live before.
template <class F>
std::size_t peak_during(F&& f) {
  const std::size_t before = live_bytes.load();
  peak_bytes.store(before);
  f();
  return peak_bytes.load() - before;
}

std::string mib(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / MiB);
  return buf;
}

std::string time_at(std::int64_t seconds_after_start) {
  // 2025-06-03T14:00:00Z
  return trainjob::timestamp::from_unix(1748959200 + seconds_after_start).to_string();
}

std::string job_set_json(bool completed) {
  std::string s = R"({"apiVersion":"jobset.x-k8s.io/v1alpha2","kind":"JobSet",)"
                  R"("metadata":{"name":"big","namespace":"default"},"status":{)";
  if (completed) {
    s += R"("conditions":[{"type":"Completed","status":"True","reason":"AllJobsCompleted",)"
         R"("message":"jobset completed successfully","lastTransitionTime":")" +
         time_at(100) + R"("}],"terminalState":"Completed",)";
  }
  s +=
      R"("replicatedJobsStatus":[{"name":"node","ready":2,"succeeded":0,"failed":0,"active":2,"suspended":0}]}})";
  return s;
}

/// A TrainJob with an annotation of `annotation_bytes`, then `steps` steps a second apart:
/// the JobSet runs from step 1 and completes at the last step but one, and every 250th step
/// (from step 100) patches a label, so the whole TrainJob goes through JSON there.
std::string big_scenario_json(std::size_t annotation_bytes, std::size_t steps) {
  std::string s =
      R"({"name":"big","trainjob":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",)"
      R"("metadata":{"name":"big","namespace":"default","creationTimestamp":")" +
      time_at(0) + R"(","annotations":{"example.com/blob":")" + std::string(annotation_bytes, 'x') +
      R"("}},"spec":{"runtimeRef":{"name":"torch-distributed"}}},"jobset":null,"steps":[)";
  for (std::size_t i = 0; i < steps; ++i) {
    if (i != 0) s += ',';
    s += R"({"now":")" + time_at(static_cast<std::int64_t>(i) + 1) + '"';
    if (i == 1) s += R"(,"jobset":)" + job_set_json(false);
    if (i + 2 == steps) s += R"(,"jobset":)" + job_set_json(true);
    if (i % 250 == 100) s += R"(,"patch":{"metadata":{"labels":{"step":")" + std::to_string(i) + R"("}}})";
    s += '}';
  }
  s += "]}";
  return s;
}

/// One step whose patch adds `depth` nested objects under the unknown field "zz", each key
/// `key_bytes` long, then a step without a patch; a JobSet without status exists throughout.
std::string deep_patch_scenario_json(std::size_t depth, std::size_t key_bytes) {
  std::string patch;
  for (std::size_t i = 0; i < depth; ++i) {
    std::string key = "k" + std::to_string(i);
    key.resize(key_bytes, 'y');
    patch += "{\"" + key + "\":";
  }
  patch += "1";
  patch.append(depth, '}');
  return R"({"trainjob":{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",)"
         R"("metadata":{"name":"deep","namespace":"default","creationTimestamp":")" +
         time_at(0) + R"("},"spec":{"runtimeRef":{"name":"torch-distributed"}}},"steps":[)" + R"({"now":")" +
         time_at(1) + R"(","patch":{"zz":)" + patch + "}}," + R"({"now":")" + time_at(2) + R"("}]})";
}

trainjob::scenario decode(const std::string& text) {
  auto j = trainjob::parse_json(text);
  REQUIRE(j.ok());
  return trainjob::decode_scenario(*j);
}

/// What `replay --format table` prints, streamed: a pass for the widths, one for the rows.
std::string streamed_table(const trainjob::scenario& sc, const trainjob::replay_options& ro) {
  trainjob::timeline_widths widths;
  widths.add(trainjob::timeline_header());
  trainjob::replay_each(sc, ro,
                        [&](const trainjob::replay_step& s) { widths.add(trainjob::timeline_row_of(s)); });
  std::string out = trainjob::format_timeline_row(trainjob::timeline_header(), widths);
  trainjob::replay_each(sc, ro, [&](const trainjob::replay_step& s) {
    out += trainjob::format_timeline_row(trainjob::timeline_row_of(s), widths);
  });
  return out;
}

}  // namespace

TEST_CASE("the live-byte counter sees allocations and frees", "[replay][memory]") {
  // Guards the tests below against a counter that never counts.
  const std::size_t peak = peak_during([] {
    std::string s(10 * MiB, 'x');
    CHECK(s.size() == 10 * MiB);
  });
  CHECK(peak >= 10 * MiB);
  CHECK(peak < 11 * MiB);
  const std::size_t before = live_bytes.load();
  { std::vector<char> v(MiB); }
  CHECK(live_bytes.load() == before);
}

TEST_CASE("replay_each gives the steps replay gives, and the table format_timeline prints", "[replay]") {
  const fs::path root = repo_root();
  std::vector<fs::path> files;
  for (const char* dir : {"tests/scenarios", "examples/scenarios"}) {
    for (const auto& e : fs::directory_iterator(root / dir)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  files.push_back("");  // the generated big scenario, small: 64 KiB and 600 steps
  for (const auto& f : files) {
    const trainjob::scenario sc =
        f.empty() ? decode(big_scenario_json(64 * 1024, 600)) : decode(trainjob_test::read_text(f));
    for (auto prof : every_profile) {
      INFO((f.empty() ? std::string("generated") : f.filename().string())
           << " --profile " << trainjob::to_string(prof));
      trainjob::replay_options ro;
      ro.profile = prof;
      const std::vector<trainjob::replay_step> steps = trainjob::replay(sc, ro);
      REQUIRE(steps.size() == sc.steps.size());
      std::size_t i = 0;
      trainjob::replay_each(sc, ro, [&](const trainjob::replay_step& s) {
        REQUIRE(i < steps.size());
        CHECK(s.step == i);
        CHECK(s.now == steps[i].now);
        CHECK(s.happened == steps[i].happened);
        CHECK(s.jobset_exists == steps[i].jobset_exists);
        CHECK(s.trainjob == steps[i].trainjob);
        CHECK(trainjob::dump(trainjob::to_json_line(s)) == trainjob::dump(trainjob::to_json_line(steps[i])));
        ++i;
      });
      CHECK(i == steps.size());
      CHECK(streamed_table(sc, ro) == trainjob::format_timeline(steps));
    }
  }
}

TEST_CASE("replay_each of 2,000 steps over a TrainJob with a 1 MiB annotation keeps one TrainJob",
          "[replay][memory]") {
  const trainjob::scenario sc = decode(big_scenario_json(MiB, 2000));
  REQUIRE(sc.steps.size() == 2000);
  REQUIRE(sc.trainjob.metadata.annotations.at("example.com/blob").size() == MiB);
  std::size_t steps = 0;
  std::size_t output_bytes = 0;
  std::size_t table_bytes = 0;
  std::string last_line;
  const std::size_t peak = peak_during([&] {
    // What `replay` prints, line by line, thrown away as it goes.
    trainjob::replay_each(sc, {}, [&](const trainjob::replay_step& s) {
      CHECK(s.step == steps);
      CHECK(s.trainjob.metadata.annotations.at("example.com/blob").size() == MiB);
      CHECK(s.trainjob.status == s.result.status);
      last_line = trainjob::dump(trainjob::to_json_line(s));
      output_bytes += last_line.size() + 1;
      table_bytes += trainjob::format_timeline_row(trainjob::timeline_row_of(s), {}).size();  // widths: none
      ++steps;
    });
  });
  std::printf("replay_each, 2,000 steps, 1 MiB annotation: peak live heap %s (limit %s)\n", mib(peak).c_str(),
              mib(peak_limit).c_str());
  CHECK(steps == 2000);
  CHECK(output_bytes > 2000 * 100);
  CHECK(table_bytes > 2000 * 30);
  CHECK(last_line.find(R"("type":"Complete")") != std::string::npos);
  CHECK(peak < peak_limit);
}

TEST_CASE(
    "a patch 1 MB deep (990 nested keys of 1,000 bytes) has a bounded summary and replays in bounded memory",
    "[replay][memory]") {
  const trainjob::scenario sc = decode(deep_patch_scenario_json(990, 1000));
  REQUIRE(sc.steps.size() == 2);
  REQUIRE(trainjob::dump(sc.steps[0].patch).size() > 990 * 1000);
  std::vector<std::string> happened;
  const std::size_t peak = peak_during([&] {
    trainjob::replay_each(sc, {}, [&](const trainjob::replay_step& s) { happened.push_back(s.happened); });
  });
  std::printf("replay_each, a 1 MB patch 990 keys deep: peak live heap %s (limit %s), summary %zu bytes\n",
              mib(peak).c_str(), mib(peak_limit).c_str(), happened.empty() ? 0 : happened[0].size());
  REQUIRE(happened.size() == 2);
  // One leaf, at depth 16, its path cut at 512 bytes: "zz.k0yyy...".
  CHECK(happened[0].size() == 512 + 3);
  CHECK(happened[0].rfind("zz.k0yyy", 0) == 0);
  CHECK(happened[0].substr(happened[0].size() - 3) == "...");
  CHECK(happened[1] == "-");
  CHECK(peak < peak_limit);
}

TEST_CASE("a patch's summary: at most 8 leaves, 16 keys a path, 512 bytes a leaf", "[replay]") {
  using trainjob::detail::summarize_patch;
  const auto parse = [](const std::string& text) {
    auto j = trainjob::parse_json(text);
    REQUIRE(j.ok());
    return *j;
  };
  // Small patches are listed whole, as they always were.
  CHECK(summarize_patch(parse(R"({"metadata":{"generation":2},"spec":{"suspend":false}})")) ==
        "metadata.generation=2 spec.suspend=false");
  CHECK(summarize_patch(parse(R"({"a":{},"b":[1,{"c":null}],"d":"x"})")) == R"(a={} b=[1,{"c":null}] d="x")");
  CHECK(summarize_patch(parse("{}")).empty());

  // 1,000 leaves: 8 listed, the rest counted.
  std::string wide = R"({"metadata":{"labels":{)";
  for (int i = 0; i < 1000; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "l%04d", i);
    wide += std::string(i == 0 ? "" : ",") + "\"" + key + "\":\"v\"";
  }
  wide += "}}}";
  CHECK(summarize_patch(parse(wide)) ==
        R"(metadata.labels.l0000="v" metadata.labels.l0001="v" metadata.labels.l0002="v" )"
        R"(metadata.labels.l0003="v" metadata.labels.l0004="v" metadata.labels.l0005="v" )"
        R"(metadata.labels.l0006="v" metadata.labels.l0007="v" (+992 more))");

  // 20 levels: the path stops at 16 keys, the rest is the leaf's JSON.
  std::string deep;
  for (int i = 1; i <= 20; ++i) deep += "{\"a" + std::to_string(i) + "\":";
  deep += "true" + std::string(20, '}');
  CHECK(summarize_patch(parse(deep)) ==
        "a1.a2.a3.a4.a5.a6.a7.a8.a9.a10.a11.a12.a13.a14.a15.a16="
        R"({"a17":{"a18":{"a19":{"a20":true}}}})");
  // Leaves beyond the 8th under a cut path count once each.
  const std::string deep_wide =
      R"({"x":[1],"y":[2],"z":[3],"p":1,"q":2,"r":3,"s":4,"t":5,"zz":)" + deep + "}";
  CHECK(summarize_patch(parse(deep_wide)) == "p=1 q=2 r=3 s=4 t=5 x=[1] y=[2] z=[3] (+1 more)");

  // A long value is cut at 512 bytes, on a code point boundary, then "...".
  std::string e_acute;
  for (int i = 0; i < 600; ++i) e_acute += "\xC3\xA9";  // é
  const std::string cut = summarize_patch(parse(R"({"metadata":{"annotations":{"a":")" + e_acute + "\"}}}"));
  const std::string head = "metadata.annotations.a=\"";  // 24 bytes, then 244 é (488 bytes) fit in 512
  REQUIRE(cut.size() == 512 + 3);
  CHECK(cut == head + e_acute.substr(0, 488) + "...");
  // A prefix one byte longer: the 244th é would straddle byte 512, so it is dropped whole.
  const std::string cut2 =
      summarize_patch(parse(R"({"metadata":{"annotations":{"ab":")" + e_acute + "\"}}}"));
  CHECK(cut2 == "metadata.annotations.ab=\"" + e_acute.substr(0, 486) + "...");

  // A 10 MiB value or key costs its first bytes in the summary, not its size.
  const std::string big(10 * MiB, 'v');
  const nlohmann::json big_value = parse(R"({"k":[")" + big + R"(",1]})");
  const nlohmann::json big_key = parse(R"({")" + big + R"(":1})");
  std::string s1, s2;
  CHECK(peak_during([&] { s1 = summarize_patch(big_value); }) < 64 * 1024);
  CHECK(s1 == "k=[\"" + big.substr(0, 512 - 4) + "...");
  CHECK(peak_during([&] { s2 = summarize_patch(big_key); }) < 64 * 1024);
  CHECK(s2 == big.substr(0, 512) + "...");

  // Strings with escapes and multi-byte characters, of every length around the cut, as values
  // and as keys inside a cut path: each entry is the full PATH=JSON cut by the rule, exactly.
  const auto cut_rule = [](const std::string& e) {
    if (e.size() <= 512) return e;
    std::size_t n = 512;
    while (n > 0 && (static_cast<unsigned char>(e[n]) & 0xC0) == 0x80) --n;
    return e.substr(0, n) + "...";
  };
  const std::string pattern = "a\"\xC3\xA9\\\xF0\x9F\x98\x80\n\x01";  // a " é \ 😀 newline U+0001
  std::string deep16_prefix, deep16_path;
  for (int i = 1; i <= 16; ++i) {
    deep16_prefix += "{\"a" + std::to_string(i) + "\":";
    deep16_path += (i == 1 ? "a" : ".a") + std::to_string(i);
  }
  for (std::size_t len = 400; len < 560; ++len) {
    std::string text;
    while (text.size() < len) text += pattern;
    text.resize(len);
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0) text.pop_back();  // whole
    INFO("length " << text.size());
    const nlohmann::json as_value = {{"k", text}};
    CHECK(summarize_patch(as_value) == cut_rule("k=" + trainjob::dump(nlohmann::json(text))));
    const nlohmann::json key_object = {{text, 1}};
    const nlohmann::json as_key = parse(deep16_prefix + trainjob::dump(key_object) + std::string(16, '}'));
    CHECK(summarize_patch(as_key) == cut_rule(deep16_path + "=" + trainjob::dump(key_object)));
  }
}
