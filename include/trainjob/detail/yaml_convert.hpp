// trainjob internals: a YAML document's node tree to JSON, as kubectl converts
// it: go-yaml v2's decoder into interface{} (decode.go: scalars resolved by
// detail/go_yaml_resolve.hpp, !!binary, aliases and their bomb guard, merge
// keys), then sigs.k8s.io/yaml's convertToJSONableObject (keys made strings)
// and encoding/json's numbers. read_yaml runs the whole YAML path.
// docs/yaml.md, "Reading YAML".
#ifndef TRAINJOB_DETAIL_YAML_CONVERT_HPP
#define TRAINJOB_DETAIL_YAML_CONVERT_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/go_strconv.hpp"
#include "trainjob/detail/go_yaml_resolve.hpp"
#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/tree.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/detail/yaml_documents.hpp"
#include "trainjob/detail/yaml_events.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"

namespace trainjob {
namespace detail {
namespace yaml {

using json = nlohmann::json;

/// Base64 as Go's base64.StdEncoding.DecodeString reads it (padding required,
/// "\r" and "\n" skipped). False when it is not base64.
inline bool go_base64(std::string_view in, std::string& out) {
  std::string clean;
  for (char c : in)
    if (c != '\r' && c != '\n') clean += c;
  if (clean.size() % 4 != 0) return false;
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = clean[i + static_cast<std::size_t>(k)];
      if (c == '=') {
        if (i + 4 != clean.size() || k < 2) return false;
        v[k] = 0;
        ++pad;
      } else {
        if (pad > 0) return false;
        v[k] = value(c);
        if (v[k] < 0) return false;
      }
    }
    const unsigned n =
        (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return true;
}

/// The JSON value encoding/json writes for a float64 and a JSON reader (the
/// API server's, parse_json's) reads back. Go writes the shortest digits that
/// read back as the value, without an exponent from 1e-6 to 1e21: an integral
/// value is then an integer literal, with zeros after its shortest digits
/// (2^63 is written 9223372036854776000, past int64, so a reader takes a float).
inline json float_value(double v) {
  const double a = std::fabs(v);
  if (v != std::floor(v) || a >= 1e21) return json(v);
  if (a == 0) return json(std::uint64_t{0});  // "0" or "-0": an integer either way
  const go_decimal d = go_shortest_decimal(a);
  std::string digits = d.digits;
  const std::size_t length = static_cast<std::size_t>(d.exponent) + 1;  // integral: exponent >= digits - 1
  digits.append(length - digits.size(), '0');
  std::uint64_t u = 0;
  for (char c : digits) {
    if (__builtin_mul_overflow(u, 10u, &u) || __builtin_add_overflow(u, std::uint64_t(c - '0'), &u))
      return json(v);
  }
  if (v > 0) return json(u);
  if (u > (std::uint64_t{1} << 63)) return json(v);
  return json(static_cast<std::int64_t>(0 - u));
}

/// A scalar as go-yaml's decoder.scalar makes it into interface{}: quoted or
/// block text with no tag stays a string; !!binary is base64-decoded; any
/// other tag and plain text go through resolve() (detail/go_yaml_resolve.hpp).
struct scalar {
  go_yaml_scalar value;
  std::string_view text;  // the node's text
  std::string binary;     // !!binary's bytes
  bool is_binary = false;
  /// A string's (or timestamp's) value.
  std::string_view str() const noexcept { return is_binary ? std::string_view(binary) : text; }
};

/// Fills `out` for a node's tag (long form, "" for none), text and whether
/// it was plain and untagged (libyaml's plain_implicit). Returns go-yaml's
/// error message, or "".
inline std::string decode_scalar(std::string_view tag, std::string_view in, bool implicit, scalar& out) {
  out.value = go_yaml_scalar{};
  out.text = in;
  out.is_binary = false;
  if (tag.empty() && !implicit) return {};
  if (tag.size() == go_yaml_tag_prefix.size() + 6 &&
      tag.substr(0, go_yaml_tag_prefix.size()) == go_yaml_tag_prefix &&
      tag.substr(go_yaml_tag_prefix.size()) == "binary") {
    if (!go_base64(in, out.binary)) return "!!binary value contains invalid base64 data";
    out.is_binary = true;
    return {};
  }
  return go_yaml_resolve(tag, in, out.value);
}

/// go-yaml v2's decoder (decode.go) into interface{}, then sigs.k8s.io/yaml's
/// convertToJSONableObject and encoding/json's Marshal, building the JSON tree
/// a reader of that JSON text gets.
class decoder {
 public:
  decoder(const tree& t, std::size_t document, std::size_t first_line, const parse_limits& limits,
          budget& mem)
      : t_(t),
        document_(document),
        first_line_(first_line),
        limits_(limits),
        mem_(mem),
        expanding_(t.nodes.size(), false) {}

  json run() {
    count(false);  // the document node
    count(false);  // its root
    json out;
    path_node root;
    value(0, out, root, 0);
    return out;
  }

 private:
  std::string at(std::size_t i) const {
    return where(document_, first_line_ + t_.nodes[i].line, t_.nodes[i].column + 1);
  }
  [[noreturn]] void fail(std::size_t i, const path_node& path, const std::string& what,
                         error_kind kind = error_kind::syntax) const {
    throw decode_error(path.to_string(), at(i) + what, kind);
  }

  /// go-yaml's guard against alias bombs (decoder.unmarshal): refused when
  /// aliases make too large a share of the values decoded.
  void count(bool in_alias) {
    ++decodes_;
    if (in_alias || alias_depth_ > 0) ++aliases_;
    if (aliases_ > 100 && decodes_ > 1000) {
      double allowed = 0.99;
      if (decodes_ >= 4000000)
        allowed = 0.10;
      else if (decodes_ > 400000)
        allowed = 0.99 - 0.89 * (double(decodes_ - 400000) / double(4000000 - 400000));
      if (double(aliases_) / double(decodes_) > allowed) {
        throw decode_error("",
                           "document " + std::to_string(document_) +
                               ": document contains excessive aliasing (" + std::to_string(aliases_) +
                               " of " + std::to_string(decodes_) + " values come from aliases)",
                           error_kind::limit);
      }
    }
  }

  /// Follows alias nodes (each one counted, as go-yaml's decoder.alias does)
  /// to the node they name; `guard` restores the expansion state on return.
  struct alias_guard {
    decoder* d;
    std::vector<std::size_t> entered;
    ~alias_guard() {
      for (std::size_t i : entered) {
        d->expanding_[i] = false;
        --d->alias_depth_;
      }
    }
  };
  std::size_t follow(std::size_t i, alias_guard& g, const path_node& path) {
    while (t_.nodes[i].kind == node::alias_node) {
      if (expanding_[i]) {
        fail(i, path, "anchor value contains itself");
      }
      expanding_[i] = true;
      ++alias_depth_;
      g.entered.push_back(i);
      i = t_.nodes[i].value_offset;
      count(false);
    }
    return i;
  }

  void value(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    alias_guard g{this, {}};
    i = follow(i, g, path);
    const node& n = t_.nodes[i];
    switch (n.kind) {
      case node::scalar_node: {
        scalar s;
        const std::string err = decode_scalar(t_.text(n.tag_offset, n.tag_size),
                                              t_.text(n.value_offset, n.value_size), n.implicit, s);
        if (!err.empty()) fail(i, path, err);
        put(i, s, out, path);
        return;
      }
      case node::sequence_node: {
        if (depth + 1 > limits_.max_depth) depth_error(i, path);
        mem_.take(64, at(i));
        out = json::array();
        std::size_t index = 0;
        for (std::size_t c = n.first_child; c != SIZE_MAX; c = t_.nodes[c].next_sibling, ++index) {
          count(false);
          mem_.take(24, at(c));
          out.emplace_back();
          const path_node child = path.at(index);
          value(c, out.back(), child, depth + 1);
        }
        return;
      }
      case node::mapping_node:
        if (depth + 1 > limits_.max_depth) depth_error(i, path);
        mem_.take(64, at(i));
        out = json::object();
        mapping(i, out, path, depth + 1);
        return;
      case node::alias_node:
        break;
    }
  }

  [[noreturn]] void depth_error(std::size_t i, const path_node& path) const {
    fail(i, path,
         "nesting deeper than " + std::to_string(limits_.max_depth) + " levels (with aliases expanded)",
         error_kind::limit);
  }

  static bool is_merge(const node& k) noexcept { return k.kind == node::scalar_node && k.implicit; }

  /// Decodes mapping `i` into `out` (an object), as go-yaml's decoder.mapping
  /// does: pairs in order, a merge (`<<`) writing its maps where it stands, so
  /// a later key overrides it and it overrides an earlier one. A key written
  /// twice by the mapping itself is refused (go-yaml keeps the last).
  void mapping(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    const node& n = t_.nodes[i];
    std::set<std::string> own;  // keys this mapping wrote itself, when merges make emplace() ambiguous
    bool merges = false;
    for (std::size_t k = n.first_child; k != SIZE_MAX; k = t_.nodes[t_.nodes[k].next_sibling].next_sibling) {
      const node& key = t_.nodes[k];
      if (key.kind == node::scalar_node && t_.text(key.value_offset, key.value_size) == "<<" &&
          (key.implicit || t_.text(key.tag_offset, key.tag_size) == "tag:yaml.org,2002:merge"))
        merges = true;
    }
    const bool fresh = out.empty() && !merges;
    for (std::size_t k = n.first_child; k != SIZE_MAX;) {
      const std::size_t v = t_.nodes[k].next_sibling;
      const node& key = t_.nodes[k];
      if (key.kind == node::scalar_node && t_.text(key.value_offset, key.value_size) == "<<" &&
          (is_merge(key) || t_.text(key.tag_offset, key.tag_size) == "tag:yaml.org,2002:merge")) {
        merge(v, out, path, depth);
        k = t_.nodes[v].next_sibling;
        continue;
      }
      count(false);
      const std::string name = key_string(k, path);
      count(false);
      const path_node child = path.member(name);
      mem_.take(96 + (name.size() > 15 ? name.size() + 24 : 0), at(k));
      json* slot = nullptr;
      if (fresh) {
        const auto r = out.get_ref<json::object_t&>().emplace(name, nullptr);
        if (!r.second) fail(k, child, "duplicate key " + quote_bounded(name));
        slot = &r.first->second;
      } else {
        if (!own.insert(name).second) fail(k, child, "duplicate key " + quote_bounded(name));
        slot = &out.get_ref<json::object_t&>()[name];
        *slot = nullptr;
      }
      value(v, *slot, child, depth);
      k = t_.nodes[v].next_sibling;
    }
  }

  /// go-yaml's decoder.merge: a map, an alias of one, or a sequence of them
  /// (the earlier ones win, so they are written last).
  void merge(std::size_t v, json& out, const path_node& path, std::size_t depth) {
    const node& n = t_.nodes[v];
    const auto want_map = [&](std::size_t at_node) {
      fail(at_node, path, "map merge requires map or sequence of maps as the value");
    };
    const auto target_kind = [&](std::size_t i) {
      const node& x = t_.nodes[i];
      return x.kind == node::alias_node ? t_.nodes[x.value_offset].kind : x.kind;
    };
    if (n.kind == node::mapping_node || n.kind == node::alias_node) {
      if (target_kind(v) != node::mapping_node) want_map(v);
      merge_one(v, out, path, depth);
      return;
    }
    if (n.kind != node::sequence_node) want_map(v);
    std::vector<std::size_t> items;
    for (std::size_t c = n.first_child; c != SIZE_MAX; c = t_.nodes[c].next_sibling) items.push_back(c);
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      if (target_kind(*it) != node::mapping_node) want_map(*it);
      merge_one(*it, out, path, depth);
    }
  }
  void merge_one(std::size_t i, json& out, const path_node& path, std::size_t depth) {
    count(false);
    alias_guard g{this, {}};
    i = follow(i, g, path);
    mapping(i, out, path, depth);
  }

  /// A key as sigs.k8s.io/yaml makes it a string (int, float, bool keys;
  /// null and collections refused).
  std::string key_string(std::size_t k, const path_node& path) {
    alias_guard g{this, {}};
    const std::size_t i = follow(k, g, path);
    const node& n = t_.nodes[i];
    if (n.kind != node::scalar_node) {
      fail(k, path,
           std::string("invalid map key: a ") + (n.kind == node::mapping_node ? "mapping" : "sequence"));
    }
    scalar sc;
    const std::string err = decode_scalar(t_.text(n.tag_offset, n.tag_size),
                                          t_.text(n.value_offset, n.value_size), n.implicit, sc);
    const go_yaml_scalar& s = sc.value;
    if (!err.empty()) fail(i, path, err);
    switch (s.kind) {
      case go_yaml_scalar::string:
      case go_yaml_scalar::timestamp:
        return replace_invalid_utf8(sc.str());
      case go_yaml_scalar::boolean:
        return s.b ? "true" : "false";
      case go_yaml_scalar::integer:
        return std::to_string(s.i);
      case go_yaml_scalar::floating:
        return go_yaml_float(s.f, 32);  // strconv.FormatFloat(k, 'g', -1, 32)
      case go_yaml_scalar::null:
        fail(k, path, "unsupported map key: null", error_kind::type);
      case go_yaml_scalar::unsigned_integer:
        fail(k, path,
             "unsupported map key: integer " + cut_bounded(t_.text(n.value_offset, n.value_size)) +
                 " is past int64",
             error_kind::type);
    }
    return {};
  }

  void put(std::size_t i, const scalar& sc, json& out, const path_node& path) {
    const go_yaml_scalar& s = sc.value;
    switch (s.kind) {
      case go_yaml_scalar::null:
        out = nullptr;
        return;
      case go_yaml_scalar::boolean:
        out = s.b;
        return;
      case go_yaml_scalar::integer:
        if (s.i >= 0)
          out = static_cast<std::uint64_t>(s.i);
        else
          out = s.i;
        return;
      case go_yaml_scalar::unsigned_integer:
        out = s.u;
        return;
      case go_yaml_scalar::floating:
        if (std::isnan(s.f) || std::isinf(s.f)) {
          fail(i, path,
               std::string("JSON has no ") + (std::isnan(s.f) ? "NaN" : "infinity") + ": " +
                   cut_bounded(t_.text(t_.nodes[i].value_offset, t_.nodes[i].value_size)) +
                   " (encoding/json refuses it)",
               error_kind::type);
        }
        out = float_value(s.f);
        return;
      case go_yaml_scalar::string:
      case go_yaml_scalar::timestamp:  // into interface{}, a timestamp stays its text
        if (sc.str().size() > 15) mem_.take(sc.str().size() + 24, at(i));
        if (is_valid_utf8(sc.str()))
          out = std::string(sc.str());
        else
          out = replace_invalid_utf8(sc.str());  // !!binary bytes: encoding/json writes U+FFFD
        return;
    }
  }

  const tree& t_;
  std::size_t document_, first_line_;
  const parse_limits& limits_;
  budget& mem_;
  std::vector<bool> expanding_;
  std::size_t decodes_ = 0, aliases_ = 0, alias_depth_ = 0;
};

/// parse_yaml's work: the documents of `text`, cut (yaml_documents.hpp),
/// parsed (yaml_events.hpp) and decoded one by one within one memory budget.
inline std::vector<json> read_yaml(std::string_view text, const parse_limits& limits) {
  check_input_size(text, limits);
  budget mem(text.size(), limits);
  std::vector<chunk> chunks = split(text);
  std::vector<json> docs;
  documents_guard guard{docs};
  std::size_t number = 0;
  for (const chunk& c : chunks) {
    ++number;
    json j;
    std::size_t root_line = c.first_line, root_column = 1;
    {
      tree t;
      if (!build(c, number, limits, mem, t)) continue;
      root_line = c.first_line + t.nodes[0].line;
      root_column = t.nodes[0].column + 1;
      decoder d(t, number, c.first_line, limits, mem);
      try {
        j = d.run();
      } catch (...) {
        dismantle(j);
        throw;
      }
    }
    add_document(docs, std::move(j), where(number, root_line, root_column));
  }
  guard.keep = true;
  return docs;
}

}  // namespace yaml
}  // namespace detail
}  // namespace trainjob

#endif
