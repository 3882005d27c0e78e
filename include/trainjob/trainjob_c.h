/* trainjob: the C ABI (libtrainjob_c.so), for operators and tools in Go, Python, Rust, C.
 *
 * JSON or YAML in, JSON out: the same objects the command-line tool reads and
 * prints. YAML is converted as kubectl converts a manifest (docs/yaml.md); each
 * call takes one document (several, or none, are bad input).
 *
 *   trainjob_options* opts = NULL;
 *   char* out = NULL;
 *   char* err = NULL;
 *   if (trainjob_options_new(&opts, &err) != TRAINJOB_OK) { ... }
 *   trainjob_options_set_profile(opts, "v2.2", &err);
 *   trainjob_options_add_policy(opts, "Started", &err);
 *   int rc = trainjob_reconcile(opts, request, strlen(request), &out, &err);
 *   if (rc == TRAINJOB_OK) puts(out); else fprintf(stderr, "%s\n", err);
 *   trainjob_free(out);
 *   trainjob_free(err);
 *   trainjob_options_free(opts);
 *
 * Rules for every function:
 * - The return value is TRAINJOB_OK (0) or a negative trainjob_status.
 * - On success `*out` (where there is one) holds a NUL-terminated UTF-8 JSON
 *   document the caller frees with trainjob_free; on failure `*out` is NULL.
 * - On failure `*error` (when `error` is not NULL) holds a message the caller
 *   frees with trainjob_free; bad input names the JSON path, as in
 *   `status.conditions[2].status: expected "True", "False" or "Unknown", got "Maybe"`.
 *   On success `*error` is NULL.
 * - Input is `(const char* json, size_t len)`: exactly `len` bytes of JSON or
 *   YAML, no NUL needed. Invalid UTF-8, truncated JSON, a NUL byte, nesting deeper than 1000
 *   levels or more than 256 MiB are bad input. No exception and no crash crosses this
 *   boundary, whatever the bytes; NULL where a pointer is required gives
 *   TRAINJOB_E_INVALID_ARGUMENT.
 * - `options`, wherever a function takes it, may be NULL: profile "latest", no
 *   policies, no migration. Policies with the v1.9 profile are refused
 *   (TRAINJOB_E_POLICY) by reconcile and replay, as the tool refuses them.
 * - Thread safety: every function may be called from many threads at once.
 *   A trainjob_options may be shared by concurrent calls as long as no thread
 *   changes it (the trainjob_options_set/add functions) at the same time.
 *
 * All symbols are prefixed trainjob_ / TRAINJOB_. Valid C99 and C++.
 */
#ifndef TRAINJOB_TRAINJOB_C_H
#define TRAINJOB_TRAINJOB_C_H

#include <stddef.h>

#if defined(_WIN32)
#if defined(TRAINJOB_C_BUILDING)
#define TRAINJOB_C_API __declspec(dllexport)
#else
#define TRAINJOB_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define TRAINJOB_C_API __attribute__((visibility("default")))
#else
#define TRAINJOB_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The revision of this C ABI; trainjob_abi_version() gives the library's. It
 *  changes only on an incompatible change, and the shared library's SONAME
 *  follows it: libtrainjob_c.so.1. */
#define TRAINJOB_C_ABI_VERSION 1

typedef enum trainjob_status {
  TRAINJOB_OK = 0,
  TRAINJOB_E_INVALID_ARGUMENT = -1, /* a NULL pointer, an unknown profile or option value */
  TRAINJOB_E_BAD_INPUT = -2,        /* the JSON or the object in it is invalid (message names the path) */
  TRAINJOB_E_POLICY = -3,           /* a policy was refused (unknown, conflicting, too many) */
  TRAINJOB_E_NO_MEMORY = -4,
  TRAINJOB_E_INTERNAL = -5 /* anything else; a bug: please report it */
} trainjob_status;

/** "MAJOR.MINOR.PATCH" of the library; a static string, never freed. */
TRAINJOB_C_API const char* trainjob_version(void);

/** TRAINJOB_C_ABI_VERSION as the library was built. */
TRAINJOB_C_API int trainjob_abi_version(void);

/** A short name for a status code ("ok", "invalid argument", ...); static, never freed. */
TRAINJOB_C_API const char* trainjob_status_string(int status);

/** Frees a string the library returned; NULL is allowed. */
TRAINJOB_C_API void trainjob_free(char* s);

/** Reconcile settings: profile (default "latest"), enabled policies, migration. */
typedef struct trainjob_options trainjob_options;

TRAINJOB_C_API int trainjob_options_new(trainjob_options** out, char** error);
/** NULL is allowed. */
TRAINJOB_C_API void trainjob_options_free(trainjob_options* options);
/** "v1.9", "v2.0", "v2.1", "v2.2", "v2.3" or "latest". */
TRAINJOB_C_API int trainjob_options_set_profile(trainjob_options* options, const char* profile, char** error);
/** Enables a shipped condition policy by name (repeatable, at most 5); TRAINJOB_E_POLICY when refused. */
TRAINJOB_C_API int trainjob_options_add_policy(trainjob_options* options, const char* name, char** error);
/** Non-zero: remove a leftover legacy Created condition. */
TRAINJOB_C_API int trainjob_options_set_migrate_legacy_created(trainjob_options* options, int enabled);

/**
 * One controller pass. `request` is
 *   {"trainjob": <TrainJob>, "jobset"?: <JobSet>|null, "now": TIME,
 *    "applyError"?: TEXT, "buildError"?: TEXT, "runtime"?: <(Cluster)TrainingRuntime>}
 * where "jobset" is the JobSet as the status step reads it, after this pass's
 * apply (null or absent: NotFound), decoded as every front end decodes a pass
 * (trainjob::decode_request, docs/semantics.md §5). An optional member given as
 * null is absent; an unknown member is bad input. Errors name the path from
 * the request ("trainjob.status.conditions[0].status: ..."). `*out` is {"status", "changed", "applyObjects",
 * "deleteJobSet", "requeueAfterSeconds", "skipped", "errors", "events"}: each event {"type", "reason",
 * "message"} with "action" and "refused" when set, and "rejected" only when the status write would be
 * refused (trainjob::reconcile_result in reconcile.hpp).
 * `options` may be NULL (latest, no policies).
 */
TRAINJOB_C_API int trainjob_reconcile(const trainjob_options* options, const char* request, size_t len,
                                      char** out, char** error);

/** The first half of a pass, before the JobSet is read: `trainjob` is a TrainJob;
 *  `*out` is {"skipped": bool, "applyObjects": bool}. */
TRAINJOB_C_API int trainjob_plan(const trainjob_options* options, const char* trainjob, size_t len,
                                 char** out, char** error);

/** Replays a scenario file; `*out` is a JSON array with one object per step (the
 *  reconcile keys plus "step" and "now"). The options' profile overrides the
 *  scenario's only when trainjob_options_set_profile was called. */
TRAINJOB_C_API int trainjob_replay(const trainjob_options* options, const char* scenario, size_t len,
                                   char** out, char** error);

/** Decodes a TrainJob, (Cluster)TrainingRuntime, JobSet or a List of them and
 *  validates it; `*out` is {"valid": bool, "objects": [{"path", "kind", "name",
 *  "violations": [{"path", "message"}]}]}. Violations are not an error; a
 *  violation's path is from the document's root ("items[1].status.conditions[0].type"). */
TRAINJOB_C_API int trainjob_validate(const char* json, size_t len, char** out, char** error);

/** Lints a TrainJob (previous may be NULL, with previous_len 0) and the options'
 *  policies; `*out` is {"findings": [{"rule", "severity", "path", "message"}]}.
 *  An error in `previous` starts "previous: ". */
TRAINJOB_C_API int trainjob_lint(const trainjob_options* options, const char* trainjob, size_t len,
                                 const char* previous, size_t previous_len, char** out, char** error);

/** State summaries of a TrainJob: {"stateColumn", "state", "kstatus": {"status", "message"},
 *  "health": {"status", "message"}, "sdkStatus"}; kstatus is cli-utils' exact result, health the
 *  TrainJob-aware judgment (trainjob/summary.hpp). */
TRAINJOB_C_API int trainjob_state(const char* trainjob, size_t len, char** out, char** error);

#ifdef __cplusplus
}
#endif

#endif
