// trainjob-conditions: what the verbs share. Exit codes, the error a verb throws
// for bad usage or bad input, the arguments, reading files, the checks every
// verb makes the same way, and standard output with every write checked.

#ifndef TRAINJOB_CLI_COMMON_HPP
#define TRAINJOB_CLI_COMMON_HPP

#include <trainjob/detail/quote.hpp>
#include <trainjob/request.hpp>
#include <trainjob/trainjob.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainjob::cli {

// ---- exit status and errors ----------------------------------------------------------

constexpr int exit_ok = 0;
constexpr int exit_findings = 1;
constexpr int exit_bad_input = 2;

/// Bad usage or bad input: reported once, exit 2.
struct bad_input {
  std::string message;
};

/// The usage text, with the parse limit and the shipped policies as the library gives them.
std::string usage();  // in main.cpp, beside the dispatch

/// Bad usage: the message, then the usage text.
[[noreturn]] void usage_error(const std::string& msg);

/// A file name for a message: bytes that are not UTF-8 as U+FFFD, control
/// characters escaped, cut past PATH_MAX (an argument may be longer).
std::string display_name(const std::string& name);

/// Bad input in a file: "FILE: MESSAGE".
bad_input file_error(const std::string& name, const std::string& message);

/// A JSON path under `prefix` ("" for the whole document): prefix.path.
std::string join_path(std::string prefix, const std::string& path);

/// What a message puts before its text for `path`: "PATH: ", or nothing for "".
std::string path_prefix(const std::string& path);

// ---- reading files -------------------------------------------------------------------

/// FILE's bytes ('-': standard input), reading at most one byte past the
/// input limit, so that /dev/zero or an endless pipe is refused, not read
/// until memory runs out.
std::string read_file(const std::string& name);

/// The file's JSON tree, taken apart without allocating when it goes, so that
/// running out of memory while decoding it is an error, not an abort.
trainjob::detail::owned_json read_json(const std::string& name);

template <class T>
T read_object(const std::string& name) {
  auto r = trainjob::try_decode<T>(read_json(name).get());
  if (!r) throw file_error(name, r.error().to_string());
  return std::move(*r);
}

/// FILE's document as one member of a pass's request, by the request's rules
/// (trainjob/request.hpp); an error is "FILE: PATH: MESSAGE".
void read_request_member(trainjob::request& r, trainjob::request_member m, const std::string& name);

/// TrainJobs, each with its path in the file ("" for the whole document).
using train_jobs = std::vector<std::pair<std::string, trainjob::train_job>>;

/// The TrainJobs of FILE (a TrainJob or a List of them), with their paths;
/// `is_list` says whether FILE was a List.
train_jobs read_train_jobs(const std::string& name, bool& is_list);

// ---- the checks the verbs share ------------------------------------------------------

/// A --profile value; an unknown name is bad usage.
trainjob::profile parse_profile(const std::string& s);

/// The policy set of the --policy options; the registry's message on a refusal,
/// and a refusal of any policy with the v1.9 profile.
trainjob::policy_set make_policies(const char* verb, const std::vector<std::string>& names,
                                   trainjob::profile p);

/// A --format value of `verb`: `first` or `second`, else bad usage naming both.
void check_format(const char* verb, const std::string& value, const char* first, const char* second);

/// lint --previous: the TrainJob in `previous_file`, which must be the same
/// TrainJob as the one of `jobs` (read from `file`, not a List) when both are named.
trainjob::train_job read_previous_train_job(const std::string& previous_file, const std::string& file,
                                            const train_jobs& jobs, bool file_is_list);

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
      lines_.push_back(display_name(file) + ": " + path_prefix(join_path(at, v.path)) + v.message);
    }
  }

  /// Exit 2 with one line per violation, when there is any.
  void refuse_if_invalid() const;

 private:
  bool enabled_;
  std::vector<std::string> lines_;
};

trainjob::timestamp current_time();

// ---- arguments -----------------------------------------------------------------------

/// The arguments after the command; options take "--name X" or "--name=X".
struct args {
  std::vector<std::string> items;
  std::size_t i = 0;

  bool done() const { return i >= items.size(); }
  const std::string& peek() const { return items[i]; }
  bool flag(const char* name);
  std::optional<std::string> option(const char* name);
  bool is_option() const { return items[i].size() > 1 && items[i][0] == '-'; }

  /// An option `verb` does not know (but not '-', standard input) is bad usage.
  void refuse_unknown_option(const char* verb) const;
  /// The next argument as the one operand `what` of `verb`: an unknown option
  /// or a second operand is bad usage.
  void take_operand(const char* verb, const char* what, std::optional<std::string>& into);
  /// The next argument, which `verb` does not take: bad usage.
  [[noreturn]] void unexpected(const char* verb) const;
};

// ---- standard output -----------------------------------------------------------------
//
// Every verb writes standard output through write_out (never std::cout), and main ends
// with finish_output, so no write error goes unnoticed: a full disk or a closed pipe
// gives exit 1 and "trainjob-conditions: writing standard output: <strerror>".

/// Standard output could not be written; `error` is the errno.
struct output_error {
  int error;
  std::string message() const;
};

/// Writes s to standard output (buffered by stdio).
void write_out(std::string_view s);

/// Hands what stdio buffers to the system now (batch on a pipe: each line as it is done).
void flush_out();

/// The end of the run: flushes and closes standard output, so that a write stdio
/// buffered until now, an error it kept from earlier, or one close reports is not lost.
void finish_output();

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_COMMON_HPP
