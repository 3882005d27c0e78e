// trainjob-conditions state: the state of each TrainJob, as JSON or one line each.

#include "commands.hpp"
#include "output.hpp"

#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace trainjob::cli {

int cmd_state(const options& o) {
  const bool validate_input = !o.no_validate;
  const output_choice out_form = choose_output(o);
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("state: no FILE given");
  const std::string& form = out_form.form;
  const bool legacy_text = out_form.legacy && form == "text";
  const bool table = !legacy_text && (form == "table" || form == "wide");
  const bool wide = form == "wide";
  const bool names = !legacy_text && !table && form == "name";
  std::string out;
  std::vector<std::vector<std::string>> rows{{"NAMESPACE", "NAME", "STATE", "KSTATUS"}};
  // KSTATUS is what cli-utils computes (Flux, kpt); the rest is for -o wide.
  if (wide) {
    rows.front().insert(rows.front().end(),
                        {"HEALTH", "SDK STATUS", "STATE COLUMN", "KSTATUS MESSAGE", "HEALTH MESSAGE"});
  }
  nlohmann::json summaries = nlohmann::json::array();
  std::size_t skipped = 0;
  bool single = false;
  input_check check(validate_input);
  // Each job is checked and turned into its output as it is read; none is kept.
  for_each_train_job(files, true, skipped, single,
                     [&](const std::string& file, const std::string& path, trainjob::train_job& tj) {
                       check.check(file, path, tj);
                       if (check.failed()) return;  // refused below: no output is made
                       if (legacy_text) {
                         const trainjob::kstatus k = trainjob::kstatus_of(tj);
                         std::string name = tj.metadata.name.empty() ? "-" : tj.metadata.name;
                         if (!tj.metadata.namespace_.empty()) name = tj.metadata.namespace_ + "/" + name;
                         const std::string column = trainjob::state_column(tj.status);
                         out += name + " " + (column.empty() ? "-" : column) + " " +
                                std::string(trainjob::to_string(trainjob::state_of(tj))) + " " + k.status +
                                ": " + k.message + "\n";
                       } else if (table) {
                         const trainjob::kstatus k = trainjob::kstatus_of(tj);
                         rows.push_back({cell(tj.metadata.namespace_), cell(tj.metadata.name),
                                         std::string(trainjob::to_string(trainjob::state_of(tj))), k.status});
                         if (wide) {
                           const trainjob::kstatus h = trainjob::health_of(tj);
                           rows.back().insert(rows.back().end(), {h.status, trainjob::sdk_status_of(tj),
                                                                  cell(trainjob::state_column(tj.status)),
                                                                  cell(k.message), cell(h.message)});
                         }
                       } else if (names) {
                         out += resource_name(trainjob::encode(tj)) + "\n";
                       } else {
                         summaries.push_back(trainjob::summarize(tj));
                       }
                     });
  check.refuse_if_invalid();
  if (skipped != 0) {
    std::cerr << "trainjob-conditions: state: skipped " << skipped << " object" << (skipped == 1 ? "" : "s")
              << " that " << (skipped == 1 ? "is" : "are") << " not a TrainJob\n";
  }
  if (table) {
    out = format_table(rows);
  } else if (!legacy_text && !names) {
    // json: one summary, or an array of them (as before -o).
    const nlohmann::json& j = single ? summaries.front() : summaries;
    if (form == "yaml") {
      out = to_yaml(j);
    } else {
      out = (out_form.legacy ? trainjob::dump(j) : indented_json(j, 4)) + "\n";
    }
  }
  write_out(out);
  return exit_ok;
}

}  // namespace trainjob::cli
