// Upstream's runtimes (tests/data/upstream) and the JobSets the trainer builds from them: what
// the tests of step state (test_steps.cpp) and of the policies (test_policies.cpp) run on.
#ifndef TRAINJOB_TESTS_RUNTIMES_HPP
#define TRAINJOB_TESTS_RUNTIMES_HPP

#include <string>

#include "fixtures.hpp"

namespace trainjob_test {

/// A TrainingRuntime or ClusterTrainingRuntime (same shape) from a JSON value.
inline training_runtime runtime_from_json(const json& j) {
  if (j.value("kind", std::string()) == "ClusterTrainingRuntime") {
    const trainjob::cluster_training_runtime c = trainjob::decode<trainjob::cluster_training_runtime>(j);
    training_runtime out = c;
    return out;
  }
  return trainjob::decode<training_runtime>(j);
}

/// An upstream runtime from tests/data/upstream, e.g. "ClusterTrainingRuntime__torchtune-llama3.2-1b".
inline training_runtime upstream_runtime(const std::string& kind_and_name) {
  return runtime_from_json(
      read_json(data_dir() / "upstream" / ("trainer-master__" + kind_and_name + ".json")));
}

inline const training_runtime& torchtune() {
  static const training_runtime rt = upstream_runtime("ClusterTrainingRuntime__torchtune-llama3.2-1b");
  return rt;
}
inline const training_runtime& torch_with_dataset_init() {
  static const training_runtime rt = upstream_runtime("TrainingRuntime__torch-with-dataset-init");
  return rt;
}
inline const training_runtime& torch_distributed() {
  static const training_runtime rt = upstream_runtime("ClusterTrainingRuntime__torch-distributed");
  return rt;
}
inline const training_runtime& deepspeed() {
  static const training_runtime rt = upstream_runtime("ClusterTrainingRuntime__deepspeed-distributed");
  return rt;
}

/// A JobSet as the trainer builds it from `rt`: the runtime's template spec, then the status.
inline job_set jobset_from(const training_runtime& rt, job_set_builder b) {
  job_set js = b.build();
  js.spec = rt.spec.template_.spec;
  return js;
}

/// The torchtune JobSet with these counts for dataset-initializer, model-initializer and node.
inline job_set torchtune_js(job_counts ds, job_counts model, job_counts node,
                            job_set_builder b = job_set_builder("job")) {
  b.replicated_job("dataset-initializer", ds)
      .replicated_job("model-initializer", model)
      .replicated_job("node", node);
  return jobset_from(torchtune(), b);
}

// A replicated job's counts {ready, succeeded, failed, active, suspended}, by what they say.
inline constexpr job_counts PENDING{0, 0, 0, 0, 0};
inline constexpr job_counts RUNNING{1, 0, 0, 1, 0};
inline constexpr job_counts ACTIVE_NOT_READY{0, 0, 0, 1, 0};
inline constexpr job_counts DONE{0, 1, 0, 0, 0};
inline constexpr job_counts FAILED{0, 0, 1, 0, 0};

}  // namespace trainjob_test

#endif
