// Freeing and copying JSON trees so that running out of memory midway cannot
// end the process. nlohmann's destructor flattens a container's children onto
// a heap-allocated stack; after a std::bad_alloc that allocation throws again
// inside a noexcept destructor and calls std::terminate. Its copy constructor,
// failing midway, frees the part it copied the same way. So a tree that may be
// freed while memory is exhausted is taken apart leaf first (nothing left to
// flatten), and a copy is built top-down into a destination the caller then
// takes apart on failure.

#ifndef TRAINJOB_DETAIL_TREE_HPP
#define TRAINJOB_DETAIL_TREE_HPP

#include <cstddef>
#include <cstring>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

namespace trainjob::detail {

/// Takes a tree apart without allocating: leaves go first, so every container
/// is empty when it is destroyed. The path down is kept in a fixed array on
/// the stack; a tree deeper than that (no parser of ours builds one) is walked
/// down again from the root when the array's oldest entries were dropped, so
/// any depth is taken apart, more slowly.
inline void dismantle(nlohmann::json& root) noexcept {
  if (!root.is_structured() || root.empty()) return;
  constexpr std::size_t cached = 1024;
  nlohmann::json* path[cached];
  std::size_t depth = 0;
  bool dropped = false;  // path[0] is not the root: its ancestors were dropped
  path[depth++] = &root;
  while (depth > 0) {
    nlohmann::json& top = *path[depth - 1];
    if (top.empty()) {
      if (--depth == 0 && dropped) {  // walk down again from the root
        dropped = false;
        if (!root.empty()) path[depth++] = &root;
      }
      continue;
    }
    nlohmann::json& last =
        top.is_array() ? top.back() : top.get_ref<nlohmann::json::object_t&>().rbegin()->second;
    if (last.is_structured() && !last.empty()) {
      if (depth == cached) {  // keep the newer half
        std::memmove(path, path + cached / 2, sizeof(path[0]) * (cached - cached / 2));
        depth = cached - cached / 2;
        dropped = true;
      }
      path[depth++] = &last;
      continue;
    }
    // A leaf or an empty container: destroying it allocates nothing.
    if (top.is_array()) {
      top.get_ref<nlohmann::json::array_t&>().pop_back();
    } else {
      auto& members = top.get_ref<nlohmann::json::object_t&>();
      members.erase(std::prev(members.end()));
    }
  }
}

/// Copies `src` into `dst` (taken apart first) top-down. When an allocation
/// fails, `dst` holds a valid part of the copy, which the caller takes apart
/// with dismantle(); nothing half-copied is freed by nlohmann's destructor.
inline void copy_into(nlohmann::json& dst, const nlohmann::json& src) {
  dismantle(dst);
  if (src.is_array()) {
    dst = nlohmann::json::array();
    auto& a = dst.get_ref<nlohmann::json::array_t&>();
    a.reserve(src.size());
    for (const auto& e : src) {
      a.emplace_back();
      copy_into(a.back(), e);
    }
  } else if (src.is_object()) {
    dst = nlohmann::json::object();
    auto& o = dst.get_ref<nlohmann::json::object_t&>();
    for (auto it = src.begin(); it != src.end(); ++it) {
      auto slot = o.emplace_hint(o.end(), it.key(), nullptr);
      copy_into(slot->second, it.value());
    }
  } else {
    dst = src;  // a scalar or a string: copied whole or not at all
  }
}

/// `obj[key]`, made an object first when null, so that a failed allocation
/// leaves `obj` as it was (nlohmann's operator[] marks a null an object before
/// allocating the map, and keeps that mark when the allocation fails).
inline nlohmann::json& member_slot(nlohmann::json& obj, const std::string& key) {
  if (obj.is_null()) obj = nlohmann::json::object();
  auto& o = obj.get_ref<nlohmann::json::object_t&>();
  return o.emplace(key, nullptr).first->second;
}

}  // namespace trainjob::detail

#endif
