// trainjob internals: the order go-yaml v2 writes mapping keys in (sorter.go
// of goyaml.v2 in sigs.k8s.io/yaml v1.4), for the writer. docs/yaml.md,
// "Writing YAML".
#ifndef TRAINJOB_DETAIL_GO_YAML_SORTER_HPP
#define TRAINJOB_DETAIL_GO_YAML_SORTER_HPP

#include <cstddef>
#include <cstdint>
#include <string>

#include "trainjob/detail/go_unicode.hpp"

namespace trainjob {
namespace detail {

/// go-yaml v2's keyList.Less for two string keys, as runes: letters after
/// everything else, runs of digits compared as numbers.
inline bool go_yaml_key_less(const std::u32string& a, const std::u32string& b) noexcept {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    const bool al = go_is_letter(a[i]);
    const bool bl = go_is_letter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    // Go's int64 arithmetic wraps; so does this (unsigned, then compared signed).
    std::uint64_t an = 0, bn = 0;
    if (a[i] == U'0' || b[i] == U'0') {
      for (std::size_t j = i; j-- > 0 && go_is_digit(a[j]);) {
        if (a[j] != U'0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i, bi = i;
    for (; ai < a.size() && go_is_digit(a[ai]); ++ai) {
      an = an * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(a[ai]) - '0');
    }
    for (; bi < b.size() && go_is_digit(b[bi]); ++bi) {
      bn = bn * 10 + static_cast<std::uint64_t>(static_cast<std::int64_t>(b[bi]) - '0');
    }
    if (an != bn) return static_cast<std::int64_t>(an) < static_cast<std::int64_t>(bn);
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

}  // namespace detail
}  // namespace trainjob

#endif
