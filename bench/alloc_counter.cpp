// Counting replacements of every global operator new and delete ([new.delete]):
// single and array, plain, nothrow, aligned and aligned nothrow; the deletes,
// sized and unsized, all go to free(). Relaxed atomics: the count is read
// between benchmark loops, not used to order anything.
#include "alloc_counter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

// The one global of the benchmark executable: what a replaced operator new
// must update has nowhere else to live.
std::atomic<std::uint64_t> allocations{0};

void* allocate(std::size_t size, std::size_t alignment) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (size == 0) size = 1;
  const bool over_aligned = alignment > alignof(std::max_align_t);
  if (over_aligned) {
    if (alignment < sizeof(void*)) alignment = sizeof(void*);
    size = (size + alignment - 1) / alignment * alignment;  // aligned_alloc wants a multiple
  }
  for (;;) {
    void* p = over_aligned ? std::aligned_alloc(alignment, size) : std::malloc(size);
    if (p != nullptr) return p;
    // As the standard operator new: ask the new-handler, or fail.
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_nothrow(std::size_t size, std::size_t alignment) noexcept {
  try {
    return allocate(size, alignment);
  } catch (...) {
    return nullptr;
  }
}

std::size_t to_size(std::align_val_t alignment) noexcept { return static_cast<std::size_t>(alignment); }

}  // namespace

namespace trainjob_bench {
std::uint64_t allocation_count() noexcept { return allocations.load(std::memory_order_relaxed); }
}  // namespace trainjob_bench

// ---- new -------------------------------------------------------------------------------------
void* operator new(std::size_t size) { return allocate(size, 0); }
void* operator new[](std::size_t size) { return allocate(size, 0); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size, 0); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate_nothrow(size, 0); }
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate(size, to_size(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate(size, to_size(alignment));
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_nothrow(size, to_size(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_nothrow(size, to_size(alignment));
}

// ---- delete ----------------------------------------------------------------------------------
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
