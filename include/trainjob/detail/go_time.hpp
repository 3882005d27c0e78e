// trainjob internals: Go's time arithmetic where upstream's deadline depends
// on it (docs/semantics.md §3.4).
#ifndef TRAINJOB_DETAIL_GO_TIME_HPP
#define TRAINJOB_DETAIL_GO_TIME_HPP

#include <cstdint>
#include <limits>

namespace trainjob {
namespace detail {

/// The whole seconds of upstream's `start.Add(time.Duration(ads) * time.Second)`
/// for a whole-second start, exactly as Go computes it: the product wraps in
/// int64 for ads > 9223372036 (an upstream defect the profiles reproduce,
/// docs/semantics.md §3.4), and Time.Add saturates its seconds. A positive
/// nanosecond remainder is dropped: with whole-second clocks, now is past
/// start + s + f (0 < f < 1) exactly when it is past start + s.
inline std::int64_t go_deadline_seconds(std::int64_t start, std::int64_t ads) noexcept {
  constexpr std::int64_t second = 1000000000;
  // Two's-complement wrap of the product, as Go's int64 multiplication.
  const auto d =
      static_cast<std::int64_t>(static_cast<std::uint64_t>(ads) * static_cast<std::uint64_t>(second));
  std::int64_t dsec = d / second;
  if (d % second < 0) --dsec;  // Time.Add borrows a second for a negative remainder
  // Time.addSec saturates in Go's seconds since year 1; unix = that - 62135596800.
  constexpr std::int64_t unix_to_internal = 62135596800;
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::int64_t ext;
  if (__builtin_add_overflow(start, unix_to_internal, &ext)) ext = max;  // no Go time lies there
  std::int64_t sum;
  if (__builtin_add_overflow(ext, dsec, &sum)) sum = dsec > 0 ? max : -max;
  // Saturated values lie far outside any clock; clamp back into int64 unix seconds.
  return sum < std::numeric_limits<std::int64_t>::min() + unix_to_internal
             ? std::numeric_limits<std::int64_t>::min()
             : sum - unix_to_internal;
}

}  // namespace detail
}  // namespace trainjob

#endif
