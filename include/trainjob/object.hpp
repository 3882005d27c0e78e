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

/// Decodes a lone object or a `List` (kind "List" or "<Kind>List", as
/// `kubectl get -o json` prints) into its objects; throws decode_error.
inline std::vector<located_object> decode_objects(const nlohmann::json& j) {
  std::vector<located_object> out;
  const detail::path_node root{};
  if (j.is_object()) {
    const auto k = j.find("kind");
    if (k != j.end() && k->is_string()) {
      const auto& kind = k->get_ref<const std::string&>();
      if (kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0) {
        const auto items = j.find("items");
        const detail::path_node ip = root.member("items");
        if (items == j.end()) detail::fail(ip, "required field is missing");
        if (!items->is_array()) detail::fail_type(ip, "an array", *items);
        for (std::size_t i = 0; i < items->size(); ++i) {
          out.push_back({"items[" + std::to_string(i) + "]", detail::decode_any_at((*items)[i], ip.at(i))});
        }
        return out;
      }
    }
  }
  out.push_back({"", decode_any(j)});
  return out;
}

/// Non-throwing form of decode_objects.
inline result<std::vector<located_object>> try_decode_objects(const nlohmann::json& j) noexcept {
  return detail::capture<std::vector<located_object>>([&] { return decode_objects(j); });
}

}  // namespace trainjob

#endif
