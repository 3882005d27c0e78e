// trainjob internals: JSON equality to the bit, for every place where
// "equal" decides whether a copy may be skipped or a value has changed.
#ifndef TRAINJOB_DETAIL_IDENTICAL_HPP
#define TRAINJOB_DETAIL_IDENTICAL_HPP

#include <cstring>

#include <nlohmann/json.hpp>

namespace trainjob {
namespace detail {

/// Equal to the bit: same type at every node (an integer is not a float of
/// the same value, signed is not unsigned, -0.0 is not 0.0), same keys in the
/// same order. nlohmann's `==` compares numbers by value across types, which is
/// wrong wherever "equal" decides whether a copy may be skipped.
inline bool identical(const nlohmann::json& a, const nlohmann::json& b) noexcept {
  using t = nlohmann::json::value_t;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case t::null:
    case t::discarded:
      return true;
    case t::boolean:
      return a.get_ref<const nlohmann::json::boolean_t&>() == b.get_ref<const nlohmann::json::boolean_t&>();
    case t::number_integer:
      return a.get_ref<const nlohmann::json::number_integer_t&>() ==
             b.get_ref<const nlohmann::json::number_integer_t&>();
    case t::number_unsigned:
      return a.get_ref<const nlohmann::json::number_unsigned_t&>() ==
             b.get_ref<const nlohmann::json::number_unsigned_t&>();
    case t::number_float: {
      const double x = a.get_ref<const nlohmann::json::number_float_t&>();
      const double y = b.get_ref<const nlohmann::json::number_float_t&>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case t::string:
      return a.get_ref<const nlohmann::json::string_t&>() == b.get_ref<const nlohmann::json::string_t&>();
    case t::binary:
      return a.get_binary() == b.get_binary();
    case t::array: {
      if (a.size() != b.size()) return false;
      for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
        if (!identical(*i, *j)) return false;
      }
      return true;
    }
    case t::object: {
      if (a.size() != b.size()) return false;
      for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
        if (i.key() != j.key() || !identical(i.value(), j.value())) return false;
      }
      return true;
    }
  }
  return false;
}

/// Whether an `unknown_fields` holds nothing: null (a default-constructed
/// value, no allocation) or an empty object (what a decode leaves).
inline bool no_unknown(const nlohmann::json& u) noexcept {
  return u.is_null() || (u.is_object() && u.empty());
}

/// `unknown_fields` equality: null and {} both mean "none", else identical.
inline bool same_unknown(const nlohmann::json& a, const nlohmann::json& b) noexcept {
  return (no_unknown(a) && no_unknown(b)) || identical(a, b);
}

}  // namespace detail
}  // namespace trainjob

#endif
