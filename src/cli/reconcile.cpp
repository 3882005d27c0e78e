// trainjob-conditions reconcile: one controller pass over a TrainJob and its JobSet.

#include "commands.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainjob::cli {

int cmd_reconcile(args a) {
  std::optional<std::string> trainjob_file, jobset_file, now_text, apply_error, build_error, runtime_file;
  std::vector<std::string> policy_names;
  bool no_jobset = false;
  bool validate_input = true;
  trainjob::reconcile_options opts;
  while (!a.done()) {
    if (auto v = a.option("--trainjob")) {
      trainjob_file = v;
    } else if (auto w = a.option("--jobset")) {
      jobset_file = w;
    } else if (a.flag("--no-jobset")) {
      no_jobset = true;
    } else if (auto n = a.option("--now")) {
      now_text = n;
    } else if (auto p = a.option("--profile")) {
      opts.profile = parse_profile(*p);
    } else if (auto e = a.option("--apply-error")) {
      apply_error = e;
    } else if (auto b = a.option("--build-error")) {
      build_error = b;
    } else if (auto rt = a.option("--runtime")) {
      runtime_file = rt;
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
    } else if (a.flag("--migrate")) {
      opts.migrate_legacy_created = true;
    } else if (a.flag("--no-validate")) {
      validate_input = false;
    } else {
      a.unexpected("reconcile");
    }
  }
  if (!trainjob_file) usage_error("reconcile: --trainjob FILE is required");
  if (jobset_file && no_jobset) usage_error("reconcile: give --jobset FILE or --no-jobset, not both");
  if (!jobset_file && !no_jobset) usage_error("reconcile: one of --jobset FILE or --no-jobset is required");
  const int stdin_readers = (*trainjob_file == "-" ? 1 : 0) + (jobset_file && *jobset_file == "-" ? 1 : 0) +
                            (runtime_file && *runtime_file == "-" ? 1 : 0);
  if (stdin_readers > 1) {
    usage_error("reconcile: only one of --trainjob, --jobset and --runtime can read standard input");
  }
  trainjob::timestamp now = current_time();
  if (now_text) {
    std::string why;
    auto t = trainjob::timestamp::parse(*now_text, &why);
    if (!t) usage_error("reconcile: --now: " + why + ", got " + trainjob::detail::quote_bounded(*now_text));
    now = *t;
  }
  const trainjob::policy_set policies = make_policies("reconcile", policy_names, opts.profile);
  if (!policies.empty()) opts.policies = &policies;
  // The request's members, each from its own file or flag.
  trainjob::request req;
  read_request_member(req, trainjob::request_member::trainjob, *trainjob_file);
  if (jobset_file) read_request_member(req, trainjob::request_member::jobset, *jobset_file);
  if (runtime_file) read_request_member(req, trainjob::request_member::runtime, *runtime_file);
  req.now = now;
  req.apply_error = apply_error;
  req.build_error = build_error;
  input_check check(validate_input);
  check.check(*trainjob_file, "", req.trainjob);
  if (req.jobset) check.check(*jobset_file, "", *req.jobset);
  check.refuse_if_invalid();
  const auto r = trainjob::reconcile(req.observe(), opts);
  write_out(trainjob::dump(trainjob::detail::result_json(r)) + '\n');
  return exit_ok;
}

}  // namespace trainjob::cli
