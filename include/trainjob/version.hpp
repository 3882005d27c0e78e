// trainjob: Kubeflow Trainer TrainJob status conditions, computed as upstream does.
#ifndef TRAINJOB_VERSION_HPP
#define TRAINJOB_VERSION_HPP

#define TRAINJOB_VERSION_MAJOR 0
#define TRAINJOB_VERSION_MINOR 1
#define TRAINJOB_VERSION_PATCH 0
#define TRAINJOB_VERSION_STRING "0.1.0"

namespace trainjob {

/// The library's version, "MAJOR.MINOR.PATCH".
constexpr const char* version_string() noexcept { return TRAINJOB_VERSION_STRING; }

}  // namespace trainjob

#endif
