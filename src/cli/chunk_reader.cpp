#include "chunk_reader.hpp"

#include <cerrno>
#include <stdexcept>

#ifndef _WIN32
#include <poll.h>  // reading a pipe as it comes
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace trainjob::cli {
namespace {

std::runtime_error input_error() {
  return std::runtime_error(std::string("standard input: ") + std::strerror(errno));
}

}  // namespace

bool chunk_reader::next(chunk& c) {
  c.size_ = 0;
  c.make_room(std::max(target, carry_.size()) + block);
  std::memcpy(c.data_.get(), carry_.data(), carry_.size());  // the start of a line the last chunk left
  c.size_ = carry_.size();
  carry_.clear();
  c.first_line = next_line_;
  c.overlong_line = 0;
  std::size_t line_start = 0;  // text before this is whole lines
  if (const auto nl = c.text().rfind('\n'); nl != std::string_view::npos) line_start = nl + 1;
  for (;;) {
    if (line_start >= target && line_start > 0) break;
    if (c.size_ - line_start > max_line_) {
      c.overlong_line = c.first_line + newlines(c.text().substr(0, line_start));
      c.size_ = line_start;
      skip_rest_of_line();  // keeps what follows the line in carry_
      next_line_ = c.overlong_line + 1;
      return true;
    }
    if (eof_) {
      line_start = c.size_;
      break;
    }
    if (streaming_ && line_start > 0 && !readable(0)) break;  // no more yet: these lines now
    const std::size_t old = c.size_;
    if (!read_block(c)) continue;
    if (const auto nl = c.text().substr(old).rfind('\n'); nl != std::string_view::npos) {
      line_start = old + nl + 1;
    }
  }
  carry_.assign(c.text().substr(line_start));
  c.size_ = line_start;
  next_line_ = c.first_line + newlines(c.text());
  return c.size_ != 0 && !cancelled_.load();
}

std::uint64_t chunk_reader::newlines(std::string_view s) {
  std::uint64_t count = 0;
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    ++count;
    p = static_cast<const char*>(nl) + 1;
  }
  return count;
}

bool chunk_reader::read_block(chunk& to) {
  if (to.size_ == to.capacity_) to.make_room(block);
  const std::size_t room = std::min(block, to.capacity_ - to.size_);
  const std::size_t n = streaming_ ? read_available(to.data_.get() + to.size_, room)
                                   : std::fread(to.data_.get() + to.size_, 1, room, in_);
  to.size_ += n;
  if (n == 0) {
    if (!streaming_ && std::ferror(in_)) throw input_error();
    eof_ = true;
    return false;
  }
  return true;
}

#ifndef _WIN32
bool chunk_reader::readable(int timeout_ms) const {
  pollfd p{};
  p.fd = fileno(in_);
  p.events = POLLIN;
  for (;;) {
    const int r = ::poll(&p, 1, timeout_ms);
    if (r >= 0) return r > 0;
    if (errno != EINTR) throw input_error();
  }
}

std::size_t chunk_reader::read_available(char* to, std::size_t n) {
  for (;;) {
    while (!readable(100)) {
      if (cancelled_.load()) return 0;
    }
    const ssize_t r = ::read(fileno(in_), to, n);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) throw input_error();
  }
}
#else
bool chunk_reader::readable(int) const { return true; }  // never streaming: see stdin_is_regular_file
std::size_t chunk_reader::read_available(char* to, std::size_t n) { return std::fread(to, 1, n, in_); }
#endif

void chunk_reader::skip_rest_of_line() {
  chunk buf;
  while (read_block(buf)) {
    const auto nl = buf.text().find('\n');
    if (nl != std::string_view::npos) {
      carry_.assign(buf.text().substr(nl + 1));
      return;
    }
    buf.size_ = 0;
  }
}

bool stdin_is_regular_file() {
#ifndef _WIN32
  struct stat st {};
  return ::fstat(STDIN_FILENO, &st) != 0 || S_ISREG(st.st_mode);
#else
  return true;
#endif
}

}  // namespace trainjob::cli
