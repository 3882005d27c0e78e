// trainjob: auditing a cluster snapshot — which TrainJobs are in a wrong or
// dangerous state under the release the cluster runs, and what an upgrade
// would change (issue 16).
//
//   trainjob::audit_snapshot s;
//   trainjob::add_objects(s, list);  // a List or one object; throws decode_error
//   // or, from read_manifest (trainjob/manifest.hpp), with no tree of the whole text:
//   //   trainjob::add_decoded(s, std::move(*item.object), item.tree, item.text);
//   trainjob::audit_options o;
//   o.profile = trainjob::profile::v2_1;
//   o.now = *trainjob::timestamp::parse("2025-06-12T10:00:00Z");
//   o.upgrade_to = trainjob::profile::latest;                            // optional
//   trainjob::audit_report r = trainjob::audit(s, o);                    // or try_audit
//
// Each TrainJob is paired with the JobSet of its namespace and name; the pair
// is sound when that JobSet's controller ownerReference carries the TrainJob's
// uid. The pass the release runs now is computed against the JobSet the
// controller reads (by name, whoever owns it); when there is none and the
// pass applies its children, it reads the JobSet that apply creates, as a
// scenario replay does (docs/semantics.md §6). Findings, by rule:
//
// | rule                    | sev.    | fires when
// |-------------------------|---------|-----------------------------------------------------------
// | stale-status            | warning | the pass would write a status other than the stored one
// | missing-jobset          | error   | no JobSet, and the pass re-creates it or fails on it
// | orphan-jobset           | warning | a JobSet owned by a TrainJob that is absent or has another
// |                         |         | uid, or named as a TrainJob that does not own it
// | unsupported-runtime     | error   | the runtime kind is not registered (v2.x: upstream
// |                         |         | dereferences the nil runtime, docs/semantics.md §4)
// | failed-not-terminal     | error   | a True Failed the release removes on the next pass (§3.5,
// |                         |         | kubeflow/trainer 3737)
// | misleading-state-column | warning | lint's rule of that name (kubeflow/trainer 3666)
// | status-write-every-pass | warning | the release patches this job's status on every pass (§4)
// | condition-limit         | error   | the pass would write more conditions than the CRD allows
// | fractional-time         | warning | a time the pass reads carries a fraction of a second (§4)
// | upgrade-change          | info    | with upgrade_to: the first pass under that release differs
//
// Pure: no I/O, no clock; `now` is the caller's.
#ifndef TRAINJOB_AUDIT_HPP
#define TRAINJOB_AUDIT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/error.hpp"
#include "trainjob/lint.hpp"
#include "trainjob/names.hpp"
#include "trainjob/object.hpp"
#include "trainjob/parse.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/runtime_ref.hpp"
#include "trainjob/summary.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

/// The rules, in the order of the table above; `audit_rules` is indexed by it.
enum class audit_rule_id {
  stale_status,
  missing_jobset,
  orphan_jobset,
  unsupported_runtime,
  failed_not_terminal,
  misleading_state_column,
  status_write_every_pass,
  condition_limit,
  fractional_time,
  upgrade_change,
};

struct audit_rule {
  audit_rule_id rule;
  std::string_view id;
  std::string_view severity;  // "error", "warning" or "info"
};

inline constexpr audit_rule audit_rules[] = {
    {audit_rule_id::stale_status, "stale-status", "warning"},
    {audit_rule_id::missing_jobset, "missing-jobset", "error"},
    {audit_rule_id::orphan_jobset, "orphan-jobset", "warning"},
    {audit_rule_id::unsupported_runtime, "unsupported-runtime", "error"},
    {audit_rule_id::failed_not_terminal, "failed-not-terminal", "error"},
    {audit_rule_id::misleading_state_column, "misleading-state-column", "warning"},
    {audit_rule_id::status_write_every_pass, "status-write-every-pass", "warning"},
    {audit_rule_id::condition_limit, "condition-limit", "error"},
    {audit_rule_id::fractional_time, "fractional-time", "warning"},
    {audit_rule_id::upgrade_change, "upgrade-change", "info"},
};

/// A time in the text with a fraction of a second, which the decoded object
/// no longer has (timestamps hold whole seconds): `index` into the
/// snapshot's trainjobs or jobsets, and its path there.
struct fractional_time {
  bool jobset = false;
  std::size_t index = 0;
  std::string path;
  std::string text;
};

/// A cluster's objects as `kubectl get trainjobs,jobsets -A` lists them;
/// TrainingRuntimes and ClusterTrainingRuntimes are optional (policies read them).
struct audit_snapshot {
  std::vector<train_job> trainjobs;
  std::vector<job_set> jobsets;
  std::vector<training_runtime> runtimes;  // either kind; `kind` tells them apart
  std::vector<fractional_time> fractional_times;
};

struct audit_options {
  /// The release the cluster runs.
  trainjob::profile profile = profile::latest;
  /// The time of the passes; must be set (the library has no clock).
  timestamp now;
  /// nullptr: the built-in runtime kinds. Not owned.
  const runtime_registry* runtimes = nullptr;
  /// Condition policies the controller runs; nullptr: none. Not owned.
  const policy_set* policies = nullptr;
  /// Also report what the first pass under this release would change.
  std::optional<trainjob::profile> upgrade_to;
};

struct audit_finding {
  std::string rule;
  std::string severity;
  std::string message;  // what will happen and why
};
inline bool operator==(const audit_finding& a, const audit_finding& b) {
  return a.rule == b.rule && a.severity == b.severity && a.message == b.message;
}
inline bool operator!=(const audit_finding& a, const audit_finding& b) { return !(a == b); }

/// What one release's pass over a job does, in words: the condition changes
/// ("Failed removed", "Complete added: True (AllJobsCompleted)") and the
/// actions ("apply", "delete JobSet", "requeue after 30s", "error: ...").
struct pass_summary {
  trainjob::profile profile = profile::latest;
  std::vector<std::string> changes;
  std::vector<std::string> actions;
};
inline bool same_effect(const pass_summary& a, const pass_summary& b) {
  return a.changes == b.changes && a.actions == b.actions;
}

/// One TrainJob, or one orphan JobSet, and what was found.
struct audit_entry {
  std::string kind;  // "TrainJob" or "JobSet"
  std::string namespace_;
  std::string name;
  /// TrainJob: state_of ("Running", ...); JobSet: its terminalState, or "".
  std::string state;
  /// TrainJob: the State column `kubectl get trainjob` shows ("" when none).
  std::string state_column;
  std::vector<audit_finding> findings;
  /// TrainJob: the pass under the cluster's release.
  std::optional<pass_summary> pass;
  /// TrainJob, with upgrade_to: the first pass under that release.
  std::optional<pass_summary> upgrade;
};

struct audit_report {
  trainjob::profile profile = profile::latest;
  timestamp now;
  std::optional<trainjob::profile> upgrade_to;
  /// TrainJobs and orphan JobSets, by namespace, then name, then kind.
  std::vector<audit_entry> entries;

  std::size_t finding_count() const noexcept {
    std::size_t n = 0;
    for (const auto& e : entries) n += e.findings.size();
    return n;
  }
};

namespace detail {

inline audit_finding make_audit_finding(audit_rule_id id, std::string message) {
  const audit_rule& r = audit_rules[static_cast<std::size_t>(id)];
  return {std::string(r.id), std::string(r.severity), std::move(message)};
}

constexpr bool audit_rules_in_order() noexcept {
  for (std::size_t i = 0; i < std::size(audit_rules); ++i) {
    if (static_cast<std::size_t>(audit_rules[i].rule) != i) return false;
  }
  return true;
}
static_assert(audit_rules_in_order(), "audit_rules must list every audit_rule_id once, in order");

/// The releases whose controller sends a status patch on every pass that gets
/// to its end: v2.2.0 compares `&trainJob.Status` with `prevTrainJob.Status`
/// (a pointer with a value), which never holds; v2.3 fixed it. No release
/// switch models it (the library's `changed` is the real difference), so the
/// fact lives here, beside the one rule that reads it (docs/semantics.md §4).
constexpr bool patches_status_every_pass(profile p) noexcept { return p == profile::v2_2; }

/// Every v2 release runs the unsupported-runtime branch into
/// setTrainJobStatus(runtime = nil) and panics; v1.9 returns an error instead
/// (docs/semantics.md §3.1, §4).
constexpr bool panics_on_unsupported_runtime(const profile_traits& t) noexcept { return !t.legacy_created; }

/// "2025-06-11T07:42:17.5Z": an RFC 3339 time with a fraction.
inline bool has_fraction(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.size() > 20 && s[19] == '.' && timestamp::parse(s).has_value();
}

/// The times a pass reads, where they carry a fraction: creationTimestamp
/// (the deadline's start) and each condition's lastTransitionTime.
inline void find_fractions(const nlohmann::json& j, bool jobset, std::size_t index,
                           std::vector<fractional_time>& out) {
  if (!j.is_object()) return;
  const auto meta = j.find("metadata");
  if (meta != j.end() && meta->is_object()) {
    const auto c = meta->find("creationTimestamp");
    if (c != meta->end() && has_fraction(*c)) {
      out.push_back({jobset, index, "metadata.creationTimestamp", c->get<std::string>()});
    }
  }
  const auto status = j.find("status");
  if (status == j.end() || !status->is_object()) return;
  const auto conds = status->find("conditions");
  if (conds == status->end() || !conds->is_array()) return;
  for (std::size_t i = 0; i < conds->size(); ++i) {
    const auto& c = (*conds)[i];
    if (!c.is_object()) continue;
    const auto t = c.find("lastTransitionTime");
    if (t != c.end() && has_fraction(*t)) {
      out.push_back({jobset, index, "status.conditions[" + std::to_string(i) + "].lastTransitionTime",
                     t->get<std::string>()});
    }
  }
}

}  // namespace detail

namespace detail {

/// Whether JSON text may hold a quoted RFC 3339 time with a fraction
/// (`"YYYY-MM-DDTHH:MM:SS.`): a cheap superset, so that only the rare object
/// that may is parsed again for find_fractions to decide.
inline bool may_hold_fraction(std::string_view text) noexcept {
  const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  for (std::size_t dot = text.find('.', 20); dot != std::string_view::npos; dot = text.find('.', dot + 1)) {
    const std::size_t b = dot - 19;  // where the year starts
    if (text[b - 1] == '"' && text[b + 4] == '-' && text[b + 7] == '-' && text[b + 10] == 'T' &&
        text[b + 13] == ':' && text[b + 16] == ':' && digit(b) && digit(b + 3) && digit(b + 18)) {
      return true;
    }
  }
  return false;
}

}  // namespace detail

/// Adds an object decoded elsewhere (read_manifest hands them over) and notes
/// the times whose fraction decoding dropped, read from its tree when given,
/// else from its JSON text (either may be empty: then none are noted). The
/// snapshot keeps what the audit reads: a JobSet's `spec` and every object's
/// `managedFields`, which no rule and no pass reads, are emptied (a snapshot
/// of 100,000 TrainJobs and JobSets then fits in twice its JSON); read with
/// manifest_drops{true, true}, read_manifest does not build them at all.
inline void add_decoded(audit_snapshot& s, any_object&& o, const nlohmann::json* tree = nullptr,
                        std::string_view text = {}) {
  const auto note = [&](bool jobset, std::size_t index) {
    if (tree != nullptr) return detail::find_fractions(*tree, jobset, index, s.fractional_times);
    if (!detail::may_hold_fraction(text)) return;
    parse_limits unbudgeted;  // the text was parsed once already, within its budget
    unbudgeted.memory_floor = SIZE_MAX;
    auto j = parse_json(text, unbudgeted);
    if (!j) throw decode_error(j.error());
    const detail::owned_json t(std::move(*j));
    detail::find_fractions(t.get(), jobset, index, s.fractional_times);
  };
  if (auto* tj = std::get_if<train_job>(&o)) {
    note(false, s.trainjobs.size());
    detail::drop(tj->metadata.managed_fields);
    s.trainjobs.push_back(std::move(*tj));
  } else if (auto* js = std::get_if<job_set>(&o)) {
    note(true, s.jobsets.size());
    detail::drop(js->metadata.managed_fields);
    detail::drop(js->spec);  // most of a JobSet: its pod templates
    s.jobsets.push_back(std::move(*js));
  } else if (auto* ctr = std::get_if<cluster_training_runtime>(&o)) {
    s.runtimes.push_back(std::move(static_cast<training_runtime&>(*ctr)));
  } else {
    s.runtimes.push_back(std::move(std::get<training_runtime>(o)));
  }
}

/// Decodes one object (by its `kind`) into the snapshot and notes the times
/// whose fraction decoding drops; throws decode_error with the path below
/// `at`. Kinds other than the four modelled are an error.
inline void add_object(audit_snapshot& s, const nlohmann::json& j, const detail::path_node& at = {}) {
  add_decoded(s, detail::decode_any_at(j, at), &j);
}

/// A lone object or a List of them (kubectl's "List" or "<Kind>List").
inline void add_objects(audit_snapshot& s, const nlohmann::json& j) {
  detail::for_each_listed(
      j, [&](const nlohmann::json& o, const detail::path_node& at, std::size_t) { add_object(s, o, at); });
}

namespace detail {

/// The uid of the object's controller ownerReference of `kind`, if any.
inline std::optional<std::string_view> controller_owner_uid(const object_meta& m, std::string_view kind,
                                                            std::string* owner_name = nullptr) {
  if (!m.owner_references.is_array()) return std::nullopt;
  for (const auto& r : m.owner_references) {
    if (!r.is_object()) continue;
    const auto c = r.find("controller");
    const auto k = r.find("kind");
    const auto u = r.find("uid");
    if (c == r.end() || !c->is_boolean() || !c->get<bool>()) continue;
    if (k == r.end() || !k->is_string() || k->get_ref<const std::string&>() != kind) continue;
    if (owner_name != nullptr) {
      const auto n = r.find("name");
      *owner_name = n != r.end() && n->is_string() ? n->get<std::string>() : std::string();
    }
    if (u == r.end() || !u->is_string()) return std::string_view();
    return std::string_view(u->get_ref<const std::string&>());
  }
  return std::nullopt;
}

inline std::string condition_words(const condition& c) {
  std::string out = std::string(to_string(c.status));
  if (!c.reason.empty()) out += " (" + c.reason + ")";
  return out;
}

/// The pass's effect in words; see pass_summary.
inline pass_summary summarize_pass(profile p, const train_job& tj, const reconcile_result& r,
                                   bool creates_jobset) {
  pass_summary s;
  s.profile = p;
  const auto& before = tj.status.conditions;
  const auto& after = r.status.conditions;
  for (const auto& c : before) {
    if (conditions::find(after, c.type) == nullptr) s.changes.push_back(c.type + " removed");
  }
  for (const auto& c : after) {
    const condition* old = conditions::find(before, c.type);
    if (old == nullptr) {
      s.changes.push_back(c.type + " added: " + condition_words(c));
    } else if (old->status != c.status || old->reason != c.reason || old->message != c.message) {
      s.changes.push_back(c.type + ": " + condition_words(*old) + " -> " + condition_words(c));
    }
  }
  if (r.status.jobs_status != tj.status.jobs_status) s.changes.emplace_back("jobsStatus rebuilt");
  if (r.skipped) s.actions.emplace_back("skipped: managed by " + std::string(tj.spec.effective_managed_by()));
  if (r.apply_objects) s.actions.emplace_back(creates_jobset ? "apply (creates the JobSet)" : "apply");
  if (r.changed) s.actions.emplace_back(r.rejected.empty() ? "write status" : "status write refused");
  if (r.delete_job_set) s.actions.emplace_back("delete JobSet");
  if (r.requeue_after_seconds) {
    s.actions.push_back("requeue after " + std::to_string(*r.requeue_after_seconds) + "s");
  }
  for (const auto& e : r.errors) s.actions.push_back("error: " + e);
  for (const auto& e : r.events) s.actions.push_back("event " + e.type + " " + e.reason);
  return s;
}

inline std::string joined(const std::vector<std::string>& v, std::string_view none = "nothing") {
  if (v.empty()) return std::string(none);
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

inline std::string effect_words(const pass_summary& s) {
  return "conditions: " + joined(s.changes, "unchanged") + "; actions: " + joined(s.actions, "none");
}

/// One release's pass over a job against what the controller reads: the
/// JobSet, or (NotFound and the pass applies) the one its apply creates.
struct audited_pass {
  reconcile_result result;
  bool creates_jobset = false;
  bool ran = false;  // the pass got past skipping and the finished-job early return
  bool registered = false;
};

inline audited_pass run_audit_pass(const train_job& tj, const job_set* seen, const training_runtime* runtime,
                                   profile p, const audit_options& o) {
  reconcile_options ro;
  ro.profile = p;
  ro.runtimes = o.runtimes;
  ro.policies = supports_policies(p) ? o.policies : nullptr;
  audited_pass out;
  const profile_traits t = traits_of(p);
  out.registered = runtime_registered(tj, t, o.runtimes);
  const plan_result pl = detail::plan(tj, t, out.registered);
  out.ran = !pl.skipped && !(t.finished_is_final && is_finished(tj.status.conditions));
  std::optional<job_set> created;
  if (seen == nullptr && pl.apply_objects) {
    // As a replay: the apply creates it, without a status, before the status step reads it.
    created.emplace();
    created->metadata.name = tj.metadata.name;
    created->metadata.namespace_ = tj.metadata.namespace_;
    out.creates_jobset = true;
  }
  reconcile(observation{tj, seen != nullptr ? seen : (created ? &*created : nullptr), o.now, std::nullopt,
                        std::nullopt, runtime},
            ro, out.result);
  return out;
}

inline bool has_error(const reconcile_result& r, std::string_view text) {
  return std::find(r.errors.begin(), r.errors.end(), text) != r.errors.end();
}

using object_key = std::pair<std::string_view, std::string_view>;  // namespace, name

/// Objects looked up by namespace and name through a sorted index, not a hash
/// map: names come from the input, and a fixed-seed hash would let crafted
/// colliding names make the audit quadratic; this is n log n whatever they are.
/// A name given twice finds its first object, in input order.
class object_index {
 public:
  template <class Object>
  explicit object_index(const std::vector<Object>& objects) {
    keys_.reserve(objects.size());
    for (std::size_t i = 0; i < objects.size(); ++i)
      keys_.push_back({{objects[i].metadata.namespace_, objects[i].metadata.name}, i});
    std::stable_sort(keys_.begin(), keys_.end(),
                     [](const entry& a, const entry& b) { return a.first < b.first; });
  }
  /// The first object's position, if one has this key.
  std::optional<std::size_t> find(const object_key& k) const {
    const auto it = std::lower_bound(keys_.begin(), keys_.end(), k,
                                     [](const entry& e, const object_key& key) { return e.first < key; });
    if (it == keys_.end() || it->first != k) return std::nullopt;
    return it->second;
  }

 private:
  using entry = std::pair<object_key, std::size_t>;
  std::vector<entry> keys_;
};

inline const training_runtime* find_runtime(const audit_snapshot& s, const train_job& tj) {
  const runtime_ref& ref = tj.spec.runtime_ref;
  const std::string_view kind = ref.effective_kind();
  for (const auto& r : s.runtimes) {
    const bool cluster = r.kind == names::cluster_training_runtime;
    if (r.metadata.name != ref.name) continue;
    if (cluster && kind == names::cluster_training_runtime) return &r;
    if (!cluster && kind == names::training_runtime && r.metadata.namespace_ == tj.metadata.namespace_)
      return &r;
  }
  return nullptr;
}

inline std::string object_name(const object_meta& m) {
  return (m.namespace_.empty() ? std::string() : m.namespace_ + "/") + m.name;
}

/// The findings of one TrainJob under the cluster's release.
inline void audit_train_job(const audit_snapshot& s, std::size_t index, const job_set* seen,
                            const std::vector<const fractional_time*>& fractions, const audit_options& o,
                            audit_entry& e) {
  const train_job& tj = s.trainjobs[index];
  const profile p = o.profile;
  const profile_traits t = traits_of(p);
  const std::string release = std::string(to_string(p));
  const training_runtime* runtime = find_runtime(s, tj);
  const audited_pass a = run_audit_pass(tj, seen, runtime, p, o);
  const reconcile_result& r = a.result;
  e.pass = summarize_pass(p, tj, r, a.creates_jobset);
  auto add = [&e](audit_rule_id id, std::string message) {
    e.findings.push_back(make_audit_finding(id, std::move(message)));
  };
  const bool panics = !a.registered && a.ran && panics_on_unsupported_runtime(t);

  if (r.changed && r.rejected.empty() && !panics) {
    add(audit_rule_id::stale_status,
        "the " + release + " controller would write " + joined(e.pass->changes, "a different status") +
            ": the stored status is behind what it computes now (the controller is behind or stopped, or "
            "something else writes the status)");
  }

  if (seen == nullptr && !r.skipped && (a.creates_jobset || has_error(r, names::error_jobset_not_found))) {
    const bool finished = is_finished(tj.status.conditions);
    if (a.creates_jobset) {
      add(audit_rule_id::missing_jobset,
          std::string(finished ? "a finished job" : "the job") + " has no JobSet; the " + release +
              " controller applies its children on the next pass and so creates it again" +
              (finished ? ": the finished job runs again" : ""));
    } else {
      add(audit_rule_id::missing_jobset, "the job has no JobSet and the " + release +
                                             " controller does not create it: each pass fails with \"" +
                                             std::string(names::error_jobset_not_found) +
                                             "\" and is retried with backoff, for ever");
    }
  }

  if (!a.registered && a.ran) {
    const std::string key = runtime_key(tj, t);
    if (panics) {
      add(audit_rule_id::unsupported_runtime,
          "runtime " + quote(key) + " is not registered; the " + release +
              " controller sets Failed (TrainingRuntimeNotSupported), then calls the nil runtime and "
              "panics, so the Failed is never stored and the pass is retried with backoff, for ever");
    } else {
      add(audit_rule_id::unsupported_runtime, "runtime " + quote(key) + " is not registered; each " +
                                                  release + " pass fails with \"" +
                                                  std::string(names::error_runtime_not_supported_v1_9) +
                                                  ": " + key + "\" and is retried with backoff, for ever");
    }
  }

  const condition* failed = conditions::find(tj.status.conditions, names::failed);
  if (a.ran && failed != nullptr && failed->status == condition_status::true_ && removes_failed(t, failed)) {
    const bool put_back = conditions::is_true(r.status.conditions, names::failed);
    if (put_back) {
      add(audit_rule_id::failed_not_terminal,
          "the " + release + " controller removes this Failed (" + failed->reason +
              ") at the start of each pass and copies it back from the JobSet; once the JobSet is gone "
              "(its TTL, a deletion) nothing puts it back and the job is applied again, so it runs again "
              "(kubeflow/trainer 3737)");
    } else {
      add(audit_rule_id::failed_not_terminal,
          "the " + release + " controller removes this Failed (" + failed->reason +
              ") on the next pass and the JobSet no longer says Failed, so the job is no longer finished: "
              "its children are applied again and it runs again (kubeflow/trainer 3737)");
    }
  }

  for (auto& f : lint(tj)) {
    if (f.rule == lint_rules[static_cast<std::size_t>(lint_rule_id::misleading_state_column)].id) {
      add(audit_rule_id::misleading_state_column, std::move(f.message));
    }
  }

  if (patches_status_every_pass(p) && a.ran && !panics && !r.requeue_after_seconds) {
    add(audit_rule_id::status_write_every_pass,
        "the " + release +
            " controller compares the status with a pointer to the one it read, which never holds, so every "
            "pass on this job sends a status PATCH even when nothing changed (fixed in v2.3)");
  }

  const std::size_t limit = validation_options{}.max_conditions;
  if (r.changed && r.status.conditions.size() > limit) {
    add(audit_rule_id::condition_limit,
        "the pass would write " + std::to_string(r.status.conditions.size()) +
            " conditions; the TrainJob CRD allows " + std::to_string(limit) +
            ", so the API server refuses the status write and the pass is retried with backoff, the stored "
            "status unchanged");
  }

  for (const fractional_time* f : fractions) {
    add(audit_rule_id::fractional_time,
        std::string(f->jobset ? "its JobSet's " : "") + f->path + " is " + quote(f->text) +
            ": a controller keeps the fraction in memory but writes whole seconds, so what it computes "
            "and what it reads back differ on every pass (docs/semantics.md §4)");
  }

  if (o.upgrade_to) {
    const profile q = *o.upgrade_to;
    const audited_pass b = run_audit_pass(tj, seen, runtime, q, o);
    e.upgrade = summarize_pass(q, tj, b.result, b.creates_jobset);
    if (!same_effect(*e.pass, *e.upgrade)) {
      add(audit_rule_id::upgrade_change, "the first " + std::string(to_string(q)) +
                                             " pass: " + effect_words(*e.upgrade) + "; under " + release +
                                             ": " + effect_words(*e.pass));
    }
  }
}

}  // namespace detail

/// The audit of a snapshot; see the header comment. Throws decode_error
/// (schema) when `now` is unset, (policy) for policies with v1.9.
inline audit_report audit(const audit_snapshot& s, const audit_options& o) {
  if (o.now.is_zero()) throw decode_error("now", "required: the time of the passes", error_kind::schema);
  const bool policies = o.policies != nullptr && !o.policies->empty();
  if (policies && (!supports_policies(o.profile) || (o.upgrade_to && !supports_policies(*o.upgrade_to)))) {
    throw decode_error("", std::string(names::error_policies_with_v1_9), error_kind::policy);
  }
  audit_report report;
  report.profile = o.profile;
  report.now = o.now;
  report.upgrade_to = o.upgrade_to;

  const detail::object_index jobsets(s.jobsets), trainjobs(s.trainjobs);

  // The fractional times by object, found by binary search: a snapshot may have one for every job.
  std::vector<const fractional_time*> fractions;
  fractions.reserve(s.fractional_times.size());
  for (const auto& f : s.fractional_times) fractions.push_back(&f);
  const auto by_object = [](const fractional_time* a, const fractional_time* b) {
    return std::tie(a->jobset, a->index) < std::tie(b->jobset, b->index);
  };
  std::stable_sort(fractions.begin(), fractions.end(), by_object);
  std::vector<const fractional_time*> mine;
  const auto fractions_of = [&](bool jobset, std::size_t index) {
    fractional_time key;
    key.jobset = jobset;
    key.index = index;
    const auto range = std::equal_range(fractions.begin(), fractions.end(), &key, by_object);
    mine.insert(mine.end(), range.first, range.second);
  };

  report.entries.reserve(s.trainjobs.size());
  for (std::size_t i = 0; i < s.trainjobs.size(); ++i) {
    const train_job& tj = s.trainjobs[i];
    audit_entry e;
    e.kind = "TrainJob";
    e.namespace_ = tj.metadata.namespace_;
    e.name = tj.metadata.name;
    e.state = std::string(to_string(state_of(tj)));
    e.state_column = state_column(tj.status);
    const auto js = jobsets.find(detail::object_key{tj.metadata.namespace_, tj.metadata.name});
    const job_set* seen = js ? &s.jobsets[*js] : nullptr;
    mine.clear();
    fractions_of(false, i);
    if (seen != nullptr) fractions_of(true, *js);
    detail::audit_train_job(s, i, seen, mine, o, e);
    report.entries.push_back(std::move(e));
  }

  for (std::size_t i = 0; i < s.jobsets.size(); ++i) {
    const job_set& js = s.jobsets[i];
    std::string owner_name;
    const auto owner_uid = detail::controller_owner_uid(js.metadata, "TrainJob", &owner_name);
    const auto tj = trainjobs.find(detail::object_key{js.metadata.namespace_, js.metadata.name});
    std::string message;
    if (!tj) {
      if (!owner_uid) continue;  // a JobSet of its own, not Trainer's
      message = "its owner TrainJob " + detail::quote(owner_name) + " (uid " + detail::quote(*owner_uid) +
                ") is absent: garbage collection has not removed it, and a TrainJob created again as " +
                detail::quote(js.metadata.name) + " would read it as its own";
    } else {
      const train_job& owner = s.trainjobs[*tj];
      if (owner_uid && *owner_uid == owner.metadata.uid) continue;  // a sound pair
      message =
          std::string(owner_uid ? "owned by TrainJob uid " + detail::quote(*owner_uid) + ", but TrainJob " +
                                      detail::quote(detail::object_name(owner.metadata)) + " has uid " +
                                      detail::quote(owner.metadata.uid) + " (deleted and created again)"
                                : "no TrainJob controls it, yet it has the name of TrainJob " +
                                      detail::quote(detail::object_name(owner.metadata))) +
          ": the controller reads it by name as that job's JobSet, so the job shows a status that is "
          "not its own";
    }
    audit_entry e;
    e.kind = "JobSet";
    e.namespace_ = js.metadata.namespace_;
    e.name = js.metadata.name;
    e.state = js.status.terminal_state;
    e.findings.push_back(detail::make_audit_finding(audit_rule_id::orphan_jobset, std::move(message)));
    report.entries.push_back(std::move(e));
  }

  std::stable_sort(report.entries.begin(), report.entries.end(),
                   [](const audit_entry& a, const audit_entry& b) {
                     return std::tie(a.namespace_, a.name, b.kind) < std::tie(b.namespace_, b.name, a.kind);
                   });
  return report;
}

/// As `audit`, never throws: the error comes back in the result.
inline result<audit_report> try_audit(const audit_snapshot& s, const audit_options& o) noexcept {
  return detail::capture<audit_report>([&] { return audit(s, o); });
}

inline void to_json(nlohmann::json& j, const audit_finding& f) {
  j = nlohmann::json{{"rule", f.rule}, {"severity", f.severity}, {"message", f.message}};
}

inline void to_json(nlohmann::json& j, const pass_summary& p) {
  j = nlohmann::json{
      {"profile", std::string(to_string(p.profile))}, {"changes", p.changes}, {"actions", p.actions}};
}

/// {"kind", "namespace", "name", "state", "stateColumn" (TrainJob), "findings": [{rule, severity,
/// message}], "pass" and "upgrade" (TrainJob; upgrade with upgrade_to): {profile, changes, actions}}.
inline void to_json(nlohmann::json& j, const audit_entry& e) {
  j = nlohmann::json::object();
  j["kind"] = e.kind;
  j["namespace"] = e.namespace_;
  j["name"] = e.name;
  j["state"] = e.state;
  if (e.kind == "TrainJob") j["stateColumn"] = e.state_column;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : e.findings) j["findings"].push_back(f);
  if (e.pass) j["pass"] = *e.pass;
  if (e.upgrade) j["upgrade"] = *e.upgrade;
}

/// {"profile", "now", "upgradeTo" (when set), "findings": the count, "entries": [...]}.
inline void to_json(nlohmann::json& j, const audit_report& r) {
  j = nlohmann::json::object();
  j["profile"] = std::string(to_string(r.profile));
  j["now"] = r.now.to_string();
  if (r.upgrade_to) j["upgradeTo"] = std::string(to_string(*r.upgrade_to));
  j["findings"] = r.finding_count();
  j["entries"] = nlohmann::json::array();
  for (const auto& e : r.entries) j["entries"].push_back(e);
}

}  // namespace trainjob

#endif
