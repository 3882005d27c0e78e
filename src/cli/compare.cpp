// trainjob-conditions compare: two sides (a release and its policies) on
// scenarios or on every history up to a depth (trainjob/compare.hpp,
// trainjob/explore.hpp), with invariants judged on each side. Exit 1 when a
// difference or a violation is found, 0 when none, 2 bad input.

#include "commands.hpp"
#include "html.hpp"
#include "output.hpp"

#include <trainjob/compare.hpp>
#include <trainjob/explore.hpp>
#include <trainjob/invariants.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trainjob::cli {
namespace {

/// A side as the command line gives it: the release, its policy set, its label.
struct side_arg {
  trainjob::compare_side side;
  std::unique_ptr<trainjob::policy_set> policies;
  std::string label;
  std::vector<std::string> policy_names;
};

side_arg make_side(const char* flag, const std::optional<std::string>& profile,
                   const std::vector<std::string>& names) {
  if (!profile) usage_error(std::string("compare: ") + flag + " is required");
  side_arg s;
  s.side.profile = parse_profile(*profile);
  s.policy_names = names;
  if (!names.empty()) {
    const std::string policy_flag = std::string(flag) + "-policy";
    if (!trainjob::supports_policies(s.side.profile)) {
      throw bad_input{"compare: " + policy_flag + ": " +
                      std::string(trainjob::names::error_policies_with_v1_9)};
    }
    auto set = trainjob::make_policy_set(names);
    if (!set) throw bad_input{"compare: " + policy_flag + ": " + set.error().to_string()};
    s.policies = std::make_unique<trainjob::policy_set>(std::move(*set));
    s.side.policies = s.policies.get();
  }
  s.label = trainjob::side_label(s.side);
  return s;
}

trainjob::invariant_set parse_checks(const std::vector<std::string>& ids) {
  trainjob::invariant_set out = 0;
  for (const auto& id : ids) {
    if (id == "all") {
      out |= trainjob::every_invariant;
      continue;
    }
    const auto i = trainjob::invariant_from_string(id);
    if (!i) {
      std::vector<std::string> names{"all"};
      for (auto n : trainjob::all_invariants) names.emplace_back(trainjob::to_string(n));
      usage_error("compare: --check takes " + trainjob::invariant_names() + " or all, got " +
                  trainjob::detail::quote_bounded(id) + did_you_mean(id, names));
    }
    out |= trainjob::bit(*i);
  }
  return out;
}

nlohmann::json side_json(const side_arg& s) {
  return {{"profile", std::string(trainjob::to_string(s.side.profile))}, {"policies", s.policy_names}};
}

/// The side-by-side timeline: STEP NOW WHAT HAPPENED, then each side's
/// CONDITIONS, STATE (the State column) and ACTIONS; `*` marks the first difference.
std::string side_by_side(const trainjob::side_trace& a, const trainjob::side_trace& b, const std::string& la,
                         const std::string& lb, std::optional<std::size_t> marked) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"STEP", "NOW", "WHAT HAPPENED", la + " CONDITIONS", la + " STATE", la + " ACTIONS",
                  lb + " CONDITIONS", lb + " STATE", lb + " ACTIONS"});
  const auto cells = [](const trainjob::step_view& v, std::vector<std::string>& row) {
    row.push_back(trainjob::aspect_text(v, "conditions"));
    row.push_back(trainjob::aspect_text(v, "summary.stateColumn"));
    std::vector<std::string> acts = v.actions;
    for (const auto& e : v.events) acts.push_back("event " + e.substr(0, e.find(':')));
    row.push_back(trainjob::detail::joined(acts, ", "));
  };
  for (std::size_t i = 0; i < a.views.size() && i < b.views.size(); ++i) {
    std::vector<std::string> row{(marked && *marked == i ? "*" : "") + a.rows[i].cells[0], a.rows[i].cells[1],
                                 a.rows[i].cells[2]};
    cells(a.views[i], row);
    cells(b.views[i], row);
    rows.push_back(std::move(row));
  }
  return format_table(rows);
}

/// ASPECT FROM TO: each aspect that differs, with both values.
std::string difference_table(const trainjob::difference& d, const std::string& la, const std::string& lb) {
  std::vector<std::vector<std::string>> rows{{"ASPECT", la, lb}};
  for (const auto& a : d.aspects) {
    rows.push_back({a, trainjob::aspect_text(d.from, a), trainjob::aspect_text(d.to, a)});
  }
  return format_table(rows);
}

nlohmann::json difference_json(const trainjob::difference& d) {
  return {{"step", d.step}, {"aspects", d.aspects}, {"key", d.key()}, {"from", d.from}, {"to", d.to}};
}

/// One side's timeline, as `replay` prints it.
std::string timeline(const trainjob::side_trace& t) {
  trainjob::timeline_widths w;
  w.add(trainjob::timeline_header());
  for (const auto& r : t.rows) w.add(r);
  std::string out = trainjob::format_timeline_row(trainjob::timeline_header(), w);
  for (const auto& r : t.rows) out += trainjob::format_timeline_row(r, w);
  return out;
}

std::string events_text(const std::vector<std::string>& events) {
  std::string out = "creation";
  for (const auto& e : events) out += ", " + e;
  return out;
}

struct run_state {
  const side_arg& from;
  const side_arg& to;
  trainjob::invariant_set checks;
  bool table;
  compare_page* html;                      // -o html: the page, else nullptr
  std::optional<std::string> witness_dir;  // --witness-dir
  bool found = false;
};

// ---- scenarios -------------------------------------------------------------------------

nlohmann::json compare_one(run_state& r, const std::string& name, const nlohmann::json& doc,
                           bool validate_input, std::string& text) {
  auto sc = trainjob::try_decode_scenario(doc);
  if (!sc) throw file_error(name, sc.error());
  input_check check(validate_input);
  check.check(name, "trainjob", sc->trainjob);
  if (sc->jobset) check.check(name, "jobset", *sc->jobset);
  for (std::size_t i = 0; i < sc->steps.size(); ++i) {
    if (sc->steps[i].jobset)
      check.check(name, "steps[" + std::to_string(i) + "].jobset", *sc->steps[i].jobset);
  }
  check.refuse_if_invalid();
  trainjob::scenario_comparison c;
  try {
    c = trainjob::compare_scenario(*sc, r.from.side, r.to.side, r.checks);
  } catch (const trainjob::decode_error& e) {
    throw file_error(name, e.what());
  }
  const auto& d = c.first_difference;
  const bool violated = !c.from.violations.empty() || !c.to.violations.empty();
  r.found = r.found || d || violated;
  nlohmann::json j{{"file", display_name(name)}, {"name", sc->name}};
  j["difference"] = d ? difference_json(*d) : nlohmann::json(nullptr);
  if (d) {
    nlohmann::json witness = doc;  // the scenario up to its first difference
    witness.erase("profile");
    witness["steps"].erase(witness["steps"].begin() + static_cast<std::ptrdiff_t>(d->step) + 1,
                           witness["steps"].end());
    j["difference"]["witness"] = std::move(witness);
  }
  nlohmann::json violations = nlohmann::json::array();
  const auto add_violations = [&](const trainjob::side_trace& t, const char* side) {
    for (const auto& v : t.violations) {
      violations.push_back({{"side", side},
                            {"invariant", std::string(trainjob::to_string(v.invariant))},
                            {"step", v.step},
                            {"message", v.message}});
    }
  };
  add_violations(c.from, "from");
  add_violations(c.to, "to");
  j["violations"] = violations;
  for (const char* side : {"from", "to"}) {
    const trainjob::side_trace& t = side[0] == 'f' ? c.from : c.to;
    nlohmann::json steps = nlohmann::json::array();
    for (std::size_t i = 0; i < t.views.size(); ++i) {
      nlohmann::json s = t.views[i];
      s["step"] = i;
      s["now"] = t.rows[i].cells[1];
      s["happened"] = t.rows[i].cells[2];
      steps.push_back(std::move(s));
    }
    j[side] = std::move(steps);
  }
  if (r.html != nullptr) r.html->add_scenario(display_name(name), sc->name, c);
  if (!r.table) return j;
  text += "SCENARIO: " + display_name(name) + "\n";
  if (!d && !violated) {
    text += "no difference (" + std::to_string(c.from.views.size()) + " steps)\n";
    return j;
  }
  if (d) {
    text += "FIRST DIFFERENCE: step " + std::to_string(d->step) + "\n";
    text += difference_table(*d, r.from.label, r.to.label);
  } else {
    text += "no difference (" + std::to_string(c.from.views.size()) + " steps)\n";
  }
  text +=
      "\n" + side_by_side(c.from, c.to, r.from.label, r.to.label, d ? std::optional(d->step) : std::nullopt);
  if (violated) {
    std::vector<std::vector<std::string>> rows{{"SIDE", "INVARIANT", "STEP", "MESSAGE"}};
    for (const auto& [t, label] : {std::pair(&c.from, &r.from.label), std::pair(&c.to, &r.to.label)}) {
      for (const auto& v : t->violations) {
        rows.push_back(
            {*label, std::string(trainjob::to_string(v.invariant)), std::to_string(v.step), v.message});
      }
    }
    text += "\n" + format_table(rows);
  }
  return j;
}

// ---- explore ---------------------------------------------------------------------------

std::size_t parse_depth(const std::string& s) {
  std::size_t n = 0;
  bool ok = !s.empty() && s.size() <= 2;
  for (char ch : s) {
    ok = ok && ch >= '0' && ch <= '9';
    if (ok) n = n * 10 + static_cast<std::size_t>(ch - '0');
  }
  if (!ok || n > trainjob::max_explore_depth) {
    usage_error("compare: --explore takes a depth from 0 to " + std::to_string(trainjob::max_explore_depth) +
                ", got " + trainjob::detail::quote_bounded(s));
  }
  return n;
}

/// --witness-dir: each witness as a scenario file that `replay` runs (difference-N.json,
/// violation-N.json, N from 1 as the output numbers them); their names, in that order.
std::vector<std::string> write_witnesses(const std::string& dir, const trainjob::exploration& x) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw file_error(dir, "cannot create: " + ec.message());
  std::vector<std::string> names;
  const auto write = [&](const std::string& base, std::size_t i, const nlohmann::json& witness) {
    const std::string name = (fs::path(dir) / (base + "-" + std::to_string(i + 1) + ".json")).string();
    std::ofstream f(name, std::ios::binary | std::ios::trunc);
    f << indented_json(witness, 4) << '\n';
    f.close();
    if (!f) throw file_error(name, std::string("cannot write: ") + std::strerror(errno));
    names.push_back(name);
  };
  for (std::size_t i = 0; i < x.differences.size(); ++i) write("difference", i, x.differences[i].witness);
  for (std::size_t i = 0; i < x.violations.size(); ++i) write("violation", i, x.violations[i].witness);
  return names;
}

int run_explore(run_state& r, std::size_t depth) {
  trainjob::explore_options o;
  o.depth = depth;
  o.checks = r.checks;
  auto x = trainjob::try_explore(r.from.side, r.to.side, o);
  if (!x) throw bad_input{"compare: " + x.error().to_string(), status_of(x.error())};
  r.found = !x->differences.empty() || !x->violations.empty();
  // Written before any output, so that what the output names exists.
  const std::vector<std::string> files =
      r.witness_dir ? write_witnesses(*r.witness_dir, *x) : std::vector<std::string>{};
  const auto file_of = [&](bool violation, std::size_t i) -> const std::string* {
    const std::size_t k = (violation ? x->differences.size() : 0) + i;
    return k < files.size() ? &files[k] : nullptr;
  };
  if (r.html != nullptr) {
    r.html->add_explore_summary(x->depth, x->histories, x->runs);
    const std::size_t nd = x->differences.size(), nv = x->violations.size();
    for (std::size_t i = 0; i < nd; ++i) {
      const auto& d = x->differences[i];
      r.html->add_explored_difference(
          i, nd, d, trainjob::compare_scenario(trainjob::decode_scenario(d.witness), r.from.side, r.to.side));
    }
    for (std::size_t i = 0; i < nv; ++i) {
      const auto& v = x->violations[i];
      const side_arg& side = v.to_side ? r.to : r.from;
      r.html->add_explored_violation(
          i, nv, v, trainjob::detail::trace_side(trainjob::decode_scenario(v.witness), side.side, 0));
    }
    write_out(r.html->finish(std::to_string(nd) + (nd == 1 ? " difference, " : " differences, ") +
                             std::to_string(nv) + (nv == 1 ? " violation" : " violations")));
    return r.found ? exit_findings : exit_ok;
  }
  if (!r.table) {
    nlohmann::json j{{"from", side_json(r.from)},
                     {"to", side_json(r.to)},
                     {"depth", x->depth},
                     {"histories", x->histories},
                     {"runs", x->runs}};
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : trainjob::explore_events) events.push_back(std::string(e.id));
    j["events"] = std::move(events);
    nlohmann::json checks = nlohmann::json::array();
    for (auto i : trainjob::all_invariants) {
      if (r.checks & trainjob::bit(i)) checks.push_back(std::string(trainjob::to_string(i)));
    }
    j["checks"] = std::move(checks);
    nlohmann::json diffs = nlohmann::json::array();
    for (const auto& d : x->differences) {
      nlohmann::json e = difference_json(d.difference);
      e["histories"] = d.histories;
      e["events"] = d.events;
      e["witness"] = d.witness;
      if (const std::string* f = file_of(false, diffs.size())) e["witnessFile"] = *f;
      diffs.push_back(std::move(e));
    }
    j["differences"] = std::move(diffs);
    nlohmann::json vs = nlohmann::json::array();
    for (const auto& v : x->violations) {
      vs.push_back({{"side", v.to_side ? "to" : "from"},
                    {"invariant", std::string(trainjob::to_string(v.invariant))},
                    {"step", v.step},
                    {"message", v.message},
                    {"events", v.events},
                    {"witness", v.witness}});
      if (const std::string* f = file_of(true, vs.size() - 1)) vs.back()["witnessFile"] = *f;
    }
    j["violations"] = std::move(vs);
    write_out(indented_json(j, 4) + "\n");
    return r.found ? exit_findings : exit_ok;
  }
  std::string text = "EXPLORED: depth " + std::to_string(x->depth) + ", " +
                     std::to_string(trainjob::explore_event_count) + " events, " +
                     std::to_string(x->histories) + " histories (" + std::to_string(x->runs) + " run)\n";
  const std::size_t nd = x->differences.size();
  for (std::size_t i = 0; i < nd; ++i) {
    const auto& d = x->differences[i];
    const trainjob::scenario s = trainjob::decode_scenario(d.witness);
    const trainjob::scenario_comparison c = trainjob::compare_scenario(s, r.from.side, r.to.side);
    text += "\nDIFFERENCE " + std::to_string(i + 1) + " of " + std::to_string(nd) + ": step " +
            std::to_string(d.difference.step) + ", in " + std::to_string(d.histories) + " histories\n";
    text += difference_table(d.difference, r.from.label, r.to.label);
    text += "WITNESS: " + events_text(d.events) + "\n";
    if (const std::string* f = file_of(false, i)) text += "WITNESS FILE: " + *f + "\n";
    text += side_by_side(c.from, c.to, r.from.label, r.to.label, d.difference.step);
  }
  const std::size_t nv = x->violations.size();
  for (std::size_t i = 0; i < nv; ++i) {
    const auto& v = x->violations[i];
    const side_arg& side = v.to_side ? r.to : r.from;
    const trainjob::scenario s = trainjob::decode_scenario(v.witness);
    text += "\nVIOLATION " + std::to_string(i + 1) + " of " + std::to_string(nv) + ": " + side.label + " " +
            std::string(trainjob::to_string(v.invariant)) + " at step " + std::to_string(v.step) + ": " +
            v.message + "\n";
    text += "WITNESS: " + events_text(v.events) + "\n";
    if (const std::string* f = file_of(true, i)) text += "WITNESS FILE: " + *f + "\n";
    text += timeline(trainjob::detail::trace_side(s, side.side, 0));
  }
  text += "\n" + std::to_string(nd) + (nd == 1 ? " difference, " : " differences, ") + std::to_string(nv) +
          (nv == 1 ? " violation\n" : " violations\n");
  write_out(text);
  return r.found ? exit_findings : exit_ok;
}

}  // namespace

int cmd_compare(const options& o) {
  const std::string form = choose_output(o).form;
  side_arg from = make_side("--from", o.from, o.from_policies);
  side_arg to = make_side("--to", o.to, o.to_policies);
  // The same release and policies: one side, which the explorer runs once.
  if (from.side.profile == to.side.profile && from.policy_names == to.policy_names)
    to.side.policies = from.side.policies;
  std::optional<compare_page> page;
  if (form == "html") page.emplace(from.label, to.label);
  run_state r{from, to, parse_checks(o.checks), form == "table", page ? &*page : nullptr, o.witness_dir};
  const std::vector<std::string> files = input_files(o);
  if (o.witness_dir && !o.explore) usage_error("compare: --witness-dir goes with --explore");
  if (o.explore) {
    if (!files.empty()) usage_error("compare: give SCENARIO... or --explore DEPTH, not both");
    return run_explore(r, parse_depth(*o.explore));
  }
  if (files.empty()) usage_error("compare: no SCENARIO given (or --explore DEPTH)");
  // Every scenario is compared before anything is written: bad input prints nothing.
  std::string text;
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& f : files) {
    for (const auto& doc : read_documents(f)) {
      if (!text.empty()) text += "\n";
      scenarios.push_back(compare_one(r, doc.name, doc.json(), !o.no_validate, text));
    }
  }
  if (r.table) {
    write_out(text);
  } else if (page) {
    std::size_t differ = 0;
    for (const auto& s : scenarios) {
      if (!s["difference"].is_null()) ++differ;
    }
    write_out(page->finish(std::to_string(scenarios.size()) +
                           (scenarios.size() == 1 ? " scenario, " : " scenarios, ") + std::to_string(differ) +
                           " with a difference"));
  } else {
    write_out(
        indented_json(
            nlohmann::json{{"from", side_json(from)}, {"to", side_json(to)}, {"scenarios", scenarios}}, 4) +
        "\n");
  }
  return r.found ? exit_findings : exit_ok;
}

}  // namespace trainjob::cli
