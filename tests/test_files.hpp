// Reading the test data: files under tests/data (TRAINJOB_TEST_DATA_DIR) decoded
// with the library's own parser, failing loudly with the path and the reason.
#ifndef TRAINJOB_TESTS_TEST_FILES_HPP
#define TRAINJOB_TESTS_TEST_FILES_HPP

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <trainjob/json.hpp>

namespace trainjob_test {

inline std::filesystem::path data_dir() { return std::filesystem::path(TRAINJOB_TEST_DATA_DIR); }

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json read_json(const std::filesystem::path& p) {
  auto j = trainjob::parse_json(read_text(p));
  if (!j) throw std::runtime_error(p.string() + ": " + j.error().to_string());
  return std::move(*j);
}

/// An object of type T from a file under tests/data.
template <class T>
T load(const std::string& name) {
  const auto path = data_dir() / name;
  auto r = trainjob::try_decode<T>(read_json(path));
  if (!r) throw std::runtime_error(path.string() + ": " + r.error().to_string());
  return std::move(*r);
}

}  // namespace trainjob_test

#endif
