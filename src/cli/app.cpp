#include "app.hpp"

#include <trainjob/invariants.hpp>
#include <trainjob/trainjob.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace trainjob::cli {

const std::vector<verb_info>& verbs() {
  static const std::vector<verb_info> all = {
      {"validate",
       "Decode objects and validate their conditions",
       {"json", "yaml", "name"},
       {},
       "validate -o name -R -f examples/"},
      {"reconcile",
       "One controller pass over a TrainJob and its JobSet",
       {"json", "yaml"},
       {},
       "reconcile -f examples/trainjob.json --jobset examples/jobset.json --now 2025-06-12T10:00:00Z"},
      {"replay",
       "Replay a scenario: a timeline, or one JSON line per step",
       {"table", "json", "yaml"},
       {"json", "table"},
       "replay -f examples/scenarios/01-suspend-resume-complete.json"},
      {"state",
       "The state of each TrainJob",
       {"table", "wide", "json", "yaml", "name"},
       {"json", "text"},
       "state -o wide -f examples/trainjob.json"},
      {"lint",
       "Check TrainJobs and a policy set against the condition design rules",
       {"table", "json", "yaml"},
       {"text", "json"},
       "lint --policy Initialized examples/trainjob.json"},
      {"compare",
       "Compare two releases or policy sets on scenarios, or on every history",
       {"table", "json", "html"},
       {},
       "compare --from v2.1 --to latest examples/scenarios/02-jobset-failed.json"},
      {"audit",
       "Audit a cluster snapshot: each TrainJob's findings under the release it runs",
       {"table", "wide", "json", "yaml", "html"},
       {},
       "audit --profile v2.1 --upgrade-to latest -f examples/audit.yaml"},
      {"batch",
       "Reconcile requests read as JSON Lines on standard input",
       {},
       {},
       "batch --threads 4 <requests.jsonl >results.jsonl"},
      {"demo", "Replay the example scenarios as timelines", {}, {}, "demo --dir examples/scenarios"},
      {"completion",
       "Print the shell completion script for bash or zsh",
       {},
       {},
       "completion bash >~/.local/share/bash-completion/completions/trainjob-conditions"},
  };
  return all;
}

const verb_info* find_verb(const std::string& name) {
  for (const auto& v : verbs()) {
    if (name == v.name) return &v;
  }
  return nullptr;
}

std::vector<std::string> flag_values(const std::string& verb, const std::string& flag) {
  if (flag == "--profile" || flag == "--upgrade-to") {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < trainjob::release_count; ++i) out.emplace_back(trainjob::releases[i].name);
    return out;
  }
  if (flag == "--from" || flag == "--to") return flag_values(verb, "--profile");
  if (flag == "--from-policy" || flag == "--to-policy") return flag_values(verb, "--policy");
  if (flag == "--check") {
    std::vector<std::string> out;
    for (auto i : trainjob::all_invariants) out.emplace_back(trainjob::to_string(i));
    out.emplace_back("all");
    return out;
  }
  if (flag == "--policy") {
    std::vector<std::string> out;
    for (auto n : trainjob::shipped_policy_names()) out.emplace_back(n);
    return out;
  }
  const verb_info* v = find_verb(verb);
  if (v == nullptr) return {};
  if (flag == "--output") return v->outputs;
  if (flag == "--format") return v->formats;
  return {};
}

namespace {

/// Declares the flags the verbs share the meaning of, each where a verb takes it.
struct declare {
  CLI::App* sub;
  options& o;

  void value(const char* names, std::optional<std::string>& into, const char* hint, const char* help) {
    sub->add_option_function<std::string>(
           names, [&into](const std::string& v) { into = v; }, help)
        ->type_name(hint);
  }
  void flag(const char* names, bool& into, const char* help) { sub->add_flag(names, into, help); }
  void repeated(const char* names, std::vector<std::string>& into, const char* hint, const char* help) {
    // One value per occurrence: "--policy A FILE" leaves FILE an operand.
    sub->add_option(names, into, help)
        ->type_name(hint)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  void operands(const char* name, const char* help) {
    sub->add_option(name, o.operands, help)
        ->type_name("")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  void profile() {
    value("--profile", o.profile, "NAME", "release whose controller to follow (default: latest)");
  }
  void policy() {
    repeated("--policy", o.policies, "NAME", "enable a shipped condition policy (repeatable)");
  }
  void no_validate() {
    flag("--no-validate", o.no_validate, "use input that breaks its schema as it is, at your risk");
  }
  void format(const char* help) { value("--format", o.format, "FORMAT", help); }
  void output() { value("-o,--output", o.output, "FORM", "output form (the first listed is the default)"); }
  void inputs() {
    repeated("-f,--filename", o.filenames, "FILE", "a file, a directory of them, or '-' (repeatable)");
    flag("-R,--recursive", o.recursive, "read the directories of -f and FILE... recursively");
  }
};

}  // namespace

std::unique_ptr<CLI::App> make_app(options& o) {
  auto app = std::make_unique<CLI::App>("Kubeflow Trainer TrainJob conditions", o.program);
  app->set_help_flag("-h,--help", "show this help");
  app->require_subcommand(0, 1);
  for (const auto& v : verbs()) {
    CLI::App* sub = app->add_subcommand(v.name, v.summary);
    sub->set_help_flag("-h,--help", "show this help");
    sub->allow_extras();  // an unknown flag is reported by main, with "did you mean"
    declare d{sub, o};
    const std::string name = v.name;
    if (name == "validate") {
      d.output();
      d.flag("--print", o.print, "write each object back as the library encodes it");
      d.flag("--message-bytes", o.message_bytes, "also check a message's size in bytes");
      d.inputs();
      d.operands("FILE", "TrainJobs, (Cluster)TrainingRuntimes, JobSets, or Lists of them ('-': stdin)");
    } else if (name == "reconcile") {
      d.output();
      d.value("--trainjob", o.trainjob, "FILE", "the TrainJob");
      d.repeated("-f,--filename", o.filenames, "FILE", "the TrainJob, as --trainjob");
      d.value("--jobset", o.jobset, "FILE", "its JobSet, as the status step reads it");
      d.flag("--no-jobset", o.no_jobset, "there is no JobSet (NotFound)");
      d.value("--now", o.now, "TIME", "the pass's time, RFC 3339 (default: the clock)");
      d.profile();
      d.value("--apply-error", o.apply_error, "MESSAGE", "applying the child objects failed so");
      d.value("--build-error", o.build_error, "MESSAGE", "building the child objects failed so");
      d.value("--runtime", o.runtime, "FILE", "the (Cluster)TrainingRuntime policies read");
      d.policy();
      d.flag("--migrate", o.migrate, "remove a legacy Created condition");
      d.no_validate();
    } else if (name == "replay") {
      d.output();
      d.profile();
      d.format("json (one line per step) or table, as before -o");
      d.policy();
      d.flag("--migrate", o.migrate, "remove a legacy Created condition");
      d.no_validate();
      d.inputs();
      d.operands("SCENARIO", "the scenario ('-': stdin)");
    } else if (name == "state") {
      d.output();
      d.format("json (summaries) or text (one line each), as before -o");
      d.no_validate();
      d.inputs();
      d.operands("FILE", "TrainJobs or Lists of them ('-': stdin)");
    } else if (name == "lint") {
      d.output();
      d.value("--previous", o.previous, "FILE", "the same TrainJob as read before");
      d.policy();
      d.format("text (one finding a line) or json, as before -o");
      d.inputs();
      d.operands("FILE", "TrainJobs or Lists of them ('-': stdin)");
    } else if (name == "compare") {
      d.output();
      d.value("--from", o.from, "NAME", "the release compared from");
      d.repeated("--from-policy", o.from_policies, "NAME",
                 "a shipped condition policy the from side runs (repeatable)");
      d.value("--to", o.to, "NAME", "the release compared to");
      d.repeated("--to-policy", o.to_policies, "NAME",
                 "a shipped condition policy the to side runs (repeatable)");
      d.value("--explore", o.explore, "DEPTH", "every history of up to DEPTH events (0 to 8), not scenarios");
      d.repeated("--check", o.checks, "ID", "judge an invariant on each side (repeatable; all: every one)");
      d.value("--witness-dir", o.witness_dir, "DIR",
              "with --explore: write each witness there as a scenario file replay runs");
      d.no_validate();
      d.inputs();
      d.operands("SCENARIO", "the scenarios ('-': stdin)");
    } else if (name == "audit") {
      d.output();
      d.profile();
      d.value("--now", o.now, "TIME", "the passes' time, RFC 3339 (default: the clock)");
      d.value("--upgrade-to", o.upgrade_to, "NAME",
              "also show what the first pass under this release changes");
      d.policy();
      d.no_validate();
      d.inputs();
      d.operands("FILE", "TrainJobs, JobSets and (Cluster)TrainingRuntimes, or Lists of them ('-': stdin)");
    } else if (name == "batch") {
      d.profile();
      d.value("--threads", o.threads, "N", "worker threads, 1 to 64 (default 1)");
      d.value("--max-line-bytes", o.max_line_bytes, "N", "a longer line is an error line");
      d.value("--max-memory", o.max_memory, "N", "bytes the run may take (default 2 GiB)");
      d.no_validate();
    } else if (name == "completion") {
      d.value("SHELL", o.shell, "", "bash or zsh");
    } else if (name == "demo") {
      d.value("--dir", o.dir, "DIR", "the scenarios' directory (default: examples/scenarios)");
    }
  }
  return app;
}

namespace {

const CLI::App* subcommand(const CLI::App& app, const std::string& verb) {
  const auto found = app.get_subcommands([&](const CLI::App* a) { return a->get_name() == verb; });
  return found.empty() ? nullptr : found.front();
}

}  // namespace

std::vector<std::string> flag_names(const CLI::App& app, const std::string& verb) {
  std::vector<std::string> out;
  const CLI::App* sub = subcommand(app, verb);
  if (sub == nullptr) return out;
  for (const CLI::Option* opt : sub->get_options()) {
    for (const auto& s : opt->get_snames()) out.push_back("-" + s);
    for (const auto& l : opt->get_lnames()) out.push_back("--" + l);
  }
  return out;
}

std::string verb_help(const CLI::App& app, const options& o, const std::string& verb) {
  const CLI::App* sub = subcommand(app, verb);
  const verb_info* v = find_verb(verb);
  if (sub == nullptr || v == nullptr) return "";
  std::string operand;
  for (const CLI::Option* opt : sub->get_options()) {
    if (opt->get_positional()) operand = " [" + opt->get_name() + "...]";
  }
  std::string out =
      "usage: " + o.program + " " + verb + " [flags]" + operand + "\n\n" + v->summary + ".\n\nFlags:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t width = 0;
  for (const CLI::Option* opt : sub->get_options()) {
    std::string names;
    for (const auto& s : opt->get_snames()) names += "-" + s + ", ";
    for (const auto& l : opt->get_lnames()) names += "--" + l + ", ";
    if (opt->get_positional()) names = opt->get_name() + ", ";
    names.resize(names.size() - 2);
    if (opt->get_expected_max() > 0 && !opt->get_positional()) names += " " + opt->get_type_name();
    const auto values = flag_values(verb, opt->get_lnames().empty() ? "" : "--" + opt->get_lnames().front());
    std::string help = opt->get_description();
    if (!values.empty() && values.size() <= 8) {
      help += " (";
      for (std::size_t i = 0; i < values.size(); ++i) help += (i ? "|" : "") + values[i];
      help += ")";
    }
    width = std::max(width, names.size());
    rows.emplace_back(std::move(names), std::move(help));
  }
  for (const auto& r : rows)
    out += "  " + r.first + std::string(width - r.first.size() + 3, ' ') + r.second + "\n";
  out += "\nExample:\n  " + o.program + " " + v->example + "\n";
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
  // Levenshtein distance, in one row; the input is cut so that a long word costs little.
  const std::string w = word.substr(0, 64);
  std::size_t best = std::string::npos;
  const std::string* pick = nullptr;
  for (const auto& n : names) {
    std::vector<std::size_t> row(n.size() + 1);
    for (std::size_t j = 0; j <= n.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= w.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= n.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (w[i - 1] == n[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[n.size()] < best) {
      best = row[n.size()];
      pick = &n;
    }
  }
  // As kubectl: a suggestion only when it is close (two edits, or a third of a longer name).
  if (pick == nullptr || best > std::max<std::size_t>(2, pick->size() / 3) || 2 * best >= w.size()) return "";
  return " (did you mean " + *pick + "?)";
}

}  // namespace trainjob::cli
