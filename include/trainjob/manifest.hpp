// trainjob: the objects of a manifest, what `kubectl get -o json|yaml` prints
// or `kubectl apply -f` takes: documents, each an object or a List of them.
//
//   auto n = trainjob::read_manifest(text, [&](trainjob::manifest_item& it) {
//     if (!it.object) ...;                 // it.object.error(): path below it.path
//     use(it.path, *it.object);            // "items[3]", any_object
//   });
//   if (!n) std::cerr << n.error().to_string() << '\n';  // parse_documents' error
//
// The meaning is parse_documents (trainjob/yaml.hpp) then, per document,
// decode_objects' walk (trainjob/object.hpp), item by item. JSON is read with
// the fast reader (detail/fast_json.hpp) straight into the API types, without
// a tree of the whole text: a first pass checks what parse_json would check
// (syntax, duplicate keys, its memory estimate) and finds each document and
// item, a second decodes the items. Anything the fast reader is unsure of
// goes the reference way: the whole text when the first pass is, one item
// (parse_json + decode_any on its text) when the second is. Both ways give
// the same items and the same errors (tests/test_manifest.cpp). YAML is read
// the reference way. Opt-in, as yaml.hpp: needs trainjob::yaml (libyaml).
#ifndef TRAINJOB_MANIFEST_HPP
#define TRAINJOB_MANIFEST_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "trainjob/detail/fast_json.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/object.hpp"
#include "trainjob/parse.hpp"
#include "trainjob/yaml.hpp"

namespace trainjob {

/// One object of a manifest, handed to read_manifest's callback.
struct manifest_item {
  std::size_t document = 0;   // its document, from 1
  std::size_t documents = 0;  // how many documents the text holds
  std::string path;           // "" for a document that is the object, "items[N]" in a List
  /// Its `kind` when that is a string; none for a List whose `items` is
  /// missing or not an array (then `object` says so, at path "items").
  std::optional<std::string> kind;
  /// The object, or why it is not one, as decode_any says it for the item
  /// alone (the error's path is below `path`).
  result<any_object> object = error_info{};
  /// Where the object came from, for a reader that wants what decoding drops
  /// (audit's fractional times): its tree when it was read the reference
  /// way, else its JSON text. Valid during the callback only.
  const nlohmann::json* tree = nullptr;
  std::string_view text;
};

/// How read_manifest read a text: whether its first pass took the whole
/// text, and how many items the fast reader decoded of how many.
struct manifest_stats {
  bool fast_text = false;
  std::size_t items = 0, fast_items = 0;
};

/// Members read_manifest leaves empty in every object it hands over, for a
/// reader that never reads them (audit): the fast reader then skips them
/// instead of building them, which for a JobSet is most of its decoding.
struct manifest_drops {
  bool jobset_spec = false;     // a JobSet's spec: its pod templates
  bool managed_fields = false;  // metadata.managedFields, of every kind
};

namespace detail {

/// The members `drops` names emptied, as the fast reader leaves them.
inline void apply_drops(any_object& o, const manifest_drops& drops) noexcept {
  if (drops.managed_fields) std::visit([](auto& x) { drop(x.metadata.managed_fields); }, o);
  if (auto* js = drops.jobset_spec ? std::get_if<job_set>(&o) : nullptr) drop(js->spec);
}

inline std::string item_path(std::size_t i) { return "items[" + std::to_string(i) + "]"; }

/// One document's items by the DOM: the reference for the fast reader.
template <class F>
void walk_document(const nlohmann::json& j, std::size_t number, std::size_t count, F& on_item) {
  const auto kind_of_json = [](const nlohmann::json& o) -> std::optional<std::string> {
    if (!o.is_object()) return std::nullopt;
    const auto k = o.find("kind");
    if (k == o.end() || !k->is_string()) return std::nullopt;
    return k->get_ref<const std::string&>();
  };
  std::optional<std::string> kind = kind_of_json(j);
  if (kind && is_list_kind(*kind)) {
    const auto items = j.find("items");
    if (items == j.end() || !items->is_array()) {
      manifest_item it;
      it.document = number;
      it.documents = count;
      auto r = try_decode_objects(j);  // it names what is wrong with the List
      it.object = r ? error_info{"items", "not a List", error_kind::internal} : r.error();
      on_item(it);
      return;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
      const nlohmann::json& e = (*items)[i];
      manifest_item it;
      it.document = number;
      it.documents = count;
      it.path = item_path(i);
      it.kind = kind_of_json(e);
      it.object = capture<any_object>([&] { return decode_any(e); });
      it.tree = &e;
      on_item(it);
    }
    return;
  }
  manifest_item it;
  it.document = number;
  it.documents = count;
  it.kind = std::move(kind);
  it.object = capture<any_object>([&] { return decode_any(j); });
  it.tree = &j;
  on_item(it);
}

/// read_manifest by the DOM alone: parse_documents, then each document's walk.
template <class F>
result<std::size_t> read_manifest_dom(std::string_view text, F&& on_item, const parse_limits& limits = {}) {
  auto docs = parse_documents(text, limits);
  if (!docs) return docs.error();
  yaml::documents_guard guard{*docs};  // freed without allocating, even after a bad_alloc
  const std::size_t count = docs->size();
  for (std::size_t n = 0; n < count; ++n) walk_document((*docs)[n], n + 1, count, on_item);
  return count;
}

/// Where an object stands in the padded text, and its `kind` when a string.
struct manifest_span {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::optional<std::string> kind;
};

struct manifest_document {
  manifest_span whole;
  const char* slice = nullptr;  // where parse_json's text for it starts (after the one before)
  bool items_array = false;     // a top-level `items` that is an array
  std::size_t first_item = 0, item_count = 0;
};

/// parse_json's memory estimate (parse.hpp) from the reader's counts.
inline std::size_t estimated_tree_bytes(const fast_counts& c) noexcept {
  tree_estimate e;
  e.containers = c.containers;
  e.members = c.members;
  e.elements = c.elements;
  e.strings = c.strings - c.members;  // a key lives in its member's node
  e.string_heap = c.string_heap;
  return e.bytes();
}

/// The members of an object, `kind` read when it is a string, the rest by `other`.
template <class F>
void scan_members(fast_reader& r, std::optional<std::string>& kind, F&& other) {
  r.object([&](std::string_view key) {
    if (key == "kind" && r.peek() == '"') {
      kind = std::string(r.read_string_view());
    } else {
      other(key);
    }
  });
}

/// The first pass over JSON text (padded): what read_json_stream and
/// parse_json would accept, cut into documents and items. False when
/// anything is unusual; the reference path then reads the text.
inline bool scan_manifest(fast_reader& r, const char* text, std::size_t size, const parse_limits& limits,
                          std::vector<manifest_document>& docs, std::vector<manifest_span>& items) {
  if (size > limits.max_bytes || limits.max_depth < static_cast<std::size_t>(fast_max_depth)) return false;
  if (std::memchr(text, '\0', size) != nullptr) return false;  // parse_json's error
  const char* const end = text + size;
  const char* start = text;
  for (;;) {
    const char* p = start;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
    if (p == end) return true;
    if (*p != '{') return false;  // null, or not an object: an error or a skip, said by the reference
    manifest_document d;
    d.slice = start;
    d.whole.begin = p;
    r.start(p, end);
    r.reset_counts();
    scan_members(r, d.whole.kind, [&](std::string_view key) {
      if (key != "items" || r.peek() != '[') {
        r.skip_value();
        return;
      }
      d.items_array = true;
      d.first_item = items.size();
      r.array([&] {
        manifest_span s;
        r.skip_ws();
        s.begin = r.pos();
        if (*s.begin == '{') {
          scan_members(r, s.kind, [&](std::string_view) { r.skip_value(); });
        } else {
          r.skip_value();
        }
        s.end = r.pos();
        items.push_back(std::move(s));
      });
      d.item_count = items.size() - d.first_item;
    });
    d.whole.end = r.pos();
    if (estimated_tree_bytes(r.counts()) >
        limits.memory_budget(static_cast<std::size_t>(d.whole.end - start)))
      return false;
    start = d.whole.end;
    docs.push_back(std::move(d));
  }
}

/// Objects whose storage the next item of their kind reuses, one per kind,
/// as batch reuses its request: a List of N TrainJobs is not N objects'
/// allocations and frees. (A callback that moves an object out leaves an
/// empty one here, which is as good as a new one.)
struct manifest_spares {
  std::optional<any_object> kinds[std::variant_size_v<any_object>];
};

/// The index of T among a variant's alternatives.
template <class T, class... Ts>
constexpr std::size_t alternative_index(const std::variant<Ts...>*) noexcept {
  constexpr bool same[] = {std::is_same_v<T, Ts>...};
  for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
    if (same[i]) return i;
  }
  return sizeof...(Ts);
}

/// it.object made to hold a T, reusing a previous item's storage when it can.
template <class T>
T& reusable_object(manifest_item& it, manifest_spares& spares) {
  if (it.object && std::holds_alternative<T>(*it.object)) return std::get<T>(*it.object);
  if (it.object) spares.kinds[it.object->index()] = std::move(*it.object);
  auto& spare = spares.kinds[alternative_index<T>(static_cast<const any_object*>(nullptr))];
  if (spare && std::holds_alternative<T>(*spare)) {
    it.object = std::move(*spare);
  } else {
    it.object = any_object(std::in_place_type<T>);
  }
  return std::get<T>(*it.object);
}

template <class T>
void fast_object(fast_reader& r, const manifest_span& s, const char* end, manifest_item& it,
                 manifest_spares& spares) {
  T& out = reusable_object<T>(it, spares);
  try {
    r.start_checked(s.begin, end);  // scan_manifest found no duplicate key in it
    fast_read(r, out, true);
    if (r.pos() != s.end) bail();
  } catch (...) {
    release(out);  // no tree inside goes through nlohmann's allocating destructor
    throw;
  }
}

/// An item decoded: by the fast reader, else by parse_json + decode_any on its text.
/// Whether the fast reader decoded it.
inline bool decode_span(fast_reader& r, const manifest_span& s, const char* end, manifest_item& it,
                        manifest_spares& spares) {
  it.kind = s.kind;
  it.text = std::string_view(s.begin, static_cast<std::size_t>(s.end - s.begin));
  if (s.kind) {
    try {
      const std::string& k = *s.kind;
      if (k == "TrainJob") {
        fast_object<train_job>(r, s, end, it, spares);
        return true;
      }
      if (k == "JobSet") {
        fast_object<job_set>(r, s, end, it, spares);
        return true;
      }
      if (k == "TrainingRuntime") {
        fast_object<training_runtime>(r, s, end, it, spares);
        return true;
      }
      if (k == "ClusterTrainingRuntime") {
        fast_object<cluster_training_runtime>(r, s, end, it, spares);
        return true;
      }
    } catch (...) {  // fast_bail, or out of memory: the reference path decides
    }
  }
  parse_limits unbudgeted;  // the whole document's tree was within its budget
  unbudgeted.memory_floor = SIZE_MAX;
  auto j = parse_json(it.text, unbudgeted);
  if (!j) {
    it.object = j.error();  // the first pass read it: only out of memory comes here
    return false;
  }
  const owned_json tree(std::move(*j));
  it.object = capture<any_object>([&] { return decode_any(tree.get()); });
  return false;
}

}  // namespace detail

namespace detail {

/// on_item as every way of reading calls it: the item counted, its drops applied.
template <class F>
auto handed_over(F& on_item, manifest_stats& st, const manifest_drops& drops) {
  return [&on_item, &st, drops](manifest_item& it) {
    ++st.items;
    if (it.object) apply_drops(*it.object, drops);
    on_item(it);
  };
}

/// read_manifest over JSON text followed by fast_padding readable bytes, the
/// first NUL; on_item is handed_over's.
template <class F>
result<std::size_t> read_manifest_padded(std::string_view text, F& on_item, const parse_limits& limits,
                                         manifest_stats& st, const manifest_drops& drops) {
  std::vector<manifest_document> docs;
  std::vector<manifest_span> items;
  fast_reader r;
  r.set_drops({drops.jobset_spec, drops.managed_fields});
  bool fast = false;
  try {
    fast = scan_manifest(r, text.data(), text.size(), limits, docs, items);
  } catch (...) {  // fast_bail, or out of memory
    fast = false;
  }
  if (!fast) return read_manifest_dom(text, on_item, limits);
  st.fast_text = true;
  const char* const end = text.data() + text.size();
  const std::size_t count = docs.size();
  manifest_item reused;  // one for every item, so that its object's storage is reused
  manifest_spares spares;
  const auto next_item = [&](std::size_t document, std::string path) -> manifest_item& {
    reused.document = document;
    reused.documents = count;
    reused.path = std::move(path);
    reused.tree = nullptr;
    return reused;
  };
  for (std::size_t n = 0; n < count; ++n) {
    const manifest_document& d = docs[n];
    if (d.whole.kind && is_list_kind(*d.whole.kind) && !d.items_array) {
      // A List without an items array: an error, worded by the reference.
      parse_limits unbudgeted;  // its tree was within its budget
      unbudgeted.memory_floor = SIZE_MAX;
      auto j = parse_json(
          std::string_view(d.whole.begin, static_cast<std::size_t>(d.whole.end - d.whole.begin)), unbudgeted);
      if (!j) return j.error();
      const owned_json tree(std::move(*j));
      walk_document(tree.get(), n + 1, count, on_item);
      continue;
    }
    if (d.whole.kind && is_list_kind(*d.whole.kind)) {
      for (std::size_t i = 0; i < d.item_count; ++i) {
        manifest_item& item = next_item(n + 1, item_path(i));
        if (decode_span(r, items[d.first_item + i], end, item, spares)) ++st.fast_items;
        on_item(item);
      }
      continue;
    }
    manifest_item& item = next_item(n + 1, std::string());
    if (decode_span(r, d.whole, end, item, spares)) ++st.fast_items;
    on_item(item);
  }
  return count;
}

}  // namespace detail

/// Reads a manifest's objects, as parse_documents and then decode_objects'
/// walk of each document would, and calls on_item(manifest_item&) for each
/// in order; on_item may move the object out. Nothing is handed over unless
/// the whole text parses: a parse error comes back instead, word for word
/// parse_documents' error. Returns how many documents there were (0: none,
/// e.g. an empty text). Throws only what on_item throws. `stats`, when
/// given, says how the text was read; `drops`, what is left out of every
/// object. JSON is copied once, for the reader's padding;
/// read_manifest_in_place saves the copy.
template <class F>
result<std::size_t> read_manifest(std::string_view text, F&& on_item, const parse_limits& limits = {},
                                  manifest_stats* stats = nullptr, const manifest_drops& drops = {}) {
  manifest_stats local;
  manifest_stats& st = stats != nullptr ? *stats : local;
  st = manifest_stats{};
  auto each = detail::handed_over(on_item, st, drops);
  if (!detail::yaml::looks_like_json(text)) return detail::read_manifest_dom(text, each, limits);
  std::string padded;
  try {
    padded.reserve(text.size() + detail::fast_padding);
    padded.assign(text.data(), text.size());
    padded.append(detail::fast_padding, '\0');
  } catch (...) {  // out of memory: the reference path reports it
    std::string().swap(padded);
    return detail::read_manifest_dom(text, each, limits);
  }
  return detail::read_manifest_padded(std::string_view(padded.data(), text.size()), each, limits, st, drops);
}

/// read_manifest over `text`, padded in place for the reader (no copy when
/// its capacity has fast_padding bytes to spare) and restored before it returns.
template <class F>
result<std::size_t> read_manifest_in_place(std::string& text, F&& on_item, const parse_limits& limits = {},
                                           manifest_stats* stats = nullptr,
                                           const manifest_drops& drops = {}) {
  if (!detail::yaml::looks_like_json(text)) return read_manifest(text, on_item, limits, stats, drops);
  manifest_stats local;
  manifest_stats& st = stats != nullptr ? *stats : local;
  st = manifest_stats{};
  auto each = detail::handed_over(on_item, st, drops);
  const std::size_t size = text.size();
  try {
    text.append(detail::fast_padding, '\0');
  } catch (...) {  // out of memory: the reference path reports it
    return detail::read_manifest_dom(std::string_view(text.data(), size), each, limits);
  }
  struct restore {
    std::string& t;
    std::size_t n;
    ~restore() { t.resize(n); }
  } guard{text, size};
  return detail::read_manifest_padded(std::string_view(text.data(), size), each, limits, st, drops);
}

}  // namespace trainjob

#endif
