// yaml_to_json FILE: the documents trainjob::parse_documents reads from FILE, one JSON text per
// line on standard output (exit 0), or its error on standard error (exit 1). The kubectl
// corpus test (tests/yaml/check_kubectl.py) compares this with kubectl's conversion.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <trainjob/yaml.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: yaml_to_json FILE\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "yaml_to_json: cannot read " << argv[1] << '\n';
    return 2;
  }
  std::ostringstream buffer;  // not istreambuf_iterator: GCC 12 -O2 warns of a null dereference in it
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const auto docs = trainjob::parse_documents(text);
  if (!docs) {
    std::cerr << "error: " << to_string(docs.error().kind) << ": " << docs.error().to_string() << '\n';
    return 1;
  }
  for (const auto& d : *docs)
    std::cout << d.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict) << '\n';
  return 0;
}
