// trainjob-conditions validate [--print | -o json|yaml|name] [-f FILE]... [FILE]...

#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

namespace trainjob::cli {

int cmd_validate(const options& o) {
  trainjob::validation_options vopts;
  vopts.check_message_bytes = o.message_bytes;
  // --print is -o json as it was: two spaces (kubectl indents by four).
  const std::string form = o.output ? choose_output(o).form : o.print ? "print" : "";
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("validate: no FILE given");
  // Every file is read and reported; the worst outcome decides the exit.
  int status = exit_ok;
  std::vector<nlohmann::json> objects;
  for (const auto& f : files) {
    try {
      for (const auto& doc : read_documents(f)) {
        auto objs = trainjob::try_decode_objects(doc.json());
        if (!objs) throw file_error(doc.name, objs.error());
        for (const auto& obj : *objs) {
          for (const auto& v : trainjob::validate(obj.object, vopts)) {
            std::cerr << display_name(doc.name) << ": " << trainjob::kind_of(obj.object) << " "
                      << trainjob::detail::cut_bounded(trainjob::metadata_of(obj.object).name, 320) << ": "
                      << path_prefix(join_path(obj.path, v.path)) << v.message << '\n';
            status = std::max(status, exit_findings);
          }
          if (!form.empty()) objects.push_back(trainjob::encode(obj.object));
        }
      }
    } catch (const bad_input& e) {
      std::cerr << "trainjob-conditions: " << e.message << '\n';
      status = std::max(status, e.status);
    }
  }
  if (status >= exit_bad_input || form.empty()) return status;
  // Several objects print as one List, so that the output reads back (round trip).
  if (form == "print" || form == "json") {
    write_out(objects_json(objects, form == "json" ? 4 : 2));
  } else if (form == "yaml") {
    write_out(objects_yaml(objects));
  } else {
    for (const auto& obj : objects) write_out(resource_name(obj) + "\n");
  }
  return status;
}

}  // namespace trainjob::cli
