// trainjob: per-step state of a TrainJob, derived from its JobSet (a read-only query).
//
//   for (const auto& s : trainjob::step_states(jobset, &runtime))
//     std::cout << s.step << ' ' << trainjob::to_string(s.phase) << ' ' << s.ready << '/' << s.replicas << '\n';
//
// A new status field would be pruned by the API server (structural schema), so
// the per-step state is computed on demand, never stored (docs/semantics.md §7).
//
// Steps. Each replicated job of the JobSet belongs to one step, found by the
// `trainer.kubeflow.org/trainjob-ancestor-step` label on
// `spec.replicatedJobs[i].template.metadata.labels`, looked up in this order:
//   1. the JobSet's own spec (the entry with the replicated job's name);
//   2. the runtime's `spec.template.spec` (same shape), when given;
//   3. upstream's fixed replicated job names: "dataset-initializer" and
//      "model-initializer" are their own steps, "node" and "launcher" are "trainer";
//   4. otherwise the replicated job is a step of its own, named after it.
// The replicated jobs are those of the JobSet's spec (else the runtime's
// template), then any others its status lists. `replicas` comes from
// `spec.replicatedJobs[i].replicas` (JobSet spec, else the runtime's; default 1),
// the counts from `status.replicatedJobsStatus` (by name; 0 when absent).
// A step sums the replicas and counts of its replicated jobs.
//
// Steps come in the order dataset-initializer, model-initializer, trainer,
// then the others in the order they first appear; only steps that exist.
//
// Phase, first rule that holds:
//   Succeeded  every replicated job of the step has succeeded >= its replicas
//              (and the step has at least one replica);
//   Failed     the step has failed > 0 and the JobSet has failed (its Failed
//              condition is True or terminalState is "Failed"); a failure
//              while the JobSet still runs is one it may retry or restart;
//   Succeeded  the JobSet has completed (Completed True or terminalState
//              "Completed"): its success policy may target some replicated
//              jobs only (MPI: the launcher), the others are then stopped;
//   Running    active > 0 or ready > 0;
//   Pending    otherwise (not created yet, suspended, or waiting).
//
// The spec is raw JSON: any shape is accepted, nothing throws on bad input
// (wrong types, negative or huge replicas are treated as absent).
#ifndef TRAINJOB_STEPS_HPP
#define TRAINJOB_STEPS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/names.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// Where a step is (see the header comment for the rule).
enum class step_phase { pending, running, succeeded, failed };

/// "Pending", "Running", "Succeeded" or "Failed".
constexpr std::string_view to_string(step_phase p) noexcept {
  switch (p) {
    case step_phase::pending:
      return "Pending";
    case step_phase::running:
      return "Running";
    case step_phase::succeeded:
      return "Succeeded";
    case step_phase::failed:
      return "Failed";
  }
  return "Pending";
}

/// One step: its phase, the summed replicas and counts of its replicated jobs, and their names.
struct step_state {
  std::string step;
  step_phase phase = step_phase::pending;
  std::int32_t replicas = 0;
  std::int32_t ready = 0;
  std::int32_t active = 0;
  std::int32_t succeeded = 0;
  std::int32_t failed = 0;
  std::int32_t suspended = 0;
  std::vector<std::string> replicated_jobs;
};

inline bool operator==(const step_state& a, const step_state& b) {
  return a.step == b.step && a.phase == b.phase && a.replicas == b.replicas && a.ready == b.ready &&
         a.active == b.active && a.succeeded == b.succeeded && a.failed == b.failed &&
         a.suspended == b.suspended && a.replicated_jobs == b.replicated_jobs;
}
inline bool operator!=(const step_state& a, const step_state& b) { return !(a == b); }

/// {"step", "phase", "replicas", "ready", "active", "succeeded", "failed", "suspended", "replicatedJobs"}.
inline void to_json(nlohmann::json& j, const step_state& s) {
  j = nlohmann::json::object();
  j["step"] = s.step;
  j["phase"] = std::string(to_string(s.phase));
  j["replicas"] = s.replicas;
  j["ready"] = s.ready;
  j["active"] = s.active;
  j["succeeded"] = s.succeeded;
  j["failed"] = s.failed;
  j["suspended"] = s.suspended;
  j["replicatedJobs"] = s.replicated_jobs;
}

namespace detail {

/// `spec.replicatedJobs` of a JobSetSpec, or nullptr when it is not an array.
inline const nlohmann::json* replicated_jobs_of(const nlohmann::json& spec) noexcept {
  if (!spec.is_object()) return nullptr;
  const auto it = spec.find("replicatedJobs");
  if (it == spec.end() || !it->is_array()) return nullptr;
  return &*it;
}

/// The entry's ancestor-step label, or "" when absent or not a string.
inline std::string_view ancestor_step_of(const nlohmann::json* entry) noexcept {
  if (entry == nullptr) return {};
  const nlohmann::json* cur = entry;
  for (const char* key : {"template", "metadata", "labels"}) {
    if (!cur->is_object()) return {};
    const auto it = cur->find(key);
    if (it == cur->end()) return {};
    cur = &*it;
  }
  if (!cur->is_object()) return {};
  const auto it = cur->find(std::string(ancestor_step_label));
  if (it == cur->end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

/// The entry's replicas when it is an integer in [0, INT32_MAX], else -1.
inline std::int64_t replicas_of(const nlohmann::json* entry) noexcept {
  if (entry == nullptr || !entry->is_object()) return -1;
  const auto it = entry->find("replicas");
  if (it == entry->end()) return -1;
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max());
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    return v <= max ? static_cast<std::int64_t>(v) : -1;
  }
  if (it->is_number_integer()) {
    const auto v = it->get<std::int64_t>();
    return v >= 0 && static_cast<std::uint64_t>(v) <= max ? v : -1;
  }
  return -1;
}

/// Upstream's fixed replicated job names, for JobSets and runtimes without labels.
inline std::string_view step_by_name(std::string_view replicated_job) noexcept {
  if (replicated_job == step_names::dataset_initializer) return step_names::dataset_initializer;
  if (replicated_job == step_names::model_initializer) return step_names::model_initializer;
  if (replicated_job == "node" || replicated_job == "launcher") return step_names::trainer;
  return {};
}

inline std::int32_t clamp_int32(std::int64_t v) noexcept {
  constexpr std::int64_t max = std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(v < 0 ? 0 : (v > max ? max : v));
}

// Lookups by name. step_states looks up every replicated job once in each
// list; scanning a list per lookup made it quadratic (issue 17: 30,000
// replicated jobs took seconds). Past name_index_threshold entries an index
// built once per call makes it n log n; below it, a scan is as fast and
// allocates nothing. The index is ordered, not hashed: names are the input's,
// and libstdc++'s fixed-seed string hash lets crafted colliding names bring
// the quadratic time back.
inline constexpr std::size_t name_index_threshold = 16;

/// Distinct names in order of first appearance, each with its position. The
/// views must outlive the object (step_states: they point into the JobSet,
/// the runtime or the string literals of step_names).
class distinct_names {
 public:
  /// The position of `name`, appended when new (`added` says whether it was).
  std::size_t insert(std::string_view name, bool& added) {
    if (index_.empty() && names_.size() >= name_index_threshold) {
      for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], i);
    }
    added = false;
    if (index_.empty()) {
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name) return i;
      }
    } else {
      const auto it = index_.emplace(name, names_.size());
      if (!it.second) return it.first->second;
    }
    added = true;
    names_.push_back(name);
    return names_.size() - 1;
  }
  const std::vector<std::string_view>& names() const noexcept { return names_; }

 private:
  std::vector<std::string_view> names_;
  std::map<std::string_view, std::size_t> index_;  // empty while names_ is short
};

/// The name of a replicatedJobs entry, or nullptr when it has none (not an
/// object, or no string "name").
inline const std::string* replicated_job_name(const nlohmann::json& e) noexcept {
  if (!e.is_object()) return nullptr;
  const auto n = e.find("name");
  return n != e.end() && n->is_string() ? &n->get_ref<const std::string&>() : nullptr;
}
inline const std::string* replicated_job_status_name(const replicated_job_status& r) noexcept {
  return &r.name;
}

/// The first item of each name in `list` (nullable), looked up by name: the
/// answers of a scan for the first match, from a sorted index when the list is long.
template <class List, class Item>
class first_by_name {
 public:
  using name_of_fn = const std::string* (*)(const Item&) noexcept;
  first_by_name(const List* list, name_of_fn name_of) : list_(list), name_of_(name_of) {
    if (list_ == nullptr || list_->size() <= name_index_threshold) return;
    indexed_ = true;
    index_.reserve(list_->size());
    for (const Item& e : *list_) {
      if (const std::string* n = name_of_(e)) index_.emplace_back(*n, &e);
    }
    // Stable: of the entries of one name, the first in the list comes first.
    std::stable_sort(index_.begin(), index_.end(),
                     [](const entry& a, const entry& b) { return a.first < b.first; });
  }
  const Item* find(std::string_view name) const {
    if (indexed_) {
      const auto it = std::lower_bound(index_.begin(), index_.end(), name,
                                       [](const entry& a, std::string_view n) { return a.first < n; });
      return it == index_.end() || it->first != name ? nullptr : it->second;
    }
    if (list_ == nullptr) return nullptr;
    for (const Item& e : *list_) {
      const std::string* n = name_of_(e);
      if (n != nullptr && *n == name) return &e;
    }
    return nullptr;
  }

 private:
  const List* list_;
  name_of_fn name_of_;
  bool indexed_ = false;
  using entry = std::pair<std::string_view, const Item*>;
  std::vector<entry> index_;  // sorted by name
};

}  // namespace detail

/// The state of each step of the TrainJob whose JobSet is `js`; `runtime`
/// (optional) supplies step labels and replicas the JobSet's spec lacks.
/// Never throws on any JobSet content (only std::bad_alloc can escape).
/// n log n in the number of replicated jobs, whatever their names.
inline std::vector<step_state> step_states(const job_set& js, const training_runtime* runtime = nullptr) {
  const nlohmann::json* js_jobs = detail::replicated_jobs_of(js.spec);
  const nlohmann::json* rt_jobs =
      runtime != nullptr ? detail::replicated_jobs_of(runtime->spec.template_.spec) : nullptr;

  // The replicated jobs: the JobSet's spec, else the runtime's template, then the status.
  detail::distinct_names names;
  bool added = false;
  const nlohmann::json* listed = js_jobs != nullptr && !js_jobs->empty() ? js_jobs : rt_jobs;
  if (listed != nullptr) {
    for (const auto& e : *listed) {
      const std::string* n = detail::replicated_job_name(e);
      if (n != nullptr && !n->empty()) names.insert(*n, added);
    }
  }
  for (const auto& r : js.status.replicated_jobs_status) {
    if (!r.name.empty()) names.insert(r.name, added);
  }

  const bool jobset_failed =
      conditions::is_true(js.status.conditions, "Failed") || js.status.terminal_state == "Failed";
  const bool jobset_completed =
      conditions::is_true(js.status.conditions, "Completed") || js.status.terminal_state == "Completed";

  struct accum {
    std::string step;
    std::vector<std::string> jobs;
    std::int64_t replicas = 0, ready = 0, active = 0, succeeded = 0, failed = 0, suspended = 0;
    bool all_jobs_succeeded = true;
  };
  std::vector<accum> steps;
  detail::distinct_names step_ids;  // steps[i].step is step_ids.names()[i]
  const detail::first_by_name<nlohmann::json, nlohmann::json> js_by_name(js_jobs,
                                                                         detail::replicated_job_name);
  const detail::first_by_name<nlohmann::json, nlohmann::json> rt_by_name(rt_jobs,
                                                                         detail::replicated_job_name);
  const detail::first_by_name<std::vector<replicated_job_status>, replicated_job_status> status_by_name(
      &js.status.replicated_jobs_status, detail::replicated_job_status_name);
  for (const std::string_view name : names.names()) {
    const nlohmann::json* js_entry = js_by_name.find(name);
    const nlohmann::json* rt_entry = rt_by_name.find(name);
    std::string_view step = detail::ancestor_step_of(js_entry);
    if (step.empty()) step = detail::ancestor_step_of(rt_entry);
    if (step.empty()) step = detail::step_by_name(name);
    if (step.empty()) step = name;
    std::int64_t replicas = detail::replicas_of(js_entry);
    if (replicas < 0) replicas = detail::replicas_of(rt_entry);
    if (replicas < 0) replicas = 1;

    const replicated_job_status* st = status_by_name.find(name);
    const std::size_t k = step_ids.insert(step, added);
    if (added) {
      steps.emplace_back();
      steps.back().step = std::string(step);
    }
    accum* a = &steps[k];
    a->jobs.emplace_back(name);
    a->replicas += replicas;
    if (st != nullptr) {
      // Counts are never negative in a valid JobSet; clamp what is not.
      a->ready += st->ready > 0 ? st->ready : 0;
      a->active += st->active > 0 ? st->active : 0;
      a->succeeded += st->succeeded > 0 ? st->succeeded : 0;
      a->failed += st->failed > 0 ? st->failed : 0;
      a->suspended += st->suspended > 0 ? st->suspended : 0;
    }
    const std::int64_t job_succeeded = st != nullptr && st->succeeded > 0 ? st->succeeded : 0;
    if (job_succeeded < replicas) a->all_jobs_succeeded = false;
  }

  auto rank = [](std::string_view step) {
    if (step == step_names::dataset_initializer) return 0;
    if (step == step_names::model_initializer) return 1;
    if (step == step_names::trainer) return 2;
    return 3;
  };
  std::vector<step_state> out;
  out.reserve(steps.size());
  for (int r = 0; r <= 3; ++r) {
    for (const auto& a : steps) {
      if (rank(a.step) != r) continue;
      step_state s;
      s.step = a.step;
      s.replicas = detail::clamp_int32(a.replicas);
      s.ready = detail::clamp_int32(a.ready);
      s.active = detail::clamp_int32(a.active);
      s.succeeded = detail::clamp_int32(a.succeeded);
      s.failed = detail::clamp_int32(a.failed);
      s.suspended = detail::clamp_int32(a.suspended);
      s.replicated_jobs = a.jobs;
      if (a.all_jobs_succeeded && a.replicas > 0) {
        s.phase = step_phase::succeeded;
      } else if (a.failed > 0 && jobset_failed) {
        s.phase = step_phase::failed;
      } else if (jobset_completed) {
        s.phase = step_phase::succeeded;
      } else if (a.active > 0 || a.ready > 0) {
        s.phase = step_phase::running;
      } else {
        s.phase = step_phase::pending;
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

/// The state of step `name` (e.g. step_names::trainer), or nullptr.
inline const step_state* find_step(const std::vector<step_state>& steps, std::string_view name) noexcept {
  for (const auto& s : steps) {
    if (s.step == name) return &s;
  }
  return nullptr;
}

}  // namespace trainjob

#endif
