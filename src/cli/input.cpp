#include "input.hpp"

#include <trainjob/yaml.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <variant>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trainjob::cli {
namespace {

/// The one call that turns object text into documents: JSON or YAML, one
/// document or several, as kubectl reads a manifest (trainjob/yaml.hpp).
trainjob::result<std::vector<nlohmann::json>> parse_text(std::string_view text) {
  return trainjob::parse_documents(text);
}

namespace fs = std::filesystem;

/// A directory's object files, in name order as kubectl walks it; below it too with `recursive`.
void add_directory(const fs::path& dir, bool recursive, std::vector<std::string>& out) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  if (ec) throw file_error(dir.string(), ec.message());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    if (fs::is_directory(p, ec)) {
      if (recursive) add_directory(p, recursive, out);
    } else if (p.extension() == ".json" || p.extension() == ".yaml" || p.extension() == ".yml") {
      out.push_back(p.string());
    }
  }
}

}  // namespace

std::string read_file(const std::string& name) {
  std::string data;
  read_file(name, data);
  return data;
}

namespace {

/// Asks for transparent huge pages under a big input buffer: one fault per
/// 2 MiB instead of per 4 KiB, which was a third of the time `state` took on
/// a List read from a file. Only a hint: the kernel may say no.
void advise_huge_pages(std::string& data) {
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  if (data.capacity() < 2 * huge) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data.data());
  const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
  const std::uintptr_t last = (begin + data.capacity()) & ~(huge - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

/// The one descriptor read_file reads, closed when it goes (standard input stays open).
struct input_fd {
  int fd;
  explicit input_fd(int descriptor) noexcept : fd(descriptor) {}
  input_fd(const input_fd&) = delete;
  input_fd& operator=(const input_fd&) = delete;
  ~input_fd() {
    if (fd > 0) ::close(fd);
  }
};

}  // namespace

void read_file(const std::string& name, std::string& data) {
  constexpr std::size_t max_bytes = trainjob::parse_limits{}.max_bytes;
  const std::string limit = std::to_string(max_bytes);
  data.clear();
  input_fd in(0);
  if (name != "-") {
    in.fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (in.fd < 0) throw file_error(name, std::string("cannot open: ") + std::strerror(errno));
  }
  // A regular file (standard input too, when redirected from one) is read
  // into one buffer of its size; a pipe or a device in pieces (below).
  struct stat st {};
  std::size_t expected = 0;
  if (::fstat(in.fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw file_error(name, "is a directory");
    if (S_ISREG(st.st_mode)) {
      const off_t at = ::lseek(in.fd, 0, SEEK_CUR);
      const off_t left = st.st_size - (at > 0 ? at : 0);
      if (left > 0) expected = static_cast<std::size_t>(left);
      if (expected > max_bytes) {
        throw file_error(name, "input is " + std::to_string(expected) + " bytes, over the limit of " + limit);
      }
    }
  }
  constexpr std::size_t pad = trainjob::detail::fast_padding;
  constexpr std::size_t chunk = std::size_t{1} << 16;
  // A file's bytes go straight into `data`, with room for the fast reader's
  // padding (read_items: no copy) and the read that finds the end. A pipe's
  // size is known at its end only: its bytes gather in pieces of 8 MiB on
  // huge pages, joined once; growing `data` by doubling instead faulted in
  // every copy 4 KiB at a time (`state` from a pipe: 41,000 faults, not 7,000).
  const bool sized = expected != 0;
  std::vector<std::string> pieces;
  std::size_t total = 0;
  if (sized) {
    data.reserve(expected + pad + chunk);
    advise_huge_pages(data);
  }
  char buf[chunk];
  while (total <= max_bytes) {
    const ssize_t got = ::read(in.fd, buf, sizeof buf);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw file_error(name, std::string("cannot read: ") + std::strerror(errno));
    }
    const auto n = static_cast<std::size_t>(got);
    std::string* into = &data;
    if (!sized) {
      if (pieces.empty() || pieces.back().capacity() - pieces.back().size() < n) {
        pieces.emplace_back().reserve(std::size_t{8} << 20);
        advise_huge_pages(pieces.back());
      }
      into = &pieces.back();
    } else if (data.capacity() - data.size() < n + pad) {  // the file grew as it was read
      data.reserve(2 * data.capacity());
      advise_huge_pages(data);
    }
    into->append(buf, n);
    total += n;
  }
  if (total > max_bytes) throw file_error(name, "input is over the limit of " + limit + " bytes");
  if (!sized) {
    data.reserve(total + pad);
    advise_huge_pages(data);
    for (const auto& p : pieces) data += p;
  }
}

std::vector<document> read_documents(const std::string& name) { return documents_of(name, read_file(name)); }

namespace {

const char* const no_objects = "no objects: the file is empty, or holds only comments or null documents";

}  // namespace

std::size_t read_items(const std::string& name, std::string& text,
                       const std::function<void(const std::string&, trainjob::manifest_item&)>& on_item,
                       const trainjob::manifest_drops& drops) {
  std::string doc_name;
  std::size_t named = 0;  // the document doc_name names
  auto count = trainjob::read_manifest_in_place(
      text,
      [&](trainjob::manifest_item& it) {
        if (named != it.document) {
          named = it.document;
          doc_name = it.documents == 1
                         ? name
                         : display_name(name) + " (document " + std::to_string(it.document) + ")";
        }
        on_item(doc_name, it);
      },
      {}, nullptr, drops);
  if (!count) throw file_error(name, count.error());
  if (*count == 0) throw file_error(name, no_objects);
  return *count;
}

std::vector<document> documents_of(const std::string& name, std::string_view text) {
  auto docs = parse_text(text);
  if (!docs) throw file_error(name, docs.error());
  // As `kubectl apply` refuses "no objects passed": an empty file is a mistake, not a pass.
  if (docs->empty()) throw file_error(name, no_objects);
  std::vector<document> out;
  out.reserve(docs->size());
  for (auto& d : *docs) {
    const std::size_t n = out.size() + 1;
    out.push_back({docs->size() == 1 ? name : display_name(name) + " (document " + std::to_string(n) + ")",
                   std::make_unique<trainjob::detail::owned_json>(std::move(d))});
  }
  return out;
}

tree_ptr read_json(const std::string& name) {
  auto docs = read_documents(name);
  if (docs.size() != 1) {
    throw file_error(name, "holds " + std::to_string(docs.size()) + " documents, expected one");
  }
  return std::move(docs.front().tree);
}

std::vector<std::string> input_files(const options& o) {
  std::vector<std::string> out;
  for (const auto* names : {&o.operands, &o.filenames}) {
    for (const auto& n : *names) {
      std::error_code ec;
      if (n != "-" && fs::is_directory(n, ec)) {
        const std::size_t before = out.size();
        add_directory(n, o.recursive, out);
        if (out.size() == before) throw file_error(n, "no *.json, *.yaml or *.yml files");
      } else {
        out.push_back(n);
      }
    }
  }
  if (std::count(out.begin(), out.end(), "-") > 1) usage_error(o.verb + ": '-' given twice");
  return out;
}

void read_request_member(trainjob::request& r, trainjob::request_member m, const std::string& name) {
  const auto tree = read_json(name);
  try {
    trainjob::decode_request_member(m, tree->get(), trainjob::detail::path_node{}, r);
  } catch (const std::exception& e) {  // decode_error, or out of memory: as try_decode reports it
    throw file_error(name, trainjob::detail::error_of(e));
  }
}

bad_input item_error(const std::string& doc, const trainjob::manifest_item& it) {
  trainjob::error_info info = it.object.error();
  info.path = join_path(it.path, info.path);
  return file_error(doc, info);
}

namespace {

/// The error for an item that is not a TrainJob: the library's, or the kind named.
bad_input not_a_train_job(const std::string& doc, const trainjob::manifest_item& it) {
  if (!it.object) throw item_error(doc, it);
  return file_error(doc, join_path(it.path, "kind") + ": expected \"TrainJob\", got \"" +
                             std::string(trainjob::kind_of(*it.object)) + "\"");
}

}  // namespace

void for_each_train_job(
    const std::vector<std::string>& files, bool skip_others, std::size_t& skipped, bool& single,
    const std::function<void(const std::string&, const std::string&, trainjob::train_job&)>& on_job) {
  std::optional<bad_input> first_skipped;
  bool any = false;
  skipped = 0;
  std::size_t documents = 0;
  bool any_list = false;
  std::string text;  // one buffer for every file: its pages are touched once
  for (const auto& f : files) {
    read_file(f, text);
    documents += read_items(f, text, [&](const std::string& doc, trainjob::manifest_item& it) {
      any_list = any_list || !it.path.empty();
      // A List whose items are not an array has no kind here: its error is thrown below.
      if (skip_others && it.kind && *it.kind != "TrainJob") {
        if (!first_skipped) first_skipped = not_a_train_job(doc, it);
        ++skipped;
        return;
      }
      auto* tj = it.object ? std::get_if<trainjob::train_job>(&*it.object) : nullptr;
      if (tj == nullptr) throw not_a_train_job(doc, it);
      any = true;
      on_job(doc, it.path, *tj);
    });
  }
  if (!any && first_skipped) throw *first_skipped;
  single = documents == 1 && !any_list;
}

std::vector<located_train_job> read_train_jobs(const std::vector<std::string>& files, bool skip_others,
                                               std::size_t& skipped, bool& single) {
  std::vector<located_train_job> out;
  for_each_train_job(files, skip_others, skipped, single,
                     [&](const std::string& file, const std::string& path, trainjob::train_job& job) {
                       out.push_back({file, path, std::move(job)});
                     });
  return out;
}

}  // namespace trainjob::cli
