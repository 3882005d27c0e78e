// The controller example's loop: informer caches, a work queue, and one reconcile pass per
// key, as upstream's TrainJob reconciler runs under controller-runtime.
//
//   watch event -> cache -> queue.add(namespace/name)      (a JobSet enqueues its owner,
//                                                            the TrainJob of the same name)
//   worker: k = queue.get(); pass(k); queue.done(k)
//   pass:   plan -> apply the JobSet (api) -> reconcile -> Events, delete, status patch (api)
//   after:  errors (the pass's or an API call's)   -> queue.add_rate_limited(k)  (backoff)
//           else requeueAfterSeconds               -> queue.forget(k); queue.add_after(k, ...)
//           else                                   -> queue.forget(k)
//
// which is controller-runtime's reconcileHandler: an error wins over RequeueAfter (which is
// then lost), and only a pass without one resets the key's backoff.
//
// Deterministic: one logical worker, passes take no virtual time, and time moves only in
// on_event() and run_until(), to the next event or timer. Events stamped with the same time
// are all cached before any pass runs, so a burst of events for one key gives one pass (the
// queue's deduplication), as it does when events arrive faster than a real worker.
#ifndef TRAINJOB_EXAMPLE_LOOP_HPP
#define TRAINJOB_EXAMPLE_LOOP_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <trainjob/trainjob.hpp>

#include "api.hpp"
#include "virtual_clock.hpp"
#include "work_queue.hpp"

namespace controller_example {

/// One watch event: a TrainJob or a JobSet (exactly one set), and when it was seen.
struct watch_event {
  std::string type;  // "ADDED", "MODIFIED" or "DELETED"
  std::optional<trainjob::train_job> train_job;
  std::optional<trainjob::job_set> job_set;
  millis time = 0;
};

class controller_loop {
 public:
  /// `note(time, key, text)`, when set, hears each pass's decision (for a timeline).
  using note_fn = std::function<void(millis, const object_key&, const std::string&)>;

  controller_loop(trainjob::reconcile_options options, api& a, virtual_clock& clock)
      : options_(options), api_(a), clock_(clock) {}

  void set_note(note_fn f) { note_ = std::move(f); }

  /// The watch delivers an event: first everything due before it runs, then the cache takes
  /// it and its TrainJob is queued. Its pass runs when time moves on (or at drain()).
  void on_event(watch_event e) {
    if (e.time > clock_.now()) run_until(e.time);
    if (e.train_job) {
      object_key k{e.train_job->metadata.namespace_, e.train_job->metadata.name};
      if (e.type == "DELETED") {
        train_jobs_.erase(k);  // its JobSet goes with it (ownerReferences)
      } else {
        train_jobs_[k] = std::move(*e.train_job);
      }
      queue_.add(k);
    } else if (e.job_set) {
      object_key k{e.job_set->metadata.namespace_, e.job_set->metadata.name};
      if (e.type == "DELETED") {
        job_sets_.erase(k);
      } else {
        job_sets_[k] = std::move(*e.job_set);
      }
      queue_.add(k);  // EnqueueRequestForOwner: the TrainJob of the same name
    }
  }

  /// Runs what is queued now, then every timer due up to `t`, each at its own time; the
  /// clock ends at `t`.
  void run_until(millis t) {
    drain();
    for (auto next = queue_.next_ready_time(); next && *next <= t; next = queue_.next_ready_time()) {
      clock_.advance_to(*next);
      queue_.advance(clock_.now());
      drain();
    }
    clock_.advance_to(t);
  }

  /// Runs every queued key at the current time (timers due now included).
  void drain() {
    queue_.advance(clock_.now());
    while (auto k = queue_.get()) {
      pass(*k);
      queue_.done(*k);
    }
  }

  const std::map<object_key, trainjob::train_job>& train_jobs() const { return train_jobs_; }
  const std::map<object_key, trainjob::job_set>& job_sets() const { return job_sets_; }
  const work_queue<object_key>& queue() const { return queue_; }

 private:
  void note(const object_key& k, const std::string& text) {
    if (note_) note_(clock_.now(), k, text);
  }

  /// One reconcile pass for `k` at the clock's time.
  void pass(const object_key& k) {
    const millis now = clock_.now();
    const auto tj_it = train_jobs_.find(k);
    if (tj_it == train_jobs_.end()) {  // deleted, or a JobSet without its TrainJob: NotFound, ignored
      queue_.forget(k);
      return;
    }
    trainjob::train_job& tj = tj_it->second;

    const trainjob::plan_result p = trainjob::plan(tj, options_);
    if (p.skipped) {
      queue_.forget(k);
      return;
    }
    std::optional<std::string> apply_error;
    if (p.apply_objects) {
      const api_status s = api_.apply_job_set(k, now);
      if (!s.ok()) {
        apply_error = s.message;
      } else if (job_sets_.find(k) == job_sets_.end()) {
        // Created: the pass's read sees it without status, as upstream's status step does.
        trainjob::job_set created;
        created.api_version = std::string(trainjob::jobset_api_version);
        created.kind = "JobSet";
        created.metadata.name = k.name;
        created.metadata.namespace_ = k.namespace_;
        job_sets_.emplace(k, std::move(created));
      }
    }
    const auto js_it = job_sets_.find(k);
    const trainjob::job_set* observed = js_it == job_sets_.end() ? nullptr : &js_it->second;
    trainjob::observation obs{tj, observed, clock_.timestamp()};
    if (apply_error) obs.apply_error = std::string_view(*apply_error);
    trainjob::reconcile(obs, options_, result_);

    std::vector<std::string> errors = result_.errors;
    for (const auto& e : result_.events) {
      if (!e.refused) api_.record_event(k, e, now);  // a refused Event is not stored
    }
    if (result_.delete_job_set) {
      const api_status s = api_.delete_job_set(k, now);
      if (s.ok() || s.outcome == api_outcome::not_found) {
        job_sets_.erase(k);  // its DELETED event follows; until then the cache would lie
      } else {
        errors.push_back(s.message);
      }
    }
    if (result_.changed && result_.rejected.empty()) {
      const nlohmann::json patch = status_merge_patch(tj.status, result_.status);
      if (!patch.empty()) {
        const api_status s = api_.patch_status(k, patch, now);
        if (s.ok()) {
          store(tj, patch);
        } else {
          errors.push_back(s.message);
        }
      }
    }

    if (!errors.empty()) {
      const millis delay = queue_.add_rate_limited(k, now);
      note(k, "error: " + errors.front() + (errors.size() > 1 ? " (and more)" : "") + "; retry in " +
                  std::to_string(delay) + "ms");
    } else if (result_.requeue_after_seconds) {
      queue_.forget(k);
      queue_.add_after(k, *result_.requeue_after_seconds * 1000, now);
      note(k, "requeue after " + std::to_string(*result_.requeue_after_seconds) + "s");
    } else {
      queue_.forget(k);
    }
  }

  /// The API server stored the patch: the watch would echo it; the cache takes it now so
  /// the next pass reads it.
  static void store(trainjob::train_job& tj, const nlohmann::json& patch) {
    nlohmann::json doc = trainjob::encode(tj);
    doc.merge_patch(patch);
    auto patched = trainjob::try_decode<trainjob::train_job>(doc);
    if (patched) tj = std::move(*patched);
  }

  trainjob::reconcile_options options_;
  api& api_;
  virtual_clock& clock_;
  work_queue<object_key> queue_;
  std::map<object_key, trainjob::train_job> train_jobs_;
  std::map<object_key, trainjob::job_set> job_sets_;
  trainjob::reconcile_result result_;  // reused: a pass that changes nothing allocates little
  note_fn note_;
};

}  // namespace controller_example

#endif
