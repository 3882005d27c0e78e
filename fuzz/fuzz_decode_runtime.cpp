// Fuzz target: JSON text -> TrainingRuntime, ClusterTrainingRuntime, and any
// object or `List` through decode_objects (what `validate` reads).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <trainjob/json.hpp>
#include <trainjob/object.hpp>
#include <trainjob/validation.hpp>

#include "fuzz_common.hpp"

namespace {

/// Whether `doc` is a lone object of kind `kind` (not a List).
bool is_lone(const nlohmann::json& doc, const char* kind) {
  if (!doc.is_object()) return false;
  const auto k = doc.find("kind");
  return k != doc.end() && k->is_string() && k->get_ref<const std::string&>() == kind;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = trainjob_fuzz::parse_checked(trainjob_fuzz::as_text(data, size));
  if (!doc) return 0;

  const auto rt = trainjob_fuzz::decode_checked<trainjob::training_runtime>(*doc);
  if (rt) (void)trainjob::validate(*rt);
  const auto crt = trainjob_fuzz::decode_checked<trainjob::cluster_training_runtime>(*doc);
  if (crt) (void)trainjob::validate(*crt);

  std::vector<trainjob::located_object> objects;
  bool decoded = false;
  try {
    objects = trainjob::decode_objects(*doc);
    decoded = true;
  } catch (const trainjob::decode_error& e) {
    TRAINJOB_FUZZ_CHECK(!e.message().empty(), "a decode error without a message at " + e.path());
    TRAINJOB_FUZZ_CHECK(trainjob_fuzz::path_resolves(*doc, e.path()),
                        "the error's path is not in the document: " + std::string(e.what()));
  }
  const auto r = trainjob::try_decode_objects(*doc);
  TRAINJOB_FUZZ_CHECK(r.ok() == decoded,
                      "decode_objects and try_decode_objects disagree: " + r.error().to_string());
  if (decoded)
    TRAINJOB_FUZZ_CHECK(r->size() == objects.size(), "decode_objects and try_decode_objects disagree");
  for (const auto& o : objects) {
    (void)trainjob::validate(o.object);
    (void)trainjob::kind_of(o.object);
    (void)trainjob::metadata_of(o.object);
    (void)trainjob::dump(trainjob::encode(o.object));
  }

  // A lone object decodes alike through its kind and through decode_objects.
  if (is_lone(*doc, "TrainingRuntime")) {
    TRAINJOB_FUZZ_CHECK(rt.has_value() == r.ok(), "decode<training_runtime> and decode_objects disagree");
    if (rt) {
      TRAINJOB_FUZZ_CHECK(
          r->size() == 1 && std::holds_alternative<trainjob::training_runtime>(r->front().object),
          "decode_objects gave another kind");
      TRAINJOB_FUZZ_CHECK(std::get<trainjob::training_runtime>(r->front().object) == *rt,
                          "decode_objects gave another TrainingRuntime");
    }
  }
  if (is_lone(*doc, "ClusterTrainingRuntime")) {
    TRAINJOB_FUZZ_CHECK(crt.has_value() == r.ok(),
                        "decode<cluster_training_runtime> and decode_objects disagree");
    if (crt) {
      TRAINJOB_FUZZ_CHECK(
          r->size() == 1 && std::holds_alternative<trainjob::cluster_training_runtime>(r->front().object),
          "decode_objects gave another kind");
      TRAINJOB_FUZZ_CHECK(std::get<trainjob::cluster_training_runtime>(r->front().object) == *crt,
                          "decode_objects gave another ClusterTrainingRuntime");
    }
  }
  return 0;
}
