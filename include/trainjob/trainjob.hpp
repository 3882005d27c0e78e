// trainjob: Kubeflow Trainer TrainJob status conditions, computed as upstream does.
// The umbrella header: includes every public header of the library proper.
// Opt-in pieces stay out, as their users include them themselves:
// "trainjob/batch.hpp" (batch mode, with its SIMD reader),
// "trainjob/testing.hpp" (test helpers; their Catch2 and GoogleMock matchers in
// "trainjob/testing/catch2.hpp" and "trainjob/testing/gmock.hpp"), and the design-review pieces
// "trainjob/compare.hpp", "trainjob/explore.hpp" and "trainjob/invariants.hpp".
#ifndef TRAINJOB_TRAINJOB_HPP
#define TRAINJOB_TRAINJOB_HPP

#include "trainjob/audit.hpp"
#include "trainjob/condition.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/lint.hpp"
#include "trainjob/names.hpp"
#include "trainjob/object.hpp"
#include "trainjob/policies.hpp"
#include "trainjob/policy.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/request.hpp"
#include "trainjob/runtime_ref.hpp"
#include "trainjob/scenario.hpp"
#include "trainjob/steps.hpp"
#include "trainjob/summary.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"
#include "trainjob/version.hpp"

#endif
