// trainjob internals: a field list per API type, like Go struct tags, so the
// JSON codec and equality are written once for every type.
#ifndef TRAINJOB_DETAIL_REFLECT_HPP
#define TRAINJOB_DETAIL_REFLECT_HPP

#include <string_view>
#include <tuple>
#include <type_traits>

#include "trainjob/detail/identical.hpp"

namespace trainjob {
namespace detail {

/// How a field is written: `omit_empty` as Go's `omitempty` (and for pointer
/// fields: absent when unset), `always` as a plain Go field.
enum class emit { omit_empty, always };

template <class S, class M>
struct field_desc {
  std::string_view name;
  M S::*member;
  emit policy;
  bool required;  // decoding fails when the key is absent or null
};

template <class S, class M>
constexpr field_desc<S, M> field(std::string_view name, M S::*member, emit policy = emit::omit_empty,
                                 bool required = false) noexcept {
  return field_desc<S, M>{name, member, policy, required};
}

/// Specialised for each API type: `static constexpr auto value = std::make_tuple(field(...), ...);`
template <class T>
struct fields;

template <class T, class = void>
struct is_reflected : std::false_type {};
template <class T>
struct is_reflected<T, std::void_t<decltype(fields<T>::value)>> : std::true_type {};
template <class T>
constexpr bool is_reflected_v = is_reflected<T>::value;

template <class T, class F>
constexpr void for_each_field(F&& f) {
  std::apply([&f](const auto&... d) { (f(d), ...); }, fields<T>::value);
}

/// A field's equality: JSON members to the bit (nlohmann's `==` says 1 == 1.0).
template <class U>
bool field_equal(const U& x, const U& y) {
  return x == y;
}
inline bool field_equal(const nlohmann::json& x, const nlohmann::json& y) noexcept { return identical(x, y); }

/// Member-wise equality of modelled fields and unknown fields.
template <class T>
bool fields_equal(const T& a, const T& b) {
  bool eq = true;
  for_each_field<T>([&](const auto& d) { eq = eq && field_equal(a.*(d.member), b.*(d.member)); });
  return eq && same_unknown(a.unknown_fields, b.unknown_fields);
}

}  // namespace detail
}  // namespace trainjob

#endif
