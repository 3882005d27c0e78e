// trainjob-conditions: the command-line face of the library.
//
// Exit status: 0 success (for validate: every object valid; for lint: no
// finding), 1 violations, findings, a failed write to standard output
// ("writing standard output: ...") or an unexpected failure, 2 bad usage or
// bad input (a message on standard error naming the file and the JSON path;
// nothing on standard output). reconcile, replay, state and batch also refuse
// a TrainJob or JobSet that breaks its schema (exit 2, one line per violation)
// unless --no-validate is given. batch writes every line's output even when
// some lines are bad, and exits 2 then.
//
// This file: the usage text and the dispatch to the verbs (commands.hpp).

#include "commands.hpp"
#include "common.hpp"

#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

namespace trainjob::cli {
namespace {

const char* const usage_text =
    "usage: trainjob-conditions <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate [--print] [--message-bytes] FILE...\n"
    "      Decode TrainJobs, (Cluster)TrainingRuntimes, JobSets or Lists of them and\n"
    "      validate their conditions. --print writes each object back as the library\n"
    "      encodes it, indented (compact past 32 levels deep, or whole when indented\n"
    "      it would pass 16 times its compact size and 1 MiB). Exit 0 valid,\n"
    "      1 violations (on stderr), 2 bad input.\n"
    "  reconcile --trainjob FILE (--jobset FILE | --no-jobset) [--now TIME]\n"
    "            [--profile NAME] [--apply-error MESSAGE] [--build-error MESSAGE]\n"
    "            [--runtime FILE] [--policy NAME]... [--migrate] [--no-validate]\n"
    "      One controller pass; prints {status, changed, applyObjects, deleteJobSet,\n"
    "      requeueAfterSeconds, skipped, errors, events}. The JobSet is the one the\n"
    "      status step reads, after this pass's apply. --build-error: building the\n"
    "      child objects failed (no apply). --runtime: the TrainingRuntime or\n"
    "      ClusterTrainingRuntime (policies read its step labels). --policy enables\n"
    "      a condition policy (repeatable). --migrate removes a legacy Created.\n"
    "      --no-validate: see below.\n"
    "  replay [--profile NAME] [--format json|table] [--policy NAME]... [--migrate]\n"
    "         [--no-validate] SCENARIO\n"
    "      Replays a scenario: one JSON line per step, or a timeline table. Its\n"
    "      TrainJob and the JobSets it gives are validated (--no-validate: see\n"
    "      below).\n"
    "  state [--format json|text] [--no-validate] FILE\n"
    "      The state of each TrainJob (FILE: a TrainJob or a List of them). json: one\n"
    "      {stateColumn, state, kstatus: {status, message}} (a List: an array of them);\n"
    "      text: one line per TrainJob, NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE\n"
    "      (an empty State column shows as -). Exit 0, 2 bad input (--no-validate:\n"
    "      see below).\n"
    "  lint [--previous FILE] [--policy NAME]... [--format text|json] [FILE]\n"
    "      Checks a TrainJob (or a List of them) and/or the policy set given by\n"
    "      --policy against the condition design rules; --previous is the same\n"
    "      TrainJob as read before. Prints one finding per line,\n"
    "      FILE: PATH: [RULE] SEVERITY: MESSAGE (FILE is --policy for the set), or a\n"
    "      JSON array of {file, path, rule, severity, message}. Exit 0 clean,\n"
    "      1 findings, 2 bad input.\n"
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
    "\n"
    "FILE may be '-' for standard input. TIME is RFC 3339 (default: now).\n"
    "reconcile, replay, state and batch refuse a TrainJob or JobSet that breaks its\n"
    "schema as validate reports it (exit 2, one line per violation: FILE: PATH:\n"
    "MESSAGE). --no-validate skips that check: the input is used as it is, and the\n"
    "caller takes the risk of what a pass over it computes.\n"
    "Profiles: {profiles} (default).\n";

}  // namespace

std::string usage() {
  std::string out = usage_text;
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

/// The command; its exit status. `output_failed`: a write error was reported.
int run(int argc, char** argv, bool& output_failed) {
  try {
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
      std::cerr << usage();
      return exit_bad_input;
    }
    const std::string verb = argv[1];
    args a;
    a.items.assign(argv + 2, argv + argc);
    const bool help = std::find(a.items.begin(), a.items.end(), "--help") != a.items.end();
    if (verb == "--help" || verb == "-h" || verb == "help" || help) {
      write_out(usage());
      return exit_ok;
    }
    if (verb == "--version") {
      write_out("trainjob-conditions " + std::string(trainjob::version_string()) + '\n');
      return exit_ok;
    }
    if (verb == "validate") return cmd_validate(std::move(a));
    if (verb == "reconcile") return cmd_reconcile(std::move(a));
    if (verb == "replay") return cmd_replay(std::move(a));
    if (verb == "state") return cmd_state(std::move(a));
    if (verb == "lint") return cmd_lint(std::move(a));
    if (verb == "batch") return cmd_batch(std::move(a));
    if (verb == "demo") return cmd_demo(std::move(a));
    usage_error("unknown command " + trainjob::detail::quote_bounded(verb));
  } catch (const bad_input& e) {
    std::cerr << "trainjob-conditions: " << e.message << '\n';
    return exit_bad_input;
  } catch (const output_error& e) {
    std::cerr << "trainjob-conditions: " << e.message() << '\n';
    output_failed = true;
    return exit_findings;
  } catch (const std::exception& e) {
    std::cerr << "trainjob-conditions: unexpected error: " << e.what() << '\n';
    return exit_findings;
  } catch (...) {
    std::cerr << "trainjob-conditions: unexpected error\n";
    return exit_findings;
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
