// trainjob fuzzing: what the fuzz targets share.
//
// Each target defines LLVMFuzzerTestOneInput and is linked two ways: with
// libFuzzer (clang, -fsanitize=fuzzer,address,undefined) to search, and with
// replay_main.cpp (any compiler) to re-run the committed corpus in ctest. So
// nothing here may use libFuzzer's headers: `byte_reader` stands in for
// FuzzedDataProvider, and a broken property aborts, which both builds report.
#ifndef TRAINJOB_FUZZ_COMMON_HPP
#define TRAINJOB_FUZZ_COMMON_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <trainjob/error.hpp>
#include <trainjob/json.hpp>

namespace trainjob_fuzz {

/// Reports a broken property and aborts: libFuzzer keeps the input as a crash
/// artifact, the replay exits non-zero.
[[noreturn]] inline void check_failed(const char* file, int line, const char* what,
                                      const std::string& detail) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
  if (!detail.empty()) std::fprintf(stderr, "  %s\n", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace trainjob_fuzz

/// Aborts with `detail` (a std::string, built only on failure) unless `cond` holds.
#define TRAINJOB_FUZZ_CHECK(cond, detail)                                            \
  do {                                                                               \
    if (!(cond)) ::trainjob_fuzz::check_failed(__FILE__, __LINE__, #cond, (detail)); \
  } while (false)

namespace trainjob_fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) noexcept {
  return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data), size);
}

/// Structured input from fuzz bytes, read from the front; 0 once they run out,
/// so every input, however short, builds something.
class byte_reader {
 public:
  byte_reader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

  bool empty() const noexcept { return pos_ >= size_; }

  std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }

  bool boolean() noexcept { return (byte() & 1u) != 0; }

  /// A value in [lo, hi], from as many bytes as the range needs.
  std::uint64_t in_range(std::uint64_t lo, std::uint64_t hi) noexcept {
    if (hi <= lo) return lo;
    const std::uint64_t span = hi - lo;
    std::uint64_t v = 0;
    for (std::uint64_t left = span; left != 0; left >>= 8) v = (v << 8) | byte();
    return span == UINT64_MAX ? v : lo + v % (span + 1);
  }

  std::int64_t int_in(std::int64_t lo, std::int64_t hi) noexcept {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + in_range(0, span));
  }

  /// An index in [0, n); 0 when n is 0.
  std::size_t index(std::size_t n) noexcept {
    return n == 0 ? 0 : static_cast<std::size_t>(in_range(0, n - 1));
  }

  /// One of `items`.
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) noexcept {
    return items[index(N)];
  }

  /// Up to `max` raw bytes (any byte, so not necessarily UTF-8).
  std::string bytes(std::size_t max) {
    const std::size_t n = index(max + 1);
    std::string out;
    while (out.size() < n && !empty()) out += static_cast<char>(byte());
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// Whether an error path ("status.conditions[2].status", "metadata.labels[\"a/b\"]")
/// names a place in `doc`: every step but the last must exist; the last may
/// be a member missing from an existing object ("required field is missing").
inline bool path_resolves(const nlohmann::json& doc, std::string_view path) {
  // A path cut in the middle (…(N levels)…, detail/json_path.hpp) names its
  // place only in part: its head must resolve.
  if (const std::size_t cut = path.find("\xE2\x80\xA6(");
      cut != std::string_view::npos && path.find(" levels)\xE2\x80\xA6", cut) != std::string_view::npos) {
    path = path.substr(0, cut);
  }
  const nlohmann::json* at = &doc;
  std::size_t i = 0;
  while (i < path.size()) {
    if (at == nullptr) return false;  // the previous step was missing, and it was not the last
    if (path[i] == '.') {
      if (i == 0) return false;
      ++i;
    }
    if (i < path.size() && path[i] == '[') {
      if (i + 1 < path.size() && path[i + 1] == '"') {
        // A quoted key: a JSON string, then ']'.
        std::size_t end = i + 2;
        while (end < path.size() && path[end] != '"')
          end += path[end] == '\\' ? std::size_t{2} : std::size_t{1};
        // A long key is cut: ["kkk…" (N bytes)] (detail/quote.hpp).
        std::size_t close = end + 1, cut_bytes = 0;
        if (path.substr(close, 2) == " (") {
          std::size_t k = close + 2;
          while (k < path.size() && path[k] >= '0' && path[k] <= '9')
            cut_bytes = cut_bytes * 10 + static_cast<std::size_t>(path[k++] - '0');
          if (path.substr(k, 7) != " bytes)") return false;
          close = k + 7;
        }
        if (close >= path.size() || path[close] != ']') return false;
        const auto key = nlohmann::json::parse(path.substr(i + 1, end - i), nullptr, false);
        if (!key.is_string() || !at->is_object()) return false;
        const std::string& k = key.get_ref<const std::string&>();
        if (cut_bytes == 0) {
          const auto it = at->find(k);
          at = it == at->end() ? nullptr : &*it;
        } else {
          constexpr std::string_view ellipsis = "\xE2\x80\xA6";
          if (k.size() < ellipsis.size() ||
              k.compare(k.size() - ellipsis.size(), ellipsis.size(), ellipsis) != 0)
            return false;
          const std::string_view prefix(k.data(), k.size() - ellipsis.size());
          const nlohmann::json* found = nullptr;
          for (auto it = at->begin(); it != at->end(); ++it) {
            if (it.key().size() == cut_bytes && it.key().compare(0, prefix.size(), prefix) == 0) found = &*it;
          }
          if (found == nullptr) return false;  // the cut key names no member
          at = found;
        }
        i = close + 1;
      } else {
        std::size_t end = i + 1, n = 0;
        if (end >= path.size() || path[end] == ']') return false;
        while (end < path.size() && path[end] >= '0' && path[end] <= '9')
          n = n * 10 + static_cast<std::size_t>(path[end++] - '0');
        if (end >= path.size() || path[end] != ']' || !at->is_array() || n >= at->size()) return false;
        at = &(*at)[n];
        i = end + 1;
      }
    } else {
      std::size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      if (end == i || !at->is_object()) return false;
      const auto it = at->find(std::string(path.substr(i, end - i)));
      at = it == at->end() ? nullptr : &*it;
      i = end;
    }
  }
  return true;
}

/// Decodes `j` as a T. `decode` may throw decode_error only (anything else
/// escapes: a crash), its error names a path in `j`, and `try_decode` agrees.
template <class T>
std::optional<T> decode_checked(const nlohmann::json& j) {
  std::optional<T> out;
  try {
    out = trainjob::decode<T>(j);
  } catch (const trainjob::decode_error& e) {
    TRAINJOB_FUZZ_CHECK(!e.message().empty(), "a decode error without a message at " + e.path());
    TRAINJOB_FUZZ_CHECK(path_resolves(j, e.path()),
                        "the error's path is not in the document: " + std::string(e.what()));
  }
  const trainjob::result<T> r = trainjob::try_decode<T>(j);
  TRAINJOB_FUZZ_CHECK(r.ok() == out.has_value(), "decode and try_decode disagree: " + r.error().to_string());
  if (out) TRAINJOB_FUZZ_CHECK(*r == *out, "decode and try_decode give different objects");
  return out;
}

/// The document, or nullopt for text parse_json refuses (with a message).
inline std::optional<nlohmann::json> parse_checked(std::string_view text) {
  auto j = trainjob::parse_json(text);
  if (!j) {
    TRAINJOB_FUZZ_CHECK(!j.error().message.empty(), "parse_json failed without a message");
    return std::nullopt;
  }
  return std::move(*j);
}

}  // namespace trainjob_fuzz

#endif
