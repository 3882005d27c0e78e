// trainjob-controller-example: a TrainJob status controller driven by a watch stream.
//
//   kubectl get trainjobs,jobsets -A -w -o json --output-watch-events | jq -c --unbuffered . |
//       trainjob-controller-example [--profile NAME] [--policy NAME]... [--now TIME] [FILE]
//
// Input: JSON Lines (`kubectl ... -o json` indents its output; `jq -c` puts each object on
// one line), from FILE or standard input ("-"). Each line is a watch event
// `{"type": "ADDED"|"MODIFIED"|"DELETED", "object": <TrainJob or JobSet>, "time"?: TIME}`
// (`time`, not written by kubectl, is when the event was recorded), a bare TrainJob or
// JobSet (`kubectl get -w -o json` without --output-watch-events: taken as ADDED/MODIFIED),
// or a `List` of them. BOOKMARK events are ignored. Objects are keyed by namespace/name; a
// JobSet belongs to the TrainJob of the same namespace and name, as upstream names it.
//
// Output: one JSON line per status write, only when the status changed:
//   {"namespace", "name", "patch": {"status": {<changed top-level fields; null: removed>}},
//    "actions": {"applyObjects", "deleteJobSet", "requeueAfterSeconds"}, "errors", "events"}
// A bad line gets a message on standard error naming its number; the stream goes on and
// the exit status is 2 at the end (2 also for bad usage). Otherwise 0.
//
// How it maps to a real controller (upstream's TrainJob reconciler with controller-runtime):
//   - The two maps below are the informer caches. A watch event updates a cache and, like
//     the reconciler's `Watches(&JobSet{}, EnqueueRequestForOwner)`, enqueues the TrainJob
//     it concerns; here the pass runs at once, at the event's time.
//   - `trainjob::plan` is the first half of the pass. `apply_objects` is a server-side apply
//     of the JobSet built from the runtime (API call: PATCH jobsets/<name>, apply-patch+yaml,
//     field manager trainer). This example does not build it: the apply is assumed to
//     succeed, and a JobSet that did not exist is then seen without status, as upstream's
//     status step reads it in the same pass.
//   - `trainjob::reconcile` is the status step. When `changed`, the controller sends the
//     patch printed here (API call: PATCH trainjobs/<name>/status with Content-Type
//     application/merge-patch+json), and the API server stores it: this program applies it
//     to its own copy, so the next event sees the new status. The watch then echoes the
//     write as a TrainJob MODIFIED event, whose pass changes nothing and prints nothing.
//   - `deleteJobSet` is a DELETE of the JobSet (API call, foreground propagation); the
//     JobSet is forgotten at once (its DELETED event follows). `requeueAfterSeconds` is
//     `ctrl.Result{RequeueAfter: ...}`: the work queue would run a pass then; this example
//     has no timers and runs passes only on events. `errors` make controller-runtime
//     requeue with backoff; `events` are Kubernetes Events recorded on the TrainJob.
//   - A DELETED TrainJob is forgotten (its JobSet goes with it through ownerReferences; the
//     JobSet's own DELETED event removes it here). A DELETED JobSet is NotFound for the next
//     pass, which recreates it if the job is not finished.
//
// With --timeline the same events go through the loop an operator runs (loop.hpp and the
// headers it includes, in this directory): a work queue keyed by namespace/name with
// client-go's deduplication and dirty re-queue (work_queue.hpp), controller-runtime's default
// rate limiter for errors (rate_limiter.hpp), timers for `requeueAfterSeconds`, and the API
// calls behind an interface (api.hpp) printed as kubectl commands. Time is virtual
// (virtual_clock.hpp): each event's "time", and in between it jumps to the next timer, so a
// deadline fires without an event; --until runs the timers on after the last event. The
// apply succeeds and creates a JobSet the cache did not have, as above; the status patch is
// stored in the cache at once (the watch's echo of it, when the stream has one, changes
// nothing). Events of one instant are all cached before any pass runs: one pass per key.
// With --real-time the loop runs on the machine's clock instead: events are stamped when
// they arrive and a driver thread sleeps until the next event or timer (one worker; a
// controller with N workers puts the queue behind a mutex, as test_threads.cpp does, and
// gives each worker its own reconcile_result).
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <trainjob/trainjob.hpp>
#include <utility>
#include <vector>

#include "api.hpp"
#include "loop.hpp"
#include "virtual_clock.hpp"

namespace {

constexpr const char* usage =
    "usage: trainjob-controller-example [--profile NAME] [--policy NAME]... [--now TIME]\n"
    "                                   [--timeline [--until TIME] | --real-time] [FILE]\n"
    "  Reads watch events (JSON Lines, from FILE or standard input) for TrainJobs and\n"
    "  JobSets, runs a controller pass on each, and prints the status merge patches.\n"
    "  --timeline runs them through a work queue with timers and backoff on a virtual clock\n"
    "             (each event's \"time\"), and prints the API calls as kubectl commands\n"
    "  --until    with --timeline: run timers up to TIME after the last event\n"
    "  --real-time  the same loop on the machine's clock: events are stamped when they\n"
    "             arrive, timers wait in real time, the run ends with the input\n"
    "  --profile  v1.9, v2.0, v2.1, v2.2, v2.3 or latest (default latest)\n"
    "  --policy   enable a shipped condition policy (repeatable)\n"
    "  --now      a fixed clock; else each event's \"time\", else the wall clock\n";

using key = std::pair<std::string, std::string>;  // namespace, name

trainjob::timestamp wall_clock() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return trainjob::timestamp::from_unix(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

/// A short rendering of a bad value for a message.
std::string show(const nlohmann::json& j) {
  std::string s = trainjob::dump(j);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

/// A line that cannot be used; the message says why.
struct bad_line {
  std::string message;
};

/// Where parsed watch events go: the event-by-event controller below, or the loop.
class event_sink {
 public:
  virtual ~event_sink() = default;
  virtual void on_train_job(const std::string& type, trainjob::train_job tj, trainjob::timestamp now) = 0;
  virtual void on_job_set(const std::string& type, trainjob::job_set js, trainjob::timestamp now) = 0;
};

/// The default output: a pass at once on each event, its status patch as a JSON line.
class controller : public event_sink {
 public:
  controller(trainjob::reconcile_options options, std::ostream& out) : options_(options), out_(out) {}

  void on_train_job(const std::string& type, trainjob::train_job tj, trainjob::timestamp now) override {
    key k{tj.metadata.namespace_, tj.metadata.name};
    if (type == "DELETED") {
      train_jobs_.erase(k);
      return;
    }
    train_jobs_[k] = std::move(tj);
    pass(k, now);
  }

  void on_job_set(const std::string& type, trainjob::job_set js, trainjob::timestamp now) override {
    key k{js.metadata.namespace_, js.metadata.name};
    if (type == "DELETED") {
      job_sets_.erase(k);
    } else {
      job_sets_[k] = std::move(js);
    }
    pass(k, now);  // the owner, if it is known
  }

 private:
  /// One controller pass for the TrainJob `k`, at `now`.
  void pass(const key& k, trainjob::timestamp now) {
    const auto tj_it = train_jobs_.find(k);
    if (tj_it == train_jobs_.end()) return;
    trainjob::train_job& tj = tj_it->second;

    const trainjob::plan_result p = trainjob::plan(tj, options_);
    auto js_it = job_sets_.find(k);
    if (p.apply_objects && js_it == job_sets_.end()) {
      // API call: server-side apply creates the JobSet; it has no status yet.
      trainjob::job_set created;
      created.api_version = std::string(trainjob::jobset_api_version);
      created.kind = "JobSet";
      created.metadata.name = k.second;
      created.metadata.namespace_ = k.first;
      js_it = job_sets_.emplace(k, std::move(created)).first;
    }
    const trainjob::job_set* observed = js_it == job_sets_.end() ? nullptr : &js_it->second;
    const trainjob::reconcile_result r =
        trainjob::reconcile(trainjob::observation{tj, observed, now}, options_);

    // API call: DELETE the JobSet.
    if (r.delete_job_set) job_sets_.erase(k);
    if (!r.changed) return;

    // API call: PATCH the status subresource with this merge patch.
    const nlohmann::json patch = controller_example::status_merge_patch(tj.status, r.status);
    if (patch.empty()) return;
    std::string line = "{\"namespace\":" + trainjob::dump(k.first) + ",\"name\":" + trainjob::dump(k.second) +
                       ",\"patch\":" + trainjob::dump(patch) +
                       ",\"actions\":{\"applyObjects\":" + (r.apply_objects ? "true" : "false") +
                       ",\"deleteJobSet\":" + (r.delete_job_set ? "true" : "false") +
                       ",\"requeueAfterSeconds\":" +
                       (r.requeue_after_seconds ? std::to_string(*r.requeue_after_seconds) : "null") +
                       "},\"errors\":" + trainjob::dump(nlohmann::json(r.errors)) + ",\"events\":";
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : r.events) events.push_back(e);
    line += trainjob::dump(events) + "}\n";
    out_ << line << std::flush;

    // The API server stores the patched object; keep it as the next pass's TrainJob.
    nlohmann::json doc = trainjob::encode(tj);
    doc.merge_patch(patch);
    auto patched = trainjob::try_decode<trainjob::train_job>(doc);
    if (patched) {
      tj = std::move(*patched);
    } else {
      tj.status = r.status;  // not expected: the patch comes from a valid status
    }
  }

  trainjob::reconcile_options options_;
  std::ostream& out_;
  std::map<key, trainjob::train_job> train_jobs_;
  std::map<key, trainjob::job_set> job_sets_;
};

/// --timeline: the events go to the work-queue loop on a virtual clock; the API calls are
/// printed as kubectl commands, the loop's decisions as comments.
class timeline : public event_sink {
 public:
  timeline(trainjob::reconcile_options options, std::ostream& out)
      : out_(out), api_(out), loop_(options, api_, clock_) {
    loop_.set_note([this](controller_example::millis t, const controller_example::object_key& k,
                          const std::string& text) {
      out_ << controller_example::show_time(t) << "  # " << k.to_string() << ": " << text << "\n";
    });
  }
  void on_train_job(const std::string& type, trainjob::train_job tj, trainjob::timestamp now) override {
    controller_example::watch_event e{type, std::move(tj), std::nullopt, now.unix_seconds() * 1000};
    loop_.on_event(std::move(e));
  }
  void on_job_set(const std::string& type, trainjob::job_set js, trainjob::timestamp now) override {
    controller_example::watch_event e{type, std::nullopt, std::move(js), now.unix_seconds() * 1000};
    loop_.on_event(std::move(e));
  }
  /// After the last event: its passes, and the timers due up to `until`.
  void finish(std::optional<trainjob::timestamp> until) {
    loop_.run_until(until ? until->unix_seconds() * 1000 : clock_.now());
    out_ << std::flush;
  }

 private:
  std::ostream& out_;
  controller_example::virtual_clock clock_;
  controller_example::kubectl_api api_;
  controller_example::controller_loop loop_;
};

/// --real-time: the same loop on the machine's clock. The reading thread (main) only hands
/// the events over; one driver thread owns the loop and wakes for the next event or timer,
/// as a controller's worker does. Events are stamped with the time they arrive.
class real_time : public event_sink {
 public:
  real_time(trainjob::reconcile_options options, std::ostream& out)
      : out_(out), clock_(wall_ms()), api_(out), loop_(options, api_, clock_), driver_([this] { drive(); }) {
    loop_.set_note([this](controller_example::millis t, const controller_example::object_key& k,
                          const std::string& text) {
      out_ << controller_example::show_time(t) << "  # " << k.to_string() << ": " << text << "\n";
    });
  }
  real_time(const real_time&) = delete;
  real_time& operator=(const real_time&) = delete;
  ~real_time() override { finish(); }

  void on_train_job(const std::string& type, trainjob::train_job tj, trainjob::timestamp) override {
    push(controller_example::watch_event{type, std::move(tj), std::nullopt, 0});
  }
  void on_job_set(const std::string& type, trainjob::job_set js, trainjob::timestamp) override {
    push(controller_example::watch_event{type, std::nullopt, std::move(js), 0});
  }
  /// The input ended: the driver runs what has arrived and stops (timers still waiting are
  /// dropped, as when a controller shuts down).
  void finish() {
    {
      const std::lock_guard<std::mutex> l(m_);
      closed_ = true;
    }
    cv_.notify_one();
    if (driver_.joinable()) driver_.join();
  }

 private:
  static controller_example::millis wall_ms() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  }
  void push(controller_example::watch_event e) {
    {
      const std::lock_guard<std::mutex> l(m_);
      inbox_.push_back(std::move(e));
    }
    cv_.notify_one();
  }
  void drive() {
    std::unique_lock<std::mutex> l(m_);
    for (;;) {
      const auto ready = [this] { return closed_ || !inbox_.empty(); };
      const auto next = loop_.queue().next_ready_time();  // only this thread touches the loop
      if (next) {
        cv_.wait_for(l, std::chrono::milliseconds(std::max<controller_example::millis>(0, *next - wall_ms())),
                     ready);
      } else {
        cv_.wait(l, ready);
      }
      std::vector<controller_example::watch_event> batch;
      batch.swap(inbox_);
      const bool closing = closed_;
      l.unlock();
      const controller_example::millis now = wall_ms();
      for (auto& e : batch) {
        e.time = now;
        loop_.on_event(std::move(e));
      }
      loop_.run_until(now);
      out_ << std::flush;
      l.lock();
      if (closing && inbox_.empty()) return;
    }
  }

  std::ostream& out_;
  controller_example::virtual_clock clock_;  // moved to the wall clock's time at each wake
  controller_example::kubectl_api api_;
  controller_example::controller_loop loop_;
  std::mutex m_;  // guards inbox_ and closed_
  std::condition_variable cv_;
  std::vector<controller_example::watch_event> inbox_;
  bool closed_ = false;
  std::thread driver_;  // last: starts once the rest is built
};

/// One object of a line: a TrainJob or a JobSet, to the controller; throws bad_line.
void dispatch(event_sink& c, const std::string& type, const nlohmann::json& object, trainjob::timestamp now,
              const std::string& where) {
  if (!object.is_object()) {
    throw bad_line{(where.empty() ? "" : where + ": ") + "expected a TrainJob or a JobSet, got " +
                   show(object)};
  }
  const auto kind = object.find("kind");
  const std::string k = kind != object.end() && kind->is_string() ? kind->get<std::string>() : std::string();
  auto check_name = [&](const trainjob::object_meta& m) {
    if (m.name.empty()) throw bad_line{(where.empty() ? "" : where + ".") + "metadata.name: required"};
  };
  auto prefix = [&](const trainjob::error_info& e) {
    std::string p = where;
    if (!e.path.empty()) p += (p.empty() ? "" : ".") + e.path;
    return (p.empty() ? "" : p + ": ") + e.message;
  };
  if (k == "TrainJob") {
    auto tj = trainjob::try_decode<trainjob::train_job>(object);
    if (!tj) throw bad_line{prefix(tj.error())};
    check_name(tj->metadata);
    c.on_train_job(type, std::move(*tj), now);
  } else if (k == "JobSet") {
    auto js = trainjob::try_decode<trainjob::job_set>(object);
    if (!js) throw bad_line{prefix(js.error())};
    check_name(js->metadata);
    c.on_job_set(type, std::move(*js), now);
  } else {
    throw bad_line{(where.empty() ? "" : where + ".") + "kind: expected \"TrainJob\" or \"JobSet\", got " +
                   (kind == object.end() ? std::string("nothing") : show(*kind))};
  }
}

/// One input line; throws bad_line.
void handle_line(event_sink& c, std::string_view text, const std::optional<trainjob::timestamp>& fixed_now) {
  auto doc = trainjob::parse_json(text);
  if (!doc) throw bad_line{doc.error().to_string()};
  const nlohmann::json& j = *doc;
  if (!j.is_object()) throw bad_line{"expected a watch event or an object, got " + show(j)};

  if (j.find("object") == j.end()) {  // a bare object, as `kubectl get -w -o json` prints it
    const trainjob::timestamp now = fixed_now ? *fixed_now : wall_clock();
    const auto kind = j.find("kind");
    if (kind != j.end() && *kind == "List") {
      const auto items = j.find("items");
      if (items == j.end() || !items->is_array()) throw bad_line{"items: expected an array"};
      for (std::size_t i = 0; i < items->size(); ++i) {
        dispatch(c, "MODIFIED", (*items)[i], now, "items[" + std::to_string(i) + "]");
      }
      return;
    }
    dispatch(c, "MODIFIED", j, now, "");
    return;
  }

  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    throw bad_line{"type: expected \"ADDED\", \"MODIFIED\", \"DELETED\" or \"BOOKMARK\""};
  }
  const std::string& t = type->get_ref<const std::string&>();
  const nlohmann::json& object = j["object"];
  if (t == "BOOKMARK") return;
  if (t == "ERROR") {  // the watch failed; the object is a metav1.Status
    const auto msg = object.is_object() ? object.find("message") : object.end();
    throw bad_line{"watch error: " + (object.is_object() && msg != object.end() && msg->is_string()
                                          ? msg->get<std::string>()
                                          : show(object))};
  }
  if (t != "ADDED" && t != "MODIFIED" && t != "DELETED") {
    throw bad_line{"type: expected \"ADDED\", \"MODIFIED\", \"DELETED\" or \"BOOKMARK\", got " + show(*type)};
  }
  std::optional<trainjob::timestamp> event_time;
  if (const auto tm = j.find("time"); tm != j.end()) {
    std::string why;
    if (tm->is_string()) event_time = trainjob::timestamp::parse(tm->get_ref<const std::string&>(), &why);
    if (!event_time)
      throw bad_line{"time: " + (why.empty() ? std::string("expected an RFC 3339 time string") : why) +
                     ", got " + show(*tm)};
  }
  const trainjob::timestamp now = fixed_now ? *fixed_now : event_time ? *event_time : wall_clock();
  dispatch(c, t, object, now, "object");
}

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "trainjob-controller-example: " << message << "\n" << usage;
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  trainjob::reconcile_options options;
  std::vector<std::string> policy_names;
  std::optional<trainjob::timestamp> fixed_now;
  std::optional<std::string> file;
  bool use_timeline = false;
  bool use_real_time = false;
  std::optional<trainjob::timestamp> until;

  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const std::string& name) -> std::optional<std::string> {
      if (arg == name) {
        if (i + 1 >= argc) usage_error(name + " needs a value");
        return std::string(argv[++i]);
      }
      if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
      return std::nullopt;
    };
    if (arg == "-h" || arg == "--help") {
      std::cout << usage;
      return 0;
    } else if (auto p = value("--profile")) {
      const auto prof = trainjob::profile_from_string(*p);
      if (!prof)
        usage_error("unknown profile \"" + *p + "\": expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest");
      options.profile = *prof;
    } else if (auto pol = value("--policy")) {
      policy_names.push_back(*pol);
    } else if (auto n = value("--now")) {
      std::string why;
      fixed_now = trainjob::timestamp::parse(*n, &why);
      if (!fixed_now) usage_error("--now: " + why);
    } else if (arg == "--timeline") {
      use_timeline = true;
    } else if (arg == "--real-time") {
      use_real_time = true;
    } else if (auto u = value("--until")) {
      std::string why;
      until = trainjob::timestamp::parse(*u, &why);
      if (!until) usage_error("--until: " + why);
    } else if (arg.size() > 1 && arg[0] == '-') {
      usage_error("unknown option " + arg);
    } else if (file) {
      usage_error("at most one FILE");
    } else {
      file = arg;
    }
  }

  if (until && !use_timeline) usage_error("--until needs --timeline");
  if (use_real_time && (use_timeline || fixed_now))
    usage_error("--real-time goes without --timeline and --now");

  trainjob::policy_set policies;
  if (!policy_names.empty()) {
    if (options.profile == trainjob::profile::v1_9) {
      usage_error("--policy: condition policies are not supported with the v1.9 profile");
    }
    auto set = trainjob::make_policy_set(policy_names);
    if (!set) usage_error("--policy: " + set.error().to_string());
    policies = std::move(*set);
    options.policies = &policies;
  }

  std::ifstream in_file;
  if (file && *file != "-") {
    in_file.open(*file, std::ios::binary);
    if (!in_file) {
      std::cerr << "trainjob-controller-example: " << *file << ": cannot open\n";
      return 2;
    }
  }
  std::istream& in = file && *file != "-" ? static_cast<std::istream&>(in_file) : std::cin;
  const std::string source = file && *file != "-" ? *file : std::string("<stdin>");

  controller by_event(options, std::cout);
  timeline by_time(options, std::cout);
  std::optional<real_time> by_wall_clock;
  if (use_real_time) by_wall_clock.emplace(options, std::cout);
  event_sink& c = use_real_time  ? static_cast<event_sink&>(*by_wall_clock)
                  : use_timeline ? static_cast<event_sink&>(by_time)
                                 : by_event;
  bool any_bad = false;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      handle_line(c, line, fixed_now);
    } catch (const bad_line& e) {
      std::cerr << source << ":" << number << ": " << e.message << "\n";
      any_bad = true;
    } catch (const std::exception& e) {  // not expected: the library reports errors as values
      std::cerr << source << ":" << number << ": " << e.what() << "\n";
      any_bad = true;
    }
  }
  if (use_timeline) by_time.finish(until);
  if (by_wall_clock) by_wall_clock->finish();
  if (in.bad()) {
    std::cerr << "trainjob-controller-example: " << source << ": read error\n";
    return 2;
  }
  return any_bad ? 2 : 0;
}
