// A main() for builds without libFuzzer (g++, or clang without -fsanitize=fuzzer):
// runs the target's LLVMFuzzerTestOneInput once on every file given, directories
// walked recursively in sorted order, so ctest re-runs the committed corpus.
//
//   fuzz_roundtrip_replay fuzz/corpus/fuzz_roundtrip [more dirs or files...]
//
// A broken property aborts (the target's check); exit 2 when an argument is
// missing or no input was found, so an empty or misplaced corpus fails too.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      inputs.insert(inputs.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(arg, ec)) {
      inputs.push_back(arg);
    } else {
      std::fprintf(stderr, "fuzz replay: %s: no such file or directory\n", argv[i]);
      return 2;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "fuzz replay: no inputs (usage: %s DIR_OR_FILE...)\n",
                 argc > 0 ? argv[0] : "replay");
    return 2;
  }
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.string().c_str());
      return 2;
    }
    // Exactly the file's bytes in their own allocation, as libFuzzer passes
    // them, so a sanitizer sees any read past the end.
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    std::fprintf(stderr, "fuzz replay: %s (%zu bytes)\n", path.string().c_str(), data.size());
    static const std::uint8_t none = 0;
    LLVMFuzzerTestOneInput(data.empty() ? &none : data.data(), data.size());
  }
  std::fprintf(stderr, "fuzz replay: %zu inputs ran clean\n", inputs.size());
  return 0;
}
