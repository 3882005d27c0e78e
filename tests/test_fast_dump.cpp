// Tests for batch mode's writer (detail/fast_dump.hpp): whenever it writes a
// status or a reconcile result, the bytes are those of the DOM path,
// `dump(encode(status))` and `dump(result_json(result))`; whatever it declines
// is what that path alone can write.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "trainjob/batch.hpp"
#include "trainjob/detail/fast_dump.hpp"
#include "trainjob/error.hpp"
#include "trainjob/json.hpp"
#include "trainjob/profile.hpp"
#include "trainjob/reconcile.hpp"
#include "trainjob/request.hpp"
#include "trainjob/types.hpp"

namespace {

/// Writes `v` after some text already in the buffer, as batch mode appends;
/// when the writer takes it, the bytes must be the DOM path's. Whether it took it.
template <class T>
bool same_as_dom(const T& v, const std::string& dom) {
  std::string out = "prefix";
  const bool took = trainjob::detail::fast_write(out, v);
  if (took) {
    REQUIRE(out.compare(0, 6, "prefix") == 0);
    CHECK(out.substr(6) == dom);
  }
  return took;
}
bool status_same(const train_job_status& s) { return same_as_dom(s, trainjob::dump(trainjob::encode(s))); }
bool result_same(const reconcile_result& r) {
  return same_as_dom(r, trainjob::dump(trainjob::detail::result_json(r)));
}

train_job_status status_from(const char* text) {
  auto j = trainjob::parse_json(text);
  REQUIRE(j);
  return trainjob::decode<train_job_status>(*j);
}

condition make_condition(std::string type, condition_status st, std::string reason, std::string message) {
  condition c;
  c.type = std::move(type);
  c.status = st;
  c.reason = std::move(reason);
  c.message = std::move(message);
  return c;
}

// Strings the writer must escape as nlohmann does, or keep raw, or decline.
// Control characters and an embedded NUL; the length is the literal's, not a count by hand.
constexpr char control_text[] = "nul \0 and \x01 \x1f \x7f";

const std::vector<std::string> texts = {
    "",
    "Created",
    "TrainJob is running: 2/2 nodes ready",
    "quote \" backslash \\ slash / done",
    "\b\f\n\r\t",
    std::string(control_text, sizeof control_text - 1),
    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",  // é, 日本, a 4-byte emoji
    "\xe2\x80\xa8 line separator, kept raw",
    "bad \xff byte",           // not UTF-8: declined (dump replaces it)
    "cut \xe6\x97",            // truncated sequence: declined
    "surrogate \xed\xa0\x80",  // encoded surrogate: declined
};

/// The JSON names of T's fields in the order the writer writes them.
template <class T>
std::vector<std::string> sorted_names() {
  std::vector<std::string> out;
  for (const std::size_t i : trainjob::detail::fast_field_order<T>) {
    std::size_t k = 0;
    trainjob::detail::for_each_field<T>([&](const auto& d) {
      if (k++ == i) out.emplace_back(d.name);
    });
  }
  return out;
}

}  // namespace

TEST_CASE("fast_dump: hand-built statuses give the DOM path's bytes") {
  train_job_status s;
  CHECK(status_same(s));  // {}

  condition c = make_condition("Created", condition_status::true_, "JobSetCreated", "TrainJob is created");
  s.conditions.push_back(c);
  CHECK(status_same(s));  // no lastTransitionTime, no observedGeneration
  s.conditions[0].last_transition_time = timestamp::from_unix(1700000000);
  s.conditions[0].observed_generation = 7;
  CHECK(status_same(s));
  s.conditions[0].observed_generation = -1;
  s.conditions[0].last_transition_time = timestamp::from_unix(timestamp::min_seconds);
  CHECK(status_same(s));
  s.conditions[0].last_transition_time = timestamp::from_unix(timestamp::max_seconds);
  s.conditions[0].observed_generation = std::numeric_limits<std::int64_t>::max();
  CHECK(status_same(s));
  s.conditions.push_back(
      make_condition("Suspended", condition_status::false_, "", ""));  // empty reason and message
  s.conditions.push_back(make_condition("Complete", condition_status::unknown, "R", "m"));
  CHECK(status_same(s));

  job_status j;
  j.name = "node";
  s.jobs_status.push_back(j);  // no counts at all
  CHECK(status_same(s));
  j.name = "";
  j.ready = 0;
  j.succeeded = std::numeric_limits<std::int32_t>::max();
  j.failed = std::numeric_limits<std::int32_t>::min();
  j.active = 1;
  j.suspended = 0;
  s.jobs_status.push_back(j);
  CHECK(status_same(s));
  s.conditions.clear();  // jobsStatus alone: no comma before it
  CHECK(status_same(s));

  s.unknown_fields = nlohmann::json();  // null: no unknown members either
  s.conditions.push_back(c);
  s.conditions.back().unknown_fields = nlohmann::json();
  CHECK(status_same(s));
}

TEST_CASE("fast_dump: strings are escaped as nlohmann escapes them; invalid UTF-8 is declined") {
  for (const auto& text : texts) {
    CAPTURE(text);
    for (int where = 0; where < 4; ++where) {
      train_job_status s;
      condition c = make_condition("Created", condition_status::true_, "Reason", "message");
      if (where == 0) c.type = text;
      if (where == 1) c.reason = text;
      if (where == 2) c.message = text;
      s.conditions.push_back(c);
      if (where == 3) {
        job_status j;
        j.name = text;
        j.ready = 1;
        s.jobs_status.push_back(j);
      }
      bool utf8 = true;
      for (std::size_t i = 0; i < text.size(); i += trainjob::detail::utf8_sequence(text, i)) {
        if (trainjob::detail::utf8_sequence(text, i) == 0) {
          utf8 = false;
          break;
        }
      }
      CHECK(status_same(s) == utf8);
    }
  }
}

TEST_CASE("fast_dump: unknown members, nulls, kept empty values and trainerStatus are declined") {
  // Each of these keeps something in unknown_fields or trainerStatus, which
  // encode writes back; the writer leaves them to the DOM path.
  const char* declined[] = {
      R"({"observedGeneration": 3})",
      R"({"conditions": null})",
      R"({"conditions": []})",
      R"({"jobsStatus": []})",
      R"({"trainerStatus": {"progressPercentage": 40}})",
      R"({"trainerStatus": null})",
      R"({"conditions": [{"type": "Created", "status": "True", "reason": "", "message": "", "observedGeneration": 0}]})",
      R"({"conditions": [{"type": "Created", "status": "True", "reason": "", "message": "", "lastTransitionTime": null}]})",
      R"({"conditions": [{"type": "Created", "status": "True", "reason": "", "message": "", "severity": "Info"}]})",
      R"({"jobsStatus": [{"name": "node", "ready": null}]})",
      R"({"jobsStatus": [{"name": "node", "extra": {}}]})",
  };
  for (const char* text : declined) {
    CAPTURE(text);
    CHECK_FALSE(status_same(status_from(text)));
  }
  train_job_status s;
  s.trainer_status = nlohmann::json{{"progressPercentage", 40}};
  CHECK_FALSE(status_same(s));
  s.trainer_status = nlohmann::json();  // null: omitted, as encode omits it
  CHECK(status_same(s));

  const char* taken[] = {
      R"({})",
      R"({"conditions": [{"type": "Created", "status": "True", "reason": "", "message": ""}]})",
      R"({"conditions": [{"type": "Failed", "status": "False", "reason": "R", "message": "m",
                          "observedGeneration": 2, "lastTransitionTime": "2024-01-02T03:04:05Z"}],
          "jobsStatus": [{"name": "a", "active": 0, "ready": 1, "succeeded": 2, "failed": 3, "suspended": 4},
                         {"name": "b"}]})",
      R"({"jobsStatus": [{"name": "\u00e9\n\"", "active": -5}]})",
  };
  for (const char* text : taken) {
    CAPTURE(text);
    CHECK(status_same(status_from(text)));
  }
}

TEST_CASE("fast_dump: random statuses give the DOM path's bytes") {
  std::mt19937 rng(14);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const auto maybe_count = [&]() -> std::optional<std::int32_t> {
    if (pick(3) == 0) return std::nullopt;
    return static_cast<std::int32_t>(static_cast<int>(pick(5)) - 1);
  };
  std::size_t taken = 0;
  const std::size_t rounds = 3000;
  for (std::size_t round = 0; round < rounds; ++round) {
    train_job_status s;
    for (std::size_t i = pick(5); i > 0; --i) {
      condition c = make_condition(texts[pick(texts.size())], static_cast<condition_status>(pick(3)),
                                   texts[pick(texts.size())], texts[pick(texts.size())]);
      if (pick(2) == 0) c.observed_generation = static_cast<std::int64_t>(pick(4));
      if (pick(2) == 0)
        c.last_transition_time = timestamp::from_unix(1600000000 + static_cast<std::int64_t>(pick(1000000)));
      if (pick(40) == 0) c.unknown_fields["extra"] = 1;
      s.conditions.push_back(std::move(c));
    }
    for (std::size_t i = pick(4); i > 0; --i) {
      job_status j;
      j.name = texts[pick(texts.size())];
      j.ready = maybe_count();
      j.succeeded = maybe_count();
      j.failed = maybe_count();
      j.active = maybe_count();
      j.suspended = maybe_count();
      if (pick(40) == 0) j.unknown_fields["extra"] = nullptr;
      s.jobs_status.push_back(std::move(j));
    }
    if (pick(40) == 0) s.trainer_status = nlohmann::json::object();
    if (pick(40) == 0) s.unknown_fields["observedGeneration"] = 1;
    if (status_same(s)) ++taken;
  }
  CHECK(taken > rounds / 10);  // the comparison is not vacuous
}

TEST_CASE("fast_dump: reconcile results give the DOM path's bytes") {
  reconcile_result r;
  CHECK(result_same(r));
  r.changed = true;
  r.apply_objects = true;
  r.delete_job_set = true;
  r.skipped = true;
  r.requeue_after_seconds = 50;
  r.errors = {"apply failed: \"quota\"\n", "caf\xc3\xa9"};
  r.status.conditions.push_back(
      make_condition("Complete", condition_status::true_, "JobSetCompleted", "done"));
  trainjob::event core{"Normal", "Created", "Created JobSet \"x\"", "", std::nullopt};
  trainjob::event recorded{"Warning", "Failed", "msg\t", "Reconciling", std::string("note over 1024 bytes")};
  r.events = {core, recorded};
  CHECK(result_same(r));
  r.requeue_after_seconds = std::nullopt;
  r.events[0].refused = std::string("");  // set but empty: still written
  CHECK(result_same(r));
  r.errors.push_back("bad \xff");
  CHECK_FALSE(result_same(r));
  r.errors.pop_back();
  r.rejected.push_back(trainjob::error_info{"status.conditions", "too many"});
  CHECK_FALSE(result_same(r));
}

TEST_CASE("fast_dump: every sample line's result, for every profile, gives the DOM path's bytes") {
  std::istringstream in(read_text(data_dir() / "batch/sample.jsonl"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(!lines.empty());
  std::size_t taken = 0, seen = 0;
  for (const auto p : trainjob::every_profile) {
    trainjob::reconcile_options o;
    o.profile = p;
    for (const auto& line : lines) {
      auto j = trainjob::parse_json(line);
      REQUIRE(j);
      const trainjob::request input = trainjob::decode_request(*j);
      status_same(input.trainjob.status);
      const reconcile_result r = trainjob::reconcile(input.observe(), o);
      ++seen;
      if (result_same(r)) ++taken;
    }
  }
  CHECK(taken > seen / 2);
}

TEST_CASE("fast_dump: each status table's keys are written in nlohmann's order") {
  CHECK(sorted_names<condition>() == std::vector<std::string>{"lastTransitionTime", "message",
                                                              "observedGeneration", "reason", "status",
                                                              "type"});
  CHECK(sorted_names<job_status>() ==
        std::vector<std::string>{"active", "failed", "name", "ready", "succeeded", "suspended"});
  CHECK(sorted_names<train_job_status>() ==
        std::vector<std::string>{"conditions", "jobsStatus", "trainerStatus"});
}
