// trainjob-conditions batch: JSON Lines in, one reconcile output line per line out,
// in order, on one thread or a pipeline of them.

#include "chunk_reader.hpp"
#include "commands.hpp"

#include <trainjob/batch.hpp>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace trainjob::cli {
namespace {

void append_overlong(std::string& out, std::uint64_t line, std::size_t max_line) {
  trainjob::detail::append_error_line(
      out, line, {"", "longer than " + std::to_string(max_line) + " bytes", trainjob::error_kind::limit});
  out += '\n';
}

/// A processor for one thread, with the run's settings; `memory` is the thread's share.
void configure(trainjob::batch_processor& proc, bool validate_input, std::size_t memory) {
  proc.set_validate_input(validate_input);
  proc.set_memory_budget(memory);
}

/// The output lines of one chunk; whether any was an error line. `each_line`:
/// each line's output is written and flushed as soon as it is done (then
/// `out` keeps only what follows the last line).
bool run_chunk(trainjob::batch_processor& proc, const chunk_reader::chunk& c, std::size_t max_line,
               std::string& out, bool each_line = false) {
  out.clear();
  bool any_error = false;
  const std::string_view text = c.text();
  std::uint64_t n = c.first_line;
  for (std::size_t pos = 0; pos < text.size(); ++n) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl - pos > max_line) {
      append_overlong(out, n, max_line);  // one the reader could hold whole: the limit is the same
      any_error = true;
    } else {
      const trainjob::line_result r = proc.process(text.substr(pos, nl - pos), n, out);
      if (r != trainjob::line_result::blank) out += '\n';
      any_error = any_error || r == trainjob::line_result::error;
    }
    if (each_line && !out.empty()) {
      write_out(out);
      flush_out();
      out.clear();
    }
    pos = nl + 1;
  }
  if (c.overlong_line != 0) {
    append_overlong(out, c.overlong_line, max_line);
    any_error = true;
  }
  return any_error;
}

/// Reads, processes and writes in one thread; whether any line was an error.
/// `streaming`: each line's output is flushed as soon as it is done.
bool batch_single(chunk_reader& reader, const trainjob::reconcile_options& opts, bool validate_input,
                  std::size_t max_line, std::size_t memory, bool streaming) {
  trainjob::batch_processor proc(opts);
  configure(proc, validate_input, memory);
  chunk_reader::chunk c;
  std::string out;
  bool any_error = false;
  while (reader.next(c)) {
    any_error = run_chunk(proc, c, max_line, out, streaming) || any_error;
    write_out(out);
    if (streaming) flush_out();
  }
  return any_error;
}

/// A pipeline: `threads` workers, each with its own processor, take turns to
/// read the next chunk (so it is processed in the cache it was read into)
/// and turn it into output; this thread writes the outputs in input order.
/// A fixed ring of output slots bounds the chunks in flight, so the memory.
/// `streaming`: each chunk's output is flushed as soon as it is written (the
/// reader's chunks are then the lines there are, not a full chunk).
bool batch_threaded(chunk_reader& reader, const trainjob::reconcile_options& opts, bool validate_input,
                    std::size_t max_line, std::size_t memory, unsigned threads, bool streaming) {
  struct slot {
    std::string out;
    bool any_error = false;
    bool ready = false;
  };
  const std::size_t ring = 2 * std::size_t{threads} + 2;
  std::vector<slot> slots(ring);
  std::mutex read_m;  // held while reading: one reader at a time, in input order
  std::mutex m;       // the rest
  std::condition_variable space_cv, ready_cv;
  std::uint64_t next_seq = 0, written = 0;  // chunks read; outputs written
  bool eof = false, stop = false;
  std::exception_ptr failure;

  const auto worker = [&] {
    trainjob::batch_processor proc(opts);
    configure(proc, validate_input, memory);
    chunk_reader::chunk c;
    for (;;) {
      std::uint64_t seq = 0;
      {
        const std::lock_guard<std::mutex> reading(read_m);
        {
          std::unique_lock<std::mutex> lock(m);
          space_cv.wait(lock, [&] { return eof || stop || next_seq - written < ring; });
          if (eof || stop) return;
        }
        // The read holds read_m, not m: on a pipe it waits for input, and
        // meanwhile the chunks done must still reach the writer.
        bool got = false;
        std::exception_ptr read_failure;
        try {
          got = reader.next(c);
        } catch (...) {
          read_failure = std::current_exception();
        }
        const std::lock_guard<std::mutex> lock(m);
        if (read_failure || !got) {
          if (read_failure) {
            failure = read_failure;
            stop = true;
          } else {
            eof = true;
          }
          ready_cv.notify_all();
          space_cv.notify_all();
          return;
        }
        seq = next_seq++;
      }
      slot& s = slots[seq % ring];  // no one else touches it until it is written
      bool any_error = false;
      try {
        any_error = run_chunk(proc, c, max_line, s.out);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(m);
        failure = std::current_exception();  // out of memory
        stop = true;
        ready_cv.notify_all();
        space_cv.notify_all();
        return;
      }
      {
        const std::lock_guard<std::mutex> lock(m);
        s.any_error = any_error;
        s.ready = true;
      }
      ready_cv.notify_all();
    }
  };

  std::vector<std::thread> workers;
  // Stops and joins the workers however this function ends.
  struct joiner {
    std::mutex& m;
    std::condition_variable& cv;
    bool& stop;
    chunk_reader& reader;
    std::vector<std::thread>& workers;
    ~joiner() {
      {
        const std::lock_guard<std::mutex> lock(m);
        stop = true;
      }
      cv.notify_all();
      reader.cancel();  // a worker waiting for input on a pipe
      for (auto& t : workers) t.join();
    }
  } join_all{m, space_cv, stop, reader, workers};
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back(worker);

  bool any_error = false;
  for (;;) {
    slot* s = nullptr;
    {
      std::unique_lock<std::mutex> lock(m);
      ready_cv.wait(lock,
                    [&] { return stop || slots[written % ring].ready || (eof && written == next_seq); });
      if (failure) std::rethrow_exception(failure);
      if (!slots[written % ring].ready) break;  // the end: everything read is written
      s = &slots[written % ring];
    }
    write_out(s->out);
    if (streaming) flush_out();
    any_error = any_error || s->any_error;
    {
      const std::lock_guard<std::mutex> lock(m);
      s->ready = false;
      ++written;
    }
    space_cv.notify_all();
  }
  return any_error;
}

}  // namespace

int cmd_batch(const options& o) {
  trainjob::reconcile_options opts;
  const bool validate_input = !o.no_validate;
  unsigned threads = 1;
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  std::size_t max_line = max_bytes;
  std::size_t max_memory = std::size_t{2} << 30;
  const auto number = [](const std::string& name, const std::string& v, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t n = 0;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), n);
    if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi) {
      usage_error("batch: " + name + " takes a number from " + std::to_string(lo) + " to " +
                  std::to_string(hi) + ", got " + trainjob::detail::quote_bounded(v));
    }
    return n;
  };
  if (o.profile) opts.profile = parse_profile(*o.profile);
  if (o.threads) threads = static_cast<unsigned>(number("--threads", *o.threads, 1, 64));
  if (o.max_line_bytes)
    max_line = static_cast<std::size_t>(number("--max-line-bytes", *o.max_line_bytes, 1, max_bytes));
  if (o.max_memory) {
    max_memory = static_cast<std::size_t>(
        number("--max-memory", *o.max_memory, std::uint64_t{64} << 20, std::uint64_t{1} << 40));
  }
  // A pipe, FIFO, terminal or socket is read as it comes and each result is
  // written at once, so that batch can sit in a live pipeline; a regular file
  // is read in full chunks.
  const bool streaming = !stdin_is_regular_file();
  // Each thread holds one line at a time, about three times over, plus its
  // tree and decoded objects: a sixth of its share keeps the whole run within
  // --max-memory whatever the number of lines (the reader skips longer lines
  // without holding them).
  const std::size_t per_thread = max_memory / threads;
  max_line = std::min(max_line, per_thread / 6);
  chunk_reader reader(stdin, max_line, streaming);
  const bool any_error =
      threads == 1 ? batch_single(reader, opts, validate_input, max_line, per_thread, streaming)
                   : batch_threaded(reader, opts, validate_input, max_line, per_thread, threads, streaming);
  flush_out();  // a write error before the summary below
  if (any_error) {
    std::cerr << "trainjob-conditions: batch: some lines could not be read or broke their schema; "
                 "their output lines say why\n";
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace trainjob::cli
