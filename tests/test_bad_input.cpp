// The bad-input catalogue (tests/bad-input/catalogue.json) through the library's API: each
// case read the way its tool verb reads it (parse_documents, then decode_objects / decode<T> /
// the runtime's kind / decode_scenario and replay, then validate) must report the path the
// catalogue names, exactly, with its message; the non-throwing forms must not throw and the
// throwing forms must throw decode_error with the same path. tests/bad-input/run_tool.py runs
// the same cases through trainjob-conditions. Also here: unit tests of the fixes the catalogue
// led to (decode messages, timestamps).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <trainjob/yaml.hpp>
#include <utility>
#include <vector>

#include "fixtures.hpp"

namespace {

fs::path catalogue_dir() { return fs::path(TRAINJOB_BAD_INPUT_DIR); }

/// `<<unit*N>>` is `unit` repeated N times, as in run_tool.py.
std::string expand(const std::string& t) {
  static const std::regex repeat(R"(<<(.+?)\*(\d+)>>)");
  std::string out;
  auto begin = t.cbegin();
  for (std::sregex_iterator it(t.begin(), t.end(), repeat), end; it != end; ++it) {
    out.append(begin, (*it)[0].first);
    const std::string unit = (*it)[1].str();
    const std::size_t n = std::stoul((*it)[2].str());
    out.reserve(out.size() + unit.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += unit;
    begin = (*it)[0].second;
  }
  out.append(begin, t.cend());
  return out;
}

/// A case's input: its file, or what `generate` says.
std::string case_input(const nlohmann::json& c) {
  if (c.contains("file")) return read_text(catalogue_dir() / c.at("file").get<std::string>());
  if (!c.contains("generate"))
    return read_text(catalogue_dir() / (c.at("name").get<std::string>() + ".json"));
  const auto& g = c.at("generate");
  if (g.contains("text")) return expand(g.at("text").get<std::string>());
  std::string base = read_text(catalogue_dir() / g.at("file").get<std::string>());
  const auto what = g.at("replace").get<std::string>();
  const auto at = base.find(what);
  if (at == std::string::npos || base.find(what, at + 1) != std::string::npos) {
    throw std::runtime_error(c.at("name").get<std::string>() + ": the text to replace must occur once");
  }
  return base.replace(at, what.size(), expand(g.at("with").get<std::string>()));
}

/// What the library says about one input: the error that stops it, or the violations.
struct outcome {
  std::optional<error_info> error;
  std::vector<error_info> violations;
};

/// Runs `nothrow` (a non-throwing form) and `throwing` (its throwing twin): the first must
/// not throw; the second must throw decode_error exactly when the first reports an error,
/// with the same path and message.
template <class T>
std::optional<T> both_forms(const std::function<trainjob::result<T>()>& nothrow,
                            const std::function<T()>& throwing, outcome& out) {
  std::optional<trainjob::result<T>> r;
  try {
    r.emplace(nothrow());
  } catch (const std::exception& e) {
    FAIL("the non-throwing form threw: " << e.what());
  }
  try {
    T v = throwing();
    CHECK(r->ok());
    return v;
  } catch (const decode_error& e) {
    CHECK_FALSE(r->ok());
    CHECK(e.path() == r->error().path);
    CHECK(e.message() == r->error().message);
  } catch (const std::exception& e) {
    FAIL("the throwing form threw something else than decode_error: " << e.what());
  }
  if (!r->ok()) out.error = r->error();
  return std::nullopt;
}

template <class T>
void decode_and_validate(const nlohmann::json& j, outcome& out) {
  const auto v =
      both_forms<T>([&] { return trainjob::try_decode<T>(j); }, [&] { return trainjob::decode<T>(j); }, out);
  if (v) out.violations = trainjob::validate(*v);
}

/// The input read as the tool's verb reads it (the catalogue's "api").
outcome run_api(const std::string& api, const std::string& text) {
  outcome out;
  // The tool reads JSON or YAML, as kubectl does, and wants an object in a file.
  auto docs = trainjob::parse_documents(text);
  if (!docs) {
    try {
      (void)docs.value();
      FAIL("value() of a failed parse did not throw");
    } catch (const decode_error& e) {
      CHECK(e.path() == docs.error().path);
    }
    out.error = docs.error();
    return out;
  }
  if (docs->empty()) {
    out.error =
        trainjob::error_info{"", "no objects: the file is empty, or holds only comments or null documents",
                             trainjob::error_kind::schema};
    return out;
  }
  REQUIRE(docs->size() == 1);  // the catalogue's inputs hold one document each
  const nlohmann::json& j = docs->front();
  if (api == "objects") {  // validate, state, lint
    const auto objs = both_forms<std::vector<trainjob::located_object>>(
        [&] { return trainjob::try_decode_objects(j); }, [&] { return trainjob::decode_objects(j); }, out);
    if (objs) {
      for (const auto& o : *objs) {
        for (auto& v : trainjob::validate(o.object)) {
          if (!o.path.empty()) v.path = o.path + (v.path.empty() ? "" : "." + v.path);
          out.violations.push_back(std::move(v));
        }
      }
    }
  } else if (api == "trainjob") {  // reconcile --trainjob
    decode_and_validate<trainjob::train_job>(j, out);
    const auto t = trainjob::try_decode_text<trainjob::train_job>(text);
    CHECK(t.ok() == !out.error);
    if (out.error && !t.ok()) CHECK(t.error().path == out.error->path);
  } else if (api == "jobset") {  // reconcile --jobset
    decode_and_validate<trainjob::job_set>(j, out);
  } else if (api == "runtime") {  // reconcile --runtime: the kind chooses the type
    const auto k = j.is_object() ? j.find("kind") : j.end();
    if (j.is_object() && k != j.end() && *k == "ClusterTrainingRuntime") {
      decode_and_validate<trainjob::cluster_training_runtime>(j, out);
    } else {
      decode_and_validate<trainjob::training_runtime>(j, out);
    }
  } else if (api == "scenario") {  // replay
    const auto sc = both_forms<trainjob::scenario>([&] { return trainjob::try_decode_scenario(j); },
                                                   [&] { return trainjob::decode_scenario(j); }, out);
    if (sc) {
      try {
        (void)trainjob::replay(*sc);
      } catch (const decode_error& e) {
        out.error = e.info();
      } catch (const std::exception& e) {
        FAIL("replay threw something else than decode_error: " << e.what());
      }
    }
  } else {
    FAIL("unknown api \"" << api << "\"");
  }
  return out;
}

nlohmann::json load_catalogue() {
  auto j = trainjob::parse_json(read_text(catalogue_dir() / "catalogue.json"));
  if (!j) throw std::runtime_error("catalogue.json: " + j.error().to_string());
  return std::move(*j);
}

}  // namespace

TEST_CASE("bad input: every catalogue case reports its path through the API", "[bad-input]") {
  const nlohmann::json catalogue = load_catalogue();
  const auto& cases = catalogue.at("cases");
  REQUIRE(cases.size() >= 50);
  std::size_t checked = 0;
  for (const auto& c : cases) {
    const std::string name = c.at("name").get<std::string>();
    const int exit = c.at("exit").get<int>();
    const std::string path = expand(c.at("path").get<std::string>());
    const std::string message = c.value("message", std::string());
    INFO("case " << name << " (" << c.at("about").get<std::string>() << ")");
    const outcome o = run_api(c.at("api").get<std::string>(), case_input(c));
    if (exit == 2) {
      REQUIRE(o.error.has_value());
      CHECK(o.error->path.size() == path.size());  // first, so that a long path is not printed
      if (o.error->path.size() < 4096) CHECK(o.error->path == path);
      CHECK(o.error->path.compare(0, std::string::npos, path) == 0);
      CHECK_THAT(o.error->message, trainjob_test::contains_substring(message));
      CHECK(o.error->message.size() < 4096);  // bad values are quoted briefly
    } else {
      REQUIRE(exit == 1);
      REQUIRE_FALSE(o.error.has_value());
      bool found = false;
      for (const auto& v : o.violations)
        found = found || (v.path == path && v.message.find(message) != std::string::npos);
      INFO("violations: " << o.violations.size()
                          << (o.violations.empty() ? "" : ", first: " + o.violations[0].to_string()));
      CHECK(found);
    }
    ++checked;
  }
  CHECK(checked == cases.size());
}

TEST_CASE("bad input: the catalogue's valid bases are valid", "[bad-input]") {
  const nlohmann::json catalogue = load_catalogue();
  for (const auto& c : catalogue.at("valid")) {
    INFO("case " << c.at("name").get<std::string>());
    const outcome o = run_api(c.at("api").get<std::string>(), case_input(c));
    CHECK_FALSE(o.error.has_value());
    if (o.error) INFO(o.error->to_string());
    CHECK(o.violations.empty());
  }
}

// ---- unit tests of fixes the catalogue led to ---------------------------------------------------

TEST_CASE("bad input: an integer literal past 64 bits is reported out of range", "[bad-input][json]") {
  // nlohmann reads such a literal as a double; the message used to show it without a reason,
  // then re-rendered (1e19 as 1e+19, 2.0 for 2.00): it now says what the number is, not a
  // spelling the input did not have.
  struct int_case {
    const char* text;
    const char* message;
  };
  const auto c = GENERATE(values<int_case>({
      {"18446744073709551616", "expected a 64-bit integer, got a number beyond 64 bits (out of range)"},
      {"-9223372036854775809", "expected a 64-bit integer, got a number beyond 64 bits (out of range)"},
      {"1e19", "expected a 64-bit integer, got a number with a fraction or exponent (out of range)"},
      {"2.00", "expected a 64-bit integer, got a number with a fraction or exponent"},
      {"1.5", "expected a 64-bit integer, got a number with a fraction or exponent"},
      {"1e2", "expected a 64-bit integer, got a number with a fraction or exponent"},
  }));
  INFO(c.text);
  const auto j = trainjob::parse_json(std::string(R"({"metadata": {"generation": )") + c.text + "}}");
  REQUIRE(j.ok());
  const auto m = trainjob::try_decode<trainjob::object_meta>(j->at("metadata"));
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().path == "generation");
  CHECK(m.error().message == c.message);
}

TEST_CASE("bad input: a 32-bit count from a double out of its range", "[bad-input][json]") {
  nlohmann::json j = {{"name", "node"}, {"ready", 1e10}};
  const auto r = trainjob::try_decode<trainjob::job_status>(j);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "ready");
  CHECK(r.error().message ==
        "expected a 32-bit integer, got a number with a fraction or exponent (out of range)");
  j["ready"] = 3.0;
  CHECK(trainjob::try_decode<trainjob::job_status>(j).error().message ==
        "expected a 32-bit integer, got a number with a fraction or exponent");
}

TEST_CASE("bad input: a five-digit year says so", "[bad-input][timestamp]") {
  std::string why;
  CHECK_FALSE(trainjob::timestamp::parse("10000-01-01T00:00:00Z", &why).has_value());
  CHECK(why == "year out of range (0000 to 9999)");
  CHECK_FALSE(trainjob::timestamp::parse("99999", &why).has_value());
  CHECK(why == "year out of range (0000 to 9999)");
  CHECK_FALSE(trainjob::timestamp::parse("2025x01-01T00:00:00Z", &why).has_value());
  CHECK(why == "expected an RFC 3339 time like 2006-01-02T15:04:05Z");
  CHECK(trainjob::timestamp::parse("9999-12-31T23:59:59Z").has_value());
}

TEST_CASE("bad input: parse errors quote bad bytes as valid UTF-8", "[bad-input][json]") {
  // nlohmann quotes the bytes it read last; a message must be printable and storable as is
  // (a controller may put it in a condition message, which must be UTF-8).
  using namespace std::string_literals;
  for (const std::string& text : {"{\"a\": \"x\xFFy\"}"s, "{\"a\": \"\xC0\xAF\"}"s, "{\"\xED\xA0\x80\": 1}"s,
                                  "[\"\xF4\x90\x80\x80\"]"s, "\xC3"s, "{\"a\": \"\xE2\x82\"}"s}) {
    const auto r = trainjob::parse_json(text);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK_THAT(r.error().message, Catch::Matchers::StartsWith("invalid JSON: parse error at line 1"));
    CHECK(trainjob::detail::utf8_length(r.error().message) != std::string::npos);
  }
  CHECK(trainjob::detail::replace_invalid_utf8("a\xFF"
                                               "b\xC3\xA9\xF0\x9F\x98\x80\xED\x9F\xBF") ==
        "a\xEF\xBF\xBD"
        "b\xC3\xA9\xF0\x9F\x98\x80\xED\x9F\xBF");
  CHECK(trainjob::detail::replace_invalid_utf8("\xE0\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(trainjob::detail::replace_invalid_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}
