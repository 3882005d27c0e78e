// trainjob internals: a YAML or JSON manifest cut into documents, as kubectl's
// YAMLOrJSONDecoder does before any document is parsed: apimachinery's
// GuessJSONStream (JSON when the text starts with `{`), its YAMLReader (YAML
// documents end at lines starting with `---`) and, for JSON, a stream of values
// each read by parse_json. Also what every document must be: an object.
// docs/yaml.md, "Reading YAML".
#ifndef TRAINJOB_DETAIL_YAML_DOCUMENTS_HPP
#define TRAINJOB_DETAIL_YAML_DOCUMENTS_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/tree.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"

namespace trainjob {
namespace detail {
namespace yaml {

using json = nlohmann::json;

/// One document as apimachinery's YAMLReader cuts it: its lines, each ending
/// in "\n" ("\r\n" made "\n", as bufio.Reader.ReadLine does), and the line of
/// the input it starts at (1-based).
struct chunk {
  std::string text;
  std::size_t first_line = 1;
};

/// Where an error is: "document 2, line 5, column 3: ".
inline std::string where(std::size_t document, std::size_t line, std::size_t column) {
  return "document " + std::to_string(document) + ", line " + std::to_string(line) + ", column " +
         std::to_string(column) + ": ";
}

/// Go's unicode.IsSpace for a code point.
inline bool go_is_space(char32_t c) noexcept {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

/// apimachinery's GuessJSONStream: within the first 4096 bytes (kubectl's
/// buffer), the first byte that is not Unicode white space is `{`.
inline bool looks_like_json(std::string_view text) noexcept {
  const std::string_view head = text.substr(0, 4096);
  for (std::size_t i = 0; i < head.size();) {
    const std::size_t n = utf8_sequence(head, i);
    if (n == 0) return false;  // Go decodes it as U+FFFD: not space
    const char32_t c = utf8_decode(head.data() + i, n);
    if (!go_is_space(c)) return c == '{';
    i += n;
  }
  return false;
}

/// Go's strings.TrimSpace(s) is empty or starts with '#' (ASCII view: the
/// Unicode spaces past Latin-1 cannot start a comment either way).
inline bool separator_rest_ok(std::string_view rest) noexcept {
  std::size_t i = 0;
  while (i < rest.size()) {
    const unsigned char c = static_cast<unsigned char>(rest[i]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
    } else if (c == 0xC2 && i + 1 < rest.size() &&
               (static_cast<unsigned char>(rest[i + 1]) == 0x85 ||
                static_cast<unsigned char>(rest[i + 1]) == 0xA0)) {
      i += 2;
    } else {
      break;
    }
  }
  return i == rest.size() || rest[i] == '#';
}

/// apimachinery's YAMLReader.Read over the whole input: a line starting with
/// `---` ends a document (only spaces or a comment may follow it on that line,
/// anything else is an error); a separator at the start of a document stays in
/// it; empty documents are dropped.
inline std::vector<chunk> split(std::string_view text) {
  std::vector<chunk> out;
  chunk current;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!last && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = last ? text.size() : end + 1;
    ++line_no;
    if (line.substr(0, 3) == "---") {
      if (!separator_rest_ok(line.substr(3))) {
        throw decode_error("",
                           where(out.size() + (current.text.empty() ? 1 : 2), line_no, 4) +
                               "invalid document separator: " + quote_bounded(line) +
                               " (only a comment may follow `---` on its line)",
                           error_kind::syntax);
      }
      if (!current.text.empty()) {
        out.push_back(std::move(current));
        current = chunk{};
        continue;
      }
    }
    if (current.text.empty()) current.first_line = line_no;
    current.text.append(line.data(), line.size());
    current.text += '\n';
  }
  if (!current.text.empty()) out.push_back(std::move(current));
  return out;
}

/// Frees documents without allocating (see detail::dismantle) when a later one fails.
struct documents_guard {
  std::vector<json>& docs;
  bool keep = false;
  ~documents_guard() {
    if (keep) return;
    for (auto& d : docs) dismantle(d);
  }
};

/// The input is within limits.max_bytes.
inline void check_input_size(std::string_view text, const parse_limits& limits) {
  if (text.size() > limits.max_bytes) {
    throw decode_error("",
                       "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                           std::to_string(limits.max_bytes),
                       error_kind::limit);
  }
}

/// Adds a decoded document: kubectl skips one that is null, and reads every
/// other one into an object (an API object, or a List of them), so any other
/// top level is refused. `where_text` says where the document is, for that error.
inline void add_document(std::vector<json>& docs, json&& j, const std::string& where_text) {
  if (j.is_null()) return;
  if (!j.is_object()) {
    const std::string type = type_name(j);
    dismantle(j);
    throw decode_error("", where_text + "expected an object at the top level, got " + type, error_kind::type);
  }
  docs.push_back(std::move(j));
}

/// The end of the JSON value starting at `i` (after white space), as Go's
/// json.Decoder reads a stream: a string, a container (strings skipped), or a
/// run of literal characters.
inline std::size_t json_value_end(std::string_view text, std::size_t i) noexcept {
  const char c = text[i];
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    bool in_string = false;
    for (; i < text.size(); ++i) {
      const char x = text[i];
      if (in_string) {
        if (x == '\\')
          ++i;
        else if (x == '"')
          in_string = false;
      } else if (x == '"') {
        in_string = true;
      } else if (x == '{' || x == '[') {
        ++depth;
      } else if (x == '}' || x == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return text.size();
  }
  if (c == '"') {
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\\')
        ++i;
      else if (text[i] == '"')
        return i + 1;
    }
    return text.size();
  }
  while (i < text.size() && std::strchr(" \t\r\n{}[],:\"", text[i]) == nullptr) ++i;
  return i;
}

inline std::vector<json> read_json_stream(std::string_view text, const parse_limits& limits) {
  check_input_size(text, limits);
  // A NUL byte anywhere is parse_json's error, said the same way: cut at it,
  // the stream would read as a document ending there.
  refuse_nul_byte(text);
  std::vector<json> docs;
  documents_guard guard{docs};
  std::size_t start = 0, number = 0, line = 1;
  const auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  for (;;) {
    std::size_t i = start;
    while (i < text.size() && is_ws(text[i])) ++i;
    if (i == text.size()) break;
    ++number;
    const std::size_t end = json_value_end(text, i);
    // The first document is parsed from the input's start, so its positions
    // are parse_json's; a later one from the end of the one before it.
    auto r = parse_json(text.substr(start, end - start), limits);
    if (!r) {
      // The first document's error is parse_json's, as a lone JSON text's is.
      error_info e = r.error();
      if (number > 1) {
        e.message = "document " + std::to_string(number) + " (lines counted from line " +
                    std::to_string(line) + "): " + e.message;
      }
      throw decode_error(std::move(e));
    }
    for (std::size_t k = start; k < end; ++k)
      if (text[k] == '\n') ++line;
    start = end;
    add_document(docs, std::move(r.value()), "document " + std::to_string(number) + ": ");
  }
  guard.keep = true;
  return docs;
}

}  // namespace yaml
}  // namespace detail
}  // namespace trainjob

#endif
