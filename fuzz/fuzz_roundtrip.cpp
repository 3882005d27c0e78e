// Fuzz target: decode -> encode -> decode for every kind the library decodes
// (TrainJob, JobSet, TrainingRuntime, ClusterTrainingRuntime, and each object
// of a List). Checks, for every input that decodes:
//   - nothing is lost: the encoding keeps every member of the input with an
//     equal value; times may change only in spelling (the canonical form of
//     the same second), and a member may be added only as the zero value of
//     a field the API server always writes ("reason": "", "ready": 0);
//   - the encoding decodes again, to an equal object, which encodes to the
//     same JSON (a fixed point after one step);
//   - the text `dump` writes parses back to the same JSON.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <trainjob/json.hpp>
#include <trainjob/object.hpp>
#include <trainjob/timestamp.hpp>

#include "fuzz_common.hpp"

namespace {

using nlohmann::json;

bool same_time(const json& a, const json& b) {
  if (!a.is_string() || !b.is_string()) return false;
  const auto ta = trainjob::timestamp::parse(a.get_ref<const std::string&>());
  const auto tb = trainjob::timestamp::parse(b.get_ref<const std::string&>());
  // The encoder writes the canonical form of the time it read.
  return ta && tb && *ta == *tb && b.get_ref<const std::string&>() == tb->to_string();
}

bool zero_value(const json& j) {
  return (j.is_string() && j.get_ref<const std::string&>().empty()) || (j.is_number_integer() && j == 0);
}

/// "" when `out` keeps everything of `in` (see the header comment), else where it does not.
std::string lost(const json& in, const json& out, const std::string& path) {
  if (in.is_object() && out.is_object()) {
    for (auto it = in.begin(); it != in.end(); ++it) {
      const auto o = out.find(it.key());
      if (o == out.end()) return path + "." + it.key() + ": dropped";
      std::string why = lost(it.value(), *o, path + "." + it.key());
      if (!why.empty()) return why;
    }
    for (auto it = out.begin(); it != out.end(); ++it) {
      if (in.find(it.key()) == in.end() && !zero_value(it.value())) {
        return path + "." + it.key() + ": added " + trainjob::dump(it.value());
      }
    }
    return {};
  }
  if (in.is_array() && out.is_array()) {
    if (in.size() != out.size())
      return path + ": " + std::to_string(in.size()) + " items became " + std::to_string(out.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      std::string why = lost(in[i], out[i], path + "[" + std::to_string(i) + "]");
      if (!why.empty()) return why;
    }
    return {};
  }
  if (in == out || same_time(in, out)) return {};
  return path + ": " + trainjob::dump(in) + " became " + trainjob::dump(out);
}

template <class T>
void round_trip(const T& x, const json& source) {
  const json e1 = trainjob::encode(x);
  const std::string why = lost(source, e1, "");
  TRAINJOB_FUZZ_CHECK(why.empty(), "encode lost or changed data: " + why);

  const trainjob::result<T> x2 = trainjob::try_decode<T>(e1);
  TRAINJOB_FUZZ_CHECK(x2.ok(), "the encoding does not decode: " + x2.error().to_string());
  TRAINJOB_FUZZ_CHECK(*x2 == x, "decode(encode(x)) != x; encode(x) = " + trainjob::dump(e1));
  const json e2 = trainjob::encode(*x2);
  TRAINJOB_FUZZ_CHECK(e2 == e1, "encode(decode(encode(x))) != encode(x): " + trainjob::dump(e2) + " vs " +
                                    trainjob::dump(e1));

  const std::string text = trainjob::dump(e1);
  const auto back = trainjob::parse_json(text);
  TRAINJOB_FUZZ_CHECK(back.ok(), "dump wrote text parse_json refuses: " + back.error().to_string());
  TRAINJOB_FUZZ_CHECK(*back == e1, "dump -> parse_json changed the JSON: " + text);
}

template <class T>
void try_kind(const json& doc) {
  const auto x = trainjob_fuzz::decode_checked<T>(doc);
  if (x) round_trip(*x, doc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = trainjob_fuzz::parse_checked(trainjob_fuzz::as_text(data, size));
  if (!doc) return 0;
  try_kind<trainjob::train_job>(*doc);
  try_kind<trainjob::job_set>(*doc);
  try_kind<trainjob::training_runtime>(*doc);
  try_kind<trainjob::cluster_training_runtime>(*doc);

  const auto objects = trainjob::try_decode_objects(*doc);
  if (!objects) return 0;
  const json* items = nullptr;
  if (doc->is_object()) {
    const auto it = doc->find("items");
    if (it != doc->end() && it->is_array() && it->size() == objects->size()) items = &*it;
  }
  for (std::size_t i = 0; i < objects->size(); ++i) {
    const auto& o = (*objects)[i];
    const json& source = o.path.empty() ? *doc : (items != nullptr ? (*items)[i] : *doc);
    TRAINJOB_FUZZ_CHECK(o.path.empty() || items != nullptr, "a List item without its items array: " + o.path);
    std::visit([&](const auto& x) { round_trip(x, source); }, o.object);
  }
  return 0;
}
