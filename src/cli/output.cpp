#include "output.hpp"

#include <algorithm>
#include <cctype>

#include <trainjob/yaml_write.hpp>

namespace trainjob::cli {
namespace {

// indented_json: dump(j, indent)'s layout with the output bounded by a small multiple of the
// compact form: indentation grows with depth, so a 997-deep array would print 1000 times its
// size. Either way the output is valid JSON that reads back to the same value.
constexpr std::size_t print_indent_depth = 32;
constexpr std::size_t print_growth = 16;
constexpr std::size_t print_min_budget = std::size_t{1} << 20;

/// Appends j as dump(j, indent) would at `depth`, but compact from print_indent_depth
/// levels down; false as soon as `out` is longer than `budget` (then cut short).
bool append_indented(std::string& out, const nlohmann::json& j, std::size_t indent, std::size_t depth,
                     std::size_t budget) {
  if (!j.is_structured() || j.empty() || depth >= print_indent_depth) {
    out += trainjob::dump(j);
    return out.size() <= budget;
  }
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out.append(indent * (depth + 1), ' ');
    if (j.is_object()) out += trainjob::dump(nlohmann::json(it.key())) + ": ";
    if (!append_indented(out, it.value(), indent, depth + 1, budget)) return false;
  }
  out += '\n';
  out.append(indent * depth, ' ');
  out += j.is_object() ? '}' : ']';
  return out.size() <= budget;
}

/// The v1 List kubectl wraps several objects in.
nlohmann::json list_of(const std::vector<nlohmann::json>& objects) {
  return {
      {"apiVersion", "v1"}, {"items", objects}, {"kind", "List"}, {"metadata", {{"resourceVersion", ""}}}};
}

}  // namespace

output_choice choose_output(const options& o) {
  const verb_info* v = find_verb(o.verb);
  if (o.output && o.format) usage_error(o.verb + ": give -o or --format, not both");
  if (o.format) {
    check_format(o.verb.c_str(), *o.format);
    return {*o.format, true};
  }
  if (!o.output) return {v->outputs.empty() ? "" : v->outputs.front(), false};
  if (std::find(v->outputs.begin(), v->outputs.end(), *o.output) == v->outputs.end()) {
    std::string list;
    for (std::size_t i = 0; i < v->outputs.size(); ++i) list += (i == 0 ? "" : ", ") + v->outputs[i];
    usage_error(o.verb + ": -o takes " + list + ", got " + trainjob::detail::quote_bounded(*o.output) +
                did_you_mean(*o.output, v->outputs));
  }
  return {*o.output, false};
}

std::string indented_json(const nlohmann::json& j, std::size_t indent) {
  std::string compact = trainjob::dump(j);
  std::string out;
  const std::size_t budget = std::max(print_growth * compact.size(), print_min_budget);
  if (append_indented(out, j, indent, 0, budget)) return out;
  return compact;
}

std::string objects_json(const std::vector<nlohmann::json>& objects, std::size_t indent) {
  if (objects.size() == 1) return indented_json(objects.front(), indent) + "\n";
  return indented_json(list_of(objects), indent) + "\n";
}

std::string to_yaml(const nlohmann::json& j) {
  auto y = trainjob::try_to_yaml(j);
  if (!y) throw bad_input{"-o yaml: " + y.error().to_string(), status_of(y.error())};
  return std::move(*y);
}

std::string objects_yaml(const std::vector<nlohmann::json>& objects) {
  if (objects.size() == 1) return to_yaml(objects.front());
  auto y = trainjob::try_to_yaml_list(objects);
  if (!y) throw bad_input{"-o yaml: " + y.error().to_string(), status_of(y.error())};
  return std::move(*y);
}

std::string resource_name(const nlohmann::json& object) {
  const auto text = [&](const char* key, const char* sub) -> std::string {
    const auto k = object.find(key);
    if (k == object.end() || !k->is_object()) return "";
    const auto s = k->find(sub);
    return s != k->end() && s->is_string() ? s->get<std::string>() : "";
  };
  std::string kind = object.value("kind", "");
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string api = object.value("apiVersion", "");
  const auto slash = api.find('/');
  // The core group ("v1") has no name: kubectl prints pod/NAME.
  const std::string group = slash == std::string::npos ? "" : "." + api.substr(0, slash);
  return kind + group + "/" + text("metadata", "name");
}

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      out += r[i];
      if (i + 1 < r.size()) out.append(width[i] - r[i].size() + 3, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace trainjob::cli
