// trainjob-conditions: the command-line face of the library.
//
// Exit status: 0 success (for validate: every object valid; for lint: no
// finding), 1 violations, findings, a failed write to standard output
// ("writing standard output: ...") or an unexpected failure, 2 bad usage or
// bad input (a message on standard error naming the file and the JSON path;
// nothing on standard output). reconcile, replay, state and batch also refuse
// a TrainJob or JobSet that breaks its schema (exit 2, one line per violation)
// unless --no-validate is given. batch writes every line's output even when
// some lines are bad, and exits 2 then.

#include <trainjob/batch.hpp>  // opt-in: not in the umbrella
#include <trainjob/detail/quote.hpp>
#include <trainjob/lint.hpp>
#include <trainjob/policies.hpp>
#include <trainjob/summary.hpp>
#include <trainjob/trainjob.hpp>

#include <algorithm>
#include <atomic>
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

#ifndef _WIN32
#include <poll.h>  // batch: reading a pipe as it comes
#include <sys/stat.h>
#include <unistd.h>
#endif

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
    "      encodes it, indented (compact past 32 levels deep, or whole when indented\n"
    "      it would pass 16 times its compact size and 1 MiB). Exit 0 valid,\n"
    "      1 violations (on stderr), 2 bad input.\n"
    "  reconcile --trainjob FILE (--jobset FILE | --no-jobset) [--now TIME]\n"
    "            [--profile NAME] [--apply-error MESSAGE] [--build-error MESSAGE]\n"
    "            [--runtime FILE] [--policy NAME]... [--migrate] [--no-validate]\n"
    "      One controller pass; prints {status, changed, applyObjects, deleteJobSet,\n"
    "      requeueAfterSeconds, skipped, errors, events}. The JobSet is the one the\n"
    "      status step reads, after this pass's apply. --build-error: building the\n"
    "      child objects failed (no apply). --runtime: the TrainingRuntime or\n"
    "      ClusterTrainingRuntime (policies read its step labels). --policy enables\n"
    "      a condition policy (repeatable). --migrate removes a legacy Created.\n"
    "      --no-validate: see below.\n"
    "  replay [--profile NAME] [--format json|table] [--policy NAME]... [--migrate]\n"
    "         [--no-validate] SCENARIO\n"
    "      Replays a scenario: one JSON line per step, or a timeline table. Its\n"
    "      TrainJob and the JobSets it gives are validated (--no-validate: see\n"
    "      below).\n"
    "  state [--format json|text] [--no-validate] FILE\n"
    "      The state of each TrainJob (FILE: a TrainJob or a List of them). json: one\n"
    "      {stateColumn, state, kstatus: {status, message}} (a List: an array of them);\n"
    "      text: one line per TrainJob, NAMESPACE/NAME STATE-COLUMN STATE KSTATUS: MESSAGE\n"
    "      (an empty State column shows as -). Exit 0, 2 bad input (--no-validate:\n"
    "      see below).\n"
    "  lint [--previous FILE] [--policy NAME]... [--format text|json] [FILE]\n"
    "      Checks a TrainJob (or a List of them) and/or the policy set given by\n"
    "      --policy against the condition design rules; --previous is the same\n"
    "      TrainJob as read before. Prints one finding per line,\n"
    "      FILE: PATH: [RULE] SEVERITY: MESSAGE (FILE is --policy for the set), or a\n"
    "      JSON array of {file, path, rule, severity, message}. Exit 0 clean,\n"
    "      1 findings, 2 bad input.\n"
    "  batch [--profile NAME] [--threads N] [--max-line-bytes N] [--max-memory N]\n"
    "        [--no-validate]\n"
    "      Reads JSON Lines on standard input, each {\"trainjob\": ..., \"jobset\": ... or\n"
    "      null, \"now\": TIME}, and writes one line per line read, in order: the\n"
    "      reconcile output for it, or {\"error\": \"line N: ...\"}. Blank lines give no\n"
    "      output. --threads: worker threads (1 to 64, default 1). A line longer than\n"
    "      --max-line-bytes (default and maximum {max_bytes}) is an error line.\n"
    "      --max-memory: what the run may take, in bytes (default 2 GiB, at least\n"
    "      64 MiB), shared by the threads; a line longer than a sixth of a thread's\n"
    "      share, or whose JSON tree would not fit in it, is an error line.\n"
    "      A line whose TrainJob or JobSet breaks its schema is an error line naming\n"
    "      the first violation (--no-validate: see below). Exit 0, or 2 when some\n"
    "      line was an error. From a pipe, FIFO or terminal each line's output is\n"
    "      written as soon as it is computed.\n"
    "  demo [--dir DIR]\n"
    "      Replays the example scenarios (examples/scenarios) as timelines.\n"
    "\n"
    "FILE may be '-' for standard input. TIME is RFC 3339 (default: now).\n"
    "reconcile, replay, state and batch refuse a TrainJob or JobSet that breaks its\n"
    "schema as validate reports it (exit 2, one line per violation: FILE: PATH:\n"
    "MESSAGE). --no-validate skips that check: the input is used as it is, and the\n"
    "caller takes the risk of what a pass over it computes.\n"
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

/// A file name for a message: bytes that are not UTF-8 as U+FFFD, control
/// characters escaped, cut past PATH_MAX (an argument may be longer).
std::string display_name(const std::string& name) {
  return name == "-" ? "<stdin>" : trainjob::detail::cut_bounded(name, 4096);
}

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
    if (std::filesystem::is_directory(name, ec)) throw bad_input{display_name(name) + ": is a directory"};
    file.open(name, std::ios::binary);
    if (!file) throw bad_input{display_name(name) + ": cannot open: " + std::strerror(errno)};
    in = &file;
    const auto size = std::filesystem::file_size(name, ec);  // fails for pipes and devices
    if (!ec && size > max_bytes) {
      throw bad_input{display_name(name) + ": input is " + std::to_string(size) + " bytes, over the limit of " +
                      limit};
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

/// The file's JSON tree, taken apart without allocating when it goes, so that
/// running out of memory while decoding it is an error, not an abort.
trainjob::detail::owned_json read_json(const std::string& name) {
  auto j = trainjob::parse_json(read_file(name));
  if (!j) throw bad_input{display_name(name) + ": " + j.error().to_string()};
  return trainjob::detail::owned_json(std::move(*j));
}

template <class T>
T read_object(const std::string& name) {
  auto r = trainjob::try_decode<T>(read_json(name).get());
  if (!r) throw bad_input{display_name(name) + ": " + r.error().to_string()};
  return std::move(*r);
}

trainjob::profile parse_profile(const std::string& s) {
  auto p = trainjob::profile_from_string(s);
  if (!p) {
    usage_error("unknown profile " + trainjob::detail::quote_bounded(s) +
                ": expected v1.9, v2.0, v2.1, v2.2, v2.3 or latest");
  }
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
  const auto tree = read_json(name);
  const nlohmann::json& j = tree.get();
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
  auto objs = trainjob::try_decode_objects(read_json(name).get());
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

/// The schema violations of decoded input, gathered from every object before
/// any is refused, so that one run reports them all.
class input_check {
 public:
  explicit input_check(bool enabled) : enabled_(enabled) {}

  /// Checks `obj` (a train_job or job_set) read from `file`; `at` is where it
  /// sits in the file's document ("" for the whole document), so that each
  /// path is the one decode errors use: FILE: PATH: MESSAGE.
  template <class T>
  void check(const std::string& file, const std::string& at, const T& obj) {
    if (!enabled_) return;
    for (const auto& v : trainjob::validate(obj)) {
      std::string path = at;
      if (!v.path.empty()) path += (path.empty() ? "" : ".") + v.path;
      lines_.push_back(display_name(file) + ": " + (path.empty() ? "" : path + ": ") + v.message);
    }
  }

  /// Exit 2 with one line per violation, when there is any.
  void refuse_if_invalid() const {
    if (lines_.empty()) return;
    std::string message;
    for (const auto& l : lines_) message += (message.empty() ? "" : "\ntrainjob-conditions: ") + l;
    throw bad_input{message};
  }

 private:
  bool enabled_;
  std::vector<std::string> lines_;
};

trainjob::timestamp current_time() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return trainjob::timestamp::from_unix(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

// ---- standard output ----------------------------------------------------------------
//
// Every verb writes standard output through write_out (never std::cout), and main ends
// with finish_output, so no write error goes unnoticed: a full disk or a closed pipe
// gives exit 1 and "trainjob-conditions: writing standard output: <strerror>".

/// Standard output could not be written; `error` is the errno.
struct output_error {
  int error;
  std::string message() const {
    return std::string("writing standard output: ") + std::strerror(error != 0 ? error : EIO);
  }
};

/// Writes s to standard output (buffered by stdio).
void write_out(std::string_view s) {
  if (!s.empty() && std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) throw output_error{errno};
}

/// Hands what stdio buffers to the system now (batch on a pipe: each line as it is done).
void flush_out() {
  if (std::fflush(stdout) != 0) throw output_error{errno};
}

/// The end of the run: flushes and closes standard output, so that a write stdio
/// buffered until now, an error it kept from earlier, or one close reports is not lost.
void finish_output() {
  if (!std::cout.flush()) throw output_error{EIO};  // unused, but it shares the descriptor
  flush_out();
  if (std::ferror(stdout)) throw output_error{EIO};
  if (std::fclose(stdout) != 0) throw output_error{errno};
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

// ---- validate --print ------------------------------------------------------------------
//
// dump(j, 2)'s layout, with the output bounded by a small multiple of the compact form:
// indentation grows with depth, so a 997-deep array would print 1000 times its size. A value
// nested deeper than print_indent_depth levels is written compact, and an object whose
// indented form would still be over max(16 x its compact form, 1 MiB) is written compact
// as a whole. Either way the output is valid JSON that reads back to the same value.
constexpr std::size_t print_indent_depth = 32;
constexpr std::size_t print_growth = 16;
constexpr std::size_t print_min_budget = std::size_t{1} << 20;

/// Appends j as dump(j, 2) would at `depth`, but compact from print_indent_depth
/// levels down; false as soon as `out` is longer than `budget` (then cut short).
bool append_indented(std::string& out, const nlohmann::json& j, std::size_t depth, std::size_t budget) {
  if (!j.is_structured() || j.empty() || depth >= print_indent_depth) {
    out += trainjob::dump(j);
    return out.size() <= budget;
  }
  out += j.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!first) out += ",\n";
    first = false;
    out.append(2 * (depth + 1), ' ');
    if (j.is_object()) out += trainjob::dump(nlohmann::json(it.key())) + ": ";
    if (!append_indented(out, it.value(), depth + 1, budget)) return false;
  }
  out += '\n';
  out.append(2 * depth, ' ');
  out += j.is_object() ? '}' : ']';
  return out.size() <= budget;
}

/// What validate --print writes for one object (without the newline).
std::string print_form(const nlohmann::json& j) {
  std::string compact = trainjob::dump(j);
  std::string indented;
  const std::size_t budget = std::max(print_growth * compact.size(), print_min_budget);
  if (append_indented(indented, j, 0, budget)) return indented;
  return compact;
}

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
      usage_error("validate: unknown option " + trainjob::detail::cut_bounded(a.peek()));
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
      const auto tree = read_json(f);
      const nlohmann::json& doc = tree.get();
      auto objs = trainjob::try_decode_objects(doc);
      if (!objs) throw bad_input{display_name(f) + ": " + objs.error().to_string()};
      for (const auto& o : *objs) {
        for (const auto& v : trainjob::validate(o.object, vopts)) {
          std::string path = o.path;
          if (!v.path.empty()) path += (path.empty() ? "" : ".") + v.path;
          std::cerr << display_name(f) << ": " << trainjob::kind_of(o.object) << " "
                    << trainjob::detail::cut_bounded(trainjob::metadata_of(o.object).name, 320) << ": "
                    << (path.empty() ? "" : path + ": ")
                    << v.message << '\n';
          status = std::max(status, exit_findings);
        }
        if (print) out += print_form(trainjob::encode(o.object)) + "\n";
      }
    } catch (const bad_input& e) {
      std::cerr << "trainjob-conditions: " << e.message << '\n';
      status = exit_bad_input;
    }
  }
  if (status != exit_bad_input) write_out(out);
  return status;
}

int cmd_reconcile(args a) {
  std::optional<std::string> trainjob_file, jobset_file, now_text, apply_error, build_error, runtime_file;
  std::vector<std::string> policy_names;
  bool no_jobset = false;
  bool validate_input = true;
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
    } else if (a.flag("--no-validate")) {
      validate_input = false;
    } else {
      usage_error("reconcile: unexpected argument " + trainjob::detail::cut_bounded(a.peek()));
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
    if (!t) usage_error("reconcile: --now: " + why + ", got " + trainjob::detail::quote_bounded(*now_text));
    now = *t;
  }
  const trainjob::policy_set policies = make_policies("reconcile", policy_names, opts.profile);
  if (!policies.empty()) opts.policies = &policies;
  const auto tj = read_object<trainjob::train_job>(*trainjob_file);
  std::optional<trainjob::job_set> js;
  if (jobset_file) js = read_object<trainjob::job_set>(*jobset_file);
  std::optional<trainjob::training_runtime> runtime;
  if (runtime_file) runtime = read_runtime(*runtime_file);
  input_check check(validate_input);
  check.check(*trainjob_file, "", tj);
  if (js) check.check(*jobset_file, "", *js);
  check.refuse_if_invalid();
  auto view = [](const std::optional<std::string>& s) {
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
  };
  const auto r = trainjob::reconcile(trainjob::observation{tj, js ? &*js : nullptr, now, view(apply_error),
                                                           view(build_error), runtime ? &*runtime : nullptr},
                                     opts);
  write_out(trainjob::dump(trainjob::detail::result_json(r)) + '\n');
  return exit_ok;
}

enum class output_format { json, table };

int cmd_replay(args a) {
  std::optional<trainjob::profile> prof;
  output_format fmt = output_format::json;
  std::optional<std::string> file;
  std::vector<std::string> policy_names;
  bool migrate = false;
  bool validate_input = true;
  while (!a.done()) {
    if (auto p = a.option("--profile")) {
      prof = parse_profile(*p);
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
    } else if (a.flag("--migrate")) {
      migrate = true;
    } else if (a.flag("--no-validate")) {
      validate_input = false;
    } else if (auto f = a.option("--format")) {
      if (*f == "json") {
        fmt = output_format::json;
      } else if (*f == "table") {
        fmt = output_format::table;
      } else {
        usage_error("replay: --format takes json or table, got " + trainjob::detail::quote_bounded(*f));
      }
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("replay: unknown option " + trainjob::detail::cut_bounded(a.peek()));
    } else if (file) {
      usage_error("replay: more than one SCENARIO given");
    } else {
      file = a.items[a.i++];
    }
  }
  if (!file) usage_error("replay: no SCENARIO given");
  auto sc = trainjob::try_decode_scenario(read_json(*file).get());
  if (!sc) throw bad_input{display_name(*file) + ": " + sc.error().to_string()};
  // The objects the scenario gives; a TrainJob a step's patch produces is
  // checked by decoding only (replay throws decode_error for it).
  input_check check(validate_input);
  check.check(*file, "trainjob", sc->trainjob);
  if (sc->jobset) check.check(*file, "jobset", *sc->jobset);
  for (std::size_t i = 0; i < sc->steps.size(); ++i) {
    if (sc->steps[i].jobset) check.check(*file, "steps[" + std::to_string(i) + "].jobset", *sc->steps[i].jobset);
  }
  check.refuse_if_invalid();
  trainjob::replay_options ro;
  ro.profile = prof;
  ro.migrate_legacy_created = migrate;
  const trainjob::policy_set policies = make_policies("replay", policy_names, trainjob::effective_profile(*sc, ro));
  if (!policies.empty()) ro.policies = &policies;
  // Streamed: each step is written and flushed as it is computed, and only the
  // current TrainJob is kept (trainjob::replay_each), so memory does not grow
  // with the steps. Bad input still prints nothing: a patch can make the
  // TrainJob invalid at any step, so a scenario with patches is first replayed
  // without output to check them all; the table is first replayed for its
  // column widths (kept alone, not the rows). Either costs a second pass.
  const auto replay_each = [&](auto&& on_step) {
    try {
      trainjob::replay_each(*sc, ro, on_step);
    } catch (const trainjob::decode_error& e) {
      throw bad_input{display_name(*file) + ": " + e.what()};
    }
  };
  const auto write = [](const std::string& text) {
    write_out(text);
    flush_out();
  };
  const bool patches = std::any_of(sc->steps.begin(), sc->steps.end(),
                                   [](const trainjob::scenario_step& st) { return !st.patch.is_null(); });
  if (fmt == output_format::table) {
    const trainjob::timeline_row header = trainjob::timeline_header();
    trainjob::timeline_widths widths;
    widths.add(header);
    replay_each([&](const trainjob::replay_step& s) { widths.add(trainjob::timeline_row_of(s)); });
    write(trainjob::format_timeline_row(header, widths));
    replay_each([&](const trainjob::replay_step& s) {
      write(trainjob::format_timeline_row(trainjob::timeline_row_of(s), widths));
    });
  } else {
    if (patches) replay_each([](const trainjob::replay_step&) {});
    replay_each(
        [&](const trainjob::replay_step& s) { write(trainjob::dump(trainjob::to_json_line(s)) + "\n"); });
  }
  return exit_ok;
}

int cmd_state(args a) {
  bool text = false;
  bool validate_input = true;
  std::optional<std::string> file;
  while (!a.done()) {
    if (a.flag("--no-validate")) {
      validate_input = false;
    } else if (auto f = a.option("--format")) {
      if (*f == "json") {
        text = false;
      } else if (*f == "text") {
        text = true;
      } else {
        usage_error("state: --format takes json or text, got " + trainjob::detail::quote_bounded(*f));
      }
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("state: unknown option " + trainjob::detail::cut_bounded(a.peek()));
    } else if (file) {
      usage_error("state: more than one FILE given");
    } else {
      file = a.items[a.i++];
    }
  }
  if (!file) usage_error("state: no FILE given");
  bool is_list = false;
  const auto jobs = read_train_jobs(*file, is_list);
  input_check check(validate_input);
  for (const auto& item : jobs) check.check(*file, item.first, item.second);
  check.refuse_if_invalid();
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
  write_out(out);
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
        usage_error("lint: --format takes text or json, got " + trainjob::detail::quote_bounded(*f));
      }
    } else if (auto p = a.option("--previous")) {
      previous_file = p;
    } else if (auto pol = a.option("--policy")) {
      policy_names.push_back(*pol);
      any_policy = true;
    } else if (a.peek() != "-" && a.is_option()) {
      usage_error("lint: unknown option " + trainjob::detail::cut_bounded(a.peek()));
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
        // Names are at most 63 + 1 + 253 bytes: a real one is shown whole.
        throw bad_input{display_name(*previous_file) + ": metadata.name: --previous is TrainJob " +
                        trainjob::detail::quote_bounded(previous->metadata.namespace_ + "/" + previous->metadata.name,
                                                        320) +
                        ", FILE is " +
                        trainjob::detail::quote_bounded(now_meta.namespace_ + "/" + now_meta.name, 320)};
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
  write_out(out);
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

  /// `streaming` (input that is not a regular file: a pipe, FIFO, terminal or
  /// socket): read as it comes, a chunk is the whole lines there are now, not
  /// `target` bytes that may be long in coming.
  chunk_reader(std::FILE* in, std::size_t max_line, bool streaming = false)
      : in_(in), max_line_(max_line), streaming_(streaming) {}

  /// From another thread: a streaming read waiting for input gives up (the run is over).
  void cancel() noexcept { cancelled_.store(true); }

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
      if (streaming_ && line_start > 0 && !readable(0)) break;  // no more yet: these lines now
      const std::size_t old = c.size_;
      if (!read_block(c)) continue;
      if (const auto nl = c.text().substr(old).rfind('\n'); nl != std::string_view::npos) {
        line_start = old + nl + 1;
      }
    }
    carry_.assign(c.text().substr(line_start));
    c.size_ = line_start;
    next_line_ = c.first_line + newlines(c.text());
    return c.size_ != 0 && !cancelled_.load();
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
    const std::size_t n = streaming_ ? read_available(to.data_.get() + to.size_, room)
                                     : std::fread(to.data_.get() + to.size_, 1, room, in_);
    to.size_ += n;
    if (n == 0) {
      if (!streaming_ && std::ferror(in_)) throw input_error();
      eof_ = true;
      return false;
    }
    return true;
  }

  static std::runtime_error input_error() {
    return std::runtime_error(std::string("standard input: ") + std::strerror(errno));
  }

#ifndef _WIN32
  /// Streaming: whether a read would return at once (input, its end or an error), waiting up to timeout_ms.
  bool readable(int timeout_ms) const {
    pollfd p{};
    p.fd = fileno(in_);
    p.events = POLLIN;
    for (;;) {
      const int r = ::poll(&p, 1, timeout_ms);
      if (r >= 0) return r > 0;
      if (errno != EINTR) throw input_error();
    }
  }

  /// Streaming: what input there is, up to n bytes, once there is some (a
  /// short read, not a full block); 0 at its end or after cancel().
  std::size_t read_available(char* to, std::size_t n) {
    for (;;) {
      while (!readable(100)) {
        if (cancelled_.load()) return 0;
      }
      const ssize_t r = ::read(fileno(in_), to, n);
      if (r >= 0) return static_cast<std::size_t>(r);
      if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) throw input_error();
    }
  }
#else
  bool readable(int) const { return true; }  // never streaming: see stdin_is_regular_file
  std::size_t read_available(char* to, std::size_t n) { return std::fread(to, 1, n, in_); }
#endif

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
  bool streaming_;
  std::atomic<bool> cancelled_{false};
  std::string carry_;
  std::uint64_t next_line_ = 1;
  bool eof_ = false;
};

/// Whether standard input is a regular file (else batch streams it). Not on Windows: always.
bool stdin_is_regular_file() {
#ifndef _WIN32
  struct stat st {};
  return ::fstat(STDIN_FILENO, &st) != 0 || S_ISREG(st.st_mode);
#else
  return true;
#endif
}

void append_overlong(std::string& out, std::uint64_t line, std::size_t max_line) {
  trainjob::detail::append_error_line(out, line, {"", "longer than " + std::to_string(max_line) + " bytes"});
  out += '\n';
}

/// The output lines of one chunk; whether any was an error line. `each_line`:
/// each line's output is written and flushed as soon as it is done (then
/// `out` keeps only what follows the last line).
bool run_chunk(trainjob::batch_processor& proc, const chunk_reader::chunk& c, std::size_t max_line,
               std::string& out, bool each_line = false) {
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
    if (each_line && !out.empty()) {
      write_out(out);
      flush_out();
      out.clear();
    }
    pos = nl + 1;
  }
  if (c.overlong_line != 0) {
    append_overlong(out, c.overlong_line, max_line);
    any_error = true;
  }
  return any_error;
}

/// Reads, processes and writes in one thread; whether any line was an error.
/// `streaming`: each line's output is flushed as soon as it is done.
bool batch_single(chunk_reader& reader, const trainjob::reconcile_options& opts, bool validate_input,
                  std::size_t max_line, std::size_t memory, bool streaming) {
  trainjob::batch_processor proc(opts);
  proc.set_validate_input(validate_input);
  proc.set_memory_budget(memory);
  chunk_reader::chunk c;
  std::string out;
  bool any_error = false;
  while (reader.next(c)) {
    any_error = run_chunk(proc, c, max_line, out, streaming) || any_error;
    write_out(out);
    if (streaming) flush_out();
  }
  return any_error;
}

/// A pipeline: `threads` workers, each with its own processor, take turns to
/// read the next chunk (so it is processed in the cache it was read into)
/// and turn it into output; this thread writes the outputs in input order.
/// A fixed ring of output slots bounds the chunks in flight, so the memory.
/// `streaming`: each chunk's output is flushed as soon as it is written (the
/// reader's chunks are then the lines there are, not a full chunk).
bool batch_threaded(chunk_reader& reader, const trainjob::reconcile_options& opts, bool validate_input,
                    std::size_t max_line, std::size_t memory, unsigned threads, bool streaming) {
  struct slot {
    std::string out;
    bool any_error = false;
    bool ready = false;
  };
  const std::size_t ring = 2 * std::size_t{threads} + 2;
  std::vector<slot> slots(ring);
  std::mutex read_m;  // held while reading: one reader at a time, in input order
  std::mutex m;       // the rest
  std::condition_variable space_cv, ready_cv;
  std::uint64_t next_seq = 0, written = 0;  // chunks read; outputs written
  bool eof = false, stop = false;
  std::exception_ptr failure;

  const auto worker = [&] {
    trainjob::batch_processor proc(opts);
    proc.set_validate_input(validate_input);
    proc.set_memory_budget(memory);
    chunk_reader::chunk c;
    for (;;) {
      std::uint64_t seq = 0;
      {
        const std::lock_guard<std::mutex> reading(read_m);
        {
          std::unique_lock<std::mutex> lock(m);
          space_cv.wait(lock, [&] { return eof || stop || next_seq - written < ring; });
          if (eof || stop) return;
        }
        // The read holds read_m, not m: on a pipe it waits for input, and
        // meanwhile the chunks done must still reach the writer.
        bool got = false;
        std::exception_ptr read_failure;
        try {
          got = reader.next(c);
        } catch (...) {
          read_failure = std::current_exception();
        }
        const std::lock_guard<std::mutex> lock(m);
        if (read_failure || !got) {
          if (read_failure) {
            failure = read_failure;
            stop = true;
          } else {
            eof = true;
          }
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
    chunk_reader& reader;
    std::vector<std::thread>& workers;
    ~joiner() {
      {
        const std::lock_guard<std::mutex> lock(m);
        stop = true;
      }
      cv.notify_all();
      reader.cancel();  // a worker waiting for input on a pipe
      for (auto& t : workers) t.join();
    }
  } join_all{m, space_cv, stop, reader, workers};
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
    if (streaming) flush_out();
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
  bool validate_input = true;
  unsigned threads = 1;
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  std::size_t max_line = max_bytes;
  std::size_t max_memory = std::size_t{2} << 30;
  const auto number = [](const std::string& name, const std::string& v, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t n = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi) {
      usage_error("batch: " + name + " takes a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                  ", got " + trainjob::detail::quote_bounded(v));
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
    } else if (auto m = a.option("--max-memory")) {
      max_memory = static_cast<std::size_t>(number("--max-memory", *m, std::uint64_t{64} << 20, std::uint64_t{1} << 40));
    } else if (a.flag("--no-validate")) {
      validate_input = false;
    } else {
      usage_error("batch: unexpected argument " + trainjob::detail::cut_bounded(a.peek()));
    }
  }
  // A pipe, FIFO, terminal or socket is read as it comes and each result is
  // written at once, so that batch can sit in a live pipeline; a regular file
  // is read in full chunks.
  const bool streaming = !stdin_is_regular_file();
  // Each thread holds one line at a time, about three times over, plus its
  // tree and decoded objects: a sixth of its share keeps the whole run within
  // --max-memory whatever the number of lines (the reader skips longer lines
  // without holding them).
  const std::size_t per_thread = max_memory / threads;
  max_line = std::min(max_line, per_thread / 6);
  chunk_reader reader(stdin, max_line, streaming);
  const bool any_error = threads == 1
                             ? batch_single(reader, opts, validate_input, max_line, per_thread, streaming)
                             : batch_threaded(reader, opts, validate_input, max_line, per_thread, threads, streaming);
  flush_out();  // a write error before the summary below
  if (any_error) {
    std::cerr << "trainjob-conditions: batch: some lines could not be read or broke their schema; "
                 "their output lines say why\n";
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
      usage_error("demo: unexpected argument " + trainjob::detail::cut_bounded(a.peek()));
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
  if (ec) throw bad_input{display_name(*dir) + ": " + ec.message()};
  if (files.empty()) throw bad_input{display_name(*dir) + ": no scenario files (*.json)"};
  std::sort(files.begin(), files.end());
  std::string out;
  for (const auto& f : files) {
    auto sc = trainjob::try_decode_scenario(read_json(f.string()).get());
    if (!sc) throw bad_input{display_name(f.string()) + ": " + sc.error().to_string()};
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
        throw bad_input{display_name(f.string()) + ": " + e.what()};
      }
      out += "== " + (sc->name.empty() ? f.stem().string() : sc->name) + " (profile " +
             std::string(trainjob::to_string(p)) + ")\n";
      if (!sc->description.empty()) out += "   " + sc->description + "\n";
      out += trainjob::format_timeline(steps) + "\n";
    }
  }
  write_out(out);
  return exit_ok;
}

}  // namespace

namespace {

/// The command; its exit status. `output_failed`: a write error was reported.
int run(int argc, char** argv, bool& output_failed) {
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
      write_out(usage());
      return exit_ok;
    }
    if (verb == "--version") {
      write_out("trainjob-conditions " + std::string(trainjob::version_string()) + '\n');
      return exit_ok;
    }
    if (verb == "validate") return cmd_validate(std::move(a));
    if (verb == "reconcile") return cmd_reconcile(std::move(a));
    if (verb == "replay") return cmd_replay(std::move(a));
    if (verb == "state") return cmd_state(std::move(a));
    if (verb == "lint") return cmd_lint(std::move(a));
    if (verb == "batch") return cmd_batch(std::move(a));
    if (verb == "demo") return cmd_demo(std::move(a));
    usage_error("unknown command " + trainjob::detail::quote_bounded(verb));
  } catch (const bad_input& e) {
    std::cerr << "trainjob-conditions: " << e.message << '\n';
    return exit_bad_input;
  } catch (const output_error& e) {
    std::cerr << "trainjob-conditions: " << e.message() << '\n';
    output_failed = true;
    return exit_findings;
  } catch (const std::exception& e) {
    std::cerr << "trainjob-conditions: unexpected error: " << e.what() << '\n';
    return exit_findings;
  } catch (...) {
    std::cerr << "trainjob-conditions: unexpected error\n";
    return exit_findings;
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool output_failed = false;
  const int status = run(argc, argv, output_failed);
  if (output_failed) return status;
  // stdio holds a small output until here: its write, and the close, can fail too.
  try {
    finish_output();
  } catch (const output_error& e) {
    std::cerr << "trainjob-conditions: " << e.message() << '\n';
    return exit_findings;
  }
  return status;
}
