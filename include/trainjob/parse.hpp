// trainjob: JSON text to a JSON tree, bounded, as the API server's decoder takes it.
//
//   auto j = trainjob::parse_json(text);                    // never throws
//   if (!j) std::cerr << j.error().to_string() << '\n';     // line and column, or a path
//
// The input's size, its nesting and the memory its tree would take are
// checked before the tree is built (parse_limits); a key given twice, a byte
// order mark and a NUL byte are refused, as Kubernetes' strict decoding does.
#ifndef TRAINJOB_PARSE_HPP
#define TRAINJOB_PARSE_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/dom_builder.hpp"
#include "trainjob/detail/tree.hpp"
#include "trainjob/error.hpp"

namespace trainjob {

/// Limits for `parse_json`; the defaults suit any real Kubernetes object.
struct parse_limits {
  std::size_t max_depth = 1000;        // nesting of arrays and objects
  std::size_t max_bytes = 256u << 20;  // input size
  /// The memory the parsed tree may take, estimated before anything is
  /// allocated: memory_floor + memory_per_input_byte × the input size. Real
  /// manifests take 4 to 8 bytes per input byte; `[[],[],...]` would take 30.
  std::size_t memory_floor = 64u << 20;
  std::size_t memory_per_input_byte = 24;

  /// The memory budget for an input of `input_bytes` (SIZE_MAX past the range).
  std::size_t memory_budget(std::size_t input_bytes) const noexcept {
    std::size_t b = 0;
    if (__builtin_mul_overflow(input_bytes, memory_per_input_byte, &b) ||
        __builtin_add_overflow(b, memory_floor, &b)) {
      return SIZE_MAX;
    }
    return b;
  }
  /// How a message states the budget: "832 MiB (64 MiB + 24 bytes per input byte)".
  std::string memory_budget_text(std::size_t input_bytes) const {
    std::string out = std::to_string(memory_budget(input_bytes) >> 20) + " MiB";
    if (memory_per_input_byte != 0) {
      out += " (" + std::to_string(memory_floor >> 20) + " MiB + " + std::to_string(memory_per_input_byte) +
             " bytes per input byte)";
    }
    return out;
  }
};

namespace detail {

/// What a JSON text costs as an nlohmann tree, estimated from its text alone
/// (x86-64 libstdc++ sizes with malloc's overhead): every value is a 16-byte
/// slot, arrays grow by doubling, objects are std::map nodes, strings past the
/// small-string buffer own a heap block.
struct tree_estimate {
  std::size_t containers = 0, members = 0, elements = 0, strings = 0, string_heap = 0;
  std::size_t bytes() const noexcept {
    return containers * 64 + members * 96 + elements * 24 + strings * 48 + string_heap;
  }
};

/// A parsed tree that is taken apart by dismantle() when it goes, so that
/// freeing it while memory is exhausted (unwinding a std::bad_alloc) cannot
/// end the process. Holders of a large tree from parse_json use it.
class owned_json {
 public:
  explicit owned_json(nlohmann::json&& j) noexcept : j_(std::move(j)) {}
  owned_json(const owned_json&) = delete;
  owned_json& operator=(const owned_json&) = delete;
  ~owned_json() { dismantle(j_); }

  const nlohmann::json& get() const noexcept { return j_; }
  nlohmann::json& get() noexcept { return j_; }

 private:
  nlohmann::json j_;
};

/// nlohmann's lexer takes a NUL byte for the end of input, which would accept
/// "{}\0garbage"; JSON text never holds a raw NUL. Looked for before anything
/// else, so a JSON stream (yaml.hpp) says it the same way.
inline void refuse_nul_byte(std::string_view text) {
  const std::size_t nul = text.find('\0');
  if (nul == std::string_view::npos) return;
  const auto lines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
  throw decode_error("",
                     "invalid JSON: a NUL byte at offset " + std::to_string(nul) + " (line " +
                         std::to_string(lines + 1) + ")",
                     error_kind::syntax);
}

}  // namespace detail

/// Parses JSON text (RFC 8259, UTF-8) with bounded depth and size. Errors name
/// the line and column, or the path: a key given twice in one object is an
/// error at that member's path (`metadata.name: duplicate key "name"`), as is
/// a number too large for a double. Never throws.
inline result<nlohmann::json> parse_json(std::string_view text, parse_limits limits = {}) noexcept {
  return detail::capture<nlohmann::json>([&]() -> nlohmann::json {
    if (text.size() > limits.max_bytes) {
      throw decode_error("",
                         "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                             std::to_string(limits.max_bytes),
                         error_kind::limit);
    }
    detail::refuse_nul_byte(text);
    // nlohmann skips a UTF-8 byte order mark; RFC 8259 forbids sending one and
    // the API server's decoder refuses it, so a "valid" answer here would lie.
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      throw decode_error("",
                         "invalid JSON: starts with a byte order mark (U+FEFF); "
                         "JSON text is UTF-8 without one",
                         error_kind::syntax);
    }
    // Deep nesting would exhaust the stack when the value is written or
    // destroyed; check it before parsing. Strings are skipped, escapes honoured.
    // The same pass estimates the tree's memory, refused before it is built.
    std::size_t depth = 0, line = 1;
    bool in_string = false;
    std::size_t string_start = 0;  // its opening quote
    detail::tree_estimate estimate;
    // Per open container: whether it is an array, and whether it has a value yet.
    std::vector<std::uint8_t> open;
    open.reserve(limits.max_depth < 4096 ? limits.max_depth + 1 : 4096);
    const auto value_starts = [&] {
      if (!open.empty() && (open.back() & 1) != 0 && (open.back() & 2) == 0) {
        open.back() = static_cast<std::uint8_t>(open.back() | 2u);
        ++estimate.elements;  // the first element; later ones are counted at their commas
      }
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        // A raw line break in a string is invalid JSON, but still a line for the messages.
        if (c == '\\') {
          ++i;
          if (i < text.size() && text[i] == '\n') ++line;
        } else if (c == '\n') {
          ++line;
        } else if (c == '"') {
          in_string = false;
          const std::size_t length = i - string_start - 1;
          if (length > 15) estimate.string_heap += length + 24;
          // A key lives in its member's node; only a value is a string of its own.
          std::size_t j = i + 1;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r'))
            ++j;
          if (j < text.size() && text[j] == ':') {
            ++estimate.members;
          } else {
            ++estimate.strings;
            value_starts();
          }
        }
      } else if (c == '"') {
        in_string = true;
        string_start = i;
      } else if (c == '{' || c == '[') {
        if (++depth > limits.max_depth) {
          throw decode_error("",
                             "nesting deeper than " + std::to_string(limits.max_depth) + " levels at line " +
                                 std::to_string(line),
                             error_kind::limit);
        }
        value_starts();
        ++estimate.containers;
        open.push_back(c == '[' ? 1 : 0);
      } else if (c == '}' || c == ']') {
        if (depth > 0) --depth;
        if (!open.empty()) open.pop_back();
      } else if (c == ',') {
        if (!open.empty() && (open.back() & 1) != 0) ++estimate.elements;
      } else if (c == '\n') {
        ++line;
      } else if (c != ' ' && c != '\t' && c != '\r' && c != ':') {
        value_starts();  // a number or a literal
      }
    }
    if (estimate.bytes() > limits.memory_budget(text.size())) {
      throw decode_error("",
                         "input would take about " + std::to_string(estimate.bytes() >> 20) +
                             " MiB as a JSON tree, over the budget of " +
                             limits.memory_budget_text(text.size()) + ": too many small values",
                         error_kind::limit);
    }
    nlohmann::json out;
    try {
      detail::dom_builder builder(out);
      if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) {
        throw decode_error(builder.error());  // its kind: syntax, or type for 1e400
      }
    } catch (...) {
      detail::dismantle(out);  // the half-built tree goes without allocating
      throw;
    }
    return out;
  });
}

}  // namespace trainjob

#endif
