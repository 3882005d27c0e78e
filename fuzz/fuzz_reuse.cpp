// Fuzz target (differential): a reused reconcile_result against fresh ones.
// The input is two batch lines; both are decoded, then reconciled under every
// profile through one reused result (first line, then second) and through a
// fresh result for the second line alone. The bytes written for the second
// line must be equal: reuse may only save allocations, never keep a value
// (issue 17: `1` kept where the input said `1.0`).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <trainjob/batch.hpp>
#include <trainjob/json.hpp>
#include <trainjob/profile.hpp>
#include <trainjob/reconcile.hpp>
#include <trainjob/request.hpp>

#include "fuzz_common.hpp"

namespace {

std::optional<trainjob::request> read_line(std::string_view line) {
  auto j = trainjob::parse_json(line);
  if (!j) return std::nullopt;
  auto in = trainjob::try_decode_request(*j);
  if (!in) return std::nullopt;
  return std::move(*in);
}

trainjob::observation observe(const trainjob::request& in) { return in.observe(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = trainjob_fuzz::as_text(data, size);
  const std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return 0;
  const auto first = read_line(text.substr(0, nl));
  const auto second = read_line(text.substr(nl + 1));
  if (!first || !second) return 0;

  for (const trainjob::profile p : trainjob::every_profile) {
    trainjob::reconcile_options options;
    options.profile = p;
    trainjob::reconcile_result reused;
    trainjob::reconcile(observe(*first), options, reused);
    trainjob::reconcile(observe(*second), options, reused);
    const trainjob::reconcile_result fresh = trainjob::reconcile(observe(*second), options);
    const std::string a = trainjob::dump(nlohmann::json(reused)), b = trainjob::dump(nlohmann::json(fresh));
    TRAINJOB_FUZZ_CHECK(a == b, std::string(to_string(p)) +
                                    ": a reused result differs from a fresh one\n  reused " + a +
                                    "\n  fresh  " + b);
    TRAINJOB_FUZZ_CHECK(
        trainjob::detail::identical(trainjob::encode(reused.status), trainjob::encode(fresh.status)),
        std::string(to_string(p)) + ": the statuses are not identical to the bit");
  }
  return 0;
}
