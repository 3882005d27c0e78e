// trainjob-conditions validate [--print] [--message-bytes] FILE...

#include "commands.hpp"

#include <algorithm>
#include <cstddef>
#include <iostream>
#include <string>
#include <vector>

namespace trainjob::cli {
namespace {

// ---- validate --print ------------------------------------------------------------------
//
// dump(j, 2)'s layout, with the output bounded by a small multiple of the compact form:
// indentation grows with depth, so a 997-deep array would print 1000 times its size. A value
// nested deeper than print_indent_depth levels is written compact, and an object whose
// indented form would still be over max(16 x its compact form, 1 MiB) is written compact
// as a whole. Either way the output is valid JSON that reads back to the same value.
constexpr std::size_t print_indent_depth = 32;
constexpr std::size_t print_growth = 16;
constexpr std::size_t print_min_budget = std::size_t{1} << 20;

/// Appends j as dump(j, 2) would at `depth`, but compact from print_indent_depth
/// levels down; false as soon as `out` is longer than `budget` (then cut short).
bool append_indented(std::string& out, const nlohmann::json& j, std::size_t depth, std::size_t budget) {
  if (!j.is_structured() || j.empty() || depth >= print_indent_depth) {
    out += trainjob::dump(j);
    return out.size() <= budget;
  }
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out.append(2 * (depth + 1), ' ');
    if (j.is_object()) out += trainjob::dump(nlohmann::json(it.key())) + ": ";
    if (!append_indented(out, it.value(), depth + 1, budget)) return false;
  }
  out += '\n';
  out.append(2 * depth, ' ');
  out += j.is_object() ? '}' : ']';
  return out.size() <= budget;
}

/// What validate --print writes for one object (without the newline).
std::string print_form(const nlohmann::json& j) {
  std::string compact = trainjob::dump(j);
  std::string indented;
  const std::size_t budget = std::max(print_growth * compact.size(), print_min_budget);
  if (append_indented(indented, j, 0, budget)) return indented;
  return compact;
}

}  // namespace

int cmd_validate(const options& o) {
  const bool print = o.print;
  trainjob::validation_options vopts;
  vopts.check_message_bytes = o.message_bytes;
  const std::vector<std::string> files = input_files(o);
  if (files.empty()) usage_error("validate: no FILE given");
  // Every file is read and reported; the worst outcome decides the exit.
  int status = exit_ok;
  std::string out;
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
          if (print) out += print_form(trainjob::encode(obj.object)) + "\n";
        }
      }
    } catch (const bad_input& e) {
      std::cerr << "trainjob-conditions: " << e.message << '\n';
      status = std::max(status, e.status);
    }
  }
  if (status < exit_bad_input) write_out(out);
  return status;
}

}  // namespace trainjob::cli
