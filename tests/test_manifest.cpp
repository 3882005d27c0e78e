// read_manifest (trainjob/manifest.hpp): the fast reader and the DOM path hand over the same
// items and the same errors, over every JSON file of the repository (tests, examples, the
// bad-input catalogue), over Lists and streams made of them, and over mutated Lists.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <trainjob/detail/identical.hpp>
#include <trainjob/manifest.hpp>
#include <variant>
#include <vector>

#include "fixtures.hpp"

namespace {

/// Everything read_manifest says about a text, as one JSON value to compare.
nlohmann::json transcript(const trainjob::result<std::size_t>& r, const nlohmann::json& items) {
  nlohmann::json out = nlohmann::json::object();
  if (r) {
    out["documents"] = *r;
  } else {
    out["error"] = {r.error().path, r.error().message, static_cast<int>(r.error().kind)};
  }
  out["items"] = items;
  return out;
}

nlohmann::json item_json(const trainjob::manifest_item& it) {
  nlohmann::json j = {{"document", it.document}, {"documents", it.documents}, {"path", it.path}};
  j["kind"] = it.kind ? nlohmann::json(*it.kind) : nlohmann::json();
  if (it.object) {
    j["object"] = trainjob::encode(*it.object);
    j["as"] = std::string(trainjob::kind_of(*it.object));
  } else {
    const auto& e = it.object.error();
    j["error"] = {e.path, e.message, static_cast<int>(e.kind)};
  }
  return j;
}

nlohmann::json fast_transcript(const std::string& text, trainjob::manifest_stats& stats) {
  nlohmann::json items = nlohmann::json::array();
  const auto r = trainjob::read_manifest(
      text, [&](trainjob::manifest_item& it) { items.push_back(item_json(it)); }, {}, &stats);
  return transcript(r, items);
}

nlohmann::json dom_transcript(const std::string& text) {
  nlohmann::json items = nlohmann::json::array();
  const auto r = trainjob::detail::read_manifest_dom(
      text, [&](trainjob::manifest_item& it) { items.push_back(item_json(it)); });
  return transcript(r, items);
}

/// Both ways agree on `text`, to the bit (integer types, key order); the fast reader's
/// share is added to `fast` (items it decoded).
void check_same(const std::string& text, const std::string& what, std::size_t* fast = nullptr) {
  trainjob::manifest_stats stats;
  const nlohmann::json a = fast_transcript(text, stats);
  const nlohmann::json b = dom_transcript(text);
  INFO(what);
  if (!trainjob::detail::identical(a, b)) {
    CHECK(a.dump() == b.dump());  // shows both
    CHECK(trainjob::detail::identical(a, b));
  }
  if (fast != nullptr) *fast += stats.fast_items;
}

std::vector<fs::path> json_files() {
  std::vector<fs::path> out;
  for (const auto& dir : {repo_root() / "tests", repo_root() / "examples"}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// The texts of files that are API objects (JSON objects with a string kind).
std::vector<std::string> object_texts(const std::vector<fs::path>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::string t = read_text(f);
    auto j = trainjob::parse_json(t);
    if (j && j->is_object() && j->contains("kind") && (*j)["kind"].is_string()) out.push_back(std::move(t));
  }
  return out;
}

/// A List as kubectl prints it, holding the texts verbatim.
std::string list_of(const std::vector<std::string>& items, std::size_t from, std::size_t n) {
  std::string out = "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n";
  for (std::size_t i = 0; i < n && from + i < items.size(); ++i) {
    if (i != 0) out += ",\n";
    out += items[from + i];
  }
  return out +
         "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    "
         "}\n}\n";
}

}  // namespace

TEST_CASE("read_manifest: every JSON file of the repository, alone, the same both ways") {
  const auto files = json_files();
  REQUIRE(files.size() > 300);
  std::size_t fast = 0;
  for (const auto& f : files) check_same(read_text(f), f.string(), &fast);
  CHECK(fast > 60);  // the fast reader took the objects (not the bad inputs, nor scenarios)
}

TEST_CASE("read_manifest: Lists and streams of the repository's objects, the same both ways") {
  const auto texts = object_texts(json_files());
  REQUIRE(texts.size() > 100);
  std::size_t fast = 0;
  // Every object inside a List, eight at a time (so a bad one sits between good ones).
  for (std::size_t i = 0; i < texts.size(); i += 8)
    check_same(list_of(texts, i, 8), "list at " + std::to_string(i), &fast);
  CHECK(fast > 60);
  // Streams of documents: two objects, a List and an object, a List of a List.
  for (std::size_t i = 0; i + 1 < texts.size(); i += 5) {
    check_same(texts[i] + "\n" + texts[i + 1], "stream at " + std::to_string(i));
    check_same(list_of(texts, i, 3) + texts[i + 1], "list then object at " + std::to_string(i));
  }
  check_same(list_of({list_of(texts, 0, 2)}, 0, 1), "a List in a List");
  // Lists that are not: items missing, not an array, null, a TrainJobList, kind null.
  check_same(R"({"kind":"List"})", "no items");
  check_same(R"({"kind":"List","items":{}})", "items an object");
  check_same(R"({"kind":"TrainJobList","items":null})", "items null");
  check_same(R"({"kind":"TrainJobList","items":[5,null,[],{"kind":7},{"kind":"Pod"}]})", "odd items");
  check_same(R"({"items":[],"kind":null})", "kind null");
  check_same(R"({"kind":"List","items":[]} null {"kind":"List","items":[]})", "a null document");
  check_same("{\"kind\":\"List\",\"items\":[]}\n\n", "trailing space");
  check_same("", "empty");
}

TEST_CASE("read_manifest: an item's storage is reused, and a moved-out object is not seen again") {
  // Items of one kind reuse the previous item's object, and a spare per kind serves Lists
  // that alternate kinds; members one item has and the next lacks must not leak into it.
  std::vector<std::string> texts;  // the objects the fast reader decodes alone
  for (auto& t : object_texts(json_files())) {
    trainjob::manifest_stats alone;
    (void)fast_transcript(t, alone);
    if (alone.fast_items == 1) texts.push_back(std::move(t));
  }
  REQUIRE(texts.size() > 60);
  std::vector<std::string> order;  // every object twice, once forwards and once backwards
  order.insert(order.end(), texts.begin(), texts.end());
  order.insert(order.end(), texts.rbegin(), texts.rend());
  const std::string list = list_of(order, 0, order.size());
  const nlohmann::json expected = dom_transcript(list);
  for (int take = 0; take < 3; ++take) {  // keep none, every other, every one
    nlohmann::json items = nlohmann::json::array();
    std::vector<trainjob::any_object> taken;
    std::size_t n = 0;
    trainjob::manifest_stats stats;
    const auto r = trainjob::read_manifest(
        list,
        [&](trainjob::manifest_item& it) {
          items.push_back(item_json(it));
          if (it.object && (take == 2 || (take == 1 && n % 2 == 0))) taken.push_back(std::move(*it.object));
          ++n;
        },
        {}, &stats);
    REQUIRE(stats.fast_text);
    CHECK(stats.fast_items == order.size());
    INFO("take " << take);
    const nlohmann::json got = transcript(r, items);
    CHECK(got.dump() == expected.dump());
    // What was moved out is whole: the same as the DOM's object for its item.
    std::size_t t = 0;
    for (std::size_t i = 0; i < expected["items"].size() && t < taken.size(); ++i) {
      const auto& e = expected["items"][i];
      if (!e.contains("object") || !(take == 2 || i % 2 == 0)) continue;
      CHECK(trainjob::encode(taken[t++]).dump() == e["object"].dump());
    }
    CHECK(t == taken.size());
  }
}

TEST_CASE("read_manifest: drops leave out what release() would empty, the same both ways") {
  const auto texts = object_texts(json_files());
  const trainjob::manifest_drops drops{true, true};
  std::size_t fast = 0, dropped = 0;
  const auto check_dropped = [&](const std::string& text, const std::string& what) {
    nlohmann::json a_items = nlohmann::json::array(), b_items = nlohmann::json::array();
    trainjob::manifest_stats stats;
    const auto a = trainjob::read_manifest(
        text,
        [&](trainjob::manifest_item& it) {
          if (it.object) {
            std::visit([&](const auto& o) { CHECK(o.metadata.managed_fields.is_null()); }, *it.object);
            if (auto* js = std::get_if<trainjob::job_set>(&*it.object)) CHECK(js->spec.is_null());
          }
          a_items.push_back(item_json(it));
        },
        {}, &stats, drops);
    const auto b = trainjob::detail::read_manifest_dom(text, [&](trainjob::manifest_item& it) {
      if (it.object) {
        const auto before = trainjob::encode(*it.object);
        trainjob::detail::apply_drops(*it.object, drops);
        dropped += before != trainjob::encode(*it.object);
      }
      b_items.push_back(item_json(it));
    });
    INFO(what);
    CHECK(transcript(a, a_items).dump() == transcript(b, b_items).dump());
    fast += stats.fast_items;
  };
  for (std::size_t i = 0; i < texts.size(); i += 8)
    check_dropped(list_of(texts, i, 8), "list at " + std::to_string(i));
  check_dropped(R"({"kind":"JobSet","apiVersion":"jobset.x-k8s.io/v1alpha2","metadata":{"name":"a",)"
                R"("managedFields":null},"spec":null})",
                "null members stay null");
  CHECK(fast > 60);
  CHECK(dropped >= 20);  // the repository's JobSets have specs, and some objects managedFields

  // The fast reader itself skips them (read_manifest would hide it if it did not).
  std::size_t jobsets = 0;
  for (const auto& t : texts) {
    auto j = trainjob::parse_json(t);
    if (!j || (*j)["kind"] != "JobSet") continue;
    auto reference =
        trainjob::detail::capture<trainjob::any_object>([&] { return trainjob::decode_any(*j); });
    if (!reference || std::get<trainjob::job_set>(*reference).spec.is_null()) continue;
    trainjob::detail::apply_drops(*reference, drops);
    std::string padded = t;
    padded.append(trainjob::detail::fast_padding, '\0');
    trainjob::detail::fast_reader r;
    r.set_drops({true, true});
    r.start(padded.data(), padded.data() + t.size());
    trainjob::job_set js;
    try {
      trainjob::detail::fast_read(r, js, true);
    } catch (...) {
      continue;  // not the fast reader's: read_manifest takes the reference path
    }
    INFO(t);
    CHECK(js.spec.is_null());
    CHECK(trainjob::encode(trainjob::any_object(js)).dump() == trainjob::encode(*reference).dump());
    ++jobsets;
  }
  CHECK(jobsets > 5);
}

TEST_CASE("read_manifest: mutated Lists, the same both ways") {
  const auto texts = object_texts(json_files());
  // Bytes that make JSON mean something else, or nothing.
  const std::string edits[] = {"",     "\"",   "{",     "}",   "[",     "]",      ",",    ":",
                               "0",    "-1",   "1e400", "n",   "\\",    " ",      "\x80", "\xC3\xA9",
                               "\x01", "null", "true",  "1.5", "\"x\"", "\\u0000"};
  std::uint64_t seed = 0x9E3779B97F4A7C15u;
  const auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  std::size_t checked = 0;
  for (std::size_t i = 0; i < texts.size(); i += 3) {
    const std::string base = list_of(texts, i, 3);
    for (int k = 0; k < 40; ++k) {
      std::string t = base;
      const std::size_t at = static_cast<std::size_t>(next() % t.size());
      const std::size_t cut = static_cast<std::size_t>(next() % 3);  // replace 0, 1 or 2 bytes
      const std::string& with = edits[next() % (sizeof edits / sizeof edits[0])];
      t.replace(at, cut, with);
      check_same(t, "list at " + std::to_string(i) + ", byte " + std::to_string(at) + " edited");
      ++checked;
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("read_manifest: what the DOM would refuse for its memory, the fast reader refuses too") {
  // [[],[],...] costs about 30 bytes of tree per input byte, over parse_json's 24:
  // refused, by either path, once past the 64 MiB floor (about 3 million values).
  std::string many = "{\"kind\":\"List\",\"items\":[],\"x\":[";
  for (std::size_t i = 0; i < 5'000'000; ++i) many += "[],";
  many += "[]]}";
  check_same(many, "over the budget");
  const auto r = trainjob::read_manifest(many, [](trainjob::manifest_item&) {});
  CHECK_FALSE(r.ok());
  // And a dense one just under it is read by the fast reader.
  std::string fewer = "{\"kind\":\"List\",\"items\":[],\"x\":[";
  for (std::size_t i = 0; i < 100'000; ++i) fewer += "[],";
  fewer += "[]]}";
  trainjob::manifest_stats stats;
  check_same(fewer, "under the budget");
  (void)trainjob::read_manifest(
      fewer, [](trainjob::manifest_item&) {}, {}, &stats);
  CHECK(stats.fast_text);
}

TEST_CASE("read_manifest: numbers keep nlohmann's types in kept members") {
  const std::string t =
      R"({"kind":"List","items":[{"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",
    "metadata":{"name":"a"},"spec":{"runtimeRef":{"name":"r"},"x":[0,-0,1,-1,18446744073709551615,
    18446744073709551616,-9223372036854775808,-9223372036854775809,1.5,-0.0,1e2,1E-2,123456789012345678901234567890]}}]})";
  std::size_t fast = 0;
  check_same(t, "numbers", &fast);
  CHECK(fast == 1);
}
