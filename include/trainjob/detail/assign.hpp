// trainjob internals: copy-assignment that keeps the destination's storage,
// so that a reused reconcile_result allocates nothing on a pass that changes
// nothing (trainjob/reconcile.hpp).
#ifndef TRAINJOB_DETAIL_ASSIGN_HPP
#define TRAINJOB_DETAIL_ASSIGN_HPP

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/identical.hpp"
#include "trainjob/detail/reflect.hpp"
#include "trainjob/detail/short_string.hpp"

namespace trainjob {
namespace detail {

/// Copy-assignment that keeps the destination's storage, member by member.
/// nlohmann's operator= copies its argument first, so even `{}` = `{}` allocates.
/// The copy is skipped only when the two are identical to the bit: a reused
/// result must never keep `1` where the input says `1.0`.
inline void assign(nlohmann::json& to, const nlohmann::json& from) {
  if (to.is_null() && from.is_null()) return;
  if (to.is_object() && from.is_object() && to.empty() && from.empty()) return;  // the usual unknown_fields
  if (!identical(to, from)) to = from;
}
inline void assign(std::string& to, const std::string& from) { copy_string(to, from); }
template <class T>
void assign(std::vector<T>& to, const std::vector<T>& from);
template <class T>
void assign(T& to, const T& from) {
  if constexpr (is_reflected_v<T>) {
    for_each_field<T>([&](const auto& d) { assign(to.*(d.member), from.*(d.member)); });
    assign(to.unknown_fields, from.unknown_fields);
  } else {
    to = from;
  }
}
template <class T>
void assign(std::vector<T>& to, const std::vector<T>& from) {
  to.resize(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) assign(to[i], from[i]);
}

}  // namespace detail
}  // namespace trainjob

#endif
