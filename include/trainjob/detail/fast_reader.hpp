// trainjob internals: the cursor of the fast JSON reader (detail/fast_json.hpp)
// over one padded line: JSON's grammar, validated as nlohmann's parser does,
// with string scans that need no bounds checks. Anything unusual bails.
#ifndef TRAINJOB_DETAIL_FAST_READER_HPP
#define TRAINJOB_DETAIL_FAST_READER_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__)) && !defined(TRAINJOB_FAST_JSON_NO_SIMD)
#include <emmintrin.h>
#define TRAINJOB_DETAIL_FAST_JSON_SSE2 1
#endif

#include <nlohmann/json.hpp>

#include "trainjob/detail/utf8.hpp"

namespace trainjob {
namespace detail {

/// Thrown when the fast reader gives the line up to the DOM path.
struct fast_bail {};

[[noreturn]] inline void bail() { throw fast_bail{}; }

/// Readable bytes the reader needs after the text, the first one NUL: scans
/// run without bounds checks and stop at the NUL, which JSON never holds raw.
inline constexpr std::size_t fast_padding = 64;
/// Deeper nesting is legal (parse_json allows 1000) but never seen in real
/// objects; bailing keeps the reader's recursion shallow.
inline constexpr int fast_max_depth = 64;

/// The first byte at or after `p` that ends a plain run of string text: '"',
/// '\\', a control character or a non-ASCII byte. The padding NUL stops it.
inline const char* scan_plain(const char* p) noexcept {
#ifdef TRAINJOB_DETAIL_FAST_JSON_SSE2
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (;;) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // A signed compare: bytes >= 0x80 are negative, so "< 0x20" also finds non-ASCII.
    const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                         _mm_cmplt_epi8(v, space));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#else
  constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  for (;;) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    const std::uint64_t m = has_zero(v ^ (ones * '"')) | has_zero(v ^ (ones * '\\')) |
                            ((v - ones * 0x20) & ~v & highs) | (v & highs);
    if (m != 0) break;
    p += 8;
  }
  for (;; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
  }
#endif
}

inline bool is_ws(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// The first byte at or after `p` that is not JSON white space; the padding NUL stops it.
inline const char* scan_ws(const char* p) noexcept {
#ifdef TRAINJOB_DETAIL_FAST_JSON_SSE2
  const __m128i space = _mm_set1_epi8(' '), lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
  for (;;) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, lf)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));
    const int mask = ~_mm_movemask_epi8(ws) & 0xFFFF;
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#else
  while (is_ws(*p)) ++p;
  return p;
#endif
}

inline int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// A 64-bit hash of a key, only to find duplicate keys: equal hashes make the
/// reader bail, so a collision costs a fallback, never a wrong answer.
inline std::uint64_t key_hash(const char* p, std::size_t n) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15u;
  std::uint64_t h = k ^ (n * 0xBF58476D1CE4E5B9u);
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * k;
  h ^= h >> 32;
  return h * 0x94D049BB133111EBu;
}

/// What the reader has seen since reset_counts(), counted as parse_json's
/// pre-scan counts it to estimate a tree's memory (parse.hpp, tree_estimate):
/// objects and arrays, object members, array elements, strings (keys too),
/// and for each string past 15 raw bytes its raw length plus 24.
struct fast_counts {
  std::size_t containers = 0, members = 0, elements = 0, strings = 0, string_heap = 0;
};

/// Members the typed reads skip (validated, not stored) and leave empty, for
/// a caller that never reads them (read_manifest's manifest_drops).
struct fast_drops {
  bool jobset_spec = false;
  bool managed_fields = false;
};

/// The reader proper: a cursor over one padded line, plus reusable scratch.
class fast_reader {
 public:
  /// [begin, end) is the text; end[0] must be NUL with fast_padding readable bytes from end.
  void start(const char* begin, const char* end) noexcept {
    p_ = begin;
    end_ = end;
    depth_ = 0;
    keys_.clear();
    unique_checked_ = false;
  }
  /// As start, over text this reader's object() has already read whole
  /// (read_manifest's second pass): no key is checked for a duplicate again.
  void start_checked(const char* begin, const char* end) noexcept {
    start(begin, end);
    unique_checked_ = true;
  }

  const char* pos() const noexcept { return p_; }

  void set_drops(fast_drops d) noexcept { drops_ = d; }
  const fast_drops& drops() const noexcept { return drops_; }

  void reset_counts() noexcept { counts_ = fast_counts{}; }
  const fast_counts& counts() const noexcept { return counts_; }

  void skip_ws() noexcept {
    if (!is_ws(*p_)) return;
    ++p_;
    if (!is_ws(*p_)) return;  // one space, as after a colon
    p_ = scan_ws(p_);         // a line break and its indentation, as kubectl writes JSON
  }
  /// Only whitespace is left.
  bool at_end() noexcept {
    skip_ws();
    return p_ == end_;
  }
  char peek() noexcept {
    skip_ws();
    return *p_;
  }

  /// Consumes a `null` if one is next.
  bool null_next() {
    if (peek() != 'n') return false;
    literal("null", 4);
    return true;
  }

  bool read_bool() {
    const char c = peek();
    if (c == 't') {
      literal("true", 4);
      return true;
    }
    if (c == 'f') {
      literal("false", 5);
      return false;
    }
    bail();
  }

  /// An integer as decode_integer reads it: nlohmann parses a number without
  /// fraction or exponent as an integer when it fits 64 bits (unsigned when
  /// positive); anything else is an error there, so a bail here.
  template <class Int>
  Int read_int() {
    skip_ws();
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (*p_ < '0' || *p_ > '9') bail();
    std::uint64_t v = 0;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (*p_ >= '0' && *p_ <= '9') {
        const auto d = static_cast<unsigned>(*p_ - '0');
        if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) bail();  // a float to nlohmann
        v = v * 10 + d;
        ++p_;
      }
    }
    if (*p_ == '.' || *p_ == 'e' || *p_ == 'E') bail();
    if (negative) {
      constexpr std::uint64_t limit = std::uint64_t{1} << 63;
      if (v > limit) bail();
      const std::int64_t s =
          v == limit ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(v);
      if (s < static_cast<std::int64_t>(std::numeric_limits<Int>::min())) bail();
      return static_cast<Int>(s);
    }
    if (v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) bail();
    return static_cast<Int>(v);
  }

  /// A string's decoded text: a view into the line when it has no escapes,
  /// else into scratch storage that the next string read reuses.
  std::string_view read_string_view() {
    if (peek() != '"') bail();
    const char* begin = ++p_;
    if (scan_string_body()) return std::string_view(begin, static_cast<std::size_t>(p_ - 1 - begin));
    decode_escaped(begin, scratch_);
    return scratch_;
  }

  void read_string(std::string& out) {
    if (peek() != '"') bail();
    const char* begin = ++p_;
    if (scan_string_body()) {
      out.assign(begin, static_cast<std::size_t>(p_ - 1 - begin));
    } else {
      decode_escaped(begin, out);
    }
  }

  /// Validates any value and moves past it.
  void skip_value() {
    switch (peek()) {
      case '{':
        skip_object();
        return;
      case '[':
        skip_array();
        return;
      case '"':
        ++p_;
        scan_string_body();  // escapes are validated in place; nothing is decoded
        return;
      case 't':
        literal("true", 4);
        return;
      case 'f':
        literal("false", 5);
        return;
      case 'n':
        literal("null", 4);
        return;
      default:
        skip_number();
        return;
    }
  }

  /// The value at [begin, end), already validated, as the DOM parser builds it.
  static nlohmann::json materialise(const char* begin, const char* end) {
    return nlohmann::json::parse(begin, end);
  }

  /// Reads any value into `out` as the DOM parser builds it (nlohmann's
  /// types: unsigned for a non-negative integer, signed for a negative one);
  /// a number that is not a plain 64-bit integer is left to nlohmann's parser.
  void build(nlohmann::json& out) {
    switch (peek()) {
      case '{': {
        out = nlohmann::json::object();
        auto& o = out.get_ref<nlohmann::json::object_t&>();
        object([&](std::string_view key) {
          // A duplicate key lands on the first member, and object() bails at the end.
          auto slot = o.emplace(std::string(key), nullptr);
          build(slot.first->second);
        });
        return;
      }
      case '[': {
        out = nlohmann::json::array();
        auto& a = out.get_ref<nlohmann::json::array_t&>();
        array([&] {
          a.emplace_back();
          build(a.back());
        });
        return;
      }
      case '"': {
        std::string s;
        read_string(s);
        out = std::move(s);
        return;
      }
      case 't':
      case 'f':
        out = read_bool();
        return;
      case 'n':
        literal("null", 4);
        out = nullptr;
        return;
      default:
        build_number(out);
        return;
    }
  }

  /// Calls on_member(key) for each member with the cursor before the value;
  /// on_member must consume the value. Duplicate keys bail.
  template <class F>
  void object(F&& on_member) {
    if (peek() != '{') bail();
    ++p_;
    enter();
    const std::size_t base = keys_.size();
    if (peek() == '}') {
      ++p_;
      leave();
      return;
    }
    for (;;) {
      const std::string_view key = unique_checked_ ? read_string_view() : read_key();
      if (peek() != ':') bail();
      ++p_;
      on_member(key);
      const char c = peek();
      ++p_;
      if (c == '}') break;
      if (c != ',') bail();
    }
    if (!unique_checked_) check_unique(base);
    leave();
  }

  /// Calls on_element() for each element with the cursor before it.
  template <class F>
  void array(F&& on_element) {
    if (peek() != '[') bail();
    ++p_;
    enter();
    if (peek() == ']') {
      ++p_;
      leave();
      return;
    }
    for (;;) {
      ++counts_.elements;
      on_element();
      const char c = peek();
      ++p_;
      if (c == ']') break;
      if (c != ',') bail();
    }
    leave();
  }

 private:
  void enter() {
    ++counts_.containers;
    if (++depth_ > fast_max_depth) bail();
  }
  void leave() noexcept { --depth_; }

  void literal(const char* word, std::size_t n) {
    if (std::memcmp(p_, word, n) != 0) bail();  // the padding makes the read safe
    p_ += n;
  }

  /// The JSON number grammar; its value is not needed, only whether it is
  /// finite as a double: parse_json refuses one that is not (1e400).
  void skip_number() {
    if (*p_ == '-') ++p_;
    long magnitude = 0;  // digits before the point: the value is below 10^(magnitude + exponent)
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      const char* digits = p_;
      while (*p_ >= '0' && *p_ <= '9') ++p_;
      magnitude = static_cast<long>(p_ - digits);
    } else {
      bail();
    }
    if (*p_ == '.') {
      ++p_;
      if (*p_ < '0' || *p_ > '9') bail();
      while (*p_ >= '0' && *p_ <= '9') ++p_;
    }
    long exponent = 0;
    if (*p_ == 'e' || *p_ == 'E') {
      ++p_;
      const bool negative = *p_ == '-';
      if (*p_ == '+' || *p_ == '-') ++p_;
      if (*p_ < '0' || *p_ > '9') bail();
      while (*p_ >= '0' && *p_ <= '9') {
        if (exponent < 100000) exponent = exponent * 10 + (*p_ - '0');
        ++p_;
      }
      if (negative) exponent = -exponent;
    }
    // Far below DBL_MAX (~1.8e308) it is surely finite; near it, let the DOM path decide.
    if (magnitude + exponent > 300) bail();
  }

  /// A number as nlohmann's lexer types it: the plain integers here, the rest by its parser.
  void build_number(nlohmann::json& out) {
    const char* const begin = p_;
    skip_number();
    const bool negative = *begin == '-';
    const char* d = negative ? begin + 1 : begin;
    std::uint64_t v = 0;
    bool plain = d < p_;
    for (; plain && d < p_; ++d) {
      const auto digit = static_cast<unsigned>(*d - '0');
      if (digit > 9 || v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
        plain = false;
      } else {
        v = v * 10 + digit;
      }
    }
    constexpr std::uint64_t limit = std::uint64_t{1} << 63;
    if (plain && !negative) {
      out = v;
    } else if (plain && v < limit) {
      out = -static_cast<std::int64_t>(v);
    } else {
      out = materialise(begin, p_);
    }
  }

  /// Reads \uXXXX at p (after the backslash and 'u'); the code unit or -1.
  static long hex4(const char* p) noexcept {
    long v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex_value(p[i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  /// Validates one escape at p_ (on the backslash) as nlohmann does, moves past
  /// it, and returns its code point.
  std::uint32_t escape() {
    const char c = p_[1];
    p_ += 2;
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const long hi = hex4(p_);
        if (hi < 0) bail();
        p_ += 4;
        if (hi >= 0xDC00 && hi <= 0xDFFF) bail();  // a low surrogate first
        if (hi < 0xD800 || hi > 0xDBFF) return static_cast<std::uint32_t>(hi);
        if (p_[0] != '\\' || p_[1] != 'u') bail();  // a high surrogate alone
        const long lo = hex4(p_ + 2);
        if (lo < 0xDC00 || lo > 0xDFFF) bail();
        p_ += 6;
        return 0x10000u + ((static_cast<std::uint32_t>(hi) - 0xD800u) << 10) +
               (static_cast<std::uint32_t>(lo) - 0xDC00u);
      }
      default:
        bail();
    }
  }

  /// From just after the opening quote to just after the closing one,
  /// validating as the parser does; whether the string had no escapes.
  bool scan_string_body() {
    const char* const begin = p_;
    bool plain = true;
    for (;;) {
      p_ = scan_plain(p_);
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        const auto raw = static_cast<std::size_t>(p_ - begin);
        ++counts_.strings;
        if (raw > 15) counts_.string_heap += raw + 24;
        ++p_;
        return plain;
      }
      if (c == '\\') {
        plain = false;
        escape();
      } else if (c < 0x20) {
        bail();  // a control character, or the end of the text
      } else {
        const std::size_t n = utf8_sequence(reinterpret_cast<const unsigned char*>(p_),
                                            reinterpret_cast<const unsigned char*>(end_));
        if (n == 0) bail();
        p_ += n;
      }
    }
  }

  /// Decodes the already validated string starting at `begin` (after its
  /// opening quote) into `out`; p_ is past its closing quote. The text never
  /// grows in decoding (an escape is at least as long as its UTF-8), so it
  /// is written in place into a string of the encoded length.
  void decode_escaped(const char* begin, std::string& out) {
    const char* const stop = p_ - 1;
    out.resize(static_cast<std::size_t>(stop - begin));
    char* w = &out[0];
    p_ = begin;
    while (p_ < stop) {
      if (*p_ != '\\') {
        *w++ = *p_++;
        continue;
      }
      const std::uint32_t cp = escape();
      if (cp < 0x80) {
        *w++ = static_cast<char>(cp);
      } else if (cp < 0x800) {
        *w++ = static_cast<char>(0xC0 | (cp >> 6));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        *w++ = static_cast<char>(0xE0 | (cp >> 12));
        *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        *w++ = static_cast<char>(0xF0 | (cp >> 18));
        *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        *w++ = static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
    p_ = stop + 1;
  }

  /// A member name, decoded; its hash joins the open object's key list.
  std::string_view read_key() {
    const std::string_view key = read_string_view();
    ++counts_.members;
    keys_.push_back(key_hash(key.data(), key.size()));
    return key;
  }

  /// Bails when two keys of the object whose hashes start at `base` are equal.
  void check_unique(std::size_t base) {
    const std::size_t n = keys_.size() - base;
    const std::uint64_t* k = keys_.data() + base;
    if (n <= 24) {
      for (std::size_t i = 1; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (k[i] == k[j]) bail();
        }
      }
    } else {
      sorted_.assign(k, k + n);
      std::sort(sorted_.begin(), sorted_.end());
      if (std::adjacent_find(sorted_.begin(), sorted_.end()) != sorted_.end()) bail();
    }
    keys_.resize(base);
  }

  void skip_object() {
    object([this](std::string_view) { skip_value(); });
  }
  void skip_array() {
    array([this] { skip_value(); });
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  int depth_ = 0;
  bool unique_checked_ = false;  // start_checked: keys are known to be unique
  fast_drops drops_;
  std::vector<std::uint64_t> keys_;    // hashes of the keys of the open objects, innermost last
  std::vector<std::uint64_t> sorted_;  // scratch for large objects
  std::string scratch_;                // decoded strings with escapes
  fast_counts counts_;
};

}  // namespace detail
}  // namespace trainjob

#endif
