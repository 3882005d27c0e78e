// trainjob-conditions: reading input. Every verb reads object text through
// read_documents, the one place that parses it, and names its files as kubectl
// does: FILE operands and -f/--filename ('-': standard input; a directory: its
// *.json, *.yaml and *.yml files in name order, subdirectories too with -R).
// A file may hold several documents, each an object or a List of them
// ("List" or "<Kind>List"), whose items count wherever a list of objects fits.

#ifndef TRAINJOB_CLI_INPUT_HPP
#define TRAINJOB_CLI_INPUT_HPP

#include "common.hpp"

#include <trainjob/manifest.hpp>
#include <trainjob/trainjob.hpp>

#include <cstddef>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trainjob::cli {

/// FILE's bytes ('-': standard input), reading at most one byte past the
/// input limit, so that /dev/zero or an endless pipe is refused, not read
/// until memory runs out.
std::string read_file(const std::string& name);
/// read_file into `data`, whose storage is reused: one buffer for many files.
void read_file(const std::string& name, std::string& data);

/// A parsed tree taken apart without allocating when it goes, so that running
/// out of memory while decoding it is an error, not an abort.
using tree_ptr = std::unique_ptr<trainjob::detail::owned_json>;

/// One document of a file; `name` is what messages call it: the file, or
/// "FILE (document N)" when the file holds several.
struct document {
  std::string name;
  tree_ptr tree;
  const nlohmann::json& json() const { return tree->get(); }
};

/// The documents of FILE, in order; an error is "FILE: MESSAGE" (exit 2, or 3).
std::vector<document> read_documents(const std::string& name);

/// The documents of FILE whose text is `text`, as read_documents reads them.
std::vector<document> documents_of(const std::string& name, std::string_view text);

/// The objects of FILE in order, read by trainjob::read_manifest (JSON straight
/// into the API types, without a tree of the whole List): on_item(DOC, item),
/// DOC naming the item's document as `document::name` does. The same errors
/// as read_documents, before any item; returns how many documents there were.
/// `text` (FILE's, from read_file) is padded for the reader while it runs;
/// `drops`: what the verb never reads, left out of every object.
std::size_t read_items(const std::string& name, std::string& text,
                       const std::function<void(const std::string&, trainjob::manifest_item&)>& on_item,
                       const trainjob::manifest_drops& drops = {});

/// The error of an item read_items could not decode: the library's, its path
/// below the item's ("FILE: items[3].spec: ...").
bad_input item_error(const std::string& doc, const trainjob::manifest_item& it);

/// FILE's one document (a scenario, a member of reconcile's request).
tree_ptr read_json(const std::string& name);

/// The files a verb reads: its operands and -f values in order, each
/// directory replaced by its files; '-' at most once.
std::vector<std::string> input_files(const options& o);

/// FILE's document as one member of a pass's request, by the request's rules
/// (trainjob/request.hpp); an error is "FILE: PATH: MESSAGE".
void read_request_member(trainjob::request& r, trainjob::request_member m, const std::string& name);

/// TrainJobs, each with the name of its document and its path there.
struct located_train_job {
  std::string file;
  std::string path;
  trainjob::train_job job;
};

/// The TrainJobs of `files`. An object of another kind is an error, or with
/// `skip_others` left out and counted in `skipped` (an error still when no
/// TrainJob is left). `single`: the input was exactly one document that is not a List.
std::vector<located_train_job> read_train_jobs(const std::vector<std::string>& files, bool skip_others,
                                               std::size_t& skipped, bool& single);

/// read_train_jobs one TrainJob at a time, without holding them all:
/// on_job(FILE, PATH, job), where the job may be moved from. An error stops
/// the reading (no later on_job), as read_train_jobs throws it.
void for_each_train_job(
    const std::vector<std::string>& files, bool skip_others, std::size_t& skipped, bool& single,
    const std::function<void(const std::string&, const std::string&, trainjob::train_job&)>& on_job);

template <class T>
T read_object(const std::string& name) {
  auto r = trainjob::try_decode<T>(read_json(name)->get());
  if (!r) throw file_error(name, r.error());
  return std::move(*r);
}

}  // namespace trainjob::cli

#endif  // TRAINJOB_CLI_INPUT_HPP
