// Replaces the global allocation functions of the test executable that
// includes this (in exactly one of its files): every allocation is counted,
// and `allocations_left` makes them fail, as on a machine out of memory.
// (Replacement functions may not be inline, hence one including file.)
#ifndef TRAINJOB_TESTS_COUNTING_ALLOC_HPP
#define TRAINJOB_TESTS_COUNTING_ALLOC_HPP

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace trainjob_test {

/// Allocations since the start, nothrow ones included.
inline std::atomic<long> allocations{0};
/// When >= 0, the number of allocations that may still succeed: the next
/// throwing one past it throws std::bad_alloc.
inline std::atomic<long> allocations_left{-1};

inline void* counted_alloc(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (allocations_left.load(std::memory_order_relaxed) >= 0 &&
      allocations_left.fetch_sub(1, std::memory_order_relaxed) <= 0) {
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

inline void* counted_alloc_nothrow(std::size_t n) noexcept {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}

}  // namespace trainjob_test

void* operator new(std::size_t n) { return trainjob_test::counted_alloc(n); }
void* operator new[](std::size_t n) { return trainjob_test::counted_alloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return trainjob_test::counted_alloc_nothrow(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return trainjob_test::counted_alloc_nothrow(n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

#endif
