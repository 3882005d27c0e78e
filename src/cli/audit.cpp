// trainjob-conditions audit: a cluster snapshot (kubectl get trainjobs,jobsets -A) in,
// each TrainJob's and each orphan JobSet's findings out (trainjob/audit.hpp).

#include "commands.hpp"
#include "html.hpp"
#include "output.hpp"

#include <trainjob/audit.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainjob::cli {

namespace {

/// kubectl's NAME for a row: a TrainJob by its name, a JobSet as jobset/NAME (the kinds share the table).
std::string row_name(const trainjob::audit_entry& e) {
  return e.kind == "TrainJob" ? cell(e.name) : "jobset/" + e.name;
}

trainjob::timestamp parse_now(const options& o) {
  if (!o.now) return current_time();
  std::string why;
  const auto t = trainjob::timestamp::parse(*o.now, &why);
  if (!t) usage_error("audit: --now: " + why + ", got " + trainjob::detail::quote_bounded(*o.now));
  return *t;
}

}  // namespace

int cmd_audit(const options& o) {
  const std::string form = choose_output(o).form;
  trainjob::audit_options ao;
  if (o.profile) ao.profile = parse_profile(*o.profile);
  if (o.upgrade_to) ao.upgrade_to = parse_profile(*o.upgrade_to);
  ao.now = parse_now(o);
  const trainjob::policy_set policies = make_policies("audit", o.policies, ao.profile);
  if (!policies.empty()) {
    if (ao.upgrade_to) make_policies("audit: --upgrade-to", o.policies, *ao.upgrade_to);
    ao.policies = &policies;
  }
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("audit: no FILE given");

  trainjob::audit_snapshot snapshot;
  input_check check(!o.no_validate);
  std::string text;  // one buffer for every file: its pages are touched once
  for (const auto& file : files) {
    // One file's text at a time, its objects decoded straight into the snapshot (read_items).
    read_file(file, text);
    // What add_decoded empties, the reader does not build.
    const trainjob::manifest_drops unread{true, true};
    read_items(
        file, text,
        [&](const std::string& doc, trainjob::manifest_item& it) {
          if (!it.object) throw item_error(doc, it);
          const std::size_t trainjobs = snapshot.trainjobs.size(), jobsets = snapshot.jobsets.size();
          try {
            trainjob::add_decoded(snapshot, std::move(*it.object), it.tree, it.text);
          } catch (const std::exception& e) {  // out of memory re-reading a time
            throw file_error(doc, trainjob::detail::error_of(e));
          }
          if (snapshot.trainjobs.size() != trainjobs) check.check(doc, it.path, snapshot.trainjobs.back());
          if (snapshot.jobsets.size() != jobsets) check.check(doc, it.path, snapshot.jobsets.back());
        },
        unread);
  }
  check.refuse_if_invalid();

  auto report = trainjob::try_audit(snapshot, ao);
  if (!report) throw bad_input{"audit: " + report.error().to_string(), status_of(report.error())};

  std::string out;
  if (form == "table") {
    std::vector<std::vector<std::string>> rows{{"NAMESPACE", "NAME", "STATE", "FINDINGS"}};
    rows.reserve(report->entries.size() + 1);
    for (const auto& e : report->entries) {
      std::string rules;
      for (const auto& f : e.findings) rules += (rules.empty() ? "" : ",") + f.rule;
      rows.push_back({cell(e.namespace_), row_name(e), cell(e.state), cell(rules)});
    }
    out = format_table(rows);
  } else if (form == "wide") {
    // One row per finding, with what will happen and why.
    std::vector<std::vector<std::string>> rows{{"NAMESPACE", "NAME", "STATE", "RULE", "SEVERITY", "MESSAGE"}};
    for (const auto& e : report->entries) {
      if (e.findings.empty()) {
        rows.push_back({cell(e.namespace_), row_name(e), cell(e.state), "<none>", "<none>", "<none>"});
      }
      for (const auto& f : e.findings) {
        rows.push_back({cell(e.namespace_), row_name(e), cell(e.state), f.rule, f.severity, f.message});
      }
    }
    out = format_table(rows);
  } else if (form == "html") {
    out = audit_page(*report, snapshot.trainjobs);
  } else {
    const nlohmann::json j = *report;
    out = form == "yaml" ? to_yaml(j) : indented_json(j, 4) + "\n";
  }
  write_out(out);
  return report->finding_count() == 0 ? exit_ok : exit_findings;
}

}  // namespace trainjob::cli
