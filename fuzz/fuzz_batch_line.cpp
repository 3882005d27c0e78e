// Fuzz target (differential): batch mode's fast reader and writer against the
// reference path (include/trainjob/batch.hpp). The input is JSON Lines; every
// line is run, under every profile, through
//   - detail::slow_process (parse_json + decode + reconcile + dump), which
//     defines the output, on fresh state;
//   - detail::fast_process alone, on state reused from the previous lines,
//     which must give the same bytes whenever it takes the line;
//   - batch_processor::process (fast, else reference), reused across lines,
//     which must always give the same bytes: without input validation against
//     the plain reference path, and with it (the default) against the
//     reference path that validates too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <trainjob/batch.hpp>
#include <trainjob/profile.hpp>
#include <trainjob/reconcile.hpp>

#include "fuzz_common.hpp"

namespace {}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = trainjob_fuzz::as_text(data, size);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (lines.size() > 8) lines.resize(8);  // more lines cost time, not coverage

  for (const trainjob::profile p : trainjob::every_profile) {
    trainjob::reconcile_options options;
    options.profile = p;
    trainjob::batch_processor processor(options);
    processor.set_validate_input(false);
    trainjob::batch_processor checking(options);
    trainjob::detail::fast_state fast;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      const std::uint64_t number = i + 1;
      const std::string where = std::string(to_string(p)) + ", line " + std::to_string(number);

      std::string batch_out = "prefix";  // output is appended, never rewritten
      const trainjob::line_result r = processor.process(line, number, batch_out);
      TRAINJOB_FUZZ_CHECK(batch_out.compare(0, 6, "prefix") == 0, where + ": process rewrote earlier output");
      if (trainjob::detail::is_blank_line(line)) {
        TRAINJOB_FUZZ_CHECK(r == trainjob::line_result::blank && batch_out == "prefix",
                            where + ": a blank line produced output");
        continue;
      }

      std::string slow_out;
      trainjob::reconcile_result slow_result;
      const trainjob::line_result slow =
          trainjob::detail::slow_process(line, number, options, slow_result, slow_out);
      TRAINJOB_FUZZ_CHECK(r == slow && batch_out.substr(6) == slow_out,
                          where + ": batch_processor and the reference path differ\n  batch     " +
                              batch_out.substr(6) + "\n  reference " + slow_out);

      std::string checked_out, checked_slow_out;
      trainjob::reconcile_result checked_slow_result;
      const trainjob::line_result c = checking.process(line, number, checked_out);
      const trainjob::line_result cs =
          trainjob::detail::slow_process(line, number, options, checked_slow_result, checked_slow_out, true);
      TRAINJOB_FUZZ_CHECK(c == cs && checked_out == checked_slow_out,
                          where + ": the validating batch_processor and reference path differ\n  batch     " +
                              checked_out + "\n  reference " + checked_slow_out);
      TRAINJOB_FUZZ_CHECK(cs == trainjob::line_result::error || slow == trainjob::line_result::ok,
                          where + ": validation accepted a line the reference path refuses");
      if (cs == trainjob::line_result::ok) {
        TRAINJOB_FUZZ_CHECK(checked_slow_out == slow_out,
                            where + ": validation changed a valid line's output");
      }

      std::string fast_out = "prefix";
      if (trainjob::detail::fast_process(fast, line, options, fast_out)) {
        TRAINJOB_FUZZ_CHECK(slow == trainjob::line_result::ok,
                            where + ": the fast path took a line the reference path refuses: " + slow_out);
        TRAINJOB_FUZZ_CHECK(fast_out.substr(6) == slow_out,
                            where +
                                ": the fast path and the reference path differ\n"
                                "  fast      " +
                                fast_out.substr(6) + "\n  reference " + slow_out);
      } else {
        TRAINJOB_FUZZ_CHECK(fast_out == "prefix", where + ": the fast path declined but wrote output");
      }
    }
  }
  return 0;
}
