#include "common.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>
#include <variant>

namespace trainjob::cli {

// ---- exit status and errors ----------------------------------------------------------

void usage_error(const std::string& msg) { throw bad_input{msg, exit_bad_input, true}; }

int status_of(const trainjob::error_info& e) {
  return e.kind == trainjob::error_kind::internal || e.kind == trainjob::error_kind::out_of_memory
             ? exit_internal
             : exit_bad_input;
}

std::string display_name(const std::string& name) {
  return name == "-" ? "<stdin>" : trainjob::detail::cut_bounded(name, 4096);
}

bad_input file_error(const std::string& name, const std::string& message) {
  return bad_input{display_name(name) + ": " + message};
}

bad_input file_error(const std::string& name, const trainjob::error_info& e) {
  return bad_input{display_name(name) + ": " + e.to_string(), status_of(e)};
}

std::string join_path(std::string prefix, const std::string& path) {
  if (!path.empty()) prefix += (prefix.empty() ? "" : ".") + path;
  return prefix;
}

std::string path_prefix(const std::string& path) { return path.empty() ? "" : path + ": "; }

// ---- the checks the verbs share ------------------------------------------------------

trainjob::profile parse_profile(const std::string& s) {
  auto p = trainjob::profile_from_string(s);
  if (!p) usage_error(trainjob::unknown_profile_message(s));
  return *p;
}

trainjob::policy_set make_policies(const char* verb, const std::vector<std::string>& names,
                                   trainjob::profile p) {
  if (names.empty()) return {};
  if (!trainjob::supports_policies(p)) {
    throw bad_input{std::string(verb) +
                    ": --policy: " + std::string(trainjob::names::error_policies_with_v1_9)};
  }
  auto set = trainjob::make_policy_set(names);
  if (!set) throw bad_input{std::string(verb) + ": --policy: " + set.error().to_string()};
  return std::move(*set);
}

void check_format(const char* verb, const std::string& value) {
  const auto values = flag_values(verb, "--format");
  if (std::find(values.begin(), values.end(), value) != values.end()) return;
  std::string list;
  for (std::size_t i = 0; i < values.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
  }
  usage_error(std::string(verb) + ": --format takes " + list + ", got " +
              trainjob::detail::quote_bounded(value) + did_you_mean(value, values));
}

void input_check::refuse_if_invalid() const {
  if (lines_.empty()) return;
  std::string message;
  for (const auto& l : lines_) message += (message.empty() ? "" : "\ntrainjob-conditions: ") + l;
  throw bad_input{message};
}

trainjob::timestamp current_time() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return trainjob::timestamp::from_unix(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

std::optional<std::string> one_operand(const options& o, const char* what) {
  if (o.operands.size() > 1) usage_error(o.verb + ": more than one " + what + " given");
  if (o.operands.empty()) return std::nullopt;
  return o.operands.front();
}

// ---- standard output -----------------------------------------------------------------

std::string output_error::message() const {
  return std::string("writing standard output: ") + std::strerror(error != 0 ? error : EIO);
}

void write_out(std::string_view s) {
  if (!s.empty() && std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) throw output_error{errno};
}

void flush_out() {
  if (std::fflush(stdout) != 0) throw output_error{errno};
}

void finish_output() {
  if (!std::cout.flush()) throw output_error{EIO};  // unused, but it shares the descriptor
  flush_out();
  if (std::ferror(stdout)) throw output_error{EIO};
  if (std::fclose(stdout) != 0) throw output_error{errno};
}

}  // namespace trainjob::cli
