// trainjob-conditions batch: standard input in chunks of whole lines.

#ifndef TRAINJOB_CLI_CHUNK_READER_HPP
#define TRAINJOB_CLI_CHUNK_READER_HPP

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace trainjob::cli {

/// Whole lines of standard input, in chunks of about `target` bytes: large
/// reads, no per-line stream work, memory bounded by the chunk size and the
/// line limit however long the input is.
///
/// Each chunk keeps its buffer from one call to the next, and the buffer is
/// never zero-filled, so a steady run allocates nothing and touches the same
/// pages: for a short input, first-touch page faults would otherwise cost
/// more than the lines themselves.
class chunk_reader {
 public:
  class chunk {
   public:
    std::string_view text() const noexcept { return {data_.get(), size_}; }  // whole lines
    std::uint64_t first_line = 1;     // the number of text's first line
    std::uint64_t overlong_line = 0;  // after text: a line over the limit, skipped (0: none)

   private:
    friend class chunk_reader;
    /// Room for n more bytes after the text, keeping what is there.
    void make_room(std::size_t n) {
      if (capacity_ - size_ >= n) return;
      const std::size_t want = std::max(size_ + n, capacity_ + capacity_ / 2);
      std::unique_ptr<char[]> bigger(new char[want]);  // not value-initialised: no zero-fill
      if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = want;
    }
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
  };

  /// `streaming` (input that is not a regular file: a pipe, FIFO, terminal or
  /// socket): read as it comes, a chunk is the whole lines there are now, not
  /// `target` bytes that may be long in coming.
  chunk_reader(std::FILE* in, std::size_t max_line, bool streaming = false)
      : in_(in), max_line_(max_line), streaming_(streaming) {}

  /// From another thread: a streaming read waiting for input gives up (the run is over).
  void cancel() noexcept { cancelled_.store(true); }

  /// The next chunk; false at the end of the input.
  bool next(chunk& c);

 private:
  // A chunk's buffer holds `target` + `block` bytes (more only for a line
  // longer than that). Small enough that a short input faults in few pages,
  // large enough that reads and the threads' hand-offs cost nothing per line
  // (the lines Kubernetes objects make are a few KB).
  static constexpr std::size_t block = 128u << 10;
  static constexpr std::size_t target = 256u << 10;

  /// Newlines in s; memchr, as lines are long.
  static std::uint64_t newlines(std::string_view s);

  /// Appends up to a block, into the room the buffer has (it grows only when
  /// full: a line longer than it); false at the end of the input.
  bool read_block(chunk& to);

  /// Streaming: whether a read would return at once (input, its end or an error), waiting up to timeout_ms.
  bool readable(int timeout_ms) const;

  /// Streaming: what input there is, up to n bytes, once there is some (a
  /// short read, not a full block); 0 at its end or after cancel().
  std::size_t read_available(char* to, std::size_t n);

  /// Drops input up to and including the next newline; what follows it is kept.
  void skip_rest_of_line();

  std::FILE* in_;
  std::size_t max_line_;
  bool streaming_;
  std::atomic<bool> cancelled_{false};
  std::string carry_;
  std::uint64_t next_line_ = 1;
  bool eof_ = false;
};

/// Whether standard input is a regular file (else batch streams it). Not on Windows: always.
bool stdin_is_regular_file();

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_CHUNK_READER_HPP
