// trainjob-conditions replay: a scenario's steps, as JSON lines or a timeline table.

#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trainjob::cli {
namespace {

enum class output_format { json, table, yaml };

/// Replays the scenario in `doc` (read from `name`) and writes its steps.
void replay_one(const std::string& name, const nlohmann::json& doc, std::optional<trainjob::profile> prof,
                output_format fmt, const std::vector<std::string>& policy_names, bool migrate,
                bool validate_input) {
  const std::string* file = &name;
  auto sc = trainjob::try_decode_scenario(doc);
  if (!sc) throw file_error(name, sc.error());
  // The objects the scenario gives; a TrainJob a step's patch produces is
  // checked by decoding only (replay throws decode_error for it).
  input_check check(validate_input);
  check.check(*file, "trainjob", sc->trainjob);
  if (sc->jobset) check.check(*file, "jobset", *sc->jobset);
  for (std::size_t i = 0; i < sc->steps.size(); ++i) {
    if (sc->steps[i].jobset)
      check.check(*file, "steps[" + std::to_string(i) + "].jobset", *sc->steps[i].jobset);
  }
  check.refuse_if_invalid();
  trainjob::replay_options ro;
  ro.profile = prof;
  ro.migrate_legacy_created = migrate;
  const trainjob::policy_set policies =
      make_policies("replay", policy_names, trainjob::effective_profile(*sc, ro));
  if (!policies.empty()) ro.policies = &policies;
  // Streamed: each step is written and flushed as it is computed, and only the
  // current TrainJob is kept (trainjob::replay_each), so memory does not grow
  // with the steps. Bad input still prints nothing: a patch can make the
  // TrainJob invalid at any step, so a scenario with patches is first replayed
  // without output to check them all; the table is first replayed for its
  // column widths (kept alone, not the rows). Either costs a second pass.
  const auto replay_each = [&](auto&& on_step) {
    try {
      trainjob::replay_each(*sc, ro, on_step);
    } catch (const trainjob::decode_error& e) {
      throw file_error(*file, e.what());
    }
  };
  const auto write = [](const std::string& text) {
    write_out(text);
    flush_out();
  };
  const bool patches = std::any_of(sc->steps.begin(), sc->steps.end(),
                                   [](const trainjob::scenario_step& st) { return !st.patch.is_null(); });
  if (fmt == output_format::table) {
    const trainjob::timeline_row header = trainjob::timeline_header();
    trainjob::timeline_widths widths;
    widths.add(header);
    replay_each([&](const trainjob::replay_step& s) { widths.add(trainjob::timeline_row_of(s)); });
    write(trainjob::format_timeline_row(header, widths));
    replay_each([&](const trainjob::replay_step& s) {
      write(trainjob::format_timeline_row(trainjob::timeline_row_of(s), widths));
    });
  } else {
    if (patches) replay_each([](const trainjob::replay_step&) {});
    replay_each([&](const trainjob::replay_step& s) {
      const nlohmann::json line = trainjob::to_json_line(s);
      // YAML: one document per step.
      write(fmt == output_format::yaml ? "---\n" + to_yaml(line) : trainjob::dump(line) + "\n");
    });
  }
}

}  // namespace

int cmd_replay(const options& o) {
  std::optional<trainjob::profile> prof;
  if (o.profile) prof = parse_profile(*o.profile);
  const std::string form = choose_output(o).form;
  const output_format fmt = form == "table"  ? output_format::table
                            : form == "yaml" ? output_format::yaml
                                             : output_format::json;
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("replay: no SCENARIO given");
  // Each scenario in turn, each document of each file.
  for (const auto& f : files) {
    for (const auto& doc : read_documents(f)) {
      replay_one(doc.name, doc.json(), prof, fmt, o.policies, o.migrate, !o.no_validate);
    }
  }
  return exit_ok;
}

}  // namespace trainjob::cli
