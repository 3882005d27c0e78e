// The controller example's writes to the API server, behind one interface:
//
//   apply_job_set  server-side apply of the JobSet: PATCH jobsets/<name>,
//                  Content-Type application/apply-patch+yaml, fieldManager=trainer, force
//   patch_status   PATCH trainjobs/<name>/status, Content-Type application/merge-patch+json
//   delete_job_set DELETE jobsets/<name>, propagationPolicy Foreground
//   record_event   an Event on the TrainJob (best effort: its failure fails nothing)
//
// Two implementations: kubectl_api prints each call as the kubectl command that makes it,
// and memory_api records the calls for tests and fails the ones it is told to (409
// Conflict, a timeout, 404 NotFound), as an API server under load or a racing writer would.
#ifndef TRAINJOB_EXAMPLE_API_HPP
#define TRAINJOB_EXAMPLE_API_HPP

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <trainjob/trainjob.hpp>

#include "rate_limiter.hpp"

namespace controller_example {

struct object_key {
  std::string namespace_;
  std::string name;
  std::string to_string() const { return namespace_ + "/" + name; }
};
inline bool operator<(const object_key& a, const object_key& b) {
  return std::tie(a.namespace_, a.name) < std::tie(b.namespace_, b.name);
}
inline bool operator==(const object_key& a, const object_key& b) {
  return a.namespace_ == b.namespace_ && a.name == b.name;
}

/// How an API call ended. `message` is what the client's error would print.
enum class api_outcome { ok, conflict, timeout, not_found };
struct api_status {
  api_outcome outcome = api_outcome::ok;
  std::string message;
  bool ok() const { return outcome == api_outcome::ok; }
};

inline const char* to_string(api_outcome o) {
  switch (o) {
    case api_outcome::ok:
      return "ok";
    case api_outcome::conflict:
      return "conflict";
    case api_outcome::timeout:
      return "timeout";
    case api_outcome::not_found:
      return "not_found";
  }
  return "?";
}

/// The error text client-go gives for each failure, so a pass's `errors` read as upstream's.
inline api_status api_failure(api_outcome o, const std::string& resource, const object_key& k) {
  switch (o) {
    case api_outcome::conflict:
      return {o, "Operation cannot be fulfilled on " + resource + " \"" + k.name +
                     "\": the object has been modified; please apply your changes to the latest version and "
                     "try again"};
    case api_outcome::timeout:
      return {o, "Timeout: request did not complete within requested timeout - context deadline exceeded"};
    case api_outcome::not_found:
      return {o, resource + " \"" + k.name + "\" not found"};
    case api_outcome::ok:
      break;
  }
  return {};
}

class api {
 public:
  virtual ~api() = default;
  virtual api_status apply_job_set(const object_key& k, millis now) = 0;
  virtual api_status patch_status(const object_key& k, const nlohmann::json& merge_patch, millis now) = 0;
  virtual api_status delete_job_set(const object_key& k, millis now) = 0;
  virtual void record_event(const object_key& k, const trainjob::event& e, millis now) = 0;
};

/// The RFC 7386 merge patch that turns status `from` into `to`: each top-level status field
/// that differs, whole (a merge patch replaces lists), and null for a field that went away.
/// Empty when they encode alike.
inline nlohmann::json status_merge_patch(const trainjob::train_job_status& from,
                                         const trainjob::train_job_status& to) {
  const nlohmann::json a = trainjob::encode(from);
  const nlohmann::json b = trainjob::encode(to);
  nlohmann::json status = nlohmann::json::object();
  for (auto it = b.begin(); it != b.end(); ++it) {
    const auto old = a.find(it.key());
    if (old == a.end() || *old != it.value()) status[it.key()] = it.value();
  }
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (b.find(it.key()) == b.end()) status[it.key()] = nullptr;
  }
  if (status.empty()) return status;
  return nlohmann::json{{"status", std::move(status)}};
}

/// A time for a person: RFC 3339 in UTC with milliseconds.
inline std::string show_time(millis t) {
  const millis s = t >= 0 ? t / 1000 : (t - 999) / 1000;
  const millis ms = t - s * 1000;
  std::string text = trainjob::timestamp::from_unix(s).to_string();  // ...:SSZ
  std::string frac = std::to_string(ms);
  frac.insert(0, 3 - frac.size(), '0');
  if (!text.empty() && text.back() == 'Z') text.insert(text.size() - 1, "." + frac);
  return text;
}

/// A shell word: single quotes, a quote inside written '\''.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// Prints each call as "TIME  COMMAND": the kubectl command that makes the same request.
/// The JobSet's spec is built from the TrainJob and its runtime, which this example does
/// not do; the apply line names the object and says so. Every call succeeds.
class kubectl_api : public api {
 public:
  explicit kubectl_api(std::ostream& out) : out_(out) {}

  api_status apply_job_set(const object_key& k, millis now) override {
    out_ << show_time(now) << "  kubectl apply --server-side --field-manager=trainer --force-conflicts -f "
         << shell_quote("jobset-" + k.namespace_ + "-" + k.name + ".yaml") << "  # built from the runtime\n";
    return {};
  }
  api_status patch_status(const object_key& k, const nlohmann::json& merge_patch, millis now) override {
    out_ << show_time(now) << "  kubectl patch trainjob " << k.name << " -n " << k.namespace_
         << " --subresource=status --type=merge -p " << shell_quote(trainjob::dump(merge_patch)) << "\n";
    return {};
  }
  api_status delete_job_set(const object_key& k, millis now) override {
    out_ << show_time(now) << "  kubectl delete jobset " << k.name << " -n " << k.namespace_
         << " --cascade=foreground\n";
    return {};
  }
  void record_event(const object_key& k, const trainjob::event& e, millis now) override {
    out_ << show_time(now) << "  # Event on trainjob " << k.to_string() << ": " << e.type << " " << e.reason
         << ": " << e.message << (e.refused ? " (refused: " + *e.refused + ")" : std::string()) << "\n";
  }

 private:
  std::ostream& out_;
};

/// One call as memory_api saw it.
struct api_call {
  millis time = 0;
  std::string verb;  // "apply", "patch_status", "delete", "event"
  object_key key;
  nlohmann::json body;  // the merge patch; the event as JSON; null otherwise
  api_outcome outcome = api_outcome::ok;
};
inline bool operator==(const api_call& a, const api_call& b) {
  return a.time == b.time && a.verb == b.verb && a.key == b.key && a.body == b.body && a.outcome == b.outcome;
}

/// Records every call; fail(verb, key, outcome, n) makes the next n such calls fail.
class memory_api : public api {
 public:
  void fail(const std::string& verb, const object_key& k, api_outcome o, int times = 1) {
    auto& plan = failures_[std::make_pair(verb, k)];
    for (int i = 0; i < times; ++i) plan.push_back(o);
  }

  api_status apply_job_set(const object_key& k, millis now) override {
    return call("apply", k, nullptr, now, "jobsets.jobset.x-k8s.io");
  }
  api_status patch_status(const object_key& k, const nlohmann::json& merge_patch, millis now) override {
    return call("patch_status", k, merge_patch, now, "trainjobs.trainer.kubeflow.org");
  }
  api_status delete_job_set(const object_key& k, millis now) override {
    return call("delete", k, nullptr, now, "jobsets.jobset.x-k8s.io");
  }
  void record_event(const object_key& k, const trainjob::event& e, millis now) override {
    (void)call("event", k, nlohmann::json(e), now, "events");
  }

  const std::vector<api_call>& calls() const { return calls_; }
  /// The calls about one object, in order.
  std::vector<api_call> calls_for(const object_key& k) const {
    std::vector<api_call> out;
    for (const auto& c : calls_) {
      if (c.key == k) out.push_back(c);
    }
    return out;
  }

 private:
  api_status call(const std::string& verb, const object_key& k, nlohmann::json body, millis now,
                  const std::string& resource) {
    api_status s;
    auto it = failures_.find(std::make_pair(verb, k));
    if (it != failures_.end() && !it->second.empty()) {
      s = api_failure(it->second.front(), resource, k);
      it->second.erase(it->second.begin());
    }
    calls_.push_back(api_call{now, verb, k, std::move(body), s.outcome});
    return s;
  }

  std::vector<api_call> calls_;
  std::map<std::pair<std::string, object_key>, std::vector<api_outcome>> failures_;
};

}  // namespace controller_example

#endif
