// Model-based tests of the status transition (trainjob issue 7).
//
// `model` below is a second, deliberately plain encoding of docs/semantics.md §3: its own condition
// records, its own `set`/`remove`, one rule table row per profile and one if-chain per pass.
// It shares nothing with include/trainjob/reconcile.hpp but the types needed to call the
// library. Random event sequences (JobSet updates, deletions, apply and build errors, with
// and without a missing JobSet, suspend, managedBy, runtime kind and apiGroup present, empty
// or absent, activeDeadlineSeconds up to the int64 bounds, time, a leftover pre-2.0
// `Created`, conditions of every status written by someone else into every type the
// controller owns) are replayed through trainjob::plan/reconcile, as a controller would run
// them (the library's status is the next pass's TrainJob status), and through the model;
// after every pass the whole status, every action and every event (type, reason, message,
// action, refusal) must agree. rapidcheck shrinks a failure to the shortest sequence.
//
// Sources: docs/semantics.md §2.4 (runtimeRef defaults only for an absent field; the registry key is Go's
// schema.GroupKind.String()) and §3 as corrected (v2.0 removes a non-True Failed on every
// pass that runs; v1.9 returns the JobSet read error and still writes the pass's Suspended
// and Created; the deadline is Go's start.Add(Duration(ads) * Second), which wraps; v2.2+
// events go through Go's fmt.Sprintf with no operands, carry the action "Reconciling", and
// are refused over 1,024 bytes), and tests/test_legacy.cpp for what §3 leaves to the unit
// tests about v1.9 (Suspended is set before Created; no event). Go's Sprintf itself is not
// written again here: the model calls trainjob::detail::go_sprintf_no_operands, which
// tests/test_go_format.cpp checks against Go's own answers. A status that the schema (docs/semantics.md §1, §2.3)
// forbids (a list-map keyed by type, at most 8 items; here: another writer's duplicate type,
// kept by a pass that changes something) is refused by the API server as
// docs/semantics.md §3.6 says: the pass returns that error and the stored status stays as it
// was; only the error's prefix is compared (validation.hpp words the rest). Texts the document does
// not give (the errors: "jobset not found", the apply or build error as is) are the ones the
// unit tests expect.
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

#include <trainjob/detail/go_format.hpp>
#include "fixtures.hpp"

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
// docs/semantics.md §2.1, written out again.

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
// docs/semantics.md §3.0, one row per profile.

struct rules {
  const char* name;
  bool legacy;                   // v1.9: Created; kubeflow.org runtimes; no event
  bool finished_left_alone;      // "Finished job: nothing changes, no actions"
  bool reapply_finished;         // "Finished job: full pass"
  bool only_complete_if_both;    // "both Completed and Failed True: only Complete"
  bool jobs_status;              // "jobsStatus rebuilt from replicatedJobsStatus"
  bool failed_dropped;           // "Failed ... removed at the start of each pass, re-derived"
  bool non_true_failed_dropped;  // v2.0: "A Failed whose status is not True: removed on every pass
                                 // that runs" (v2.1..v2.3: failed_dropped, every Failed but a
                                 // DeadlineExceeded one)
  bool lost_jobset_ok_finished;  // "JobSet NotFound, job finished: status kept, no error"
  bool deadline;                 // activeDeadlineSeconds
  bool skip_foreign;             // "managedBy other than the built-in controller: skipped"
  bool events_api;               // events.k8s.io: Sprintf over the message, "Reconciling", 1,024-byte note
};

//                        legacy left   reapply  onlyC  jobs   drop   dropNT lostOk deadl  skip   evAPI
const rules v1_9_rules = {"v1.9", true, true, false, true, false, false, false, false, false, false, false};
const rules v2_0_rules = {"v2.0", false, true, false, true, false, false, true, false, false, false, false};
const rules v2_1_rules = {"v2.1", false, false, true, false, true, true, false, false, false, false, false};
const rules v2_2_rules = {"v2.2", false, false, false, false, true, true, false, true, true, false, true};
const rules v2_3_rules = {"v2.3", false, false, false, false, true, true, false, true, true, true, true};
const rules latest_rules = {"latest", false, false, false, false, true, false, false, true, true, true, true};

const rules& rules_for(trainjob::profile p) {
  switch (p) {
    case trainjob::profile::v1_9:
      return v1_9_rules;
    case trainjob::profile::v2_0:
      return v2_0_rules;
    case trainjob::profile::v2_1:
      return v2_1_rules;
    case trainjob::profile::v2_2:
      return v2_2_rules;
    case trainjob::profile::v2_3:
      return v2_3_rules;
    case trainjob::profile::latest:
      return latest_rules;
  }
  return latest_rules;
}

const std::string builtin_controller = "trainer.kubeflow.org/trainjob-controller";

std::string builtin_group(const rules& r) { return r.legacy ? "kubeflow.org" : "trainer.kubeflow.org"; }

/// The runtime's kind and apiGroup: the CRD defaults apply to an absent field only; an
/// explicit "" stays "".
std::pair<std::string, std::string> runtime_kind_group(const spec& s, const rules& r) {
  return {s.runtime_kind ? *s.runtime_kind : "ClusterTrainingRuntime",
          s.runtime_group ? *s.runtime_group : builtin_group(r)};
}

/// Go's schema.GroupKind.String(): the kind alone when the group is empty, else "Kind.group".
std::string runtime_name(const spec& s, const rules& r) {
  const auto kg = runtime_kind_group(s, r);
  return kg.second.empty() ? kg.first : kg.first + "." + kg.second;
}

bool runtime_known(const spec& s, const rules& r) {
  const auto kg = runtime_kind_group(s, r);
  return kg.second == builtin_group(r) &&
         (kg.first == "TrainingRuntime" || kg.first == "ClusterTrainingRuntime");
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
  std::string type, reason, message, action;
  std::optional<std::string> refused;
};

/// What a pass went through, for the coverage counts only (never compared).
struct notes {
  bool dropped_non_true_failed = false;  // v2.0 removed a Failed that was not True
  bool lost_jobset_written = false;      // v1.9: JobSet NotFound, and the pass's changes written
  bool mangled = false;                  // Sprintf changed the event's message
  bool refused = false;                  // the event's note was over 1,024 bytes
  bool empty_group_runtime = false;      // an explicit "" apiGroup reached the runtime check
  bool wrapped_deadline_failed = false;  // DeadlineExceeded with ads * 1e9 past int64
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
  bool rejected = false;  // the API server refuses the status write
  model::notes notes;
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

/// The Warning event for a failed build or apply, as each profile records it.
recorded_event apply_failed_event(const std::string& error, const rules& r) {
  recorded_event e{"Warning", "TrainJobResourcesCreationFailed", apply_failed_message(error), "",
                   std::nullopt};
  if (!r.events_api) return e;  // core events API: verbatim, no action, no size limit
  e.message = trainjob::detail::go_sprintf_no_operands(e.message);
  e.action = "Reconciling";
  // The API server's words: kubernetes/kubernetes pkg/apis/core/validation/events.go,
  // legacyValidateEvent (an Event with eventTime, the events.k8s.io kind): `len(Message) >
  // NoteLengthLimit` (bytes) -> field.Invalid("message", "", "can have at most 1024 characters").
  if (e.message.size() > 1024) e.refused = "message: Invalid value: \"\": can have at most 1024 characters";
  return e;
}

/// Go's `time.Duration(ads) * time.Second`: an int64 product that wraps (two's complement).
std::int64_t go_duration_nanos(std::int64_t ads) {
  const std::uint64_t product = static_cast<std::uint64_t>(ads) * 1000000000u;
  if (product <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(product);
  }
  return -static_cast<std::int64_t>(~product) - 1;  // product - 2^64
}

/// The whole seconds Time.Add adds for `ads`: dsec = d / 1e9, nsec = d % 1e9 (truncating);
/// a negative nsec borrows a second. The deadline is start + dsec plus nsec in [0, 1e9)
/// nanoseconds, so with whole-second clocks `now` is past it iff now > start + dsec.
/// |dsec| <= 9223372037 and starts are near 2025, so no saturation is ever reached.
std::int64_t go_deadline_seconds(std::int64_t ads) {
  const std::int64_t d = go_duration_nanos(ads);
  std::int64_t sec = d / 1000000000, nsec = d % 1000000000;
  if (nsec < 0) --sec;
  return sec;
}

bool deadline_wraps(std::int64_t ads) { return ads > std::numeric_limits<std::int64_t>::max() / 1000000000; }

/// The deadline's start: creationTimestamp, or the lastTransitionTime of Suspended=False.
std::int64_t deadline_start(const std::vector<cond>& list, const spec& s) {
  const cond* sus = first(list, "Suspended");
  return sus != nullptr && sus->status == "False" ? sus->time : s.created;
}

pass_out steps(const pass_in& in, const rules& r) {
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
  // v2.0: after its early return for a finished job, a Failed that is not True goes.
  if (r.non_true_failed_dropped) {
    const cond* f = first(list, "Failed");
    if (f != nullptr && f->status != "True") {
      remove_all(list, "Failed");
      out.notes.dropped_non_true_failed = true;
    }
  }

  // The runtime.
  if (!runtime_known(in.s, r)) {
    const std::string name = runtime_name(in.s, r);
    out.notes.empty_group_runtime = in.s.runtime_group && in.s.runtime_group->empty();
    if (r.legacy) {
      out.after = in.before;
      out.errors.push_back("the specified runtime is not supported: " + name);
      return out;
    }
    put(list,
        controller_cond("Failed", "True", "TrainingRuntimeNotSupported", "unsupported runtime: " + name),
        in.now);
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
    const std::string& error = build_failed ? *in.build_error : *in.apply_error;
    out.events.push_back(apply_failed_event(error, r));
    out.notes.mangled = out.events.back().message != apply_failed_message(error);
    out.notes.refused = out.events.back().refused.has_value();
  }

  suspended_step(list, in.s.suspend, in.now);
  if (r.legacy) {
    if (build_failed) {
      put(list, controller_cond("Created", "False", "JobsBuildFailed", "Failed to build Jobs"), in.now);
    } else if (apply_failed) {
      put(list, controller_cond("Created", "False", "JobsCreationFailed", "Failed to create Jobs"), in.now);
    } else {
      put(list, controller_cond("Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs"),
          in.now);
    }
  }

  // The JobSet. v1.9 returns the read error and still writes Suspended and Created (it has
  // no deadline step); later profiles go on to the deadline step: only the unknown runtime
  // skips it (docs/semantics.md §3.2), a lost JobSet does not.
  if (in.js == nullptr) {
    if (r.legacy || !(done && r.lost_jobset_ok_finished)) out.errors.push_back("jobset not found");
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
      put(list,
          controller_cond("Failed", "True", "DeadlineExceeded", "TrainJob exceeded its active deadline"),
          in.now);
    }
    const std::int64_t ads = in.s.active_deadline.value_or(0);
    if (ads > 0 && !finished(list) && !in.s.suspend) {
      const std::int64_t deadline = deadline_start(list, in.s) + go_deadline_seconds(ads);
      if (in.now > deadline) {
        put(list,
            controller_cond("Failed", "True", "DeadlineExceeded", "TrainJob exceeded its active deadline"),
            in.now);
        out.delete_jobset = true;
        out.notes.wrapped_deadline_failed = deadline_wraps(ads);
      } else {
        out.requeue = std::max<std::int64_t>(1, deadline - in.now);
      }
    }
  }
  out.changed = !same(out.after, in.before);
  out.notes.lost_jobset_written = r.legacy && in.js == nullptr && out.changed;
  return out;
}

/// docs/semantics.md §1: conditions are a list-map keyed by type with at most 8 items, jobsStatus a
/// list-map keyed by name. (Nothing else in the CRD's rules can break in these sequences.)
bool schema_allows(const status& s) {
  if (s.conds.size() > 8) return false;
  for (std::size_t i = 0; i < s.conds.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (s.conds[i].type == s.conds[j].type) return false;
    }
  }
  for (std::size_t i = 0; i < s.jobs.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (s.jobs[i].name == s.jobs[j].name) return false;
    }
  }
  return true;
}

const std::string rejected_error = "the API server rejects the status update";

/// A whole pass. A status write the schema forbids (another writer's duplicate condition
/// type, kept by the pass) is refused by the API server: the pass returns that error and
/// the stored status stays as it was (docs/semantics.md §3.6; the error's details, which
/// name the broken rule, are validation.hpp's and not compared here).
pass_out pass(const pass_in& in, const rules& r) {
  pass_out out = steps(in, r);
  if (out.changed && !schema_allows(out.after)) {
    out.rejected = true;
    out.errors.push_back(rejected_error);
  }
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
  jobset_deleted,  // the JobSet is gone (NotFound), maybe with a failed build or apply in the same pass
  apply_error,     // applying the objects fails in this pass
  build_error,     // building them fails in this pass (maybe the apply too)
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
  int variant = 0;  // which reason/message
  int ago = 0;      // lastTransitionTime = now - ago
  bool no_time = false;
  int generation = 0;  // observedGeneration
};

/// spec.runtimeRef's kind and apiGroup: indices into runtime_kinds() and runtime_groups(),
/// 0 is an absent field.
struct runtime_choice {
  int kind = 0;
  int group = 0;
};

/// A failed build or apply in one pass.
struct failure {
  int what = 0;  // 0 none, 1 the apply fails, 2 the build fails, 3 the build fails and the apply too
  int text = 0;  // the error: error_texts()[text]
};

/// A condition someone else writes into the status.
struct foreign_choice {
  int type = 0;            // foreign_types()
  int status = 0;          // 0 True, 1 False, 2 Unknown
  int style = 0;           // which reason, message, lastTransitionTime and observedGeneration
  bool first = false;      // put first (else last)
  bool duplicate = false;  // a second entry of its type, the existing one kept (only the first counts)
};

struct event {
  kind k = kind::resync;
  std::int64_t seconds = 0;       // advance
  jobset_cond completed, failed;  // jobset_status
  int extra = 0;                  // jobset_status: 1 JobSet Suspended, 2 a shadowed second Completed/Failed
  std::vector<model::job> replicated;    // jobset_status
  failure fail;                          // apply_error, build_error, jobset_deleted
  bool flag = false;                     // suspend: value; legacy_created: first
  int variant = 0;                       // advance: 0 by `seconds`, 1 to the deadline, 2 to 1s past it;
                                         // managed_by, legacy_created
  runtime_choice runtime;                // runtime
  foreign_choice foreign;                // foreign_write
  std::optional<std::int64_t> deadline;  // deadline
};

struct error_text {
  std::string label;  // how a counterexample names it
  std::string text;
};

const std::vector<error_text>& error_texts() {
  static const std::vector<error_text> texts = [] {
    auto rep = [](int n, const std::string& s) {
      std::string out;
      for (int i = 0; i < n; ++i) out += s;
      return out;
    };
    const std::string e_acute = "\xC3\xA9", nihon = "\xE6\x97\xA5";
    std::vector<error_text> t = {
        {"\"boom\"", "boom"},
        {"\"jobsets... is forbidden: exceeded quota\"",
         "jobsets.jobset.x-k8s.io \"job\" is forbidden: exceeded quota"},
        {"950 x", std::string(950, 'x')},
        {"951 x", std::string(951, 'x')},
        {"1200 y", std::string(1200, 'y')},
        // 600 runes, 1200 bytes: whole, but " ..." (bytes > 950); a note over 1,024 bytes.
        {"600 times C3 A9 (1200 bytes)", rep(600, e_acute)},
        {"949 x, a 3-byte rune twice, 40 z",
         std::string(949, 'x') + nihon + "\xE6\x9C\xAC" + std::string(40, 'z')},
        {"949 x, bytes FF FE, 10 z", std::string(949, 'x') + "\xFF\xFE" + std::string(10, 'z')},
        // Sequences shaped like UTF-8 that Go's decoder refuses (one rune per byte): overlong,
        // surrogate, beyond U+10FFFF.
        {"949 x, overlong C0 80, 10 z", std::string(949, 'x') + "\xC0\x80" + std::string(10, 'z')},
        {"949 x, surrogate ED A0 80, 10 z", std::string(949, 'x') + "\xED\xA0\x80" + std::string(10, 'z')},
        {"949 x, F5 80 80 80, 10 z", std::string(949, 'x') + "\xF5\x80\x80\x80" + std::string(10, 'z')},
        // % in the error: Go's Sprintf with no operands runs over v2.2+'s events.
        {"\"disk 100% used\"", "disk 100% used"},
        {"\"quota %d exceeded: %s\"", "quota %d exceeded: %s"},
        {"\"100%% sure\"", "100%% sure"},
        {"\"ends with %\"", "ends with %"},
        {"flags and widths", "flags %+-# 0d %-10s %08x, widths %8.3f %.2v %5.q, star %*d %.*s %-*.*f"},
        {"argument indexes", "index %[2]d %[1]*d %[3]s %[x]d %[ %[1]"},
        {"odd verbs", "%! %( %) %z %T %% %  d %é and %\xE6\x97\xA5"},
        {"invalid UTF-8 around %", "bad \xC3( %\xFF%\xC3 %\xED\xA0\x80 end \xFE%"},
        // Around 950 runes and 950 bytes, % at and across the cut.
        {"949 x, %d, 10 z (the cut between % and d)", std::string(949, 'x') + "%d" + std::string(10, 'z')},
        {"949 x, % (950 bytes, a trailing %)", std::string(949, 'x') + "%"},
        {"948 x, %\xC3\xA9 (951 bytes)", std::string(948, 'x') + "%" + e_acute},
        {"948 x, FF, %, d, 5 z", std::string(948, 'x') + "\xFF%d" + std::string(5, 'z')},
        {"934 x, 4 times %d (a 1024-byte note)", std::string(934, 'x') + rep(4, "%d")},
        {"935 x, 4 times %d (a 1025-byte note)", std::string(935, 'x') + rep(4, "%d")},
        {"28 C3 A9, 922 x, 10 z (a 1024-byte note)",
         rep(28, e_acute) + std::string(922, 'x') + std::string(10, 'z')},
        {"29 C3 A9, 921 x, 10 z (a 1025-byte note)",
         rep(29, e_acute) + std::string(921, 'x') + std::string(10, 'z')},
        {"475 C3 A9 (950 bytes)", rep(475, e_acute)},
        {"476 C3 A9 (952 bytes)", rep(476, e_acute)},
        {"475 times %v (950 bytes)", rep(475, "%v")},
        {"476 times %v (952 bytes)", rep(476, "%v")},
        {"950 times E6 97 A5", rep(950, nihon)},
        {"940 x, %[1]d%v, 20 z", std::string(940, 'x') + "%[1]d%v" + std::string(20, 'z')},
    };
    return t;
  }();
  return texts;
}

/// What kind of text an error is, for the coverage counts.
bool has_percent(const std::string& s) { return s.find('%') != std::string::npos; }
bool invalid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t w = model::go_rune_width(s, i);
    if (w == 1 && static_cast<unsigned char>(s[i]) >= 0x80) return true;
    i += w;
  }
  return false;
}
std::size_t runes(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += model::go_rune_width(s, i)) ++n;
  return n;
}
bool near_950(const std::string& s) {
  const std::size_t r = runes(s);
  return (s.size() >= 940 && s.size() <= 960) || (r >= 940 && r <= 960);
}

std::string error_label(int i) {
  return i >= 0 && i < static_cast<int>(error_texts().size())
             ? error_texts()[static_cast<std::size_t>(i)].label
             : "?";
}
const std::string& error_text_at(int i) { return error_texts()[static_cast<std::size_t>(i)].text; }

std::string failure_label(const failure& f) {
  switch (f.what) {
    case 1:
      return "the apply fails with " + error_label(f.text);
    case 2:
      return "the build fails with " + error_label(f.text);
    case 3:
      return "the build fails with " + error_label(f.text) + " (and an apply error)";
    default:
      return "no failure";
  }
}

std::string legacy_label(int v) {
  static const char* labels[] = {"Created=True(JobsCreationSucceeded)", "Created=False(JobsCreationFailed)",
                                 "Created=False(JobsBuildFailed) gen 1"};
  return v >= 0 && v < 3 ? labels[v] : "?";
}

const std::vector<std::string>& foreign_types() {
  static const std::vector<std::string> types = {"Complete", "Failed", "Suspended", "Created",
                                                 "example.com/QuotaReserved"};
  return types;
}
const char* const foreign_statuses[] = {"True", "False", "Unknown"};

std::string foreign_label(const foreign_choice& f) {
  std::ostringstream os;
  os << (f.duplicate ? "an extra " : "") << foreign_types()[static_cast<std::size_t>(f.type)] << "="
     << foreign_statuses[f.status]
     << (f.style == 0 ? " (SetByAnotherTool, 20s ago)" : " (Other, \"\", 50s ago, gen 3)")
     << (f.first ? " first" : " last");
  return os.str();
}

std::string managed_by_name(int v) {
  switch (v) {
    case 1:
      return "trainer.kubeflow.org/trainjob-controller";
    case 2:
      return "kueue.x-k8s.io/multikueue";
    case 3:
      return "example.com/other-controller";
    default:
      return "(unset)";
  }
}
std::optional<std::string> managed_by_value(int v) {
  if (v == 0) return std::nullopt;
  return managed_by_name(v);
}

// Index 0: absent. Then empty, the two built-in kinds / the two releases' groups, unknown.
const char* const runtime_kinds[] = {nullptr, "", "TrainingRuntime", "ClusterTrainingRuntime", "Foo"};
const char* const runtime_groups[] = {nullptr, "", "trainer.kubeflow.org", "kubeflow.org", "example.com"};
constexpr int runtime_choices = 5;

/// {kind, apiGroup}; nullopt: absent.
std::pair<std::optional<std::string>, std::optional<std::string>> runtime_value(const runtime_choice& c) {
  auto value = [](const char* s) {
    return s == nullptr ? std::optional<std::string>() : std::optional<std::string>(s);
  };
  return {value(runtime_kinds[c.kind]), value(runtime_groups[c.group])};
}

std::string show_opt(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : "(unset)"; }

std::string show_runtime(const runtime_choice& c) {
  const auto rt = runtime_value(c);
  return "runtimeRef kind=" + show_opt(rt.first) + " apiGroup=" + show_opt(rt.second);
}

std::string show_deadline(const std::optional<std::int64_t>& d) {
  return d ? std::to_string(*d) : std::string("(unset)");
}

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
    case kind::resync:
      os << "resync";
      break;
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
        os << (i ? " " : "") << j.name << ":" << j.ready << "/" << j.succeeded << "/" << j.failed << "/"
           << j.active << "/" << j.suspended;
      }
      os << "]";
      break;
    case kind::jobset_deleted:
      os << "JobSet deleted" << (e.fail.what != 0 ? ", and " + failure_label(e.fail) : std::string());
      break;
    case kind::apply_error:
    case kind::build_error:
      os << failure_label(e.fail);
      break;
    case kind::suspend:
      os << "spec.suspend=" << (e.flag ? "true" : "false");
      break;
    case kind::managed_by:
      os << "spec.managedBy=" << managed_by_name(e.variant);
      break;
    case kind::runtime:
      os << "spec." << show_runtime(e.runtime);
      break;
    case kind::deadline:
      os << "spec.activeDeadlineSeconds=" << show_deadline(e.deadline);
      break;
    case kind::legacy_created:
      os << "leftover " << legacy_label(e.variant) << (e.flag ? " first" : " last") << " in the status";
      break;
    case kind::foreign_write:
      os << "another writer puts " << foreign_label(e.foreign) << " in the status";
      break;
  }
}

/// The TrainJob a sequence starts from.
struct start {
  bool suspend = false;
  int managed_by = 0;
  runtime_choice runtime;
  std::optional<std::int64_t> deadline;
  std::int64_t first_pass_after = 0;      // seconds after creation
  bool jobset_exists = false;             // a JobSet without status already there
  failure first_failure;                  // in the first pass
  int legacy_created = -1;                // -1: none
  std::optional<foreign_choice> foreign;  // a condition someone else wrote before the first pass
  bool migrate = false;                   // reconcile_options::migrate_legacy_created
};

void showValue(const start& s, std::ostream& os) {
  os << "start: suspend=" << (s.suspend ? "true" : "false") << " managedBy=" << managed_by_name(s.managed_by)
     << " " << show_runtime(s.runtime) << " activeDeadlineSeconds=" << show_deadline(s.deadline)
     << " first pass +" << s.first_pass_after << "s, JobSet " << (s.jobset_exists ? "exists" : "NotFound");
  if (s.first_failure.what != 0) os << ", in the first pass " << failure_label(s.first_failure);
  if (s.legacy_created >= 0) os << ", leftover " << legacy_label(s.legacy_created);
  if (s.foreign) os << ", another writer put " << foreign_label(*s.foreign);
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
  return gen::mapcat(weighted_index(std::move(weights)),
                     [choices](std::size_t i) { return choices[i].second; });
}

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t max_duration_seconds = int64_max / 1000000000;  // 9223372036: ads * 1e9 fits

rc::Gen<std::optional<std::int64_t>> gen_deadline() {
  using seconds = std::optional<std::int64_t>;
  auto some = [](std::int64_t v) { return seconds(v); };
  return weighted_one_of<seconds>({
      {3, gen::just(seconds())},
      {4, gen::map(gen::inRange<std::int64_t>(1, 601), some)},
      // Edges: not positive (no deadline); around the largest time.Duration in seconds (past
      // it, ads * 1e9 wraps: the deadline lands ~292 years back); around 2^64 / 1e9 (the
      // wrapped deadline lands just behind or just ahead of the start: 18446744074 is 0.29 s
      // ahead) and twice that; the int64 bounds.
      {4, weighted<seconds>({{1, seconds(1)},
                             {1, seconds(0)},
                             {1, seconds(-5)},
                             {1, seconds(-1)},
                             {1, seconds(int64_min)},
                             {1, seconds(int64_min + 1)},
                             {1, seconds(int64_max)},
                             {1, seconds(int64_max - 1)},
                             {1, seconds(int64_max - 1735689600)},
                             {1, seconds(max_duration_seconds - 1)},
                             {1, seconds(max_duration_seconds)},
                             {1, seconds(max_duration_seconds + 1)},
                             {1, seconds(18446744073)},
                             {1, seconds(18446744074)},
                             {1, seconds(18446744075)},
                             {1, seconds(36893488147)},
                             {1, seconds(36893488148)}})},
      // Wrapped to within reach ahead of the start: 0.29 s + 0..700 s.
      {1, gen::map(gen::inRange<std::int64_t>(18446744074, 18446744074 + 701), some)},
      // Anywhere past the largest Duration.
      {1, gen::map(gen::inRange<std::int64_t>(max_duration_seconds + 1, int64_max), some)},
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
      gen::set(&model::job::name, gen::just(std::move(name))),
      gen::set(&model::job::ready, gen::inRange(0, 4)), gen::set(&model::job::succeeded, gen::inRange(0, 4)),
      gen::set(&model::job::failed, gen::inRange(0, 4)), gen::set(&model::job::active, gen::inRange(0, 4)),
      gen::set(&model::job::suspended, gen::inRange(0, 4)));
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

/// A runtimeRef: mostly absent fields (the defaults) or a built-in kind; else any kind and
/// apiGroup from absent, "", built-in and unknown.
rc::Gen<runtime_choice> gen_runtime(int defaults_weight) {
  auto just = [](int k, int g) { return gen::just(runtime_choice{k, g}); };
  return weighted_one_of<runtime_choice>({
      {defaults_weight, just(0, 0)},
      {2, just(2, 2)},
      {1, just(3, 2)},
      {1, just(2, 0)},
      {1, just(3, 3)},
      {1, just(2, 3)},
      {1, just(0, 1)},
      {1, just(2, 1)},
      {5, gen::build<runtime_choice>(gen::set(&runtime_choice::kind, gen::inRange(0, runtime_choices)),
                                     gen::set(&runtime_choice::group, gen::inRange(0, runtime_choices)))},
  });
}

/// A failure, `what` drawn from `whats`.
rc::Gen<failure> gen_failure(std::vector<std::pair<int, int>> whats) {
  return gen::build<failure>(
      gen::set(&failure::what, weighted<int>(std::move(whats))),
      gen::set(&failure::text, gen::inRange(0, static_cast<int>(error_texts().size()))));
}

rc::Gen<foreign_choice> gen_foreign() {
  return gen::build<foreign_choice>(
      gen::set(&foreign_choice::type, gen::inRange(0, static_cast<int>(foreign_types().size()))),
      gen::set(&foreign_choice::status, gen::inRange(0, 3)),
      gen::set(&foreign_choice::style, gen::inRange(0, 2)), gen::set(&foreign_choice::first),
      gen::set(&foreign_choice::duplicate, weighted<bool>({{5, false}, {1, true}})));
}

rc::Gen<event> with_kind(kind k) {
  event e;
  e.k = k;
  return gen::just(e);
}

rc::Gen<event> gen_event() {
  return weighted_one_of<event>({
      {2, with_kind(kind::resync)},
      {5, gen::build<event>(gen::set(&event::k, gen::just(kind::advance)),
                            gen::set(&event::seconds, weighted_one_of<std::int64_t>(
                                                          {{1, gen::inRange<std::int64_t>(0, 30)},
                                                           {1, gen::inRange<std::int64_t>(0, 700)}})),
                            gen::set(&event::variant, weighted<int>({{6, 0}, {1, 1}, {1, 2}})))},
      {8, gen::build<event>(gen::set(&event::k, gen::just(kind::jobset_status)),
                            gen::set(&event::completed, gen_jobset_cond()),
                            gen::set(&event::failed, gen_jobset_cond()),
                            gen::set(&event::extra, weighted<int>({{6, 0}, {1, 1}, {1, 2}})),
                            gen::set(&event::replicated, gen_replicated_jobs()))},
      {3, gen::build<event>(gen::set(&event::k, gen::just(kind::jobset_deleted)),
                            gen::set(&event::fail, gen_failure({{2, 0}, {1, 1}, {1, 2}, {1, 3}})))},
      {3, gen::build<event>(gen::set(&event::k, gen::just(kind::apply_error)),
                            gen::set(&event::fail, gen_failure({{1, 1}})))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::build_error)),
                            gen::set(&event::fail, gen_failure({{1, 2}, {1, 3}})))},
      {3, gen::build<event>(gen::set(&event::k, gen::just(kind::suspend)), gen::set(&event::flag))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::managed_by)),
                            gen::set(&event::variant, gen::inRange(0, 4)))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::runtime)),
                            gen::set(&event::runtime, gen_runtime(2)))},
      {2, gen::build<event>(gen::set(&event::k, gen::just(kind::deadline)),
                            gen::set(&event::deadline, gen_deadline()))},
      {1, gen::build<event>(gen::set(&event::k, gen::just(kind::legacy_created)),
                            gen::set(&event::variant, gen::inRange(0, 3)), gen::set(&event::flag))},
      {3, gen::build<event>(gen::set(&event::k, gen::just(kind::foreign_write)),
                            gen::set(&event::foreign, gen_foreign()))},
  });
}

rc::Gen<start> gen_start() {
  return gen::build<start>(
      gen::set(&start::suspend, weighted<bool>({{3, false}, {1, true}})),
      gen::set(&start::managed_by, weighted<int>({{6, 0}, {1, 1}, {1, 2}, {1, 3}})),
      gen::set(&start::runtime, gen_runtime(12)), gen::set(&start::deadline, gen_deadline()),
      gen::set(&start::first_pass_after,
               weighted_one_of<std::int64_t>(
                   {{1, gen::just<std::int64_t>(0)}, {3, gen::inRange<std::int64_t>(0, 100)}})),
      gen::set(&start::jobset_exists),
      gen::set(&start::first_failure, gen_failure({{4, 0}, {1, 1}, {1, 2}, {1, 3}})),
      gen::set(&start::legacy_created, weighted<int>({{4, -1}, {1, 0}, {1, 1}, {1, 2}})),
      gen::set(&start::foreign,
               weighted_one_of<std::optional<foreign_choice>>(
                   {{3, gen::just(std::optional<foreign_choice>())},
                    {1, gen::map(gen_foreign(),
                                 [](foreign_choice f) { return std::optional<foreign_choice>(f); })}})),
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
  return {c.type,    std::string(trainjob::to_string(c.status)), c.reason,
          c.message, from_time(c.last_transition_time),          c.observed_generation};
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
  // The middle is left out of the text but not of the comparison: its FNV-1a hash is shown.
  std::uint64_t hash = 14695981039346656037ull;
  for (const char ch : s) hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  std::ostringstream h;
  h << std::hex << hash;
  return "\"" + escaped(s.substr(0, 30)) + "..." + escaped(s.substr(s.size() - 40)) + "\" (" +
         std::to_string(s.size()) + " bytes, fnv1a " + h.str() + ")";
}

std::string show_time(std::int64_t t) {
  return t == model::no_time ? std::string("(none)") : trainjob::timestamp::from_unix(t).to_string();
}

void add_status(lines& out, const model::status& s) {
  for (std::size_t i = 0; i < s.conds.size(); ++i) {
    const auto& c = s.conds[i];
    out.emplace_back("status.conditions[" + std::to_string(i) + "]",
                     c.type + "=" + c.status + " reason=" + c.reason + " message=" + quote(c.message) +
                         " lastTransitionTime=" + show_time(c.time) +
                         " observedGeneration=" + std::to_string(c.generation));
  }
  for (std::size_t i = 0; i < s.jobs.size(); ++i) {
    const auto& j = s.jobs[i];
    out.emplace_back("status.jobsStatus[" + std::to_string(i) + "]",
                     j.name + " ready=" + std::to_string(j.ready) +
                         " succeeded=" + std::to_string(j.succeeded) + " failed=" + std::to_string(j.failed) +
                         " active=" + std::to_string(j.active) + " suspended=" + std::to_string(j.suspended));
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
  out.emplace_back("rejected", o.rejected ? "true" : "false");
  for (std::size_t i = 0; i < o.errors.size(); ++i)
    out.emplace_back("errors[" + std::to_string(i) + "]", quote(o.errors[i]));
  for (std::size_t i = 0; i < o.events.size(); ++i) {
    const model::recorded_event& e = o.events[i];
    out.emplace_back("events[" + std::to_string(i) + "]",
                     e.type + " " + e.reason + " action=" + quote(e.action) + " message=" + quote(e.message) +
                         " refused=" + (e.refused ? quote(*e.refused) : std::string("no")));
  }
  return out;
}

/// The library's result in the model's records; what they cannot hold becomes a line.
model::pass_out from_library(const trainjob::reconcile_result& r, lines& extra) {
  model::pass_out o;
  for (const auto& c : r.status.conditions) {
    o.after.conds.push_back(from_library(c));
    if (!c.unknown_fields.empty())
      extra.emplace_back("status.conditions unknown fields", c.unknown_fields.dump());
  }
  for (const auto& j : r.status.jobs_status) {
    const bool complete = j.ready && j.succeeded && j.failed && j.active && j.suspended;
    if (!complete) extra.emplace_back("status.jobsStatus " + j.name, "a count is unset");
    o.after.jobs.push_back({j.name, j.ready.value_or(-1), j.succeeded.value_or(-1), j.failed.value_or(-1),
                            j.active.value_or(-1), j.suspended.value_or(-1)});
  }
  if (!r.status.trainer_status.is_null())
    extra.emplace_back("status.trainerStatus", r.status.trainer_status.dump());
  if (!r.status.unknown_fields.empty())
    extra.emplace_back("status unknown fields", r.status.unknown_fields.dump());
  o.changed = r.changed;
  o.apply = r.apply_objects;
  o.delete_jobset = r.delete_job_set;
  o.requeue = r.requeue_after_seconds;
  o.skipped = r.skipped;
  o.rejected = !r.rejected.empty();
  for (const auto& e : r.errors) {
    // The rejection's details are validation.hpp's words: compared up to the colon only.
    const bool rejection = e.compare(0, model::rejected_error.size() + 2, model::rejected_error + ": ") == 0;
    o.errors.push_back(rejection ? model::rejected_error : e);
  }
  for (const auto& e : r.events) o.events.push_back({e.type, e.reason, e.message, e.action, e.refused});
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
    case 1:
      return {"Created", "False", "JobsCreationFailed", "Failed to create Jobs", now - 5, 0};
    case 2:
      return {"Created", "False", "JobsBuildFailed", "Failed to build Jobs", now - 5, 1};
    default:
      return {"Created", "True", "JobsCreationSucceeded", "Succeeded to create Jobs", now - 5, 0};
  }
}

/// A condition someone else writes, of a type the controller owns (or one it does not).
model::cond foreign_condition(const foreign_choice& f, std::int64_t now) {
  const std::string type = foreign_types()[static_cast<std::size_t>(f.type)];
  const std::string status = foreign_statuses[f.status];
  if (f.style == 0) return {type, status, "SetByAnotherTool", "written by another tool", now - 20, 0};
  return {type, status, "Other", "", now - 50, 3};
}

/// Writes `c` into both statuses, first or last, replacing any condition of its type unless
/// it is a duplicate on purpose (only the first entry of a type counts, docs/semantics.md §2.1).
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
      {"ReachedMaxRestarts",
       "jobset failed due to reaching max number of restarts (first failed job: job-node-1)"},
      {"FailJobSetFailurePolicyAction", "failure policy rule matched (first failed job: job-trainer-0)"}};
  static const char* statuses[] = {"", "True", "False", "Unknown"};
  model::jobset js;
  auto add = [&](const char* type, const jobset_cond& c, const char* const(&texts)[3][2]) {
    if (c.status == 0) return;
    const auto v = static_cast<std::size_t>(c.variant);
    js.conds.push_back({type, statuses[c.status], texts[v][0], texts[v][1],
                        c.no_time ? model::no_time : now - c.ago, c.generation});
  };
  if (e.extra == 1)
    js.conds.push_back({"Suspended", "True", "SuspendedJobs", "jobset is suspended", now - 1, 0});
  add("Completed", e.completed, completed_reasons);
  add("Failed", e.failed, failed_reasons);
  if (e.extra == 2) {
    // Second entries of the same types, the opposite way: only the first one counts.
    js.conds.push_back({"Completed", e.completed.status == 1 ? "False" : "True", "AllJobsCompleted",
                        "shadowed", now - 2, 0});
    js.conds.push_back(
        {"Failed", e.failed.status == 1 ? "False" : "True", "FailedJobs", "shadowed", now - 2, 0});
  }
  js.replicated = e.replicated;
  return js;
}

/// What the passes of a property exercised, printed with its result, so a reader can see
/// that the interesting branches were reached; `missing` names the ones that must be.
struct coverage {
  long passes = 0, changed = 0, applied = 0, apply_failed = 0, jobset_not_found = 0, unknown_runtime = 0,
       skipped = 0, deadline_exceeded = 0, requeued = 0, complete = 0, failed_from_jobset = 0,
       both_terminal = 0, jobs_status = 0, created = 0, rejected = 0;

  // Drawn: conditions written by someone else, by type (Complete, Failed, Suspended,
  // Created) and status (True, False, Unknown).
  long foreign[4][3] = {};
  // Drawn: a missing JobSet with a failed apply, build, or both in the same pass.
  long lost_with[4] = {};
  // Drawn: build or apply errors with %, with invalid UTF-8, around 950 runes or bytes.
  long text_percent = 0, text_invalid_utf8 = 0, text_near_950 = 0;
  // Drawn: runtimeRef apiGroup and kind absent, empty, unknown.
  long group_absent = 0, group_empty = 0, group_unknown = 0, kind_absent = 0, kind_empty = 0,
       kind_unknown = 0;
  // Drawn: activeDeadlineSeconds past the largest Duration (wraps), at an int64 bound.
  long deadline_wraps = 0, deadline_int64_bound = 0;
  // Passes that produced: a v2.0 removal of a non-True Failed, a v1.9 write with the
  // JobSet missing, a refused event, an event Sprintf changed, an empty apiGroup at the
  // runtime check, a DeadlineExceeded from a wrapped deadline.
  long dropped_non_true_failed = 0, lost_jobset_written = 0, refused = 0, mangled = 0,
       empty_group_runtime = 0, wrapped_deadline_failed = 0;

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
    failed_from_jobset +=
        f != nullptr && f->reason != "DeadlineExceeded" && f->reason != "TrainingRuntimeNotSupported";
    both_terminal += c != nullptr && f != nullptr;
    jobs_status += !o.after.jobs.empty();
    created += model::first(o.after.conds, "Created") != nullptr;
    rejected += o.rejected;
    dropped_non_true_failed += o.notes.dropped_non_true_failed;
    lost_jobset_written += o.notes.lost_jobset_written;
    refused += o.notes.refused;
    mangled += o.notes.mangled;
    empty_group_runtime += o.notes.empty_group_runtime;
    wrapped_deadline_failed += o.notes.wrapped_deadline_failed;
  }

  void drawn(const foreign_choice& f) {
    if (f.type < 4) ++foreign[f.type][f.status];
  }
  void drawn(const failure& f, bool jobset_missing) {
    if (f.what == 0) return;
    if (jobset_missing) ++lost_with[f.what];
    const std::string& t = error_text_at(f.text);
    text_percent += has_percent(t);
    text_invalid_utf8 += invalid_utf8(t);
    text_near_950 += near_950(t);
  }
  void drawn(const runtime_choice& r) {
    group_absent += r.group == 0;
    group_empty += r.group == 1;
    group_unknown += r.group == 4;
    kind_absent += r.kind == 0;
    kind_empty += r.kind == 1;
    kind_unknown += r.kind == 4;
  }
  void drawn(const std::optional<std::int64_t>& ads) {
    if (!ads) return;
    deadline_wraps += *ads > max_duration_seconds;
    deadline_int64_bound += *ads == int64_max || *ads == int64_min;
  }

  /// The counters that are still 0 but must not be for this profile.
  std::vector<std::string> missing(const model::rules& r) const {
    std::vector<std::string> out;
    auto need = [&](bool when, long n, const std::string& name) {
      if (when && n == 0) out.push_back(name);
    };
    for (int t = 0; t < 4; ++t) {
      for (int s = 0; s < 3; ++s) {
        need(true, foreign[t][s],
             "drawn: another writer's " + foreign_types()[static_cast<std::size_t>(t)] + "=" +
                 foreign_statuses[s]);
      }
    }
    need(true, lost_with[1], "drawn: JobSet missing, apply fails");
    need(true, lost_with[2], "drawn: JobSet missing, build fails");
    need(true, lost_with[3], "drawn: JobSet missing, build and apply fail");
    need(true, text_percent, "drawn: an error with %");
    need(true, text_invalid_utf8, "drawn: an error with invalid UTF-8");
    need(true, text_near_950, "drawn: an error around 950 runes or bytes");
    need(true, group_absent, "drawn: apiGroup absent");
    need(true, group_empty, "drawn: apiGroup \"\"");
    need(true, group_unknown, "drawn: apiGroup unknown");
    need(true, kind_absent, "drawn: kind absent");
    need(true, kind_empty, "drawn: kind \"\"");
    need(true, kind_unknown, "drawn: kind unknown");
    need(true, deadline_wraps, "drawn: activeDeadlineSeconds past 9223372036");
    need(true, deadline_int64_bound, "drawn: activeDeadlineSeconds at an int64 bound");
    need(r.non_true_failed_dropped, dropped_non_true_failed, "produced: a non-True Failed removed (v2.0)");
    need(r.legacy, lost_jobset_written, "produced: a write with the JobSet missing (v1.9)");
    need(r.events_api, refused, "produced: a refused event");
    need(r.events_api, mangled, "produced: an event changed by Sprintf");
    need(true, empty_group_runtime, "produced: a pass with an empty apiGroup");
    need(r.deadline, wrapped_deadline_failed, "produced: DeadlineExceeded from a wrapped deadline");
    return out;
  }

  std::string to_string() const {
    std::ostringstream os;
    os << passes << " passes: changed " << changed << ", applied " << applied << ", apply/build failed "
       << apply_failed << ", JobSet not found " << jobset_not_found << ", unknown runtime " << unknown_runtime
       << ", skipped " << skipped << ", deadline exceeded " << deadline_exceeded << ", requeued " << requeued
       << ", with Complete " << complete << ", with a JobSet Failed " << failed_from_jobset << ", with both "
       << both_terminal << ", with jobsStatus " << jobs_status << ", with Created " << created
       << ", status write refused " << rejected << "\n  drawn: another writer's";
    for (int t = 0; t < 4; ++t) {
      os << " " << foreign_types()[static_cast<std::size_t>(t)];
      for (int s = 0; s < 3; ++s) os << (s ? "/" : " ") << foreign[t][s];
    }
    os << " (True/False/Unknown); JobSet missing with apply/build/both failing " << lost_with[1] << "/"
       << lost_with[2] << "/" << lost_with[3] << "; errors with % " << text_percent << ", invalid UTF-8 "
       << text_invalid_utf8 << ", around 950 " << text_near_950 << "; apiGroup absent/empty/unknown "
       << group_absent << "/" << group_empty << "/" << group_unknown << ", kind absent/empty/unknown "
       << kind_absent << "/" << kind_empty << "/" << kind_unknown << "; deadlines wrapping " << deadline_wraps
       << ", at an int64 bound " << deadline_int64_bound << "\n  produced: non-True Failed removed (v2.0) "
       << dropped_non_true_failed << ", v1.9 write with the JobSet missing " << lost_jobset_written
       << ", refused events " << refused << ", events changed by Sprintf " << mangled
       << ", passes with an empty apiGroup " << empty_group_runtime
       << ", DeadlineExceeded from a wrapped deadline " << wrapped_deadline_failed;
    return os.str();
  }
};

/// The clock after an `advance` event: by some seconds, or exactly to (or just past) the
/// active deadline as docs/semantics.md §3.4 places it (Go's wrapped start + ads); never backwards.
std::int64_t advanced(const event& e, std::int64_t now, const model::spec& s, const model::status& st) {
  if (e.variant == 0) return now + e.seconds;
  const std::int64_t ads = s.active_deadline.value_or(0);
  if (ads <= 0) return now;
  const std::int64_t deadline = model::deadline_start(st.conds, s) + model::go_deadline_seconds(ads);
  if (deadline - now > 1000000) return now;  // not within reach
  return std::max(now, deadline + (e.variant == 2 ? 1 : 0));
}

/// The errors of a failed pass: {apply error, build error}.
void set_failure(const failure& f, std::optional<std::string>& apply_error,
                 std::optional<std::string>& build_error) {
  if (f.what == 1) apply_error = error_text_at(f.text);
  if (f.what >= 2) build_error = error_text_at(f.text);
  if (f.what == 3) apply_error = "and the apply failed too";
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
  seen.drawn(st.runtime);
  seen.drawn(st.deadline);
  seen.drawn(st.first_failure, !st.jobset_exists);

  model::status model_status;                 // the model's own state
  trainjob::train_job_status library_status;  // fed back from the library
  if (st.legacy_created >= 0) {
    write_condition(model_status, library_status, legacy_created(st.legacy_created, now), true);
  }
  if (st.foreign) {
    seen.drawn(*st.foreign);
    write_condition(model_status, library_status, foreign_condition(*st.foreign, now), st.foreign->first,
                    st.foreign->duplicate);
  }

  // Step 0 is a pass over the start; step i > 0 follows events[i - 1].
  for (std::size_t step = 0; step <= events.size(); ++step) {
    std::optional<std::string> apply_error, build_error;
    std::string what = "first pass";
    if (step == 0) set_failure(st.first_failure, apply_error, build_error);
    if (step > 0) {
      const event& e = events[step - 1];
      what = show(e);
      switch (e.k) {
        case kind::resync:
          break;
        case kind::advance:
          now = advanced(e, now, spec, model_status);
          break;
        case kind::jobset_status:
          js = jobset_from(e, now);
          break;
        case kind::jobset_deleted:
          js.reset();
          set_failure(e.fail, apply_error, build_error);
          seen.drawn(e.fail, true);
          break;
        case kind::apply_error:
        case kind::build_error:
          set_failure(e.fail, apply_error, build_error);
          seen.drawn(e.fail, !js);
          break;
        case kind::suspend:
          spec.suspend = e.flag;
          break;
        case kind::managed_by:
          spec.managed_by = managed_by_value(e.variant);
          break;
        case kind::runtime:
          std::tie(spec.runtime_kind, spec.runtime_group) = runtime_value(e.runtime);
          seen.drawn(e.runtime);
          break;
        case kind::deadline:
          spec.active_deadline = e.deadline;
          seen.drawn(e.deadline);
          break;
        case kind::legacy_created:
          write_condition(model_status, library_status, legacy_created(e.variant, now), e.flag);
          break;
        case kind::foreign_write:
          write_condition(model_status, library_status, foreign_condition(e.foreign, now), e.foreign.first,
                          e.foreign.duplicate);
          seen.drawn(e.foreign);
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
              " applyObjects=" + (want_plan.apply ? "true" : "false") +
              "\n  library: skipped=" + (got_plan.skipped ? "true" : "false") +
              " applyObjects=" + (got_plan.apply_objects ? "true" : "false"));
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
      RC_FAIL(where + ": model and library disagree\n" + d + "  the whole pass, model:\n" +
              listing(want_lines) + "  library:\n" + listing(got_lines));
    }

    seen.count(want);
    // A refused write leaves the stored status as it was: the next pass reads that.
    model_status = want.rejected ? in.before : want.after;
    library_status = want.rejected ? tj.status : got.status;
    if (want.delete_jobset) js.reset();
  }
}

/// rapidcheck with 300 cases unless RC_PARAMS says how many (its seed and other settings
/// are kept); prints as rc::check does. With at least the default 300 cases, every counter
/// `coverage::missing` names must have been reached too.
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
  if (!result.is<rc::detail::SuccessResult>()) return false;
  if (params.maxSuccess < 300) return true;
  const std::vector<std::string> missing = seen.missing(model::rules_for(p));
  for (const auto& m : missing) std::cerr << "  never reached: " << m << "\n";
  return missing.empty();
}

}  // namespace

TEST_CASE("model: v1.9", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v1_9)); }
TEST_CASE("model: v2.0", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_0)); }
TEST_CASE("model: v2.1", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_1)); }
TEST_CASE("model: v2.2", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_2)); }
TEST_CASE("model: v2.3", "[model][property]") { REQUIRE(check_profile(trainjob::profile::v2_3)); }
TEST_CASE("model: latest", "[model][property]") { REQUIRE(check_profile(trainjob::profile::latest)); }
