// Fuzz target: JSON text -> scenario, then its replay under every profile
// (with and without condition policies) and the timeline printed from it.
// A patch may leave an invalid TrainJob: replay reports that as decode_error,
// never anything else.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <trainjob/json.hpp>
#include <trainjob/policies.hpp>
#include <trainjob/profile.hpp>
#include <trainjob/scenario.hpp>

#include "fuzz_common.hpp"

namespace {

void replay_checked(const trainjob::scenario& s, const trainjob::replay_options& o) {
  std::vector<trainjob::replay_step> steps;
  try {
    steps = trainjob::replay(s, o);
  } catch (const trainjob::decode_error& e) {
    TRAINJOB_FUZZ_CHECK(!e.message().empty(), "a replay error without a message at " + e.path());
    return;
  }
  TRAINJOB_FUZZ_CHECK(steps.size() == s.steps.size(), "replay skipped steps");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    TRAINJOB_FUZZ_CHECK(steps[i].step == i && steps[i].now == s.steps[i].now, "step " + std::to_string(i));
    // A write the API server refuses leaves the status read (docs/semantics.md §6).
    TRAINJOB_FUZZ_CHECK(
        !steps[i].result.rejected.empty() || steps[i].trainjob.status == steps[i].result.status,
        "step " + std::to_string(i) + ": the TrainJob does not carry the pass's status");
    (void)trainjob::dump(trainjob::to_json_line(steps[i]));
  }
  (void)trainjob::format_timeline(steps);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto doc = trainjob_fuzz::parse_checked(trainjob_fuzz::as_text(data, size));
  if (!doc) return 0;
  std::optional<trainjob::scenario> s;
  try {
    s = trainjob::decode_scenario(*doc);
  } catch (const trainjob::decode_error& e) {
    TRAINJOB_FUZZ_CHECK(!e.message().empty(), "a decode error without a message at " + e.path());
    TRAINJOB_FUZZ_CHECK(trainjob_fuzz::path_resolves(*doc, e.path()),
                        "the error's path is not in the document: " + std::string(e.what()));
  }
  const auto r = trainjob::try_decode_scenario(*doc);
  TRAINJOB_FUZZ_CHECK(r.ok() == s.has_value(), "decode_scenario and try_decode_scenario disagree");
  if (!s) return 0;

  // Long scenarios cost time, not coverage: replay the first steps only.
  if (s->steps.size() > 64) s->steps.resize(64);

  replay_checked(*s, {});  // the scenario's own profile
  const auto policies =
      trainjob::make_policy_set({"Initialized", "ComponentsCreated", "Started", "Progressing", "Trained"});
  TRAINJOB_FUZZ_CHECK(policies.ok(), policies.error().to_string());
  for (std::size_t i = 0; i < std::size(trainjob::every_profile); ++i) {
    trainjob::replay_options o;
    o.profile = trainjob::every_profile[i];
    o.migrate_legacy_created = i % 2 == 1;
    replay_checked(*s, o);
    o.policies = &*policies;
    replay_checked(*s, o);
  }
  return 0;
}
