// trainjob internals: input repeated in a message, bounded. Every error or
// finding that quotes a value or a key from the input goes through here, so a
// message is a few hundred bytes whatever the input: a 10 MB name is shown as
//
//   "aaaa…" (10485760 bytes)
//
// The text is cut at a character boundary; bytes that are not UTF-8 are shown
// as U+FFFD, and control characters (C0, DEL, C1) escaped as JSON escapes them
// (\n, \t, \u001b), so a message is valid UTF-8 and prints as one line.
#ifndef TRAINJOB_DETAIL_QUOTE_HPP
#define TRAINJOB_DETAIL_QUOTE_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "trainjob/detail/utf8.hpp"

namespace trainjob {
namespace detail {

/// How many bytes of a value a message shows by default.
inline constexpr std::size_t quote_limit = 80;

/// Appends `s` to `out` for a message, escaped (quotes and backslashes too
/// when `quoted`), and at most `max` bytes of it: when the escaped text is
/// longer, as many whole characters as fit before an ellipsis ("…", counted in
/// `max`). Returns whether it was cut. Reads at most about `max` bytes of `s`.
inline bool append_bounded(std::string& out, std::string_view s, std::size_t max, bool quoted) {
  constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026
  const std::size_t start = out.size();
  std::size_t fits = start;  // where the ellipsis goes if the text is cut
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence(s, i);
    unsigned escape = 0x100;  // none
    if (n == 1 && (c < 0x20 || c == 0x7F)) {
      escape = c;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      escape = static_cast<unsigned char>(s[i + 1]);  // C1: U+0080..U+009F
    }
    if (escape != 0x100) {
      static constexpr char hex[] = "0123456789abcdef";
      switch (escape) {
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out += hex[escape >> 4];
          out += hex[escape & 0xF];
      }
    } else if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
    } else if (quoted && (c == '"' || c == '\\')) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out.append(s.data() + i, n);
    }
    i += n == 0 ? 1 : n;
    if (out.size() - start > max) {
      out.resize(fits);
      out += ellipsis;
      return true;
    }
    if (out.size() - start + ellipsis.size() <= max) fits = out.size();
  }
  return false;
}

/// `s` in double quotes for a message, as JSON would write it, or when longer
/// than `max` bytes its start and the full length: `"aaaa…" (10485760 bytes)`.
inline std::string quote_bounded(std::string_view s, std::size_t max = quote_limit) {
  std::string out = "\"";
  const bool cut = append_bounded(out, s, max, true);
  out += '"';
  if (cut) out += " (" + std::to_string(s.size()) + " bytes)";
  return out;
}

/// The same without quotes, for a name in running text: `Name`, or
/// `aaaa… (10485760 bytes)`.
inline std::string cut_bounded(std::string_view s, std::size_t max = quote_limit) {
  std::string out;
  if (append_bounded(out, s, max, false)) out += " (" + std::to_string(s.size()) + " bytes)";
  return out;
}

}  // namespace detail
}  // namespace trainjob

#endif
