// trainjob: YAML (or JSON) text to JSON trees, as kubectl converts a manifest.
//
//   auto docs = trainjob::parse_documents(text);            // never throws
//   if (!docs) std::cerr << docs.error().to_string() << '\n';
//   for (const auto& j : *docs) ...                          // one object per document
//
// Opt-in: this header needs libyaml (Debian's libyaml-dev, pkg-config
// yaml-0.1; CMake target trainjob::yaml). The conversion is the one kubectl
// applies (apimachinery's YAMLOrJSONDecoder, sigs.k8s.io/yaml's YAMLToJSON
// over go-yaml v2): YAML 1.1 scalars, merge keys, non-string keys made
// strings, documents split on `---` lines. docs/yaml.md gives the rules and
// the upstream files they come from; the deliberate differences are there too.
#ifndef TRAINJOB_YAML_HPP
#define TRAINJOB_YAML_HPP

#include <yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"

namespace trainjob {
namespace detail {
namespace yaml {

using json = nlohmann::json;

/// One document as apimachinery's YAMLReader cuts it: its lines, each ending
/// in "\n" ("\r\n" made "\n", as bufio.Reader.ReadLine does), and the line of
/// the input it starts at (1-based).
struct chunk {
  std::string text;
  std::size_t first_line = 1;
};

/// Where an error is: "document 2, line 5, column 3: ".
inline std::string where(std::size_t document, std::size_t line, std::size_t column) {
  return "document " + std::to_string(document) + ", line " + std::to_string(line) + ", column " +
         std::to_string(column) + ": ";
}

/// Go's unicode.IsSpace for a code point.
inline bool go_is_space(std::uint32_t c) noexcept {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

/// apimachinery's GuessJSONStream: within the first 4096 bytes (kubectl's
/// buffer), the first byte that is not Unicode white space is `{`.
inline bool looks_like_json(std::string_view text) noexcept {
  const std::string_view head = text.substr(0, 4096);
  for (std::size_t i = 0; i < head.size();) {
    const std::size_t n = utf8_sequence(head, i);
    if (n == 0) return false;  // Go decodes it as U+FFFD: not space
    const auto* p = reinterpret_cast<const unsigned char*>(head.data() + i);
    std::uint32_t c = p[0];
    if (n == 2) c = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if (n == 3) c = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    if (n == 4) c = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    if (!go_is_space(c)) return c == '{';
    i += n;
  }
  return false;
}

/// Go's strings.TrimSpace(s) is empty or starts with '#' (ASCII view: the
/// Unicode spaces past Latin-1 cannot start a comment either way).
inline bool separator_rest_ok(std::string_view rest) noexcept {
  std::size_t i = 0;
  while (i < rest.size()) {
    const unsigned char c = static_cast<unsigned char>(rest[i]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
    } else if (c == 0xC2 && i + 1 < rest.size() &&
               (static_cast<unsigned char>(rest[i + 1]) == 0x85 ||
                static_cast<unsigned char>(rest[i + 1]) == 0xA0)) {
      i += 2;
    } else {
      break;
    }
  }
  return i == rest.size() || rest[i] == '#';
}

/// apimachinery's YAMLReader.Read over the whole input: a line starting with
/// `---` ends a document (only spaces or a comment may follow it on that line,
/// anything else is an error); a separator at the start of a document stays in
/// it; empty documents are dropped.
inline std::vector<chunk> split(std::string_view text) {
  std::vector<chunk> out;
  chunk current;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!last && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = last ? text.size() : end + 1;
    ++line_no;
    if (line.substr(0, 3) == "---") {
      if (!separator_rest_ok(line.substr(3))) {
        throw decode_error("",
                           where(out.size() + (current.text.empty() ? 1 : 2), line_no, 4) +
                               "invalid document separator: " + quote_bounded(line) +
                               " (only a comment may follow `---` on its line)",
                           error_kind::syntax);
      }
      if (!current.text.empty()) {
        out.push_back(std::move(current));
        current = chunk{};
        continue;
      }
    }
    if (current.text.empty()) current.first_line = line_no;
    current.text.append(line.data(), line.size());
    current.text += '\n';
  }
  if (!current.text.empty()) out.push_back(std::move(current));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scalars: go-yaml v2's resolve() (resolve.go) and the conversions after it.

/// A resolved scalar, as the Go value go-yaml makes of it.
struct scalar {
  enum kind_t { null, boolean, integer, unsigned_integer, floating, string } kind = null;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
  std::string s;
};

/// strtod in the "C" locale's spelling, whatever the process's locale.
inline double c_strtod(std::string text, bool& overflow) {
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

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Go's strconv.ParseUint(s, 0, 64) on text without underscores: a 0x, 0o, 0b
/// or 0 (octal) prefix picks the base. 0: ok, 1: syntax error, 2: out of range.
inline int go_parse_uint(std::string_view s, std::uint64_t& out) noexcept {
  int base = 10;
  if (s.size() >= 1 && s[0] == '0') {
    if (s.size() >= 2 && (s[1] == 'x' || s[1] == 'X')) {
      base = 16;
      s.remove_prefix(2);
    } else if (s.size() >= 2 && (s[1] == 'o' || s[1] == 'O')) {
      base = 8;
      s.remove_prefix(2);
    } else if (s.size() >= 2 && (s[1] == 'b' || s[1] == 'B')) {
      base = 2;
      s.remove_prefix(2);
    } else if (s.size() >= 2) {
      base = 8;
      s.remove_prefix(1);
    }
  }
  if (s.empty()) return 1;
  bool range = false;
  std::uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
      d = c - 'A' + 10;
    else
      return 1;
    if (d >= base) return 1;
    if (!range && (__builtin_mul_overflow(v, static_cast<std::uint64_t>(base), &v) ||
                   __builtin_add_overflow(v, static_cast<std::uint64_t>(d), &v))) {
      range = true;
    }
  }
  out = v;
  return range ? 2 : 0;
}

/// Go's strconv.ParseInt(s, 0, 64): an optional sign, then as go_parse_uint.
inline int go_parse_int(std::string_view s, std::int64_t& out) noexcept {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::uint64_t u = 0;
  const int r = go_parse_uint(s, u);
  if (r == 1) return 1;
  const std::uint64_t limit = negative ? (std::uint64_t{1} << 63) : (std::uint64_t{1} << 63) - 1;
  if (r == 2 || u > limit) return 2;
  out = negative ? static_cast<std::int64_t>(0 - u) : static_cast<std::int64_t>(u);
  return 0;
}

/// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
inline bool yaml_style_float(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t d = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == d) return false;
  } else {
    const std::size_t d = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == d) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t d = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == d) return false;
  }
  return i == s.size();
}

/// Go's time.Parse with the layouts go-yaml tries (resolve.go's
/// allowedTimestampFormats), for values tagged !!timestamp.
inline bool go_timestamp(std::string_view s) noexcept {
  std::size_t i = 0;
  const auto number = [&](std::size_t min_digits, std::size_t max_digits, int& v) {
    const std::size_t start = i;
    v = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < max_digits) v = v * 10 + (s[i++] - '0');
    return i - start >= min_digits;
  };
  int year, month, day, hour, minute, second;
  if (!number(4, 4, year) || i >= s.size() || s[i++] != '-') return false;
  if (!number(1, 2, month) || i >= s.size() || s[i++] != '-') return false;
  if (!number(1, 2, day)) return false;
  if (month < 1 || month > 12) return false;
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day < 1 || day > days[month - 1] || (month == 2 && day == 29 && !leap)) return false;
  if (i == s.size()) return true;
  const char sep = s[i++];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  if (!number(1, 2, hour) || i >= s.size() || s[i++] != ':') return false;
  if (!number(1, 2, minute) || i >= s.size() || s[i++] != ':') return false;
  if (!number(1, 2, second)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    const std::size_t start = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (sep == ' ') return i == s.size();
  if (i == s.size()) return false;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  ++i;
  int zh, zm;
  if (!number(2, 2, zh) || i >= s.size() || s[i++] != ':' || !number(2, 2, zm)) return false;
  return i == s.size() && zh <= 24 && zm <= 59;
}

constexpr std::string_view tag_prefix = "tag:yaml.org,2002:";

/// Base64 as Go's base64.StdEncoding.DecodeString reads it (padding required,
/// "\r" and "\n" skipped). False when it is not base64.
inline bool go_base64(std::string_view in, std::string& out) {
  std::string clean;
  for (char c : in)
    if (c != '\r' && c != '\n') clean += c;
  if (clean.size() % 4 != 0) return false;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = clean[i + static_cast<std::size_t>(k)];
      if (c == '=') {
        if (i + 4 != clean.size() || k < 2) return false;
        v[k] = 0;
        ++pad;
      } else {
        if (pad > 0) return false;
        v[k] = value(c);
        if (v[k] < 0) return false;
      }
    }
    const unsigned n =
        (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return true;
}

/// go-yaml v2's decoder.scalar() into interface{}: the tag (long form, "" for
/// none), the text and whether it was plain and untagged (libyaml's
/// plain_implicit). Returns an error message, or "" with `out` set.
inline std::string resolve(std::string_view tag, std::string_view in, bool implicit, scalar& out) {
  out = scalar{};
  const auto str = [&] {
    out.kind = scalar::string;
    out.s.assign(in.data(), in.size());
  };
  if (tag.empty() && !implicit) {
    str();
    return {};
  }
  const std::string_view short_tag =
      tag.substr(0, tag_prefix.size()) == tag_prefix ? tag.substr(tag_prefix.size()) : std::string_view{};
  const bool known_prefix = tag.substr(0, tag_prefix.size()) == tag_prefix;
  const bool resolvable = tag.empty() || (known_prefix && (short_tag == "str" || short_tag == "bool" ||
                                                           short_tag == "int" || short_tag == "float" ||
                                                           short_tag == "null" || short_tag == "timestamp"));
  if (!resolvable) {
    if (known_prefix && short_tag == "binary") {
      std::string bytes;
      if (!go_base64(in, bytes)) return "!!binary value contains invalid base64 data";
      out.kind = scalar::string;
      out.s = std::move(bytes);
      return {};
    }
    str();  // any other tag: the text as a string
    return {};
  }
  std::string_view rtag = "str";
  const auto done = [&](std::string_view resolved_tag) -> std::string {
    rtag = resolved_tag;
    if (tag.empty() || short_tag == rtag || short_tag == "str") return {};
    if (short_tag == "float" && rtag == "int" && out.kind == scalar::integer) {
      out.kind = scalar::floating;
      out.f = static_cast<double>(out.i);
      return {};
    }
    return "cannot decode !!" + std::string(rtag) + " `" + cut_bounded(in) + "` as a !!" +
           std::string(short_tag);
  };

  char hint = 'N';
  if (!in.empty()) {
    const char c = in[0];
    if (c == '+' || c == '-')
      hint = 'S';
    else if (is_digit(c))
      hint = 'D';
    else if (std::strchr("yYnNtTfFoO~", c) != nullptr)
      hint = 'M';
    else if (c == '.')
      hint = '.';
    else
      hint = 0;
  }
  if (hint == 0 || short_tag == "str") {
    str();
    return done("str");
  }
  // resolveMap
  static constexpr std::string_view trues[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                               "True", "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view falses[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                                "False", "FALSE", "off", "Off", "OFF"};
  for (std::size_t k = 0; k < 11; ++k) {
    if (in == trues[k] || in == falses[k]) {
      out.kind = scalar::boolean;
      out.b = in == trues[k];
      return done("bool");
    }
  }
  if (in.empty() || in == "~" || in == "null" || in == "Null" || in == "NULL") {
    out.kind = scalar::null;
    return done("null");
  }
  const auto special = [&](double v) {
    out.kind = scalar::floating;
    out.f = v;
    return done("float");
  };
  const double inf = std::numeric_limits<double>::infinity();
  if (in == ".nan" || in == ".NaN" || in == ".NAN") return special(std::numeric_limits<double>::quiet_NaN());
  if (in == ".inf" || in == ".Inf" || in == ".INF" || in == "+.inf" || in == "+.Inf" || in == "+.INF")
    return special(inf);
  if (in == "-.inf" || in == "-.Inf" || in == "-.INF") return special(-inf);

  if (hint == '.') {
    // strconv.ParseFloat on text starting with '.': digits, an optional exponent.
    std::size_t i = 1;
    while (i < in.size() && is_digit(in[i])) ++i;
    bool ok = i > 1;
    if (ok && i < in.size() && (in[i] == 'e' || in[i] == 'E')) {
      ++i;
      if (i < in.size() && (in[i] == '+' || in[i] == '-')) ++i;
      const std::size_t d = i;
      while (i < in.size() && is_digit(in[i])) ++i;
      ok = i > d;
    }
    if (ok && i == in.size()) {
      bool overflow = false;
      const double v = c_strtod(std::string(in), overflow);
      if (!overflow) {
        out.kind = scalar::floating;
        out.f = v;
        return done("float");
      }
    }
    str();
    return done("str");
  }
  if (hint == 'D' || hint == 'S') {
    if ((tag.empty() || short_tag == "timestamp") && go_timestamp(in)) {
      str();  // into interface{}, a timestamp stays its text
      return done("timestamp");
    }
    std::string plain;
    plain.reserve(in.size());
    for (char c : in)
      if (c != '_') plain += c;
    std::int64_t iv = 0;
    if (go_parse_int(plain, iv) == 0) {
      out.kind = scalar::integer;
      out.i = iv;
      return done("int");
    }
    std::uint64_t uv = 0;
    if (go_parse_uint(plain, uv) == 0) {
      out.kind = scalar::unsigned_integer;
      out.u = uv;
      return done("int");
    }
    if (yaml_style_float(plain)) {
      bool overflow = false;
      const double v = c_strtod(plain, overflow);
      if (!overflow) {
        out.kind = scalar::floating;
        out.f = v;
        return done("float");
      }
    }
    if (plain.size() > 2 && plain[0] == '0' && plain[1] == 'b') {
      // strconv.ParseInt(plain[2:], 2, 64): a sign may follow the prefix.
      std::string_view rest = std::string_view(plain).substr(2);
      bool negative = false;
      if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
        negative = rest[0] == '-';
        rest.remove_prefix(1);
      }
      bool ok = !rest.empty();
      std::uint64_t v = 0;
      bool range = false;
      for (char c : rest) {
        if (c != '0' && c != '1') ok = false;
        if (ok && !range &&
            (__builtin_mul_overflow(v, 2u, &v) || __builtin_add_overflow(v, std::uint64_t(c - '0'), &v)))
          range = true;
      }
      if (ok && !range) {
        if (!negative && v <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
          out.kind = scalar::integer;
          out.i = static_cast<std::int64_t>(v);
          return done("int");
        }
        if (negative && v <= (std::uint64_t{1} << 63)) {
          out.kind = scalar::integer;
          out.i = static_cast<std::int64_t>(0 - v);
          return done("int");
        }
        if (!negative) {
          out.kind = scalar::unsigned_integer;
          out.u = v;
          return done("int");
        }
      }
    } else if (plain.size() > 3 && plain.compare(0, 3, "-0b") == 0) {
      std::string_view rest = std::string_view(plain).substr(3);
      bool ok = !rest.empty();
      std::uint64_t v = 0;
      bool range = false;
      for (char c : rest) {
        if (c != '0' && c != '1') ok = false;
        if (ok && !range &&
            (__builtin_mul_overflow(v, 2u, &v) || __builtin_add_overflow(v, std::uint64_t(c - '0'), &v)))
          range = true;
      }
      if (ok && !range && v <= (std::uint64_t{1} << 63)) {
        out.kind = scalar::integer;
        out.i = static_cast<std::int64_t>(0 - v);
        return done("int");
      }
    }
  }
  str();
  return done("str");
}

/// sigs.k8s.io/yaml's key for a float64 key: strconv.FormatFloat(k, 'g', -1, 32).
inline std::string go_float32_key(double v) {
  if (std::isnan(v)) return ".nan";
  if (std::isinf(v)) return v > 0 ? ".inf" : "-.inf";
  const float f = static_cast<float>(v);
  if (std::isinf(f)) return f > 0 ? ".inf" : "-.inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
  std::string sci(buf, r.ptr);  // d[.ddd]e±XX
  const auto e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exp = std::stoi(sci.substr(e + 1));
  std::string out = std::signbit(f) ? "-" : "";
  if (exp < -4 || exp >= 6) {  // 'g' with the shortest digits decides at precision 6
    // %e: d.ddde±XX, at least two exponent digits
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exp < 0 ? "e-" : "e+";
    const int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  if (exp < 0) {
    out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    return out;
  }
  const std::size_t point = static_cast<std::size_t>(exp) + 1;
  if (digits.size() <= point) {
    out += digits + std::string(point - digits.size(), '0');
  } else {
    out += digits.substr(0, point) + "." + digits.substr(point);
  }
  return out;
}

/// The JSON value encoding/json writes for a float64 and a JSON reader (the
/// API server's, parse_json's) reads back. Go writes the shortest digits that
/// read back as the value, without an exponent from 1e-6 to 1e21: an integral
/// value is then an integer literal, with zeros after its shortest digits
/// (2^63 is written 9223372036854776000, past int64, so a reader takes a float).
inline json float_value(double v) {
  const double a = std::fabs(v);
  if (v != std::floor(v) || a >= 1e21) return json(v);
  if (a == 0) return json(std::uint64_t{0});  // "0" or "-0": an integer either way
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));  // d[.ddd]e+XX
  const std::size_t e = sci.find('e');
  std::string digits(sci.substr(0, e));
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  const std::size_t length = static_cast<std::size_t>(exponent) + 1;  // integral: exponent >= digits - 1
  digits.append(length - digits.size(), '0');
  std::uint64_t u = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(u, 10u, &u) || __builtin_add_overflow(u, std::uint64_t(c - '0'), &u))
      return json(v);
  }
  if (v > 0) return json(u);
  if (u > (std::uint64_t{1} << 63)) return json(v);
  return json(static_cast<std::int64_t>(0 - u));
}

// ---------------------------------------------------------------------------------------------
// The node tree of one document (go-yaml's parser.go), then its decoding.

struct node {
  enum kind_t : std::uint8_t { scalar_node, mapping_node, sequence_node, alias_node } kind = scalar_node;
  bool implicit = false;
  std::size_t line = 0, column = 0;  // 0-based, in the chunk
  std::size_t tag_offset = 0, tag_size = 0;
  std::size_t value_offset = 0, value_size = 0;  // scalar text; alias: the node it names (value_offset)
  std::size_t first_child = SIZE_MAX, next_sibling = SIZE_MAX, last_child = SIZE_MAX;
};

/// The memory one call may take, as parse_json's budget: the node tree, the
/// scalar text and the JSON trees it builds, counted as they grow.
class budget {
 public:
  budget(std::size_t input, const parse_limits& limits) : limits_(limits) {
    if (__builtin_mul_overflow(input, limits.memory_per_input_byte, &max_) ||
        __builtin_add_overflow(max_, limits.memory_floor, &max_)) {
      max_ = SIZE_MAX;
    }
  }
  void take(std::size_t bytes, const std::string& at) {
    if (__builtin_add_overflow(used_, bytes, &used_) || used_ > max_) {
      const std::string rule = limits_.memory_per_input_byte == 0
                                   ? std::string()
                                   : " (" + std::to_string(limits_.memory_floor >> 20) + " MiB + " +
                                         std::to_string(limits_.memory_per_input_byte) +
                                         " bytes per input byte)";
      throw decode_error("",
                         at + "the documents would take more than the budget of " +
                             std::to_string(max_ >> 20) + " MiB" + rule +
                             " as JSON trees (aliases expanding?)",
                         error_kind::limit);
    }
  }

 private:
  const parse_limits& limits_;
  std::size_t max_ = 0, used_ = 0;
};

/// libyaml's parser, freed however we leave.
class event_parser {
 public:
  explicit event_parser(const std::string& text) : text_(text) {
    if (yaml_parser_initialize(&parser_) == 0) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  event_parser(const event_parser&) = delete;
  event_parser& operator=(const event_parser&) = delete;
  ~event_parser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  /// The next event; the previous one is freed.
  const yaml_event_t& next(std::size_t document, std::size_t first_line) {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (yaml_parser_parse(&parser_, &event_) == 0) {
      if (parser_.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
      yaml_mark_t m = parser_.problem_mark;
      if (parser_.error == YAML_READER_ERROR) {
        // A bad byte: libyaml gives its offset only.
        m = position(parser_.problem_offset);
      }
      std::string msg = where(document, first_line + m.line, m.column + 1);
      msg += parser_.problem != nullptr ? parser_.problem : "invalid YAML";
      if (parser_.context != nullptr) {
        msg += " (";
        msg += parser_.context;
        msg += " at line " + std::to_string(first_line + parser_.context_mark.line) + ", column " +
               std::to_string(parser_.context_mark.column + 1) + ")";
      }
      throw decode_error("", msg, error_kind::syntax);
    }
    has_event_ = true;
    if (event_.type == YAML_SCALAR_EVENT && event_.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
      check_escapes(document, first_line);
    }
    return event_;
  }

 private:
  /// The line and column (0-based, columns in bytes) of a byte of the text.
  yaml_mark_t position(std::size_t offset) const noexcept {
    yaml_mark_t m{};
    m.index = offset;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++m.line;
        m.column = 0;
      } else {
        ++m.column;
      }
    }
    return m;
  }
  /// go-yaml (a port of libyaml 0.1) has no `\/` escape; libyaml 0.2.5 added it.
  void check_escapes(std::size_t document, std::size_t first_line) const {
    const std::size_t begin = event_.start_mark.index, end = std::min(event_.end_mark.index, text_.size());
    for (std::size_t i = begin; i + 1 < end; ++i) {
      if (text_[i] != '\\') continue;
      if (text_[i + 1] == '/') {
        const yaml_mark_t m = position(i);
        throw decode_error("",
                           where(document, first_line + m.line, m.column + 1) +
                               "found unknown escape character `\\/` (YAML 1.1 has none)",
                           error_kind::syntax);
      }
      ++i;  // the escaped character
    }
  }

  const std::string& text_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

/// One document: its nodes (the root is node 0 when there is one) and the
/// text of their scalars and tags.
struct tree {
  std::vector<node> nodes;
  std::string arena;
  std::string_view text(std::size_t offset, std::size_t size) const noexcept {
    return std::string_view(arena).substr(offset, size);
  }
};

/// Builds the tree of the chunk's first document, as go-yaml's parser.parse()
/// does (what follows its end is never read). False when it has none.
inline bool build(const chunk& c, std::size_t document, const parse_limits& limits, budget& mem, tree& t) {
  event_parser p(c.text);
  const auto at = [&](const yaml_mark_t& m) { return where(document, c.first_line + m.line, m.column + 1); };
  p.next(document, c.first_line);  // STREAM-START
  const yaml_event_t* e = &p.next(document, c.first_line);
  if (e->type == YAML_STREAM_END_EVENT) return false;
  // DOCUMENT-START: go-yaml reads YAML 1.1 only.
  if (e->data.document_start.version_directive != nullptr) {
    const auto* v = e->data.document_start.version_directive;
    if (v->major != 1 || v->minor != 1) {
      throw decode_error("",
                         at(e->start_mark) + "found incompatible YAML document (%YAML " +
                             std::to_string(v->major) + "." + std::to_string(v->minor) +
                             "; only 1.1 is read)",
                         error_kind::syntax);
    }
  }
  std::unordered_map<std::string, std::size_t> anchors;
  std::vector<std::size_t> open;  // containers not yet ended
  const auto add = [&](node::kind_t kind, const yaml_event_t& ev, const yaml_char_t* anchor,
                       const yaml_char_t* tag) -> std::size_t {
    const std::size_t bytes_before = t.nodes.capacity() * sizeof(node) + t.arena.capacity();
    node n;
    n.kind = kind;
    n.line = ev.start_mark.line;
    n.column = ev.start_mark.column;
    if (tag != nullptr) {
      const auto* s = reinterpret_cast<const char*>(tag);
      n.tag_offset = t.arena.size();
      n.tag_size = std::strlen(s);
      t.arena.append(s, n.tag_size);
    }
    const std::size_t index = t.nodes.size();
    if (!open.empty()) {
      node& parent = t.nodes[open.back()];
      if (parent.last_child == SIZE_MAX) {
        parent.first_child = index;
      } else {
        t.nodes[parent.last_child].next_sibling = index;
      }
      parent.last_child = index;
    }
    t.nodes.push_back(n);
    if (anchor != nullptr) anchors[reinterpret_cast<const char*>(anchor)] = index;
    const std::size_t bytes_after = t.nodes.capacity() * sizeof(node) + t.arena.capacity();
    if (bytes_after > bytes_before) mem.take(bytes_after - bytes_before, at(ev.start_mark));
    return index;
  };
  for (;;) {
    e = &p.next(document, c.first_line);
    switch (e->type) {
      case YAML_SCALAR_EVENT: {
        const std::size_t before = t.arena.capacity();
        const std::size_t i = add(node::scalar_node, *e, e->data.scalar.anchor, e->data.scalar.tag);
        node& n = t.nodes[i];
        n.implicit = e->data.scalar.plain_implicit != 0;
        n.value_offset = t.arena.size();
        n.value_size = e->data.scalar.length;
        t.arena.append(reinterpret_cast<const char*>(e->data.scalar.value), e->data.scalar.length);
        if (t.arena.capacity() > before) mem.take(t.arena.capacity() - before, at(e->start_mark));
        break;
      }
      case YAML_ALIAS_EVENT: {
        const auto* name = reinterpret_cast<const char*>(e->data.alias.anchor);
        const auto found = anchors.find(name);
        if (found == anchors.end()) {
          throw decode_error("", at(e->start_mark) + "unknown anchor " + quote_bounded(name) + " referenced",
                             error_kind::syntax);
        }
        const std::size_t target = found->second;
        const std::size_t i = add(node::alias_node, *e, nullptr, nullptr);
        t.nodes[i].value_offset = target;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e->type == YAML_SEQUENCE_START_EVENT;
        if (open.size() + 1 > limits.max_depth) {
          throw decode_error(
              "", at(e->start_mark) + "nesting deeper than " + std::to_string(limits.max_depth) + " levels",
              error_kind::limit);
        }
        // go-yaml keeps no tag on a collection.
        const std::size_t i =
            add(seq ? node::sequence_node : node::mapping_node, *e,
                seq ? e->data.sequence_start.anchor : e->data.mapping_start.anchor, nullptr);
        open.push_back(i);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        open.pop_back();
        break;
      case YAML_DOCUMENT_END_EVENT:
        return !t.nodes.empty();
      default:
        throw decode_error("", at(e->start_mark) + "unexpected YAML event", error_kind::internal);
    }
  }
}

/// go-yaml v2's decoder (decode.go) into interface{}, then sigs.k8s.io/yaml's
/// convertToJSONableObject and encoding/json's Marshal, building the JSON tree
/// a reader of that JSON text gets.
class decoder {
 public:
  decoder(const tree& t, std::size_t document, std::size_t first_line, const parse_limits& limits,
          budget& mem)
      : t_(t),
        document_(document),
        first_line_(first_line),
        limits_(limits),
        mem_(mem),
        expanding_(t.nodes.size(), false) {}

  json run() {
    count(false);  // the document node
    count(false);  // its root
    json out;
    path_node root;
    value(0, out, root, 0);
    return out;
  }

 private:
  std::string at(std::size_t i) const {
    return where(document_, first_line_ + t_.nodes[i].line, t_.nodes[i].column + 1);
  }
  [[noreturn]] void fail(std::size_t i, const path_node& path, const std::string& what,
                         error_kind kind = error_kind::syntax) const {
    throw decode_error(path.to_string(), at(i) + what, kind);
  }

  /// go-yaml's guard against alias bombs (decoder.unmarshal): refused when
  /// aliases make too large a share of the values decoded.
  void count(bool in_alias) {
    ++decodes_;
    if (in_alias || alias_depth_ > 0) ++aliases_;
    if (aliases_ > 100 && decodes_ > 1000) {
      double allowed = 0.99;
      if (decodes_ >= 4000000)
        allowed = 0.10;
      else if (decodes_ > 400000)
        allowed = 0.99 - 0.89 * (double(decodes_ - 400000) / double(4000000 - 400000));
      if (double(aliases_) / double(decodes_) > allowed) {
        throw decode_error("",
                           "document " + std::to_string(document_) +
                               ": document contains excessive aliasing (" + std::to_string(aliases_) +
                               " of " + std::to_string(decodes_) + " values come from aliases)",
                           error_kind::limit);
      }
    }
  }

  /// Follows alias nodes (each one counted, as go-yaml's decoder.alias does)
  /// to the node they name; `guard` restores the expansion state on return.
  struct alias_guard {
    decoder* d;
    std::vector<std::size_t> entered;
    ~alias_guard() {
      for (std::size_t i : entered) {
        d->expanding_[i] = false;
        --d->alias_depth_;
      }
    }
  };
  std::size_t follow(std::size_t i, alias_guard& g, const path_node& path) {
    while (t_.nodes[i].kind == node::alias_node) {
      if (expanding_[i]) {
        fail(i, path, "anchor value contains itself");
      }
      expanding_[i] = true;
      ++alias_depth_;
      g.entered.push_back(i);
      i = t_.nodes[i].value_offset;
      count(false);
    }
    return i;
  }

  void value(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    alias_guard g{this, {}};
    i = follow(i, g, path);
    const node& n = t_.nodes[i];
    switch (n.kind) {
      case node::scalar_node: {
        scalar s;
        const std::string err =
            resolve(t_.text(n.tag_offset, n.tag_size), t_.text(n.value_offset, n.value_size), n.implicit, s);
        if (!err.empty()) fail(i, path, err);
        put(i, s, out, path);
        return;
      }
      case node::sequence_node: {
        if (depth + 1 > limits_.max_depth) depth_error(i, path);
        mem_.take(64, at(i));
        out = json::array();
        std::size_t index = 0;
        for (std::size_t c = n.first_child; c != SIZE_MAX; c = t_.nodes[c].next_sibling, ++index) {
          count(false);
          mem_.take(24, at(c));
          out.emplace_back();
          const path_node child = path.at(index);
          value(c, out.back(), child, depth + 1);
        }
        return;
      }
      case node::mapping_node:
        if (depth + 1 > limits_.max_depth) depth_error(i, path);
        mem_.take(64, at(i));
        out = json::object();
        mapping(i, out, path, depth + 1);
        return;
      case node::alias_node:
        break;
    }
  }

  [[noreturn]] void depth_error(std::size_t i, const path_node& path) const {
    fail(i, path,
         "nesting deeper than " + std::to_string(limits_.max_depth) + " levels (with aliases expanded)",
         error_kind::limit);
  }

  static bool is_merge(const node& k) noexcept { return k.kind == node::scalar_node && k.implicit; }

  /// Decodes mapping `i` into `out` (an object), as go-yaml's decoder.mapping
  /// does: pairs in order, a merge (`<<`) writing its maps where it stands, so
  /// a later key overrides it and it overrides an earlier one. A key written
  /// twice by the mapping itself is refused (go-yaml keeps the last).
  void mapping(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    const node& n = t_.nodes[i];
    std::set<std::string> own;  // keys this mapping wrote itself, when merges make emplace() ambiguous
    bool merges = false;
    for (std::size_t k = n.first_child; k != SIZE_MAX; k = t_.nodes[t_.nodes[k].next_sibling].next_sibling) {
      const node& key = t_.nodes[k];
      if (key.kind == node::scalar_node && t_.text(key.value_offset, key.value_size) == "<<" &&
          (key.implicit || t_.text(key.tag_offset, key.tag_size) == "tag:yaml.org,2002:merge"))
        merges = true;
    }
    const bool fresh = out.empty() && !merges;
    for (std::size_t k = n.first_child; k != SIZE_MAX;) {
      const std::size_t v = t_.nodes[k].next_sibling;
      const node& key = t_.nodes[k];
      if (key.kind == node::scalar_node && t_.text(key.value_offset, key.value_size) == "<<" &&
          (is_merge(key) || t_.text(key.tag_offset, key.tag_size) == "tag:yaml.org,2002:merge")) {
        merge(v, out, path, depth);
        k = t_.nodes[v].next_sibling;
        continue;
      }
      count(false);
      const std::string name = key_string(k, path);
      count(false);
      const path_node child = path.member(name);
      mem_.take(96 + (name.size() > 15 ? name.size() + 24 : 0), at(k));
      json* slot = nullptr;
      if (fresh) {
        const auto r = out.get_ref<json::object_t&>().emplace(name, nullptr);
        if (!r.second) fail(k, child, "duplicate key " + quote_bounded(name));
        slot = &r.first->second;
      } else {
        if (!own.insert(name).second) fail(k, child, "duplicate key " + quote_bounded(name));
        slot = &out.get_ref<json::object_t&>()[name];
        *slot = nullptr;
      }
      value(v, *slot, child, depth);
      k = t_.nodes[v].next_sibling;
    }
  }

  /// go-yaml's decoder.merge: a map, an alias of one, or a sequence of them
  /// (the earlier ones win, so they are written last).
  void merge(std::size_t v, json& out, const path_node& path, std::size_t depth) {
    const node& n = t_.nodes[v];
    const auto want_map = [&](std::size_t at_node) {
      fail(at_node, path, "map merge requires map or sequence of maps as the value");
    };
    const auto target_kind = [&](std::size_t i) {
      const node& x = t_.nodes[i];
      return x.kind == node::alias_node ? t_.nodes[x.value_offset].kind : x.kind;
    };
    if (n.kind == node::mapping_node || n.kind == node::alias_node) {
      if (target_kind(v) != node::mapping_node) want_map(v);
      merge_one(v, out, path, depth);
      return;
    }
    if (n.kind != node::sequence_node) want_map(v);
    std::vector<std::size_t> items;
    for (std::size_t c = n.first_child; c != SIZE_MAX; c = t_.nodes[c].next_sibling) items.push_back(c);
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      if (target_kind(*it) != node::mapping_node) want_map(*it);
      merge_one(*it, out, path, depth);
    }
  }
  void merge_one(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    count(false);
    alias_guard g{this, {}};
    i = follow(i, g, path);
    mapping(i, out, path, depth);
  }

  /// A key as sigs.k8s.io/yaml makes it a string (int, float, bool keys;
  /// null and collections refused).
  std::string key_string(std::size_t k, const path_node& path) {
    alias_guard g{this, {}};
    const std::size_t i = follow(k, g, path);
    const node& n = t_.nodes[i];
    if (n.kind != node::scalar_node) {
      fail(k, path,
           std::string("invalid map key: a ") + (n.kind == node::mapping_node ? "mapping" : "sequence"));
    }
    scalar s;
    const std::string err =
        resolve(t_.text(n.tag_offset, n.tag_size), t_.text(n.value_offset, n.value_size), n.implicit, s);
    if (!err.empty()) fail(i, path, err);
    switch (s.kind) {
      case scalar::string:
        return replace_invalid_utf8(s.s);
      case scalar::boolean:
        return s.b ? "true" : "false";
      case scalar::integer:
        return std::to_string(s.i);
      case scalar::floating:
        return go_float32_key(s.f);
      case scalar::null:
        fail(k, path, "unsupported map key: null", error_kind::type);
      case scalar::unsigned_integer:
        fail(k, path,
             "unsupported map key: integer " + cut_bounded(t_.text(n.value_offset, n.value_size)) +
                 " is past int64",
             error_kind::type);
    }
    return {};
  }

  void put(std::size_t i, const scalar& s, json& out, const path_node& path) {
    switch (s.kind) {
      case scalar::null:
        out = nullptr;
        return;
      case scalar::boolean:
        out = s.b;
        return;
      case scalar::integer:
        if (s.i >= 0)
          out = static_cast<std::uint64_t>(s.i);
        else
          out = s.i;
        return;
      case scalar::unsigned_integer:
        out = s.u;
        return;
      case scalar::floating:
        if (std::isnan(s.f) || std::isinf(s.f)) {
          fail(i, path,
               std::string("JSON has no ") + (std::isnan(s.f) ? "NaN" : "infinity") + ": " +
                   cut_bounded(t_.text(t_.nodes[i].value_offset, t_.nodes[i].value_size)) +
                   " (encoding/json refuses it)",
               error_kind::type);
        }
        out = float_value(s.f);
        return;
      case scalar::string:
        if (s.s.size() > 15) mem_.take(s.s.size() + 24, at(i));
        if (validate_utf8(s.s))
          out = s.s;
        else
          out = replace_invalid_utf8(s.s);  // !!binary bytes: encoding/json writes U+FFFD
        return;
    }
  }

  static bool validate_utf8(const std::string& s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0) return false;
      i += n;
    }
    return true;
  }

  const tree& t_;
  std::size_t document_, first_line_;
  const parse_limits& limits_;
  budget& mem_;
  std::vector<bool> expanding_;
  std::size_t decodes_ = 0, aliases_ = 0, alias_depth_ = 0;
};

/// Frees documents without allocating (see detail::dismantle) when a later one fails.
struct documents_guard {
  std::vector<json>& docs;
  bool keep = false;
  ~documents_guard() {
    if (keep) return;
    for (auto& d : docs) dismantle(d);
  }
};

/// A document's top level must be an object: kubectl reads every document
/// into one (an API object, or a List of them).
[[noreturn]] inline void not_an_object(const std::string& type, const std::string& where_text) {
  throw decode_error("", where_text + "expected an object at the top level, got " + type, error_kind::type);
}

inline std::vector<json> read_yaml(std::string_view text, const parse_limits& limits) {
  if (text.size() > limits.max_bytes) {
    throw decode_error("",
                       "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(limits.max_bytes),
                       error_kind::limit);
  }
  budget mem(text.size(), limits);
  std::vector<chunk> chunks = split(text);
  std::vector<json> docs;
  documents_guard guard{docs};
  std::size_t number = 0;
  for (const chunk& c : chunks) {
    ++number;
    json j;
    std::size_t root_line = c.first_line, root_column = 1;
    {
      tree t;
      if (!build(c, number, limits, mem, t)) continue;
      root_line = c.first_line + t.nodes[0].line;
      root_column = t.nodes[0].column + 1;
      decoder d(t, number, c.first_line, limits, mem);
      try {
        j = d.run();
      } catch (...) {
        dismantle(j);
        throw;
      }
    }
    if (j.is_null()) continue;  // kubectl skips a document that is null
    if (!j.is_object()) {
      const std::string type = type_name(j);
      dismantle(j);
      not_an_object(type, where(number, root_line, root_column));
    }
    docs.push_back(std::move(j));
  }
  guard.keep = true;
  return docs;
}

/// The end of the JSON value starting at `i` (after white space), as Go's
/// json.Decoder reads a stream: a string, a container (strings skipped), or a
/// run of literal characters.
inline std::size_t json_value_end(std::string_view text, std::size_t i) noexcept {
  const char c = text[i];
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    bool in_string = false;
    for (; i < text.size(); ++i) {
      const char x = text[i];
      if (in_string) {
        if (x == '\\')
          ++i;
        else if (x == '"')
          in_string = false;
      } else if (x == '"') {
        in_string = true;
      } else if (x == '{' || x == '[') {
        ++depth;
      } else if (x == '}' || x == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return text.size();
  }
  if (c == '"') {
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\\')
        ++i;
      else if (text[i] == '"')
        return i + 1;
    }
    return text.size();
  }
  while (i < text.size() && std::strchr(" \t\r\n{}[],:\"", text[i]) == nullptr) ++i;
  return i;
}

inline std::vector<json> read_json_stream(std::string_view text, const parse_limits& limits) {
  if (text.size() > limits.max_bytes) {
    throw decode_error("",
                       "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(limits.max_bytes),
                       error_kind::limit);
  }
  std::vector<json> docs;
  documents_guard guard{docs};
  std::size_t start = 0, number = 0, line = 1;
  const auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  for (;;) {
    std::size_t i = start;
    while (i < text.size() && is_ws(text[i])) ++i;
    if (i == text.size()) break;
    ++number;
    const std::size_t end = json_value_end(text, i);
    // The first document is parsed from the input's start, so its positions
    // are parse_json's; a later one from the end of the one before it.
    auto r = parse_json(text.substr(start, end - start), limits);
    if (!r) {
      error_info e = r.error();
      e.message = "document " + std::to_string(number) +
                  (number == 1 ? std::string() : " (lines counted from line " + std::to_string(line) + ")") +
                  ": " + e.message;
      throw decode_error(std::move(e));
    }
    for (std::size_t k = start; k < end; ++k)
      if (text[k] == '\n') ++line;
    start = end;
    json j = std::move(r.value());
    if (j.is_null()) continue;
    if (!j.is_object()) {
      const std::string type = type_name(j);
      dismantle(j);
      not_an_object(type, "document " + std::to_string(number) + ": ");
    }
    docs.push_back(std::move(j));
  }
  guard.keep = true;
  return docs;
}

}  // namespace yaml
}  // namespace detail

/// Parses YAML text into one JSON object per document, as kubectl converts a
/// manifest (go-yaml v2 under sigs.k8s.io/yaml; docs/yaml.md): documents are
/// cut at lines starting with `---`, a document that is empty or null is
/// skipped, every other one must be an object. Errors name the document
/// (1-based), the line and the column, and for a key given twice its path.
/// The same limits as parse_json; aliases that expand too far are refused.
/// Never throws.
inline result<std::vector<nlohmann::json>> parse_yaml(std::string_view text,
                                                      parse_limits limits = {}) noexcept {
  return detail::capture<std::vector<nlohmann::json>>([&] { return detail::yaml::read_yaml(text, limits); });
}

/// JSON or YAML by content, as kubectl's YAMLOrJSONDecoder decides: JSON when
/// the first byte that is not white space (within the first 4096) is `{`,
/// then a stream of JSON values, each read by parse_json; YAML otherwise
/// (parse_yaml). A null document is skipped; every other one must be an
/// object. Never throws.
inline result<std::vector<nlohmann::json>> parse_documents(std::string_view text,
                                                           parse_limits limits = {}) noexcept {
  return detail::capture<std::vector<nlohmann::json>>([&] {
    return detail::yaml::looks_like_json(text) ? detail::yaml::read_json_stream(text, limits)
                                               : detail::yaml::read_yaml(text, limits);
  });
}

}  // namespace trainjob

#endif
