// trainjob internals: what a YAML scalar means to go-yaml v2 (the YAML library
// behind kubectl), in one place for the reader and the writer: resolve() with
// its table of null, bool and .inf/.nan spellings, integers with base
// prefixes and underscores, YAML floats and timestamps; the check of an
// explicit tag against what the text resolves to; isBase60Float, which the
// encoder also quotes; the YAML spelling of a float. The reader takes the
// value (trainjob/detail/yaml_convert.hpp), the writer asks whether a string
// written plain would read back as something else (trainjob/yaml_write.hpp).
// docs/yaml.md, "Scalars".
//
// Ported from go-yaml v2 as sigs.k8s.io/yaml v1.4 forks it (goyaml.v2/resolve.go
// and encode.go; kubectl 1.32 vendors v1.4.0, which has no big.Int fallback)
// and from the Go functions they call (strconv: detail/go_strconv.hpp;
// time.Parse with go-yaml's four layouts).
#ifndef TRAINJOB_DETAIL_GO_YAML_RESOLVE_HPP
#define TRAINJOB_DETAIL_GO_YAML_RESOLVE_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "trainjob/detail/go_strconv.hpp"
#include "trainjob/detail/quote.hpp"

namespace trainjob {
namespace detail {

/// What resolve() makes of a scalar: the tag it resolves to (by kind: integer
/// and unsigned_integer are both !!int) and the Go value. A string's or a
/// timestamp's value is the text itself (into interface{}, go-yaml keeps a
/// timestamp's text).
struct go_yaml_scalar {
  enum kind_t : unsigned char { string, null, boolean, integer, unsigned_integer, floating, timestamp };
  kind_t kind = string;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
};

/// The short name of the tag a kind resolves to ("int" for !!int).
inline std::string_view go_yaml_tag_name(go_yaml_scalar::kind_t k) noexcept {
  switch (k) {
    case go_yaml_scalar::null:
      return "null";
    case go_yaml_scalar::boolean:
      return "bool";
    case go_yaml_scalar::integer:
    case go_yaml_scalar::unsigned_integer:
      return "int";
    case go_yaml_scalar::floating:
      return "float";
    case go_yaml_scalar::timestamp:
      return "timestamp";
    case go_yaml_scalar::string:
      break;
  }
  return "str";
}

/// yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
inline bool yaml_style_float(std::string_view s) noexcept {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && go_ascii_digit(s[i])) ++i;
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

/// isBase60Float (encode.go): ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
/// ("1:20"). resolve() reads it as a string; the encoder quotes it anyway.
inline bool yaml_base60_float(std::string_view s) noexcept {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || !go_ascii_digit(s[i])) return false;
  while (i < s.size() && (go_ascii_digit(s[i]) || s[i] == '_')) ++i;
  std::size_t groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    // [0-5]?[0-9]: one digit, or two with the first at most 5 (greedy is
    // exact here: a digit left over could not start the next group).
    if (i >= s.size() || !go_ascii_digit(s[i])) return false;
    if (s[i] <= '5' && i + 1 < s.size() && go_ascii_digit(s[i + 1])) {
      i += 2;
    } else {
      i += 1;
    }
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (go_ascii_digit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

/// parseTimestamp: time.Parse(layout, s) succeeds for one of go-yaml's four
/// layouts, "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case
/// 't', "2006-1-2 15:4:5.999999999" and "2006-1-2". As time.Parse: one- or
/// two-digit fields, the layout's space matching a run of spaces, a fraction
/// of any length after '.' or ',', zone offsets up to 24:60, days checked
/// against the month and leap years.
inline bool go_yaml_timestamp(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && go_ascii_digit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;  // go-yaml's quick check: YYYY-
  const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  std::size_t p = 4;
  // time.getnum(value, false): one digit, or two.
  const auto getnum = [&](int& out) {
    if (p >= s.size() || !go_ascii_digit(s[p])) return false;
    out = s[p] - '0';
    ++p;
    if (p < s.size() && go_ascii_digit(s[p])) {
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
    while (p < s.size() && s[p] == ' ') ++p;  // time.skip: a layout space matches one or more
  } else {
    return false;
  }
  int hour = 0, minute = 0, second = 0;
  if (!getnum(hour) || hour >= 24) return false;
  if (!lit(':') || !getnum(minute) || minute >= 60) return false;
  if (!lit(':') || !getnum(second) || second >= 60) return false;
  // .999999999: optional; a period or comma and then any number of digits.
  if (p + 1 < s.size() && (s[p] == '.' || s[p] == ',') && go_ascii_digit(s[p + 1])) {
    ++p;
    while (p < s.size() && go_ascii_digit(s[p])) ++p;
  }
  if (zone) {
    // Z07:00: "Z", or a sign and hh:mm (offsets to 24:60 accepted, as Go does).
    if (p < s.size() && s[p] == 'Z') {
      ++p;
    } else {
      if (s.size() - p < 6 || s[p + 3] != ':') return false;
      if (s[p] != '+' && s[p] != '-') return false;
      const auto two = [&](std::size_t at, int& out) {
        if (!go_ascii_digit(s[at]) || !go_ascii_digit(s[at + 1])) return false;
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

/// resolve(tag, in) for a tag that lets the text decide (none, !!bool, !!int,
/// !!float, !!null, !!timestamp): what the text resolves to, before the tag
/// is checked. `timestamps`: the tag is none or !!timestamp (go-yaml tries
/// timestamps only then).
inline go_yaml_scalar go_yaml_resolve_text(std::string_view in, bool timestamps) {
  go_yaml_scalar out;
  // resolveTable: the first byte hints at what the text may be.
  const char c = in.empty() ? 'N' : in[0];  // 'N': the empty text, null in the map below
  const bool sign = c == '+' || c == '-', digit = go_ascii_digit(c);
  const bool in_map = std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos;
  if (!sign && !digit && !in_map && c != '.') return out;  // hint 0: a string
  // resolveMap
  static constexpr std::string_view trues[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                               "True", "TRUE", "on",  "On",  "ON"};
  static constexpr std::string_view falses[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                                "False", "FALSE", "off", "Off", "OFF"};
  static constexpr std::string_view nulls[] = {"", "~", "null", "Null", "NULL"};
  static constexpr std::string_view infs[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"};
  static constexpr std::string_view minus_infs[] = {"-.inf", "-.Inf", "-.INF"};
  static constexpr std::string_view nans[] = {".nan", ".NaN", ".NAN"};
  const auto one_of = [&](const auto& words) {
    for (std::string_view w : words)
      if (in == w) return true;
    return false;
  };
  if (one_of(trues) || one_of(falses)) {
    out.kind = go_yaml_scalar::boolean;
    out.b = one_of(trues);
    return out;
  }
  if (one_of(nulls)) {
    out.kind = go_yaml_scalar::null;
    return out;
  }
  if (one_of(infs) || one_of(minus_infs) || one_of(nans)) {
    out.kind = go_yaml_scalar::floating;
    constexpr double inf = std::numeric_limits<double>::infinity();
    out.f = one_of(nans) ? std::numeric_limits<double>::quiet_NaN() : one_of(infs) ? inf : -inf;
    return out;
  }
  if (in_map) return out;
  if (c == '.') {
    if (go_parse_float(in, out.f)) out.kind = go_yaml_scalar::floating;
    return out;
  }
  // 'D', 'S': a timestamp, an int, a float.
  if (timestamps && go_yaml_timestamp(in)) {
    out.kind = go_yaml_scalar::timestamp;
    return out;
  }
  std::string plain;
  plain.reserve(in.size());
  for (char ch : in)
    if (ch != '_') plain += ch;
  const std::string_view p(plain);
  if (go_parse_int(p, 0, out.i) == go_parse_status::ok) {
    out.kind = go_yaml_scalar::integer;
    return out;
  }
  if (go_parse_uint(p, 0, out.u) == go_parse_status::ok) {
    out.kind = go_yaml_scalar::unsigned_integer;
    return out;
  }
  if (yaml_style_float(p) && go_parse_float(p, out.f)) {
    out.kind = go_yaml_scalar::floating;
    return out;
  }
  if (p.substr(0, 2) == "0b") {
    // ParseInt(plain[2:], 2, 64): a sign may follow the prefix.
    if (go_parse_int(p.substr(2), 2, out.i) == go_parse_status::ok) {
      out.kind = go_yaml_scalar::integer;
    } else if (go_parse_uint(p.substr(2), 2, out.u) == go_parse_status::ok) {
      out.kind = go_yaml_scalar::unsigned_integer;
    }
  } else if (p.substr(0, 3) == "-0b") {
    // ParseInt("-" + plain[3:], 2, 64): a second sign is a syntax error.
    const std::string_view rest = p.substr(3);
    if (!rest.empty() && rest[0] != '+' && rest[0] != '-' &&
        go_parse_int("-" + std::string(rest), 2, out.i) == go_parse_status::ok) {
      out.kind = go_yaml_scalar::integer;
    }
  }
  return out;
}

inline constexpr std::string_view go_yaml_tag_prefix = "tag:yaml.org,2002:";

/// resolve(tag, in) with its deferred check, for a scalar with a tag (long
/// form, e.g. "tag:yaml.org,2002:int") or none (""): `out` is what the text
/// resolves to; a tag that does not let the text decide (!!binary, a local
/// tag) leaves it a string. Returns "" or go-yaml's error: the text resolves
/// to another tag than the one given ("cannot decode !!str `x` as a !!int";
/// an !!int value given !!float becomes a float).
inline std::string go_yaml_resolve(std::string_view tag, std::string_view in, go_yaml_scalar& out) {
  out = go_yaml_scalar{};
  std::string_view short_tag;
  if (!tag.empty()) {
    if (tag.substr(0, go_yaml_tag_prefix.size()) != go_yaml_tag_prefix) return {};
    short_tag = tag.substr(go_yaml_tag_prefix.size());
    if (short_tag != "str" && short_tag != "bool" && short_tag != "int" && short_tag != "float" &&
        short_tag != "null" && short_tag != "timestamp") {
      return {};  // resolvableTag: no
    }
    if (short_tag == "str") return {};
  }
  out = go_yaml_resolve_text(in, short_tag.empty() || short_tag == "timestamp");
  const std::string_view rtag = go_yaml_tag_name(out.kind);
  if (short_tag.empty() || short_tag == rtag) return {};
  if (short_tag == "float" && out.kind == go_yaml_scalar::integer) {
    out.kind = go_yaml_scalar::floating;
    out.f = static_cast<double>(out.i);
    return {};
  }
  return "cannot decode !!" + std::string(rtag) + " `" + cut_bounded(in) + "` as a !!" +
         std::string(short_tag);
}

/// encode.go's stringv: a string written plain would not read back as the
/// same string (resolve("", s) gives another tag than !!str, or s is a base 60
/// float), so go-yaml double-quotes it.
inline bool yaml_plain_reads_as_other(std::string_view s) {
  return go_yaml_resolve_text(s, true).kind != go_yaml_scalar::string || yaml_base60_float(s);
}

/// A float as go-yaml writes it (encode.go's floatv; sigs.k8s.io/yaml's
/// float keys likewise): strconv.FormatFloat(v, 'g', -1, bits), with .inf,
/// -.inf and .nan for Go's +Inf, -Inf and NaN.
inline std::string go_yaml_float(double v, int bits = 64) {
  std::string s = go_format_float(v, bits);
  if (s == "+Inf") return ".inf";
  if (s == "-Inf") return "-.inf";
  if (s == "NaN") return ".nan";
  return s;
}

}  // namespace detail
}  // namespace trainjob

#endif
