// trainjob internals: a single-pass JSON reader that decodes a line straight
// into the API types, for batch mode (trainjob/batch.hpp), and with `keep`
// everywhere, each object of a List (trainjob/manifest.hpp).
//
// It is an optimisation of `parse_json` + `decode`, never a second definition
// of them: whenever it returns a value, the DOM path would have decoded the
// same value. Anything it is not sure about (invalid JSON, a type error, a
// duplicate key, deep nesting, a byte-order mark, an out-of-range number, ...)
// makes it give up by throwing `fast_bail`, and the caller runs the DOM path,
// which produces the result or the error message.
//
// The schema is the `fields<T>` tables, as for `decode`. What is stored:
// every scalar (strings, numbers, booleans, times, optionals of them) and
// every list of structs; inside a TrainJob's `status`, which the output
// repeats, everything, exactly as `decode` keeps it (unknown members, nulls,
// empty values, `trainerStatus`). Elsewhere, members kept as
// `nlohmann::json`, string maps, string lists and unknown members are fully
// validated (syntax, UTF-8, escapes, duplicate keys, value types) but not
// stored: reconcile without policies reads none of them.
#ifndef TRAINJOB_DETAIL_FAST_JSON_HPP
#define TRAINJOB_DETAIL_FAST_JSON_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/condition.hpp"
#include "trainjob/detail/fast_reader.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/json.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace detail {

// ---- decoding into the API types, driven by fields<T> ------------------------------

// `keep`: store everything, as decode does (inside a TrainJob's status).
template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
void fast_read(fast_reader& r, T& out, bool keep);
template <class T>
void fast_read(fast_reader& r, std::vector<T>& out, bool keep);
template <class T>
void fast_read(fast_reader& r, std::optional<T>& out, bool keep);

inline void fast_read(fast_reader& r, std::string& out, bool) { r.read_string(out); }
inline void fast_read(fast_reader& r, bool& out, bool) { out = r.read_bool(); }
inline void fast_read(fast_reader& r, std::int32_t& out, bool) { out = r.read_int<std::int32_t>(); }
inline void fast_read(fast_reader& r, std::int64_t& out, bool) { out = r.read_int<std::int64_t>(); }
inline void fast_read(fast_reader& r, timestamp& out, bool) {
  const auto t = timestamp::parse(r.read_string_view());
  if (!t) bail();
  out = *t;
}
inline void fast_read(fast_reader& r, condition_status& out, bool) {
  const auto s = condition_status_from_string(r.read_string_view());
  if (!s) bail();
  out = *s;
}
inline void fast_read(fast_reader& r, nlohmann::json& out, bool keep) {
  if (keep) {
    r.build(out);
  } else {
    r.skip_value();
  }
}
inline void fast_read(fast_reader& r, string_map& out, bool keep) {
  if (keep) out.clear();
  r.object([&](std::string_view key) {
    if (!keep) {
      r.read_string_view();
      return;
    }
    std::string k(key);  // the key's view does not outlive the next string read
    r.read_string(out[std::move(k)]);
  });
}
inline void fast_read(fast_reader& r, std::vector<std::string>& out, bool keep) {
  std::size_t n = 0;
  r.array([&] {
    if (!keep) {
      r.read_string_view();
      return;
    }
    if (n == out.size()) out.emplace_back();
    r.read_string(out[n++]);
  });
  if (keep) out.resize(n);
}
template <class T>
void fast_read(fast_reader& r, std::vector<T>& out, bool keep) {
  std::size_t n = 0;
  r.array([&] {
    if (n == out.size()) out.emplace_back();
    fast_read(r, out[n++], keep);  // reuses the element's storage
  });
  out.resize(n);
}
template <class T>
void fast_read(fast_reader& r, std::optional<T>& out, bool keep) {
  if (!out) out.emplace();
  fast_read(r, *out, keep);
}

// What decode leaves in a member that is absent or null.
inline void fast_reset(std::string& v) noexcept { v.clear(); }
inline void fast_reset(bool& v) noexcept { v = false; }
inline void fast_reset(std::int32_t& v) noexcept { v = 0; }
inline void fast_reset(std::int64_t& v) noexcept { v = 0; }
inline void fast_reset(timestamp& v) noexcept { v = timestamp{}; }
inline void fast_reset(condition_status& v) noexcept { v = condition_status::unknown; }
inline void fast_reset(nlohmann::json& v) noexcept {
  if (!v.is_null()) v = nullptr;
}
inline void fast_reset(string_map& v) noexcept { v.clear(); }
template <class T>
void fast_reset(std::vector<T>& v) noexcept {
  v.clear();
}
template <class T>
void fast_reset(std::optional<T>& v) noexcept {
  v.reset();
}
inline void fast_reset_unknown(nlohmann::json& u) {
  if (u.is_object()) {
    if (!u.empty()) u.clear();  // keeps the map for the next read
  } else if (!u.is_null()) {
    u = nullptr;
  }
}
template <class T, std::enable_if_t<is_reflected_v<T>, int> = 0>
void fast_reset(T& v) {
  for_each_field<T>([&](const auto& d) { fast_reset(v.*(d.member)); });
  fast_reset_unknown(v.unknown_fields);
}

template <class T, std::enable_if_t<is_reflected_v<T>, int>>
void fast_read(fast_reader& r, T& out, bool keep) {
  // The output repeats a TrainJob's status, so it is stored exactly.
  keep = keep || std::is_same_v<T, train_job_status>;
  constexpr std::size_t count = std::tuple_size_v<std::decay_t<decltype(fields<T>::value)>>;
  static_assert(count <= 32, "one bit per field");
  std::uint32_t seen = 0, non_null = 0;
  if (keep) fast_reset_unknown(out.unknown_fields);
  r.object([&](std::string_view key) {
    std::size_t index = 0;
    bool known = false;
    for_each_field<T>([&](const auto& d) {
      const std::size_t i = index++;
      if (known || d.name != key) return;
      known = true;
      seen |= std::uint32_t{1} << i;
      auto& member = out.*(d.member);
      // `key` may dangle after a nested read; d.name is the same text.
      if (r.null_next()) {
        if (d.required) bail();
        fast_reset(member);
        if (keep) out.unknown_fields[std::string(d.name)] = nullptr;  // a null stays a null
        return;
      }
      non_null |= std::uint32_t{1} << i;
      if constexpr (std::is_same_v<T, job_set> || std::is_same_v<T, object_meta>) {
        // Dropped as release() would empty it after decoding (a null above stays a null).
        if ((std::is_same_v<T, job_set> && r.drops().jobset_spec && d.name == "spec") ||
            (std::is_same_v<T, object_meta> && r.drops().managed_fields && d.name == "managedFields")) {
          r.skip_value();
          fast_reset(member);
          return;
        }
      }
      r.skip_ws();
      const char* begin = r.pos();
      fast_read(r, member, keep);
      if (keep && d.policy == emit::omit_empty && is_empty(member)) {
        out.unknown_fields[std::string(d.name)] = fast_reader::materialise(begin, r.pos());
      }
    });
    if (known) return;
    if (!keep) {
      r.skip_value();
      return;
    }
    std::string k(key);
    r.build(out.unknown_fields[std::move(k)]);
  });
  std::size_t index = 0;
  for_each_field<T>([&](const auto& d) {
    const std::uint32_t bit = std::uint32_t{1} << index++;
    if ((seen & bit) == 0) {
      if (d.required) bail();
      fast_reset(out.*(d.member));
    }
    if constexpr (std::is_base_of_v<training_runtime, T> || std::is_same_v<T, train_job> ||
                  std::is_same_v<T, job_set>) {
      if ((non_null & bit) != 0 && d.name == "kind" && out.kind != object_kind<T>::kind) bail();
      if ((non_null & bit) != 0 && d.name == "apiVersion" && !api_version_in_group<T>(out.api_version))
        bail();
    }
  });
}

}  // namespace detail
}  // namespace trainjob

#endif
