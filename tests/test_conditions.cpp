// Tests for the apimachinery `meta` condition helpers: trainjob::conditions::set/remove/find/...
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace conditions = trainjob::conditions;

namespace {

constexpr condition_status True = condition_status::true_;
constexpr condition_status False = condition_status::false_;
constexpr condition_status Unknown = condition_status::unknown;

const timestamp ZERO{};

condition cond(std::string type, condition_status status, std::string reason = "Reason",
               std::string message = "", std::int64_t generation = 0, timestamp ltt = ZERO,
               nlohmann::json unknown = nlohmann::json::object()) {
  condition c;
  c.type = std::move(type);
  c.status = status;
  c.reason = std::move(reason);
  c.message = std::move(message);
  c.observed_generation = generation;
  c.last_transition_time = ltt;
  c.unknown_fields = std::move(unknown);
  return c;
}

std::string describe(const std::vector<condition>& list) {
  std::string out = "[";
  for (const auto& c : list) {
    if (out.size() > 1) out += ", ";
    out += c.type + "=" + std::string(trainjob::to_string(c.status)) + " reason=" + c.reason +
           " message=" + c.message + " gen=" + std::to_string(c.observed_generation) +
           " ltt=" + c.last_transition_time.to_string() + " unknown=" + c.unknown_fields.dump();
  }
  return out + "]";
}

struct set_case {
  const char* name;
  std::vector<condition> before;
  condition update;
  std::vector<condition> after;
  bool changed;
};

}  // namespace

TEST_CASE("conditions::set follows apimachinery SetStatusCondition", "[conditions]") {
  const auto c = GENERATE(values<set_case>({
      {"empty list: appended, stamped with now",
       {},
       cond("Ready", True, "Done", "all good"),
       {cond("Ready", True, "Done", "all good", 0, SET_NOW)},
       true},
      {"empty list: a supplied time is kept",
       {},
       cond("Ready", True, "Done", "", 3, T1),
       {cond("Ready", True, "Done", "", 3, T1)},
       true},
      {"absent type: appended at the end",
       {cond("A", True, "R", "", 0, T0), cond("B", False, "R", "", 0, T0)},
       cond("C", Unknown, "Pending", "waiting"),
       {cond("A", True, "R", "", 0, T0), cond("B", False, "R", "", 0, T0),
        cond("C", Unknown, "Pending", "waiting", 0, SET_NOW)},
       true},
      {"absent type: its unknown fields are kept",
       {},
       cond("Ready", True, "Done", "", 0, ZERO, {{"future", 1}}),
       {cond("Ready", True, "Done", "", 0, SET_NOW, {{"future", 1}})},
       true},
      {"status flip without a time: position kept, time = now",
       {cond("A", True, "R", "", 0, T0), cond("B", True, "R", "", 0, T0), cond("C", True, "R", "", 0, T0)},
       cond("B", False, "R"),
       {cond("A", True, "R", "", 0, T0), cond("B", False, "R", "", 0, SET_NOW),
        cond("C", True, "R", "", 0, T0)},
       true},
      {"status flip with a supplied time: that time",
       {cond("A", True, "R", "", 0, T0), cond("B", True, "R", "", 0, T0)},
       cond("B", Unknown, "R", "", 0, T1),
       {cond("A", True, "R", "", 0, T0), cond("B", Unknown, "R", "", 0, T1)},
       true},
      {"status flip and reason change together",
       {cond("Ready", False, "Starting", "", 0, T0)},
       cond("Ready", True, "Started", "up"),
       {cond("Ready", True, "Started", "up", 0, SET_NOW)},
       true},
      {"reason only: changed, time unchanged",
       {cond("Ready", True, "Old", "m", 1, T0)},
       cond("Ready", True, "New", "m", 1),
       {cond("Ready", True, "New", "m", 1, T0)},
       true},
      {"reason only, with a supplied time: time still unchanged",
       {cond("Ready", True, "Old", "m", 1, T0)},
       cond("Ready", True, "New", "m", 1, T1),
       {cond("Ready", True, "New", "m", 1, T0)},
       true},
      {"message only",
       {cond("Ready", True, "R", "old message", 1, T0)},
       cond("Ready", True, "R", "new message", 1),
       {cond("Ready", True, "R", "new message", 1, T0)},
       true},
      {"message to empty",
       {cond("Ready", True, "R", "something", 1, T0)},
       cond("Ready", True, "R", "", 1),
       {cond("Ready", True, "R", "", 1, T0)},
       true},
      {"observedGeneration only",
       {cond("Ready", True, "R", "m", 1, T0)},
       cond("Ready", True, "R", "m", 2),
       {cond("Ready", True, "R", "m", 2, T0)},
       true},
      {"observedGeneration back to 0",
       {cond("Ready", True, "R", "m", 4, T0)},
       cond("Ready", True, "R", "m", 0),
       {cond("Ready", True, "R", "m", 0, T0)},
       true},
      {"a different lastTransitionTime alone is no change, and is not copied",
       {cond("Ready", True, "R", "m", 1, T0)},
       cond("Ready", True, "R", "m", 1, T1),
       {cond("Ready", True, "R", "m", 1, T0)},
       false},
      {"identical: no change",
       {cond("A", False, "R", "m", 1, T0), cond("Ready", True, "R", "m", 1, T0)},
       cond("Ready", True, "R", "m", 1),
       {cond("A", False, "R", "m", 1, T0), cond("Ready", True, "R", "m", 1, T0)},
       false},
      {"duplicate types: only the first is updated",
       {cond("A", True, "First", "", 0, T0), cond("B", True, "R", "", 0, T0),
        cond("A", True, "Second", "", 0, T0)},
       cond("A", False, "Changed"),
       {cond("A", False, "Changed", "", 0, SET_NOW), cond("B", True, "R", "", 0, T0),
        cond("A", True, "Second", "", 0, T0)},
       true},
      {"duplicate types: first already equal, later one differs: no change",
       {cond("A", True, "R", "", 0, T0), cond("A", False, "Other", "", 0, T0)},
       cond("A", True, "R", ""),
       {cond("A", True, "R", "", 0, T0), cond("A", False, "Other", "", 0, T0)},
       false},
      {"unknown fields of the existing condition are kept, the new ones ignored",
       {cond("Ready", True, "R", "m", 0, T0, {{"future", "kept"}})},
       cond("Ready", False, "R2", "m2", 5, ZERO, {{"other", "dropped"}}),
       {cond("Ready", False, "R2", "m2", 5, SET_NOW, {{"future", "kept"}})},
       true},
      {"type comparison is exact (case-sensitive)",
       {cond("ready", True, "R", "", 0, T0)},
       cond("Ready", True, "R"),
       {cond("ready", True, "R", "", 0, T0), cond("Ready", True, "R", "", 0, SET_NOW)},
       true},
  }));
  INFO(c.name);
  std::vector<condition> list = c.before;
  const bool changed = conditions::set(list, c.update, SET_NOW);
  INFO("got:      " << describe(list));
  INFO("expected: " << describe(c.after));
  CHECK(changed == c.changed);
  CHECK(list == c.after);
  // Setting the same condition again is always a no-op.
  const std::vector<condition> once = list;
  CHECK_FALSE(conditions::set(list, c.update, T1));
  CHECK(list == once);
}

namespace {
struct remove_case {
  const char* name;
  std::vector<condition> before;
  const char* type;
  std::vector<condition> after;
  bool removed;
};
}  // namespace

TEST_CASE("conditions::remove follows apimachinery RemoveStatusCondition", "[conditions]") {
  const auto c = GENERATE(values<remove_case>({
      {"empty list", {}, "Ready", {}, false},
      {"absent type: list unchanged",
       {cond("A", True, "R", "a", 0, T0), cond("B", False, "R", "b", 0, T1)},
       "Ready",
       {cond("A", True, "R", "a", 0, T0), cond("B", False, "R", "b", 0, T1)},
       false},
      {"present once, in the middle",
       {cond("A", True), cond("B", False), cond("C", Unknown)},
       "B",
       {cond("A", True), cond("C", Unknown)},
       true},
      {"present once, first", {cond("A", True), cond("B", False)}, "A", {cond("B", False)}, true},
      {"present once, last", {cond("A", True), cond("B", False)}, "B", {cond("A", True)}, true},
      {"only element", {cond("A", True)}, "A", {}, true},
      {"duplicates: all removed, order of the rest kept",
       {cond("A", True, "1"), cond("B", True), cond("A", False, "2"), cond("C", True),
        cond("A", Unknown, "3")},
       "A",
       {cond("B", True), cond("C", True)},
       true},
      {"all of one type", {cond("A", True, "1"), cond("A", False, "2")}, "A", {}, true},
      {"case-sensitive", {cond("ready", True)}, "Ready", {cond("ready", True)}, false},
  }));
  INFO(c.name);
  std::vector<condition> list = c.before;
  const bool removed = conditions::remove(list, c.type);
  INFO("got: " << describe(list));
  CHECK(removed == c.removed);
  CHECK(list == c.after);
  CHECK(conditions::find(list, c.type) == nullptr);
  CHECK_FALSE(conditions::remove(list, c.type));
}

TEST_CASE("conditions::find returns the first condition of a type", "[conditions]") {
  std::vector<condition> list = {cond("A", True, "First"), cond("B", False, "B"), cond("A", False, "Second")};
  const std::vector<condition>& clist = list;

  const condition* a = conditions::find(clist, "A");
  REQUIRE(a != nullptr);
  CHECK(a == &clist[0]);
  CHECK(a->reason == "First");
  CHECK(conditions::find(clist, "B") == &clist[1]);
  CHECK(conditions::find(clist, "C") == nullptr);
  CHECK(conditions::find(clist, "") == nullptr);
  CHECK(conditions::find(std::vector<condition>{}, "A") == nullptr);

  // The mutable overload gives write access to the element itself.
  condition* ma = conditions::find(list, "A");
  REQUIRE(ma == &list[0]);
  ma->message = "edited";
  CHECK(list[0].message == "edited");
  CHECK(list[2].message.empty());
}

namespace {
struct predicate_case {
  const char* type;
  bool is_true, is_false, is_unknown;
};
}  // namespace

TEST_CASE("conditions::is_true / is_false / is_present_and_equal look at the first entry", "[conditions]") {
  const std::vector<condition> list = {cond("Yes", True),  cond("No", False), cond("Maybe", Unknown),
                                       cond("Dup", False), cond("Dup", True), cond("Dup2", True),
                                       cond("Dup2", False)};
  const auto c = GENERATE(values<predicate_case>({
      {"Yes", true, false, false},
      {"No", false, true, false},
      {"Maybe", false, false, true},
      {"Dup", false, true, false},
      {"Dup2", true, false, false},
      {"Absent", false, false, false},
      {"yes", false, false, false},
      {"", false, false, false},
  }));
  INFO("type: " << c.type);
  CHECK(conditions::is_true(list, c.type) == c.is_true);
  CHECK(conditions::is_false(list, c.type) == c.is_false);
  CHECK(conditions::is_present_and_equal(list, c.type, True) == c.is_true);
  CHECK(conditions::is_present_and_equal(list, c.type, False) == c.is_false);
  CHECK(conditions::is_present_and_equal(list, c.type, Unknown) == c.is_unknown);
}

TEST_CASE("condition_status strings are exact", "[conditions]") {
  CHECK(trainjob::to_string(True) == "True");
  CHECK(trainjob::to_string(False) == "False");
  CHECK(trainjob::to_string(Unknown) == "Unknown");
  CHECK(trainjob::condition_status_from_string("True") == True);
  CHECK(trainjob::condition_status_from_string("False") == False);
  CHECK(trainjob::condition_status_from_string("Unknown") == Unknown);
  const auto bad =
      GENERATE(as<std::string>{}, "true", "TRUE", "false", "unknown", "", "Maybe", " True", "True ");
  INFO("input: \"" << bad << "\"");
  CHECK_FALSE(trainjob::condition_status_from_string(bad).has_value());
}

TEST_CASE("condition equality covers every field", "[conditions]") {
  const condition base = cond("Ready", True, "R", "m", 1, T0, {{"x", 1}});
  CHECK(base == cond("Ready", True, "R", "m", 1, T0, {{"x", 1}}));
  CHECK(base != cond("Other", True, "R", "m", 1, T0, {{"x", 1}}));
  CHECK(base != cond("Ready", False, "R", "m", 1, T0, {{"x", 1}}));
  CHECK(base != cond("Ready", True, "R2", "m", 1, T0, {{"x", 1}}));
  CHECK(base != cond("Ready", True, "R", "m2", 1, T0, {{"x", 1}}));
  CHECK(base != cond("Ready", True, "R", "m", 2, T0, {{"x", 1}}));
  CHECK(base != cond("Ready", True, "R", "m", 1, T1, {{"x", 1}}));
  CHECK(base != cond("Ready", True, "R", "m", 1, T0, {{"x", 2}}));
  CHECK(base != cond("Ready", True, "R", "m", 1, T0));
}

// find, would_set and the status copy compare and copy through these word-at-a-time helpers;
// every length around their word boundaries, a difference at every position.
TEST_CASE("detail::same and detail::copy_string agree with std::string for every length", "[conditions]") {
  for (std::size_t n = 0; n <= 80; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + (i * 7 + n) % 26);
    CAPTURE(n);
    CHECK(trainjob::detail::same(a, std::string(a)));
    for (std::size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = static_cast<char>(b[i] ^ 0x20);
      CAPTURE(i);
      CHECK_FALSE(trainjob::detail::same(a, b));
      CHECK_FALSE(trainjob::detail::same(b, a));
      std::string to = b;  // same size: copied in place
      const char* const storage = to.data();
      trainjob::detail::copy_string(to, a);
      CHECK(to == a);
      CHECK(to.data() == storage);
    }
    CHECK_FALSE(trainjob::detail::same(a, a + "x"));
    std::string longer = a + "tail";  // another size: plain assignment
    trainjob::detail::copy_string(longer, a);
    CHECK(longer == a);
  }
}
