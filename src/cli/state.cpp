// trainjob-conditions state: the state of each TrainJob, as JSON or one line each.

#include "commands.hpp"

#include <cstddef>
#include <iostream>
#include <string>

namespace trainjob::cli {

int cmd_state(const options& o) {
  bool text = false;
  const bool validate_input = !o.no_validate;
  if (o.format) {
    check_format("state", *o.format);
    text = *o.format == "text";
  }
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
  std::string out;
  if (text) {
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
  } else if (!single) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& item : jobs) arr.push_back(trainjob::summarize(item.job));
    out = trainjob::dump(arr) + "\n";
  } else {
    out = trainjob::dump(trainjob::summarize(jobs.front().job)) + "\n";
  }
  write_out(out);
  return exit_ok;
}

}  // namespace trainjob::cli
