// trainjob-conditions lint: a TrainJob and/or a policy set against the condition design rules.

#include "commands.hpp"
#include "output.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainjob::cli {

int cmd_lint(const options& o) {
  const output_choice out_form = choose_output(o);
  const std::vector<std::string> files = input_files(o);
  const std::optional<std::string>& previous_file = o.previous;
  const std::vector<std::string>& policy_names = o.policies;
  const bool any_policy = !policy_names.empty();
  if (files.empty() && !any_policy) usage_error("lint: give a FILE, --policy NAME, or both");
  if (previous_file && files.empty()) usage_error("lint: --previous needs a FILE to compare with");
  if (previous_file && files.size() > 1) usage_error("lint: --previous needs one FILE to compare with");
  if (previous_file && !files.empty() && *previous_file == "-" && files.front() == "-") {
    usage_error("lint: only one of FILE and --previous can read standard input");
  }
  struct located {
    std::optional<std::string> file;  // nullopt: the policy set
    trainjob::finding f;
  };
  std::vector<located> found;
  if (!files.empty()) {
    std::size_t skipped = 0;
    bool single = false;
    const auto lint_one = [&](const std::string& file, const std::string& path,
                              const trainjob::train_job& job, const trainjob::train_job* previous) {
      for (auto& f : trainjob::lint(job, previous)) {
        f.path = join_path(path, f.path);
        found.push_back({display_name(file), std::move(f)});
      }
    };
    if (previous_file) {
      const auto jobs = read_train_jobs(files, false, skipped, single);
      if (!single) throw file_error(files.front(), "--previous needs FILE to be one TrainJob, not a List");
      const auto previous = read_object<trainjob::train_job>(*previous_file);
      if (const auto e = trainjob::previous_mismatch(jobs.front().job, previous)) {
        throw file_error(*previous_file, *e);
      }
      for (const auto& item : jobs) lint_one(item.file, item.path, item.job, &previous);
    } else {
      // Each job linted as it is read; none is kept.
      for_each_train_job(files, false, skipped, single,
                         [&](const std::string& file, const std::string& path, trainjob::train_job& job) {
                           lint_one(file, path, job, nullptr);
                         });
    }
  }
  for (auto& f : trainjob::lint_policy_names(policy_names)) found.push_back({std::nullopt, std::move(f)});
  std::string out;
  const std::string& form = out_form.form;
  if (form == "json" || form == "yaml") {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& l : found) {
      nlohmann::json j = l.f;
      j["file"] = l.file ? nlohmann::json(*l.file) : nlohmann::json();
      arr.push_back(std::move(j));
    }
    out = form == "yaml" ? to_yaml(arr)
                         : (out_form.legacy ? trainjob::dump(arr) : indented_json(arr, 4)) + "\n";
  } else if (form == "table") {
    std::vector<std::vector<std::string>> rows{{"FILE", "PATH", "RULE", "SEVERITY", "MESSAGE"}};
    for (const auto& l : found) {
      rows.push_back({l.file ? *l.file : "--policy", l.f.path.empty() ? "-" : l.f.path, l.f.rule,
                      l.f.severity, l.f.message});
    }
    if (!found.empty()) out = format_table(rows);
  } else {
    for (const auto& l : found) {
      out += (l.file ? *l.file : std::string("--policy")) + ": " + path_prefix(l.f.path) + "[" + l.f.rule +
             "] " + l.f.severity + ": " + l.f.message + "\n";
    }
  }
  write_out(out);
  return found.empty() ? exit_ok : exit_findings;
}

}  // namespace trainjob::cli
