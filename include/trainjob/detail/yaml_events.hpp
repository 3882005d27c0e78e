// trainjob internals: one YAML document as go-yaml v2's parser reads it
// (parser.go): libyaml's events (Debian's libyaml-dev) made a tree of nodes,
// anchors resolved to the nodes they name, the memory it all takes counted
// against parse_limits. docs/yaml.md, "Reading YAML".
#ifndef TRAINJOB_DETAIL_YAML_EVENTS_HPP
#define TRAINJOB_DETAIL_YAML_EVENTS_HPP

#include <yaml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/yaml_documents.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"

namespace trainjob {
namespace detail {
namespace yaml {

// ---------------------------------------------------------------------------------------------
// The node tree of one document (go-yaml's parser.go), then its decoding.

struct node {
  enum kind_t : std::uint8_t { scalar_node, mapping_node, sequence_node, alias_node } kind = scalar_node;
  bool implicit = false;
  std::size_t line = 0, column = 0;  // 0-based, in the chunk
  std::size_t tag_offset = 0, tag_size = 0;
  std::size_t value_offset = 0, value_size = 0;  // scalar text; alias: the node it names (value_offset)
  std::size_t first_child = SIZE_MAX, next_sibling = SIZE_MAX, last_child = SIZE_MAX;
};

/// The memory one call may take, as parse_json's budget: the node tree, the
/// scalar text and the JSON trees it builds, counted as they grow.
class budget {
 public:
  budget(std::size_t input, const parse_limits& limits)
      : limits_(limits), input_(input), max_(limits.memory_budget(input)) {}
  void take(std::size_t bytes, const std::string& at) {
    if (__builtin_add_overflow(used_, bytes, &used_) || used_ > max_) {
      throw decode_error("",
                         at + "the documents would take more than the budget of " +
                             limits_.memory_budget_text(input_) + " as JSON trees (aliases expanding?)",
                         error_kind::limit);
    }
  }

 private:
  const parse_limits& limits_;
  std::size_t input_ = 0, max_ = 0, used_ = 0;
};

/// libyaml's parser, freed however we leave.
class event_parser {
 public:
  explicit event_parser(const std::string& text) : text_(text) {
    if (yaml_parser_initialize(&parser_) == 0) throw std::bad_alloc();
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  event_parser(const event_parser&) = delete;
  event_parser& operator=(const event_parser&) = delete;
  ~event_parser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  /// The next event; the previous one is freed.
  const yaml_event_t& next(std::size_t document, std::size_t first_line) {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (yaml_parser_parse(&parser_, &event_) == 0) {
      if (parser_.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
      yaml_mark_t m = parser_.problem_mark;
      if (parser_.error == YAML_READER_ERROR) {
        // A bad byte: libyaml gives its offset only.
        m = position(parser_.problem_offset);
      }
      std::string msg = where(document, first_line + m.line, m.column + 1);
      msg += parser_.problem != nullptr ? parser_.problem : "invalid YAML";
      if (parser_.context != nullptr) {
        msg += " (";
        msg += parser_.context;
        msg += " at line " + std::to_string(first_line + parser_.context_mark.line) + ", column " +
               std::to_string(parser_.context_mark.column + 1) + ")";
      }
      throw decode_error("", msg, error_kind::syntax);
    }
    has_event_ = true;
    if (event_.type == YAML_SCALAR_EVENT && event_.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
      check_escapes(document, first_line);
    }
    return event_;
  }

 private:
  /// The line and column (0-based, columns in bytes) of a byte of the text.
  yaml_mark_t position(std::size_t offset) const noexcept {
    yaml_mark_t m{};
    m.index = offset;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++m.line;
        m.column = 0;
      } else {
        ++m.column;
      }
    }
    return m;
  }
  /// go-yaml (a port of libyaml 0.1) has no `\/` escape; libyaml 0.2.5 added it.
  void check_escapes(std::size_t document, std::size_t first_line) const {
    const std::size_t begin = event_.start_mark.index, end = std::min(event_.end_mark.index, text_.size());
    for (std::size_t i = begin; i + 1 < end; ++i) {
      if (text_[i] != '\\') continue;
      if (text_[i + 1] == '/') {
        const yaml_mark_t m = position(i);
        throw decode_error("",
                           where(document, first_line + m.line, m.column + 1) +
                               "found unknown escape character `\\/` (YAML 1.1 has none)",
                           error_kind::syntax);
      }
      ++i;  // the escaped character
    }
  }

  const std::string& text_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

/// One document: its nodes (the root is node 0 when there is one) and the
/// text of their scalars and tags.
struct tree {
  std::vector<node> nodes;
  std::string arena;
  std::string_view text(std::size_t offset, std::size_t size) const noexcept {
    return std::string_view(arena).substr(offset, size);
  }
};

/// Builds the tree of the chunk's first document, as go-yaml's parser.parse()
/// does (what follows its end is never read). False when it has none.
inline bool build(const chunk& c, std::size_t document, const parse_limits& limits, budget& mem, tree& t) {
  event_parser p(c.text);
  const auto at = [&](const yaml_mark_t& m) { return where(document, c.first_line + m.line, m.column + 1); };
  p.next(document, c.first_line);  // STREAM-START
  const yaml_event_t* e = &p.next(document, c.first_line);
  if (e->type == YAML_STREAM_END_EVENT) return false;
  // DOCUMENT-START: go-yaml reads YAML 1.1 only.
  if (e->data.document_start.version_directive != nullptr) {
    const auto* v = e->data.document_start.version_directive;
    if (v->major != 1 || v->minor != 1) {
      throw decode_error("",
                         at(e->start_mark) + "found incompatible YAML document (%YAML " +
                             std::to_string(v->major) + "." + std::to_string(v->minor) +
                             "; only 1.1 is read)",
                         error_kind::syntax);
    }
  }
  std::unordered_map<std::string, std::size_t> anchors;
  std::vector<std::size_t> open;  // containers not yet ended
  // Growth is charged to the budget before it happens, so a refused input
  // never holds more than the budget (plus the buffer being moved, once).
  const auto room_for_node = [&](const yaml_event_t& ev) {
    if (t.nodes.size() < t.nodes.capacity()) return;
    const std::size_t grow = std::max<std::size_t>(64, t.nodes.capacity());
    mem.take(grow * sizeof(node), at(ev.start_mark));
    t.nodes.reserve(t.nodes.capacity() + grow);
  };
  const auto room_for_text = [&](const yaml_event_t& ev, std::size_t n) {
    if (t.arena.size() + n <= t.arena.capacity()) return;
    const std::size_t want = std::max(t.arena.size() + n, 2 * t.arena.capacity());
    mem.take(want - t.arena.capacity(), at(ev.start_mark));
    t.arena.reserve(want);
  };
  const auto add = [&](node::kind_t kind, const yaml_event_t& ev, const yaml_char_t* anchor,
                       const yaml_char_t* tag) -> std::size_t {
    room_for_node(ev);
    node n;
    n.kind = kind;
    n.line = ev.start_mark.line;
    n.column = ev.start_mark.column;
    if (tag != nullptr) {
      const auto* s = reinterpret_cast<const char*>(tag);
      n.tag_offset = t.arena.size();
      n.tag_size = std::strlen(s);
      room_for_text(ev, n.tag_size);
      t.arena.append(s, n.tag_size);
    }
    const std::size_t index = t.nodes.size();
    if (!open.empty()) {
      node& parent = t.nodes[open.back()];
      if (parent.last_child == SIZE_MAX) {
        parent.first_child = index;
      } else {
        t.nodes[parent.last_child].next_sibling = index;
      }
      parent.last_child = index;
    }
    t.nodes.push_back(n);  // within the capacity charged above
    if (anchor != nullptr) anchors[reinterpret_cast<const char*>(anchor)] = index;
    return index;
  };
  for (;;) {
    e = &p.next(document, c.first_line);
    switch (e->type) {
      case YAML_SCALAR_EVENT: {
        const std::size_t i = add(node::scalar_node, *e, e->data.scalar.anchor, e->data.scalar.tag);
        room_for_text(*e, e->data.scalar.length);
        node& n = t.nodes[i];
        n.implicit = e->data.scalar.plain_implicit != 0;
        n.value_offset = t.arena.size();
        n.value_size = e->data.scalar.length;
        t.arena.append(reinterpret_cast<const char*>(e->data.scalar.value), e->data.scalar.length);
        break;
      }
      case YAML_ALIAS_EVENT: {
        const auto* name = reinterpret_cast<const char*>(e->data.alias.anchor);
        const auto found = anchors.find(name);
        if (found == anchors.end()) {
          throw decode_error("", at(e->start_mark) + "unknown anchor " + quote_bounded(name) + " referenced",
                             error_kind::syntax);
        }
        const std::size_t target = found->second;
        const std::size_t i = add(node::alias_node, *e, nullptr, nullptr);
        t.nodes[i].value_offset = target;
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const bool seq = e->type == YAML_SEQUENCE_START_EVENT;
        // A sequence at the top is refused whatever follows (kubectl reads a
        // document into an object): at once, not after building it.
        if (seq && t.nodes.empty()) {
          throw decode_error("", at(e->start_mark) + "expected an object at the top level, got an array",
                             error_kind::type);
        }
        if (open.size() + 1 > limits.max_depth) {
          throw decode_error(
              "", at(e->start_mark) + "nesting deeper than " + std::to_string(limits.max_depth) + " levels",
              error_kind::limit);
        }
        // go-yaml keeps no tag on a collection.
        const std::size_t i =
            add(seq ? node::sequence_node : node::mapping_node, *e,
                seq ? e->data.sequence_start.anchor : e->data.mapping_start.anchor, nullptr);
        open.push_back(i);
        break;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        open.pop_back();
        break;
      case YAML_DOCUMENT_END_EVENT:
        return !t.nodes.empty();
      default:
        throw decode_error("", at(e->start_mark) + "unexpected YAML event", error_kind::internal);
    }
  }
}

}  // namespace yaml
}  // namespace detail
}  // namespace trainjob

#endif
