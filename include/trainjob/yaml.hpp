// trainjob: YAML (or JSON) text to JSON trees, as kubectl converts a manifest.
//
//   auto docs = trainjob::parse_documents(text);            // never throws
//   if (!docs) std::cerr << docs.error().to_string() << '\n';
//   for (const auto& j : *docs) ...                          // one object per document
//
// Opt-in: this header needs libyaml (Debian's libyaml-dev, pkg-config
// yaml-0.1; CMake target trainjob::yaml). The conversion is the one kubectl
// applies (apimachinery's YAMLOrJSONDecoder, sigs.k8s.io/yaml's YAMLToJSON
// over go-yaml v2): YAML 1.1 scalars, merge keys, non-string keys made
// strings, documents split on `---` lines. docs/yaml.md gives the rules and
// the upstream files they come from; the deliberate differences are there too.
#ifndef TRAINJOB_YAML_HPP
#define TRAINJOB_YAML_HPP

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/yaml_convert.hpp"
#include "trainjob/detail/yaml_documents.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"

namespace trainjob {

/// Parses YAML text into one JSON object per document, as kubectl converts a
/// manifest (go-yaml v2 under sigs.k8s.io/yaml; docs/yaml.md): documents are
/// cut at lines starting with `---`, a document that is empty or null is
/// skipped, every other one must be an object. Errors name the document
/// (1-based), the line and the column, and for a key given twice its path.
/// The same limits as parse_json; aliases that expand too far are refused.
/// Never throws.
inline result<std::vector<nlohmann::json>> parse_yaml(std::string_view text,
                                                      parse_limits limits = {}) noexcept {
  return detail::capture<std::vector<nlohmann::json>>([&] { return detail::yaml::read_yaml(text, limits); });
}

/// JSON or YAML by content, as kubectl's YAMLOrJSONDecoder decides: JSON when
/// the first byte that is not white space (within the first 4096) is `{`,
/// then a stream of JSON values, each read by parse_json; YAML otherwise
/// (parse_yaml). A null document is skipped; every other one must be an
/// object. Never throws.
inline result<std::vector<nlohmann::json>> parse_documents(std::string_view text,
                                                           parse_limits limits = {}) noexcept {
  return detail::capture<std::vector<nlohmann::json>>([&] {
    return detail::yaml::looks_like_json(text) ? detail::yaml::read_json_stream(text, limits)
                                               : detail::yaml::read_yaml(text, limits);
  });
}

}  // namespace trainjob

#endif
