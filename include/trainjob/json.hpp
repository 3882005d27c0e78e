// trainjob: Kubernetes JSON for the API types, lossless, with path-naming errors.
//
//   trainjob::train_job tj = trainjob::decode<trainjob::train_job>(j);  // throws decode_error
//   auto r = trainjob::try_decode<trainjob::train_job>(j);              // never throws
//   if (!r) std::cerr << r.error().to_string() << '\n';
//   nlohmann::json out = trainjob::encode(tj);                          // or nlohmann::json(tj)
//
// Encoding follows the API server: keys as the Go JSON tags, `omitempty`
// fields left out when empty, `message` always written, `observedGeneration`
// left out when 0, times as YYYY-MM-DDTHH:MM:SSZ. Custom resources are served
// as unstructured maps, whose keys the API server writes sorted, which is also
// nlohmann::json's order. Members the library does not model, and modelled
// members whose value would be left out (null, [], {}, "" where omitted, an
// explicit 0), are kept verbatim and written back, so nothing is lost.
#ifndef TRAINJOB_JSON_HPP
#define TRAINJOB_JSON_HPP

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/quote.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/error.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace detail {

/// A JSON path built only when an error needs it: a chain of stack frames.
struct path_node {
  const path_node* parent = nullptr;
  std::string_view key;     // member name, when !is_index
  std::size_t index = 0;    // array index, when is_index
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
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) append_segment(out, **it);
    return out;
  }

 private:
  static bool plain_key(std::string_view k) noexcept {
    if (k.empty()) return false;
    for (char c : k) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '-';
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

[[noreturn]] inline void fail(const path_node& p, std::string message) {
  throw decode_error(p.to_string(), std::move(message));
}

inline std::string type_name(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: {
      // nlohmann reads an integer literal as a double only past 64 bits (it
      // rounds to -2^63 or below, or 2^64 or above); whatever lies within
      // them had a fraction or an exponent.
      const double f = j.get<double>();
      return f <= -0x1p63 || f >= 0x1p64 ? "a number beyond 64 bits" : "a number with a fraction or exponent";
    }
    case nlohmann::json::value_t::binary: return "binary data";
    case nlohmann::json::value_t::discarded: return "nothing";
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
    case nlohmann::json::value_t::string: return quote_bounded(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::boolean:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return j.dump();
    default: return type_name(j);
  }
}

[[noreturn]] inline void fail_type(const path_node& p, const char* expected, const nlohmann::json& got) {
  fail(p, std::string("expected ") + expected + ", got " + type_name(got));
}

// ---- values -----------------------------------------------------------------

inline void decode_value(const nlohmann::json& j, std::string& out, const path_node& p) {
  if (!j.is_string()) fail_type(p, "a string", j);
  out = j.get_ref<const std::string&>();
}

inline void decode_value(const nlohmann::json& j, bool& out, const path_node& p) {
  if (!j.is_boolean()) fail_type(p, "a boolean", j);
  out = j.get<bool>();
}

template <class Int>
void decode_integer(const nlohmann::json& j, Int& out, const path_node& p, const char* what) {
  if (j.is_number_integer() && !j.is_number_unsigned()) {
    const auto v = j.get<std::int64_t>();
    if (v < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
        v > static_cast<std::int64_t>(std::numeric_limits<Int>::max())) {
      fail(p, std::string("expected ") + what + ", got " + show(j) + " (out of range)");
    }
    out = static_cast<Int>(v);
    return;
  }
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) {
      fail(p, std::string("expected ") + what + ", got " + show(j) + " (out of range)");
    }
    out = static_cast<Int>(v);
    return;
  }
  if (j.is_number_float()) {
    // An integer literal past 64 bits arrives as a double, as in Go's
    // unstructured JSON; its digits are gone, and a re-rendered double is not
    // what the input said (1e2 is 100.0), so say what it is, not its value.
    const double f = j.get<double>();
    const bool out_of_range = f < static_cast<double>(std::numeric_limits<Int>::min()) ||
                              f > static_cast<double>(std::numeric_limits<Int>::max()) ||
                              f >= 0x1p63 || f <= -0x1p63;  // where the casts above round
    fail(p, std::string("expected ") + what + ", got " + type_name(j) +
                (out_of_range ? " (out of range)" : ""));
  }
  fail_type(p, what, j);
}

inline void decode_value(const nlohmann::json& j, std::int32_t& out, const path_node& p) {
  decode_integer(j, out, p, "a 32-bit integer");
}
inline void decode_value(const nlohmann::json& j, std::int64_t& out, const path_node& p) {
  decode_integer(j, out, p, "a 64-bit integer");
}

inline void decode_value(const nlohmann::json& j, timestamp& out, const path_node& p) {
  if (!j.is_string()) fail_type(p, "an RFC 3339 time string", j);
  std::string why;
  auto t = timestamp::parse(j.get_ref<const std::string&>(), &why);
  if (!t) fail(p, why + ", got " + show(j));
  out = *t;
}

inline void decode_value(const nlohmann::json& j, condition_status& out, const path_node& p) {
  const auto bad = [&] { fail(p, "expected \"True\", \"False\" or \"Unknown\", got " + show(j)); };
  if (!j.is_string()) bad();
  auto s = condition_status_from_string(j.get_ref<const std::string&>());
  if (!s) bad();
  out = *s;
}

inline void decode_value(const nlohmann::json& j, nlohmann::json& out, const path_node&) { out = j; }

inline void decode_value(const nlohmann::json& j, string_map& out, const path_node& p) {
  if (!j.is_object()) fail_type(p, "an object of strings", j);
  out.clear();
  for (auto it = j.begin(); it != j.end(); ++it) {
    const path_node child = p.member(it.key());
    if (!it.value().is_string()) fail_type(child, "a string", it.value());
    out.emplace_hint(out.end(), it.key(), it.value().get_ref<const std::string&>());
  }
}

template <class T>
void decode_value(const nlohmann::json& j, std::vector<T>& out, const path_node& p);
template <class T>
void decode_value(const nlohmann::json& j, std::optional<T>& out, const path_node& p);
template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
void decode_value(const nlohmann::json& j, T& out, const path_node& p);

template <class T>
void decode_value(const nlohmann::json& j, std::vector<T>& out, const path_node& p) {
  if (!j.is_array()) fail_type(p, "an array", j);
  out.clear();
  out.resize(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) decode_value(j[i], out[i], p.at(i));
}

template <class T>
void decode_value(const nlohmann::json& j, std::optional<T>& out, const path_node& p) {
  T v{};
  decode_value(j, v, p);
  out = std::move(v);
}

// ---- emptiness: what `omitempty` leaves out ----------------------------------

inline bool is_empty(const std::string& v) noexcept { return v.empty(); }
inline bool is_empty(bool v) noexcept { return !v; }
inline bool is_empty(std::int32_t v) noexcept { return v == 0; }
inline bool is_empty(std::int64_t v) noexcept { return v == 0; }
inline bool is_empty(timestamp v) noexcept { return v.is_zero(); }
inline bool is_empty(condition_status) noexcept { return false; }
inline bool is_empty(const nlohmann::json& v) noexcept { return v.is_null(); }
inline bool is_empty(const string_map& v) noexcept { return v.empty(); }
template <class T>
bool is_empty(const std::vector<T>& v) noexcept {
  return v.empty();
}
template <class T>
bool is_empty(const std::optional<T>& v) noexcept {
  return !v.has_value();
}
template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
bool is_empty(const T& v) noexcept {
  bool empty = v.unknown_fields.is_null() || v.unknown_fields.empty();
  for_each_field<T>([&](const auto& d) { empty = empty && is_empty(v.*(d.member)); });
  return empty;
}

// ---- structs -----------------------------------------------------------------

template <class T>
void check_kind(const nlohmann::json& j, const path_node& p) {
  {
    const std::string_view want = object_kind<T>::kind;
    const auto k = j.find("kind");
    if (k != j.end() && !k->is_null()) {
      if (!k->is_string()) fail_type(p.member("kind"), "a string", *k);
      const auto& got = k->get_ref<const std::string&>();
      if (got != want) {
        fail(p.member("kind"), "expected \"" + std::string(want) + "\", got " + show(*k) + ": not a " +
                                   std::string(want));
      }
    }
    const auto v = j.find("apiVersion");
    if (v != j.end() && !v->is_null()) {
      if (!v->is_string()) fail_type(p.member("apiVersion"), "a string", *v);
      const auto& got = v->get_ref<const std::string&>();
      auto in_group = [&got](std::string_view group) {
        return !group.empty() && got.size() > group.size() && got.compare(0, group.size(), group) == 0 &&
               got[group.size()] == '/';
      };
      const std::string_view group = object_kind<T>::group;
      if (!in_group(group) && !in_group(object_kind<T>::legacy_group)) {
        fail(p.member("apiVersion"),
             "expected " + std::string(group) + "/<version> for a " + std::string(want) + ", got " + show(*v));
      }
    }
  }
}

template <class T, std::enable_if_t<is_reflected_v<T>, int>>
void decode_value(const nlohmann::json& j, T& out, const path_node& p) {
  if (!j.is_object()) fail_type(p, "an object", j);
  if constexpr (std::is_base_of_v<training_runtime, T> || std::is_same_v<T, train_job> ||
                std::is_same_v<T, job_set>) {
    check_kind<T>(j, p);
  }
  out = T{};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    bool known = false;
    for_each_field<T>([&](const auto& d) {
      if (known || d.name != key) return;
      known = true;
      if (value.is_null()) {
        if (d.required) fail(p.member(key), "required, got null");
        out.unknown_fields[key] = value;  // a null stays a null
        return;
      }
      auto& member = out.*(d.member);
      decode_value(value, member, p.member(d.name));
      if (d.policy == emit::omit_empty && is_empty(member)) out.unknown_fields[key] = value;
    });
    if (!known) out.unknown_fields[key] = value;
  }
  for_each_field<T>([&](const auto& d) {
    if (d.required && j.find(std::string(d.name)) == j.end()) fail(p.member(d.name), "required field is missing");
  });
}

template <class T>
void encode_value(nlohmann::json& j, const T& v);

inline void encode_value(nlohmann::json& j, const std::string& v) { j = v; }
inline void encode_value(nlohmann::json& j, bool v) { j = v; }
inline void encode_value(nlohmann::json& j, std::int32_t v) { j = v; }
inline void encode_value(nlohmann::json& j, std::int64_t v) { j = v; }
inline void encode_value(nlohmann::json& j, timestamp v) {
  if (v.is_zero()) {
    j = nullptr;  // metav1.Time's zero value
  } else {
    j = v.to_string();
  }
}
inline void encode_value(nlohmann::json& j, condition_status v) { j = std::string(to_string(v)); }
inline void encode_value(nlohmann::json& j, const nlohmann::json& v) { j = v; }
inline void encode_value(nlohmann::json& j, const string_map& v) {
  j = nlohmann::json::object();
  for (const auto& kv : v) j[kv.first] = kv.second;
}
template <class T>
void encode_value(nlohmann::json& j, const std::vector<T>& v) {
  j = nlohmann::json::array();
  for (const auto& e : v) {
    nlohmann::json x;
    encode_value(x, e);
    j.push_back(std::move(x));
  }
}
template <class T>
void encode_value(nlohmann::json& j, const std::optional<T>& v) {
  if (v) {
    encode_value(j, *v);
  } else {
    j = nullptr;
  }
}

template <class T>
void encode_struct(nlohmann::json& j, const T& v) {
  j = v.unknown_fields.is_object() ? v.unknown_fields : nlohmann::json::object();
  for_each_field<T>([&](const auto& d) {
    const auto& member = v.*(d.member);
    if (d.policy == emit::omit_empty && is_empty(member)) return;
    encode_value(j[std::string(d.name)], member);
  });
}

template <class T>
void encode_value(nlohmann::json& j, const T& v) {
  static_assert(is_reflected_v<T>, "no JSON encoding for this type");
  encode_struct(j, v);
}

template <class T>
T decode_root(const nlohmann::json& j) {
  T out{};
  const path_node root{};
  decode_value(j, out, root);
  return out;
}

}  // namespace detail

// ---- ADL hooks, so j.get<train_job>() and json(tj) work -------------------------

template <class T, std::enable_if_t<detail::is_reflected_v<T>, int> = 0>
void to_json(nlohmann::json& j, const T& v) {
  detail::encode_struct(j, v);
}
template <class T, std::enable_if_t<detail::is_reflected_v<T>, int> = 0>
void from_json(const nlohmann::json& j, T& v) {
  v = detail::decode_root<T>(j);
}
inline void to_json(nlohmann::json& j, condition_status s) { detail::encode_value(j, s); }
inline void from_json(const nlohmann::json& j, condition_status& s) {
  detail::decode_value(j, s, detail::path_node{});
}
inline void to_json(nlohmann::json& j, timestamp t) { detail::encode_value(j, t); }
inline void from_json(const nlohmann::json& j, timestamp& t) {
  detail::decode_value(j, t, detail::path_node{});
}

// ---- the public codec -----------------------------------------------------------

/// Decodes an API object or any part of one; throws decode_error naming the
/// JSON path and what was expected. For the top-level kinds (TrainJob,
/// TrainingRuntime, ClusterTrainingRuntime, JobSet) a present `kind` or
/// `apiVersion` must match.
template <class T>
T decode(const nlohmann::json& j) {
  return detail::decode_root<T>(j);
}

/// As `decode`, never throws: the error comes back in the result.
template <class T>
result<T> try_decode(const nlohmann::json& j) noexcept {
  return detail::capture<T>([&] { return detail::decode_root<T>(j); });
}

/// The JSON the API server would serve for `v`.
template <class T>
nlohmann::json encode(const T& v) {
  nlohmann::json j;
  detail::encode_struct(j, v);
  return j;
}

/// Serialises as the API server does (no escaping of '/', UTF-8 kept); never
/// throws on invalid UTF-8 in strings a caller built, which is replaced.
inline std::string dump(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Limits for `parse_json`; the defaults suit any real Kubernetes object.
struct parse_limits {
  std::size_t max_depth = 1000;             // nesting of arrays and objects
  std::size_t max_bytes = 256u << 20;       // input size
  /// The memory the parsed tree may take, estimated before anything is
  /// allocated: memory_floor + memory_per_input_byte × the input size. Real
  /// manifests take 4 to 8 bytes per input byte; `[[],[],...]` would take 30.
  std::size_t memory_floor = 64u << 20;
  std::size_t memory_per_input_byte = 24;
};

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
      error_ = {path_to_pending(), "duplicate key " + quote_bounded(*duplicate_)};
      return false;
    }
    member_ = &r.first.value();
    return true;
  }
  bool parse_error(std::size_t, const std::string& token, const json::exception& e) {
    if (e.id == 406) {
      // A number beyond a double (1e400): valid JSON, out of range, and
      // nlohmann gives no position for it, so name its path.
      error_ = {path_to_pending(), "expected a number, got " + cut_bounded(token) + " (out of range)"};
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
    error_ = {"", "invalid JSON: " + what};
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

/// Takes a JSON tree apart without allocating, as nlohmann's destructor does
/// not: it flattens children onto a heap stack, so after a std::bad_alloc
/// freeing a large tree would throw again inside a noexcept destructor and
/// end the process. Leaves go first, so every container is empty when it is
/// destroyed; `path` (capacity at least the tree's depth + 1) is the only
/// stack, reserved by the caller.
inline void dismantle(nlohmann::json& root, std::vector<nlohmann::json*>& path) noexcept {
  if (!root.is_structured() || root.empty()) return;
  path.clear();
  path.push_back(&root);  // within the reserved capacity: no allocation
  while (!path.empty()) {
    nlohmann::json& top = *path.back();
    if (top.empty()) {
      path.pop_back();
      continue;
    }
    nlohmann::json& last = top.is_array() ? top.back() : top.get_ref<nlohmann::json::object_t&>().rbegin()->second;
    if (last.is_structured() && !last.empty() && path.size() < path.capacity()) {
      path.push_back(&last);
      continue;
    }
    // A leaf or an empty container (or, past the reserved depth, which the
    // parser's depth check rules out, whatever nlohmann does).
    if (top.is_array()) {
      top.get_ref<nlohmann::json::array_t&>().pop_back();
    } else {
      auto& members = top.get_ref<nlohmann::json::object_t&>();
      members.erase(std::prev(members.end()));
    }
  }
}

/// A parsed tree that is taken apart by dismantle() when it goes, so that
/// freeing it while memory is exhausted (unwinding a std::bad_alloc) cannot
/// end the process. Holders of a large tree from parse_json use it.
class owned_json {
 public:
  /// Reserves the stack first: when that fails, `j` is still the caller's.
  explicit owned_json(nlohmann::json&& j, std::size_t max_depth = parse_limits{}.max_depth) {
    path_.reserve(max_depth + 2);
    j_ = std::move(j);
  }
  owned_json(const owned_json&) = delete;
  owned_json& operator=(const owned_json&) = delete;
  ~owned_json() { dismantle(j_, path_); }

  const nlohmann::json& get() const noexcept { return j_; }
  nlohmann::json& get() noexcept { return j_; }

 private:
  std::vector<nlohmann::json*> path_;
  nlohmann::json j_;
};

}  // namespace detail

/// Parses JSON text (RFC 8259, UTF-8) with bounded depth and size. Errors name
/// the line and column, or the path: a key given twice in one object is an
/// error at that member's path (`metadata.name: duplicate key "name"`), as is
/// a number too large for a double. Never throws.
inline result<nlohmann::json> parse_json(std::string_view text, parse_limits limits = {}) noexcept {
  return detail::capture<nlohmann::json>([&]() -> nlohmann::json {
    if (text.size() > limits.max_bytes) {
      throw decode_error("", "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                                 std::to_string(limits.max_bytes));
    }
    // nlohmann skips a UTF-8 byte order mark; RFC 8259 forbids sending one and
    // the API server's decoder refuses it, so a "valid" answer here would lie.
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      throw decode_error("",
                         "invalid JSON: starts with a byte order mark (U+FEFF); "
                         "JSON text is UTF-8 without one");
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
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
          const std::size_t length = i - string_start - 1;
          if (length > 15) estimate.string_heap += length + 24;
          // A key lives in its member's node; only a value is a string of its own.
          std::size_t j = i + 1;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) ++j;
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
          throw decode_error("", "nesting deeper than " + std::to_string(limits.max_depth) + " levels at line " +
                                     std::to_string(line));
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
      // nlohmann's lexer takes a NUL byte for the end of input, which would
      // accept "{}\0garbage"; JSON text never holds a raw NUL.
      if (c == '\0') {
        throw decode_error("", "invalid JSON: a NUL byte at offset " + std::to_string(i) + " (line " +
                                   std::to_string(line) + ")");
      }
    }
    std::size_t budget = 0;
    if (__builtin_mul_overflow(text.size(), limits.memory_per_input_byte, &budget) ||
        __builtin_add_overflow(budget, limits.memory_floor, &budget)) {
      budget = SIZE_MAX;
    }
    if (estimate.bytes() > budget) {
      const std::string rule = limits.memory_per_input_byte == 0
                                   ? std::string()
                                   : " (" + std::to_string(limits.memory_floor >> 20) + " MiB + " +
                                         std::to_string(limits.memory_per_input_byte) + " bytes per input byte)";
      throw decode_error("", "input would take about " + std::to_string(estimate.bytes() >> 20) +
                                 " MiB as a JSON tree, over the budget of " + std::to_string(budget >> 20) + " MiB" +
                                 rule + ": too many small values");
    }
    // The only stack dismantle() needs, reserved before the tree exists.
    std::vector<nlohmann::json*> path;
    path.reserve(limits.max_depth + 2);
    nlohmann::json out;
    try {
      detail::dom_builder builder(out);
      if (!nlohmann::json::sax_parse(text.begin(), text.end(), &builder)) {
        throw decode_error(builder.error().path, builder.error().message);
      }
    } catch (...) {
      detail::dismantle(out, path);  // the half-built tree goes without allocating
      throw;
    }
    return out;
  });
}

/// Parses and decodes in one step; never throws.
template <class T>
result<T> try_decode_text(std::string_view text, parse_limits limits = {}) noexcept {
  auto j = parse_json(text, limits);
  if (!j) return result<T>(j.error());
  return try_decode<T>(*j);
}

}  // namespace trainjob

#endif
