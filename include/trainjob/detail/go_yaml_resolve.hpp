// trainjob internals: how go-yaml v2 (the YAML library behind kubectl's -o yaml)
// reads a plain scalar, for the writer to know when a string must be quoted; how
// it prints a float; how it orders mapping keys. docs/yaml.md, "Writing YAML".
//
// Ported from go-yaml v2 as sigs.k8s.io/yaml v1.4 forks it (goyaml.v2/resolve.go,
// encode.go, sorter.go) and from the Go standard library functions they call
// (strconv.ParseInt/ParseUint/ParseFloat/FormatFloat, time.Parse).
#ifndef TRAINJOB_DETAIL_GO_YAML_RESOLVE_HPP
#define TRAINJOB_DETAIL_GO_YAML_RESOLVE_HPP

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "trainjob/detail/go_unicode.hpp"

namespace trainjob {
namespace detail {

inline bool yaml_is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// strconv.ParseUint(s, base, 64) succeeds (base 0: the 0x/0o/0b/0 prefixes).
/// Underscores are never in `s` here (resolve removes them first).
inline bool go_parse_uint_ok(std::string_view s, int base, std::uint64_t& v) noexcept {
  if (s.empty()) return false;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      const char p = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
      if (p == 'b') {
        base = 2;
        s.remove_prefix(2);
      } else if (p == 'o') {
        base = 8;
        s.remove_prefix(2);
      } else if (p == 'x') {
        base = 16;
        s.remove_prefix(2);
      } else {
        base = 8;
        s.remove_prefix(1);
      }
    }
  }
  std::uint64_t n = 0;
  const auto b = static_cast<std::uint64_t>(base);
  for (char c : s) {
    std::uint64_t d;
    const char l = static_cast<char>(c | 0x20);
    if (yaml_is_digit(c)) {
      d = static_cast<std::uint64_t>(c - '0');
    } else if (l >= 'a' && l <= 'z') {
      d = static_cast<std::uint64_t>(l - 'a' + 10);
    } else {
      return false;
    }
    if (d >= b) return false;
    if (n > (UINT64_MAX - d) / b) return false;  // out of range
    n = n * b + d;
  }
  v = n;
  return true;
}

/// strconv.ParseInt(s, base, 64) succeeds.
inline bool go_parse_int_ok(std::string_view s, int base) noexcept {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::uint64_t u = 0;
  if (!go_parse_uint_ok(s, base, u)) return false;
  return neg ? u <= (std::uint64_t{1} << 63) : u < (std::uint64_t{1} << 63);
}

/// strconv.ParseFloat(s, 64) succeeds, for the decimal forms that reach it here
/// (a sign, digits, one point, an exponent): it fails on bad syntax and on
/// overflow, not on underflow.
inline bool go_parse_decimal_float_ok(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false, point = false;
  for (; i < s.size(); ++i) {
    if (yaml_is_digit(s[i])) {
      digits = true;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !yaml_is_digit(s[i])) return false;
    while (i < s.size() && yaml_is_digit(s[i])) ++i;
  }
  if (i != s.size()) return false;
  const std::string text(s);
  const double d = std::strtod(text.c_str(), nullptr);
  return !std::isinf(d);
}

/// Matches yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
inline bool yaml_style_float(std::string_view s) noexcept {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && yaml_is_digit(s[i])) ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

/// isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ ("1:20").
inline bool yaml_base60_float(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || !yaml_is_digit(s[i])) return false;
  while (i < s.size() && (yaml_is_digit(s[i]) || s[i] == '_')) ++i;
  std::size_t groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two with the first at most 5 (greedy, as a
    // backtracking regex would settle it: a 6-9 first digit stands alone).
    if (i >= s.size() || !yaml_is_digit(s[i])) return false;
    if (s[i] <= '5' && i + 1 < s.size() && yaml_is_digit(s[i + 1])) {
      i += 2;
    } else {
      i += 1;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (yaml_is_digit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

/// time.Parse(layout, s) succeeds for go-yaml's four timestamp layouts:
/// "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case 't',
/// "2006-1-2 15:4:5.999999999" and "2006-1-2".
inline bool go_yaml_timestamp(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && yaml_is_digit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  std::size_t p = 4;
  // time.getnum(value, false): one digit, or two.
  const auto getnum = [&](int& out) {
    if (p >= s.size() || !yaml_is_digit(s[p])) return false;
    out = s[p] - '0';
    ++p;
    if (p < s.size() && yaml_is_digit(s[p])) {
      out = out * 10 + (s[p] - '0');
      ++p;
    }
    return true;
  };
  const auto lit = [&](char c) {
    if (p >= s.size() || s[p] != c) return false;
    ++p;
    return true;
  };
  int month = 0, day = 0;
  if (!lit('-') || !getnum(month) || month < 1 || month > 12) return false;
  if (!lit('-') || !getnum(day)) return false;
  static constexpr int days_in[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  const int max_day = days_in[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day < 1 || day > max_day) return false;
  if (p == s.size()) return true;  // "2006-1-2"
  bool zone = false;
  if (s[p] == 'T' || s[p] == 't') {
    zone = true;
    ++p;
  } else if (s[p] == ' ') {
    while (p < s.size() && s[p] == ' ') ++p;  // a layout space matches one or more
  } else {
    return false;
  }
  int hour = 0, minute = 0, second = 0;
  if (!getnum(hour) || hour >= 24) return false;
  if (!lit(':') || !getnum(minute) || minute >= 60) return false;
  if (!lit(':') || !getnum(second) || second >= 60) return false;
  // .999999999: optional; a period or comma and then any number of digits.
  if (p + 1 < s.size() && (s[p] == '.' || s[p] == ',') && yaml_is_digit(s[p + 1])) {
    ++p;
    while (p < s.size() && yaml_is_digit(s[p])) ++p;
  }
  if (zone) {
    // Z07:00: "Z", or a sign and hh:mm (offsets to 24:60 accepted, as Go does).
    if (p < s.size() && s[p] == 'Z') {
      ++p;
    } else {
      if (s.size() - p < 6 || s[p + 3] != ':') return false;
      if (s[p] != '+' && s[p] != '-') return false;
      const auto two = [&](std::size_t at, int& out) {
        if (!yaml_is_digit(s[at]) || !yaml_is_digit(s[at + 1])) return false;
        out = (s[at] - '0') * 10 + (s[at + 1] - '0');
        return true;
      };
      int hh = 0, mm = 0;
      if (!two(p + 1, hh) || !two(p + 4, mm) || hh > 24 || mm > 60) return false;
      p += 6;
    }
  }
  return p == s.size();
}

/// go-yaml v2's resolve("", s) gives a tag other than !!str (null, bool, int,
/// float, timestamp), or isBase60Float(s): the string must be quoted to stay a
/// string.
inline bool yaml_plain_reads_as_other(std::string_view s) {
  if (s.empty()) return true;  // null
  const char c = s[0];
  const bool sign = c == '+' || c == '-';
  const bool digit = yaml_is_digit(c);
  if (sign || digit) {
    if (yaml_base60_float(s)) return true;
  }
  static constexpr std::string_view words[] = {
      "y",    "Y",    "yes",   "Yes",   "YES",   "true",  "True",  "TRUE",  "on",    "On",
      "ON",   "n",    "N",     "no",    "No",    "NO",    "false", "False", "FALSE", "off",
      "Off",  "OFF",  "~",     "null",  "Null",  "NULL",  ".nan",  ".NaN",  ".NAN",  ".inf",
      ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
  const bool in_map_hint = std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos;
  if (!sign && !digit && !in_map_hint && c != '.') return false;  // hint 0: a string
  for (std::string_view w : words) {
    if (s == w) return true;
  }
  if (in_map_hint) return false;
  if (c == '.') return go_parse_decimal_float_ok(s);
  if (go_yaml_timestamp(s)) return true;
  std::string plain;
  plain.reserve(s.size());
  for (char ch : s) {
    if (ch != '_') plain += ch;
  }
  std::uint64_t u = 0;
  if (go_parse_int_ok(plain, 0)) return true;
  if (go_parse_uint_ok(plain, 0, u)) return true;
  if (yaml_style_float(plain) && go_parse_decimal_float_ok(plain)) return true;
  const std::string_view p(plain);
  if (p.substr(0, 2) == "0b") {
    return go_parse_int_ok(p.substr(2), 2) || go_parse_uint_ok(p.substr(2), 2, u);
  }
  if (p.substr(0, 3) == "-0b") {
    const std::string_view rest = p.substr(3);
    // ParseInt("-" + rest, 2, 64): a second sign in `rest` is a syntax error.
    return !rest.empty() && rest[0] != '+' && rest[0] != '-' && go_parse_int_ok("-" + std::string(rest), 2);
  }
  return false;
}

/// strconv.FormatFloat(f, 'g', -1, 64) with go-yaml's names for the
/// infinities and NaN.
inline std::string go_yaml_float(double f) {
  if (std::isnan(f)) return ".nan";
  if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
  // The shortest digits that read back as f: to_chars' scientific form.
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  std::string out;
  if (!sci.empty() && sci[0] == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  const std::size_t e = sci.find('e');
  std::string digits;
  for (char ch : sci.substr(0, e)) {
    if (ch != '.') digits += ch;
  }
  int exp = 0;
  std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exp);
  if (digits == "0") exp = 0;
  if (exp < -4 || exp >= 6) {  // %e, the shortest precision deciding at 6
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    const int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  // %f with as many decimals as digits after the point.
  const int dp = exp + 1;  // digits before the point
  const int nd = static_cast<int>(digits.size());
  if (dp <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-dp), '0');
    out += digits;
  } else if (dp >= nd) {
    out += digits;
    out.append(static_cast<std::size_t>(dp - nd), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(dp));
    out += '.';
    out.append(digits, static_cast<std::size_t>(dp), std::string::npos);
  }
  return out;
}

/// go-yaml v2's keyList.Less for two string keys, as runes: letters after
/// everything else, runs of digits compared as numbers.
inline bool go_yaml_key_less(const std::u32string& a, const std::u32string& b) noexcept {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    const bool al = go_is_letter(a[i]);
    const bool bl = go_is_letter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    // Go's int64 arithmetic wraps; so does this (unsigned, then compared signed).
    std::uint64_t an = 0, bn = 0;
    if (a[i] == U'0' || b[i] == U'0') {
      for (std::size_t j = i; j-- > 0 && go_is_digit(a[j]);) {
        if (a[j] != U'0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i, bi = i;
    for (; ai < a.size() && go_is_digit(a[ai]); ++ai) {
      an = an * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(a[ai]) - '0');
    }
    for (; bi < b.size() && go_is_digit(b[bi]); ++bi) {
      bn = bn * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(b[bi]) - '0');
    }
    if (an != bn) return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

}  // namespace detail
}  // namespace trainjob

#endif
