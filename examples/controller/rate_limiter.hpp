// The controller example's rate limiter: client-go's DefaultControllerRateLimiter, which
// controller-runtime gives every controller's work queue unless told otherwise.
//
//   workqueue.NewMaxOfRateLimiter(
//       workqueue.NewItemExponentialFailureRateLimiter(5*time.Millisecond, 1000*time.Second),
//       &workqueue.BucketRateLimiter{Limiter: rate.NewLimiter(rate.Limit(10), 100)})
//
// Both are modelled exactly, in whole milliseconds of a caller's clock (every delay either
// one can give is a whole number of milliseconds). No clock, no threads: the caller passes
// the time, so a virtual clock gives the same delays as a real one.
#ifndef TRAINJOB_EXAMPLE_RATE_LIMITER_HPP
#define TRAINJOB_EXAMPLE_RATE_LIMITER_HPP

#include <algorithm>
#include <cstdint>
#include <map>

namespace controller_example {

/// Milliseconds: a time on the caller's clock (since the Unix epoch) or a delay.
using millis = std::int64_t;

/// client-go's ItemExponentialFailureRateLimiter: base * 2^failures, at most max_delay;
/// each when() counts a failure of that item, forget() clears its count.
template <class Key>
class exponential_failure_limiter {
 public:
  explicit exponential_failure_limiter(millis base = 5, millis max_delay = 1000 * 1000)
      : base_(base), max_(max_delay) {}

  millis when(const Key& k) {
    const std::int64_t exp = failures_[k]++;
    // Go computes base * 2^exp in float64 and caps it; shifting past 2^40 would overflow
    // any delay that matters, and by then the cap has long applied.
    if (exp >= 40) return max_;
    const millis backoff = base_ << exp;
    return std::min(backoff, max_);
  }
  void forget(const Key& k) { failures_.erase(k); }
  std::int64_t num_requeues(const Key& k) const {
    const auto it = failures_.find(k);
    return it == failures_.end() ? 0 : it->second;
  }

 private:
  millis base_;
  millis max_;
  std::map<Key, std::int64_t> failures_;
};

/// client-go's BucketRateLimiter over golang.org/x/time/rate: `qps` tokens a second, at most
/// `burst`, full at the start; each when() takes a token, for all items together, and waits
/// until the bucket would hold it. Tokens are counted in thousandths, which is exact for
/// whole milliseconds at 10 qps.
class bucket_limiter {
 public:
  explicit bucket_limiter(std::int64_t qps = 10, std::int64_t burst = 100)
      : qps_(qps), burst_milli_(burst * 1000), tokens_milli_(burst * 1000) {}

  millis when(millis now) {
    if (started_ && now > last_) {
      tokens_milli_ = std::min(burst_milli_, tokens_milli_ + (now - last_) * qps_);
    }
    last_ = now;  // as Go's reserveN, even when the clock went back
    started_ = true;
    tokens_milli_ -= 1000;
    if (tokens_milli_ >= 0) return 0;
    return (-tokens_milli_ + qps_ - 1) / qps_;  // ms until the bucket is back at zero
  }

 private:
  std::int64_t qps_;
  std::int64_t burst_milli_;
  std::int64_t tokens_milli_;
  millis last_ = 0;
  bool started_ = false;
};

/// DefaultControllerRateLimiter: the longer of the two delays; both count every when().
template <class Key>
class default_controller_rate_limiter {
 public:
  millis when(const Key& k, millis now) {
    const millis a = exponential_.when(k);
    const millis b = bucket_.when(now);
    return std::max(a, b);
  }
  void forget(const Key& k) { exponential_.forget(k); }  // the bucket forgets nothing
  std::int64_t num_requeues(const Key& k) const { return exponential_.num_requeues(k); }

 private:
  exponential_failure_limiter<Key> exponential_;
  bucket_limiter bucket_;
};

}  // namespace controller_example

#endif
