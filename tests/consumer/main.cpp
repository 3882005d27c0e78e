// A trainjob consumer: prints the library's version; exit 0 only if it is the expected one
// (argv[1], else the TRAINJOB_EXPECTED_VERSION compile definition).
#include <trainjob/trainjob.hpp>

#include <cstdio>
#include <string_view>

#ifndef TRAINJOB_EXPECTED_VERSION
#error "define TRAINJOB_EXPECTED_VERSION"
#endif

int main(int argc, char** argv) {
  const std::string_view expected = argc > 1 ? argv[1] : TRAINJOB_EXPECTED_VERSION;
  const std::string_view actual = trainjob::version_string();
  std::printf("trainjob %s\n", trainjob::version_string());
  if (actual != expected) {
    std::fprintf(stderr, "consumer: version %s, expected %.*s\n", trainjob::version_string(),
                 static_cast<int>(expected.size()), expected.data());
    return 1;
  }
  return 0;
}
