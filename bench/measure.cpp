// trainjob_measure IN OUT COMMAND [ARG...]
//
// Runs COMMAND with standard input from IN and standard output to OUT, waits for it, and
// prints one line: `wall=SECONDS user=SECONDS sys=SECONDS maxrss_kib=N status=N`.
//
// Why not Python's os.wait4 or resource.getrusage: Linux carries the high-water RSS of the
// process image that exec replaces into the new program's ru_maxrss, so a tool spawned from
// Python never reports less than Python's own ~14 MiB. This launcher is small, so the floor
// it leaves is about its own size (scripts/bench_compare.py measures and prints it).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace {

int usage() {
  std::fputs("usage: trainjob_measure IN OUT COMMAND [ARG...]\n", stderr);
  return 2;
}

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

/// In the child: redirect, then exec; exits 127 when either fails.
[[noreturn]] void exec_child(const char* in, const char* out, char** argv) {
  const int fd_in = ::open(in, O_RDONLY | O_CLOEXEC);
  const int fd_out = ::open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_in < 0 || fd_out < 0 || ::dup2(fd_in, 0) < 0 || ::dup2(fd_out, 1) < 0) {
    std::fprintf(stderr, "trainjob_measure: cannot redirect to %s / %s: %s\n", in, out, std::strerror(errno));
    ::_exit(127);
  }
  ::execvp(argv[0], argv);
  std::fprintf(stderr, "trainjob_measure: cannot run %s: %s\n", argv[0], std::strerror(errno));
  ::_exit(127);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::fprintf(stderr, "trainjob_measure: fork: %s\n", std::strerror(errno));
    return 2;
  }
  if (pid == 0) exec_child(argv[1], argv[2], argv + 3);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "trainjob_measure: wait4: %s\n", std::strerror(errno));
      return 2;
    }
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::printf("wall=%.6f user=%.6f sys=%.6f maxrss_kib=%ld status=%d\n", wall.count(),
              seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss, code);
  return 0;
}
