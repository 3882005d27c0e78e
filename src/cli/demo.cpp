// trainjob-conditions demo: the example scenarios, replayed as timelines.

#include "commands.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#ifndef TRAINJOB_EXAMPLES_DIR
#define TRAINJOB_EXAMPLES_DIR ""
#endif

namespace trainjob::cli {

int cmd_demo(const options& o) {
  std::optional<std::string> dir = o.dir;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!dir) {
    // From the source tree's root, else the build's record of where it is.
    if (fs::is_directory("examples/scenarios", ec)) {
      dir = "examples/scenarios";
    } else if (fs::is_directory(fs::path(TRAINJOB_EXAMPLES_DIR) / "scenarios", ec)) {
      dir = (fs::path(TRAINJOB_EXAMPLES_DIR) / "scenarios").string();
    } else {
      usage_error("demo: no examples/scenarios here; give --dir DIR");
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(*dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) throw file_error(*dir, ec.message());
  if (files.empty()) throw file_error(*dir, "no scenario files (*.json)");
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) {
    auto sc = trainjob::try_decode_scenario(read_json(f.string())->get());
    if (!sc) throw file_error(f.string(), sc.error());
    // A scenario that names no profile tells the same story under the first
    // release and the latest one, to show how they differ.
    std::vector<trainjob::profile> profiles;
    if (sc->profile) {
      profiles.push_back(*sc->profile);
    } else {
      profiles = {trainjob::profile::v2_0, trainjob::profile::latest};
    }
    for (auto p : profiles) {
      trainjob::replay_options ro;
      ro.profile = p;
      std::vector<trainjob::replay_step> steps;
      try {
        steps = trainjob::replay(*sc, ro);
      } catch (const trainjob::decode_error& e) {
        throw file_error(f.string(), e.what());
      }
      out += "== " + (sc->name.empty() ? f.stem().string() : sc->name) + " (profile " +
             std::string(trainjob::to_string(p)) + ")\n";
      if (!sc->description.empty()) out += "   " + sc->description + "\n";
      out += trainjob::format_timeline(steps) + "\n";
    }
  }
  write_out(out);
  return exit_ok;
}

}  // namespace trainjob::cli
