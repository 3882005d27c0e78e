// trainjob: scenarios, a TrainJob's life as a list of controller passes, and their replay.
//
// A scenario file:
//   {"profile"?: NAME, "name"?: TEXT, "description"?: TEXT,
//    "trainjob": <TrainJob>, "jobset"?: <JobSet>|null,
//    "runtime"?: <TrainingRuntime or ClusterTrainingRuntime>,
//    "steps": [{"now": TIME, "patch"?: <RFC 7386 merge patch of the TrainJob>,
//               "jobset"?: <JobSet>|null, "applyError"?: TEXT, "buildError"?: TEXT}, ...]}
//
// The members a request also has are decoded by its rules (trainjob/request.hpp:
// null applyError, buildError or runtime is absent). Rules (docs/semantics.md
// §6): the top-level `jobset` is the JobSet first observed (absent: a JobSet
// without status exists; null: NotFound); a step's `jobset` replaces the
// observed one from then on; after each step the TrainJob's status becomes the
// step's output status, unless the API server would refuse that write (§3.6):
// then it stays as read; `deleteJobSet` makes the JobSet NotFound for later
// steps; when a pass applies objects successfully and the JobSet is NotFound,
// the JobSet is created without status before the status step reads it, as
// upstream does in one pass. Step times must not go back.
//
// Memory: `replay_each` keeps one TrainJob, the current one, and gives each
// step to a callback as it is computed; nothing of a step outlives the next
// one, so a replay takes about the scenario's own size (plus, on a patch step,
// the patched TrainJob as JSON), whatever the number of steps. `replay` keeps
// every step, each with a copy of the TrainJob (steps x TrainJob size): use it
// for small scenarios, `replay_each` when a scenario may be large.
//
// A patch's summary (in `replay_step::happened`, the WHAT HAPPENED column) is
// bounded: it lists the patch's leaves, in key order, as PATH=JSON (PATH the
// keys joined by '.'; a leaf is any value but a non-empty object); a PATH has
// at most 16 keys (a non-empty object at that depth is one leaf, its JSON
// cut as below); at most 8 leaves are listed, then " (+N more)" counts the
// rest; each listed PATH=JSON longer than 512 bytes is cut to its first whole
// code points within 512 bytes, followed by "...". A summary is thus at most
// about 4 KB, and takes that much memory to build (only the first bytes of a
// long key or string are serialised), however large or deep the patch (the
// longest entry in the scenarios shipped is 302 bytes: none is cut).
#ifndef TRAINJOB_SCENARIO_HPP
#define TRAINJOB_SCENARIO_HPP

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/assign.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/request.hpp"
#include "trainjob/summary.hpp"  // state_column
#include "trainjob/types.hpp"

namespace trainjob {

struct scenario_step {
  timestamp now;
  nlohmann::json patch;           // null: no patch
  bool sets_jobset = false;       // the step has a "jobset" key
  std::optional<job_set> jobset;  // with sets_jobset: nullopt is NotFound
  std::optional<std::string> apply_error;
  std::optional<std::string> build_error;  // building the objects failed (no apply)
};

struct scenario {
  std::optional<trainjob::profile> profile;  // used unless the caller overrides it
  std::string name;
  std::string description;
  train_job trainjob;
  bool jobset_not_found = false;            // top-level "jobset": null
  std::optional<job_set> jobset;            // top-level JobSet object; absent: one without status exists
  std::optional<training_runtime> runtime;  // for policies that read step labels
  std::vector<scenario_step> steps;
};

/// One replayed pass.
struct replay_step {
  std::size_t step = 0;
  timestamp now;
  std::string happened;        // what the step changed, for people
  reconcile_result result;     // the pass's output
  train_job trainjob;          // the TrainJob after the step (its status: result.status, unless rejected)
  bool jobset_exists = false;  // after the step's actions
};

struct replay_options {
  std::optional<trainjob::profile> profile;  // overrides the scenario's
  const runtime_registry* runtimes = nullptr;
  const policy_set* policies = nullptr;  // opt-in conditions
  bool migrate_legacy_created = false;
};

namespace detail {

inline void reject_unknown_keys(const nlohmann::json& j, const path_node& p,
                                std::initializer_list<std::string_view> known) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      std::string list;
      for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      fail(p.member(it.key()), "unknown field; a scenario takes " + list);
    }
  }
}

/// Display width, counting code points (continuation bytes do not count).
inline std::size_t utf8_columns(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

inline std::string summarize_jobset(const std::optional<job_set>& js) {
  if (!js) return "JobSet NotFound";
  std::string out = "JobSet";
  bool any = false;
  for (const auto& c : js->status.conditions) {
    if (c.status != condition_status::true_) continue;
    out += any ? "," : " ";
    out += c.type;
    any = true;
  }
  if (!any) out += js->status.replicated_jobs_status.empty() ? " (no status)" : " running";
  return out;
}

// The bounds of a patch's summary (the header comment states the rule).
inline constexpr std::size_t patch_summary_max_leaves = 8;
inline constexpr std::size_t patch_summary_max_depth = 16;  // keys in a PATH
inline constexpr std::size_t patch_summary_max_entry_bytes = 512;

/// Appends `s` to `out`, keeping `out` within `cap` bytes.
inline void append_capped(std::string& out, std::string_view s, std::size_t cap) {
  if (out.size() < cap) out.append(s.substr(0, cap - out.size()));
}

/// Appends the JSON string `dump` writes for `s`, or its first bytes: at
/// least enough to fill `out` over `cap`, serialising no more of `s` than that.
inline void append_json_string_capped(std::string& out, const std::string& s, std::size_t cap) {
  if (out.size() >= cap) return;
  std::size_t n = cap - out.size() + 4;  // escaping never shortens; 4: room for a whole code point
  if (s.size() <= n) {
    append_capped(out, dump(nlohmann::json(s)), cap);
    return;
  }
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // s[n] is left out
  std::string text = dump(nlohmann::json(s.substr(0, n)));
  text.pop_back();  // the closing quote: the string goes on
  append_capped(out, text, cap);
}

/// Appends `dump(v)` to `out`, or at least its first `cap - out.size()` bytes:
/// containers are written member by member, strings and keys by their first
/// bytes, and writing stops once `out` is over `cap`, so a large or deep value
/// costs only its first bytes.
inline void append_dump_capped(std::string& out, const nlohmann::json& v, std::size_t cap) {
  if (out.size() >= cap) return;
  if (v.is_object() && !v.empty()) {
    out += '{';
    for (auto it = v.begin(); it != v.end() && out.size() < cap; ++it) {
      if (it != v.begin()) out += ',';
      append_json_string_capped(out, it.key(), cap);
      out += ':';
      append_dump_capped(out, it.value(), cap);
    }
    out += '}';
  } else if (v.is_array() && !v.empty()) {
    out += '[';
    for (auto it = v.begin(); it != v.end() && out.size() < cap; ++it) {
      if (it != v.begin()) out += ',';
      append_dump_capped(out, *it, cap);
    }
    out += ']';
  } else if (v.is_string()) {
    append_json_string_capped(out, v.get_ref<const std::string&>(), cap);
  } else {
    append_capped(out, dump(v), cap);
  }
}

/// The leaves under `v`, a value whose PATH has `depth` keys (see the header comment).
inline std::size_t patch_leaves(const nlohmann::json& v, std::size_t depth) noexcept {
  if (!v.is_object() || v.empty() || depth >= patch_summary_max_depth) return 1;
  std::size_t n = 0;
  for (const auto& c : v) n += patch_leaves(c, depth + 1);
  return n;
}

/// Cuts `entry` to its first whole code points within the entry limit, + "...".
inline void cut_patch_entry(std::string& entry) {
  if (entry.size() <= patch_summary_max_entry_bytes) return;
  std::size_t n = patch_summary_max_entry_bytes;
  while (n > 0 && (static_cast<unsigned char>(entry[n]) & 0xC0) == 0x80) --n;  // entry[n] is cut off
  entry.resize(n);
  entry += "...";
}

/// Lists the leaves of object `patch`, whose PATH (`prefix`, capped) has `depth` keys.
inline void summarize_patch_into(const nlohmann::json& patch, const std::string& prefix, std::size_t depth,
                                 std::string& out, std::size_t& listed, std::size_t& more) {
  constexpr std::size_t cap = patch_summary_max_entry_bytes + 1;  // over the limit: cut
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const nlohmann::json& v = it.value();
    const bool leaf = !v.is_object() || v.empty() || depth + 1 >= patch_summary_max_depth;
    if (listed == patch_summary_max_leaves) {
      more += leaf ? 1 : patch_leaves(v, depth + 1);
      continue;
    }
    std::string entry = prefix;
    if (!prefix.empty()) append_capped(entry, ".", cap);
    append_capped(entry, it.key(), cap);
    if (!leaf) {
      summarize_patch_into(v, entry, depth + 1, out, listed, more);
      continue;
    }
    append_capped(entry, "=", cap);
    append_dump_capped(entry, v, cap);
    cut_patch_entry(entry);
    if (!out.empty()) out += ' ';
    out += entry;
    ++listed;
  }
}

/// A patch's summary for people, bounded as the header comment says.
inline std::string summarize_patch(const nlohmann::json& patch) {
  if (!patch.is_object()) {  // not from replay: a step's patch is an object
    std::string out = "=";
    append_dump_capped(out, patch, patch_summary_max_entry_bytes + 1);
    cut_patch_entry(out);
    return out;
  }
  std::string out;
  std::size_t listed = 0;
  std::size_t more = 0;
  summarize_patch_into(patch, std::string(), 0, out, listed, more);
  if (more != 0) out += " (+" + std::to_string(more) + " more)";
  return out;
}

}  // namespace detail

/// Decodes a scenario file; throws decode_error naming the path. Rejects
/// unknown keys (typos), steps whose `now` goes back in time, and an unknown profile.
inline scenario decode_scenario(const nlohmann::json& j) {
  using namespace detail;
  const path_node root{};
  if (!j.is_object()) fail_type(root, "a scenario object", j);
  reject_unknown_keys(j, root, {"profile", "name", "description", "trainjob", "jobset", "runtime", "steps"});
  scenario s;
  if (auto it = j.find("profile"); it != j.end()) {
    std::string name;
    decode_value(*it, name, root.member("profile"));
    s.profile = profile_from_string(name);
    if (!s.profile) {
      fail(root.member("profile"), "expected " + profile_names() + ", got " + show(*it),
           error_kind::unsupported);
    }
  }
  if (auto it = j.find("name"); it != j.end()) decode_value(*it, s.name, root.member("name"));
  if (auto it = j.find("description"); it != j.end())
    decode_value(*it, s.description, root.member("description"));
  // The pass's objects, by the request's rules (trainjob/request.hpp); only
  // the meaning of an absent "jobset" differs (see the header comment).
  request first;
  const auto tj = j.find("trainjob");
  if (tj == j.end()) fail(root.member("trainjob"), "required field is missing");
  decode_request_member(request_member::trainjob, *tj, root.member("trainjob"), first);
  s.trainjob = std::move(first.trainjob);
  if (auto it = j.find("jobset"); it != j.end()) {
    decode_request_member(request_member::jobset, *it, root.member("jobset"), first);
    s.jobset_not_found = !first.jobset;
    s.jobset = std::move(first.jobset);
  }
  if (auto it = j.find("runtime"); it != j.end()) {
    decode_request_member(request_member::runtime, *it, root.member("runtime"), first);
    s.runtime = std::move(first.runtime);
  }
  const auto steps = j.find("steps");
  const path_node sp = root.member("steps");
  if (steps == j.end()) fail(sp, "required field is missing");
  if (!steps->is_array()) fail_type(sp, "an array of steps", *steps);
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const nlohmann::json& sj = (*steps)[i];
    const path_node p = sp.at(i);
    if (!sj.is_object()) fail_type(p, "a step object", sj);
    reject_unknown_keys(sj, p, {"now", "patch", "jobset", "applyError", "buildError"});
    scenario_step st;
    request pass;  // the step's members, by the request's rules
    const auto now = sj.find("now");
    if (now == sj.end()) fail(p.member("now"), "required field is missing");
    decode_request_member(request_member::now, *now, p.member("now"), pass);
    st.now = pass.now;
    if (!s.steps.empty() && st.now < s.steps.back().now) {
      fail(p.member("now"), "goes back in time: " + st.now.to_string() + " is before the previous step's " +
                                s.steps.back().now.to_string());
    }
    if (auto it = sj.find("patch"); it != sj.end()) {
      if (!it->is_object()) fail_type(p.member("patch"), "a JSON merge patch object", *it);
      st.patch = *it;
    }
    if (auto it = sj.find("jobset"); it != sj.end()) {
      st.sets_jobset = true;
      decode_request_member(request_member::jobset, *it, p.member("jobset"), pass);
      st.jobset = std::move(pass.jobset);
    }
    if (auto it = sj.find("applyError"); it != sj.end()) {
      decode_request_member(request_member::apply_error, *it, p.member("applyError"), pass);
      st.apply_error = std::move(pass.apply_error);
    }
    if (auto it = sj.find("buildError"); it != sj.end()) {
      decode_request_member(request_member::build_error, *it, p.member("buildError"), pass);
      st.build_error = std::move(pass.build_error);
    }
    s.steps.push_back(std::move(st));
  }
  return s;
}

inline result<scenario> try_decode_scenario(const nlohmann::json& j) noexcept {
  return detail::capture<scenario>([&] { return decode_scenario(j); });
}

/// The profile a replay uses: the override, else the scenario's, else latest.
inline profile effective_profile(const scenario& s, const replay_options& o) noexcept {
  return o.profile ? *o.profile : s.profile.value_or(profile::latest);
}

namespace detail {

/// What a replay keeps between steps besides the TrainJob: the JobSet as
/// observed (nullopt: NotFound) and scratch for the WHAT HAPPENED text.
struct replay_world {
  std::optional<job_set> observed;
  std::vector<std::string> what;
};

/// `to = from`, keeping `to`'s storage when both hold a JobSet (assign.hpp).
inline void assign_job_set(std::optional<job_set>& to, const std::optional<job_set>& from) {
  if (to && from) {
    assign(*to, *from);
  } else {
    to = from;
  }
}

/// The JobSet an apply creates: the TrainJob's name and namespace, no status yet.
inline job_set fresh_job_set(const train_job& tj) {
  job_set js;
  js.metadata.name = tj.metadata.name;
  js.metadata.namespace_ = tj.metadata.namespace_;
  return js;
}

/// The world before the first step (docs/semantics.md §6).
inline replay_world initial_world(const scenario& s) {
  replay_world w;
  if (!s.jobset_not_found) w.observed = s.jobset ? *s.jobset : fresh_job_set(s.trainjob);
  return w;
}

/// Step `i`'s patch applied to `tj` (a step without one leaves it). Throws
/// decode_error (path `steps[i].patch...`) when the patched TrainJob is invalid.
inline void replay_patch(train_job& tj, const scenario_step& st, std::size_t i) {
  if (st.patch.is_null()) return;
  owned_json patched(encode(tj));  // freed without allocating, even out of memory
  nlohmann::json& doc = patched.get();
  doc.merge_patch(st.patch);
  // Each node points at its parent: keep every level alive.
  const path_node root{};
  const path_node steps_path = root.member("steps");
  const path_node step_path = steps_path.at(i);
  const path_node patch_path = step_path.member("patch");
  try {
    tj = decode<train_job>(doc);
  } catch (const decode_error& e) {
    throw decode_error(patch_path.to_string() + (e.path().empty() ? "" : "." + e.path()),
                       "the patched TrainJob is invalid: " + e.message(), e.kind());
  }
}

/// Step `st`'s pass over `rs.trainjob` (already patched by replay_patch) and
/// `w`: the step's JobSet, the apply's creation, the pass, the stored status,
/// the deletion. Fills every field of `rs` but `step`, `now` and, unless
/// `describe`, `happened`. The one place a replayed step's rules live
/// (replay_each and the explorer of trainjob/compare.hpp both call it).
inline void replay_pass(const scenario& s, const scenario_step& st, const reconcile_options& ro,
                        replay_world& w, replay_step& rs, bool describe = true) {
  train_job& tj = rs.trainjob;
  std::optional<job_set>& observed = w.observed;
  if (st.sets_jobset) {
    assign_job_set(observed, st.jobset);
    if (describe) w.what.push_back(summarize_jobset(observed));
  }
  const plan_result pl = plan(tj, ro);
  const bool apply_failed = st.apply_error || st.build_error;
  if (pl.apply_objects && !apply_failed && !observed) {
    observed = fresh_job_set(tj);  // created by this pass's apply
    if (describe) w.what.emplace_back("JobSet created");
  }
  if (describe && pl.apply_objects && st.build_error) {
    w.what.emplace_back("build failed");
  } else if (describe && pl.apply_objects && st.apply_error) {
    w.what.emplace_back("apply failed");
  }
  auto view = [](const std::optional<std::string>& e) {
    return e ? std::optional<std::string_view>(*e) : std::nullopt;
  };
  reconcile(observation{tj, observed ? &*observed : nullptr, st.now, view(st.apply_error),
                        view(st.build_error), s.runtime ? &*s.runtime : nullptr},
            ro, rs.result);
  // A write the API server refuses leaves the stored status as it was read
  // (docs/semantics.md §3.6): the next pass reads that one again.
  if (rs.result.rejected.empty()) assign(tj.status, rs.result.status);
  if (rs.result.delete_job_set && observed) {
    observed.reset();
    if (describe) w.what.emplace_back("JobSet deleted");
  }
  rs.jobset_exists = observed.has_value();
  if (!describe) return;
  rs.happened.clear();
  for (const auto& x : w.what) rs.happened += (rs.happened.empty() ? "" : "; ") + x;
  if (rs.happened.empty()) rs.happened = "-";
}

/// The reconcile options a replay runs with.
inline reconcile_options replay_reconcile_options(const scenario& s, const replay_options& options) noexcept {
  reconcile_options ro;
  ro.profile = effective_profile(s, options);
  ro.runtimes = options.runtimes;
  ro.policies = options.policies;
  ro.migrate_legacy_created = options.migrate_legacy_created;
  return ro;
}

}  // namespace detail

/// Replays every step, giving each to `on_step(const replay_step&)` as soon as
/// it is computed, in order. Keeps one TrainJob: the step given is valid only
/// during the call (its `trainjob` is the replay's current TrainJob, and the
/// next step overwrites every field); copy what must outlive it. Throws
/// decode_error when a patch leaves an invalid TrainJob (path
/// `steps[i].patch...`), after the steps before it were given; an exception
/// from `on_step` ends the replay and propagates.
template <class F>
void replay_each(const scenario& s, const replay_options& options, F&& on_step) {
  const reconcile_options ro = detail::replay_reconcile_options(s, options);
  replay_step rs;  // reused: every field is set again at each step
  rs.trainjob = s.trainjob;
  detail::replay_world w = detail::initial_world(s);
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const scenario_step& st = s.steps[i];
    rs.step = i;
    rs.now = st.now;
    w.what.clear();
    detail::replay_patch(rs.trainjob, st, i);
    if (!st.patch.is_null()) w.what.push_back(detail::summarize_patch(st.patch));
    detail::replay_pass(s, st, ro, w, rs);
    on_step(static_cast<const replay_step&>(rs));
  }
}

/// Replays every step and keeps them all, each with its own copy of the
/// TrainJob (see the header comment on memory); `replay_each` gives the same
/// steps one at a time. Throws decode_error when a patch leaves an invalid
/// TrainJob (path `steps[i].patch...`).
inline std::vector<replay_step> replay(const scenario& s, const replay_options& options = {}) {
  std::vector<replay_step> out;
  out.reserve(s.steps.size());
  replay_each(s, options, [&out](const replay_step& step) { out.push_back(step); });
  return out;
}

/// A replayed step as the tool prints it: the reconcile keys plus "step" and "now".
inline nlohmann::json to_json_line(const replay_step& s) {
  nlohmann::json j = detail::result_json(s.result);
  j["step"] = s.step;
  j["now"] = s.now.to_string();
  return j;
}

/// One row of a timeline: STEP, NOW, WHAT HAPPENED, CONDITIONS, STATE, ACTIONS.
struct timeline_row {
  std::string cells[6];
};

/// The timeline's header row.
inline timeline_row timeline_header() {
  return timeline_row{{"STEP", "NOW", "WHAT HAPPENED", "CONDITIONS", "STATE", "ACTIONS"}};
}

/// A step's row: the time, what happened, each condition as
/// Type=Status(Reason), the State column and the controller's actions.
inline timeline_row timeline_row_of(const replay_step& s) {
  timeline_row r;
  r.cells[0] = std::to_string(s.step);
  r.cells[1] = s.now.to_string();
  r.cells[2] = s.happened;
  std::string conds;
  for (const auto& c : s.result.status.conditions) {
    conds +=
        (conds.empty() ? "" : " ") + c.type + "=" + std::string(to_string(c.status)) + "(" + c.reason + ")";
  }
  r.cells[3] = conds.empty() ? "-" : conds;
  const std::string state = state_column(s.result.status);
  r.cells[4] = state.empty() ? "-" : state;
  std::string acts;
  auto add = [&acts](const std::string& a) { acts += (acts.empty() ? "" : ", ") + a; };
  if (s.result.skipped) add("skipped");
  if (s.result.apply_objects) add("apply");
  if (s.result.delete_job_set) add("delete JobSet");
  if (s.result.requeue_after_seconds) add("requeue " + std::to_string(*s.result.requeue_after_seconds) + "s");
  if (s.result.changed) add("write status");
  for (const auto& e : s.result.errors) add("error: " + e);
  for (const auto& e : s.result.events) add("event " + e.reason);
  r.cells[5] = acts.empty() ? "-" : acts;
  return r;
}

/// The column widths of a timeline (in code points): `add` every row, the
/// header included, before formatting any. A streamed timeline takes two
/// passes over the steps (`replay_each`): one for the widths, which keeps
/// nothing else, and one that formats each row as it comes.
struct timeline_widths {
  std::size_t columns[6] = {};
  void add(const timeline_row& r) noexcept {
    for (std::size_t c = 0; c < 6; ++c) columns[c] = std::max(columns[c], detail::utf8_columns(r.cells[c]));
  }
};

/// One line of the timeline, with its newline: the cells padded to the widths
/// and two spaces apart (a cell wider than its column is not padded), trailing
/// spaces removed.
inline std::string format_timeline_row(const timeline_row& r, const timeline_widths& w) {
  std::string line;
  for (std::size_t c = 0; c < 6; ++c) {
    line += r.cells[c];
    const std::size_t columns = detail::utf8_columns(r.cells[c]);
    if (c + 1 < 6) line.append((w.columns[c] > columns ? w.columns[c] - columns : 0) + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += '\n';
  return line;
}

/// A timeline a person reads at a glance: the header and one row per step
/// (timeline_row_of).
inline std::string format_timeline(const std::vector<replay_step>& steps) {
  std::vector<timeline_row> rows;
  rows.reserve(steps.size() + 1);
  rows.push_back(timeline_header());
  for (const auto& s : steps) rows.push_back(timeline_row_of(s));
  timeline_widths widths;
  for (const auto& r : rows) widths.add(r);
  std::string out;
  for (const auto& r : rows) out += format_timeline_row(r, widths);
  return out;
}

}  // namespace trainjob

#endif
