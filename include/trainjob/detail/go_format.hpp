// trainjob internals: what Go 1.19's `fmt.Sprintf(format)` returns with no
// operands. Kubeflow Trainer (v2.2+) records an event with
// `Eventf(obj, nil, Warning, reason, "Reconciling", message)` and no args, so
// Go runs the error message through Printf: `100% used: %d` becomes
// `100%!u(MISSING)sed: %!d(MISSING)`. This mirrors doPrintf, argNumber,
// parseArgNumber and parsenum of go/src/fmt/print.go for len(a) == 0, in
// linear time (Go rescans for ']' after each unclosed '[').
// tests/data/go_sprintf_vectors.jsonl holds Go's own answers.
#ifndef TRAINJOB_DETAIL_GO_FORMAT_HPP
#define TRAINJOB_DETAIL_GO_FORMAT_HPP

#include <cstddef>
#include <string>
#include <string_view>

#include "trainjob/detail/utf8.hpp"

namespace trainjob {
namespace detail {

/// `fmt.Sprintf(format)` of Go 1.19, no operands; any bytes, invalid UTF-8 too.
inline std::string go_sprintf_no_operands(std::string_view format) {
  constexpr std::size_t npos = std::string_view::npos;
  const std::size_t end = format.size();
  std::size_t i = format.find('%');
  if (i == npos) return std::string(format);

  std::string out;
  out.reserve(end + 16);
  out.append(format.data(), i);

  // First ']' at or after the last query; positions only grow, so each byte is
  // scanned once (npos once none is left).
  std::size_t close = 0;
  bool close_known = false;
  const auto find_close = [&](std::size_t from) {
    if (!close_known || (close != npos && close < from)) {
      close = format.find(']', from);
      close_known = true;
    }
    return close;
  };

  // parsenum: digits from `at`; on overflow (a value > 1e6 followed by a digit)
  // it consumes everything up to `stop`. Returns whether a number was present.
  const auto parsenum = [&](std::size_t& at, std::size_t stop) {
    long num = 0;
    bool isnum = false;
    for (; at < stop && format[at] >= '0' && format[at] <= '9'; ++at) {
      if (num > 1000000) {
        at = stop;
        return false;
      }
      num = num * 10 + (format[at] - '0');
      isnum = true;
    }
    return isnum;
  };

  // argNumber with no operands: any '[' makes the index bad. Returns `found`
  // (a well-formed [n]) and moves `at` past what Go consumes.
  const auto arg_number = [&](std::size_t& at, bool& good) {
    if (at >= end || format[at] != '[') return false;
    good = false;
    if (end - at < 3) {  // parseArgNumber needs at least "[n]"
      ++at;
      return false;
    }
    const std::size_t c = find_close(at + 1);
    if (c == npos) {
      ++at;
      return false;
    }
    std::size_t d = at + 1;
    const bool ok = parsenum(d, c) && d == c;
    at = c + 1;
    return ok;
  };

  while (i < end) {
    // Literal text up to the next '%'.
    if (format[i] != '%') {
      std::size_t next = format.find('%', i);
      if (next == npos) next = end;
      out.append(format.data() + i, next - i);
      i = next;
      continue;
    }
    ++i;
    bool good = true;
    // Flags change nothing when there is no operand.
    while (i < end && (format[i] == '#' || format[i] == '0' || format[i] == '+' || format[i] == '-' ||
                       format[i] == ' ')) {
      ++i;
    }
    bool after_index = arg_number(i, good);
    // Width. After a found index good is already false, so "%[3]2d" needs no check.
    if (i < end && format[i] == '*') {
      ++i;
      out += "%!(BADWIDTH)";
      after_index = false;
    } else {
      parsenum(i, end);
    }
    // Precision: a '.' only counts when a byte follows it.
    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good = false;
      after_index = arg_number(i, good);
      if (i < end && format[i] == '*') {
        ++i;
        out += "%!(BADPREC)";
        after_index = false;
      } else {
        parsenum(i, end);
      }
    }
    if (!after_index) arg_number(i, good);
    if (i >= end) {
      out += "%!(NOVERB)";
      break;
    }
    // The verb: one rune; a byte that starts no valid UTF-8 is U+FFFD.
    std::size_t size = utf8_sequence(format, i);
    std::string_view verb;
    if (size == 0) {
      size = 1;
      verb = "\xEF\xBF\xBD";
    } else {
      verb = std::string_view(format.data() + i, size);
    }
    i += size;
    if (verb == "%") {
      out += '%';
      continue;
    }
    out += "%!";
    out += verb;
    out += good ? "(MISSING)" : "(BADINDEX)";
  }
  return out;
}

/// `prefix` + the error formatted as upstream formats it with `%.950v`: 950
/// code points (an invalid byte counts as one, as in Go's range over a
/// string), + " ..." when the error is longer than 950 bytes.
inline std::string upstream_error_cut(std::string_view prefix, std::string_view error) {
  constexpr std::size_t max_runes = 950;
  std::size_t pos = 0, runes = 0;
  while (pos < error.size() && runes < max_runes) {
    const std::size_t n = utf8_sequence(error, pos);
    pos += n == 0 ? 1 : n;
    ++runes;
  }
  std::string out(prefix);
  out.append(error.data(), pos);
  if (error.size() > max_runes) out += " ...";
  return out;
}

}  // namespace detail
}  // namespace trainjob

#endif
