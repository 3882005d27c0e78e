// Fuzz target: JSON text -> JobSet, its validation and the per-step state
// derived from it (steps.hpp reads the spec as raw JSON of any shape).
#include <cstddef>
#include <cstdint>

#include <trainjob/json.hpp>
#include <trainjob/steps.hpp>
#include <trainjob/validation.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = trainjob_fuzz::parse_checked(trainjob_fuzz::as_text(data, size));
  if (!doc) return 0;
  const auto js = trainjob_fuzz::decode_checked<trainjob::job_set>(*doc);
  if (!js) return 0;
  (void)trainjob::validate(*js);
  const auto steps = trainjob::step_states(*js);
  for (const auto& s : steps) {
    TRAINJOB_FUZZ_CHECK(!s.step.empty(), "a step without a name");
    TRAINJOB_FUZZ_CHECK(s.replicas >= 0 && s.ready >= 0 && s.succeeded >= 0 && s.failed >= 0 && s.active >= 0,
                        "negative counts in step " + s.step);
  }
  // The same JobSet template as a runtime's: the shape the runtime lookup reads.
  trainjob::training_runtime rt;
  rt.spec.template_.spec = js->spec;
  (void)trainjob::step_states(*js, &rt);
  (void)trainjob::dump(trainjob::encode(*js));
  return 0;
}
