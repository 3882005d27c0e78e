// trainjob internals: the Go strconv functions go-yaml v2 and sigs.k8s.io/yaml
// call on numbers, in one place for the YAML reader and the writer:
// ParseUint/ParseInt (base 0: the 0x, 0o, 0b and 0 prefixes), ParseFloat on
// decimal text (Go's underscores between digits included) and
// FormatFloat(f, 'g', -1, 32 or 64). Ported from Go's strconv/atoi.go,
// atof.go and ftoa.go; docs/yaml.md.
#ifndef TRAINJOB_DETAIL_GO_STRCONV_HPP
#define TRAINJOB_DETAIL_GO_STRCONV_HPP

#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace trainjob {
namespace detail {

inline bool go_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// What strconv's integer parsers return: a value, ErrSyntax or ErrRange.
enum class go_parse_status : unsigned char { ok, syntax, range };

/// strconv.ParseUint(s, base, 64), base 0 or 2..36. With base 0 a prefix of
/// at least three characters in all (0x1, 0o7, 0b1) or a lone leading 0
/// (octal) picks the base. `s` holds no underscores (go-yaml removes them
/// first). As Go, it stops at the first digit that overflows: range, whatever
/// follows.
inline go_parse_status go_parse_uint(std::string_view s, int base, std::uint64_t& out) noexcept {
  if (s.empty()) return go_parse_status::syntax;
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
  const auto b = static_cast<std::uint64_t>(base);
  std::uint64_t n = 0;
  for (char c : s) {
    std::uint64_t d;
    const char l = static_cast<char>(c | 0x20);
    if (go_ascii_digit(c)) {
      d = static_cast<std::uint64_t>(c - '0');
    } else if (l >= 'a' && l <= 'z') {
      d = static_cast<std::uint64_t>(l - 'a' + 10);
    } else {
      return go_parse_status::syntax;
    }
    if (d >= b) return go_parse_status::syntax;
    if (n > (UINT64_MAX - d) / b) return go_parse_status::range;
    n = n * b + d;
  }
  out = n;
  return go_parse_status::ok;
}

/// strconv.ParseInt(s, base, 64): an optional sign, then as go_parse_uint.
inline go_parse_status go_parse_int(std::string_view s, int base, std::int64_t& out) noexcept {
  if (s.empty()) return go_parse_status::syntax;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::uint64_t u = 0;
  const go_parse_status r = go_parse_uint(s, base, u);
  if (r == go_parse_status::syntax) return r;
  const std::uint64_t limit = (std::uint64_t{1} << 63) - (negative ? 0 : 1);
  if (r == go_parse_status::range || u > limit) return go_parse_status::range;
  out = negative ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
  return go_parse_status::ok;
}

/// strtod in the "C" locale's spelling, whatever the process's locale; sets
/// `overflow` when the value is past the largest double (strconv's ErrRange;
/// an underflow to zero is no error in Go either).
inline double go_c_strtod(std::string text, bool& overflow) {
  const char point = *std::localeconv()->decimal_point;
  if (point != '.') {
    for (char& c : text)
      if (c == '.') c = point;
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  overflow = errno == ERANGE && std::isinf(v);
  return v;
}

/// strconv.ParseFloat(s, 64) on decimal text: a sign, digits with at most one
/// point, an exponent; underscores only between digits (underscoreOK). False
/// on bad syntax or overflow. The hexadecimal and Inf/NaN spellings Go also
/// reads never reach here: go-yaml only parses text starting with '.' or
/// matching its yamlStyleFloat.
inline bool go_parse_float(std::string_view s, double& out) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool digits = false, point = false, underscores = false;
  for (; i < s.size(); ++i) {
    if (go_ascii_digit(s[i])) {
      digits = true;
    } else if (s[i] == '_') {
      underscores = true;
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
    if (i >= s.size() || !go_ascii_digit(s[i])) return false;
    while (i < s.size() && (go_ascii_digit(s[i]) || s[i] == '_')) {
      underscores = underscores || s[i] == '_';
      ++i;
    }
  }
  if (i != s.size()) return false;
  std::string text;
  if (underscores) {
    // underscoreOK: each underscore between two digits.
    char saw = '^';
    for (std::size_t k = s[0] == '+' || s[0] == '-' ? 1 : 0; k < s.size(); ++k) {
      if (go_ascii_digit(s[k])) {
        saw = '0';
      } else if (s[k] == '_') {
        if (saw != '0') return false;
        saw = '_';
      } else {
        if (saw == '_') return false;
        saw = '!';
      }
    }
    if (saw == '_') return false;
    for (char c : s)
      if (c != '_') text += c;
  } else {
    text.assign(s.data(), s.size());
  }
  bool overflow = false;
  const double v = go_c_strtod(std::move(text), overflow);
  if (overflow) return false;
  out = v;
  return true;
}

/// A finite value's shortest decimal digits (those that read back as it):
/// |v| = 0.d1d2d3... x 10^(exponent + 1), digits without leading or trailing
/// zeros but for zero itself ("0", exponent 0).
struct go_decimal {
  bool negative = false;
  std::string digits;
  int exponent = 0;
};

template <class Float>
go_decimal go_shortest_decimal(Float v) {
  go_decimal d;
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));  // [-]d[.ddd]e±XX
  if (!sci.empty() && sci[0] == '-') {
    d.negative = true;
    sci.remove_prefix(1);
  }
  const std::size_t e = sci.find('e');
  for (char c : sci.substr(0, e))
    if (c != '.') d.digits += c;
  const std::string_view exp = sci.substr(e + 1);
  std::from_chars(exp.data() + (exp[0] == '+' ? 1 : 0), exp.data() + exp.size(), d.exponent);
  if (d.digits == "0") d.exponent = 0;
  return d;
}

/// strconv.FormatFloat(v, 'g', -1, bits), bits 32 (v rounded to a float32
/// first, as Go's float32(v)) or 64: "+Inf", "-Inf", "NaN" for the specials.
inline std::string go_format_float(double v, int bits) {
  if (std::isnan(v)) return "NaN";
  if (bits == 32 && !std::isinf(v)) v = static_cast<double>(static_cast<float>(v));
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  const go_decimal d = bits == 32 ? go_shortest_decimal(static_cast<float>(v)) : go_shortest_decimal(v);
  std::string out = d.negative ? "-" : "";
  const int exp = d.exponent;
  if (exp < -4 || exp >= 6) {  // %e, the shortest precision deciding at 6
    out += d.digits[0];
    if (d.digits.size() > 1) {
      out += '.';
      out.append(d.digits, 1, std::string::npos);
    }
    out += exp < 0 ? "e-" : "e+";
    const int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  // %f with as many decimals as digits after the point.
  const int dp = exp + 1;  // digits before the point
  const int nd = static_cast<int>(d.digits.size());
  if (dp <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-dp), '0');
    out += d.digits;
  } else if (dp >= nd) {
    out += d.digits;
    out.append(static_cast<std::size_t>(dp - nd), '0');
  } else {
    out.append(d.digits, 0, static_cast<std::size_t>(dp));
    out += '.';
    out.append(d.digits, static_cast<std::size_t>(dp), std::string::npos);
  }
  return out;
}

}  // namespace detail
}  // namespace trainjob

#endif
