// Model-based tests of the status transition (trainjob issue 7).
//
// `model` below is a second, deliberately plain encoding of DESIGN §3: its own condition
// records, its own `set`/`remove`, one rule table row per profile and one if-chain per pass.
// It shares nothing with include/trainjob/reconcile.hpp but the types needed to call the
// library. Random event sequences (JobSet updates, deletions, apply and build errors,
// suspend, managedBy, runtime kind, activeDeadlineSeconds, time, a leftover pre-2.0
// `Created`) are replayed through trainjob::plan/reconcile, as a controller would run them
// (the library's status is the next pass's TrainJob status), and through the model; after
// every pass the whole status and every action must agree. rapidcheck shrinks a failure to
// the shortest sequence.
//
// Where DESIGN §3 says nothing about v1.9 beyond `Created`, the model follows the README's
// "Legacy: v1.9 and `Created`" section (a JobSet read error writes nothing, runtimes are
// registered under kubeflow.org) and tests/test_legacy.cpp (an unknown runtime is only an
// error, Suspended is set before Created, no event). Texts DESIGN does not give (the errors:
// "jobset not found", the apply or build error as is) are the ones the unit tests expect.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include "catch.hpp"
#include <trainjob/reconcile.hpp>

namespace model {

// ---------------------------------------------------------------------------------------------
// State: plain records, times as unix seconds.

constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::min();

struct cond {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
  std::int64_t time = no_time;  // lastTransitionTime
  std::int64_t generation = 0;  // observedGeneration
};

bool same(const cond& a, const cond& b) {
  return a.type == b.type && a.status == b.status && a.reason == b.reason && a.message == b.message &&
         a.time == b.time && a.generation == b.generation;
}

/// A jobsStatus entry, or a JobSet's replicatedJobsStatus entry (same counts).
struct job {
  std::string name;
  std::int32_t ready = 0, succeeded = 0, failed = 0, active = 0, suspended = 0;
};

bool same(const job& a, const job& b) {
  return a.name == b.name && a.ready == b.ready && a.succeeded == b.succeeded && a.failed == b.failed &&
         a.active == b.active && a.suspended == b.suspended;
}

struct status {
  std::vector<cond> conds;
  std::vector<job> jobs;
};

bool same(const status& a, const status& b) {
  if (a.conds.size() != b.conds.size() || a.jobs.size() != b.jobs.size()) return false;
  for (std::size_t i = 0; i < a.conds.size(); ++i) {
    if (!same(a.conds[i], b.conds[i])) return false;
  }
  for (std::size_t i = 0; i < a.jobs.size(); ++i) {
    if (!same(a.jobs[i], b.jobs[i])) return false;
  }
  return true;
}

/// The parts of the TrainJob spec and metadata a pass reads.
struct spec {
  bool suspend = false;
  std::optional<std::string> managed_by;
  std::optional<std::string> runtime_kind;
  std::optional<std::string> runtime_group;
  std::optional<std::int64_t> active_deadline;
  std::int64_t created = 0;  // creationTimestamp
};

/// The JobSet as the status step reads it.
struct jobset {
  std::vector<cond> conds;
  std::vector<job> replicated;
};

// ---------------------------------------------------------------------------------------------
// DESIGN §2, written out again.

const cond* first(const std::vector<cond>& list, const std::string& type) {
  for (const cond& c : list) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

bool has(const std::vector<cond>& list, const std::string& type, const std::string& st) {
  const cond* c = first(list, type);
  return c != nullptr && c->status == st;
}

/// meta.SetStatusCondition with `now` as the clock.
void put(std::vector<cond>& list, cond c, std::int64_t now) {
  for (cond& old : list) {
    if (old.type != c.type) continue;
    if (old.status != c.status) {
      old.status = c.status;
      old.time = c.time == no_time ? now : c.time;
    }
    old.reason = c.reason;
    old.message = c.message;
    old.generation = c.generation;
    return;
  }
  if (c.time == no_time) c.time = now;
  list.push_back(std::move(c));
}

void remove_all(std::vector<cond>& list, const std::string& type) {
  std::vector<cond> kept;
  for (cond& c : list) {
    if (c.type != type) kept.push_back(std::move(c));
  }
  list = std::move(kept);
}

cond controller_cond(std::string type, std::string st, std::string reason, std::string message) {
  cond c;
  c.type = std::move(type);
  c.status = std::move(st);
  c.reason = std::move(reason);
  c.message = std::move(message);
  return c;  // no time (stamped by put), no observedGeneration (the controller never sets it)
}

// ---------------------------------------------------------------------------------------------
// DESIGN §3, one row per profile.

struct rules {
  const char* name;
  bool legacy;                  // v1.9: Created; kubeflow.org runtimes; a JobSet read error writes nothing
  bool finished_left_alone;     // "Finished job: nothing changes, no actions"
  bool reapply_finished;        // "Finished job: full pass"
  bool only_complete_if_both;   // "both Completed and Failed True: only Complete"
  bool jobs_status;             // "jobsStatus rebuilt from replicatedJobsStatus"
  bool failed_dropped;          // "Failed ... removed at the start of each pass, re-derived"
  bool lost_jobset_ok_finished; // "JobSet NotFound, job finished: status kept, no error"
  bool deadline;                // activeDeadlineSeconds
  bool skip_foreign;            // "managedBy other than the built-in controller: skipped"
};

//                        legacy left   reapply  onlyC  jobs   drop   lostOk deadl  skip
const rules v1_9_rules = {"v1.9", true, true, false, true, false, false, false, false, false};
const rules v2_0_rules = {"v2.0", false, true, false, true, false, false, false, false, false};
const rules v2_1_rules = {"v2.1", false, false, true, false, true, true, false, false, false};
const rules v2_2_rules = {"v2.2", false, false, false, false, true, true, true, true, false};
const rules v2_3_rules = {"v2.3", false, false, false, false, true, true, true, true, true};
const rules latest_rules = {"latest", false, false, false, false, true, false, true, true, true};

const rules& rules_for(trainjob::profile p) {
  switch (p) {
    case trainjob::profile::v1_9: return v1_9_rules;
    case trainjob::profile::v2_0: return v2_0_rules;
    case trainjob::profile::v2_1: return v2_1_rules;
    case trainjob::profile::v2_2: return v2_2_rules;
    case trainjob::profile::v2_3: return v2_3_rules;
    case trainjob::profile::latest: return latest_rules;
  }
  return latest_rules;
}

const std::string builtin_controller = "trainer.kubeflow.org/trainjob-controller";

/// `<Kind>.<apiGroup>` of the runtime, with the CRD defaults for an absent or empty field.
std::string runtime_name(const spec& s, const rules& r) {
  const std::string kind = s.runtime_kind && !s.runtime_kind->empty() ? *s.runtime_kind : "ClusterTrainingRuntime";
  const std::string group = s.runtime_group && !s.runtime_group->empty()
                                ? *s.runtime_group
                                : (r.legacy ? "kubeflow.org" : "trainer.kubeflow.org");
  return kind + "." + group;
}

bool runtime_known(const spec& s, const rules& r) {
  const std::string name = runtime_name(s, r);
  if (r.legacy) return name == "TrainingRuntime.kubeflow.org" || name == "ClusterTrainingRuntime.kubeflow.org";
  return name == "TrainingRuntime.trainer.kubeflow.org" || name == "ClusterTrainingRuntime.trainer.kubeflow.org";
}

bool finished(const std::vector<cond>& list) {
  return has(list, "Complete", "True") || has(list, "Failed", "True");
}

/// The start of a v2.1..v2.3 pass: Failed goes, except a DeadlineExceeded one where the
/// profile has deadlines (sticky).
void drop_failed(std::vector<cond>& list, const rules& r) {
  if (!r.failed_dropped) return;
  const cond* f = first(list, "Failed");
  if (f == nullptr) return;
  if (r.deadline && f->reason == "DeadlineExceeded") return;
  remove_all(list, "Failed");
}

void suspended_step(std::vector<cond>& list, bool suspend, std::int64_t now) {
  if (suspend) {
    put(list, controller_cond("Suspended", "True", "Suspended", "TrainJob is suspended"), now);
  } else if (has(list, "Suspended", "True")) {
    put(list, controller_cond("Suspended", "False", "Resumed", "TrainJob is resumed"), now);
  }
}

/// How many bytes Go's utf8.DecodeRuneInString takes at `i` (1 for any invalid byte).
std::size_t go_rune_width(const std::string& s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(s[k])); };
  const unsigned b0 = at(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 == 0xE0) {
    n = 3, lo = 0xA0;
  } else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) {
    n = 3;
  } else if (b0 == 0xED) {
    n = 3, hi = 0x9F;
  } else if (b0 == 0xF0) {
    n = 4, lo = 0x90;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    n = 4;
  } else if (b0 == 0xF4) {
    n = 4, hi = 0x8F;
  } else {
    return 1;
  }
  if (i + n > s.size()) return 1;
  if (at(i + 1) < lo || at(i + 1) > hi) return 1;
  for (std::size_t k = 2; k < n; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 1;
  }
  return n;
}

/// The Warning event's message: "%.950v" keeps 950 runes; " ..." when over 950 bytes.
std::string apply_failed_message(const std::string& error) {
  std::size_t end = 0;
  for (int runes = 0; runes < 950 && end < error.size(); ++runes) end += go_rune_width(error, end);
  std::string out = "TrainJob resources reconciliation failed: " + error.substr(0, end);
  if (error.size() > 950) out += " ...";
  return out;
}

struct plan_out {
  bool skipped = false;
  bool apply = false;
};

struct recorded_event {
  std::string type, reason, message;
};

struct pass_out {
  status after;
  bool changed = false;
  bool apply = false;
  bool delete_jobset = false;
  bool skipped = false;
  std::optional<std::int64_t> requeue;
  std::vector<std::string> errors;
  std::vector<recorded_event> events;
};

/// The first half of a pass: skip, and whether objects are applied.
plan_out plan(const status& before, const spec& s, const rules& r) {
  plan_out out;
  if (r.skip_foreign && s.managed_by && *s.managed_by != builtin_controller) {
    out.skipped = true;
    return out;
  }
  std::vector<cond> list = before.conds;
  drop_failed(list, r);
  const bool done = finished(list);
  if (done && r.finished_left_alone) return out;
  if (!runtime_known(s, r)) return out;
  out.apply = !done || r.reapply_finished;
  return out;
}

struct pass_in {
  status before;
  spec s;
  const jobset* js = nullptr;  // after this pass's apply; nullptr: NotFound
  std::int64_t now = 0;
  std::optional<std::string> apply_error;
  std::optional<std::string> build_error;
  bool migrate = false;
};

pass_out pass(const pass_in& in, const rules& r) {
  pass_out out;
  out.after = in.before;
  std::vector<cond>& list = out.after.conds;
  const plan_out pl = plan(in.before, in.s, r);

  // managedBy another controller (v2.3+): nothing at all.
  if (pl.skipped) {
    out.skipped = true;
    return out;
  }
  if (in.migrate && !r.legacy) remove_all(list, "Created");
  drop_failed(list, r);
  const bool done = finished(list);  // after the removal
  if (done && r.finished_left_alone) {
    out.changed = !same(out.after, in.before);
    return out;
  }

  // The runtime.
  if (!runtime_known(in.s, r)) {
    const std::string name = runtime_name(in.s, r);
    if (r.legacy) {
      out.after = in.before;
      out.errors.push_back("the specified runtime is not supported: " + name);
      return out;
    }
    put(list, controller_cond("Failed", "True", "TrainingRuntimeNotSupported", "unsupported runtime: " + name), in.now);
    out.errors.push_back("unsupported runtime: " + name);
    suspended_step(list, in.s.suspend, in.now);
    out.changed = !same(out.after, in.before);
    return out;
  }

  // Apply.
  out.apply = pl.apply;
  bool build_failed = false, apply_failed = false;
  if (out.apply && in.build_error) {
    build_failed = true;
    out.errors.push_back(*in.build_error);
  } else if (out.apply && in.apply_error) {
    apply_failed = true;
    out.errors.push_back(*in.apply_error);
  }
  if ((build_failed || apply_failed) && !r.legacy) {
    out.events.push_back({"Warning", "TrainJobResourcesCreationFailed",
                          apply_failed_message(build_failed ? *in.build_error : *in.apply_error)});
  }

  suspended_step(list, in.s.suspend, in.now);
  if (r.legacy) {
    if (build_failed) {
      put(list, controller_cond("Created", "False", "JobsBuildFailed", "Failed to build Jobs"), in.now);
    } else if (apply_failed) {
      put(list, controller_cond("Created", "False", "JobsCreationFailed", "Failed to create Jobs"), in.now);
    } else {
      put(list, controller_cond("Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs"), in.now);
    }
  }

  // The JobSet.
  if (in.js == nullptr) {
    if (r.legacy) {  // returns before the status update
      out.after = in.before;
      out.errors.push_back("jobset not found");
      return out;
    }
    // Only the unknown runtime skips the deadline step (DESIGN §3); a lost JobSet does not.
    if (!(done && r.lost_jobset_ok_finished)) out.errors.push_back("jobset not found");
  } else {
    const cond* completed = first(in.js->conds, "Completed");
    const cond* failed = first(in.js->conds, "Failed");
    const bool completed_true = completed != nullptr && completed->status == "True";
    const bool failed_true = failed != nullptr && failed->status == "True";
    if (completed_true) {
      cond c = *completed;
      c.type = "Complete";
      put(list, c, in.now);
    }
    if (failed_true && !(r.only_complete_if_both && completed_true)) {
      cond c = *failed;
      c.type = "Failed";
      put(list, c, in.now);
    }
    if (r.jobs_status) out.after.jobs = in.js->replicated;
  }

  // The active deadline. A DeadlineExceeded Failed read at the start wins over the JobSet's
  // Failed just mapped: it is set again first.
  if (r.deadline) {
    const cond* old = first(in.before.conds, "Failed");
    if (old != nullptr && old->status == "True" && old->reason == "DeadlineExceeded") {
      put(list, controller_cond("Failed", "True", "DeadlineExceeded", "TrainJob exceeded its active deadline"),
          in.now);
    }
    const std::int64_t ads = in.s.active_deadline.value_or(0);
    if (ads > 0 && !finished(list) && !in.s.suspend) {
      std::int64_t start = in.s.created;
      const cond* sus = first(list, "Suspended");
      if (sus != nullptr && sus->status == "False") start = sus->time;
      const std::int64_t elapsed = in.now - start;  // ads may be near INT64_MAX: never start + ads
      if (elapsed > ads) {
        put(list, controller_cond("Failed", "True", "DeadlineExceeded", "TrainJob exceeded its active deadline"),
            in.now);
        out.delete_jobset = true;
      } else {
        out.requeue = std::max<std::int64_t>(1, ads - elapsed);
      }
    }
  }
  out.changed = !same(out.after, in.before);
  return out;
}

}  // namespace model

namespace {

// ---------------------------------------------------------------------------------------------
// Events.

enum class kind {
  resync,          // a pass with nothing new
  advance,         // time passes
  jobset_status,   // the JobSet's status changes (it exists from then on)
  jobset_deleted,  // the JobSet is gone (NotFound)
  apply_error,     // applying the objects fails in this pass
  build_error,     // building them fails in this pass
  suspend,         // spec.suspend set
  managed_by,      // spec.managedBy changed
  runtime,         // spec.runtimeRef kind/apiGroup changed
  deadline,        // spec.activeDeadlineSeconds set or cleared
  legacy_created,  // a pre-2.0 controller's Created appears in the status
  foreign_write,   // someone else writes a condition into the status
};

/// One JobSet condition: 0 absent, 1 True, 2 False, 3 Unknown.
struct jobset_cond {
  int status = 0;
  int variant = 0;     // which reason/message
  int ago = 0;         // lastTransitionTime = now - ago
  bool no_time = false;
  int generation = 0;  // observedGeneration
};

struct event {
  kind k = kind::resync;
  std::int64_t seconds = 0;              // advance
  jobset_cond completed, failed;         // jobset_status
  int extra = 0;                         // jobset_status: 1 JobSet Suspended, 2 a shadowed second Completed/Failed
  std::vector<model::job> replicated;    // jobset_status
  int text = 0;                          // apply_error, build_error: which error text
  bool flag = false;                     // suspend: value; build_error, jobset_deleted: an apply error too;
                                         // legacy_created: first
  int variant = 0;                       // advance: 0 by `seconds`, 1 to the deadline, 2 to 1s past it;
                                         // managed_by, runtime, legacy_created, foreign_write
  std::optional<std::int64_t> deadline;  // deadline
};

// Where the library's reading of DESIGN §3 has to be spelled out for the model.
//
// activeDeadlineSeconds is capped at Go's largest time.Duration (9223372036 s, ~292 years),
// as the Go controller path does (shared/anchors/go-reference keeps the Duration from
// wrapping): the deadline is start + min(activeDeadlineSeconds, cap), so the requeue for a
// larger value is the capped remaining time. The model is given the capped value.
constexpr bool known_deviation_deadline_cap = true;
constexpr std::int64_t go_max_duration_seconds = std::numeric_limits<std::int64_t>::max() / 1000000000;

const std::vector<std::string>& error_texts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> t = {
        "boom",
        "jobsets.jobset.x-k8s.io \"job\" is forbidden: exceeded quota",
        std::string(950, 'x'),
        std::string(951, 'x'),
        std::string(1200, 'y'),
    };
    std::string accents;  // 600 runes, 1200 bytes: whole, but " ..." (bytes > 950)
    for (int i = 0; i < 600; ++i) accents += "\xC3\xA9";
    t.push_back(accents);
    t.push_back(std::string(949, 'x') + "\xE6\x97\xA5\xE6\x9C\xAC" + std::string(40, 'z'));  // a rune across 950
    t.push_back(std::string(949, 'x') + "\xFF\xFE" + std::string(10, 'z'));                  // invalid bytes
    // Sequences shaped like UTF-8 that Go's decoder refuses (one rune per byte): overlong,
    // surrogate, beyond U+10FFFF.
    t.push_back(std::string(949, 'x') + "\xC0\x80" + std::string(10, 'z'));
    t.push_back(std::string(949, 'x') + "\xED\xA0\x80" + std::string(10, 'z'));
    t.push_back(std::string(949, 'x') + "\xF5\x80\x80\x80" + std::string(10, 'z'));
    return t;
  }();
  return texts;
}

/// How a counterexample names error text `i`.
std::string error_label(int i) {
  static const char* labels[] = {"\"boom\"",
                                 "\"jobsets... is forbidden: exceeded quota\"",
                                 "950 x",
                                 "951 x",
                                 "1200 y",
                                 "600 times C3 A9 (1200 bytes)",
                                 "949 x, a 3-byte rune twice, 40 z",
                                 "949 x, bytes FF FE, 10 z",
                                 "949 x, overlong C0 80, 10 z",
                                 "949 x, surrogate ED A0 80, 10 z",
                                 "949 x, F5 80 80 80, 10 z"};
  return i >= 0 && i < static_cast<int>(sizeof labels / sizeof labels[0]) ? labels[i] : "?";
}

std::string legacy_label(int v) {
  static const char* labels[] = {"Created=True(JobsCreationSucceeded)", "Created=False(JobsCreationFailed)",
                                 "Created=False(JobsBuildFailed) gen 1"};
  return v >= 0 && v < 3 ? labels[v] : "?";
}

std::string foreign_label(int v) {
  static const char* labels[] = {"example.com/QuotaReserved=True", "Failed=False(NotFailed)",
                                 "Complete=False(NotComplete) gen 3", "Suspended=False(Resumed) 50s ago",
                                 "a second Suspended=True"};
  return v >= 0 && v < 5 ? labels[v] : "?";
}

std::string managed_by_name(int v) {
  switch (v) {
    case 1: return "trainer.kubeflow.org/trainjob-controller";
    case 2: return "kueue.x-k8s.io/multikueue";
    case 3: return "example.com/other-controller";
    default: return "(unset)";
  }
}
std::optional<std::string> managed_by_value(int v) {
  if (v == 0) return std::nullopt;
  return managed_by_name(v);
}

/// {kind, apiGroup}; nullopt: absent.
std::pair<std::optional<std::string>, std::optional<std::string>> runtime_value(int v) {
  using o = std::optional<std::string>;
  switch (v) {
    case 1: return {o("TrainingRuntime"), o("trainer.kubeflow.org")};
    case 2: return {o("ClusterTrainingRuntime"), o("trainer.kubeflow.org")};
    case 3: return {o("TrainingRuntime"), std::nullopt};
    case 4: return {o("ClusterTrainingRuntime"), o("kubeflow.org")};
    case 5: return {o("TrainingRuntime"), o("kubeflow.org")};
    case 6: return {o("Foo"), o("example.com")};
    case 7: return {o("ClusterTrainingRuntime"), o("example.com")};
    case 8: return {o(""), o("")};
    default: return {std::nullopt, std::nullopt};
  }
}

std::string show_opt(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "(unset)"; }

void show_jobset_cond(const char* type, const jobset_cond& c, std::ostream& os) {
  static const char* statuses[] = {"absent", "True", "False", "Unknown"};
  os << type << "=" << statuses[c.status];
  if (c.status != 0) {
    os << "#" << c.variant << (c.no_time ? " (no time)" : " " + std::to_string(c.ago) + "s ago");
    if (c.generation != 0) os << " gen " << c.generation;
  }
}

void showValue(const event& e, std::ostream& os) {
  switch (e.k) {
    case kind::resync: os << "resync"; break;
    case kind::advance:
      if (e.variant == 0) os << "advance " << e.seconds << "s";
      if (e.variant == 1) os << "advance to the active deadline";
      if (e.variant == 2) os << "advance to 1s past the active deadline";
      break;
    case kind::jobset_status:
      os << "JobSet status: ";
      show_jobset_cond("Completed", e.completed, os);
      os << ", ";
      show_jobset_cond("Failed", e.failed, os);
      if (e.extra == 1) os << ", Suspended=True";
      if (e.extra == 2) os << ", shadowed duplicates";
      os << ", replicated [";
      for (std::size_t i = 0; i < e.replicated.size(); ++i) {
        const auto& j = e.replicated[i];
        os << (i ? " " : "") << j.name << ":" << j.ready << "/" << j.succeeded << "/" << j.failed << "/" << j.active
           << "/" << j.suspended;
      }
      os << "]";
      break;
    case kind::jobset_deleted: os << "JobSet deleted" << (e.flag ? ", and the apply fails" : ""); break;
    case kind::apply_error: os << "apply error " << error_label(e.text); break;
    case kind::build_error: os << "build error " << error_label(e.text) << (e.flag ? " (and an apply error)" : ""); break;
    case kind::suspend: os << "spec.suspend=" << (e.flag ? "true" : "false"); break;
    case kind::managed_by: os << "spec.managedBy=" << managed_by_name(e.variant); break;
    case kind::runtime: {
      const auto rt = runtime_value(e.variant);
      os << "spec.runtimeRef kind=" << show_opt(rt.first) << " apiGroup=" << show_opt(rt.second);
      break;
    }
    case kind::deadline:
      os << "spec.activeDeadlineSeconds=" << (e.deadline ? std::to_string(*e.deadline) : std::string("(unset)"));
      break;
    case kind::legacy_created:
      os << "leftover " << legacy_label(e.variant) << (e.flag ? " first" : " last") << " in the status";
      break;
    case kind::foreign_write:
      os << "another writer puts " << foreign_label(e.variant) << (e.flag ? " first" : " last") << " in the status";
      break;
  }
}

/// The TrainJob a sequence starts from.
struct start {
  bool suspend = false;
  int managed_by = 0;
  int runtime = 0;
  std::optional<std::int64_t> deadline;
  std::int64_t first_pass_after = 0;  // seconds after creation
  bool jobset_exists = false;         // a JobSet without status already there
  int legacy_created = -1;            // -1: none
  bool migrate = false;               // reconcile_options::migrate_legacy_created
};

void showValue(const start& s, std::ostream& os) {
  os << "start: suspend=" << (s.suspend ? "true" : "false") << " managedBy=" << managed_by_name(s.managed_by);
  const auto rt = runtime_value(s.runtime);
  os << " runtimeRef kind=" << show_opt(rt.first) << " apiGroup=" << show_opt(rt.second)
     << " activeDeadlineSeconds=" << (s.deadline ? std::to_string(*s.deadline) : std::string("(unset)"))
     << " first pass +" << s.first_pass_after << "s, JobSet " << (s.jobset_exists ? "exists" : "NotFound");
  if (s.legacy_created >= 0) os << ", leftover " << legacy_label(s.legacy_created);
  os << ", migrate=" << (s.migrate ? "true" : "false");
}

// ---------------------------------------------------------------------------------------------
// Generators. Alternatives are listed simplest first: rapidcheck shrinks towards them.

namespace gen = rc::gen;

/// Index into `weights`, drawn by weight, shrinking towards index 0 (rapidcheck's
/// weightedElement and weightedOneOf do not shrink).
rc::Gen<std::size_t> weighted_index(std::vector<int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  return gen::map(gen::inRange(0, total), [weights](int x) {
    std::size_t i = 0;
    while (x >= weights[i]) x -= weights[i++];
    return i;
  });
}

template <class T>
rc::Gen<T> weighted(std::vector<std::pair<int, T>> choices) {
  std::vector<int> weights;
  for (const auto& c : choices) weights.push_back(c.first);
  return gen::map(weighted_index(std::move(weights)), [choices](std::size_t i) { return choices[i].second; });
}

template <class T>
rc::Gen<T> weighted_one_of(std::vector<std::pair<int, rc::Gen<T>>> choices) {
  std::vector<int> weights;
  for (const auto& c : choices) weights.push_back(c.first);
  return gen::mapcat(weighted_index(std::move(weights)), [choices](std::size_t i) { return choices[i].second; });
}

rc::Gen<std::optional<std::int64_t>> gen_deadline() {
  using seconds = std::optional<std::int64_t>;
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  return weighted_one_of<seconds>({
      {3, gen::just(seconds())},
      {4, gen::map(gen::inRange<std::int64_t>(1, 601), [](std::int64_t v) { return seconds(v); })},
      // Edges: not positive (no deadline); so large that start + seconds overflows.
      {2, weighted<seconds>({{1, seconds(1)}, {1, seconds(0)}, {1, seconds(-5)}, {1, seconds(max)},
                             {1, seconds(max - 1735689600)}})},
  });
}

rc::Gen<jobset_cond> gen_jobset_cond() {
  return gen::build<jobset_cond>(gen::set(&jobset_cond::status, gen::inRange(0, 4)),
                                 gen::set(&jobset_cond::variant, gen::inRange(0, 3)),
                                 gen::set(&jobset_cond::ago, gen::inRange(0, 1000)),
                                 gen::set(&jobset_cond::no_time, weighted<bool>({{9, false}, {1, true}})),
                                 gen::set(&jobset_cond::generation, gen::inRange(0, 4)));
}

rc::Gen<model::job> gen_replicated(std::string name) {
  return gen::build<model::job>(
      gen::set(&model::job::name, gen::just(std::move(name))), gen::set(&model::job::ready, gen::inRange(0, 4)),
      gen::set(&model::job::succeeded, gen::inRange(0, 4)), gen::set(&model::job::failed, gen::inRange(0, 4)),
      gen::set(&model::job::active, gen::inRange(0, 4)), gen::set(&model::job::suspended, gen::inRange(0, 4)));
}

rc::Gen<std::vector<model::job>> gen_replicated_jobs() {
  return gen::exec([] {
    static const char* names[] = {"dataset-initializer", "model-initializer", "trainer", "node"};
    const int n = *gen::inRange(0, 5);
    std::vector<model::job> out;
    for (int i = 0; i < n; ++i) out.push_back(*gen_replicated(names[i]));
    return out;
  });
}

rc::Gen<event> with_kind(kind k) {
  event e;
  e.k = k;
  return gen::just(e);
}

rc::Gen<event> gen_event() {
  const auto texts = static_cast<int>(error_texts().size());
  return weighted_one_of<event>({
      {2, with_kind(kind::resync)},
      {5, gen::build<event>(gen::set(&event::k, gen::just(kind::advance)),
                            gen::set(&event::seconds, weighted_one_of<std::int64_t>({{1, gen::inRange<std::int64_t>(0, 30)},
                                                                                      {1, gen::inRange<std::int64_t>(0, 700)}})),
                            gen::set(&event::variant, weighted<int>({{6, 0}, {1, 1}, {1, 2}})))},
      {8, gen::build<event>(gen::set(&event::k, gen::just(kind::jobset_status)),
                            gen::set(&event::completed, gen_jobset_cond()), gen::set(&event::failed, gen_jobset_cond()),
                            gen::set(&event::extra, weighted<int>({{6, 0}, {1, 1}, {1, 2}})),
                            gen::set(&event::replicated, gen_replicated_jobs()))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::jobset_deleted)), gen::set(&event::flag))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::apply_error)),
                            gen::set(&event::text, gen::inRange(0, texts)))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::build_error)),
                            gen::set(&event::text, gen::inRange(0, texts)), gen::set(&event::flag))},
      {3, gen::build<event>(gen::set(&event::k, gen::just(kind::suspend)), gen::set(&event::flag))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::managed_by)),
                            gen::set(&event::variant, gen::inRange(0, 4)))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::runtime)), gen::set(&event::variant, gen::inRange(0, 9)))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::deadline)), gen::set(&event::deadline, gen_deadline()))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::legacy_created)),
                            gen::set(&event::variant, gen::inRange(0, 3)), gen::set(&event::flag))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::foreign_write)),
                            gen::set(&event::variant, gen::inRange(0, 5)), gen::set(&event::flag))},
  });
}

rc::Gen<start> gen_start() {
  return gen::build<start>(
      gen::set(&start::suspend, weighted<bool>({{3, false}, {1, true}})),
      gen::set(&start::managed_by, weighted<int>({{6, 0}, {1, 1}, {1, 2}, {1, 3}})),
      gen::set(&start::runtime, weighted<int>({{8, 0}, {1, 1}, {1, 3}, {1, 4}, {1, 6}})),
      gen::set(&start::deadline, gen_deadline()), gen::set(&start::first_pass_after, gen::inRange<std::int64_t>(0, 100)),
      gen::set(&start::jobset_exists),
      gen::set(&start::legacy_created, weighted<int>({{4, -1}, {1, 0}, {1, 1}, {1, 2}})),
      gen::set(&start::migrate));
}

// ---------------------------------------------------------------------------------------------
// Between the model's records and the library's types.

const std::int64_t created_at = 1735689600;  // 2025-01-01T00:00:00Z

trainjob::timestamp to_time(std::int64_t t) {
  return t == model::no_time ? trainjob::timestamp{} : trainjob::timestamp::from_unix(t);
}
std::int64_t from_time(trainjob::timestamp t) { return t.is_zero() ? model::no_time : t.unix_seconds(); }

trainjob::condition to_library(const model::cond& c) {
  trainjob::condition out;
  out.type = c.type;
  out.status = trainjob::condition_status_from_string(c.status).value_or(trainjob::condition_status::unknown);
  out.reason = c.reason;
  out.message = c.message;
  out.last_transition_time = to_time(c.time);
  out.observed_generation = c.generation;
  return out;
}

model::cond from_library(const trainjob::condition& c) {
  return {c.type, std::string(trainjob::to_string(c.status)), c.reason, c.message, from_time(c.last_transition_time),
          c.observed_generation};
}

trainjob::train_job library_job(const model::spec& s, trainjob::train_job_status st) {
  trainjob::train_job tj;
  tj.api_version = "trainer.kubeflow.org/v1alpha1";
  tj.kind = "TrainJob";
  tj.metadata.name = "job";
  tj.metadata.namespace_ = "default";
  tj.metadata.creation_timestamp = to_time(s.created);
  tj.spec.runtime_ref.name = "torch-distributed";
  tj.spec.runtime_ref.kind = s.runtime_kind;
  tj.spec.runtime_ref.api_group = s.runtime_group;
  tj.spec.suspend = s.suspend;
  tj.spec.managed_by = s.managed_by;
  tj.spec.active_deadline_seconds = s.active_deadline;
  tj.status = std::move(st);
  return tj;
}

trainjob::job_set library_jobset(const model::jobset& js) {
  trainjob::job_set out;
  out.api_version = "jobset.x-k8s.io/v1alpha2";
  out.kind = "JobSet";
  out.metadata.name = "job";
  out.metadata.namespace_ = "default";
  for (const auto& c : js.conds) out.status.conditions.push_back(to_library(c));
  for (const auto& j : js.replicated) {
    trainjob::replicated_job_status r;
    r.name = j.name;
    r.ready = j.ready;
    r.succeeded = j.succeeded;
    r.failed = j.failed;
    r.active = j.active;
    r.suspended = j.suspended;
    out.status.replicated_jobs_status.push_back(std::move(r));
  }
  if (model::has(js.conds, "Completed", "True")) out.status.terminal_state = "Completed";
  if (model::has(js.conds, "Failed", "True")) out.status.terminal_state = "Failed";
  return out;
}

/// A result as comparable lines, key -> value, in a fixed order.
using lines = std::vector<std::pair<std::string, std::string>>;

/// Quoted, bytes outside printable ASCII as \xNN, long texts as their head and tail.
std::string quote(const std::string& s) {
  auto escaped = [](const std::string& part) {
    std::string out;
    for (const char ch : part) {
      const auto b = static_cast<unsigned char>(ch);
      if (b >= 0x20 && b < 0x7F) {
        out += ch;
      } else {
        static const char hex[] = "0123456789ABCDEF";
        out += std::string("\\x") + hex[b >> 4] + hex[b & 0xF];
      }
    }
    return out;
  };
  if (s.size() <= 100) return "\"" + escaped(s) + "\"";
  return "\"" + escaped(s.substr(0, 30)) + "..." + escaped(s.substr(s.size() - 40)) + "\" (" +
         std::to_string(s.size()) + " bytes)";
}

std::string show_time(std::int64_t t) {
  return t == model::no_time ? std::string("(none)") : trainjob::timestamp::from_unix(t).to_string();
}

void add_status(lines& out, const model::status& s) {
  for (std::size_t i = 0; i < s.conds.size(); ++i) {
    const auto& c = s.conds[i];
    out.emplace_back("status.conditions[" + std::to_string(i) + "]",
                     c.type + "=" + c.status + " reason=" + c.reason + " message=" + quote(c.message) +
                         " lastTransitionTime=" + show_time(c.time) + " observedGeneration=" +
                         std::to_string(c.generation));
  }
  for (std::size_t i = 0; i < s.jobs.size(); ++i) {
    const auto& j = s.jobs[i];
    out.emplace_back("status.jobsStatus[" + std::to_string(i) + "]",
                     j.name + " ready=" + std::to_string(j.ready) + " succeeded=" + std::to_string(j.succeeded) +
                         " failed=" + std::to_string(j.failed) + " active=" + std::to_string(j.active) +
                         " suspended=" + std::to_string(j.suspended));
  }
}

lines describe(const model::pass_out& o) {
  lines out;
  add_status(out, o.after);
  out.emplace_back("changed", o.changed ? "true" : "false");
  out.emplace_back("applyObjects", o.apply ? "true" : "false");
  out.emplace_back("deleteJobSet", o.delete_jobset ? "true" : "false");
  out.emplace_back("requeueAfterSeconds", o.requeue ? std::to_string(*o.requeue) : "none");
  out.emplace_back("skipped", o.skipped ? "true" : "false");
  for (std::size_t i = 0; i < o.errors.size(); ++i) out.emplace_back("errors[" + std::to_string(i) + "]", quote(o.errors[i]));
  for (std::size_t i = 0; i < o.events.size(); ++i) {
    out.emplace_back("events[" + std::to_string(i) + "]",
                     o.events[i].type + " " + o.events[i].reason + " " + quote(o.events[i].message));
  }
  return out;
}

/// The library's result in the model's records; what they cannot hold becomes a line.
model::pass_out from_library(const trainjob::reconcile_result& r, lines& extra) {
  model::pass_out o;
  for (const auto& c : r.status.conditions) {
    o.after.conds.push_back(from_library(c));
    if (!c.unknown_fields.empty()) extra.emplace_back("status.conditions unknown fields", c.unknown_fields.dump());
  }
  for (const auto& j : r.status.jobs_status) {
    const bool complete = j.ready && j.succeeded && j.failed && j.active && j.suspended;
    if (!complete) extra.emplace_back("status.jobsStatus " + j.name, "a count is unset");
    o.after.jobs.push_back({j.name, j.ready.value_or(-1), j.succeeded.value_or(-1), j.failed.value_or(-1),
                            j.active.value_or(-1), j.suspended.value_or(-1)});
  }
  if (!r.status.trainer_status.is_null()) extra.emplace_back("status.trainerStatus", r.status.trainer_status.dump());
  if (!r.status.unknown_fields.empty()) extra.emplace_back("status unknown fields", r.status.unknown_fields.dump());
  o.changed = r.changed;
  o.apply = r.apply_objects;
  o.delete_jobset = r.delete_job_set;
  o.requeue = r.requeue_after_seconds;
  o.skipped = r.skipped;
  o.errors = r.errors;
  for (const auto& e : r.events) o.events.push_back({e.type, e.reason, e.message});
  return o;
}

/// "" when equal; otherwise one line per differing key.
std::string diff(const lines& want, const lines& got) {
  std::vector<std::string> keys;
  for (const auto* side : {&want, &got}) {
    for (const auto& kv : *side) {
      if (std::find(keys.begin(), keys.end(), kv.first) == keys.end()) keys.push_back(kv.first);
    }
  }
  auto value = [](const lines& l, const std::string& k) -> std::string {
    for (const auto& kv : l) {
      if (kv.first == k) return kv.second;
    }
    return "(absent)";
  };
  std::string out;
  for (const auto& k : keys) {
    const std::string a = value(want, k), b = value(got, k);
    if (a != b) out += "  " + k + "\n    model:   " + a + "\n    library: " + b + "\n";
  }
  return out;
}

std::string listing(const lines& l) {
  std::string out;
  for (const auto& kv : l) out += "    " + kv.first + ": " + kv.second + "\n";
  return out;
}

std::string show(const event& e) {
  std::ostringstream os;
  showValue(e, os);
  return os.str();
}

// ---------------------------------------------------------------------------------------------
// The property.

model::cond legacy_created(int variant, std::int64_t now) {
  switch (variant) {
    case 1: return {"Created", "False", "JobsCreationFailed", "Failed to create Jobs", now - 5, 0};
    case 2: return {"Created", "False", "JobsBuildFailed", "Failed to build Jobs", now - 5, 1};
    default: return {"Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs", now - 5, 0};
  }
}

/// Conditions another writer may leave in the status.
model::cond foreign_condition(int variant, std::int64_t now) {
  switch (variant) {
    case 1: return {"Failed", "False", "NotFailed", "written by another tool", now - 20, 0};
    case 2: return {"Complete", "False", "NotComplete", "", now - 20, 3};
    case 3: return {"Suspended", "False", "Resumed", "TrainJob is resumed", now - 50, 0};
    case 4: return {"Suspended", "True", "Suspended", "a second entry of the type", now - 30, 0};
    default: return {"example.com/QuotaReserved", "True", "QuotaReserved", "quota reserved in queue", now - 20, 2};
  }
}

/// Writes `c` into both statuses, first or last, replacing any condition of its type unless
/// it is a duplicate on purpose (only the first entry of a type counts, DESIGN §2).
void write_condition(model::status& m, trainjob::train_job_status& lib, const model::cond& c, bool at_front,
                     bool duplicate = false) {
  if (!duplicate) model::remove_all(m.conds, c.type);
  m.conds.insert(at_front ? m.conds.begin() : m.conds.end(), c);
  lib.conditions.clear();
  for (const auto& x : m.conds) lib.conditions.push_back(to_library(x));
}

model::jobset jobset_from(const event& e, std::int64_t now) {
  static const char* const completed_reasons[3][2] = {{"AllJobsCompleted", "jobset completed successfully"},
                                               {"AllJobsCompleted", ""},
                                               {"Completed", "all replicated jobs done"}};
  static const char* const failed_reasons[3][2] = {
      {"FailedJobs", "jobset failed due to one or more job failures (first failed job: job-node-0)"},
      {"ReachedMaxRestarts", "jobset failed due to reaching max number of restarts (first failed job: job-node-1)"},
      {"FailJobSetFailurePolicyAction", "failure policy rule matched (first failed job: job-trainer-0)"}};
  static const char* statuses[] = {"", "True", "False", "Unknown"};
  model::jobset js;
  auto add = [&](const char* type, const jobset_cond& c, const char* const (&texts)[3][2]) {
    if (c.status == 0) return;
    const auto v = static_cast<std::size_t>(c.variant);
    js.conds.push_back({type, statuses[c.status], texts[v][0], texts[v][1], c.no_time ? model::no_time : now - c.ago,
                        c.generation});
  };
  if (e.extra == 1) js.conds.push_back({"Suspended", "True", "SuspendedJobs", "jobset is suspended", now - 1, 0});
  add("Completed", e.completed, completed_reasons);
  add("Failed", e.failed, failed_reasons);
  if (e.extra == 2) {
    // Second entries of the same types, the opposite way: only the first one counts.
    js.conds.push_back({"Completed", e.completed.status == 1 ? "False" : "True", "AllJobsCompleted", "shadowed",
                        now - 2, 0});
    js.conds.push_back({"Failed", e.failed.status == 1 ? "False" : "True", "FailedJobs", "shadowed", now - 2, 0});
  }
  js.replicated = e.replicated;
  return js;
}

/// What the passes of a property exercised, printed with its result, so a reader can see
/// that the interesting branches were reached.
struct coverage {
  long passes = 0, changed = 0, applied = 0, apply_failed = 0, jobset_not_found = 0, unknown_runtime = 0,
       skipped = 0, deadline_exceeded = 0, requeued = 0, complete = 0, failed_from_jobset = 0, both_terminal = 0,
       jobs_status = 0, created = 0;

  void count(const model::pass_out& o) {
    ++passes;
    changed += o.changed;
    applied += o.apply;
    apply_failed += !o.events.empty() || (o.apply && !o.errors.empty() && o.errors[0] != "jobset not found");
    for (const auto& e : o.errors) {
      jobset_not_found += e == "jobset not found";
      unknown_runtime += e.find("runtime") != std::string::npos;
    }
    skipped += o.skipped;
    deadline_exceeded += o.delete_jobset;
    requeued += o.requeue.has_value();
    const model::cond* c = model::first(o.after.conds, "Complete");
    const model::cond* f = model::first(o.after.conds, "Failed");
    complete += c != nullptr;
    failed_from_jobset += f != nullptr && f->reason != "DeadlineExceeded" && f->reason != "TrainingRuntimeNotSupported";
    both_terminal += c != nullptr && f != nullptr;
    jobs_status += !o.after.jobs.empty();
    created += model::first(o.after.conds, "Created") != nullptr;
  }
  std::string to_string() const {
    std::ostringstream os;
    os << passes << " passes: changed " << changed << ", applied " << applied << ", apply/build failed "
       << apply_failed << ", JobSet not found " << jobset_not_found << ", unknown runtime " << unknown_runtime
       << ", skipped " << skipped << ", deadline exceeded " << deadline_exceeded << ", requeued " << requeued
       << ", with Complete " << complete << ", with a JobSet Failed " << failed_from_jobset
       << ", with both " << both_terminal << ", with jobsStatus " << jobs_status << ", with Created " << created;
    return os.str();
  }
};

/// The clock after an `advance` event: by some seconds, or exactly to (or just past) the
/// active deadline as DESIGN §3 places it; never backwards.
std::int64_t advanced(const event& e, std::int64_t now, const model::spec& s, const model::status& st) {
  if (e.variant == 0) return now + e.seconds;
  const std::int64_t ads = s.active_deadline.value_or(0);
  if (ads <= 0 || ads > 1000000) return now;  // no deadline within reach
  std::int64_t start = s.created;
  const model::cond* sus = model::first(st.conds, "Suspended");
  if (sus != nullptr && sus->status == "False") start = sus->time;
  return std::max(now, start + ads + (e.variant == 2 ? 1 : 0));
}

void run_sequence(trainjob::profile p, coverage& seen) {
  const model::rules& rules = model::rules_for(p);
  // gen::inRange scales with rapidcheck's size: keep the full ranges (size 100) whatever the
  // size, and bound only the sequence's length (0..30).
  const start st = *gen::resize(100, gen_start());
  const auto events = *gen::resize(30, gen::container<std::vector<event>>(gen::resize(100, gen_event())));

  trainjob::reconcile_options options;
  options.profile = p;
  options.migrate_legacy_created = st.migrate;

  // The world: the TrainJob's spec, the JobSet (nullopt: NotFound), the clock.
  model::spec spec;
  spec.created = created_at;
  spec.suspend = st.suspend;
  spec.managed_by = managed_by_value(st.managed_by);
  std::tie(spec.runtime_kind, spec.runtime_group) = runtime_value(st.runtime);
  spec.active_deadline = st.deadline;
  std::optional<model::jobset> js;
  if (st.jobset_exists) js = model::jobset{};
  std::int64_t now = created_at + st.first_pass_after;

  model::status model_status;         // the model's own state
  trainjob::train_job_status library_status;  // fed back from the library
  if (st.legacy_created >= 0) {
    write_condition(model_status, library_status, legacy_created(st.legacy_created, now), true);
  }

  // Step 0 is a pass over the start; step i > 0 follows events[i - 1].
  for (std::size_t step = 0; step <= events.size(); ++step) {
    std::optional<std::string> apply_error, build_error;
    std::string what = "first pass";
    if (step > 0) {
      const event& e = events[step - 1];
      what = show(e);
      switch (e.k) {
        case kind::resync: break;
        case kind::advance: now = advanced(e, now, spec, model_status); break;
        case kind::jobset_status: js = jobset_from(e, now); break;
        case kind::jobset_deleted:
          js.reset();
          if (e.flag) apply_error = "boom";
          break;
        case kind::apply_error: apply_error = error_texts()[static_cast<std::size_t>(e.text)]; break;
        case kind::build_error:
          build_error = error_texts()[static_cast<std::size_t>(e.text)];
          if (e.flag) apply_error = "and the apply failed too";
          break;
        case kind::suspend: spec.suspend = e.flag; break;
        case kind::managed_by: spec.managed_by = managed_by_value(e.variant); break;
        case kind::runtime: std::tie(spec.runtime_kind, spec.runtime_group) = runtime_value(e.variant); break;
        case kind::deadline: spec.active_deadline = e.deadline; break;
        case kind::legacy_created:
          write_condition(model_status, library_status, legacy_created(e.variant, now), e.flag);
          break;
        case kind::foreign_write:
          write_condition(model_status, library_status, foreign_condition(e.variant, now), e.flag, e.variant == 4);
          break;
      }
    }
    const std::string where = "profile " + std::string(rules.name) + ", step " + std::to_string(step) + " (" +
                              what + ", now " + show_time(now) + ")";

    // First half of the pass: the plan.
    const trainjob::train_job tj = library_job(spec, library_status);
    const model::plan_out want_plan = model::plan(model_status, spec, rules);
    const trainjob::plan_result got_plan = trainjob::plan(tj, options);
    if (want_plan.skipped != got_plan.skipped || want_plan.apply != got_plan.apply_objects) {
      RC_FAIL(where + ": plan differs\n  model:   skipped=" + (want_plan.skipped ? "true" : "false") +
              " applyObjects=" + (want_plan.apply ? "true" : "false") + "\n  library: skipped=" +
              (got_plan.skipped ? "true" : "false") + " applyObjects=" + (got_plan.apply_objects ? "true" : "false"));
    }
    // A successful apply creates a missing JobSet, without status; the status step reads it.
    if (want_plan.apply && !apply_error && !build_error && !js) js = model::jobset{};

    // Second half: the status step, through both.
    const trainjob::job_set library_js = js ? library_jobset(*js) : trainjob::job_set{};
    trainjob::observation obs{tj, js ? &library_js : nullptr, to_time(now)};
    if (apply_error) obs.apply_error = *apply_error;
    if (build_error) obs.build_error = *build_error;
    const trainjob::reconcile_result got = trainjob::reconcile(obs, options);

    model::pass_in in;
    in.before = model_status;
    in.s = spec;
    if (known_deviation_deadline_cap && spec.active_deadline && *spec.active_deadline > go_max_duration_seconds) {
      in.s.active_deadline = go_max_duration_seconds;
    }
    in.js = js ? &*js : nullptr;
    in.now = now;
    in.apply_error = apply_error;
    in.build_error = build_error;
    in.migrate = st.migrate;
    const model::pass_out want = model::pass(in, rules);

    lines got_lines;
    const model::pass_out got_model = from_library(got, got_lines);
    const lines got_described = describe(got_model);
    got_lines.insert(got_lines.begin(), got_described.begin(), got_described.end());
    const lines want_lines = describe(want);
    const std::string d = diff(want_lines, got_lines);
    RC_LOG() << "step " << step << ": " << what << "\n" << listing(got_lines);
    if (!d.empty()) {
      RC_FAIL(where + ": model and library disagree\n" + d + "  the whole pass, model:\n" + listing(want_lines) +
              "  library:\n" + listing(got_lines));
    }

    seen.count(want);
    model_status = want.after;
    library_status = got.status;
    if (want.delete_jobset) js.reset();
  }
}

/// rapidcheck with 300 cases unless RC_PARAMS says how many (its seed and other settings
/// are kept); prints as rc::check does.
bool check_profile(trainjob::profile p) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  const char* env = std::getenv("RC_PARAMS");
  if (env == nullptr || std::string(env).find("max_success") == std::string::npos) params.maxSuccess = 300;
  rc::detail::TestMetadata metadata;
  metadata.id = "model vs library, profile " + std::string(trainjob::to_string(p));
  metadata.description = metadata.id;
  std::cerr << "\n- " << metadata.description << "\n";
  coverage seen;
  const auto result = rc::detail::checkTestable([p, &seen] { run_sequence(p, seen); }, metadata, params);
  rc::detail::printResultMessage(result, std::cerr);
  std::cerr << "\n  " << seen.to_string() << "\n";
  return result.is<rc::detail::SuccessResult>();
}

}  // namespace

TEST_CASE("model: v1.9", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v1_9)); }
TEST_CASE("model: v2.0", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_0)); }
TEST_CASE("model: v2.1", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_1)); }
TEST_CASE("model: v2.2", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_2)); }
TEST_CASE("model: v2.3", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_3)); }
TEST_CASE("model: latest", "[model][property]") { REQUIRE(check_profile(trainjob::profile::latest)); }
