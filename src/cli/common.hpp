// trainjob-conditions: what the verbs share. Exit codes, the error a verb throws
// for bad usage or bad input, the arguments, reading files, the checks every
// verb makes the same way, and standard output with every write checked.

#ifndef TRAINJOB_CLI_COMMON_HPP
#define TRAINJOB_CLI_COMMON_HPP

#include "app.hpp"

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
constexpr int exit_internal = 3;  // a bug or no memory: not the input's fault

/// Bad usage or bad input (exit 2), or an internal failure the library reported
/// (exit 3): reported once. `usage`: main adds where to read the verb's usage.
struct bad_input {
  std::string message;
  int status = exit_bad_input;
  bool usage = false;
};

/// The overview (--help), with the parse limit and the shipped policies as the library gives them.
std::string usage(const std::string& program);  // in main.cpp, beside the dispatch

/// Bad usage: one line, and main points to `VERB --help`.
[[noreturn]] void usage_error(const std::string& msg);

/// The exit status for an error of the library: 3 for out_of_memory and internal, else 2.
int status_of(const trainjob::error_info& e);

/// A file name for a message: bytes that are not UTF-8 as U+FFFD, control
/// characters escaped, cut past PATH_MAX (an argument may be longer).
std::string display_name(const std::string& name);

/// Bad input in a file: "FILE: MESSAGE".
bad_input file_error(const std::string& name, const std::string& message);
/// The same for an error of the library, with its exit status (status_of).
bad_input file_error(const std::string& name, const trainjob::error_info& e);

/// A JSON path under `prefix` ("" for the whole document): prefix.path.
std::string join_path(std::string prefix, const std::string& path);

/// What a message puts before its text for `path`: "PATH: ", or nothing for "".
std::string path_prefix(const std::string& path);

// ---- the checks the verbs share ------------------------------------------------------

/// A --profile value; an unknown name is bad usage.
trainjob::profile parse_profile(const std::string& s);

/// The policy set of the --policy options; the registry's message on a refusal,
/// and a refusal of any policy with the v1.9 profile.
trainjob::policy_set make_policies(const char* verb, const std::vector<std::string>& names,
                                   trainjob::profile p);

/// A --format value of `verb`: one of verb_info::formats, else bad usage naming them.
void check_format(const char* verb, const std::string& value);

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
  /// Whether a violation was found.
  bool failed() const noexcept { return !lines_.empty(); }

 private:
  bool enabled_;
  std::vector<std::string> lines_;
};

trainjob::timestamp current_time();

/// The one operand (`what`) of a verb that takes one: a second is bad usage.
std::optional<std::string> one_operand(const options& o, const char* what);

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
