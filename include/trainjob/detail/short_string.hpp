// trainjob internals: equality and same-size copy of short strings, inline.
//
// The strings a status holds (condition types, reasons, job names) are mostly
// under 32 bytes. On a pass that changes nothing, comparing and copying them
// is most of the work, and a call into libc's memcmp/memmove costs more than
// the bytes do; up to 32 bytes these are a few word loads instead.
#ifndef TRAINJOB_DETAIL_SHORT_STRING_HPP
#define TRAINJOB_DETAIL_SHORT_STRING_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace trainjob {
namespace detail {

template <class W>
inline W load_word(const char* p) noexcept {
  W w;
  std::memcpy(&w, p, sizeof w);  // one unaligned load
  return w;
}

/// Whether the n bytes at a and b are equal. Overlapping head and tail words
/// cover every length from 4 to 32 without a loop.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  using u64 = std::uint64_t;
  using u32 = std::uint32_t;
  if (n >= 8) {
    if (n > 32) return std::memcmp(a, b, n) == 0;
    if (n <= 16) {
      return ((load_word<u64>(a) ^ load_word<u64>(b)) |
              (load_word<u64>(a + n - 8) ^ load_word<u64>(b + n - 8))) == 0;
    }
    return ((load_word<u64>(a) ^ load_word<u64>(b)) | (load_word<u64>(a + 8) ^ load_word<u64>(b + 8)) |
            (load_word<u64>(a + n - 16) ^ load_word<u64>(b + n - 16)) |
            (load_word<u64>(a + n - 8) ^ load_word<u64>(b + n - 8))) == 0;
  }
  if (n >= 4) {
    return ((load_word<u32>(a) ^ load_word<u32>(b)) |
            (load_word<u32>(a + n - 4) ^ load_word<u32>(b + n - 4))) == 0;
  }
  // 0 to 3 bytes: first, middle and last cover them all.
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

inline bool same(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && same_bytes(a.data(), b.data(), a.size());
}

/// to = from, keeping to's storage when the sizes match (a status read again).
inline void copy_string(std::string& to, const std::string& from) {
  const std::size_t n = from.size();
  if (to.size() != n) {
    to = from;
    return;
  }
  char* d = &to[0];
  const char* s = from.data();
  if (n > 32) {
    std::char_traits<char>::copy(d, s, n);
  } else if (n < 4) {
    if (n > 0) {
      d[0] = s[0];
      d[n / 2] = s[n / 2];
      d[n - 1] = s[n - 1];
    }
  } else if (n < 8) {
    const auto head = load_word<std::uint32_t>(s), tail = load_word<std::uint32_t>(s + n - 4);
    std::memcpy(d, &head, 4);
    std::memcpy(d + n - 4, &tail, 4);
  } else if (n <= 16) {
    const auto head = load_word<std::uint64_t>(s), tail = load_word<std::uint64_t>(s + n - 8);
    std::memcpy(d, &head, 8);
    std::memcpy(d + n - 8, &tail, 8);
  } else {
    const auto w0 = load_word<std::uint64_t>(s), w1 = load_word<std::uint64_t>(s + 8);
    const auto w2 = load_word<std::uint64_t>(s + n - 16), w3 = load_word<std::uint64_t>(s + n - 8);
    std::memcpy(d, &w0, 8);
    std::memcpy(d + 8, &w1, 8);
    std::memcpy(d + n - 16, &w2, 8);
    std::memcpy(d + n - 8, &w3, 8);
  }
}

}  // namespace detail
}  // namespace trainjob

#endif
