#include "common.hpp"

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

void usage_error(const std::string& msg) { throw bad_input{msg + "\n\n" + usage()}; }

std::string display_name(const std::string& name) {
  return name == "-" ? "<stdin>" : trainjob::detail::cut_bounded(name, 4096);
}

bad_input file_error(const std::string& name, const std::string& message) {
  return bad_input{display_name(name) + ": " + message};
}

std::string join_path(std::string prefix, const std::string& path) {
  if (!path.empty()) prefix += (prefix.empty() ? "" : ".") + path;
  return prefix;
}

std::string path_prefix(const std::string& path) { return path.empty() ? "" : path + ": "; }

// ---- reading files -------------------------------------------------------------------

std::string read_file(const std::string& name) {
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  const std::string limit = std::to_string(max_bytes);
  std::string data;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (name != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(name, ec)) throw file_error(name, "is a directory");
    file.open(name, std::ios::binary);
    if (!file) throw file_error(name, std::string("cannot open: ") + std::strerror(errno));
    in = &file;
    const auto size = std::filesystem::file_size(name, ec);  // fails for pipes and devices
    if (!ec && size > max_bytes) {
      throw file_error(name, "input is " + std::to_string(size) + " bytes, over the limit of " + limit);
    }
    if (!ec) data.reserve(static_cast<std::size_t>(size));
  }
  char buf[1 << 16];
  while (data.size() <= max_bytes && in->read(buf, sizeof buf).gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in->gcount()));
  }
  if (in->bad()) throw file_error(name, std::string("cannot read: ") + std::strerror(errno));
  if (data.size() > max_bytes) throw file_error(name, "input is over the limit of " + limit + " bytes");
  return data;
}

trainjob::detail::owned_json read_json(const std::string& name) {
  auto j = trainjob::parse_json(read_file(name));
  if (!j) throw file_error(name, j.error().to_string());
  return trainjob::detail::owned_json(std::move(*j));
}

void read_request_member(trainjob::request& r, trainjob::request_member m, const std::string& name) {
  const auto tree = read_json(name);
  try {
    trainjob::decode_request_member(m, tree.get(), trainjob::detail::path_node{}, r);
  } catch (const std::exception& e) {  // decode_error, or out of memory: as try_decode reports it
    throw file_error(name, trainjob::detail::error_of(e).to_string());
  }
}

train_jobs read_train_jobs(const std::string& name, bool& is_list) {
  auto objs = trainjob::try_decode_objects(read_json(name).get());
  if (!objs) throw file_error(name, objs.error().to_string());
  is_list = objs->empty() || !objs->front().path.empty();
  train_jobs out;
  for (auto& o : *objs) {
    auto* tj = std::get_if<trainjob::train_job>(&o.object);
    if (tj == nullptr) {
      throw file_error(name, join_path(o.path, "kind") + ": expected \"TrainJob\", got \"" +
                                 std::string(trainjob::kind_of(o.object)) + "\"");
    }
    out.emplace_back(o.path, std::move(*tj));
  }
  return out;
}

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

void check_format(const char* verb, const std::string& value, const char* first, const char* second) {
  if (value == first || value == second) return;
  usage_error(std::string(verb) + ": --format takes " + first + " or " + second + ", got " +
              trainjob::detail::quote_bounded(value));
}

trainjob::train_job read_previous_train_job(const std::string& previous_file, const std::string& file,
                                            const train_jobs& jobs, bool file_is_list) {
  if (file_is_list) throw file_error(file, "--previous needs FILE to be one TrainJob, not a List");
  auto previous = read_object<trainjob::train_job>(previous_file);
  // One: FILE is not a List.
  if (const auto e = trainjob::previous_mismatch(jobs.front().second, previous)) {
    throw file_error(previous_file, e->to_string());
  }
  return previous;
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

// ---- arguments -----------------------------------------------------------------------

bool args::flag(const char* name) {
  if (items[i] == name) {
    ++i;
    return true;
  }
  return false;
}

std::optional<std::string> args::option(const char* name) {
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

void args::refuse_unknown_option(const char* verb) const {
  if (peek() != "-" && is_option()) {
    usage_error(std::string(verb) + ": unknown option " + trainjob::detail::cut_bounded(peek()));
  }
}

void args::take_operand(const char* verb, const char* what, std::optional<std::string>& into) {
  refuse_unknown_option(verb);
  if (into) usage_error(std::string(verb) + ": more than one " + what + " given");
  into = items[i++];
}

void args::unexpected(const char* verb) const {
  usage_error(std::string(verb) + ": unexpected argument " + trainjob::detail::cut_bounded(peek()));
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
