// trainjob: batch mode, one controller pass per line of JSON Lines.
//
//   trainjob::batch_processor proc(opts);          // one per thread; reuses its buffers
//   std::string out;
//   for (each line, numbered from 1) {
//     if (proc.process(line, n, out) != trainjob::line_result::blank) out += '\n';
//   }
//
// Input line: a request (trainjob/request.hpp): "trainjob", "jobset" (null or
// absent: NotFound, as in the Go reference), "now", and optionally
// "applyError", "buildError" and "runtime"; any other member is an error
// naming it. A blank line (nothing but spaces,
// tabs and carriage returns) produces no output, as in the Go reference.
// Objects that break their CRD's schema (trainjob::validate) are error lines
// too, unless the processor is told the caller takes that risk.
//
// Output line: exactly what `trainjob-conditions reconcile` prints for the
// same objects, `dump(nlohmann::json(reconcile_result))` (compact, keys
// sorted); or, when the line cannot be read, `{"error":"line N: PATH: WHAT"}`
// with the JSON path below the line's object (e.g. `trainjob.spec.runtimeRef.name`).
//
// A fast reader (detail/fast_json.hpp) decodes ordinary lines straight into
// the API types and a fast writer produces the bytes; any line it is not
// sure about goes through parse_json + decode + dump, which defines the
// result and every error message. Both give the same bytes; with condition
// policies, which may read any field, every line takes the second path.
#ifndef TRAINJOB_BATCH_HPP
#define TRAINJOB_BATCH_HPP

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "trainjob/detail/fast_dump.hpp"
#include "trainjob/detail/fast_json.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/request.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"
#include "trainjob/validation.hpp"

namespace trainjob {

/// What `batch_processor::process` wrote for a line.
enum class line_result {
  ok,     // the reconcile output
  error,  // {"error": "line N: ..."}
  blank,  // nothing: the line was blank
};

/// Lines seen by one processor, by outcome.
struct batch_stats {
  std::uint64_t lines = 0;       // non-blank lines
  std::uint64_t fast_lines = 0;  // of which the fast reader took
  std::uint64_t errors = 0;      // error lines written
};

namespace detail {

/// Whether a line holds nothing but whitespace (JSON's, without the newline that ends it).
inline bool is_blank_line(std::string_view line) noexcept {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

inline void append_error_line(std::string& out, std::uint64_t line_number, const error_info& e) {
  out += dump(nlohmann::json{{"error", "line " + std::to_string(line_number) + ": " + e.to_string()}});
}

/// Whether the line's objects meet their schemas, without allocating.
inline bool input_valid(const train_job& tj, const job_set* js) noexcept {
  return is_valid(tj) && (js == nullptr || is_valid(*js));
}

/// The line's objects against their schemas: the first broken rule, its path
/// below the line's object, and how many more there are.
inline std::optional<error_info> input_violation(const train_job& tj, const job_set* js) {
  if (input_valid(tj, js)) return std::nullopt;
  std::vector<violation> v = validate(tj);
  const char* prefix = "trainjob.";
  if (v.empty() && js != nullptr) {
    v = validate(*js);
    prefix = "jobset.";
  }
  if (v.empty()) return std::nullopt;
  error_info e{prefix + v.front().path, v.front().message};
  if (v.size() > 1) e.message += " (and " + std::to_string(v.size() - 1) + " more)";
  return e;
}

/// The reference path: parse_json, decode, reconcile, dump, as the reconcile
/// verb does. Defines every output, and is the only source of error lines.
/// `check_input`: a line whose objects break their schema is an error line.
inline line_result slow_process(std::string_view line, std::uint64_t line_number,
                                const reconcile_options& options, reconcile_result& result, std::string& out,
                                bool check_input = false, const parse_limits& limits = {}) {
  const std::size_t mark = out.size();
  try {
    auto j = parse_json(line, limits);
    if (!j) {
      append_error_line(out, line_number, j.error());
      return line_result::error;
    }
    const owned_json tree(std::move(*j));  // freed without allocating, even after a bad_alloc
    auto in = capture<request>([&] { return decode_request(tree.get()); });
    if (!in) {
      append_error_line(out, line_number, in.error());
      return line_result::error;
    }
    // Its trees (unknown members can be deep) go without allocating, even when
    // a bad_alloc below unwinds through here: nlohmann's destructor allocates.
    struct releaser {
      request& r;
      ~releaser() {
        release(r.trainjob);
        release(r.jobset);
        release(r.runtime);
      }
    } const guard{*in};
    const observation obs = in->observe();
    if (check_input) {
      if (const auto bad = input_violation(in->trainjob, obs.jobset)) {
        append_error_line(out, line_number, *bad);
        return line_result::error;
      }
    }
    reconcile(obs, options, result);
    out += dump(result_json(result));
    return line_result::ok;
  } catch (const std::exception& e) {
    out.resize(mark);
    try {
      const bool oom = dynamic_cast<const std::bad_alloc*>(&e) != nullptr;
      append_error_line(out, line_number,
                        error_info{"", oom ? "out of memory" : e.what(),
                                   oom ? error_kind::out_of_memory : error_kind::internal});
    } catch (...) {
      out.resize(mark);  // no memory even for the message
    }
  }
  return line_result::error;
}

/// The fast reader's reusable state: the padded copy of the line and the
/// decoded objects, whose storage later lines reuse.
struct fast_state {
  fast_reader reader;
  std::string text;
  train_job trainjob;
  job_set jobset;
  reconcile_result result;
};

/// The longest line the fast reader takes: ordinary lines are a few KiB.
inline constexpr std::size_t fast_max_line = std::size_t{1} << 20;

/// Decodes the line with the fast reader; false (nothing decoded) when the
/// line is anything but ordinary, for the reference path to handle.
inline bool fast_decode(fast_state& s, std::string_view line, const job_set*& jobset, timestamp& now) {
  // A long line goes the reference path, whose JSON tree is budgeted and freed
  // without allocating; the fast reader materialises unmodelled members with
  // nlohmann's own parser, so it keeps to lines whose trees are small.
  if (line.size() > fast_max_line) return false;
  s.text.assign(line.data(), line.size());
  s.text.append(fast_padding, '\0');
  fast_reader& r = s.reader;
  r.start(s.text.data(), s.text.data() + line.size());
  bool have_trainjob = false, have_now = false;
  jobset = nullptr;
  try {
    r.object([&](std::string_view key) {
      if (key == "trainjob") {
        if (r.null_next()) bail();
        fast_read(r, s.trainjob, false);
        have_trainjob = true;
      } else if (key == "jobset") {
        if (r.null_next()) {
          jobset = nullptr;
        } else {
          fast_read(r, s.jobset, false);
          jobset = &s.jobset;
        }
      } else if (key == "now") {
        if (r.null_next()) bail();
        fast_read(r, now, false);
        have_now = true;
      } else {
        bail();
      }
    });
    if (!r.at_end() || !have_trainjob || !have_now) return false;
  } catch (const fast_bail&) {
    return false;
  }
  return true;
}

/// The fast path for one line: decode, reconcile, write. False, with `out`
/// unchanged, when the line needs the reference path (with `check_input`, also
/// when its objects break their schema: the reference path reports that).
inline bool fast_process(fast_state& s, std::string_view line, const reconcile_options& options,
                         std::string& out, bool check_input = false) {
  if (options.policies != nullptr && !options.policies->empty()) return false;  // they may read any field
  const std::size_t mark = out.size();
  try {
    const job_set* jobset = nullptr;
    timestamp now;
    if (!fast_decode(s, line, jobset, now)) return false;
    if (check_input && !input_valid(s.trainjob, jobset)) return false;
    reconcile(observation{s.trainjob, jobset, now}, options, s.result);
    if (!fast_write(out, s.result)) {
      out.resize(mark);
      out += dump(result_json(s.result));
    }
    return true;
  } catch (...) {
    out.resize(mark);  // out of memory: let the reference path report it
    return false;
  }
}

}  // namespace detail

/// Runs batch lines one at a time. It shares nothing with other processors,
/// so a program uses one per thread; it keeps its buffers between lines, so
/// ordinary lines allocate little once the first ones have been seen.
class batch_processor {
 public:
  explicit batch_processor(reconcile_options options = {}) : options_(options) {}

  /// Whether a line whose TrainJob or JobSet breaks its CRD's schema becomes an
  /// error line (the default) or is reconciled as it is, at the caller's risk.
  void set_validate_input(bool on) noexcept { check_input_ = on; }
  bool validate_input() const noexcept { return check_input_; }

  /// Bounds the memory one line may take (0: parse_json's own limits only).
  /// A line of L bytes is held about three times over (the text, the fast
  /// reader's copy or the parser's, the output); what remains of `bytes` is
  /// split between the JSON tree and the decoded objects, and a line whose tree
  /// would not fit is an error line, before the tree is built. The caller
  /// keeps lines longer than bytes / 6 out (the tool's reader skips them).
  void set_memory_budget(std::size_t bytes) noexcept { memory_budget_ = bytes; }
  std::size_t memory_budget() const noexcept { return memory_budget_; }

  /// Appends the output line for `line` (without a newline) to `out`: the
  /// reconcile output, or an error line naming `line_number`; for a blank
  /// line nothing. `line` excludes its newline; a trailing '\r' is allowed.
  /// Never throws.
  line_result process(std::string_view line, std::uint64_t line_number, std::string& out) noexcept {
    if (detail::is_blank_line(line)) return line_result::blank;
    ++stats_.lines;
    if (detail::fast_process(fast_, line, options_, out, check_input_)) {
      ++stats_.fast_lines;
      return line_result::ok;
    }
    parse_limits limits;
    if (memory_budget_ != 0) {
      const std::size_t held = 3 * line.size();
      limits.memory_floor = memory_budget_ > held ? (memory_budget_ - held) / 2 : 0;
      limits.memory_per_input_byte = 0;
    }
    const line_result r =
        detail::slow_process(line, line_number, options_, fast_.result, out, check_input_, limits);
    if (r == line_result::error) ++stats_.errors;
    return r;
  }

  const batch_stats& stats() const noexcept { return stats_; }
  const reconcile_options& options() const noexcept { return options_; }

 private:
  reconcile_options options_;
  bool check_input_ = true;
  std::size_t memory_budget_ = 0;
  detail::fast_state fast_;
  batch_stats stats_;
};

}  // namespace trainjob

#endif
