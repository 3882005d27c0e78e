// trainjob: scenarios, a TrainJob's life as a list of controller passes, and their replay.
//
// A scenario file:
//   {"profile"?: NAME, "name"?: TEXT, "description"?: TEXT,
//    "trainjob": <TrainJob>, "jobset"?: <JobSet>|null,
//    "runtime"?: <TrainingRuntime or ClusterTrainingRuntime>,
//    "steps": [{"now": TIME, "patch"?: <RFC 7386 merge patch of the TrainJob>,
//               "jobset"?: <JobSet>|null, "applyError"?: TEXT, "buildError"?: TEXT}, ...]}
//
// Rules: the top-level `jobset` is the JobSet first observed (absent: a JobSet
// without status exists; null: NotFound); a step's `jobset` replaces the
// observed one from then on; after each step the TrainJob's status becomes the
// step's output status; `deleteJobSet` makes the JobSet NotFound for later
// steps; when a pass applies objects successfully and the JobSet is NotFound,
// the JobSet is created without status before the status step reads it, as
// upstream does in one pass. Step times must not go back.
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

#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

struct scenario_step {
  timestamp now;
  nlohmann::json patch;                   // null: no patch
  bool sets_jobset = false;               // the step has a "jobset" key
  std::optional<job_set> jobset;          // with sets_jobset: nullopt is NotFound
  std::optional<std::string> apply_error;
  std::optional<std::string> build_error;  // building the objects failed (no apply)
};

struct scenario {
  std::optional<trainjob::profile> profile;  // used unless the caller overrides it
  std::string name;
  std::string description;
  train_job trainjob;
  bool jobset_not_found = false;  // top-level "jobset": null
  std::optional<job_set> jobset;  // top-level JobSet object; absent: one without status exists
  std::optional<training_runtime> runtime;  // for policies that read step labels
  std::vector<scenario_step> steps;
};

/// One replayed pass.
struct replay_step {
  std::size_t step = 0;
  timestamp now;
  std::string happened;     // what the step changed, for people
  reconcile_result result;  // the pass's output
  train_job trainjob;       // the TrainJob after the step (status = result.status)
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

inline job_set decode_job_set_at(const nlohmann::json& j, const path_node& p) {
  job_set js;
  decode_value(j, js, p);
  return js;
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

inline std::string summarize_patch(const nlohmann::json& patch, std::string prefix = {}) {
  if (!patch.is_object()) return prefix + "=" + dump(patch);
  std::string out;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    const std::string part = it.value().is_object() && !it.value().empty() ? summarize_patch(it.value(), key)
                                                                             : key + "=" + dump(it.value());
    out += (out.empty() ? "" : " ") + part;
  }
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
    if (!s.profile) fail(root.member("profile"), "expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest, got " + show(*it));
  }
  if (auto it = j.find("name"); it != j.end()) decode_value(*it, s.name, root.member("name"));
  if (auto it = j.find("description"); it != j.end()) decode_value(*it, s.description, root.member("description"));
  const auto tj = j.find("trainjob");
  if (tj == j.end()) fail(root.member("trainjob"), "required field is missing");
  decode_value(*tj, s.trainjob, root.member("trainjob"));
  if (auto it = j.find("jobset"); it != j.end()) {
    if (it->is_null()) {
      s.jobset_not_found = true;
    } else {
      s.jobset = decode_job_set_at(*it, root.member("jobset"));
    }
  }
  if (auto it = j.find("runtime"); it != j.end()) {
    const path_node rp = root.member("runtime");
    if (!it->is_object()) fail_type(rp, "a TrainingRuntime or ClusterTrainingRuntime", *it);
    const auto k = it->find("kind");
    if (k != it->end() && *k == "ClusterTrainingRuntime") {
      cluster_training_runtime ctr;
      decode_value(*it, ctr, rp);
      s.runtime.emplace(std::move(ctr));  // the same shape; kind kept in the data
    } else {
      training_runtime tr;
      decode_value(*it, tr, rp);
      s.runtime = std::move(tr);
    }
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
    const auto now = sj.find("now");
    if (now == sj.end()) fail(p.member("now"), "required field is missing");
    decode_value(*now, st.now, p.member("now"));
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
      if (!it->is_null()) st.jobset = decode_job_set_at(*it, p.member("jobset"));
    }
    if (auto it = sj.find("applyError"); it != sj.end()) {
      std::string e;
      decode_value(*it, e, p.member("applyError"));
      st.apply_error = std::move(e);
    }
    if (auto it = sj.find("buildError"); it != sj.end()) {
      std::string e;
      decode_value(*it, e, p.member("buildError"));
      st.build_error = std::move(e);
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

/// Replays every step; throws decode_error when a patch leaves an invalid
/// TrainJob (path `steps[i].patch...`).
inline std::vector<replay_step> replay(const scenario& s, const replay_options& options = {}) {
  reconcile_options ro;
  ro.profile = effective_profile(s, options);
  ro.runtimes = options.runtimes;
  ro.policies = options.policies;
  ro.migrate_legacy_created = options.migrate_legacy_created;
  train_job tj = s.trainjob;
  // The JobSet an apply creates: the TrainJob's name and namespace, no status yet.
  const auto fresh_job_set = [&tj] {
    job_set js;
    js.metadata.name = tj.metadata.name;
    js.metadata.namespace_ = tj.metadata.namespace_;
    return js;
  };
  std::optional<job_set> observed;
  if (!s.jobset_not_found) observed = s.jobset ? *s.jobset : fresh_job_set();
  std::vector<replay_step> out;
  out.reserve(s.steps.size());
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const scenario_step& st = s.steps[i];
    replay_step rs;
    rs.step = i;
    rs.now = st.now;
    std::vector<std::string> what;
    if (!st.patch.is_null()) {
      nlohmann::json doc = encode(tj);
      doc.merge_patch(st.patch);
      // Each node points at its parent: keep every level alive.
      const detail::path_node root{};
      const detail::path_node steps_path = root.member("steps");
      const detail::path_node step_path = steps_path.at(i);
      const detail::path_node patch_path = step_path.member("patch");
      try {
        tj = decode<train_job>(doc);
      } catch (const decode_error& e) {
        throw decode_error(patch_path.to_string() + (e.path().empty() ? "" : "." + e.path()),
                           "the patched TrainJob is invalid: " + e.message());
      }
      what.push_back(detail::summarize_patch(st.patch));
    }
    if (st.sets_jobset) {
      observed = st.jobset;
      what.push_back(detail::summarize_jobset(observed));
    }
    const plan_result pl = plan(tj, ro);
    const bool apply_failed = st.apply_error || st.build_error;
    if (pl.apply_objects && !apply_failed && !observed) {
      observed = fresh_job_set();  // created by this pass's apply
      what.emplace_back("JobSet created");
    }
    if (pl.apply_objects && st.build_error) {
      what.emplace_back("build failed");
    } else if (pl.apply_objects && st.apply_error) {
      what.emplace_back("apply failed");
    }
    auto view = [](const std::optional<std::string>& e) {
      return e ? std::optional<std::string_view>(*e) : std::nullopt;
    };
    rs.result = reconcile(observation{tj, observed ? &*observed : nullptr, st.now, view(st.apply_error),
                                      view(st.build_error), s.runtime ? &*s.runtime : nullptr},
                          ro);
    tj.status = rs.result.status;
    if (rs.result.delete_job_set && observed) {
      observed.reset();
      what.emplace_back("JobSet deleted");
    }
    for (const auto& w : what) rs.happened += (rs.happened.empty() ? "" : "; ") + w;
    if (rs.happened.empty()) rs.happened = "-";
    rs.trainjob = tj;
    rs.jobset_exists = observed.has_value();
    out.push_back(std::move(rs));
  }
  return out;
}

/// The State print column of `kubectl get trainjob`: the last condition's type.
inline std::string state_column(const train_job_status& s) {
  return s.conditions.empty() ? std::string() : s.conditions.back().type;
}

/// A replayed step as the tool prints it: the reconcile keys plus "step" and "now".
inline nlohmann::json to_json_line(const replay_step& s) {
  nlohmann::json j = s.result;
  j["step"] = s.step;
  j["now"] = s.now.to_string();
  return j;
}

/// A timeline a person reads at a glance: one row per step with the time,
/// what happened, each condition as Type=Status(Reason), the State column
/// and the controller's actions.
inline std::string format_timeline(const std::vector<replay_step>& steps) {
  struct row {
    std::string cells[6];
  };
  std::vector<row> rows;
  rows.push_back({{"STEP", "NOW", "WHAT HAPPENED", "CONDITIONS", "STATE", "ACTIONS"}});
  for (const auto& s : steps) {
    row r;
    r.cells[0] = std::to_string(s.step);
    r.cells[1] = s.now.to_string();
    r.cells[2] = s.happened;
    std::string conds;
    for (const auto& c : s.result.status.conditions) {
      conds += (conds.empty() ? "" : " ") + c.type + "=" + std::string(to_string(c.status)) + "(" + c.reason + ")";
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
    rows.push_back(std::move(r));
  }
  std::size_t width[6] = {};
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < 6; ++c) width[c] = std::max(width[c], detail::utf8_columns(r.cells[c]));
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t c = 0; c < 6; ++c) {
      line += r.cells[c];
      if (c + 1 < 6) line.append(width[c] - detail::utf8_columns(r.cells[c]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace trainjob

#endif
