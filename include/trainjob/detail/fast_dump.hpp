// trainjob internals: writes a reconcile_result as the exact bytes of
// `dump(nlohmann::json(result))`, without building the JSON value, for batch
// mode (trainjob/batch.hpp).
//
// That form is compact with keys sorted (nlohmann's std::map), strings
// escaped as nlohmann escapes them (\" \\ \b \f \n \r \t, other control
// characters as \u00xx, everything else raw). Whatever this writer does not
// handle it declines (returns false) and the caller dumps the JSON value:
// unknown members anywhere in the status, a trainerStatus, or a string that
// is not valid UTF-8 (which dump replaces).
//
// The status is written from the `fields<T>` tables, as `encode` writes it:
// the same JSON names, sorted at compile time, and the same `omitempty` rule
// (json.hpp's is_empty), so a member added to a table reaches the output; a
// member of a type this writer does not know is a compile error.
#ifndef TRAINJOB_DETAIL_FAST_DUMP_HPP
#define TRAINJOB_DETAIL_FAST_DUMP_HPP

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/detail/utf8.hpp"
#include "trainjob/json.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace detail {

/// Appends `s` as a JSON string; false if it is not valid UTF-8.
inline bool fast_write_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  const auto* run = p;
  const auto flush = [&](const unsigned char* to) {
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(to - run));
  };
  while (p < end) {
    const unsigned c = *p;
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(p, end);
      if (n == 0) return false;
      p += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    flush(p);
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\f':
        out += 'f';
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
        break;
    }
    run = ++p;
  }
  flush(end);
  out += '"';
  return true;
}

template <class Int>
void fast_write_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

/// timestamp::to_string, quoted, without the temporary string.
inline void fast_write_time(std::string& out, timestamp t) {
  char buf[22];
  buf[0] = '"';
  format_rfc3339(t.unix_seconds(), buf + 1);
  buf[21] = '"';
  out.append(buf, sizeof buf);
}

template <class>
inline constexpr bool fast_unsupported = false;
template <class>
struct fast_is_optional : std::false_type {};
template <class T>
struct fast_is_optional<std::optional<T>> : std::true_type {};
template <class>
struct fast_is_vector : std::false_type {};
template <class T>
struct fast_is_vector<std::vector<T>> : std::true_type {};

template <class T>
inline constexpr std::size_t fast_field_count = std::tuple_size_v<std::decay_t<decltype(fields<T>::value)>>;

template <class T, std::size_t... I>
constexpr std::array<std::string_view, sizeof...(I)> fast_field_names(std::index_sequence<I...>) {
  return {{std::get<I>(fields<T>::value).name...}};
}

/// A struct's fields as nlohmann orders its keys: the indices into
/// `fields<T>::value`, sorted by JSON name (bytes, as std::string compares).
template <class T>
constexpr std::array<std::size_t, fast_field_count<T>> fast_sorted_fields() {
  constexpr std::size_t n = fast_field_count<T>;
  constexpr std::array<std::string_view, n> name = fast_field_names<T>(std::make_index_sequence<n>{});
  std::array<std::size_t, n> order{};
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = 1; i < n; ++i) {  // insertion sort: a handful of fields
    for (std::size_t j = i; j > 0 && name[order[j]] < name[order[j - 1]]; --j) {
      const std::size_t t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  }
  return order;
}
template <class T>
inline constexpr std::array<std::size_t, fast_field_count<T>> fast_field_order = fast_sorted_fields<T>();

/// No two fields of T share a JSON name (nlohmann's object would keep one).
template <class T>
constexpr bool fast_names_distinct() {
  constexpr std::size_t n = fast_field_count<T>;
  constexpr std::array<std::string_view, n> name = fast_field_names<T>(std::make_index_sequence<n>{});
  for (std::size_t i = 1; i < n; ++i) {
    if (!(name[fast_field_order<T>[i - 1]] < name[fast_field_order<T>[i]])) return false;
  }
  return true;
}

/// `,"name":` for field I of T, built once at compile time.
template <class T, std::size_t I>
struct fast_key {
  static constexpr std::string_view name = std::get<I>(fields<T>::value).name;
  static constexpr std::array<char, name.size() + 4> text = [] {
    std::array<char, name.size() + 4> a{};
    a[0] = ',';
    a[1] = '"';
    for (std::size_t i = 0; i < name.size(); ++i) a[i + 2] = name[i];
    a[name.size() + 2] = '"';
    a[name.size() + 3] = ':';
    return a;
  }();
};

template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
bool fast_write(std::string& out, const T& v);

/// One member's value, as encode_value writes it (an unset time or optional
/// as null); false when the caller must dump instead.
template <class V>
bool fast_write_value(std::string& out, const V& v) {
  if constexpr (std::is_same_v<V, std::string>) {
    return fast_write_string(out, v);
  } else if constexpr (std::is_same_v<V, std::int32_t> || std::is_same_v<V, std::int64_t>) {
    fast_write_int(out, v);
    return true;
  } else if constexpr (std::is_same_v<V, condition_status>) {
    out += '"';
    out += to_string(v);
    out += '"';
    return true;
  } else if constexpr (std::is_same_v<V, timestamp>) {
    if (v.is_zero()) {
      out += "null";
    } else {
      fast_write_time(out, v);
    }
    return true;
  } else if constexpr (std::is_same_v<V, nlohmann::json>) {
    if (!v.is_null()) return false;  // rare (trainerStatus): nlohmann writes it
    out += "null";
    return true;
  } else if constexpr (fast_is_optional<V>::value) {
    if (!v) {
      out += "null";
      return true;
    }
    return fast_write_value(out, *v);
  } else if constexpr (fast_is_vector<V>::value) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out += ',';
      if (!fast_write_value(out, v[i])) return false;
    }
    out += ']';
    return true;
  } else if constexpr (is_reflected_v<V>) {
    return fast_write(out, v);
  } else {
    static_assert(fast_unsupported<V>,
                  "fast_dump: no writer for this member type; add one that writes what encode_value does");
    return false;
  }
}

/// Field I of T, unless `omitempty` leaves it out (encode_struct's rule).
template <class T, std::size_t I>
bool fast_write_field(std::string& out, const T& v, bool& first) {
  constexpr auto d = std::get<I>(fields<T>::value);
  const auto& member = v.*(d.member);
  if constexpr (d.policy == emit::omit_empty) {
    if (is_empty(member)) return true;
  }
  const auto& key = fast_key<T, I>::text;
  const std::size_t skip = first ? 1 : 0;  // no comma before the first key
  out.append(key.data() + skip, key.size() - skip);
  first = false;
  return fast_write_value(out, member);
}

template <class T, std::size_t... K>
bool fast_write_fields(std::string& out, const T& v, std::index_sequence<K...>) {
  bool first = true;
  return (fast_write_field<T, fast_field_order<T>[K]>(out, v, first) && ...);
}

/// An API struct as `dump(encode(v))`; false when it has unknown members.
template <class T, std::enable_if_t<is_reflected_v<T>, int>>
bool fast_write(std::string& out, const T& v) {
  static_assert(fast_names_distinct<T>(), "fast_dump: two fields of one table share a JSON name");
  if (!no_unknown(v.unknown_fields)) return false;
  out += '{';
  if (!fast_write_fields(out, v, std::make_index_sequence<fast_field_count<T>>{})) return false;
  out += '}';
  return true;
}

/// Appends `dump(nlohmann::json(r))`; false (with `out` partly written) when
/// it cannot, and the caller must truncate and dump. reconcile_result and
/// event have no field table: their keys are those of to_json in
/// reconcile.hpp, sorted; tests/test_fast_dump.cpp holds the two together.
inline bool fast_write(std::string& out, const reconcile_result& r) {
  if (!r.rejected.empty()) return false;  // rare: nlohmann writes it
  const auto flag = [&](const char* key, bool v) {
    out += key;
    out += v ? "true" : "false";
  };
  flag("{\"applyObjects\":", r.apply_objects);
  flag(",\"changed\":", r.changed);
  flag(",\"deleteJobSet\":", r.delete_job_set);
  out += ",\"errors\":[";
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    if (i != 0) out += ',';
    if (!fast_write_string(out, r.errors[i])) return false;
  }
  out += "],\"events\":[";
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const event& e = r.events[i];
    // Keys sorted, as nlohmann writes them; action and refused only when set.
    out += i != 0 ? ",{" : "{";
    if (!e.action.empty()) {
      out += "\"action\":";
      if (!fast_write_string(out, e.action)) return false;
      out += ',';
    }
    out += "\"message\":";
    if (!fast_write_string(out, e.message)) return false;
    out += ",\"reason\":";
    if (!fast_write_string(out, e.reason)) return false;
    if (e.refused) {
      out += ",\"refused\":";
      if (!fast_write_string(out, *e.refused)) return false;
    }
    out += ",\"type\":";
    if (!fast_write_string(out, e.type)) return false;
    out += '}';
  }
  out += "],\"requeueAfterSeconds\":";
  if (r.requeue_after_seconds) {
    fast_write_int(out, *r.requeue_after_seconds);
  } else {
    out += "null";
  }
  flag(",\"skipped\":", r.skipped);
  out += ",\"status\":";
  if (!fast_write(out, r.status)) return false;
  out += '}';
  return true;
}

}  // namespace detail
}  // namespace trainjob

#endif
