// trainjob: metav1.Time as a value type.
#ifndef TRAINJOB_TIMESTAMP_HPP
#define TRAINJOB_TIMESTAMP_HPP

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace trainjob {

/// A point in time at second precision, like a metav1.Time after a round trip
/// through the API server. Default-constructed it is "zero" (unset), which is
/// how Kubernetes spells "no time" and what `conditions::set` stamps over.
///
/// Kubernetes writes times as `YYYY-MM-DDTHH:MM:SSZ` and drops fractions, so a
/// time read with a fraction compares equal to its canonical form: otherwise a
/// controller would see a change on every round trip and loop.
class timestamp {
 public:
  constexpr timestamp() noexcept = default;

  /// Seconds since 1970-01-01T00:00:00Z. Years 0000..9999 are representable
  /// in the wire format; `valid_range` says whether this one is.
  static constexpr timestamp from_unix(std::int64_t seconds) noexcept {
    timestamp t;
    t.seconds_ = seconds;
    return t;
  }

  constexpr bool is_zero() const noexcept { return seconds_ == zero_; }
  /// Seconds since the epoch; meaningless when `is_zero()`.
  constexpr std::int64_t unix_seconds() const noexcept { return seconds_; }

  /// Parses RFC 3339 the way Go's time.RFC3339 does: `YYYY-MM-DDTHH:MM:SS`,
  /// an optional fraction of any length (truncated), then `Z` or `±HH:MM`.
  /// Rejects lowercase `t`/`z`, second 60, `+0000`, impossible dates, and
  /// results outside years 0000..9999. On failure returns nullopt and, when
  /// `why` is given, stores what was wrong.
  static std::optional<timestamp> parse(std::string_view text, std::string* why = nullptr);

  /// Canonical wire form `YYYY-MM-DDTHH:MM:SSZ`; "" for a zero time.
  std::string to_string() const;

  /// Whether the time can be written in the wire format (years 0000..9999).
  constexpr bool valid_range() const noexcept {
    return !is_zero() && seconds_ >= min_seconds && seconds_ <= max_seconds;
  }

  friend constexpr bool operator==(timestamp a, timestamp b) noexcept { return a.seconds_ == b.seconds_; }
  friend constexpr bool operator!=(timestamp a, timestamp b) noexcept { return a.seconds_ != b.seconds_; }
  /// Zero sorts before every set time.
  friend constexpr bool operator<(timestamp a, timestamp b) noexcept { return a.seconds_ < b.seconds_; }
  friend constexpr bool operator>(timestamp a, timestamp b) noexcept { return b < a; }
  friend constexpr bool operator<=(timestamp a, timestamp b) noexcept { return !(b < a); }
  friend constexpr bool operator>=(timestamp a, timestamp b) noexcept { return !(a < b); }

  /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
  static constexpr std::int64_t min_seconds = -62167219200;
  static constexpr std::int64_t max_seconds = 253402300799;

 private:
  static constexpr std::int64_t zero_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t seconds_ = zero_;
};

namespace detail {

// Howard Hinnant's civil-calendar algorithms (public domain), proleptic Gregorian.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
};

constexpr civil civil_from_seconds(std::int64_t s) noexcept {
  std::int64_t days = s / 86400;
  std::int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return civil{y,
               m,
               d,
               static_cast<unsigned>(rem / 3600),
               static_cast<unsigned>(rem % 3600 / 60),
               static_cast<unsigned>(rem % 60)};
}

constexpr bool is_leap(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : table[m - 1];
}

}  // namespace detail

inline std::optional<timestamp> timestamp::parse(std::string_view s, std::string* why) {
  auto fail = [why](const char* msg) -> std::optional<timestamp> {
    if (why != nullptr) *why = msg;
    return std::nullopt;
  };
  auto digits = [&s](std::size_t pos, std::size_t n, unsigned& out) {
    if (pos + n > s.size()) return false;
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
    }
    out = v;
    return true;
  };
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  // "10000-01-01T..." would otherwise read as a malformed time.
  if (digits(0, 4, year) && s.size() > 4 && s[4] >= '0' && s[4] <= '9') {
    return fail("year out of range (0000 to 9999)");
  }
  if (!digits(0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(5, 2, month) || s[7] != '-' ||
      !digits(8, 2, day) || s[10] != 'T' || !digits(11, 2, hour) || s[13] != ':' || !digits(14, 2, minute) ||
      s[16] != ':' || !digits(17, 2, second)) {
    return fail("expected an RFC 3339 time like 2006-01-02T15:04:05Z");
  }
  if (month < 1 || month > 12) return fail("month out of range");
  if (day < 1 || day > detail::days_in_month(year, month)) return fail("day out of range");
  if (hour > 23) return fail("hour out of range");
  if (minute > 59) return fail("minute out of range");
  if (second > 59) return fail("second out of range");
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return fail("expected digits after the decimal point");
  }
  std::int64_t offset = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    unsigned oh = 0, om = 0;
    if (!digits(pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(pos + 4, 2, om)) {
      return fail("expected a time zone offset like +01:00");
    }
    if (oh > 23 || om > 59) return fail("time zone offset out of range");
    offset = (s[pos] == '-' ? -1 : 1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
    pos += 6;
  } else {
    return fail("expected a time zone: Z or an offset like +01:00");
  }
  if (pos != s.size()) return fail("unexpected characters after the time");
  const std::int64_t secs =
      detail::days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  if (secs < min_seconds || secs > max_seconds) return fail("time out of range (years 0000 to 9999 in UTC)");
  return from_unix(secs);
}

namespace detail {

/// Writes `seconds` as `YYYY-MM-DDTHH:MM:SSZ` into out[0..20). Out-of-range
/// years are clamped in the digits, never written with a sign, so the output
/// always has the wire shape; validation reports the range.
inline void format_rfc3339(std::int64_t seconds, char* out) noexcept {
  const civil c = civil_from_seconds(seconds);
  const auto year = static_cast<unsigned>(c.year < 0 ? 0 : (c.year > 9999 ? 9999 : c.year));
  const auto put = [out](int at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[at + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  put(0, year, 4);
  out[4] = '-';
  put(5, c.month, 2);
  out[7] = '-';
  put(8, c.day, 2);
  out[10] = 'T';
  put(11, c.hour, 2);
  out[13] = ':';
  put(14, c.minute, 2);
  out[16] = ':';
  put(17, c.second, 2);
  out[19] = 'Z';
}

}  // namespace detail

inline std::string timestamp::to_string() const {
  if (is_zero()) return {};
  char buf[20];
  detail::format_rfc3339(seconds_, buf);
  return std::string(buf, sizeof buf);
}

}  // namespace trainjob

#endif
