// trainjob: JSON to YAML, byte for byte as `kubectl ... -o yaml` prints it.
//
// kubectl's YAML printer marshals the object to JSON (Go's encoding/json),
// reads that JSON back with go-yaml v2 and writes it with go-yaml v2's encoder
// (sigs.k8s.io/yaml JSONToYAML). This header reproduces the whole path on an
// nlohmann tree: key order, quoting, block styles, the folding of long lines,
// numbers, and the inputs on which kubectl fails. docs/yaml.md, "Writing YAML".
//
// Opt-in: not included by trainjob.hpp.
#ifndef TRAINJOB_YAML_WRITE_HPP
#define TRAINJOB_YAML_WRITE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/go_yaml_emitter.hpp"
#include "trainjob/detail/go_yaml_resolve.hpp"
#include "trainjob/detail/go_yaml_sorter.hpp"
#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"

namespace trainjob {
namespace detail {

/// Characters of `c` in the JSON text Go's encoding/json writes (HTML
/// escaping on, as json.Marshal has it): what go-yaml's scanner counts.
inline std::size_t go_json_escaped_chars(char32_t c) noexcept {
  if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') return 2;
  if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) return 6;
  return 1;
}

/// A string as go-yaml holds it after kubectl's round trip, or why kubectl
/// fails on it.
class kubectl_text {
 public:
  kubectl_text() = default;
  /// Converts `in`; on failure, message() says why (kind unsupported).
  kubectl_text(std::string_view in, bool key) {
    std::size_t quoted_chars = 2;  // a key's length in the JSON text, quotes included
    bool plain = true;             // `in` is already what go-yaml reads
    for (std::size_t i = 0; i < in.size();) {
      const std::size_t n = utf8_sequence(in, i);
      if (n == 0) {  // json.Marshal writes \ufffd
        plain = false;
        quoted_chars += 6;
        ++i;
        continue;
      }
      const char32_t c = utf8_decode(in.data() + i, n);
      // go-yaml's reader refuses these raw (json.Marshal leaves them raw).
      if (c == 0x7F || (c >= 0x80 && c <= 0x9F && c != 0x85) || c == 0xFFFE || c == 0xFFFF) {
        error_ =
            "U+" + hex(c) + ": kubectl -o yaml fails on it (go-yaml: control characters are not allowed)";
        return;
      }
      if (c == 0x85) {
        // A raw NEL is a line break inside the JSON's double-quoted scalar:
        // it folds, and a key spanning two lines is no simple key.
        if (key) {
          error_ = "U+0085 (a line break to YAML) in a key: kubectl -o yaml fails on it";
          return;
        }
        plain = false;
      }
      quoted_chars += go_json_escaped_chars(c);
      i += n;
    }
    if (key && quoted_chars > 1024) {
      // YAML's implicit keys end within 1024 characters of their start.
      error_ = "a key of " + std::to_string(quoted_chars - 2) +
               " characters as JSON: kubectl -o yaml fails on it (go-yaml reads keys of at most 1022)";
      return;
    }
    if (plain) {
      view_ = in;
      return;
    }
    owned_ = true;
    fold_line_breaks(replace_invalid_utf8(in));
  }

  bool ok() const noexcept { return error_.empty(); }
  const std::string& message() const noexcept { return error_; }
  // Not a stored view of own_: a moved string may move its characters.
  std::string_view view() const noexcept { return owned_ ? std::string_view(own_) : view_; }

 private:
  std::string own_;
  std::string_view view_;
  std::string error_;
  bool owned_ = false;

  static std::string hex(char32_t c) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string h;
    for (int k = 12; k >= 0; k -= 4) h += digits[(c >> k) & 0xF];
    return h;
  }
  // yaml_parser_scan_flow_scalar's folding, for the only raw break and blank
  // kubectl's JSON can hold in a string: NEL and space.
  void fold_line_breaks(const std::string& s) {
    const auto nel = [&](std::size_t i) {
      return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
             static_cast<unsigned char>(s[i + 1]) == 0x85;
    };
    own_.reserve(s.size());
    bool line_start = false;  // at column 0, after a break
    std::size_t i = 0;
    for (;;) {
      if (line_start && s.size() - i >= 3 && (s.compare(i, 3, "---") == 0 || s.compare(i, 3, "...") == 0) &&
          (i + 3 == s.size() ? false : (s[i + 3] == ' ' || nel(i + 3)))) {
        error_ = "a line break followed by \"" + s.substr(i, 3) +
                 "\": kubectl -o yaml fails on it (found unexpected document indicator)";
        return;
      }
      while (i < s.size() && s[i] != ' ' && !nel(i)) own_ += s[i++];
      if (i == s.size()) break;
      std::string whitespaces, trailing_breaks;
      bool leading_blanks = false;
      line_start = false;
      while (i < s.size() && (s[i] == ' ' || nel(i))) {
        if (s[i] == ' ') {
          if (!leading_blanks) whitespaces += ' ';
          line_start = false;
          ++i;
        } else {
          if (!leading_blanks) {
            whitespaces.clear();
            leading_blanks = true;
          } else {
            trailing_breaks += '\n';
          }
          line_start = true;
          i += 2;
        }
      }
      if (leading_blanks) {
        own_ += trailing_breaks.empty() ? std::string(" ") : trailing_breaks;
      } else {
        own_ += whitespaces;
      }
    }
  }
};

/// The style go-yaml's encoder asks for a string (encode.go, stringv).
inline yaml_scalar_style yaml_string_style(std::string_view s) {
  if (s.find('\n') != std::string_view::npos) return yaml_scalar_style::literal;
  return yaml_plain_reads_as_other(s) ? yaml_scalar_style::double_quoted : yaml_scalar_style::plain;
}

/// Walks a JSON tree without recursion, sending go-yaml's events.
class yaml_writer {
 public:
  explicit yaml_writer(std::string& out) : emitter_(out) {}

  void begin() {
    emitter_.emit(yaml_event{yaml_event_type::stream_start, {}, yaml_scalar_style::plain, false});
    emitter_.emit(yaml_event{yaml_event_type::document_start, {}, yaml_scalar_style::plain, false});
  }
  void end() {
    emitter_.emit(yaml_event{yaml_event_type::document_end, {}, yaml_scalar_style::plain, false});
    emitter_.emit(yaml_event{yaml_event_type::stream_end, {}, yaml_scalar_style::plain, false});
  }
  void open(yaml_event_type start, bool empty) {
    emitter_.emit(yaml_event{start, {}, yaml_scalar_style::plain, empty});
  }
  void close(yaml_event_type end) { emitter_.emit(yaml_event{end, {}, yaml_scalar_style::plain, false}); }

  /// A string of ours (List's fixed words): no conversion needed.
  void text(std::string_view s) {
    emitter_.emit(yaml_event{yaml_event_type::scalar, s, yaml_string_style(s), false});
  }

  /// The value and everything under it.
  void value(const nlohmann::json& root, const path_node& at) {
    scalar_or_open(root, at);
    while (!stack_.empty()) {
      frame& f = stack_.back();
      if (f.node->is_object()) {
        if (f.next == f.members.size()) {
          close(yaml_event_type::mapping_end);
          stack_.pop_back();
          continue;
        }
        member& m = f.members[f.next++];
        emitter_.emit(
            yaml_event{yaml_event_type::scalar, m.key.view(), yaml_string_style(m.key.view()), false});
        scalar_or_open(*m.value, at);
      } else {
        if (f.next == f.node->size()) {
          close(yaml_event_type::sequence_end);
          stack_.pop_back();
          continue;
        }
        const std::size_t i = f.next++;
        scalar_or_open((*f.node)[i], at);
      }
    }
  }

 private:
  struct member {
    std::string_view raw_key;
    kubectl_text key;
    const nlohmann::json* value = nullptr;
    std::u32string runes;
  };
  struct frame {
    const nlohmann::json* node;
    std::vector<member> members;  // an object's, in go-yaml's order
    std::size_t next = 0;
  };

  go_yaml_emitter emitter_;
  std::vector<frame> stack_;
  std::string scratch_;

  // Throws at the value being written: the frames' current members.
  [[noreturn]] void fail_at(const path_node& at, std::string message, error_kind kind) const {
    std::vector<path_node> chain;  // reserved: members point at their parents
    chain.reserve(stack_.size() + 2);
    chain.push_back(at);
    for (const frame& f : stack_) {
      if (f.node->is_object()) {
        chain.push_back(chain.back().member(f.members[f.next - 1].raw_key));
      } else {
        chain.push_back(chain.back().at(f.next - 1));
      }
    }
    fail(chain.back(), std::move(message), kind);
  }

  void scalar_or_open(const nlohmann::json& v, const path_node& at) {
    using t = nlohmann::json::value_t;
    switch (v.type()) {
      case t::object: {
        if (v.empty()) {
          open(yaml_event_type::mapping_start, true);
          close(yaml_event_type::mapping_end);
          return;
        }
        frame f{&v, {}, 0};
        f.members.reserve(v.size());
        for (auto it = v.begin(); it != v.end(); ++it) {
          const std::string& k = it.key();
          member m{k, kubectl_text(k, true), &it.value(), {}};
          if (!m.key.ok()) {
            const std::string_view raw(k);
            fail_at(at, "key " + quote_bounded(raw) + ": " + m.key.message(), error_kind::unsupported);
          }
          const std::string_view s = m.key.view();
          for (std::size_t i = 0; i < s.size();) {
            const std::size_t n = utf8_sequence(s, i);
            m.runes += utf8_decode(s.data() + i, n == 0 ? 1 : n);
            i += n == 0 ? 1 : n;
          }
          f.members.push_back(std::move(m));
        }
        sort_members(f.members);
        for (member& m : f.members) m.runes = std::u32string();
        open(yaml_event_type::mapping_start, false);
        stack_.push_back(std::move(f));
        return;
      }
      case t::array:
        if (v.empty()) {
          open(yaml_event_type::sequence_start, true);
          close(yaml_event_type::sequence_end);
          return;
        }
        open(yaml_event_type::sequence_start, false);
        stack_.push_back(frame{&v, {}, 0});
        return;
      case t::string: {
        const kubectl_text s(v.get_ref<const std::string&>(), false);
        if (!s.ok()) fail_at(at, s.message(), error_kind::unsupported);
        emitter_.emit(yaml_event{yaml_event_type::scalar, s.view(), yaml_string_style(s.view()), false});
        return;
      }
      case t::boolean:
        return plain(v.get<bool>() ? "true" : "false");
      case t::null:
        return plain("null");
      case t::number_integer:
        return plain(std::to_string(v.get<std::int64_t>()));
      case t::number_unsigned:
        return plain(std::to_string(v.get<std::uint64_t>()));
      case t::number_float: {
        const double d = v.get<double>();
        if (!std::isfinite(d)) {
          fail_at(at, "json: unsupported value (kubectl cannot print NaN or infinity)", error_kind::type);
        }
        return plain(go_yaml_float(d));
      }
      default:
        fail_at(at, "binary data has no JSON or YAML form", error_kind::type);
    }
  }

  void plain(std::string s) {
    scratch_ = std::move(s);
    emitter_.emit(yaml_event{yaml_event_type::scalar, scratch_, yaml_scalar_style::plain, false});
  }

  // A merge sort: correct for any comparator (go-yaml's need not be a strict
  // weak order for odd keys), unlike std::sort.
  static void sort_members(std::vector<member>& m) {
    std::vector<member> tmp(m.size());
    for (std::size_t width = 1; width < m.size(); width *= 2) {
      for (std::size_t lo = 0; lo < m.size(); lo += 2 * width) {
        const std::size_t mid = std::min(lo + width, m.size()), hi = std::min(lo + 2 * width, m.size());
        std::size_t a = lo, b = mid, o = lo;
        while (a < mid && b < hi) {
          tmp[o++] = go_yaml_key_less(m[b].runes, m[a].runes) ? std::move(m[b++]) : std::move(m[a++]);
        }
        while (a < mid) tmp[o++] = std::move(m[a++]);
        while (b < hi) tmp[o++] = std::move(m[b++]);
      }
      m.swap(tmp);
    }
  }
};

}  // namespace detail

/// `j` as `kubectl -o yaml` prints it (for an object; any JSON value works).
/// Throws decode_error where kubectl would fail: a string holding a character
/// go-yaml's reader refuses (U+007F, U+0080-U+009F but U+0085, U+FFFE,
/// U+FFFF), a key over 1022 JSON characters or holding U+0085, NaN or an
/// infinity, binary data. Invalid UTF-8 is written as U+FFFD, as Go does.
inline std::string to_yaml(const nlohmann::json& j) {
  std::string out;
  detail::yaml_writer w(out);
  const detail::path_node root;
  w.begin();
  w.value(j, root);
  w.end();
  return out;
}

/// What `kubectl get -o yaml` prints for several objects: a v1 List,
/// `apiVersion: v1`, `items:`, `kind: List`, `metadata: resourceVersion: ""`.
/// Errors as to_yaml, their paths under `items[i]`.
inline std::string to_yaml_list(const std::vector<nlohmann::json>& items) {
  using detail::yaml_event_type;
  std::string out;
  detail::yaml_writer w(out);
  const detail::path_node root;
  const detail::path_node items_path = root.member("items");
  w.begin();
  w.open(yaml_event_type::mapping_start, false);
  w.text("apiVersion");
  w.text("v1");
  w.text("items");
  w.open(yaml_event_type::sequence_start, items.empty());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const detail::path_node at = items_path.at(i);
    w.value(items[i], at);
  }
  w.close(yaml_event_type::sequence_end);
  w.text("kind");
  w.text("List");
  w.text("metadata");
  w.open(yaml_event_type::mapping_start, false);
  w.text("resourceVersion");
  w.text("");
  w.close(yaml_event_type::mapping_end);
  w.close(yaml_event_type::mapping_end);
  w.end();
  return out;
}

/// to_yaml, without exceptions.
inline result<std::string> try_to_yaml(const nlohmann::json& j) noexcept {
  return detail::capture<std::string>([&] { return to_yaml(j); });
}

/// to_yaml_list, without exceptions.
inline result<std::string> try_to_yaml_list(const std::vector<nlohmann::json>& items) noexcept {
  return detail::capture<std::string>([&] { return to_yaml_list(items); });
}

}  // namespace trainjob

#endif
