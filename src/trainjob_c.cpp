// libtrainjob_c: the C ABI of include/trainjob/trainjob_c.h over the C++ library.
//
// Every entry point runs its body through `guarded`, which clears the out-
// parameters first and turns every exception into a status code and a
// message: nothing is thrown across the boundary. Messages are made valid
// UTF-8 (a parse error quotes the bytes it read), so any binding can decode them.
// The JSON produced is the command-line tool's for reconcile, replay and state.

#include "trainjob/trainjob_c.h"

#include <trainjob/detail/quote.hpp>
#include <trainjob/lint.hpp>
#include <trainjob/policies.hpp>
#include <trainjob/request.hpp>
#include <trainjob/summary.hpp>
#include <trainjob/trainjob.hpp>
#include <trainjob/version.hpp>
#include <trainjob/yaml.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

/// The opaque handle: what the tool's --profile, --policy and --migrate give.
struct trainjob_options {
  trainjob::profile profile = trainjob::profile::latest;
  bool profile_set = false;  // replay: the scenario's profile is overridden only when set
  trainjob::policy_set policies;
  bool migrate_legacy_created = false;
};

namespace {

/// A failure with its status code; thrown inside an entry point, caught by `guarded`.
struct api_error {
  int code;
  std::string message;
};

[[noreturn]] void fail(int code, std::string message) { throw api_error{code, std::move(message)}; }

/// The status of a library error, by its kind alone: whatever the message says.
int status_of(trainjob::error_kind kind) noexcept {
  switch (kind) {
    case trainjob::error_kind::syntax:
    case trainjob::error_kind::type:
    case trainjob::error_kind::schema:
    case trainjob::error_kind::limit:
    case trainjob::error_kind::unsupported:
      return TRAINJOB_E_BAD_INPUT;  // in the caller's document
    case trainjob::error_kind::policy:
      return TRAINJOB_E_POLICY;
    case trainjob::error_kind::out_of_memory:
      return TRAINJOB_E_NO_MEMORY;
    case trainjob::error_kind::internal:
      return TRAINJOB_E_INTERNAL;
  }
  return TRAINJOB_E_INTERNAL;
}

/// The message that goes with `status`: the library's, with what the two
/// statuses that are not the caller's fault always say.
std::string message_of(int status, std::string_view what) {
  if (status == TRAINJOB_E_NO_MEMORY) return "out of memory";
  if (status == TRAINJOB_E_INTERNAL) return "internal error: " + std::string(what);
  return std::string(what);
}

/// Fails with the library error `e`, its status chosen by its kind.
[[noreturn]] void fail_with(const trainjob::error_info& e) {
  const int status = status_of(e.kind);
  if (status == TRAINJOB_E_NO_MEMORY) throw std::bad_alloc();
  fail(status, message_of(status, e.to_string()));
}

/// A malloc'ed, NUL-terminated copy (trainjob_free releases it); throws bad_alloc.
char* copy_out(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

/// Stores the message in `*error` when the caller asked for it; when even that
/// allocation fails, `*error` stays NULL (the status code still says what happened).
void set_error(char** error, std::string_view message) noexcept {
  if (error == nullptr) return;
  try {
    *error = copy_out(trainjob::detail::replace_invalid_utf8(message));
  } catch (...) {
    *error = nullptr;
  }
}

/// Runs `body` with `*out` and `*error` cleared; every exception becomes a status.
template <class F>
int guarded(char** out, char** error, F&& body) noexcept {
  if (out != nullptr) *out = nullptr;
  if (error != nullptr) *error = nullptr;
  try {
    try {
      body();
      return TRAINJOB_OK;
    } catch (const api_error& e) {
      set_error(error, e.message);
      return e.code;
    } catch (const std::bad_alloc&) {
      set_error(error, "out of memory");
      return TRAINJOB_E_NO_MEMORY;
    } catch (const std::exception& e) {
      // The library's own (decode_error, policy_error) have a kind; anything else is a bug.
      const auto* known = dynamic_cast<const trainjob::error*>(&e);
      const int status = known != nullptr ? status_of(known->kind()) : TRAINJOB_E_INTERNAL;
      set_error(error, message_of(status, e.what()));
      return status;
    } catch (...) {
      set_error(error, "internal error: unknown exception");
      return TRAINJOB_E_INTERNAL;
    }
  } catch (...) {
    // Building the message itself failed: out of memory.
    return TRAINJOB_E_NO_MEMORY;
  }
}

template <class T>
void require(const T* p, const char* name) {
  if (p == nullptr) fail(TRAINJOB_E_INVALID_ARGUMENT, std::string(name) + " is NULL");
}

/// The caller's bytes, not copied (the size limit is checked before anything else).
std::string_view input(const char* text, std::size_t len, const char* name) {
  require(text, name);
  return {text, len};
}

/// Parses JSON or YAML (trainjob/yaml.hpp: as kubectl reads a manifest) with
/// the library's limits (256 MiB, 1000 levels, the memory budget); bad text is
/// bad input, and so is a text of several documents: every call takes one
/// object (a List holds several). The tree is freed without allocating, so a
/// std::bad_alloc while decoding it cannot end the caller's process.
trainjob::detail::owned_json parse(std::string_view text) {
  auto docs = trainjob::parse_documents(text);  // refuses NUL bytes, which nlohmann takes for the end
  if (!docs) fail_with(docs.error());           // out_of_memory: thrown again as std::bad_alloc
  if (docs->size() != 1) {
    const std::size_t n = docs->size();
    for (auto& d : *docs) trainjob::detail::dismantle(d);
    fail(TRAINJOB_E_BAD_INPUT,
         n == 0 ? std::string("no document: the text is empty or only comments")
                : std::to_string(n) + " documents; one is expected (a List holds several)");
  }
  return trainjob::detail::owned_json(std::move(docs->front()));
}

/// `key` + `path` as one JSON path: "trainjob" + "status.conditions[0]".
std::string join_path(std::string_view key, const std::string& path) {
  std::string out(key);
  if (path.empty()) return out;
  if (!out.empty() && path.front() != '[') out += '.';
  return out + path;
}

/// Decodes `j` as a T; an error is an api_error, so a caller can prefix it ("previous: ").
template <class T>
T decode_or_fail(const nlohmann::json& j) {
  try {
    return trainjob::decode<T>(j);
  } catch (const trainjob::decode_error& e) {
    fail_with(e.info());
  }
}

const trainjob_options& options_or_default(const trainjob_options* options) {
  static const trainjob_options defaults{};
  return options != nullptr ? *options : defaults;
}

/// Policies are refused with a profile that cannot run them (v1.9).
void check_policies(const trainjob_options& o, trainjob::profile p) {
  if (!o.policies.empty() && !trainjob::supports_policies(p)) {
    fail(TRAINJOB_E_POLICY, std::string(trainjob::names::error_policies_with_v1_9));
  }
}

}  // namespace

extern "C" {

const char* trainjob_version(void) { return TRAINJOB_VERSION_STRING; }

int trainjob_abi_version(void) { return TRAINJOB_C_ABI_VERSION; }

const char* trainjob_status_string(int status) {
  switch (status) {
    case TRAINJOB_OK:
      return "ok";
    case TRAINJOB_E_INVALID_ARGUMENT:
      return "invalid argument";
    case TRAINJOB_E_BAD_INPUT:
      return "bad input";
    case TRAINJOB_E_POLICY:
      return "policy refused";
    case TRAINJOB_E_NO_MEMORY:
      return "out of memory";
    case TRAINJOB_E_INTERNAL:
      return "internal error";
    default:
      return "unknown status";
  }
}

void trainjob_free(char* s) { std::free(s); }

int trainjob_options_new(trainjob_options** out, char** error) {
  if (out != nullptr) *out = nullptr;
  return guarded(nullptr, error, [&] {
    require(out, "out");
    *out = new trainjob_options();
  });
}

void trainjob_options_free(trainjob_options* options) { delete options; }

int trainjob_options_set_profile(trainjob_options* options, const char* profile, char** error) {
  return guarded(nullptr, error, [&] {
    require(options, "options");
    require(profile, "profile");
    const auto p = trainjob::profile_from_string(profile);
    if (!p) {
      fail(TRAINJOB_E_INVALID_ARGUMENT, trainjob::unknown_profile_message(profile));
    }
    options->profile = *p;
    options->profile_set = true;
  });
}

int trainjob_options_add_policy(trainjob_options* options, const char* name, char** error) {
  return guarded(nullptr, error, [&] {
    require(options, "options");
    require(name, "name");
    options->policies.add(trainjob::make_shipped_policy(name));  // policy_error: refused, the set unchanged
  });
}

int trainjob_options_set_migrate_legacy_created(trainjob_options* options, int enabled) {
  if (options == nullptr) return TRAINJOB_E_INVALID_ARGUMENT;
  options->migrate_legacy_created = enabled != 0;
  return TRAINJOB_OK;
}

int trainjob_reconcile(const trainjob_options* options, const char* request_json, size_t len, char** out,
                       char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(request_json, len, "request");
    const trainjob_options& o = options_or_default(options);
    check_policies(o, o.profile);
    const trainjob::request r = trainjob::decode_request(parse(text).get());  // decode_error: bad input
    trainjob::reconcile_options ro;
    ro.profile = o.profile;
    if (!o.policies.empty()) ro.policies = &o.policies;
    ro.migrate_legacy_created = o.migrate_legacy_created;
    const auto result = trainjob::reconcile(r.observe(), ro);
    *out = copy_out(trainjob::dump(trainjob::detail::result_json(result)));
  });
}

int trainjob_plan(const trainjob_options* options, const char* trainjob_json, size_t len, char** out,
                  char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(trainjob_json, len, "trainjob");
    const trainjob_options& o = options_or_default(options);
    const auto tj = decode_or_fail<trainjob::train_job>(parse(text).get());
    trainjob::reconcile_options ro;
    ro.profile = o.profile;
    const trainjob::plan_result p = trainjob::plan(tj, ro);
    nlohmann::json j = nlohmann::json::object();
    j["skipped"] = p.skipped;
    j["applyObjects"] = p.apply_objects;
    *out = copy_out(trainjob::dump(j));
  });
}

int trainjob_replay(const trainjob_options* options, const char* scenario_json, size_t len, char** out,
                    char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(scenario_json, len, "scenario");
    const trainjob_options& o = options_or_default(options);
    const trainjob::scenario sc = trainjob::decode_scenario(parse(text).get());  // decode_error: bad input
    trainjob::replay_options ro;
    if (o.profile_set) ro.profile = o.profile;
    ro.migrate_legacy_created = o.migrate_legacy_created;
    check_policies(o, trainjob::effective_profile(sc, ro));
    if (!o.policies.empty()) ro.policies = &o.policies;
    // One TrainJob at a time, not one per step; decode_error: a bad patch.
    nlohmann::json arr = nlohmann::json::array();
    trainjob::replay_each(sc, ro,
                          [&](const trainjob::replay_step& s) { arr.push_back(trainjob::to_json_line(s)); });
    *out = copy_out(trainjob::dump(arr));
  });
}

int trainjob_validate(const char* json, size_t len, char** out, char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(json, len, "json");
    const auto objects = trainjob::decode_objects(parse(text).get());  // decode_error: bad input
    bool valid = true;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : objects) {
      nlohmann::json violations = nlohmann::json::array();
      for (const auto& v : trainjob::validate(o.object)) {
        // From the document's root, as the tool prints it ("items[1].status.conditions[0].type").
        violations.push_back({{"path", join_path(o.path, v.path)}, {"message", v.message}});
        valid = false;
      }
      list.push_back({{"path", o.path},
                      {"kind", std::string(trainjob::kind_of(o.object))},
                      {"name", trainjob::metadata_of(o.object).name},
                      {"violations", std::move(violations)}});
    }
    nlohmann::json j = nlohmann::json::object();
    j["valid"] = valid;
    j["objects"] = std::move(list);
    *out = copy_out(trainjob::dump(j));
  });
}

int trainjob_lint(const trainjob_options* options, const char* trainjob_json, size_t len,
                  const char* previous, size_t previous_len, char** out, char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(trainjob_json, len, "trainjob");
    if (previous == nullptr && previous_len != 0) {
      fail(TRAINJOB_E_INVALID_ARGUMENT, "previous is NULL but previous_len is not 0");
    }
    const trainjob_options& o = options_or_default(options);
    const auto tj = decode_or_fail<trainjob::train_job>(parse(text).get());
    std::optional<trainjob::train_job> prev;
    if (previous != nullptr) {
      try {
        prev = decode_or_fail<trainjob::train_job>(parse({previous, previous_len}).get());
      } catch (const api_error& e) {
        fail(e.code, "previous: " + e.message);
      }
      if (const auto e = trainjob::previous_mismatch(tj, *prev))
        fail(TRAINJOB_E_BAD_INPUT, "previous: " + e->to_string());
    }
    std::vector<trainjob::finding> found = trainjob::lint(tj, prev ? &*prev : nullptr);
    if (!o.policies.empty()) {
      auto more = trainjob::lint(o.policies);
      found.insert(found.end(), more.begin(), more.end());
    }
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& f : found) arr.push_back(f);
    nlohmann::json j = nlohmann::json::object();
    j["findings"] = std::move(arr);
    *out = copy_out(trainjob::dump(j));
  });
}

int trainjob_state(const char* trainjob_json, size_t len, char** out, char** error) {
  return guarded(out, error, [&] {
    require(out, "out");
    const std::string_view text = input(trainjob_json, len, "trainjob");
    const auto tj = decode_or_fail<trainjob::train_job>(parse(text).get());
    *out = copy_out(trainjob::dump(trainjob::summarize(tj)));
  });
}

}  // extern "C"
