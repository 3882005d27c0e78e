// trainjob-conditions: the command-line face of the library.
//
// Exit status: 0 success (for validate: every object valid; for lint: no
// finding), 1 violations, findings, or a failed write to standard output
// ("writing standard output: ..."), 2 bad usage or bad input (a message on
// standard error naming the file and the JSON path; nothing on standard
// output; a usage mistake is one line, then "See '... --help'."), 3 an
// internal failure (out of memory, an unexpected exception: a bug), so that
// CI tells a crashed lint from one that found something. reconcile, replay,
// compare, state, audit and batch also refuse a TrainJob or JobSet that breaks
// its schema (exit 2, one line per violation) unless --no-validate is given.
// batch writes every line's output even when some lines are bad, and exits 2
// then.
//
// This file: the overview (--help) and the dispatch to the verbs (commands.hpp);
// the flags are declared in app.cpp.

#include "app.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainjob::cli {
namespace {

const char* const usage_text =
    "usage: trainjob-conditions <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate [--print | -o json|yaml|name] [--message-bytes] [-R] [-f FILE]... [FILE]...\n"
    "      Decode TrainJobs, (Cluster)TrainingRuntimes, JobSets or Lists of them and\n"
    "      validate their conditions. --print writes each object back as the library\n"
    "      encodes it, indented (compact past 32 levels deep, or whole when indented\n"
    "      it would pass 16 times its compact size and 1 MiB); several objects as\n"
    "      one v1 List, which reads back. -o json: kubectl's layout. Exit 0 valid,\n"
    "      1 violations (on stderr), 2 bad input.\n"
    "  reconcile (--trainjob FILE | -f FILE) (--jobset FILE | --no-jobset) [--now TIME]\n"
    "            [--profile NAME] [--apply-error MESSAGE] [--build-error MESSAGE]\n"
    "            [--runtime FILE] [--policy NAME]... [--migrate] [--no-validate] [-o json|yaml]\n"
    "      One controller pass; prints {status, changed, applyObjects, deleteJobSet,\n"
    "      requeueAfterSeconds, skipped, errors, events}. The JobSet is the one the\n"
    "      status step reads, after this pass's apply. --build-error: building the\n"
    "      child objects failed (no apply). --runtime: the TrainingRuntime or\n"
    "      ClusterTrainingRuntime (policies read its step labels). --policy enables\n"
    "      a condition policy (repeatable). --migrate removes a legacy Created.\n"
    "      --no-validate: see below.\n"
    "  replay [--profile NAME] [-o table|json|yaml | --format json|table] [--policy NAME]...\n"
    "         [--migrate] [--no-validate] [-f SCENARIO]... [SCENARIO]...\n"
    "      Replays each scenario: a timeline table (default), or one JSON line per step. Its\n"
    "      TrainJob and the JobSets it gives are validated (--no-validate: see\n"
    "      below).\n"
    "  state [-o table|wide|json|yaml|name | --format json|text] [--no-validate] [-R]\n"
    "        [-f FILE]... [FILE]...\n"
    "      The state of each TrainJob (FILE: TrainJobs or Lists of them; other kinds in\n"
    "      them are skipped and counted on stderr). table: NAMESPACE NAME STATE KSTATUS\n"
    "      (KSTATUS: what kstatus, as in Flux and kpt, computes; wide: also HEALTH,\n"
    "      SDK STATUS, STATE COLUMN, KSTATUS MESSAGE, HEALTH MESSAGE); --format json:\n"
    "      one {stateColumn, state, kstatus: {status, message}, health: {status,\n"
    "      message}, sdkStatus} (a List: an array of them); text: one line per TrainJob,\n"
    "      NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE (an empty State column\n"
    "      shows as -). Exit 0, 2 bad input (--no-validate: see below).\n"
    "  lint [--previous FILE] [--policy NAME]... [-o table|json|yaml | --format text|json]\n"
    "       [-R] [-f FILE]... [FILE]...\n"
    "      Checks a TrainJob (or a List of them) and/or the policy set given by\n"
    "      --policy against the condition design rules; --previous is the same\n"
    "      TrainJob as read before. Prints one finding per line,\n"
    "      a table FILE PATH RULE SEVERITY MESSAGE, or (--format text)\n"
    "      FILE: PATH: [RULE] SEVERITY: MESSAGE (FILE is --policy for the set), or a\n"
    "      JSON array of {file, path, rule, severity, message}. Exit 0 clean,\n"
    "      1 findings, 2 bad input.\n"
    "  compare --from NAME [--from-policy NAME]... --to NAME [--to-policy NAME]...\n"
    "          (SCENARIO... | --explore DEPTH [--witness-dir DIR]) [--check ID]...\n"
    "          [-o table|json|html] [--no-validate]\n"
    "      Compares two sides (a release and its policies) by what users see after\n"
    "      each pass: conditions, the State column, the summaries, actions, events.\n"
    "      On scenarios: each one's first difference and both timelines side by\n"
    "      side. --explore: every history of up to DEPTH events (0 to 8) of the\n"
    "      catalogue (docs/semantics.md §9), each difference once with its shortest\n"
    "      witness scenario (--witness-dir: also written there as difference-N.json\n"
    "      and violation-N.json, scenario files that replay runs). --check judges an\n"
    "      invariant on each side (all: every one). html: one page, each side's\n"
    "      conditions as bands over the steps, A above B, the first difference\n"
    "      outlined. Exit 0 none, 1 a difference or a violation, 2 bad input.\n"
    "  audit [--profile NAME] [--now TIME] [--upgrade-to NAME] [--policy NAME]...\n"
    "        [-o table|wide|json|yaml|html] [--no-validate] [-R] [-f FILE]... [FILE]...\n"
    "      Audits a cluster snapshot (kubectl get trainjobs,jobsets -A -o yaml|json):\n"
    "      runs the pass the release would run now on each TrainJob against its JobSet\n"
    "      and reports findings (stale-status, missing-jobset, orphan-jobset, ...), each\n"
    "      with a rule, a severity and what will happen. table: NAMESPACE NAME STATE\n"
    "      FINDINGS; wide: one row per finding with its message; html: one page, the\n"
    "      findings per namespace and each TrainJob's stored conditions as bands.\n"
    "      --upgrade-to: also what the first pass under that release changes. Exit 0\n"
    "      clean, 1 findings, 2 bad input.\n"
    "  batch [--profile NAME] [--threads N] [--max-line-bytes N] [--max-memory N]\n"
    "        [--no-validate]\n"
    "      Reads JSON Lines on standard input, each a request {\"trainjob\": ...,\n"
    "      \"jobset\": ... or null (or absent: NotFound), \"now\": TIME} with optional\n"
    "      \"applyError\", \"buildError\" and \"runtime\", and writes one line per line read, in order: the\n"
    "      reconcile output for it, or {\"error\": \"line N: ...\"}. Blank lines give no\n"
    "      output. --threads: worker threads (1 to 64, default 1). A line longer than\n"
    "      --max-line-bytes (default and maximum {max_bytes}) is an error line.\n"
    "      --max-memory: what the run may take, in bytes (default 2 GiB, at least\n"
    "      64 MiB), shared by the threads; a line longer than a sixth of a thread's\n"
    "      share, or whose JSON tree would not fit in it, is an error line.\n"
    "      A line whose TrainJob or JobSet breaks its schema is an error line naming\n"
    "      the first violation (--no-validate: see below). Exit 0, or 2 when some\n"
    "      line was an error. From a pipe, FIFO or terminal each line's output is\n"
    "      written as soon as it is computed.\n"
    "  demo [--dir DIR]\n"
    "      Replays the example scenarios (examples/scenarios) as timelines.\n"
    "  completion bash|zsh\n"
    "      Prints the shell completion script (cmake --install installs both).\n"
    "\n"
    "FILE may be '-' for standard input, or a directory: its *.json, *.yaml and *.yml\n"
    "files in name order (-R: and its subdirectories'). -f/--filename FILE is the\n"
    "same as FILE, as kubectl spells it. TIME is RFC 3339 (default: now).\n"
    "'<command> --help' shows a command's flags and an example. Exit 0 ok,\n"
    "1 findings or violations, 2 bad usage or input, 3 an internal failure.\n"
    "reconcile, replay, compare, state, audit and batch refuse a TrainJob or JobSet\n"
    "that breaks its schema as validate reports it (exit 2, one line per violation:\n"
    "FILE: PATH: MESSAGE). --no-validate skips that check: the input is used as it is,\n"
    "and the caller takes the risk of what a pass over it computes.\n"
    "Profiles: {profiles} (default).\n";

}  // namespace

std::string usage(const std::string& program) {
  std::string out = usage_text;
  for (std::size_t at = 0; (at = out.find("trainjob-conditions <", at)) != std::string::npos;
       at += program.size()) {
    out.replace(at, 19, program);
  }
  constexpr std::string_view limit = "{max_bytes}";
  out.replace(out.find(limit), limit.size(), std::to_string(trainjob::parse_limits{}.max_bytes));
  constexpr std::string_view profiles = "{profiles}";
  out.replace(out.find(profiles), profiles.size(), trainjob::profile_names(", "));
  out += "Policies (each owns the condition type it is named after; at most " +
         std::to_string(trainjob::policy_set::max_policies) + "):\n ";
  std::size_t column = 1;
  for (auto name : trainjob::shipped_policy_names()) {
    if (column + name.size() + 2 > 80) {
      out += "\n ";
      column = 1;
    }
    out += " ";
    out += name;
    column += name.size() + 1;
  }
  return out + "\n";
}

namespace {

/// Runs by the name "kubectl-trainjob" (kubectl runs a plugin by its file's name): kubectl's words then.
std::string program_name(const char* argv0) {
  std::string_view base = argv0 == nullptr ? "" : argv0;
  if (const auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  return base.substr(0, 8) == "kubectl-" ? "kubectl " + std::string(base.substr(8)) : "trainjob-conditions";
}

int dispatch(const options& o) {
  const std::string& v = o.verb;
  if (v == "validate") return cmd_validate(o);
  if (v == "reconcile") return cmd_reconcile(o);
  if (v == "replay") return cmd_replay(o);
  if (v == "state") return cmd_state(o);
  if (v == "lint") return cmd_lint(o);
  if (v == "compare") return cmd_compare(o);
  if (v == "audit") return cmd_audit(o);
  if (v == "batch") return cmd_batch(o);
  if (v == "demo") return cmd_demo(o);
  return cmd_completion(o);
}

std::vector<std::string> verb_names() {
  std::vector<std::string> out;
  for (const auto& v : verbs()) out.emplace_back(v.name);
  return out;
}

/// Parses the command line into `o` and runs the verb.
int parse_and_run(int argc, char** argv, options& o) {
  if (argc < 2) usage_error("no command given");
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    if (first == "help" && argc > 2 && find_verb(argv[2]) != nullptr) {
      auto app = make_app(o);
      write_out(verb_help(*app, o, argv[2]));
    } else {
      write_out(usage(o.program));
    }
    return exit_ok;
  }
  if (first == "--version") {
    write_out("trainjob-conditions " + std::string(trainjob::version_string()) + '\n');
    return exit_ok;
  }
  if (find_verb(first) == nullptr) {
    if (first.size() > 1 && first[0] == '-') {
      usage_error("unknown option " + trainjob::detail::cut_bounded(first) +
                  did_you_mean(first, {"--help", "--version"}));
    }
    usage_error("unknown command " + trainjob::detail::quote_bounded(first) +
                did_you_mean(first, verb_names()));
  }
  o.verb = first;
  auto app = make_app(o);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    write_out(verb_help(*app, o, o.verb));
    return exit_ok;
  } catch (const CLI::ArgumentMismatch& e) {  // "--now: 1 required TIME missing"
    const std::string what = e.what();
    usage_error(o.verb + ": " + what.substr(0, what.find(':')) + " needs a value");
  } catch (const CLI::ParseError& e) {
    usage_error(o.verb + ": " + trainjob::detail::cut_bounded(e.what(), 320));
  }
  // allow_extras keeps what no flag took: an unknown flag (a stray operand goes to FILE...).
  for (const auto& extra : app->get_subcommand(o.verb)->remaining()) {
    if (extra.size() > 1 && extra[0] == '-') {
      const std::string flag = extra.substr(0, extra.find('='));
      usage_error(o.verb + ": unknown option " + trainjob::detail::cut_bounded(extra) +
                  did_you_mean(flag, flag_names(*app, o.verb)));
    }
    usage_error(o.verb + ": unexpected argument " + trainjob::detail::cut_bounded(extra));
  }
  return dispatch(o);
}

/// The command; its exit status. `output_failed`: a write error was reported.
int run(int argc, char** argv, bool& output_failed) {
  options o;
  o.program = program_name(argc > 0 ? argv[0] : nullptr);
  try {
    std::ios::sync_with_stdio(false);
    return parse_and_run(argc, argv, o);
  } catch (const bad_input& e) {
    std::cerr << "trainjob-conditions: " << e.message << '\n';
    if (e.usage) std::cerr << "See '" << o.program << (o.verb.empty() ? "" : " " + o.verb) << " --help'.\n";
    return e.status;
  } catch (const output_error& e) {
    std::cerr << "trainjob-conditions: " << e.message() << '\n';
    output_failed = true;
    return exit_findings;
  } catch (const std::bad_alloc&) {
    std::cerr << "trainjob-conditions: internal error: out of memory\n";
    return exit_internal;
  } catch (const std::exception& e) {
    std::cerr << "trainjob-conditions: internal error: " << e.what() << '\n';
    return exit_internal;
  } catch (...) {
    std::cerr << "trainjob-conditions: internal error\n";
    return exit_internal;
  }
}

}  // namespace
}  // namespace trainjob::cli

int main(int argc, char** argv) {
  namespace cli = trainjob::cli;
  bool output_failed = false;
  const int status = cli::run(argc, argv, output_failed);
  if (output_failed) return status;
  // stdio holds a small output until here: its write, and the close, can fail too.
  try {
    cli::finish_output();
  } catch (const cli::output_error& e) {
    std::cerr << "trainjob-conditions: " << e.message() << '\n';
    return cli::exit_findings;
  }
  return status;
}
