// trainjob internals: UTF-8 as RFC 3629 defines it (no overlong forms, no
// surrogates, nothing past U+10FFFF), which is what the JSON parser accepts,
// what Go decodes as one rune and what a condition message must be.
#ifndef TRAINJOB_DETAIL_UTF8_HPP
#define TRAINJOB_DETAIL_UTF8_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace trainjob {
namespace detail {

/// Length of the well-formed UTF-8 sequence starting at `p` (< `end`), or 0
/// when none starts there. Reads only before `end`.
inline std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) noexcept {
  const auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  const unsigned c = p[0];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

/// The same at `s[i]`, i < s.size().
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  return utf8_sequence(begin + i, begin + s.size());
}

/// The code point of the well-formed UTF-8 sequence of length `n` (1 to 4,
/// as utf8_sequence gives it) at `p`.
inline char32_t utf8_decode(const char* p, std::size_t n) noexcept {
  const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(p[i])); };
  switch (n) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

/// `s` is UTF-8 throughout.
inline bool is_valid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// `s` with each byte that is not part of valid UTF-8 replaced by U+FFFD, as
/// Go's encoding/json and nlohmann's `replace` handler write it: for a message
/// quoting bad input, or a condition message built from an error text.
inline std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

}  // namespace detail
}  // namespace trainjob

#endif
