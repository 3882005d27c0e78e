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
//
// From text: parse_json (trainjob/parse.hpp, included here), or
// try_decode_text to parse and decode in one step.
#ifndef TRAINJOB_JSON_HPP
#define TRAINJOB_JSON_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/json_path.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/detail/tree.hpp"
#include "trainjob/error.hpp"
#include "trainjob/parse.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace detail {

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
      fail(p, std::string("expected ") + what + ", got " + show(j) + " (out of range)", error_kind::type);
    }
    out = static_cast<Int>(v);
    return;
  }
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) {
      fail(p, std::string("expected ") + what + ", got " + show(j) + " (out of range)", error_kind::type);
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
                              f > static_cast<double>(std::numeric_limits<Int>::max()) || f >= 0x1p63 ||
                              f <= -0x1p63;  // where the casts above round
    const char* range = out_of_range ? " (out of range)" : "";
    fail(p, std::string("expected ") + what + ", got " + type_name(j) + range, error_kind::type);
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
  if (!t) fail(p, why + ", got " + show(j), error_kind::schema);
  out = *t;
}

inline void decode_value(const nlohmann::json& j, condition_status& out, const path_node& p) {
  // One message for both: a number is a type error, "Maybe" a bad value.
  const auto bad = [&](error_kind kind) {
    fail(p, "expected \"True\", \"False\" or \"Unknown\", got " + show(j), kind);
  };
  if (!j.is_string()) bad(error_kind::type);
  auto s = condition_status_from_string(j.get_ref<const std::string&>());
  if (!s) bad(error_kind::schema);
  out = *s;
}

inline void decode_value(const nlohmann::json& j, nlohmann::json& out, const path_node&) {
  copy_into(out, j);
}

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
  out.emplace();  // decoded in place: a failure leaves it to the caller's release()
  decode_value(j, *out, p);
}

// ---- release: JSON members taken apart without allocating ---------------------
// What a decode that failed (out of memory, or bad input) leaves is freed by
// release(), so no tree inside it reaches nlohmann's allocating destructor.

inline void release(nlohmann::json& j) noexcept { dismantle(j); }
/// A member no reader will look at, freed as release() frees it and left as
/// an absent member decodes: null.
inline void drop(nlohmann::json& j) noexcept {
  dismantle(j);
  j = nullptr;  // what dismantle leaves (an empty object or array) allocates nothing to free
}
template <class T>
void release(std::vector<T>& v) noexcept;
template <class T>
void release(std::optional<T>& v) noexcept;
template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
void release(T& v) noexcept;
template <class T, std::enable_if_t<!is_reflected_v<T>, int> = 0>
void release(T&) noexcept {}  // no JSON inside: its destructor allocates nothing

template <class T>
void release(std::vector<T>& v) noexcept {
  for (auto& e : v) release(e);
}
template <class T>
void release(std::optional<T>& v) noexcept {
  if (v) release(*v);
}
template <class T, std::enable_if_t<is_reflected_v<T>, int>>
void release(T& v) noexcept {
  for_each_field<T>([&](const auto& d) { release(v.*(d.member)); });
  dismantle(v.unknown_fields);
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
        fail(p.member("kind"),
             "expected \"" + std::string(want) + "\", got " + show(*k) + ": not a " + std::string(want),
             error_kind::schema);
      }
    }
    const auto v = j.find("apiVersion");
    if (v != j.end() && !v->is_null()) {
      if (!v->is_string()) fail_type(p.member("apiVersion"), "a string", *v);
      if (!api_version_in_group<T>(v->get_ref<const std::string&>())) {
        fail(p.member("apiVersion"),
             "expected " + std::string(object_kind<T>::group) + "/<version> for a " + std::string(want) +
                 ", got " + show(*v),
             error_kind::schema);
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
  out = T();  // as in decode_root
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    bool known = false;
    for_each_field<T>([&](const auto& d) {
      if (known || d.name != key) return;
      known = true;
      if (value.is_null()) {
        if (d.required) fail(p.member(key), "required, got null", error_kind::schema);
        member_slot(out.unknown_fields, key);  // a null stays a null
        return;
      }
      auto& member = out.*(d.member);
      decode_value(value, member, p.member(d.name));
      if (d.policy == emit::omit_empty && is_empty(member))
        copy_into(member_slot(out.unknown_fields, key), value);
    });
    if (!known) copy_into(member_slot(out.unknown_fields, key), value);
  }
  for_each_field<T>([&](const auto& d) {
    if (d.required && j.find(std::string(d.name)) == j.end()) {
      fail(p.member(d.name), "required field is missing", error_kind::schema);
    }
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
inline void encode_value(nlohmann::json& j, const nlohmann::json& v) { copy_into(j, v); }
inline void encode_value(nlohmann::json& j, const string_map& v) {
  j = nlohmann::json::object();
  for (const auto& kv : v) j[kv.first] = kv.second;
}
template <class T>
void encode_value(nlohmann::json& j, const std::vector<T>& v) {
  j = nlohmann::json::array();
  auto& a = j.get_ref<nlohmann::json::array_t&>();
  a.reserve(v.size());
  for (const auto& e : v) {
    a.emplace_back();  // encoded in place: a failure leaves a tree the caller takes apart
    encode_value(a.back(), e);
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
  if (v.unknown_fields.is_object()) {
    copy_into(j, v.unknown_fields);
  } else {
    j = nlohmann::json::object();
  }
  for_each_field<T>([&](const auto& d) {
    const auto& member = v.*(d.member);
    if (d.policy == emit::omit_empty && is_empty(member)) return;
    encode_value(member_slot(j, std::string(d.name)), member);
  });
}

template <class T>
void encode_value(nlohmann::json& j, const T& v) {
  static_assert(is_reflected_v<T>, "no JSON encoding for this type");
  encode_struct(j, v);
}

template <class T>
T decode_root(const nlohmann::json& j) {
  T out = T();  // not T{}: GCC 12 destroys members twice when an aggregate's brace initialisation throws
  try {
    decode_value(j, out, path_node{});
  } catch (...) {
    release(out);
    throw;
  }
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
  try {
    detail::encode_struct(j, v);
  } catch (...) {
    detail::dismantle(j);  // out of memory: what was built goes without allocating
    throw;
  }
  return j;
}

/// Serialises as the API server does (no escaping of '/', UTF-8 kept); never
/// throws on invalid UTF-8 in strings a caller built, which is replaced.
inline std::string dump(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
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
