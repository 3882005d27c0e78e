// trainjob: one controller pass's input as every front end reads it — batch
// lines, the C ABI's request, the tool's `reconcile` files, a scenario's
// objects and steps (docs/semantics.md §5).
//
// A request is a JSON object with these members, in any order:
//   "trainjob"    the TrainJob (required, not null)
//   "jobset"      the JobSet as the status step reads it, after this pass's
//                 apply; null or absent: NotFound
//   "now"         the time of the pass, RFC 3339 (required, not null): the
//                 library has no clock
//   "applyError"  applying the child objects failed with this text
//   "buildError"  building them failed with this text (no apply)
//   "runtime"     the TrainingRuntime or ClusterTrainingRuntime (by `kind`;
//                 without one, a TrainingRuntime), for policies that read it
// null is the same as absent for the last three. Any other member is an
// error naming it.
//
//   auto r = trainjob::decode_request(j);             // throws decode_error
//   auto out = trainjob::reconcile(r.observe(), opts);
#ifndef TRAINJOB_REQUEST_HPP
#define TRAINJOB_REQUEST_HPP

#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/names.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {

/// A request's members, in the order of the header comment.
enum class request_member { trainjob, jobset, now, apply_error, build_error, runtime };

inline constexpr std::string_view request_member_keys[] = {"trainjob",   "jobset",     "now",
                                                           "applyError", "buildError", "runtime"};

constexpr std::string_view to_string(request_member m) noexcept {
  return request_member_keys[static_cast<std::size_t>(m)];
}

/// The member a key names, if any.
constexpr std::optional<request_member> request_member_from_key(std::string_view key) noexcept {
  for (std::size_t i = 0; i < std::size(request_member_keys); ++i) {
    if (request_member_keys[i] == key) return static_cast<request_member>(i);
  }
  return std::nullopt;
}

/// One pass's input, owned.
struct request {
  train_job trainjob;
  std::optional<job_set> jobset;  // nullopt: NotFound
  timestamp now;
  std::optional<std::string> apply_error;
  std::optional<std::string> build_error;
  std::optional<training_runtime> runtime;

  /// The observation reconcile() takes; it refers to this request, so a
  /// temporary request has none.
  observation observe() const& noexcept {
    return observation{trainjob,
                       jobset ? &*jobset : nullptr,
                       now,
                       apply_error ? std::optional<std::string_view>(*apply_error) : std::nullopt,
                       build_error ? std::optional<std::string_view>(*build_error) : std::nullopt,
                       runtime ? &*runtime : nullptr};
  }
  observation observe() && = delete;
};

namespace detail {

/// "runtime": a ClusterTrainingRuntime by its kind, else a TrainingRuntime
/// (the same shape; the kind is kept in the data). Another kind is an error.
inline void decode_runtime_member(const nlohmann::json& j, training_runtime& out, const path_node& p) {
  if (j.is_object()) {
    const auto k = j.find("kind");
    if (k != j.end() && k->is_string() && *k == names::cluster_training_runtime) {
      cluster_training_runtime ctr;
      decode_value(j, ctr, p);
      out = std::move(ctr);
      return;
    }
    // A null kind is absent, as decode() reads it.
    if (k != j.end() && !k->is_null() && !(k->is_string() && *k == names::training_runtime)) {
      fail(p.member("kind"), "expected \"TrainingRuntime\" or \"ClusterTrainingRuntime\", got " + show(*k));
    }
  }
  decode_value(j, out, p);
}

}  // namespace detail

/// Decodes one member's value into `r`, by the rules of the header comment;
/// `at` is the value's path. Throws decode_error. A front end that reads the
/// members from different places (the tool reads each from its own file)
/// calls this once per member, then `check_request`.
inline void decode_request_member(request_member m, const nlohmann::json& v, const detail::path_node& at,
                                  request& r) {
  using detail::decode_value;
  using detail::fail;
  const bool null = v.is_null();
  switch (m) {
    case request_member::trainjob:
      if (null) fail(at, "required, got null");
      decode_value(v, r.trainjob, at);
      return;
    case request_member::jobset:
      if (null) {
        r.jobset.reset();
      } else {
        decode_value(v, r.jobset.emplace(), at);
      }
      return;
    case request_member::now:
      if (null) fail(at, "required, got null");
      decode_value(v, r.now, at);
      return;
    case request_member::apply_error:
    case request_member::build_error: {
      auto& out = m == request_member::apply_error ? r.apply_error : r.build_error;
      if (null) {
        out.reset();
      } else {
        decode_value(v, out.emplace(), at);
      }
      return;
    }
    case request_member::runtime:
      if (null) {
        r.runtime.reset();
      } else {
        detail::decode_runtime_member(v, r.runtime.emplace(), at);
      }
      return;
  }
}

/// Decodes a request object; throws decode_error naming the path below `root`.
inline request decode_request(const nlohmann::json& j, const detail::path_node& root = {}) {
  using detail::fail;
  if (!j.is_object()) {
    detail::fail_type(root, "a request object with \"trainjob\" and \"now\"", j);
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!request_member_from_key(it.key())) {
      std::string expected;  // "trainjob", ... or "runtime"
      for (std::size_t k = 0; k < std::size(request_member_keys); ++k) {
        expected += k == 0 ? "" : k + 1 == std::size(request_member_keys) ? " or " : ", ";
        expected += '"' + std::string(request_member_keys[k]) + '"';
      }
      fail(root.member(it.key()), "unknown member: expected " + expected);
    }
  }
  request r;
  for (const request_member m :
       {request_member::trainjob, request_member::jobset, request_member::now, request_member::apply_error,
        request_member::build_error, request_member::runtime}) {
    const std::string_view key = to_string(m);
    const auto it = j.find(key);
    if (it == j.end()) {
      if (m == request_member::trainjob || m == request_member::now)
        fail(root.member(key), "required field is missing");
      continue;
    }
    decode_request_member(m, *it, root.member(key), r);
  }
  return r;
}

/// As `decode_request`, never throws: the error comes back in the result.
inline result<request> try_decode_request(const nlohmann::json& j) noexcept {
  return detail::capture<request>([&] { return decode_request(j); });
}

}  // namespace trainjob

#endif
