// trainjob-conditions state: the state of each TrainJob, as JSON or one line each.

#include "commands.hpp"
#include "output.hpp"

#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace trainjob::cli {

namespace {

std::string cell(const std::string& s) { return s.empty() ? "<none>" : s; }

}  // namespace

int cmd_state(const options& o) {
  const bool validate_input = !o.no_validate;
  const output_choice out_form = choose_output(o);
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("state: no FILE given");
  std::size_t skipped = 0;
  bool single = false;
  const auto jobs = read_train_jobs(files, true, skipped, single);
  input_check check(validate_input);
  for (const auto& item : jobs) check.check(item.file, item.path, item.job);
  check.refuse_if_invalid();
  if (skipped != 0) {
    std::cerr << "trainjob-conditions: state: skipped " << skipped << " object" << (skipped == 1 ? "" : "s")
              << " that " << (skipped == 1 ? "is" : "are") << " not a TrainJob\n";
  }
  const std::string& form = out_form.form;
  std::string out;
  if (out_form.legacy && form == "text") {
    for (const auto& item : jobs) {
      const trainjob::train_job& tj = item.job;
      const trainjob::kstatus k = trainjob::kstatus_of(tj);
      std::string name = tj.metadata.name.empty() ? "-" : tj.metadata.name;
      if (!tj.metadata.namespace_.empty()) name = tj.metadata.namespace_ + "/" + name;
      const std::string column = trainjob::state_column(tj.status);
      out += name + " " + (column.empty() ? "-" : column) + " " +
             std::string(trainjob::to_string(trainjob::state_of(tj))) + " " + k.status + ": " + k.message +
             "\n";
    }
  } else if (form == "table" || form == "wide") {
    // KSTATUS is what cli-utils computes (Flux, kpt); the rest is for -o wide.
    const bool wide = form == "wide";
    std::vector<std::vector<std::string>> rows{{"NAMESPACE", "NAME", "STATE", "KSTATUS"}};
    if (wide) {
      rows.front().insert(rows.front().end(),
                          {"HEALTH", "SDK STATUS", "STATE COLUMN", "KSTATUS MESSAGE", "HEALTH MESSAGE"});
    }
    for (const auto& item : jobs) {
      const trainjob::train_job& tj = item.job;
      const trainjob::kstatus k = trainjob::kstatus_of(tj);
      rows.push_back({cell(tj.metadata.namespace_), cell(tj.metadata.name),
                      std::string(trainjob::to_string(trainjob::state_of(tj))), k.status});
      if (wide) {
        const trainjob::kstatus h = trainjob::health_of(tj);
        rows.back().insert(rows.back().end(),
                           {h.status, trainjob::sdk_status_of(tj), cell(trainjob::state_column(tj.status)),
                            cell(k.message), cell(h.message)});
      }
    }
    out = format_table(rows);
  } else if (form == "name") {
    for (const auto& item : jobs) out += resource_name(trainjob::encode(item.job)) + "\n";
  } else {
    // json: one summary, or an array of them (as before -o).
    nlohmann::json summaries = nlohmann::json::array();
    for (const auto& item : jobs) summaries.push_back(trainjob::summarize(item.job));
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
