// trainjob-conditions: the command line, declared once with CLI11. Each verb's
// flags are declared in app.cpp (name, value hint, help, the values it takes);
// the parser, each verb's --help, the "did you mean" of a usage error and the
// shell completion (completion.cpp) all come from that one declaration.

#ifndef TRAINJOB_CLI_APP_HPP
#define TRAINJOB_CLI_APP_HPP

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace trainjob::cli {

/// What the command line gave; each verb reads the members it declared.
struct options {
  std::string program = "trainjob-conditions";  // or "kubectl trainjob", as the plugin
  std::string verb;
  std::vector<std::string> operands;   // FILE... or SCENARIO... (positional)
  std::vector<std::string> filenames;  // -f, --filename (repeatable)
  bool recursive = false;              // -R, --recursive
  std::optional<std::string> output;   // -o, --output
  std::optional<std::string> format;   // --format (the older spelling of -o)
  bool print = false, message_bytes = false, no_validate = false, migrate = false, no_jobset = false;
  std::optional<std::string> trainjob, jobset, now, profile, apply_error, build_error, runtime;
  std::optional<std::string> previous, dir, threads, max_line_bytes, max_memory;
  std::optional<std::string> upgrade_to;  // audit --upgrade-to
  std::vector<std::string> policies;
  std::optional<std::string> from, to, explore, witness_dir;    // compare
  std::vector<std::string> from_policies, to_policies, checks;  // compare
  std::optional<std::string> shell;                             // completion SHELL
};

/// One verb: its name, one line about it, and the -o forms it prints (the first is the default).
struct verb_info {
  const char* name;
  const char* summary;
  std::vector<std::string> outputs;
  std::vector<std::string> formats;  // --format's values, as before -o
  const char* example;
};

/// The verbs, in the order the overview lists them.
const std::vector<verb_info>& verbs();
const verb_info* find_verb(const std::string& name);

/// The whole command line's declaration; parsing it fills `o`.
std::unique_ptr<CLI::App> make_app(options& o);

/// `VERB --help`: the verb's synopsis, flags and an example.
std::string verb_help(const CLI::App& app, const options& o, const std::string& verb);

/// The values a flag of `verb` takes, for its check and for completion (empty: any).
std::vector<std::string> flag_values(const std::string& verb, const std::string& flag);

/// " (did you mean X?)" for the name in `names` nearest to `word` by edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

/// The flags of `verb` (every spelling, "-f" and "--filename"), for did_you_mean and completion.
std::vector<std::string> flag_names(const CLI::App& app, const std::string& verb);

/// `completion bash|zsh`: the script, from the declarations (completion.cpp).
std::string completion_script(const CLI::App& app, const std::string& shell);

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_APP_HPP
