// trainjob: the runtime a TrainJob names (spec.runtimeRef), its key as
// upstream spells it, and whether the controller has it registered
// (docs/semantics.md §2.4).
#ifndef TRAINJOB_RUNTIME_REF_HPP
#define TRAINJOB_RUNTIME_REF_HPP

#include <string>
#include <string_view>
#include <vector>

#include "trainjob/detail/short_string.hpp"
#include "trainjob/names.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// Which runtime kinds the controller has registered. Upstream registers
/// TrainingRuntime and ClusterTrainingRuntime of trainer.kubeflow.org; a
/// custom registry lists its own.
struct runtime_registry {
  struct group_kind {
    std::string group;
    std::string kind;
  };
  std::vector<group_kind> kinds;

  static runtime_registry builtin() {
    return {{{std::string(trainer_api_group), std::string(names::training_runtime)},
             {std::string(trainer_api_group), std::string(names::cluster_training_runtime)}}};
  }
  bool contains(std::string_view group, std::string_view kind) const noexcept {
    for (const auto& gk : kinds) {
      if (gk.group == group && gk.kind == kind) return true;
    }
    return false;
  }
};

namespace detail {

/// The runtime's API group; v1.9's CRD defaulted it to kubeflow.org. Only an
/// absent field takes the default: "" stays "".
inline std::string_view runtime_group(const train_job& tj, const profile_traits& t) noexcept {
  const auto& g = tj.spec.runtime_ref.api_group;
  if (g) return *g;
  return t.legacy_created ? names::legacy_api_group : trainer_api_group;
}

/// The registry key and the name in upstream's errors: Go's
/// schema.GroupKind.String(), "<Kind>.<apiGroup>", or the kind alone when the
/// group is empty.
inline std::string runtime_key(const train_job& tj, const profile_traits& t) {
  std::string key(tj.spec.runtime_ref.effective_kind());
  const std::string_view group = runtime_group(tj, t);
  if (!group.empty()) {
    key += '.';
    key += group;
  }
  return key;
}

/// Whether the runtime is registered: in `runtimes`, or (nullptr) one of the
/// built-in kinds of the release's API group.
inline bool runtime_registered(const train_job& tj, const profile_traits& t,
                               const runtime_registry* runtimes) {
  const std::string_view group = runtime_group(tj, t);
  const std::string_view kind = tj.spec.runtime_ref.effective_kind();
  if (runtimes != nullptr) return runtimes->contains(group, kind);
  const std::string_view builtin_group = t.legacy_created ? names::legacy_api_group : trainer_api_group;
  return same(group, builtin_group) &&
         (same(kind, names::training_runtime) || same(kind, names::cluster_training_runtime));
}

}  // namespace detail
}  // namespace trainjob

#endif
