// trainjob-conditions state: the state of each TrainJob, as JSON or one line each.

#include "commands.hpp"

#include <optional>
#include <string>

namespace trainjob::cli {

int cmd_state(args a) {
  bool text = false;
  bool validate_input = true;
  std::optional<std::string> file;
  while (!a.done()) {
    if (a.flag("--no-validate")) {
      validate_input = false;
    } else if (auto f = a.option("--format")) {
      check_format("state", *f, "json", "text");
      text = *f == "text";
    } else {
      a.take_operand("state", "FILE", file);
    }
  }
  if (!file) usage_error("state: no FILE given");
  bool is_list = false;
  const auto jobs = read_train_jobs(*file, is_list);
  input_check check(validate_input);
  for (const auto& item : jobs) check.check(*file, item.first, item.second);
  check.refuse_if_invalid();
  std::string out;
  if (text) {
    for (const auto& item : jobs) {
      const trainjob::train_job& tj = item.second;
      const trainjob::kstatus k = trainjob::kstatus_of(tj);
      std::string name = tj.metadata.name.empty() ? "-" : tj.metadata.name;
      if (!tj.metadata.namespace_.empty()) name = tj.metadata.namespace_ + "/" + name;
      const std::string column = trainjob::state_column(tj.status);
      out += name + " " + (column.empty() ? "-" : column) + " " +
             std::string(trainjob::to_string(trainjob::state_of(tj))) + " " + k.status + ": " + k.message +
             "\n";
    }
  } else if (is_list) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& item : jobs) arr.push_back(trainjob::summarize(item.second));
    out = trainjob::dump(arr) + "\n";
  } else {
    out = trainjob::dump(trainjob::summarize(jobs.front().second)) + "\n";
  }
  write_out(out);
  return exit_ok;
}

}  // namespace trainjob::cli
