// Fuzz target: YAML (or JSON) text -> JSON documents (trainjob/yaml.hpp). Nothing may crash or
// throw; an error has a kind and a message naming the document. Oracle: the documents read,
// written back as YAML (flow style, every scalar quoted or a JSON number) and read again,
// are the same documents.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include <trainjob/yaml.hpp>

#include "fuzz_common.hpp"

namespace {

/// A double-quoted YAML scalar: everything outside printable ASCII escaped, so that no raw
/// byte is one YAML 1.1 treats as a line break (NEL, LS, PS) or refuses (DEL, C1 controls).
void quoted(std::string& out, const std::string& s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    // The documents hold valid UTF-8 only: decode one code point.
    const std::size_t n = trainjob::detail::utf8_sequence(s, i);
    const auto at = [&](std::size_t k) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + k]));
    };
    std::uint32_t cp = c;
    if (n == 2) cp = ((c & 0x1Fu) << 6) | (at(1) & 0x3Fu);
    if (n == 3) cp = ((c & 0x0Fu) << 12) | ((at(1) & 0x3Fu) << 6) | (at(2) & 0x3Fu);
    if (n == 4) cp = ((c & 0x07u) << 18) | ((at(1) & 0x3Fu) << 12) | ((at(2) & 0x3Fu) << 6) | (at(3) & 0x3Fu);
    char buf[16];
    std::snprintf(buf, sizeof buf, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", static_cast<unsigned>(cp));
    out += buf;
    i += n == 0 ? 1 : n;
  }
  out += '"';
}

void to_yaml(std::string& out, const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        quoted(out, it.key());
        out += ": ";
        to_yaml(out, it.value());
      }
      out += '}';
      return;
    }
    case nlohmann::json::value_t::array: {
      out += '[';
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (i != 0) out += ", ";
        to_yaml(out, j[i]);
      }
      out += ']';
      return;
    }
    case nlohmann::json::value_t::string:
      quoted(out, j.get_ref<const std::string&>());
      return;
    default:
      out += j.dump();  // null, true, false, numbers: the same words in YAML 1.1
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = trainjob_fuzz::as_text(data, size);
  trainjob::parse_limits limits;
  limits.max_depth = 64;  // the oracle's writer recurses
  const auto docs = trainjob::parse_documents(text, limits);
  if (!docs) {
    const auto& e = docs.error();
    TRAINJOB_FUZZ_CHECK(!e.message.empty(), "an error without a message");
    TRAINJOB_FUZZ_CHECK(e.kind != trainjob::error_kind::internal, e.message);
    const bool named = e.message.rfind("document ", 0) == 0 || e.message.rfind("input is ", 0) == 0;
    if (e.kind == trainjob::error_kind::out_of_memory || named) return 0;
    // A JSON stream's first document errs as a lone JSON text does, in parse_json's words; the
    // whole input, read as one JSON text, must then fail too.
    TRAINJOB_FUZZ_CHECK(trainjob::detail::yaml::looks_like_json(text),
                        "an error not naming its document: " + e.message);
    TRAINJOB_FUZZ_CHECK(!trainjob::parse_json(text, limits).ok(),
                        "a JSON stream's first document failed, the whole text did not: " + e.message);
    return 0;
  }
  for (const auto& d : *docs) {
    TRAINJOB_FUZZ_CHECK(d.is_object(), "a document that is not an object");
    std::string yaml;
    to_yaml(yaml, d);
    yaml += '\n';
    const auto again = trainjob::parse_yaml(yaml, limits);
    // A key over 1024 characters cannot be a YAML implicit key (libyaml's limit, go-yaml's too).
    if (!again && again.error().message.find("could not find expected ':'") != std::string::npos) continue;
    TRAINJOB_FUZZ_CHECK(again.ok(), "written back, not read: " + again.error().to_string() + "\n" + yaml);
    TRAINJOB_FUZZ_CHECK(again->size() == 1 && again->front() == d,
                        "written back, read differently:\n" + yaml);
  }
  return 0;
}
