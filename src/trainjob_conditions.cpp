// trainjob-conditions: the command-line face of the library.
//
// Exit status: 0 success (for validate: every object valid; for lint: no
// finding), 1 violations, findings or an unexpected failure, 2 bad usage or
// bad input (a message on standard error naming the file and the JSON path;
// nothing on standard output). batch writes every line's output even when
// some lines are bad, and exits 2 then.

#include <trainjob/lint.hpp>
#include <trainjob/policies.hpp>
#include <trainjob/summary.hpp>
#include <trainjob/trainjob.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#ifndef TRAINJOB_EXAMPLES_DIR
#define TRAINJOB_EXAMPLES_DIR ""
#endif

namespace {

constexpr int exit_ok = 0;
constexpr int exit_findings = 1;
constexpr int exit_bad_input = 2;

const char* const usage_text =
    "usage: trainjob-conditions <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate [--print] [--message-bytes] FILE...\n"
    "      Decode TrainJobs, (Cluster)TrainingRuntimes, JobSets or Lists of them and\n"
    "      validate their conditions. --print writes each object back as the library\n"
    "      encodes it. Exit 0 valid, 1 violations (on stderr), 2 bad input.\n"
    "  reconcile --trainjob FILE (--jobset FILE | --no-jobset) [--now TIME]\n"
    "            [--profile NAME] [--apply-error MESSAGE] [--build-error MESSAGE]\n"
    "            [--runtime FILE] [--policy NAME]... [--migrate]\n"
    "      One controller pass; prints {status, changed, applyObjects, deleteJobSet,\n"
    "      requeueAfterSeconds, skipped, errors, events}. The JobSet is the one the\n"
    "      status step reads, after this pass's apply. --build-error: building the\n"
    "      child objects failed (no apply). --runtime: the TrainingRuntime or\n"
    "      ClusterTrainingRuntime (policies read its step labels). --policy enables\n"
    "      a condition policy (repeatable). --migrate removes a legacy Created.\n"
    "  replay [--profile NAME] [--format json|table] [--policy NAME]... [--migrate]\n"
    "         SCENARIO\n"
    "      Replays a scenario: one JSON line per step, or a timeline table.\n"
    "  state [--format json|text] FILE\n"
    "      The state of each TrainJob (FILE: a TrainJob or a List of them). json: one\n"
    "      {stateColumn, state, kstatus: {status, message}} (a List: an array of them);\n"
    "      text: one line per TrainJob, NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE\n"
    "      (an empty State column shows as -). Exit 0, 2 bad input.\n"
    "  lint [--previous FILE] [--policy NAME]... [--format text|json] [FILE]\n"
    "      Checks a TrainJob (or a List of them) and/or the policy set given by\n"
    "      --policy against the condition design rules; --previous is the same\n"
    "      TrainJob as read before. Prints one finding per line,\n"
    "      FILE: PATH: [RULE] SEVERITY: MESSAGE (FILE is --policy for the set), or a\n"
    "      JSON array of {file, path, rule, severity, message}. Exit 0 clean,\n"
    "      1 findings, 2 bad input.\n"
    "  batch [--profile NAME] [--threads N] [--max-line-bytes N]\n"
    "      Reads JSON Lines on standard input, each {\"trainjob\": ..., \"jobset\": ... or\n"
    "      null, \"now\": TIME}, and writes one line per line read, in order: the\n"
    "      reconcile output for it, or {\"error\": \"line N: ...\"}. Blank lines give no\n"
    "      output. --threads: worker threads (1 to 64, default 1). A line longer than\n"
    "      --max-line-bytes (default and maximum {max_bytes}) is an error line.\n"
    "      Exit 0, or 2 when some line was an error.\n"
    "  demo [--dir DIR]\n"
    "      Replays the example scenarios (examples/scenarios) as timelines.\n"
    "\n"
    "FILE may be '-' for standard input. TIME is RFC 3339 (default: now).\n"
    "Profiles: v1.9, v2.0, v2.1, v2.2, v2.3, latest (default).\n";

/// The usage text, with the parse limit and the shipped policies as the library gives them.
std::string usage() {
  std::string out = usage_text;
  constexpr std::string_view limit = "{max_bytes}";
  out.replace(out.find(limit), limit.size(), std::to_string(trainjob::parse_limits{}.max_bytes));
  out += "Policies (each owns the condition type it is named after; at most " +
         std::to_string(trainjob::policy_set::max_policies) + "):\n ";
  std::size_t column = 1;
  for (auto name : trainjob::shipped_policy_names()) {
    if (column + name.size() + 2 > 80) {
      out += "\n ";
      column = 1;
    }
    out += " ";
    out += name;
    column += name.size() + 1;
  }
  return out + "\n";
}

/// Bad usage or bad input: reported once, exit 2.
struct bad_input {
  std::string message;
};

[[noreturn]] void usage_error(const std::string& msg) { throw bad_input{msg + "\n\n" + usage()}; }

std::string display_name(const std::string& name) { return name == "-" ? "<stdin>" : name; }

/// FILE's bytes ('-': standard input), reading at most one byte past the
/// input limit, so that /dev/zero or an endless pipe is refused, not read
/// until memory runs out.
std::string read_file(const std::string& name) {
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  const std::string limit = std::to_string(max_bytes);
  std::string data;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (name != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(name, ec)) throw bad_input{name + ": is a directory"};
    file.open(name, std::ios::binary);
    if (!file) throw bad_input{name + ": cannot open: " + std::strerror(errno)};
    in = &file;
    const auto size = std::filesystem::file_size(name, ec);  // fails for pipes and devices
    if (!ec && size > max_bytes) {
      throw bad_input{name + ": input is " + std::to_string(size) + " bytes, over the limit of " + limit};
    }
    if (!ec) data.reserve(static_cast<std::size_t>(size));
  }
  char buf[1 << 16];
  while (data.size() <= max_bytes && in->read(buf, sizeof buf).gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in->gcount()));
  }
  if (in->bad()) throw bad_input{display_name(name) + ": cannot read: " + std::strerror(errno)};
  if (data.size() > max_bytes) {
    throw bad_input{display_name(name) + ": input is over the limit of " + limit + " bytes"};
  }
  return data;
}

nlohmann::json read_json(const std::string& name) {
  auto j = trainjob::parse_json(read_file(name));
  if (!j) throw bad_input{display_name(name) + ": " + j.error().to_string()};
  return std::move(*j);
}

template <class T>
T read_object(const std::string& name) {
  auto r = trainjob::try_decode<T>(read_json(name));
  if (!r) throw bad_input{display_name(name) + ": " + r.error().to_string()};
  return std::move(*r);
}

trainjob::profile parse_profile(const std::string& s) {
  auto p = trainjob::profile_from_string(s);
  if (!p) usage_error("unknown profile \"" + s + "\": expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest");
  return *p;
}

/// The policy set of the --policy options; the registry's message on a refusal.
trainjob::policy_set make_policies(const char* verb, const std::vector<std::string>& names, trainjob::profile p) {
  if (names.empty()) return {};
  if (p == trainjob::profile::v1_9) {
    throw bad_input{std::string(verb) + ": --policy: condition policies are not supported with the v1.9 profile"};
  }
  auto set = trainjob::make_policy_set(names);
  if (!set) throw bad_input{std::string(verb) + ": --policy: " + set.error().to_string()};
  return std::move(*set);
}

/// A TrainingRuntime or ClusterTrainingRuntime, as the observation takes it.
trainjob::training_runtime read_runtime(const std::string& name) {
  const nlohmann::json j = read_json(name);
  if (j.is_object()) {
    const auto k = j.find("kind");
    if (k != j.end() && k->is_string() && *k == "ClusterTrainingRuntime") {
      auto r = trainjob::try_decode<trainjob::cluster_training_runtime>(j);
      if (!r) throw bad_input{display_name(name) + ": " + r.error().to_string()};
      return std::move(*r);  // the same shape; kind kept in the data
    }
    if (k != j.end() && !(k->is_string() && *k == "TrainingRuntime")) {
      throw bad_input{display_name(name) + ": kind: expected \"TrainingRuntime\" or \"ClusterTrainingRuntime\", got " +
                      trainjob::detail::show(*k)};
    }
  }
  auto r = trainjob::try_decode<trainjob::training_runtime>(j);
  if (!r) throw bad_input{display_name(name) + ": " + r.error().to_string()};
  return std::move(*r);
}

/// The TrainJobs of FILE (a TrainJob or a List of them), with their paths;
/// `is_list` says whether FILE was a List.
std::vector<std::pair<std::string, trainjob::train_job>> read_train_jobs(const std::string& name, bool& is_list) {
  auto objs = trainjob::try_decode_objects(read_json(name));
  if (!objs) throw bad_input{display_name(name) + ": " + objs.error().to_string()};
  is_list = objs->empty() || !objs->front().path.empty();
  std::vector<std::pair<std::string, trainjob::train_job>> out;
  for (auto& o : *objs) {
    auto* tj = std::get_if<trainjob::train_job>(&o.object);
    if (tj == nullptr) {
      throw bad_input{display_name(name) + ": " + (o.path.empty() ? "" : o.path + ".") + "kind: expected \"TrainJob\", got \"" +
                      std::string(trainjob::kind_of(o.object)) + "\""};
    }
    out.emplace_back(o.path, std::move(*tj));
  }
  return out;
}

trainjob::timestamp current_time() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return trainjob::timestamp::from_unix(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

/// The arguments after the command; options take "--name X" or "--name=X".
struct args {
  std::vector<std::string> items;
  std::size_t i = 0;

  bool done() const { return i >= items.size(); }
  const std::string& peek() const { return items[i]; }
  bool flag(const char* name) {
    if (items[i] == name) {
      ++i;
      return true;
    }
    return false;
  }
  std::optional<std::string> option(const char* name) {
    const std::string& a = items[i];
    const std::size_t n = std::strlen(name);
    if (a == name) {
      if (i + 1 >= items.size()) usage_error(std::string(name) + " needs a value");
      i += 2;
      return items[i - 1];
    }
    if (a.size() > n && a.compare(0, n, name) == 0 && a[n] == '=') {
      ++i;
      return a.substr(n + 1);
    }
    return std::nullopt;
  }
  bool is_option() const { return items[i].size() > 1 && items[i][0] == '-'; }
};

int cmd_validate(args a) {
  bool print = false;
  trainjob::validation_options vopts;
  std::vector<std::string> files;
  while (!a.done()) {
    if (a.flag("--print")) {
      print = true;
    } else if (a.flag("--message-bytes")) {
      vopts.check_message_bytes = true;
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("validate: unknown option " + a.peek());
    } else {
      files.push_back(a.items[a.i++]);
    }
  }
  if (files.empty()) usage_error("validate: no FILE given");
  if (std::count(files.begin(), files.end(), "-") > 1) usage_error("validate: '-' given twice");
  // Every file is read and reported; the worst outcome decides the exit.
  int status = exit_ok;
  std::string out;
  for (const auto& f : files) {
    try {
      const nlohmann::json doc = read_json(f);
      auto objs = trainjob::try_decode_objects(doc);
      if (!objs) throw bad_input{display_name(f) + ": " + objs.error().to_string()};
      for (const auto& o : *objs) {
        for (const auto& v : trainjob::validate(o.object, vopts)) {
          std::string path = o.path;
          if (!v.path.empty()) path += (path.empty() ? "" : ".") + v.path;
          std::cerr << display_name(f) << ": " << trainjob::kind_of(o.object) << " "
                    << trainjob::metadata_of(o.object).name << ": " << (path.empty() ? "" : path + ": ")
                    << v.message << '\n';
          status = std::max(status, exit_findings);
        }
        if (print) out += trainjob::dump(trainjob::encode(o.object), 2) + "\n";
      }
    } catch (const bad_input& e) {
      std::cerr << "trainjob-conditions: " << e.message << '\n';
      status = exit_bad_input;
    }
  }
  if (status != exit_bad_input) std::cout << out;
  return status;
}

int cmd_reconcile(args a) {
  std::optional<std::string> trainjob_file, jobset_file, now_text, apply_error, build_error, runtime_file;
  std::vector<std::string> policy_names;
  bool no_jobset = false;
  trainjob::reconcile_options opts;
  while (!a.done()) {
    if (auto v = a.option("--trainjob")) {
      trainjob_file = v;
    } else if (auto w = a.option("--jobset")) {
      jobset_file = w;
    } else if (a.flag("--no-jobset")) {
      no_jobset = true;
    } else if (auto n = a.option("--now")) {
      now_text = n;
    } else if (auto p = a.option("--profile")) {
      opts.profile = parse_profile(*p);
    } else if (auto e = a.option("--apply-error")) {
      apply_error = e;
    } else if (auto b = a.option("--build-error")) {
      build_error = b;
    } else if (auto rt = a.option("--runtime")) {
      runtime_file = rt;
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
    } else if (a.flag("--migrate")) {
      opts.migrate_legacy_created = true;
    } else {
      usage_error("reconcile: unexpected argument " + a.peek());
    }
  }
  if (!trainjob_file) usage_error("reconcile: --trainjob FILE is required");
  if (jobset_file && no_jobset) usage_error("reconcile: give --jobset FILE or --no-jobset, not both");
  if (!jobset_file && !no_jobset) usage_error("reconcile: one of --jobset FILE or --no-jobset is required");
  const int stdin_readers = (*trainjob_file == "-" ? 1 : 0) + (jobset_file && *jobset_file == "-" ? 1 : 0) +
                            (runtime_file && *runtime_file == "-" ? 1 : 0);
  if (stdin_readers > 1) {
    usage_error("reconcile: only one of --trainjob, --jobset and --runtime can read standard input");
  }
  trainjob::timestamp now = current_time();
  if (now_text) {
    std::string why;
    auto t = trainjob::timestamp::parse(*now_text, &why);
    if (!t) usage_error("reconcile: --now: " + why + ", got \"" + *now_text + "\"");
    now = *t;
  }
  const trainjob::policy_set policies = make_policies("reconcile", policy_names, opts.profile);
  if (!policies.empty()) opts.policies = &policies;
  const auto tj = read_object<trainjob::train_job>(*trainjob_file);
  std::optional<trainjob::job_set> js;
  if (jobset_file) js = read_object<trainjob::job_set>(*jobset_file);
  std::optional<trainjob::training_runtime> runtime;
  if (runtime_file) runtime = read_runtime(*runtime_file);
  auto view = [](const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
  };
  const auto r = trainjob::reconcile(trainjob::observation{tj, js ? &*js : nullptr, now, view(apply_error),
                                                           view(build_error), runtime ? &*runtime : nullptr},
                                     opts);
  std::cout << trainjob::dump(nlohmann::json(r)) << '\n';
  return exit_ok;
}

enum class output_format { json, table };

int cmd_replay(args a) {
  std::optional<trainjob::profile> prof;
  output_format fmt = output_format::json;
  std::optional<std::string> file;
  std::vector<std::string> policy_names;
  bool migrate = false;
  while (!a.done()) {
    if (auto p = a.option("--profile")) {
      prof = parse_profile(*p);
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
    } else if (a.flag("--migrate")) {
      migrate = true;
    } else if (auto f = a.option("--format")) {
      if (*f == "json") {
        fmt = output_format::json;
      } else if (*f == "table") {
        fmt = output_format::table;
      } else {
        usage_error("replay: --format takes json or table, got \"" + *f + "\"");
      }
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("replay: unknown option " + a.peek());
    } else if (file) {
      usage_error("replay: more than one SCENARIO given");
    } else {
      file = a.items[a.i++];
    }
  }
  if (!file) usage_error("replay: no SCENARIO given");
  auto sc = trainjob::try_decode_scenario(read_json(*file));
  if (!sc) throw bad_input{display_name(*file) + ": " + sc.error().to_string()};
  trainjob::replay_options ro;
  ro.profile = prof;
  ro.migrate_legacy_created = migrate;
  const trainjob::policy_set policies = make_policies("replay", policy_names, trainjob::effective_profile(*sc, ro));
  if (!policies.empty()) ro.policies = &policies;
  std::vector<trainjob::replay_step> steps;
  try {
    steps = trainjob::replay(*sc, ro);
  } catch (const trainjob::decode_error& e) {
    throw bad_input{display_name(*file) + ": " + e.what()};
  }
  std::string out;
  if (fmt == output_format::table) {
    out = trainjob::format_timeline(steps);
  } else {
    for (const auto& s : steps) out += trainjob::dump(trainjob::to_json_line(s)) + "\n";
  }
  std::cout << out;
  return exit_ok;
}

int cmd_state(args a) {
  bool text = false;
  std::optional<std::string> file;
  while (!a.done()) {
    if (auto f = a.option("--format")) {
      if (*f == "json") {
        text = false;
      } else if (*f == "text") {
        text = true;
      } else {
        usage_error("state: --format takes json or text, got \"" + *f + "\"");
      }
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("state: unknown option " + a.peek());
    } else if (file) {
      usage_error("state: more than one FILE given");
    } else {
      file = a.items[a.i++];
    }
  }
  if (!file) usage_error("state: no FILE given");
  bool is_list = false;
  const auto jobs = read_train_jobs(*file, is_list);
  std::string out;
  if (text) {
    for (const auto& item : jobs) {
      const trainjob::train_job& tj = item.second;
      const trainjob::kstatus k = trainjob::kstatus_of(tj);
      std::string name = tj.metadata.name.empty() ? "-" : tj.metadata.name;
      if (!tj.metadata.namespace_.empty()) name = tj.metadata.namespace_ + "/" + name;
      const std::string column = trainjob::state_column(tj.status);
      out += name + " " + (column.empty() ? "-" : column) + " " + std::string(trainjob::to_string(trainjob::state_of(tj))) +
             " " + k.status + ": " + k.message + "\n";
    }
  } else if (is_list) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& item : jobs) arr.push_back(trainjob::summarize(item.second));
    out = trainjob::dump(arr) + "\n";
  } else {
    out = trainjob::dump(trainjob::summarize(jobs.front().second)) + "\n";
  }
  std::cout << out;
  return exit_ok;
}

int cmd_lint(args a) {
  bool json = false;
  std::optional<std::string> file, previous_file;
  std::vector<std::string> policy_names;
  bool any_policy = false;
  while (!a.done()) {
    if (auto f = a.option("--format")) {
      if (*f == "json") {
        json = true;
      } else if (*f == "text") {
        json = false;
      } else {
        usage_error("lint: --format takes text or json, got \"" + *f + "\"");
      }
    } else if (auto p = a.option("--previous")) {
      previous_file = p;
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
      any_policy = true;
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("lint: unknown option " + a.peek());
    } else if (file) {
      usage_error("lint: more than one FILE given");
    } else {
      file = a.items[a.i++];
    }
  }
  if (!file && !any_policy) usage_error("lint: give a FILE, --policy NAME, or both");
  if (previous_file && !file) usage_error("lint: --previous needs a FILE to compare with");
  if (previous_file && file && *previous_file == "-" && *file == "-") {
    usage_error("lint: only one of FILE and --previous can read standard input");
  }
  struct located {
    std::optional<std::string> file;  // nullopt: the policy set
    trainjob::finding f;
  };
  std::vector<located> found;
  if (file) {
    bool is_list = false;
    const auto jobs = read_train_jobs(*file, is_list);
    std::optional<trainjob::train_job> previous;
    if (previous_file) {
      if (is_list) throw bad_input{display_name(*file) + ": --previous needs FILE to be one TrainJob, not a List"};
      previous = read_object<trainjob::train_job>(*previous_file);
      const auto& now_meta = jobs.front().second.metadata;
      if (!previous->metadata.name.empty() && !now_meta.name.empty() &&
          (previous->metadata.name != now_meta.name || previous->metadata.namespace_ != now_meta.namespace_)) {
        throw bad_input{display_name(*previous_file) + ": metadata.name: --previous is TrainJob \"" +
                        previous->metadata.namespace_ + "/" + previous->metadata.name + "\", FILE is \"" +
                        now_meta.namespace_ + "/" + now_meta.name + "\""};
      }
    }
    for (const auto& item : jobs) {
      for (auto& f : trainjob::lint(item.second, previous ? &*previous : nullptr)) {
        if (!item.first.empty()) f.path = item.first + (f.path.empty() ? "" : "." + f.path);
        found.push_back({display_name(*file), std::move(f)});
      }
    }
  }
  for (auto& f : trainjob::lint_policy_names(policy_names)) found.push_back({std::nullopt, std::move(f)});
  std::string out;
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& l : found) {
      nlohmann::json j = l.f;
      j["file"] = l.file ? nlohmann::json(*l.file) : nlohmann::json();
      arr.push_back(std::move(j));
    }
    out = trainjob::dump(arr) + "\n";
  } else {
    for (const auto& l : found) {
      out += (l.file ? *l.file : std::string("--policy")) + ": " + (l.f.path.empty() ? "" : l.f.path + ": ") + "[" +
             l.f.rule + "] " + l.f.severity + ": " + l.f.message + "\n";
    }
  }
  std::cout << out;
  return found.empty() ? exit_ok : exit_findings;
}

// ---- batch ------------------------------------------------------------------------

/// Whole lines of standard input, in chunks of about `target` bytes: large
/// reads, no per-line stream work, memory bounded by the chunk size and the
/// line limit however long the input is.
///
/// Each chunk keeps its buffer from one call to the next, and the buffer is
/// never zero-filled, so a steady run allocates nothing and touches the same
/// pages: for a short input, first-touch page faults would otherwise cost
/// more than the lines themselves.
class chunk_reader {
 public:
  class chunk {
   public:
    std::string_view text() const noexcept { return {data_.get(), size_}; }  // whole lines
    std::uint64_t first_line = 1;     // the number of text's first line
    std::uint64_t overlong_line = 0;  // after text: a line over the limit, skipped (0: none)

   private:
    friend class chunk_reader;
    /// Room for n more bytes after the text, keeping what is there.
    void make_room(std::size_t n) {
      if (capacity_ - size_ >= n) return;
      const std::size_t want = std::max(size_ + n, capacity_ + capacity_ / 2);
      std::unique_ptr<char[]> bigger(new char[want]);  // not value-initialised: no zero-fill
      if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = want;
    }
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
  };

  chunk_reader(std::FILE* in, std::size_t max_line) : in_(in), max_line_(max_line) {}

  /// The next chunk; false at the end of the input.
  bool next(chunk& c) {
    c.size_ = 0;
    c.make_room(std::max(target, carry_.size()) + block);
    std::memcpy(c.data_.get(), carry_.data(), carry_.size());  // the start of a line the last chunk left
    c.size_ = carry_.size();
    carry_.clear();
    c.first_line = next_line_;
    c.overlong_line = 0;
    std::size_t line_start = 0;  // text before this is whole lines
    if (const auto nl = c.text().rfind('\n'); nl != std::string_view::npos) line_start = nl + 1;
    for (;;) {
      if (line_start >= target && line_start > 0) break;
      if (c.size_ - line_start > max_line_) {
        c.overlong_line = c.first_line + newlines(c.text().substr(0, line_start));
        c.size_ = line_start;
        skip_rest_of_line();  // keeps what follows the line in carry_
        next_line_ = c.overlong_line + 1;
        return true;
      }
      if (eof_) {
        line_start = c.size_;
        break;
      }
      const std::size_t old = c.size_;
      if (!read_block(c)) continue;
      if (const auto nl = c.text().substr(old).rfind('\n'); nl != std::string_view::npos) {
        line_start = old + nl + 1;
      }
    }
    carry_.assign(c.text().substr(line_start));
    c.size_ = line_start;
    next_line_ = c.first_line + newlines(c.text());
    return c.size_ != 0;
  }

 private:
  // A chunk's buffer holds `target` + `block` bytes (more only for a line
  // longer than that). Small enough that a short input faults in few pages,
  // large enough that reads and the threads' hand-offs cost nothing per line
  // (the lines Kubernetes objects make are a few KB).
  static constexpr std::size_t block = 128u << 10;
  static constexpr std::size_t target = 256u << 10;

  /// Newlines in s; memchr, as lines are long.
  static std::uint64_t newlines(std::string_view s) {
    std::uint64_t count = 0;
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end) {
      const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
      if (nl == nullptr) break;
      ++count;
      p = static_cast<const char*>(nl) + 1;
    }
    return count;
  }

  /// Appends up to a block, into the room the buffer has (it grows only when
  /// full: a line longer than it); false at the end of the input.
  bool read_block(chunk& to) {
    if (to.size_ == to.capacity_) to.make_room(block);
    const std::size_t room = std::min(block, to.capacity_ - to.size_);
    const std::size_t n = std::fread(to.data_.get() + to.size_, 1, room, in_);
    to.size_ += n;
    if (n == 0) {
      if (std::ferror(in_)) throw std::runtime_error(std::string("standard input: ") + std::strerror(errno));
      eof_ = true;
      return false;
    }
    return true;
  }

  /// Drops input up to and including the next newline; what follows it is kept.
  void skip_rest_of_line() {
    chunk buf;
    while (read_block(buf)) {
      const auto nl = buf.text().find('\n');
      if (nl != std::string_view::npos) {
        carry_.assign(buf.text().substr(nl + 1));
        return;
      }
      buf.size_ = 0;
    }
  }

  std::FILE* in_;
  std::size_t max_line_;
  std::string carry_;
  std::uint64_t next_line_ = 1;
  bool eof_ = false;
};

void append_overlong(std::string& out, std::uint64_t line, std::size_t max_line) {
  trainjob::detail::append_error_line(out, line, {"", "longer than " + std::to_string(max_line) + " bytes"});
  out += '\n';
}

/// The output lines of one chunk; whether any was an error line.
bool run_chunk(trainjob::batch_processor& proc, const chunk_reader::chunk& c, std::size_t max_line,
               std::string& out) {
  out.clear();
  bool any_error = false;
  const std::string_view text = c.text();
  std::uint64_t n = c.first_line;
  for (std::size_t pos = 0; pos < text.size(); ++n) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl - pos > max_line) {
      append_overlong(out, n, max_line);  // one the reader could hold whole: the limit is the same
      any_error = true;
    } else {
      const trainjob::line_result r = proc.process(text.substr(pos, nl - pos), n, out);
      if (r != trainjob::line_result::blank) out += '\n';
      any_error = any_error || r == trainjob::line_result::error;
    }
    pos = nl + 1;
  }
  if (c.overlong_line != 0) {
    append_overlong(out, c.overlong_line, max_line);
    any_error = true;
  }
  return any_error;
}

void write_out(const std::string& s) {
  if (!s.empty() && std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
    throw std::runtime_error(std::string("standard output: ") + std::strerror(errno));
  }
}

/// Reads, processes and writes in one thread; whether any line was an error.
bool batch_single(chunk_reader& reader, const trainjob::reconcile_options& opts, std::size_t max_line) {
  trainjob::batch_processor proc(opts);
  chunk_reader::chunk c;
  std::string out;
  bool any_error = false;
  while (reader.next(c)) {
    any_error = run_chunk(proc, c, max_line, out) || any_error;
    write_out(out);
  }
  return any_error;
}

/// A pipeline: `threads` workers, each with its own processor, take turns to
/// read the next chunk (so it is processed in the cache it was read into)
/// and turn it into output; this thread writes the outputs in input order.
/// A fixed ring of output slots bounds the chunks in flight, so the memory.
bool batch_threaded(chunk_reader& reader, const trainjob::reconcile_options& opts, std::size_t max_line,
                    unsigned threads) {
  struct slot {
    std::string out;
    bool any_error = false;
    bool ready = false;
  };
  const std::size_t ring = 2 * std::size_t{threads} + 2;
  std::vector<slot> slots(ring);
  std::mutex m;
  std::condition_variable space_cv, ready_cv;
  std::uint64_t next_seq = 0, written = 0;  // chunks read; outputs written
  bool eof = false, stop = false;
  std::exception_ptr failure;

  const auto worker = [&] {
    trainjob::batch_processor proc(opts);
    chunk_reader::chunk c;
    for (;;) {
      std::uint64_t seq = 0;
      {
        std::unique_lock<std::mutex> lock(m);
        space_cv.wait(lock, [&] { return eof || stop || next_seq - written < ring; });
        if (eof || stop) return;
        // Reads happen one at a time, in order, under the lock.
        try {
          if (!reader.next(c)) {
            eof = true;
            ready_cv.notify_all();
            space_cv.notify_all();
            return;
          }
        } catch (...) {
          failure = std::current_exception();
          stop = true;
          ready_cv.notify_all();
          space_cv.notify_all();
          return;
        }
        seq = next_seq++;
      }
      slot& s = slots[seq % ring];  // no one else touches it until it is written
      bool any_error = false;
      try {
        any_error = run_chunk(proc, c, max_line, s.out);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(m);
        failure = std::current_exception();  // out of memory
        stop = true;
        ready_cv.notify_all();
        space_cv.notify_all();
        return;
      }
      {
        const std::lock_guard<std::mutex> lock(m);
        s.any_error = any_error;
        s.ready = true;
      }
      ready_cv.notify_all();
    }
  };

  std::vector<std::thread> workers;
  // Stops and joins the workers however this function ends.
  struct joiner {
    std::mutex& m;
    std::condition_variable& cv;
    bool& stop;
    std::vector<std::thread>& workers;
    ~joiner() {
      {
        const std::lock_guard<std::mutex> lock(m);
        stop = true;
      }
      cv.notify_all();
      for (auto& t : workers) t.join();
    }
  } join_all{m, space_cv, stop, workers};
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back(worker);

  bool any_error = false;
  for (;;) {
    slot* s = nullptr;
    {
      std::unique_lock<std::mutex> lock(m);
      ready_cv.wait(lock, [&] { return stop || slots[written % ring].ready || (eof && written == next_seq); });
      if (failure) std::rethrow_exception(failure);
      if (!slots[written % ring].ready) break;  // the end: everything read is written
      s = &slots[written % ring];
    }
    write_out(s->out);
    any_error = any_error || s->any_error;
    {
      const std::lock_guard<std::mutex> lock(m);
      s->ready = false;
      ++written;
    }
    space_cv.notify_all();
  }
  return any_error;
}

int cmd_batch(args a) {
  trainjob::reconcile_options opts;
  unsigned threads = 1;
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  std::size_t max_line = max_bytes;
  const auto number = [](const std::string& name, const std::string& v, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t n = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi) {
      usage_error("batch: " + name + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                  ", got \"" + v + "\"");
    }
    return n;
  };
  while (!a.done()) {
    if (auto p = a.option("--profile")) {
      opts.profile = parse_profile(*p);
    } else if (auto t = a.option("--threads")) {
      threads = static_cast<unsigned>(number("--threads", *t, 1, 64));
    } else if (auto l = a.option("--max-line-bytes")) {
      max_line = static_cast<std::size_t>(number("--max-line-bytes", *l, 1, max_bytes));
    } else {
      usage_error("batch: unexpected argument " + a.peek());
    }
  }
  chunk_reader reader(stdin, max_line);
  const bool any_error =
      threads == 1 ? batch_single(reader, opts, max_line) : batch_threaded(reader, opts, max_line, threads);
  if (std::fflush(stdout) != 0) throw std::runtime_error(std::string("standard output: ") + std::strerror(errno));
  if (any_error) {
    std::cerr << "trainjob-conditions: batch: some lines could not be read; their output lines say why\n";
    return exit_bad_input;
  }
  return exit_ok;
}

int cmd_demo(args a) {
  std::optional<std::string> dir;
  while (!a.done()) {
    if (auto d = a.option("--dir")) {
      dir = d;
    } else {
      usage_error("demo: unexpected argument " + a.peek());
    }
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!dir) {
    // From the source tree's root, else the build's record of where it is.
    if (fs::is_directory("examples/scenarios", ec)) {
      dir = "examples/scenarios";
    } else if (fs::is_directory(fs::path(TRAINJOB_EXAMPLES_DIR) / "scenarios", ec)) {
      dir = (fs::path(TRAINJOB_EXAMPLES_DIR) / "scenarios").string();
    } else {
      usage_error("demo: no examples/scenarios here; give --dir DIR");
    }
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(*dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) throw bad_input{*dir + ": " + ec.message()};
  if (files.empty()) throw bad_input{*dir + ": no scenario files (*.json)"};
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) {
    auto sc = trainjob::try_decode_scenario(read_json(f.string()));
    if (!sc) throw bad_input{f.string() + ": " + sc.error().to_string()};
    // A scenario that names no profile tells the same story under the first
    // release and the latest one, to show how they differ.
    std::vector<trainjob::profile> profiles;
    if (sc->profile) {
      profiles.push_back(*sc->profile);
    } else {
      profiles = {trainjob::profile::v2_0, trainjob::profile::latest};
    }
    for (auto p : profiles) {
      trainjob::replay_options ro;
      ro.profile = p;
      std::vector<trainjob::replay_step> steps;
      try {
        steps = trainjob::replay(*sc, ro);
      } catch (const trainjob::decode_error& e) {
        throw bad_input{f.string() + ": " + e.what()};
      }
      out += "== " + (sc->name.empty() ? f.stem().string() : sc->name) + " (profile " +
             std::string(trainjob::to_string(p)) + ")\n";
      if (!sc->description.empty()) out += "   " + sc->description + "\n";
      out += trainjob::format_timeline(steps) + "\n";
    }
  }
  std::cout << out;
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
      std::cerr << usage();
      return exit_bad_input;
    }
    const std::string verb = argv[1];
    args a;
    a.items.assign(argv + 2, argv + argc);
    const bool help = std::find(a.items.begin(), a.items.end(), "--help") != a.items.end();
    if (verb == "--help" || verb == "-h" || verb == "help" || help) {
      std::cout << usage();
      return exit_ok;
    }
    if (verb == "--version") {
      std::cout << "trainjob-conditions " << trainjob::version_string() << '\n';
      return exit_ok;
    }
    if (verb == "validate") return cmd_validate(std::move(a));
    if (verb == "reconcile") return cmd_reconcile(std::move(a));
    if (verb == "replay") return cmd_replay(std::move(a));
    if (verb == "state") return cmd_state(std::move(a));
    if (verb == "lint") return cmd_lint(std::move(a));
    if (verb == "batch") return cmd_batch(std::move(a));
    if (verb == "demo") return cmd_demo(std::move(a));
    usage_error("unknown command \"" + verb + "\"");
  } catch (const bad_input& e) {
    std::cerr << "trainjob-conditions: " << e.message << '\n';
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "trainjob-conditions: unexpected error: " << e.what() << '\n';
    return exit_findings;
  } catch (...) {
    std::cerr << "trainjob-conditions: unexpected error\n";
    return exit_findings;
  }
}
