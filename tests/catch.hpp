// trainjob tests: one include for Catch2 v2 (Debian 12) and Catch2 v3.
//
// Include this, never <catch2/...> directly. tests/CMakeLists.txt defines TRAINJOB_CATCH2_V3
// when it found Catch2 v3. Keep to what both versions share: TEST_CASE, SECTION, REQUIRE,
// CHECK, REQUIRE_THROWS_AS, GENERATE, REQUIRE_THAT/CHECK_THAT with the string matchers below.
//
//   CHECK_THAT(s, Catch::Matchers::StartsWith("abc"));
//   CHECK_THAT(s, Catch::Matchers::EndsWith("xyz"));
//   CHECK_THAT(s, trainjob_test::contains_substring("needle"));
//   CHECK_THAT(s, trainjob_test::contains_substring("NeEdLe", Catch::CaseSensitive::No));
//
// `Catch::Matchers::ContainsSubstring` (the v3 name) and `Catch::Approx` also work under v2.
#ifndef TRAINJOB_TESTS_CATCH_HPP
#define TRAINJOB_TESTS_CATCH_HPP

#include <string>

#ifdef TRAINJOB_CATCH2_V3
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#ifndef TRAINJOB_CATCH2_V3
// Catch2 v2 spells these `Catch::Matchers::Contains` and `Approx`; give them their v3 names.
namespace Catch {
using Detail::Approx;
namespace Matchers {
inline StdString::ContainsMatcher ContainsSubstring(const std::string& str,
                                                    CaseSensitive::Choice cs = CaseSensitive::Yes) {
  return Contains(str, cs);
}
}  // namespace Matchers
}  // namespace Catch
#endif

namespace trainjob_test {

#ifdef TRAINJOB_CATCH2_V3
/// Catch::CaseSensitive::Yes / ::No, whichever Catch2 this is.
using case_sensitivity = Catch::CaseSensitive;
#else
using case_sensitivity = Catch::CaseSensitive::Choice;
#endif

/// Matches a std::string that contains `str` (Catch2 v3 ContainsSubstring, v2 Contains).
inline auto contains_substring(const std::string& str, case_sensitivity cs = Catch::CaseSensitive::Yes) {
  return Catch::Matchers::ContainsSubstring(str, cs);
}

}  // namespace trainjob_test

#endif
