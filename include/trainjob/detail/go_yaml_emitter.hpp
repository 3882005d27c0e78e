// trainjob internals: the YAML emitter of go-yaml v2 (goyaml.v2/emitterc.go in
// sigs.k8s.io/yaml v1.4, itself a port of libyaml's emitter.c), ported for the
// events the writer sends: one implicit document of block mappings and
// sequences (flow only when empty) and untagged scalars. It decides a
// scalar's final style, indentation and the folding of long lines at 80
// columns exactly as kubectl's -o yaml does. docs/yaml.md, "Writing YAML".
#ifndef TRAINJOB_DETAIL_GO_YAML_EMITTER_HPP
#define TRAINJOB_DETAIL_GO_YAML_EMITTER_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trainjob {
namespace detail {

enum class yaml_scalar_style : unsigned char { plain, single_quoted, double_quoted, literal };

enum class yaml_event_type : unsigned char {
  stream_start,
  document_start,
  document_end,
  stream_end,
  scalar,
  sequence_start,
  sequence_end,
  mapping_start,
  mapping_end,
};

struct yaml_event {
  yaml_event_type type;
  std::string_view value;                              // scalar
  yaml_scalar_style style = yaml_scalar_style::plain;  // scalar: the style asked for
  bool empty = false;  // sequence_start/mapping_start: the next event ends it (written in flow style)
};

/// The emitter. Every byte it reads is valid UTF-8 (the writer makes sure).
class go_yaml_emitter {
 public:
  explicit go_yaml_emitter(std::string& out) : out_(out) {}

  void emit(const yaml_event& e) {
    if (e.type == yaml_event_type::scalar) analyze_scalar(e.value);
    state_machine(e);
  }

 private:
  enum class st : unsigned char {
    stream_start,
    first_document_start,
    document_start,
    document_content,
    document_end,
    flow_sequence_first_item,
    flow_sequence_item,
    flow_mapping_first_key,
    flow_mapping_key,
    flow_mapping_simple_value,
    flow_mapping_value,
    block_sequence_first_item,
    block_sequence_item,
    block_mapping_first_key,
    block_mapping_key,
    block_mapping_simple_value,
    block_mapping_value,
    end,
  };

  static constexpr std::int64_t best_indent = 2;
  static constexpr std::int64_t best_width = 80;

  std::string& out_;
  st state_ = st::stream_start;
  std::vector<st> states_;
  std::vector<std::int64_t> indents_;
  std::int64_t indent_ = -1;
  std::int64_t column_ = 0;
  std::int64_t flow_level_ = 0;
  bool whitespace_ = true, indention_ = true;
  // go-yaml also tracks the root and sequence contexts and "open ended"
  // (for a "..." the encoder never lets it write): nothing here reads them.
  bool mapping_context_ = false, simple_key_context_ = false;

  struct {
    std::string_view value;
    bool multiline = false, flow_plain_allowed = false, block_plain_allowed = false;
    bool single_quoted_allowed = false, block_allowed = false;
    yaml_scalar_style style = yaml_scalar_style::plain;
  } scalar_;

  // --- bytes (yamlprivateh.go); out-of-range reads give 0, as C's NUL would.
  unsigned char at(std::string_view v, std::size_t i) const noexcept {
    return i < v.size() ? static_cast<unsigned char>(v[i]) : 0;
  }
  static std::size_t width(unsigned char b) noexcept {
    if ((b & 0x80) == 0x00) return 1;
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 3;
    if ((b & 0xF8) == 0xF0) return 4;
    return 1;  // never in valid UTF-8; go-yaml would loop, we step on
  }
  bool is_printable(std::string_view v, std::size_t i) const noexcept {
    const unsigned char b = at(v, i), b1 = at(v, i + 1), b2 = at(v, i + 2);
    return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) || (b > 0xC2 && b < 0xED) ||
           (b == 0xED && b1 < 0xA0) || b == 0xEE ||
           (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
  }
  bool is_space(std::string_view v, std::size_t i) const noexcept { return at(v, i) == ' '; }
  bool is_blank(std::string_view v, std::size_t i) const noexcept {
    return at(v, i) == ' ' || at(v, i) == '\t';
  }
  bool is_break(std::string_view v, std::size_t i) const noexcept {
    const unsigned char b = at(v, i), b1 = at(v, i + 1), b2 = at(v, i + 2);
    return b == '\r' || b == '\n' || (b == 0xC2 && b1 == 0x85) ||
           (b == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9));
  }
  bool is_blankz(std::string_view v, std::size_t i) const noexcept {
    return is_blank(v, i) || is_break(v, i) || i >= v.size() || at(v, i) == 0;
  }
  // go-yaml's is_bom looks at the value's first bytes whatever i is: a value
  // that starts with a BOM has every character escaped when double-quoted.
  bool is_bom(std::string_view v) const noexcept {
    return at(v, 0) == 0xEF && at(v, 1) == 0xBB && at(v, 2) == 0xBF;
  }

  // --- output (emitterc.go: put, put_break, write, write_break)
  void put(char c) {
    out_ += c;
    ++column_;
  }
  void put_break() {
    out_ += '\n';
    column_ = 0;
  }
  void write(std::string_view v, std::size_t& i) {
    const std::size_t w = width(at(v, i));
    out_.append(v.data() + i, w <= v.size() - i ? w : v.size() - i);
    ++column_;
    i += w;
  }
  void write_all(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) write(s, i);
  }
  void write_break(std::string_view v, std::size_t& i) {
    if (v[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(v, i);
      column_ = 0;
    }
  }

  void increase_indent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? best_indent : 0;
    } else if (!indentless) {
      indent_ += best_indent;
    }
  }
  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }
  void pop_state() {
    state_ = states_.back();
    states_.pop_back();
  }

  void write_indent() {
    const std::int64_t indent = indent_ < 0 ? 0 : indent_;
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }
  void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                       bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    write_all(indicator);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  // --- the state machine
  void state_machine(const yaml_event& e) {
    switch (state_) {
      case st::stream_start:
        indent_ = -1;
        column_ = 0;
        whitespace_ = true;
        indention_ = true;
        state_ = st::first_document_start;
        return;
      case st::first_document_start:
      case st::document_start:
        if (e.type == yaml_event_type::document_start) {
          // go-yaml's documents are implicit: "---" only before a second one.
          if (state_ != st::first_document_start) {
            write_indent();
            write_indicator("---", true, false, false);
          }
          state_ = st::document_content;
        } else {  // stream_end; the encoder clears open_ended first, so no "..."
          state_ = st::end;
        }
        return;
      case st::document_content:
        states_.push_back(st::document_end);
        return emit_node(e, true, false, false, false);
      case st::document_end:
        write_indent();
        state_ = st::document_start;
        return;
      case st::flow_sequence_first_item:
        return flow_sequence_item(e, true);
      case st::flow_sequence_item:
        return flow_sequence_item(e, false);
      case st::flow_mapping_first_key:
        return flow_mapping_key(e, true);
      case st::flow_mapping_key:
        return flow_mapping_key(e, false);
      case st::flow_mapping_simple_value:
        return flow_mapping_value(e, true);
      case st::flow_mapping_value:
        return flow_mapping_value(e, false);
      case st::block_sequence_first_item:
        return block_sequence_item(e, true);
      case st::block_sequence_item:
        return block_sequence_item(e, false);
      case st::block_mapping_first_key:
        return block_mapping_key(e, true);
      case st::block_mapping_key:
        return block_mapping_key(e, false);
      case st::block_mapping_simple_value:
        return block_mapping_value(e, true);
      case st::block_mapping_value:
        return block_mapping_value(e, false);
      case st::end:
        return;
    }
  }

  void flow_sequence_item(const yaml_event& e, bool first) {
    if (first) {
      write_indicator("[", true, true, false);
      increase_indent(true, false);
      ++flow_level_;
    }
    if (e.type == yaml_event_type::sequence_end) {
      --flow_level_;
      pop_indent();
      write_indicator("]", false, false, false);
      return pop_state();
    }
    if (!first) write_indicator(",", false, false, false);
    if (column_ > best_width) write_indent();
    states_.push_back(st::flow_sequence_item);
    emit_node(e, false, true, false, false);
  }

  void flow_mapping_key(const yaml_event& e, bool first) {
    if (first) {
      write_indicator("{", true, true, false);
      increase_indent(true, false);
      ++flow_level_;
    }
    if (e.type == yaml_event_type::mapping_end) {
      --flow_level_;
      pop_indent();
      write_indicator("}", false, false, false);
      return pop_state();
    }
    if (!first) write_indicator(",", false, false, false);
    if (column_ > best_width) write_indent();
    if (check_simple_key(e)) {
      states_.push_back(st::flow_mapping_simple_value);
      return emit_node(e, false, false, true, true);
    }
    write_indicator("?", true, false, false);
    states_.push_back(st::flow_mapping_value);
    emit_node(e, false, false, true, false);
  }

  void flow_mapping_value(const yaml_event& e, bool simple) {
    if (simple) {
      write_indicator(":", false, false, false);
    } else {
      if (column_ > best_width) write_indent();
      write_indicator(":", true, false, false);
    }
    states_.push_back(st::flow_mapping_key);
    emit_node(e, false, false, true, false);
  }

  void block_sequence_item(const yaml_event& e, bool first) {
    if (first) increase_indent(false, mapping_context_ && !indention_);
    if (e.type == yaml_event_type::sequence_end) {
      pop_indent();
      return pop_state();
    }
    write_indent();
    write_indicator("-", true, false, true);
    states_.push_back(st::block_sequence_item);
    emit_node(e, false, true, false, false);
  }

  void block_mapping_key(const yaml_event& e, bool first) {
    if (first) increase_indent(false, false);
    if (e.type == yaml_event_type::mapping_end) {
      pop_indent();
      return pop_state();
    }
    write_indent();
    if (check_simple_key(e)) {
      states_.push_back(st::block_mapping_simple_value);
      return emit_node(e, false, false, true, true);
    }
    write_indicator("?", true, false, true);
    states_.push_back(st::block_mapping_value);
    emit_node(e, false, false, true, false);
  }

  void block_mapping_value(const yaml_event& e, bool simple) {
    if (simple) {
      write_indicator(":", false, false, false);
    } else {
      write_indent();
      write_indicator(":", true, false, true);
    }
    states_.push_back(st::block_mapping_key);
    emit_node(e, false, false, true, false);
  }

  void emit_node(const yaml_event& e, bool /*root*/, bool /*sequence*/, bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    switch (e.type) {
      case yaml_event_type::scalar:
        return emit_scalar(e);
      case yaml_event_type::sequence_start:
        state_ = flow_level_ > 0 || e.empty ? st::flow_sequence_first_item : st::block_sequence_first_item;
        return;
      case yaml_event_type::mapping_start:
        state_ = flow_level_ > 0 || e.empty ? st::flow_mapping_first_key : st::block_mapping_first_key;
        return;
      default:
        return;  // the writer sends no other event here
    }
  }

  bool check_simple_key(const yaml_event& e) const noexcept {
    switch (e.type) {
      case yaml_event_type::scalar:
        return !scalar_.multiline && scalar_.value.size() <= 128;
      case yaml_event_type::sequence_start:
      case yaml_event_type::mapping_start:
        return e.empty;
      default:
        return false;
    }
  }

  void emit_scalar(const yaml_event& e) {
    select_scalar_style(e);
    increase_indent(true, false);
    switch (scalar_.style) {
      case yaml_scalar_style::plain:
        write_plain(scalar_.value, !simple_key_context_);
        break;
      case yaml_scalar_style::single_quoted:
        write_single_quoted(scalar_.value, !simple_key_context_);
        break;
      case yaml_scalar_style::double_quoted:
        write_double_quoted(scalar_.value, !simple_key_context_);
        break;
      case yaml_scalar_style::literal:
        write_literal(scalar_.value);
        break;
    }
    pop_indent();
    pop_state();
  }

  void select_scalar_style(const yaml_event& e) {
    yaml_scalar_style style = e.style;
    if (simple_key_context_ && scalar_.multiline) style = yaml_scalar_style::double_quoted;
    if (style == yaml_scalar_style::plain) {
      if ((flow_level_ > 0 && !scalar_.flow_plain_allowed) ||
          (flow_level_ == 0 && !scalar_.block_plain_allowed)) {
        style = yaml_scalar_style::single_quoted;
      }
      if (scalar_.value.empty() && (flow_level_ > 0 || simple_key_context_))
        style = yaml_scalar_style::single_quoted;
    }
    if (style == yaml_scalar_style::single_quoted && !scalar_.single_quoted_allowed) {
      style = yaml_scalar_style::double_quoted;
    }
    if (style == yaml_scalar_style::literal &&
        (!scalar_.block_allowed || flow_level_ > 0 || simple_key_context_)) {
      style = yaml_scalar_style::double_quoted;
    }
    scalar_.style = style;
  }

  void analyze_scalar(std::string_view v) {
    scalar_.value = v;
    if (v.empty()) {
      scalar_.multiline = false;
      scalar_.flow_plain_allowed = false;
      scalar_.block_plain_allowed = true;
      scalar_.single_quoted_allowed = true;
      scalar_.block_allowed = false;
      return;
    }
    bool block_indicators = false, flow_indicators = false, line_breaks = false, special_characters = false;
    bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false;
    bool previous_space = false, previous_break = false;
    if (v.size() >= 3 && (v.substr(0, 3) == "---" || v.substr(0, 3) == "...")) {
      block_indicators = true;
      flow_indicators = true;
    }
    bool preceded_by_whitespace = true;
    for (std::size_t i = 0, w = 0; i < v.size(); i += w) {
      w = width(at(v, i));
      const bool followed_by_whitespace = i + w >= v.size() || is_blank(v, i + w);
      const unsigned char c = at(v, i);
      if (i == 0) {
        switch (c) {
          case '#':
          case ',':
          case '[':
          case ']':
          case '{':
          case '}':
          case '&':
          case '*':
          case '!':
          case '|':
          case '>':
          case '\'':
          case '"':
          case '%':
          case '@':
          case '`':
            flow_indicators = true;
            block_indicators = true;
            break;
          case '?':
          case ':':
            flow_indicators = true;
            if (followed_by_whitespace) block_indicators = true;
            break;
          case '-':
            if (followed_by_whitespace) {
              flow_indicators = true;
              block_indicators = true;
            }
            break;
          default:
            break;
        }
      } else {
        switch (c) {
          case ',':
          case '?':
          case '[':
          case ']':
          case '{':
          case '}':
            flow_indicators = true;
            break;
          case ':':
            flow_indicators = true;
            if (followed_by_whitespace) block_indicators = true;
            break;
          case '#':
            if (preceded_by_whitespace) {
              flow_indicators = true;
              block_indicators = true;
            }
            break;
          default:
            break;
        }
      }
      if (!is_printable(v, i)) special_characters = true;  // unicode output: non-ASCII printable is fine
      if (is_space(v, i)) {
        if (i == 0) leading_space = true;
        if (i + w == v.size()) trailing_space = true;
        if (previous_break) break_space = true;
        previous_space = true;
        previous_break = false;
      } else if (is_break(v, i)) {
        line_breaks = true;
        if (i == 0) leading_break = true;
        if (i + w == v.size()) trailing_break = true;
        if (previous_space) space_break = true;
        previous_space = false;
        previous_break = true;
      } else {
        previous_space = false;
        previous_break = false;
      }
      preceded_by_whitespace = is_blankz(v, i);
    }
    scalar_.multiline = line_breaks;
    scalar_.flow_plain_allowed = true;
    scalar_.block_plain_allowed = true;
    scalar_.single_quoted_allowed = true;
    scalar_.block_allowed = true;
    if (leading_space || leading_break || trailing_space || trailing_break) {
      scalar_.flow_plain_allowed = false;
      scalar_.block_plain_allowed = false;
    }
    if (trailing_space) scalar_.block_allowed = false;
    if (break_space) {
      scalar_.flow_plain_allowed = false;
      scalar_.block_plain_allowed = false;
      scalar_.single_quoted_allowed = false;
    }
    if (space_break || special_characters) {
      scalar_.flow_plain_allowed = false;
      scalar_.block_plain_allowed = false;
      scalar_.single_quoted_allowed = false;
      scalar_.block_allowed = false;
    }
    if (line_breaks) {
      scalar_.flow_plain_allowed = false;
      scalar_.block_plain_allowed = false;
    }
    if (flow_indicators) scalar_.flow_plain_allowed = false;
    if (block_indicators) scalar_.block_plain_allowed = false;
  }

  // --- the scalar writers
  void write_plain(std::string_view v, bool allow_breaks) {
    if (!whitespace_) put(' ');
    bool spaces = false, breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width && !is_space(v, i + 1)) {
          write_indent();
          i += width(at(v, i));
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void write_single_quoted(std::string_view v, bool allow_breaks) {
    write_indicator("'", true, false, false);
    bool spaces = false, breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width && i > 0 && i < v.size() - 1 &&
            !is_space(v, i + 1)) {
          write_indent();
          i += width(at(v, i));
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_double_quoted(std::string_view v, bool allow_breaks) {
    bool spaces = false;
    write_indicator("\"", true, false, false);
    const bool bom = is_bom(v);
    for (std::size_t i = 0; i < v.size();) {
      const unsigned char octet = at(v, i);
      if (!is_printable(v, i) || bom || is_break(v, i) || octet == '"' || octet == '\\') {
        std::size_t w = width(octet);
        char32_t c = octet & (w == 1 ? 0x7F : w == 2 ? 0x1F : w == 3 ? 0x0F : 0x07);
        for (std::size_t k = 1; k < w; ++k) c = (c << 6) + (at(v, i + k) & 0x3F);
        i += w;
        put('\\');
        switch (c) {
          case 0x00:
            put('0');
            break;
          case 0x07:
            put('a');
            break;
          case 0x08:
            put('b');
            break;
          case 0x09:
            put('t');
            break;
          case 0x0A:
            put('n');
            break;
          case 0x0B:
            put('v');
            break;
          case 0x0C:
            put('f');
            break;
          case 0x0D:
            put('r');
            break;
          case 0x1B:
            put('e');
            break;
          case 0x22:
            put('"');
            break;
          case 0x5C:
            put('\\');
            break;
          case 0x85:
            put('N');
            break;
          case 0xA0:
            put('_');
            break;
          case 0x2028:
            put('L');
            break;
          case 0x2029:
            put('P');
            break;
          default: {
            int digits;
            if (c <= 0xFF) {
              put('x');
              digits = 2;
            } else if (c <= 0xFFFF) {
              put('u');
              digits = 4;
            } else {
              put('U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
              const unsigned d = (c >> k) & 0x0F;
              put(static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
            }
          }
        }
        spaces = false;
      } else if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > best_width && i > 0 && i < v.size() - 1) {
          write_indent();
          if (is_space(v, i + 1)) put('\\');
          i += width(at(v, i));
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_block_scalar_hints(std::string_view v) {
    if (is_space(v, 0) || is_break(v, 0)) {
      const char hint[1] = {static_cast<char>('0' + best_indent)};
      write_indicator(std::string_view(hint, 1), false, false, false);
    }
    char chomp = 0;
    if (v.empty()) {
      chomp = '-';
    } else {
      std::size_t i = v.size() - 1;
      while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
      if (!is_break(v, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        --i;
        while (i > 0 && (at(v, i) & 0xC0) == 0x80) --i;
        if (is_break(v, i)) {
          chomp = '+';
        }
      }
    }
    if (chomp != 0) write_indicator(std::string_view(&chomp, 1), false, false, false);
  }

  void write_literal(std::string_view v) {
    write_indicator("|", true, false, false);
    write_block_scalar_hints(v);
    put_break();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (std::size_t i = 0; i < v.size();) {
      if (is_break(v, i)) {
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }
};

}  // namespace detail
}  // namespace trainjob

#endif
