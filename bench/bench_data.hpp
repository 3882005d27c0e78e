// trainjob benchmarks: the sample objects under bench/data.
#ifndef TRAINJOB_BENCH_DATA_HPP
#define TRAINJOB_BENCH_DATA_HPP

#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef TRAINJOB_BENCH_DATA_DIR
#error "TRAINJOB_BENCH_DATA_DIR must name bench/data (bench/CMakeLists.txt sets it)"
#endif

namespace trainjob_bench {

/// The whole file; throws std::runtime_error naming it when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A file of bench/data, by name.
inline std::string read_data(const std::string& name) {
  return read_file(std::string(TRAINJOB_BENCH_DATA_DIR) + "/" + name);
}

/// Up to `max_lines` non-blank lines of a JSON Lines file (0: all).
inline std::vector<std::string> read_lines(const std::string& path, std::size_t max_lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  std::string line;
  while ((max_lines == 0 || lines.size() < max_lines) && std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

}  // namespace trainjob_bench

#endif
