/* ctest c_consumer: a C99 program using libtrainjob_c the way an operator would, plus
 * every error path of the C ABI. Built with -std=c99 -pedantic -Wall -Wextra -Werror.
 *
 *   consumer TESTS_DIR      (the source tree's tests/ directory)
 *
 * Prints each failed check, then "N passed, M failed"; exits non-zero on any failure. */
#include <trainjob/trainjob_c.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef TRAINJOB_EXPECTED_VERSION
#error "define TRAINJOB_EXPECTED_VERSION"
#endif

static int passed = 0;
static int failed = 0;

#define CHECK(cond) check((cond) != 0, #cond, __LINE__)

static void check(int ok, const char* what, int line) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    fprintf(stderr, "consumer.c:%d: FAILED: %s\n", line, what);
  }
}

static int contains(const char* s, const char* needle) { return s != NULL && strstr(s, needle) != NULL; }

static int starts_with(const char* s, const char* prefix) {
  return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether s is valid UTF-8 (RFC 3629). */
static int is_utf8(const char* str) {
  const unsigned char* s = (const unsigned char*)str;
  while (*s != 0) {
    size_t len, k;
    unsigned char lo = 0x80, hi = 0xBF;
    if (*s < 0x80) {
      ++s;
      continue;
    }
    if (*s >= 0xC2 && *s <= 0xDF) {
      len = 2;
    } else if (*s >= 0xE0 && *s <= 0xEF) {
      len = 3;
      if (*s == 0xE0) lo = 0xA0;
      if (*s == 0xED) hi = 0x9F;
    } else if (*s >= 0xF0 && *s <= 0xF4) {
      len = 4;
      if (*s == 0xF0) lo = 0x90;
      if (*s == 0xF4) hi = 0x8F;
    } else {
      return 0;
    }
    if (s[1] < lo || s[1] > hi) return 0;
    for (k = 2; k < len; ++k) {
      if ((s[k] & 0xC0) != 0x80) return 0;
    }
    s += len;
  }
  return 1;
}

/* The whole file, NUL-terminated; exits on failure. */
static char* read_file(const char* dir, const char* name) {
  char path[4096];
  FILE* f;
  long size;
  char* buf;
  sprintf(path, "%.3000s/%.1000s", dir, name);
  f = fopen(path, "rb");
  if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fprintf(stderr, "consumer: cannot read %s\n", path);
    exit(2);
  }
  buf = (char*)malloc((size_t)size + 1);
  if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "consumer: cannot read %s\n", path);
    exit(2);
  }
  buf[size] = '\0';
  fclose(f);
  return buf;
}

/* a + b + c, malloc'ed. */
static char* join3(const char* a, const char* b, const char* c) {
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
  char* s = (char*)malloc(la + lb + lc + 1);
  if (s == NULL) exit(2);
  memcpy(s, a, la);
  memcpy(s + la, b, lb);
  memcpy(s + la + lb, c, lc + 1);
  return s;
}

/* A call that must fail with `status`, leave *out NULL and give a valid UTF-8 message
 * containing `needle` (which, for bad input, names the JSON path). */
static void expect_error(int rc, int status, char* out, char* err, const char* needle, int line) {
  check(rc == status, "status code", line);
  check(out == NULL, "out is NULL on failure", line);
  check(err != NULL, "an error message", line);
  if (err != NULL) {
    check(is_utf8(err), "the message is valid UTF-8", line);
    check(contains(err, needle), needle, line);
    if (rc != status || !contains(err, needle)) fprintf(stderr, "  got %d: %s\n", rc, err);
  }
  trainjob_free(out);
  trainjob_free(err);
}

#define EXPECT_ERROR(call, status, needle)                   \
  do {                                                       \
    char* out_ = NULL;                                       \
    char* err_ = NULL;                                       \
    int rc_ = call;                                          \
    expect_error(rc_, status, out_, err_, needle, __LINE__); \
  } while (0)

static const char* const jobset_completed =
    "{\"apiVersion\":\"jobset.x-k8s.io/"
    "v1alpha2\",\"kind\":\"JobSet\",\"metadata\":{\"name\":\"multi-node-example\"},"
    "\"status\":{\"conditions\":[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"AllJobsCompleted\","
    "\"message\":\"jobset completed successfully\",\"lastTransitionTime\":\"2025-01-01T00:09:58Z\"}],"
    "\"replicatedJobsStatus\":[{\"name\":\"node\",\"ready\":0,\"succeeded\":3,\"failed\":0,\"active\":0,"
    "\"suspended\":0}]}}";

/* What `trainjob-conditions reconcile` prints for the same inputs. */
static const char* const reconcile_expected =
    "{\"applyObjects\":true,\"changed\":true,\"deleteJobSet\":false,\"errors\":[],\"events\":[],"
    "\"requeueAfterSeconds\":null,\"skipped\":false,\"status\":{\"conditions\":[{\"lastTransitionTime\":"
    "\"2025-01-01T00:09:58Z\",\"message\":\"jobset completed successfully\",\"reason\":\"AllJobsCompleted\","
    "\"status\":\"True\",\"type\":\"Complete\"}],\"jobsStatus\":[{\"active\":0,\"failed\":0,\"name\":"
    "\"node\","
    "\"ready\":0,\"succeeded\":3,\"suspended\":0}]}}";

static const char* const bad_condition_job =
    "{\"apiVersion\":\"trainer.kubeflow.org/v1alpha1\",\"kind\":\"TrainJob\",\"metadata\":{\"name\":\"j\"},"
    "\"spec\":{\"runtimeRef\":{\"name\":\"torch-distributed\"}},\"status\":{\"conditions\":[{\"type\":"
    "\"Complete\","
    "\"status\":\"Maybe\",\"reason\":\"X\",\"message\":\"\",\"lastTransitionTime\":\"2025-01-01T00:00:00Z\"}]"
    "}}";

static const char* const invalid_condition_job =
    "{\"apiVersion\":\"trainer.kubeflow.org/v1alpha1\",\"kind\":\"TrainJob\",\"metadata\":{\"name\":\"j\"},"
    "\"spec\":{\"runtimeRef\":{\"name\":\"torch-distributed\"}},\"status\":{\"conditions\":[{\"type\":"
    "\"Complete\","
    "\"status\":\"True\",\"reason\":\"not a reason\",\"message\":\"\",\"lastTransitionTime\":"
    "\"2025-01-01T00:00:00Z\"}]}}";

static void test_version(void) {
  char* out = NULL;
  CHECK(strcmp(trainjob_version(), TRAINJOB_EXPECTED_VERSION) == 0);
  CHECK(trainjob_abi_version() == TRAINJOB_C_ABI_VERSION);
  CHECK(strcmp(trainjob_status_string(TRAINJOB_OK), "ok") == 0);
  CHECK(strcmp(trainjob_status_string(TRAINJOB_E_BAD_INPUT), "bad input") == 0);
  CHECK(strcmp(trainjob_status_string(TRAINJOB_E_POLICY), "policy refused") == 0);
  CHECK(strcmp(trainjob_status_string(-99), "unknown status") == 0);
  trainjob_free(out); /* NULL is allowed */
  trainjob_options_free(NULL);
  printf("trainjob %s (C ABI %d)\n", trainjob_version(), trainjob_abi_version());
}

static void test_options(void) {
  trainjob_options* o = NULL;
  char* err = NULL;
  CHECK(trainjob_options_new(&o, &err) == TRAINJOB_OK);
  CHECK(o != NULL && err == NULL);
  CHECK(trainjob_options_set_profile(o, "v2.2", &err) == TRAINJOB_OK && err == NULL);
  EXPECT_ERROR(trainjob_options_set_profile(o, "v9", &err_), TRAINJOB_E_INVALID_ARGUMENT,
               "unknown profile \"v9\"");
  EXPECT_ERROR(trainjob_options_set_profile(o, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "profile is NULL");
  EXPECT_ERROR(trainjob_options_set_profile(NULL, "v2.2", &err_), TRAINJOB_E_INVALID_ARGUMENT,
               "options is NULL");
  CHECK(trainjob_options_set_profile(o, "v9", NULL) == TRAINJOB_E_INVALID_ARGUMENT); /* error may be NULL */
  EXPECT_ERROR(trainjob_options_add_policy(o, "Nope", &err_), TRAINJOB_E_POLICY,
               "unknown condition policy Nope");
  EXPECT_ERROR(trainjob_options_add_policy(o, "Complete", &err_), TRAINJOB_E_POLICY, "built-in condition");
  EXPECT_ERROR(trainjob_options_add_policy(o, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "name is NULL");
  EXPECT_ERROR(trainjob_options_add_policy(o, "\xff\xfe", &err_), TRAINJOB_E_POLICY,
               "unknown condition policy");
  CHECK(trainjob_options_add_policy(o, "Started", &err) == TRAINJOB_OK && err == NULL);
  EXPECT_ERROR(trainjob_options_add_policy(o, "Started", &err_), TRAINJOB_E_POLICY, "two policies own");
  CHECK(trainjob_options_add_policy(o, "Initialized", NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_add_policy(o, "ComponentsCreated", NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_add_policy(o, "Progressing", NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_add_policy(o, "Running", NULL) == TRAINJOB_OK);
  EXPECT_ERROR(trainjob_options_add_policy(o, "Accepted", &err_), TRAINJOB_E_POLICY,
               "the TrainJob CRD allows 8");
  CHECK(trainjob_options_set_migrate_legacy_created(o, 1) == TRAINJOB_OK);
  CHECK(trainjob_options_set_migrate_legacy_created(NULL, 1) == TRAINJOB_E_INVALID_ARGUMENT);
  CHECK(trainjob_options_new(NULL, &err) == TRAINJOB_E_INVALID_ARGUMENT && contains(err, "out is NULL"));
  trainjob_free(err);
  trainjob_options_free(o);
}

static void test_reconcile(const char* tests) {
  char* tj = read_file(tests, "data/upstream/trainer-master__TrainJob__multi-node-example.json");
  char* head = join3("{\"trainjob\": ", tj, ",\n \"jobset\": ");
  char* request = join3(head, jobset_completed, ", \"now\": \"2025-01-01T00:10:00Z\"}");
  char* out = NULL;
  char* err = NULL;
  trainjob_options* o = NULL;
  int rc = trainjob_reconcile(NULL, request, strlen(request), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(out != NULL && strcmp(out, reconcile_expected) == 0);
  if (out != NULL && strcmp(out, reconcile_expected) != 0) fprintf(stderr, "  got %s\n", out);
  trainjob_free(out);

  /* The same with a profile and policies. */
  CHECK(trainjob_options_new(&o, NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_set_profile(o, "v2.2", NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_add_policy(o, "Started", NULL) == TRAINJOB_OK);
  rc = trainjob_reconcile(o, request, strlen(request), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(contains(out, "\"type\":\"Started\"") && contains(out, "\"type\":\"Complete\""));
  trainjob_free(out);

  /* Policies are refused with v1.9, as the tool refuses them. */
  CHECK(trainjob_options_set_profile(o, "v1.9", NULL) == TRAINJOB_OK);
  EXPECT_ERROR(trainjob_reconcile(o, request, strlen(request), &out_, &err_), TRAINJOB_E_POLICY,
               "not supported with the v1.9 profile");
  trainjob_options_free(o);

  /* No NUL needed: exactly len bytes are read. */
  request[strlen(request) - 1] = '}';
  rc = trainjob_reconcile(NULL, request, strlen(request), &out, NULL);
  CHECK(rc == TRAINJOB_OK);
  trainjob_free(out);

  /* Truncated JSON. */
  EXPECT_ERROR(trainjob_reconcile(NULL, request, strlen(request) / 2, &out_, &err_), TRAINJOB_E_BAD_INPUT,
               "invalid JSON");

  /* plan: the first half of the pass. */
  rc = trainjob_plan(NULL, tj, strlen(tj), &out, &err);
  CHECK(rc == TRAINJOB_OK && out != NULL && strcmp(out, "{\"applyObjects\":true,\"skipped\":false}") == 0);
  trainjob_free(out);
  EXPECT_ERROR(trainjob_plan(NULL, jobset_completed, strlen(jobset_completed), &out_, &err_),
               TRAINJOB_E_BAD_INPUT, "kind: expected \"TrainJob\"");

  free(request);
  free(head);
  free(tj);
}

static void test_request_errors(void) {
  const char* job = "{\"kind\":\"TrainJob\",\"spec\":{\"runtimeRef\":{\"name\":\"torch-distributed\"}}}";
  char buf[2048];
#define RECONCILE(text) trainjob_reconcile(NULL, text, strlen(text), &out_, &err_)
  sprintf(buf, "{\"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\"}");
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "trainjob: required field is missing");
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null}", job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "now: required field is missing");
  /* An absent jobset is NotFound, as in every request (docs/semantics.md §5). */
  sprintf(buf, "{\"trainjob\": %s, \"now\": \"2025-01-01T00:00:00Z\"}", job);
  {
    char* out = NULL;
    char* err = NULL;
    CHECK(trainjob_reconcile(NULL, buf, strlen(buf), &out, &err) == TRAINJOB_OK);
    CHECK(out != NULL && strstr(out, "\"errors\":[\"jobset not found\"]") != NULL);
    CHECK(err == NULL);
    trainjob_free(out);
    trainjob_free(err);
  }
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null, \"now\": \"yesterday\"}", job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "now: ");
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\", \"applyErr\": \"x\"}",
          job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "applyErr: unknown member");
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\", \"applyError\": 5}",
          job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "applyError: expected a string");
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\"}", bad_condition_job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT,
               "trainjob.status.conditions[0].status: expected \"True\"");
  sprintf(buf,
          "{\"trainjob\": %s, \"jobset\": "
          "{\"kind\":\"JobSet\",\"status\":{\"conditions\":[{\"type\":\"Completed\","
          "\"status\":\"Yes\"}]}}, \"now\": \"2025-01-01T00:00:00Z\"}",
          job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "jobset.status.conditions[0].status: ");
  sprintf(
      buf,
      "{\"trainjob\": %s, \"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\", \"runtime\": {\"kind\": 1}}",
      job);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "runtime.kind: expected \"TrainingRuntime\"");
  sprintf(buf, "{\"trainjob\": %s, \"jobset\": null, \"now\": \"2025-01-01T00:00:00Z\"}", jobset_completed);
  EXPECT_ERROR(RECONCILE(buf), TRAINJOB_E_BAD_INPUT, "trainjob.kind: expected \"TrainJob\"");
  /* JSON or YAML, one document that is an object (trainjob_c.h). */
  EXPECT_ERROR(RECONCILE("[1, 2]"), TRAINJOB_E_BAD_INPUT,
               "expected an object at the top level, got an array");
  EXPECT_ERROR(RECONCILE(""), TRAINJOB_E_BAD_INPUT, "no document");
  EXPECT_ERROR(RECONCILE("a: 1\n---\nb: 2\n"), TRAINJOB_E_BAD_INPUT, "2 documents; one is expected");
  /* Invalid UTF-8, in a string and outside one: the message is still valid UTF-8. */
  EXPECT_ERROR(RECONCILE("{\"trainjob\": \"\xff\xfe\"}"), TRAINJOB_E_BAD_INPUT, "invalid JSON");
  EXPECT_ERROR(RECONCILE("{\"trainjob\": {\"kind\": \"Train\xc3\x28Job\"}}"), TRAINJOB_E_BAD_INPUT,
               "invalid JSON");
  EXPECT_ERROR(RECONCILE("\xc0\xaf"), TRAINJOB_E_BAD_INPUT, "UTF-8");
  EXPECT_ERROR(RECONCILE("{\"trainjob\": \"\xed\xa0\x80\"}"), TRAINJOB_E_BAD_INPUT, "invalid JSON");
  /* An embedded NUL inside the len bytes is part of the input. */
  EXPECT_ERROR(trainjob_reconcile(NULL, "{}\0{}", 5, &out_, &err_), TRAINJOB_E_BAD_INPUT,
               "a NUL byte at offset 2");
#undef RECONCILE
}

static void test_null_arguments(void) {
  char* out = NULL;
  const char* req = "{}";
  EXPECT_ERROR(trainjob_reconcile(NULL, NULL, 0, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT,
               "request is NULL");
  EXPECT_ERROR(trainjob_reconcile(NULL, req, 2, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
  CHECK(trainjob_reconcile(NULL, NULL, 0, &out, NULL) == TRAINJOB_E_INVALID_ARGUMENT && out == NULL);
  EXPECT_ERROR(trainjob_plan(NULL, NULL, 5, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT, "trainjob is NULL");
  EXPECT_ERROR(trainjob_plan(NULL, req, 2, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(trainjob_replay(NULL, NULL, 0, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT, "scenario is NULL");
  EXPECT_ERROR(trainjob_replay(NULL, req, 2, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(trainjob_validate(NULL, 0, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT, "json is NULL");
  EXPECT_ERROR(trainjob_validate(req, 2, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(trainjob_lint(NULL, NULL, 0, NULL, 0, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT,
               "trainjob is NULL");
  EXPECT_ERROR(trainjob_lint(NULL, req, 2, NULL, 3, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT,
               "previous is NULL");
  EXPECT_ERROR(trainjob_lint(NULL, req, 2, NULL, 0, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
  EXPECT_ERROR(trainjob_state(NULL, 0, &out_, &err_), TRAINJOB_E_INVALID_ARGUMENT, "trainjob is NULL");
  EXPECT_ERROR(trainjob_state(req, 2, NULL, &err_), TRAINJOB_E_INVALID_ARGUMENT, "out is NULL");
}

static void test_limits(void) {
  const size_t depth = 100000;
  const size_t huge = (size_t)257 << 20; /* over the 256 MiB limit */
  char* deep = (char*)malloc(depth);
  char* big;
  clock_t start;
  double seconds;
  if (deep == NULL) exit(2);
  /* {"a":[[[[... : JSON (an object first), nested past the limit. */
  memset(deep, '[', depth);
  memcpy(deep, "{\"a\":", 5);
  EXPECT_ERROR(trainjob_reconcile(NULL, deep, depth, &out_, &err_), TRAINJOB_E_BAD_INPUT,
               "nesting deeper than 1000 levels");
  EXPECT_ERROR(trainjob_validate(deep, depth, &out_, &err_), TRAINJOB_E_BAD_INPUT,
               "nesting deeper than 1000");
  free(deep);

  big = (char*)malloc(huge);
  if (big == NULL) {
    printf("consumer: no memory for the %lu-byte input; size check skipped\n", (unsigned long)huge);
    return;
  }
  memset(big, ' ', huge);
  start = clock();
  EXPECT_ERROR(trainjob_reconcile(NULL, big, huge, &out_, &err_), TRAINJOB_E_BAD_INPUT,
               "over the limit of 268435456");
  EXPECT_ERROR(trainjob_replay(NULL, big, huge, &out_, &err_), TRAINJOB_E_BAD_INPUT, "over the limit");
  seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
  CHECK(seconds < 2.0);
  free(big);
}

static void test_replay(const char* tests) {
  char* scenario = read_file(tests, "scenarios/torch-complete.json");
  char* lines = read_file(tests, "scenarios/torch-complete.latest.expected.jsonl");
  char* expected = (char*)malloc(strlen(lines) + 3);
  char* out = NULL;
  char* err = NULL;
  trainjob_options* o = NULL;
  size_t n, i;
  int rc;
  /* The tool's JSON lines, as one array. */
  if (expected == NULL) exit(2);
  n = strlen(lines);
  while (n > 0 && lines[n - 1] == '\n') --n;
  expected[0] = '[';
  for (i = 0; i < n; ++i) expected[i + 1] = lines[i] == '\n' ? ',' : lines[i];
  expected[n + 1] = ']';
  expected[n + 2] = '\0';

  rc = trainjob_replay(NULL, scenario, strlen(scenario), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(out != NULL && strcmp(out, expected) == 0);
  trainjob_free(out);

  /* A profile set in the options overrides the scenario's. */
  CHECK(trainjob_options_new(&o, NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_set_profile(o, "v2.0", NULL) == TRAINJOB_OK);
  rc = trainjob_replay(o, scenario, strlen(scenario), &out, &err);
  CHECK(rc == TRAINJOB_OK && out != NULL && strcmp(out, expected) != 0 && !contains(out, "jobsStatus"));
  trainjob_free(out);
  trainjob_options_free(o);

  {
    const char* s = "{\"trainjob\": {}, \"steps\": [{}]}";
    EXPECT_ERROR(trainjob_replay(NULL, s, strlen(s), &out_, &err_), TRAINJOB_E_BAD_INPUT,
                 "trainjob.spec: required field is missing");
  }
  {
    const char* s = "{\"trainjob\": {\"spec\":{\"runtimeRef\":{\"name\":\"x\"}}}, \"steps\": [{\"now\": 3}]}";
    EXPECT_ERROR(trainjob_replay(NULL, s, strlen(s), &out_, &err_), TRAINJOB_E_BAD_INPUT, "steps[0].now: ");
  }
  free(expected);
  free(lines);
  free(scenario);
}

static void test_validate_lint_state(const char* tests) {
  char* tj = read_file(tests, "data/upstream/trainer-master__TrainJob__multi-node-example.json");
  char* complete = read_file(tests, "data/state/complete.json");
  char* conventions = read_file(tests, "data/lint/conventions.json");
  char* out = NULL;
  char* err = NULL;
  trainjob_options* o = NULL;
  int rc = trainjob_validate(tj, strlen(tj), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(out != NULL &&
        strcmp(out,
               "{\"objects\":[{\"kind\":\"TrainJob\",\"name\":\"multi-node-example\",\"path\":\"\","
               "\"violations\":[]}],\"valid\":true}") == 0);
  trainjob_free(out);

  /* A condition that decodes but breaks the schema: a violation, not an error. */
  rc = trainjob_validate(invalid_condition_job, strlen(invalid_condition_job), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(contains(out, "\"valid\":false") && contains(out, "\"path\":\"status.conditions[0].reason\""));
  trainjob_free(out);

  /* A condition that does not decode: bad input naming the path. */
  EXPECT_ERROR(trainjob_validate(bad_condition_job, strlen(bad_condition_job), &out_, &err_),
               TRAINJOB_E_BAD_INPUT,
               "status.conditions[0].status: expected \"True\", \"False\" or \"Unknown\", got \"Maybe\"");
  EXPECT_ERROR(trainjob_validate("{\"kind\":\"Pod\"}", strlen("{\"kind\":\"Pod\"}"), &out_, &err_),
               TRAINJOB_E_BAD_INPUT, "kind: expected one of");

  /* lint */
  rc = trainjob_lint(NULL, conventions, strlen(conventions), NULL, 0, &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(starts_with(out, "{\"findings\":[{") && contains(out, "\"rule\":\"negative-polarity-type\""));
  trainjob_free(out);
  rc = trainjob_lint(NULL, tj, strlen(tj), tj, strlen(tj), &out, &err);
  CHECK(rc == TRAINJOB_OK && out != NULL && strcmp(out, "{\"findings\":[]}") == 0);
  trainjob_free(out);
  CHECK(trainjob_options_new(&o, NULL) == TRAINJOB_OK);
  CHECK(trainjob_options_add_policy(o, "Started", NULL) == TRAINJOB_OK);
  rc = trainjob_lint(o, tj, strlen(tj), NULL, 0, &out, &err);
  CHECK(rc == TRAINJOB_OK && starts_with(out, "{\"findings\":["));
  trainjob_free(out);
  trainjob_options_free(o);
  EXPECT_ERROR(
      trainjob_lint(NULL, tj, strlen(tj), bad_condition_job, strlen(bad_condition_job), &out_, &err_),
      TRAINJOB_E_BAD_INPUT, "previous: status.conditions[0].status: ");
  EXPECT_ERROR(trainjob_lint(NULL, tj, strlen(tj), complete, strlen(complete), &out_, &err_),
               TRAINJOB_E_BAD_INPUT, "previous: metadata.name: ");

  /* state: what `trainjob-conditions state` prints. */
  rc = trainjob_state(complete, strlen(complete), &out, &err);
  CHECK(rc == TRAINJOB_OK && err == NULL);
  CHECK(out != NULL &&
        strcmp(
            out,
            "{\"health\":{\"message\":\"TrainJob completed (AllJobsCompleted): jobset completed "
            "successfully\",\"status\":\"Current\"},\"kstatus\":{\"message\":\"Resource is "
            "current\",\"status\":"
            "\"Current\"},\"sdkStatus\":\"Complete\",\"state\":\"Complete\",\"stateColumn\":\"Complete\"}") ==
            0);
  trainjob_free(out);
  EXPECT_ERROR(trainjob_state(bad_condition_job, strlen(bad_condition_job), &out_, &err_),
               TRAINJOB_E_BAD_INPUT, "status.conditions[0].status: ");

  free(conventions);
  free(complete);
  free(tj);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: consumer TESTS_DIR\n");
    return 2;
  }
  test_version();
  test_options();
  test_reconcile(argv[1]);
  test_request_errors();
  test_null_arguments();
  test_limits();
  test_replay(argv[1]);
  test_validate_lint_state(argv[1]);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
