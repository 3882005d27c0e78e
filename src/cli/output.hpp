// trainjob-conditions: output forms, as kubectl's -o/--output: json (kubectl's
// layout, 4 spaces; several objects as a v1 List), yaml (through to_yaml, the
// one place YAML is written), name (kind.group/NAME) and tables for people
// (a header in capitals, columns three spaces apart; wide adds columns).

#ifndef TRAINJOB_CLI_OUTPUT_HPP
#define TRAINJOB_CLI_OUTPUT_HPP

#include "common.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace trainjob::cli {

/// What a verb prints: -o's value (checked against the verb's forms), or its
/// default; `legacy`: --format's value instead, printed as before -o.
struct output_choice {
  std::string form;
  bool legacy = false;
};
output_choice choose_output(const options& o);

/// j indented by `indent` spaces, bounded: a value deeper than 32 levels is compact, and the
/// whole is compact when indented it would pass max(16 x its compact size, 1 MiB).
std::string indented_json(const nlohmann::json& j, std::size_t indent);

/// The objects as `kubectl get -o json` prints them: one alone, several (or none) as a v1 List.
std::string objects_json(const std::vector<nlohmann::json>& objects, std::size_t indent = 4);

/// The same as YAML (kubectl -o yaml); exit 2 while this build has no YAML writer.
std::string objects_yaml(const std::vector<nlohmann::json>& objects);

/// Any JSON value as YAML: the one place YAML is written.
std::string to_yaml(const nlohmann::json& j);

/// kubectl's -o name for an object: kind.group/NAME ("trainjob.trainer.kubeflow.org/x").
std::string resource_name(const nlohmann::json& object);

/// A table cell: kubectl prints an empty value as <none>.
inline std::string cell(const std::string& s) { return s.empty() ? "<none>" : s; }

/// Rows (the first is the header) as kubectl prints a table.
std::string format_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_OUTPUT_HPP
