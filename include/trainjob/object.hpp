// trainjob: decoding an object of any modelled kind, or a `List` of them.
#ifndef TRAINJOB_OBJECT_HPP
#define TRAINJOB_OBJECT_HPP

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

/// One object of a kind the library models.
using any_object = std::variant<train_job, training_runtime, cluster_training_runtime, job_set>;

/// A decoded object and where it stood ("" for a lone object, "items[3]" in a List).
struct located_object {
  std::string path;
  any_object object;
};

/// "TrainJob", "TrainingRuntime", "ClusterTrainingRuntime" or "JobSet".
inline std::string_view kind_of(const any_object& o) noexcept {
  switch (o.index()) {
    case 0:
      return "TrainJob";
    case 1:
      return "TrainingRuntime";
    case 2:
      return "ClusterTrainingRuntime";
    default:
      return "JobSet";
  }
}

inline const object_meta& metadata_of(const any_object& o) noexcept {
  return std::visit([](const auto& x) -> const object_meta& { return x.metadata; }, o);
}

inline nlohmann::json encode(const any_object& o) {
  return std::visit([](const auto& x) { return encode(x); }, o);
}

/// Validation for whichever kind it holds.
inline std::vector<violation> validate(const any_object& o, const validation_options& options = {}) {
  return std::visit([&](const auto& x) { return validate(x, options); }, o);
}

namespace detail {

inline any_object decode_any_at(const nlohmann::json& j, const path_node& p) {
  if (!j.is_object()) fail_type(p, "a Kubernetes object", j);
  const auto k = j.find("kind");
  if (k == j.end() || !k->is_string()) {
    fail(p.member("kind"),
         "expected one of \"TrainJob\", \"TrainingRuntime\", \"ClusterTrainingRuntime\", "
         "\"JobSet\", got " +
             (k == j.end() ? std::string("nothing") : show(*k)));
  }
  const auto& kind = k->get_ref<const std::string&>();
  auto get = [&](auto tag) -> any_object {
    decltype(tag) out{};
    decode_value(j, out, p);
    return out;
  };
  if (kind == "TrainJob") return get(train_job{});
  if (kind == "TrainingRuntime") return get(training_runtime{});
  if (kind == "ClusterTrainingRuntime") return get(cluster_training_runtime{});
  if (kind == "JobSet") return get(job_set{});
  fail(p.member("kind"),
       "expected one of \"TrainJob\", \"TrainingRuntime\", \"ClusterTrainingRuntime\", "
       "\"JobSet\", got " +
           show(*k) + ": not an object trainjob models");
}

}  // namespace detail

/// Decodes one object of a modelled kind, chosen by its `kind`; throws decode_error.
inline any_object decode_any(const nlohmann::json& j) {
  return detail::decode_any_at(j, detail::path_node{});
}

namespace detail {

/// kubectl's "List" or "<Kind>List" (`kubectl get -o json` prints either).
inline bool is_list_kind(std::string_view kind) noexcept {
  return kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0;
}

/// Whether `j` is an object whose `kind` is a list kind.
inline bool is_list(const nlohmann::json& j) noexcept {
  if (!j.is_object()) return false;
  const auto k = j.find("kind");
  return k != j.end() && k->is_string() && is_list_kind(k->get_ref<const std::string&>());
}

/// The walk every reader of a lone object or a List shares: on_object(object,
/// at, index) for each item of a List (index from 0), or once for a lone
/// object (index npos, `at` the root). A List without an `items` array
/// throws decode_error at "items".
template <class F>
void for_each_listed(const nlohmann::json& j, F&& on_object) {
  const path_node root{};
  if (!is_list(j)) return on_object(j, root, std::string::npos);
  const path_node ip = root.member("items");
  const auto items = j.find("items");
  if (items == j.end()) fail(ip, "required field is missing");
  if (!items->is_array()) fail_type(ip, "an array", *items);
  for (std::size_t i = 0; i < items->size(); ++i) on_object((*items)[i], ip.at(i), i);
}

}  // namespace detail

/// Decodes a lone object or a `List` (kind "List" or "<Kind>List", as
/// `kubectl get -o json` prints) into its objects; throws decode_error.
inline std::vector<located_object> decode_objects(const nlohmann::json& j) {
  std::vector<located_object> out;
  detail::for_each_listed(j, [&](const nlohmann::json& o, const detail::path_node& at, std::size_t i) {
    out.push_back({i == std::string::npos ? std::string() : "items[" + std::to_string(i) + "]",
                   detail::decode_any_at(o, at)});
  });
  return out;
}

/// Non-throwing form of decode_objects.
inline result<std::vector<located_object>> try_decode_objects(const nlohmann::json& j) noexcept {
  return detail::capture<std::vector<located_object>>([&] { return decode_objects(j); });
}

}  // namespace trainjob

#endif
