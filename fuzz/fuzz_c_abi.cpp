// Fuzz target: every entry point of the C ABI (include/trainjob/trainjob_c.h)
// that takes caller data, with src/trainjob_c.cpp compiled in (instrumented).
//
// Input: one control byte, then the text. The control byte chooses the
// options (profile, a policy preset, migration, NULL options, and whether the
// text's first line also goes to set_profile/add_policy as a name); the text
// up to the first form feed (never valid in JSON) is the document, what
// follows it is lint's `previous`.
//
// The contract checked on every call: a known status code, never
// TRAINJOB_E_INTERNAL (a bug by the header's own words); on success `*out`
// is JSON and `*error` NULL; on failure `*out` is NULL and `*error` a
// message in valid UTF-8.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <trainjob/trainjob_c.h>
#include <trainjob/json.hpp>
#include <trainjob/validation.hpp>

#include "fuzz_common.hpp"

namespace {

/// The caller's bytes in an allocation of exactly their size (never NULL),
/// so a sanitizer sees any read past `len`.
struct buffer {
  explicit buffer(std::string_view s) : data(new char[s.size()]), size(s.size()) {
    if (!s.empty()) std::memcpy(data.get(), s.data(), s.size());
  }
  std::unique_ptr<char[]> data;
  std::size_t size;
};

/// Checks one call's outcome and frees what it returned.
void check_call(const char* what, int rc, char* out, char* error, bool error_asked = true) {
  const std::string name(what);
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_OK || rc == TRAINJOB_E_INVALID_ARGUMENT || rc == TRAINJOB_E_BAD_INPUT ||
                          rc == TRAINJOB_E_POLICY || rc == TRAINJOB_E_NO_MEMORY,
                      name + ": status " + std::to_string(rc) + " (" + trainjob_status_string(rc) +
                          "): " + (error != nullptr ? error : "(no message)"));
  if (rc == TRAINJOB_OK) {
    TRAINJOB_FUZZ_CHECK(error == nullptr, name + ": an error message with TRAINJOB_OK");
    if (out != nullptr) {
      const auto j = trainjob::parse_json(out);
      TRAINJOB_FUZZ_CHECK(j.ok(), name + ": the output is not JSON: " + j.error().to_string());
    }
  } else {
    TRAINJOB_FUZZ_CHECK(out == nullptr, name + ": output with an error status");
    TRAINJOB_FUZZ_CHECK(error != nullptr || rc == TRAINJOB_E_NO_MEMORY || !error_asked,
                        name + ": an error status without a message");
    if (error != nullptr) {
      TRAINJOB_FUZZ_CHECK(trainjob::detail::utf8_length(error) != std::string_view::npos,
                          name + ": the error message is not UTF-8");
    }
  }
  trainjob_free(out);
  trainjob_free(error);
}

/// A call with JSON output: OK must come with output.
void check_output_call(const char* what, int rc, char* out, char* error, bool error_asked = true) {
  if (rc == TRAINJOB_OK)
    TRAINJOB_FUZZ_CHECK(out != nullptr, std::string(what) + ": TRAINJOB_OK without output");
  check_call(what, rc, out, error, error_asked);
}

const char* const profiles[] = {"v1.9", "v2.0", "v2.1", "v2.2", "v2.3", "latest"};
const char* const presets[][5] = {
    {nullptr},
    {"Initialized", "ComponentsCreated", "Started", nullptr},
    {"Progressing", "Accepted", "Running", "Restarting", "StartupPolicyCompleted"},
    {"DatasetInitialized", "ModelInitialized", "Trained", "Started", "Progressing"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned control = data[0];
  const std::string_view text = trainjob_fuzz::as_text(data + 1, size - 1);
  const std::size_t ff = text.find('\f');
  const buffer doc(text.substr(0, ff));
  const bool has_previous = ff != std::string_view::npos;
  const buffer previous(has_previous ? text.substr(ff + 1) : std::string_view());

  trainjob_options* opts = nullptr;
  char* error = nullptr;
  int rc = trainjob_options_new(&opts, &error);
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_OK && opts != nullptr && error == nullptr,
                      "trainjob_options_new failed");
  const unsigned profile = control % 7;  // 6: left at its default
  if (profile < 6) {
    rc = trainjob_options_set_profile(opts, profiles[profile], &error);
    TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_OK && error == nullptr,
                        std::string("set_profile ") + profiles[profile]);
  }
  for (const char* name : presets[(control / 7) % 4]) {
    if (name == nullptr) break;
    rc = trainjob_options_add_policy(opts, name, &error);
    TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_OK && error == nullptr, std::string("add_policy ") + name);
  }
  rc = trainjob_options_set_migrate_legacy_created(opts, static_cast<int>((control / 28) % 2));
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_OK, "set_migrate_legacy_created failed");
  if ((control / 112) % 2 == 1) {
    // The first line as a C string: a profile or policy name from the caller.
    const std::string name(text.substr(0, std::min<std::size_t>(text.find_first_of("\n\f"), 64)));
    rc = trainjob_options_set_profile(opts, name.c_str(), &error);
    check_call("set_profile", rc, nullptr, error);
    rc = trainjob_options_add_policy(opts, name.c_str(), &error);
    check_call("add_policy", rc, nullptr, error);
  }
  const trainjob_options* o = (control / 56) % 2 == 1 ? nullptr : opts;

  char* out = nullptr;
  rc = trainjob_reconcile(o, doc.data.get(), doc.size, &out, &error);
  check_output_call("trainjob_reconcile", rc, out, error);
  rc = trainjob_plan(o, doc.data.get(), doc.size, &out, &error);
  check_output_call("trainjob_plan", rc, out, error);
  rc = trainjob_replay(o, doc.data.get(), doc.size, &out, &error);
  check_output_call("trainjob_replay", rc, out, error);
  rc = trainjob_validate(doc.data.get(), doc.size, &out, &error);
  check_output_call("trainjob_validate", rc, out, error);
  rc = trainjob_lint(o, doc.data.get(), doc.size, has_previous ? previous.data.get() : nullptr, previous.size,
                     &out, &error);
  check_output_call("trainjob_lint", rc, out, error);
  rc = trainjob_state(doc.data.get(), doc.size, &out, &error);
  check_output_call("trainjob_state", rc, out, error);

  // NULL where the caller's data should be: refused, never dereferenced.
  rc = trainjob_reconcile(o, nullptr, doc.size, &out, &error);
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_E_INVALID_ARGUMENT, "trainjob_reconcile accepted a NULL request");
  check_call("trainjob_reconcile(NULL)", rc, out, error);
  rc = trainjob_validate(doc.data.get(), doc.size, nullptr, &error);
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_E_INVALID_ARGUMENT, "trainjob_validate accepted a NULL out");
  check_call("trainjob_validate(out NULL)", rc, nullptr, error);
  rc = trainjob_lint(o, doc.data.get(), doc.size, nullptr, previous.size + 1, &out, &error);
  TRAINJOB_FUZZ_CHECK(rc == TRAINJOB_E_INVALID_ARGUMENT,
                      "trainjob_lint accepted a NULL previous with a length");
  check_call("trainjob_lint(previous NULL)", rc, out, error);
  // No error pointer at all is allowed too.
  rc = trainjob_state(doc.data.get(), doc.size, &out, nullptr);
  check_output_call("trainjob_state(error NULL)", rc, out, nullptr, false);

  trainjob_options_free(opts);
  return 0;
}
