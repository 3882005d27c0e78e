// The controller example's work queue: client-go's rate-limited delaying work queue, the one
// controller-runtime puts behind every controller, without its threads.
//
//   - add(k): k is queued once. Added again while queued: nothing (client-go's `dirty` set).
//     Added while a worker processes it: marked dirty, and queued again by done(k), so one
//     key is never in two passes at once and no change is lost.
//   - get(): the oldest queued key, now being processed (client-go blocks; this returns
//     nothing when the queue is empty: the caller's loop decides what waiting means).
//   - add_after(k, delay, now): k waits until now + delay; a key already waiting keeps the
//     earlier of its two times (client-go's waitingForQueue). advance(now) queues the keys
//     whose time has come, earliest first.
//   - add_rate_limited(k, now) = add_after(k, limiter.when(k, now), now); forget(k) resets k's
//     backoff; num_requeues(k) counts its failures since.
//
// Single-threaded and clock-free: the caller passes the time. A threaded controller puts one
// mutex around it and a condition variable for get() (test_threads.cpp here has one).
#ifndef TRAINJOB_EXAMPLE_WORK_QUEUE_HPP
#define TRAINJOB_EXAMPLE_WORK_QUEUE_HPP

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "rate_limiter.hpp"

namespace controller_example {

template <class Key, class Limiter = default_controller_rate_limiter<Key>>
class work_queue {
 public:
  void add(const Key& k) {
    if (dirty_.count(k) != 0) return;
    dirty_.insert(k);
    if (processing_.count(k) != 0) return;  // done() queues it
    queue_.push_back(k);
  }

  std::optional<Key> get() {
    if (queue_.empty()) return std::nullopt;
    Key k = std::move(queue_.front());
    queue_.pop_front();
    processing_.insert(k);
    dirty_.erase(k);
    return k;
  }

  void done(const Key& k) {
    processing_.erase(k);
    if (dirty_.count(k) != 0) queue_.push_back(k);
  }

  void add_after(const Key& k, millis delay, millis now) {
    if (delay <= 0) {
      add(k);
      return;
    }
    const millis at = now + delay;
    const auto it = waiting_by_key_.find(k);
    if (it != waiting_by_key_.end()) {
      if (it->second.first <= at) return;  // the earlier time stands
      waiting_.erase(std::make_tuple(it->second.first, it->second.second, k));
      waiting_by_key_.erase(it);
    }
    const std::uint64_t seq = next_seq_++;
    waiting_.emplace(at, seq, k);
    waiting_by_key_.emplace(k, std::make_pair(at, seq));
  }

  /// Queues every waiting key whose time is at or before `now`, earliest first.
  void advance(millis now) {
    while (!waiting_.empty() && std::get<0>(*waiting_.begin()) <= now) {
      const Key k = std::get<2>(*waiting_.begin());
      waiting_.erase(waiting_.begin());
      waiting_by_key_.erase(k);
      add(k);
    }
  }

  /// When the next waiting key is due, if any.
  std::optional<millis> next_ready_time() const {
    if (waiting_.empty()) return std::nullopt;
    return std::get<0>(*waiting_.begin());
  }

  /// Returns the delay (client-go's returns nothing; a timeline wants it).
  millis add_rate_limited(const Key& k, millis now) {
    const millis delay = limiter_.when(k, now);
    add_after(k, delay, now);
    return delay;
  }
  void forget(const Key& k) { limiter_.forget(k); }
  std::int64_t num_requeues(const Key& k) const { return limiter_.num_requeues(k); }

  std::size_t len() const { return queue_.size(); }  // queued, not waiting nor processing
  bool is_processing(const Key& k) const { return processing_.count(k) != 0; }
  bool is_waiting(const Key& k) const { return waiting_by_key_.count(k) != 0; }

 private:
  std::deque<Key> queue_;
  std::set<Key> dirty_;                                       // queued, or to be queued again when done
  std::set<Key> processing_;                                  // handed out by get(), not done yet
  std::set<std::tuple<millis, std::uint64_t, Key>> waiting_;  // by time, then arrival
  std::map<Key, std::pair<millis, std::uint64_t>> waiting_by_key_;
  std::uint64_t next_seq_ = 0;
  Limiter limiter_;
};

}  // namespace controller_example

#endif
