// The controller example's clock: virtual time that moves only when told to.
//
// The loop (loop.hpp) asks it for the time and moves it to the next watch event or the next
// timer, whichever comes first, so a recorded two-hour job history replays in milliseconds
// and makes the decisions it would make in real time: every decision reads this clock, never
// the machine's. A real-time controller would sleep until the same instant instead.
#ifndef TRAINJOB_EXAMPLE_VIRTUAL_CLOCK_HPP
#define TRAINJOB_EXAMPLE_VIRTUAL_CLOCK_HPP

#include <trainjob/timestamp.hpp>

#include "rate_limiter.hpp"

namespace controller_example {

class virtual_clock {
 public:
  explicit virtual_clock(millis start = 0) : now_(start) {}
  millis now() const { return now_; }
  /// Moves forward to `t`; never back (a stream's late event is handled at the current time).
  void advance_to(millis t) {
    if (t > now_) now_ = t;
  }
  /// The time as the library takes it: whole seconds, rounded down, as a Kubernetes
  /// metav1.Time is stored.
  trainjob::timestamp timestamp() const {
    return trainjob::timestamp::from_unix(now_ >= 0 ? now_ / 1000 : (now_ - 999) / 1000);
  }

 private:
  millis now_;
};

}  // namespace controller_example

#endif
