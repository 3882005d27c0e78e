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

int cmd_validate(args a) {
  bool print = false;
  trainjob::validation_options vopts;
  std::vector<std::string> files;
  while (!a.done()) {
    if (a.flag("--print")) {
      print = true;
    } else if (a.flag("--message-bytes")) {
      vopts.check_message_bytes = true;
    } else {
      a.refuse_unknown_option("validate");
      files.push_back(a.items[a.i++]);
    }
  }
  if (files.empty()) usage_error("validate: no FILE given");
  if (std::count(files.begin(), files.end(), "-") > 1) usage_error("validate: '-' given twice");
  // Every file is read and reported; the worst outcome decides the exit.
  int status = exit_ok;
  std::string out;
  for (const auto& f : files) {
    try {
      const auto tree = read_json(f);
      const nlohmann::json& doc = tree.get();
      auto objs = trainjob::try_decode_objects(doc);
      if (!objs) throw file_error(f, objs.error().to_string());
      for (const auto& o : *objs) {
        for (const auto& v : trainjob::validate(o.object, vopts)) {
          std::cerr << display_name(f) << ": " << trainjob::kind_of(o.object) << " "
                    << trainjob::detail::cut_bounded(trainjob::metadata_of(o.object).name, 320) << ": "
                    << path_prefix(join_path(o.path, v.path)) << v.message << '\n';
          status = std::max(status, exit_findings);
        }
        if (print) out += print_form(trainjob::encode(o.object)) + "\n";
      }
    } catch (const bad_input& e) {
      std::cerr << "trainjob-conditions: " << e.message << '\n';
      status = exit_bad_input;
    }
  }
  if (status != exit_bad_input) write_out(out);
  return status;
}

}  // namespace trainjob::cli
