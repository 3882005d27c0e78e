// trainjob internals: writes a reconcile_result as the exact bytes of
// `dump(nlohmann::json(result))`, without building the JSON value, for batch
// mode (trainjob/batch.hpp).
//
// That form is compact with keys sorted (nlohmann's std::map), strings
// escaped as nlohmann escapes them (\" \\ \b \f \n \r \t, other control
// characters as \u00xx, everything else raw). Whatever this writer does not
// handle it declines (returns false) and the caller dumps the JSON value:
// unknown members anywhere in the status, a trainerStatus, or a string that
// is not valid UTF-8 (which dump replaces).
#ifndef TRAINJOB_DETAIL_FAST_DUMP_HPP
#define TRAINJOB_DETAIL_FAST_DUMP_HPP

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trainjob/condition.hpp"
#include "trainjob/detail/fast_json.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/timestamp.hpp"
#include "trainjob/types.hpp"

namespace trainjob {
namespace detail {

/// Appends `s` as a JSON string; false if it is not valid UTF-8.
inline bool fast_write_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  const auto* run = p;
  const auto flush = [&](const unsigned char* to) {
    out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(to - run));
  };
  while (p < end) {
    const unsigned c = *p;
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(p, end);
      if (n == 0) return false;
      p += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    flush(p);
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
        break;
    }
    run = ++p;
  }
  flush(end);
  out += '"';
  return true;
}

template <class Int>
void fast_write_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

/// timestamp::to_string, quoted, without the temporary string.
inline void fast_write_time(std::string& out, timestamp t) {
  char buf[22];
  buf[0] = '"';
  format_rfc3339(t.unix_seconds(), buf + 1);
  buf[21] = '"';
  out.append(buf, sizeof buf);
}

inline bool fast_no_unknown(const nlohmann::json& u) noexcept { return u.is_null() || (u.is_object() && u.empty()); }

// Keys in nlohmann's (byte) order; omit_empty fields left out when empty.
inline bool fast_write(std::string& out, const condition& c) {
  if (!fast_no_unknown(c.unknown_fields)) return false;
  out += '{';
  if (!c.last_transition_time.is_zero()) {
    out += "\"lastTransitionTime\":";
    fast_write_time(out, c.last_transition_time);
    out += ',';
  }
  out += "\"message\":";
  if (!fast_write_string(out, c.message)) return false;
  if (c.observed_generation != 0) {
    out += ",\"observedGeneration\":";
    fast_write_int(out, c.observed_generation);
  }
  out += ",\"reason\":";
  if (!fast_write_string(out, c.reason)) return false;
  out += ",\"status\":\"";
  out += to_string(c.status);
  out += "\",\"type\":";
  if (!fast_write_string(out, c.type)) return false;
  out += '}';
  return true;
}

inline bool fast_write(std::string& out, const job_status& j) {
  if (!fast_no_unknown(j.unknown_fields)) return false;
  bool first = true;
  const auto key = [&](const char* k) {
    out += first ? "{\"" : ",\"";
    first = false;
    out += k;
    out += "\":";
  };
  const auto count = [&](const char* k, const std::optional<std::int32_t>& v) {
    if (!v) return;
    key(k);
    fast_write_int(out, *v);
  };
  count("active", j.active);
  count("failed", j.failed);
  key("name");
  if (!fast_write_string(out, j.name)) return false;
  count("ready", j.ready);
  count("succeeded", j.succeeded);
  count("suspended", j.suspended);
  out += '}';
  return true;
}

template <class T>
bool fast_write_list(std::string& out, const std::vector<T>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i != 0) out += ',';
    if (!fast_write(out, list[i])) return false;
  }
  out += ']';
  return true;
}

inline bool fast_write(std::string& out, const train_job_status& s) {
  if (!fast_no_unknown(s.unknown_fields) || !s.trainer_status.is_null()) return false;
  out += '{';
  if (!s.conditions.empty()) {
    out += "\"conditions\":";
    if (!fast_write_list(out, s.conditions)) return false;
  }
  if (!s.jobs_status.empty()) {
    out += s.conditions.empty() ? "\"jobsStatus\":" : ",\"jobsStatus\":";
    if (!fast_write_list(out, s.jobs_status)) return false;
  }
  out += '}';
  return true;
}

/// Appends `dump(nlohmann::json(r))`; false (with `out` partly written) when
/// it cannot, and the caller must truncate and dump.
inline bool fast_write(std::string& out, const reconcile_result& r) {
  if (!r.rejected.empty()) return false;  // rare: nlohmann writes it
  const auto flag = [&](const char* key, bool v) {
    out += key;
    out += v ? "true" : "false";
  };
  flag("{\"applyObjects\":", r.apply_objects);
  flag(",\"changed\":", r.changed);
  flag(",\"deleteJobSet\":", r.delete_job_set);
  out += ",\"errors\":[";
  for (std::size_t i = 0; i < r.errors.size(); ++i) {
    if (i != 0) out += ',';
    if (!fast_write_string(out, r.errors[i])) return false;
  }
  out += "],\"events\":[";
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const event& e = r.events[i];
    // Keys sorted, as nlohmann writes them; action and refused only when set.
    out += i != 0 ? ",{" : "{";
    if (!e.action.empty()) {
      out += "\"action\":";
      if (!fast_write_string(out, e.action)) return false;
      out += ',';
    }
    out += "\"message\":";
    if (!fast_write_string(out, e.message)) return false;
    out += ",\"reason\":";
    if (!fast_write_string(out, e.reason)) return false;
    if (e.refused) {
      out += ",\"refused\":";
      if (!fast_write_string(out, *e.refused)) return false;
    }
    out += ",\"type\":";
    if (!fast_write_string(out, e.type)) return false;
    out += '}';
  }
  out += "],\"requeueAfterSeconds\":";
  if (r.requeue_after_seconds) {
    fast_write_int(out, *r.requeue_after_seconds);
  } else {
    out += "null";
  }
  flag(",\"skipped\":", r.skipped);
  out += ",\"status\":";
  if (!fast_write(out, r.status)) return false;
  out += '}';
  return true;
}

}  // namespace detail
}  // namespace trainjob

#endif
