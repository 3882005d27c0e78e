/* A C consumer of the installed libtrainjob_c: prints the library's version and one
 * state summary; exit 0 only if the version is the expected one (argv[1], else the
 * TRAINJOB_EXPECTED_VERSION compile definition) and the call succeeds. */
#include <trainjob/trainjob_c.h>

#include <stdio.h>
#include <string.h>

#ifndef TRAINJOB_EXPECTED_VERSION
#error "define TRAINJOB_EXPECTED_VERSION"
#endif

int main(int argc, char** argv) {
  const char* expected = argc > 1 ? argv[1] : TRAINJOB_EXPECTED_VERSION;
  const char* job = "{\"kind\":\"TrainJob\",\"spec\":{\"runtimeRef\":{\"name\":\"torch-distributed\"}}}";
  char* out = NULL;
  char* err = NULL;
  int rc;
  printf("trainjob %s (C ABI %d)\n", trainjob_version(), trainjob_abi_version());
  if (strcmp(trainjob_version(), expected) != 0) {
    fprintf(stderr, "consumer_c: version %s, expected %s\n", trainjob_version(), expected);
    return 1;
  }
  rc = trainjob_state(job, strlen(job), &out, &err);
  if (rc != TRAINJOB_OK) {
    fprintf(stderr, "consumer_c: trainjob_state: %s: %s\n", trainjob_status_string(rc), err ? err : "");
    trainjob_free(err);
    return 1;
  }
  printf("%s\n", out);
  trainjob_free(out);
  return 0;
}
