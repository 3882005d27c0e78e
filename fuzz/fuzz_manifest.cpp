// Fuzz target: manifest text -> objects (trainjob/manifest.hpp). Nothing may crash or throw.
// Oracle: the fast reader and the DOM path (detail::read_manifest_dom) hand over the same
// items (document, path, kind, the object encoded, or the error with its path, message and
// kind) and end the same way.
#include <cstddef>
#include <cstdint>
#include <string>

#include <trainjob/detail/identical.hpp>
#include <trainjob/manifest.hpp>

#include "fuzz_common.hpp"

namespace {

nlohmann::json item_json(const trainjob::manifest_item& it) {
  nlohmann::json j = {{"document", it.document}, {"documents", it.documents}, {"path", it.path}};
  j["kind"] = it.kind ? nlohmann::json(*it.kind) : nlohmann::json();
  if (it.object) {
    j["object"] = trainjob::encode(*it.object);
  } else {
    const auto& e = it.object.error();
    j["error"] = {e.path, e.message, static_cast<int>(e.kind)};
  }
  return j;
}

nlohmann::json ending(const trainjob::result<std::size_t>& r) {
  if (r) return *r;
  return {r.error().path, r.error().message, static_cast<int>(r.error().kind)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json fast = nlohmann::json::array(), dom = nlohmann::json::array();
  const auto a =
      trainjob::read_manifest(text, [&](trainjob::manifest_item& it) { fast.push_back(item_json(it)); });
  const auto b = trainjob::detail::read_manifest_dom(
      text, [&](trainjob::manifest_item& it) { dom.push_back(item_json(it)); });
  fast.push_back(ending(a));
  dom.push_back(ending(b));
  TRAINJOB_FUZZ_CHECK(
      trainjob::detail::identical(fast, dom),
      "fast: " + trainjob::dump(fast).substr(0, 2000) + "\n  dom:  " + trainjob::dump(dom).substr(0, 2000));
  return 0;
}
