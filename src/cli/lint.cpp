// trainjob-conditions lint: a TrainJob and/or a policy set against the condition design rules.

#include "commands.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainjob::cli {

int cmd_lint(args a) {
  bool json = false;
  std::optional<std::string> file, previous_file;
  std::vector<std::string> policy_names;
  bool any_policy = false;
  while (!a.done()) {
    if (auto f = a.option("--format")) {
      check_format("lint", *f, "text", "json");
      json = *f == "json";
    } else if (auto p = a.option("--previous")) {
      previous_file = p;
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
      any_policy = true;
    } else {
      a.take_operand("lint", "FILE", file);
    }
  }
  if (!file && !any_policy) usage_error("lint: give a FILE, --policy NAME, or both");
  if (previous_file && !file) usage_error("lint: --previous needs a FILE to compare with");
  if (previous_file && file && *previous_file == "-" && *file == "-") {
    usage_error("lint: only one of FILE and --previous can read standard input");
  }
  struct located {
    std::optional<std::string> file;  // nullopt: the policy set
    trainjob::finding f;
  };
  std::vector<located> found;
  if (file) {
    bool is_list = false;
    const auto jobs = read_train_jobs(*file, is_list);
    std::optional<trainjob::train_job> previous;
    if (previous_file) previous = read_previous_train_job(*previous_file, *file, jobs, is_list);
    for (const auto& item : jobs) {
      for (auto& f : trainjob::lint(item.second, previous ? &*previous : nullptr)) {
        f.path = join_path(item.first, f.path);
        found.push_back({display_name(*file), std::move(f)});
      }
    }
  }
  for (auto& f : trainjob::lint_policy_names(policy_names)) found.push_back({std::nullopt, std::move(f)});
  std::string out;
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& l : found) {
      nlohmann::json j = l.f;
      j["file"] = l.file ? nlohmann::json(*l.file) : nlohmann::json();
      arr.push_back(std::move(j));
    }
    out = trainjob::dump(arr) + "\n";
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
