// trainjob-conditions validate [--print | -o json|yaml|name] [-f FILE]... [FILE]...

#include "commands.hpp"
#include "output.hpp"

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
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
  std::string text;  // one buffer for every file: its pages are touched once
  for (const auto& f : files) {
    try {
      // One object's violations, as lines for standard error.
      bool findings = false;
      const auto check = [&](const std::string& doc, const std::string& path, const trainjob::any_object& obj,
                             std::string& lines, std::vector<nlohmann::json>& encoded) {
        for (const auto& v : trainjob::validate(obj, vopts)) {
          lines += display_name(doc) + ": " + std::string(trainjob::kind_of(obj)) + " " +
                   trainjob::detail::cut_bounded(trainjob::metadata_of(obj).name, 320) + ": " +
                   path_prefix(join_path(path, v.path)) + v.message + "\n";
          findings = true;
        }
        if (!form.empty()) encoded.push_back(trainjob::encode(obj));
      };
      read_file(f, text);
      // Each object checked as it is read, none kept; what is said waits until the whole
      // file has decoded. When an object cannot be decoded, the file is read again by the
      // tree, which says what the tree path always said, in its order.
      std::string lines;
      std::vector<nlohmann::json> encoded;
      bool decoded = true;
      read_items(f, text, [&](const std::string& doc, trainjob::manifest_item& it) {
        if (!decoded || !it.object) {
          decoded = false;
          return;
        }
        check(doc, it.path, *it.object, lines, encoded);
      });
      if (decoded) {
        std::cerr << lines;
        for (auto& e : encoded) objects.push_back(std::move(e));
      } else {
        findings = false;
        for (const auto& doc : documents_of(f, text)) {
          auto objs = trainjob::try_decode_objects(doc.json());
          if (!objs) throw file_error(doc.name, objs.error());
          for (const auto& obj : *objs) {
            std::string said;
            check(doc.name, obj.path, obj.object, said, objects);
            std::cerr << said;
            if (findings) status = std::max(status, exit_findings);
          }
        }
      }
      if (findings) status = std::max(status, exit_findings);
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
