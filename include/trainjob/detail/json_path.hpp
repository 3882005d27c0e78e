// trainjob internals: errors that name a JSON path, and the value found there.
//
// A decoder keeps the path to the value it reads as a chain of stack frames
// (path_node) and spells it out only when it fails.
#ifndef TRAINJOB_DETAIL_JSON_PATH_HPP
#define TRAINJOB_DETAIL_JSON_PATH_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/quote.hpp"
#include "trainjob/error.hpp"

namespace trainjob {
namespace detail {

/// A JSON path built only when an error needs it: a chain of stack frames.
struct path_node {
  const path_node* parent = nullptr;
  std::string_view key;   // member name, when !is_index
  std::size_t index = 0;  // array index, when is_index
  bool is_index = false;

  // A child points at its parent, so children of temporaries would dangle.
  path_node member(std::string_view k) const& noexcept { return path_node{this, k, 0, false}; }
  path_node at(std::size_t i) const& noexcept { return path_node{this, {}, i, true}; }
  path_node member(std::string_view) const&& = delete;
  path_node at(std::size_t) const&& = delete;
  bool is_root() const noexcept { return parent == nullptr; }

  std::string to_string() const {
    std::vector<const path_node*> chain;
    for (const path_node* p = this; p != nullptr && !p->is_root(); p = p->parent) chain.push_back(p);
    std::string out;
    if (chain.size() <= path_head + path_tail) {
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) append_segment(out, **it);
      return out;
    }
    // A deep path is cut in the middle, so a message stays a few KiB however
    // deep the input: the first and last segments, and how many are left out.
    auto it = chain.rbegin();
    for (std::size_t i = 0; i < path_head; ++i, ++it) append_segment(out, **it);
    out += "…(" + std::to_string(chain.size() - path_head - path_tail) + " levels)…";
    for (it = chain.rend() - static_cast<std::ptrdiff_t>(path_tail); it != chain.rend(); ++it)
      append_segment(out, **it);
    return out;
  }

  /// The segments a path keeps at each end when it is cut.
  static constexpr std::size_t path_head = 8, path_tail = 16;

 private:
  static bool plain_key(std::string_view k) noexcept {
    if (k.empty()) return false;
    for (char c : k) {
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) return false;
    }
    return true;
  }
  static void append_segment(std::string& out, const path_node& n) {
    if (n.is_index) {
      out += '[';
      out += std::to_string(n.index);
      out += ']';
    } else if (plain_key(n.key) && n.key.size() <= quote_limit) {
      if (!out.empty()) out += '.';
      out.append(n.key.data(), n.key.size());
    } else {
      // Label keys such as "app.kubernetes.io/name" are quoted; a long key is
      // cut, with its length: ["kkkk…" (1000000 bytes)].
      out += "[";
      out += quote_bounded(n.key);
      out += "]";
    }
  }
};

/// Throws decode_error at `p`. The kind says what broke: schema (a rule of
/// the API, the default) unless given.
[[noreturn]] inline void fail(const path_node& p, std::string message, error_kind kind = error_kind::schema) {
  throw decode_error(p.to_string(), std::move(message), kind);
}

inline std::string type_name(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float: {
      // nlohmann reads an integer literal as a double only past 64 bits (it
      // rounds to -2^63 or below, or 2^64 or above); whatever lies within
      // them had a fraction or an exponent.
      const double f = j.get<double>();
      return f <= -0x1p63 || f >= 0x1p64 ? "a number beyond 64 bits" : "a number with a fraction or exponent";
    }
    case nlohmann::json::value_t::binary:
      return "binary data";
    case nlohmann::json::value_t::discarded:
      return "nothing";
  }
  return "something else";
}

/// A bad value for an error message, bounded and as written: a string
/// quoted (cut after quote_limit bytes, with its length), an integer, boolean
/// or null as JSON; a number with a fraction or exponent, an array or an
/// object only by what it is, since the DOM no longer holds the number's
/// spelling (1e2 would come back as 100.0) and a container may be any size.
inline std::string show(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      return quote_bounded(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::boolean:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return j.dump();
    default:
      return type_name(j);
  }
}

/// Throws a type error at `p`: "expected <expected>, got <what it is>".
[[noreturn]] inline void fail_type(const path_node& p, const char* expected, const nlohmann::json& got) {
  fail(p, std::string("expected ") + expected + ", got " + type_name(got), error_kind::type);
}

}  // namespace detail
}  // namespace trainjob

#endif
