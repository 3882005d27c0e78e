// trainjob internals: the DOM parse_json builds, from nlohmann's SAX events.
#ifndef TRAINJOB_DETAIL_DOM_BUILDER_HPP
#define TRAINJOB_DETAIL_DOM_BUILDER_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"

namespace trainjob {
namespace detail {

/// Builds the DOM from nlohmann's SAX events as nlohmann's own DOM parser
/// does, refusing a key an object already has. Kubernetes' strict decoding
/// (sigs.k8s.io/json, server-side field validation) rejects duplicate fields
/// too; nlohmann would keep the last one silently. The object under
/// construction is its own key set, so the check costs no extra lookup, and
/// nlohmann's parser is iterative, so depth costs no recursion here.
class dom_builder {
 public:
  using json = nlohmann::json;

  explicit dom_builder(json& root) noexcept : root_(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(json::number_integer_t v) { return put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return put(v); }
  bool number_float(json::number_float_t v, const std::string&) { return put(v); }
  // Copied, not moved: the lexer reuses the buffer it hands over, and a
  // moved one would have to grow again for every string.
  bool string(std::string& v) { return put(static_cast<const std::string&>(v)); }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))); }
  bool start_object(std::size_t) {
    stack_.push_back(place(json::value_t::object));
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back(place(json::value_t::array));
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool key(std::string& k) {
    const auto r = stack_.back()->emplace(static_cast<const std::string&>(k), nullptr);
    if (!r.second) {
      duplicate_ = r.first.key();
      error_ = {path_to_pending(), "duplicate key " + quote_bounded(*duplicate_), error_kind::syntax};
      return false;
    }
    member_ = &r.first.value();
    return true;
  }
  bool parse_error(std::size_t, const std::string& token, const json::exception& e) {
    if (e.id == 406) {
      // A number beyond a double (1e400): valid JSON, out of range, and
      // nlohmann gives no position for it, so name its path.
      error_ = {path_to_pending(), "expected a number, got " + cut_bounded(token) + " (out of range)",
                error_kind::type};
      return false;
    }
    // The message quotes the input read last, which may be the bad bytes, or
    // the whole of a long string up to a bad character in it: cut as any
    // quoted value is ('xxxx…' (1000009 bytes)).
    std::string what = e.what();
    if (token.size() > quote_limit) {
      const std::string read = "; last read: '" + token + "'";
      const auto at = what.find(read);
      if (at != std::string::npos) {
        std::string shown = "; last read: '";
        const bool cut = append_bounded(shown, token, quote_limit, false);
        shown += '\'';
        if (cut) shown += " (" + std::to_string(token.size()) + " bytes)";
        what.replace(at, read.size(), shown);
      }
    }
    what = replace_invalid_utf8(what);
    // Drop the "[json.exception.parse_error.101] " prefix; keep the position.
    const auto close = what.find("] ");
    if (what.rfind("[json.exception", 0) == 0 && close != std::string::npos) what.erase(0, close + 2);
    error_ = {"", "invalid JSON: " + what, error_kind::syntax};
    return false;
  }

  /// Why the parse stopped.
  const error_info& error() const noexcept { return error_; }

 private:
  template <class V>
  bool put(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  template <class V>
  json* place(V&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) return &top.emplace_back(std::forward<V>(v));
    *member_ = json(std::forward<V>(v));
    return member_;
  }

  /// The path of the value being read (or the key just refused): found by
  /// address, only when an error needs it. Arrays hold their open child
  /// last; an object's open child is the member whose address it has.
  std::string path_to_pending() const {
    std::vector<path_node> nodes;
    nodes.reserve(stack_.size() + 2);  // no reallocation: children point at parents
    nodes.emplace_back();
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const json& level = *stack_[i];
      const bool last = i + 1 == stack_.size();
      const json* child = last ? member_ : stack_[i + 1];
      if (level.is_array()) {
        // The open child is the last element; a pending value comes next.
        nodes.push_back(nodes.back().at(last ? level.size() : level.size() - 1));
        continue;
      }
      if (last && duplicate_) {
        nodes.push_back(nodes.back().member(*duplicate_));
        continue;
      }
      for (auto it = level.begin(); it != level.end(); ++it) {
        if (&it.value() == child) {
          nodes.push_back(nodes.back().member(it.key()));
          break;
        }
      }
    }
    return nodes.back().to_string();
  }

  json& root_;
  std::vector<json*> stack_;              // the open arrays and objects
  json* member_ = nullptr;                // where the next value of the open object goes
  std::optional<std::string> duplicate_;  // the key refused
  error_info error_;
};

}  // namespace detail
}  // namespace trainjob

#endif
