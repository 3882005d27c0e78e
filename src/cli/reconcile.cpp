// trainjob-conditions reconcile: one controller pass over a TrainJob and its JobSet.

#include "commands.hpp"
#include "output.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trainjob::cli {

int cmd_reconcile(const options& o) {
  std::optional<std::string> trainjob_file = o.trainjob;
  if (!o.filenames.empty()) {
    if (trainjob_file || o.filenames.size() > 1)
      usage_error("reconcile: give the one TrainJob by --trainjob or -f");
    trainjob_file = o.filenames.front();
  }
  const std::optional<std::string>&jobset_file = o.jobset, &now_text = o.now, &apply_error = o.apply_error,
        &build_error = o.build_error, &runtime_file = o.runtime;
  const std::vector<std::string>& policy_names = o.policies;
  const bool no_jobset = o.no_jobset;
  const std::string form = choose_output(o).form;
  const bool validate_input = !o.no_validate;
  trainjob::reconcile_options opts;
  if (o.profile) opts.profile = parse_profile(*o.profile);
  opts.migrate_legacy_created = o.migrate;
  if (!trainjob_file) usage_error("reconcile: --trainjob FILE is required (or -f FILE)");
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
  const nlohmann::json out = trainjob::detail::result_json(r);
  write_out(form == "yaml" ? to_yaml(out) : trainjob::dump(out) + '\n');
  return exit_ok;
}

}  // namespace trainjob::cli
