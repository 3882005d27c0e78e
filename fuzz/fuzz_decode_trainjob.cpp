// Fuzz target: JSON text -> TrainJob, and what reads a decoded one (validation,
// the linter, the state summaries, the codec). Nothing may crash or throw
// anything but decode_error; errors name a path in the document.
#include <cstddef>
#include <cstdint>

#include <trainjob/json.hpp>
#include <trainjob/lint.hpp>
#include <trainjob/summary.hpp>
#include <trainjob/validation.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = trainjob_fuzz::parse_checked(trainjob_fuzz::as_text(data, size));
  if (!doc) return 0;
  const auto tj = trainjob_fuzz::decode_checked<trainjob::train_job>(*doc);
  if (!tj) return 0;
  trainjob::validation_options bytes;
  bytes.check_message_bytes = true;
  const auto v = trainjob::validate(*tj);
  const auto vb = trainjob::validate(*tj, bytes);
  // Counting bytes as well only adds violations.
  TRAINJOB_FUZZ_CHECK(vb.size() >= v.size(), "check_message_bytes dropped a violation");
  (void)trainjob::lint(*tj);
  (void)trainjob::lint(*tj, &*tj);
  (void)trainjob::dump(trainjob::summarize(*tj));
  (void)trainjob::dump(trainjob::encode(*tj), 2);
  return 0;
}
