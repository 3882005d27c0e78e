// Tests for trainjob::timestamp: RFC 3339 parsing as Go's time.RFC3339 does, canonical printing.
#include <cstdint>
#include <optional>
#include <string>

#include "fixtures.hpp"

namespace {

struct accept_case {
  const char* input;
  const char* canonical;  // expected to_string() of the parsed time
};

struct reject_case {
  const char* name;
  const char* input;
  const char* why;  // a substring of the reason, "" when any reason will do
};

}  // namespace

TEST_CASE("timestamp: accepted inputs and their canonical form", "[timestamp]") {
  const auto c = GENERATE(values<accept_case>({
      // Canonical form round trips unchanged.
      {"2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"},
      {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
      {"2006-01-02T15:04:05Z", "2006-01-02T15:04:05Z"},
      {"0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"},
      {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
      // Fractions of any length are truncated, never rounded.
      {"2024-05-01T10:00:59.9Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.99Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.9999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.99999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.9999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.99999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.999999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.9999999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.99999999999Z", "2024-05-01T10:00:59Z"},
      {"2024-05-01T10:00:59.999999999999Z", "2024-05-01T10:00:59Z"},
      {"2024-12-31T23:59:59.999999999Z", "2024-12-31T23:59:59Z"},
      {"2024-05-01T10:00:00.000000001Z", "2024-05-01T10:00:00Z"},
      // Offsets are converted to UTC.
      {"2024-01-01T00:00:00+05:30", "2023-12-31T18:30:00Z"},
      {"2024-01-01T00:00:00-08:00", "2024-01-01T08:00:00Z"},
      {"2024-05-01T10:00:00.123456+02:00", "2024-05-01T08:00:00Z"},
      {"2024-02-28T20:00:00-04:00", "2024-02-29T00:00:00Z"},
      {"2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z"},
      {"2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00Z"},
      {"9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59Z"},
      {"0000-01-01T01:00:00+01:00", "0000-01-01T00:00:00Z"},
      // Leap years.
      {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
      {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"},
      {"0000-02-29T00:00:00Z", "0000-02-29T00:00:00Z"},
      {"2023-02-28T23:59:59Z", "2023-02-28T23:59:59Z"},
      {"2023-12-31T23:59:59Z", "2023-12-31T23:59:59Z"},
  }));
  INFO("input: " << c.input);
  std::string why = "untouched";
  const std::optional<timestamp> t = timestamp::parse(c.input, &why);
  REQUIRE(t.has_value());
  CHECK(why == "untouched");  // the reason is only written on failure
  CHECK_FALSE(t->is_zero());
  CHECK(t->valid_range());
  CHECK(t->to_string() == c.canonical);
  // The canonical form parses back to the same instant.
  const auto again = timestamp::parse(c.canonical);
  REQUIRE(again.has_value());
  CHECK(*again == *t);
  CHECK(again->unix_seconds() == t->unix_seconds());
}

TEST_CASE("timestamp: rejected inputs come with a reason", "[timestamp]") {
  const auto c = GENERATE(values<reject_case>({
      {"lowercase t", "2024-01-01t00:00:00Z", ""},
      {"lowercase z", "2024-01-01T00:00:00z", "time zone"},
      {"leap second", "2024-12-31T23:59:60Z", "second out of range"},
      {"offset without colon", "2024-01-01T00:00:00+0000", "offset"},
      {"month 13", "2024-13-01T00:00:00Z", "month out of range"},
      {"month 0", "2024-00-01T00:00:00Z", "month out of range"},
      {"day 32", "2024-01-32T00:00:00Z", "day out of range"},
      {"day 0", "2024-01-00T00:00:00Z", "day out of range"},
      {"April 31", "2024-04-31T00:00:00Z", "day out of range"},
      {"Feb 29 2023", "2023-02-29T00:00:00Z", "day out of range"},
      {"Feb 29 1900", "1900-02-29T00:00:00Z", "day out of range"},
      {"Feb 30 2024", "2024-02-30T00:00:00Z", "day out of range"},
      {"hour 24", "2024-01-01T24:00:00Z", "hour out of range"},
      {"minute 60", "2024-01-01T00:60:00Z", "minute out of range"},
      {"five-digit year", "10000-01-01T00:00:00Z", ""},
      {"three-digit year", "999-01-01T00:00:00Z", ""},
      {"missing zone", "2024-01-01T00:00:00", "time zone"},
      {"missing zone after fraction", "2024-01-01T00:00:00.5", "time zone"},
      {"trailing garbage", "2024-01-01T00:00:00Zjunk", "unexpected characters"},
      {"trailing space", "2024-01-01T00:00:00Z ", "unexpected characters"},
      {"trailing garbage after offset", "2024-01-01T00:00:00+01:00x", "unexpected characters"},
      {"empty string", "", ""},
      {"dot without digits", "2024-01-01T00:00:00.Z", "decimal point"},
      {"date only", "2024-01-01", ""},
      {"space instead of T", "2024-01-01 00:00:00Z", ""},
      {"leading space", " 2024-01-01T00:00:00Z", ""},
      {"short offset", "2024-01-01T00:00:00+01", "offset"},
      {"offset hour 25", "2024-01-01T00:00:00+25:00", "offset"},
      {"before year 0000 after offset", "0000-01-01T00:00:00+01:00", "out of range"},
      {"after year 9999 after offset", "9999-12-31T23:59:59-00:01", "out of range"},
      {"after year 9999 after offset (hours)", "9999-12-31T20:00:00-05:00", "out of range"},
  }));
  INFO(c.name << ": \"" << c.input << "\"");
  std::string why;
  const std::optional<timestamp> t = timestamp::parse(c.input, &why);
  CHECK_FALSE(t.has_value());
  CHECK_FALSE(why.empty());
  CHECK_THAT(why, trainjob_test::contains_substring(c.why));
  // The reason is optional: no crash without it.
  CHECK_FALSE(timestamp::parse(c.input).has_value());
}

TEST_CASE("timestamp: comparison is at second precision", "[timestamp]") {
  const auto canonical = timestamp::parse("2024-05-01T08:00:00Z");
  const auto fraction = timestamp::parse("2024-05-01T08:00:00.999999Z");
  const auto offset = timestamp::parse("2024-05-01T10:00:00.5+02:00");
  const auto next = timestamp::parse("2024-05-01T08:00:01Z");
  REQUIRE(canonical);
  REQUIRE(fraction);
  REQUIRE(offset);
  REQUIRE(next);
  CHECK(*fraction == *canonical);
  CHECK_FALSE(*fraction != *canonical);
  CHECK(*offset == *canonical);
  CHECK(*canonical != *next);
  CHECK(*canonical < *next);
  CHECK(*fraction < *next);
  CHECK(*next > *fraction);
  CHECK(*canonical <= *fraction);
  CHECK(*canonical >= *fraction);
  CHECK_FALSE(*canonical < *fraction);
  // Zero sorts before every set time, even the earliest representable one.
  CHECK(timestamp{} < timestamp::from_unix(timestamp::min_seconds));
  CHECK(timestamp{} == timestamp{});
}

TEST_CASE("timestamp: from_unix and unix_seconds round trip", "[timestamp]") {
  struct unix_case {
    std::int64_t seconds;
    const char* text;
  };
  const auto c = GENERATE(values<unix_case>({
      {0, "1970-01-01T00:00:00Z"},
      {1, "1970-01-01T00:00:01Z"},
      {-1, "1969-12-31T23:59:59Z"},
      {-86400, "1969-12-31T00:00:00Z"},
      {-86401, "1969-12-30T23:59:59Z"},
      {951782400, "2000-02-29T00:00:00Z"},
      {1709164800, "2024-02-29T00:00:00Z"},
      {1714550400, "2024-05-01T08:00:00Z"},
      {-2208988800, "1900-01-01T00:00:00Z"},
      {-2203891200, "1900-03-01T00:00:00Z"},
      {-62135596800, "0001-01-01T00:00:00Z"},
      {timestamp::min_seconds, "0000-01-01T00:00:00Z"},
      {timestamp::max_seconds, "9999-12-31T23:59:59Z"},
  }));
  INFO("seconds: " << c.seconds);
  const timestamp t = timestamp::from_unix(c.seconds);
  CHECK(t.unix_seconds() == c.seconds);
  CHECK_FALSE(t.is_zero());
  CHECK(t.valid_range());
  CHECK(t.to_string() == c.text);
  const auto parsed = timestamp::parse(c.text);
  REQUIRE(parsed.has_value());
  CHECK(parsed->unix_seconds() == c.seconds);
  CHECK(*parsed == t);
}

TEST_CASE("timestamp: zero and the representable range", "[timestamp]") {
  const timestamp zero;
  CHECK(zero.is_zero());
  CHECK(zero.to_string().empty());
  CHECK_FALSE(zero.valid_range());
  CHECK(timestamp{}.to_string() == "");

  CHECK(timestamp::from_unix(timestamp::min_seconds).valid_range());
  CHECK(timestamp::from_unix(timestamp::max_seconds).valid_range());
  CHECK_FALSE(timestamp::from_unix(timestamp::min_seconds - 1).valid_range());
  CHECK_FALSE(timestamp::from_unix(timestamp::max_seconds + 1).valid_range());
  // Outside the range the output keeps the wire shape (four-digit year, no sign).
  const std::string before = timestamp::from_unix(timestamp::min_seconds - 1).to_string();
  const std::string after = timestamp::from_unix(timestamp::max_seconds + 1).to_string();
  CHECK(before.size() == 20);
  CHECK(after.size() == 20);
  CHECK_THAT(before, Catch::Matchers::StartsWith("0000-"));
  CHECK_THAT(after, Catch::Matchers::StartsWith("9999-"));
  CHECK_THAT(after, Catch::Matchers::EndsWith("Z"));
}
