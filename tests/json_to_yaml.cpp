// json_to_yaml: prints trainjob::to_yaml of a JSON file, or with --list,
// trainjob::to_yaml_list of several, for tests/yaml_write/run.sh to compare
// with kubectl's -o yaml. Exit 1 with the error when the writer refuses.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "trainjob/parse.hpp"
#include "trainjob/yaml_write.hpp"

namespace {

bool read_json(const char* path, nlohmann::json& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "json_to_yaml: cannot open " << path << "\n";
    return false;
  }
  std::ostringstream buffer;  // not istreambuf_iterator: GCC 12 -O2 warns of a null dereference in it
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  auto j = trainjob::parse_json(text);
  if (!j) {
    std::cerr << "json_to_yaml: " << path << ": " << j.error().to_string() << "\n";
    return false;
  }
  out = std::move(*j);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const bool list = argc > 1 && std::string(argv[1]) == "--list";
  const int first = list ? 2 : 1;
  if (argc - first < 1 || (!list && argc != 2)) {
    std::cerr << "usage: json_to_yaml FILE | json_to_yaml --list FILE...\n";
    return 2;
  }
  std::vector<nlohmann::json> items;
  for (int i = first; i < argc; ++i) {
    items.emplace_back();
    if (!read_json(argv[i], items.back())) return 2;
  }
  auto y = list ? trainjob::try_to_yaml_list(items) : trainjob::try_to_yaml(items.front());
  if (!y) {
    std::cerr << "json_to_yaml: " << trainjob::to_string(y.error().kind) << ": " << y.error().to_string()
              << "\n";
    return 1;
  }
  std::cout << *y;
  return std::cout.good() ? 0 : 2;
}
