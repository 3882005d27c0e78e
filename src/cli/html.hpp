// trainjob-conditions: -o html for compare and audit. One self-contained page
// (inline CSS and SVG, no script, no network: a Content-Security-Policy says
// so) drawn from the same results the json output prints. Every string that
// comes from input is escaped (html_escape), so a name or a message cannot
// add markup.

#ifndef TRAINJOB_CLI_HTML_HPP
#define TRAINJOB_CLI_HTML_HPP

#include <trainjob/audit.hpp>
#include <trainjob/compare.hpp>
#include <trainjob/explore.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainjob::cli {

/// s with & < > " ' as character references and C0 controls (but tab, LF, CR) as U+FFFD:
/// safe in text and in a quoted attribute.
std::string html_escape(std::string_view s);

/// The compare page, built section by section in the order the table output prints.
class compare_page {
 public:
  compare_page(std::string from_label, std::string to_label);

  /// A scenario file (`name`: the scenario's own, may be ""): its first difference (table
  /// and both timelines) and violations.
  void add_scenario(const std::string& file, const std::string& name, const trainjob::scenario_comparison& c);

  /// --explore's summary line.
  void add_explore_summary(std::size_t depth, std::uint64_t histories, std::uint64_t runs);
  /// One explored difference, `c` its witness replayed on both sides.
  void add_explored_difference(std::size_t i, std::size_t n, const trainjob::explored_difference& d,
                               const trainjob::scenario_comparison& c);
  /// One explored violation, `t` its witness replayed on the side that violates.
  void add_explored_violation(std::size_t i, std::size_t n, const trainjob::explored_violation& v,
                              const trainjob::side_trace& t);

  /// The whole page, `footer` (already plain text) last.
  std::string finish(const std::string& footer) const;

 private:
  std::string from_label_, to_label_, body_;
};

/// The audit page: findings per namespace, and each TrainJob's stored conditions as bands
/// from their lastTransitionTime to the report's now (`trainjobs`: the snapshot's).
std::string audit_page(const trainjob::audit_report& report,
                       const std::vector<trainjob::train_job>& trainjobs);

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_HTML_HPP
