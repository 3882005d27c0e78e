// trainjob/yaml.hpp: documents, JSON detection, errors (kind, document, line, column, path),
// limits and hostile input (alias bombs, deep nesting, huge input, bad bytes). The conversion
// rules themselves are checked against kubectl over tests/yaml/corpus (yaml_kubectl_corpus).
#include <string>
#include <vector>

#include <trainjob/yaml.hpp>
#include "fixtures.hpp"

namespace {

using trainjob::error_kind;
using trainjob::parse_documents;
using trainjob::parse_limits;
using trainjob::parse_yaml;

const std::string head = "apiVersion: v1\nkind: Case\nmetadata:\n  name: x\n";

/// The error of `text`, which must be refused.
trainjob::error_info refusal(const std::string& text, parse_limits limits = {}) {
  const auto r = parse_documents(text, limits);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("yaml: YAML 1.1 scalars as go-yaml v2 resolves them") {
  const auto r = parse_yaml(head +
                            "data:\n  a: yes\n  b: Off\n  c: ~\n  d: 0777\n  e: 0x1F\n  f: 1_000\n  g: 1e3\n"
                            "  h: .5\n  i: 1:20\n  j: \"yes\"\n  k: 18446744073709551615\n  l: 2001-12-14\n"
                            "  m: -0b101\n  nn: yEs\n  o: 9223372036854775808\n  p:\n");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  const json& d = r->front().at("data");
  CHECK(d.at("a") == true);
  CHECK(d.at("b") == false);
  CHECK(d.at("c").is_null());
  CHECK(d.at("d") == 511);
  CHECK(d.at("e") == 31);
  CHECK(d.at("f") == 1000);
  CHECK(d.at("g").is_number_integer());  // encoding/json writes the float 1000 as 1000
  CHECK(d.at("g") == 1000);
  CHECK(d.at("h") == 0.5);
  CHECK(d.at("i") == "1:20");  // no sexagesimal in go-yaml v2
  CHECK(d.at("j") == "yes");
  CHECK(d.at("k").get<std::uint64_t>() == 18446744073709551615u);
  CHECK(d.at("l") == "2001-12-14");
  CHECK(d.at("m") == -5);
  CHECK(d.at("nn") == "yEs");
  CHECK(d.at("o").is_number_unsigned());
  CHECK(d.at("p").is_null());
}

TEST_CASE("yaml: the rules the reader once had apart from the writer, as kubectl reads them") {
  // kubectl v1.32 (label --local -o json) on the same text gave 0.55, 5000000000, ".5__5",
  // "._5", and took both !!timestamp values (their text); it refused the !!int one.
  const auto r = parse_yaml(head +
                            "data:\n  a: .5_5\n  b: .5e1_0\n  c: .5__5\n  d: ._5\n"
                            "  e: !!timestamp 2001-12-14  21:59:43\n"
                            "  f: !!timestamp 2001-12-14T21:59:43+05:60\n  g: !!float .5_5\n");
  REQUIRE(r.ok());
  const json& d = r->front().at("data");
  CHECK(d.at("a") == 0.55);  // strconv.ParseFloat reads underscores between digits
  CHECK(d.at("b") == 5000000000u);
  CHECK(d.at("c") == ".5__5");
  CHECK(d.at("d") == "._5");
  CHECK(d.at("e") == "2001-12-14  21:59:43");       // time.Parse: a layout space matches a run
  CHECK(d.at("f") == "2001-12-14T21:59:43+05:60");  // zone offsets up to 24:60
  CHECK(d.at("g") == 0.55);
  const auto e = refusal(head + "data:\n  u: !!int 2001-12-14  21:59:43\n");
  CHECK(contains(e.message, "cannot decode !!str `2001-12-14  21:59:43` as a !!int"));
  CHECK(contains(refusal(head + "data:\n  t: !!timestamp 2001-12-14T21:59:43+05:61\n").message,
                 "as a !!timestamp"));
}

TEST_CASE("yaml: floats as encoding/json writes them and a JSON reader reads them back") {
  const auto r = parse_yaml(head + "data:\n  a: 9223372036854775809.0\n  b: 1e21\n  c: 1.5\n  d: -0.0\n");
  REQUIRE(r.ok());
  const json& d = r->front().at("data");
  // 2^63 is written 9223372036854776000: past int64 for a reader, so a float.
  CHECK(d.at("a").is_number_unsigned());
  CHECK(d.at("a").get<std::uint64_t>() == 9223372036854776000u);
  CHECK(d.at("b").is_number_float());
  CHECK(d.at("c") == 1.5);
  CHECK(d.at("d") == 0);
}

TEST_CASE("yaml: keys become strings; merges and anchors resolve") {
  const auto r = parse_yaml(head +
                            "data:\n  1: int\n  1.5: float\n  1e6: big\n  true: bool\n  n: letter\n"
                            "  base: &b {x: 1, z: 2}\n  m:\n    x: 0\n    <<: *b\n    z: 3\n  l: [*b]\n");
  REQUIRE(r.ok());
  const json& d = r->front().at("data");
  CHECK(d.at("1") == "int");
  CHECK(d.at("1.5") == "float");
  CHECK(d.at("1e+06") == "big");
  CHECK(d.at("true") == "bool");
  CHECK(d.at("false") == "letter");
  CHECK(d.at("m") == json({{"x", 1}, {"z", 3}}));  // a merge overrides keys before it, not after
  CHECK(d.at("l") == json::array({{{"x", 1}, {"z", 2}}}));
}

TEST_CASE("yaml: documents split on --- lines, null ones skipped") {
  const std::string two = head + "---\n---\n# comment\n---\n~\n---\n" + head;
  const auto r = parse_documents(two);
  REQUIRE(r.ok());
  CHECK(r->size() == 2);
  CHECK(parse_documents("").value().empty());
  CHECK(parse_documents("# only\n").value().empty());
  const auto e = refusal(head + "--- x\n");
  CHECK(e.kind == error_kind::syntax);
  CHECK(contains(e.message, "document 2, line 5"));
}

TEST_CASE("yaml: JSON by its first byte, a stream of values through parse_json") {
  const auto one = parse_documents(" \n{\"a\": 1.0}\n");
  REQUIRE(one.ok());
  CHECK(one->front().at("a").is_number_float());  // JSON keeps what parse_json reads
  const auto many = parse_documents("{\"a\": 1}{\"b\": 2} null\n{\"c\": 3}");
  REQUIRE(many.ok());
  CHECK(many->size() == 3);
  // parse_json's refusals and messages: the first document's as a lone JSON
  // text's, a later one's with the document named.
  const auto dup = refusal("{\"metadata\": {\"name\": \"a\", \"name\": \"b\"}}");
  CHECK(dup.path == "metadata.name");
  CHECK(dup.message == "duplicate key \"name\"");
  const auto bad = refusal("{\"a\": 1}\n{\"b\": }");
  CHECK(bad.kind == error_kind::syntax);
  CHECK(contains(bad.message, "document 2 (lines counted from line 1)"));
  // `[` is not JSON for kubectl: read as YAML, and a sequence is not an object.
  const auto array = refusal("[{\"a\": 1}]");
  CHECK(array.kind == error_kind::type);
  CHECK(contains(array.message,
                 "document 1, line 1, column 1: expected an object at the top level, got an array"));
}

TEST_CASE("yaml: errors name the document, line and column, with a kind") {
  struct bad {
    std::string text, where, what;
    error_kind kind;
  };
  const std::vector<bad> cases = {
      {head + "data:\n\tv: 1\n", "document 1, line 6, column 1",
       "found character that cannot start any token", error_kind::syntax},
      {head + "data:\n  v: \"abc\n", "document 1, line 7, column 1", "unexpected end of stream",
       error_kind::syntax},
      {head + "data:\n  a: 1\n b: 2\n", "document 1, line 7, column 2", "did not find expected key",
       error_kind::syntax},
      {head + "data: \"\\/\"\n", "document 1, line 5, column 8", "unknown escape", error_kind::syntax},
      {head + "data: a\xff\n", "document 1, line 5, column 8", "UTF-8", error_kind::syntax},
      {head + "data:\n  a: 1\n---\n" + head + "data: *nope\n", "document 2, line 12, column 7",
       "unknown anchor", error_kind::syntax},
      {"hello\n", "document 1, line 1, column 1", "expected an object at the top level, got a string",
       error_kind::type},
      {"- a\n- b\n", "document 1, line 1, column 1", "got an array", error_kind::type},
      {head + "data: .inf\n", "document 1, line 5, column 7", "JSON has no infinity", error_kind::type},
      {head + "data: {~: 1}\n", "document 1, line 5, column 8", "unsupported map key: null",
       error_kind::type},
      {head + "data: !!int yes\n", "document 1, line 5, column 7", "cannot decode !!bool `yes` as a !!int",
       error_kind::syntax},
      // kubectl cuts the directive from its document at the `---` line, so libyaml sees it alone.
      {"%YAML 1.1\n---\n" + head, "document 1, line 2, column 1", "did not find expected <document start>",
       error_kind::syntax},
      {head + "data: &a [1, *a]\n", "document 1, line 5, column 14", "contains itself", error_kind::syntax},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto e = refusal(c.text);
    CHECK(e.kind == c.kind);
    CHECK(contains(e.message, c.where + ": "));
    CHECK(contains(e.message, c.what));
  }
}

TEST_CASE("yaml: a key given twice is refused at its path") {
  const auto e = refusal("apiVersion: v1\nkind: Case\nmetadata:\n  name: a\n  name: b\n");
  CHECK(e.kind == error_kind::syntax);
  CHECK(e.path == "metadata.name");
  CHECK(e.to_string() == "metadata.name: document 1, line 5, column 3: duplicate key \"name\"");
  // Spellings that make the same JSON key are the same key.
  CHECK(refusal(head + "data:\n  1: a\n  \"1\": b\n").path == "data.1");
  CHECK(refusal(head + "data:\n  yes: a\n  true: b\n").path == "data.true");
  // A merge is not a duplicate: it is overridden, or overrides.
  CHECK(parse_yaml(head + "data:\n  a: 1\n  <<: {a: 2}\n  b: 3\n").ok());
}

TEST_CASE("yaml: hostile input is refused within bounded memory and time") {
  SECTION("billion laughs: go-yaml's excessive-aliasing rule") {
    std::string bomb = head + "data:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
      bomb += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
      for (int k = 0; k < 9; ++k) bomb += (k ? ", *l" : "*l") + std::to_string(i - 1);
      bomb += "]\n";
    }
    const auto e = refusal(bomb);
    CHECK(e.kind == error_kind::limit);
    CHECK(contains(e.message, "document 1: document contains excessive aliasing"));
  }
  SECTION("aliases within the ratio but past the memory budget") {
    parse_limits small;
    small.memory_floor = 1 << 20;
    small.memory_per_input_byte = 1;
    std::string text = head + "data:\n  a: &a [" + std::string(2000, 'x') + "]\n  b: [";
    for (int i = 0; i < 2000; ++i) text += "*a, ";
    text += "*a]\n";
    const auto e = refusal(text, small);
    CHECK(e.kind == error_kind::limit);
    CHECK(contains(e.message, "budget"));
  }
  SECTION("nesting deeper than max_depth") {
    std::string deep = head + "data: " + std::string(1001, '[') + std::string(1001, ']') + "\n";
    const auto e = refusal(deep);
    CHECK(e.kind == error_kind::limit);
    CHECK(contains(e.message, "document 1, line 5, column 1006: nesting deeper than 1000 levels"));
    // Through aliases: each level within the limit, the expansion past it.
    parse_limits shallow;
    shallow.max_depth = 10;
    const auto a = refusal(head + "data:\n  a: &a [[[[[[[1]]]]]]]\n  b: [[[[*a]]]]\n", shallow);
    CHECK(a.kind == error_kind::limit);
    CHECK(contains(a.message, "with aliases expanded"));
  }
  SECTION("input over max_bytes") {
    parse_limits tiny;
    tiny.max_bytes = 100;
    const auto e = refusal(head + "data: " + std::string(200, 'x') + "\n", tiny);
    CHECK(e.kind == error_kind::limit);
    CHECK(contains(e.message, "over the limit of 100"));
  }
  SECTION("control characters and NUL") {
    CHECK(contains(refusal(head + "data: a\x01"
                                  "b\n")
                       .message,
                   "control characters are not allowed"));
    CHECK(contains(refusal(head + std::string("data: a\0b\n", 10)).message, "document 1, line 5"));
  }
}

TEST_CASE("yaml: the throwing form throws decode_error with the same error") {
  const auto r = parse_documents("hello\n");
  REQUIRE_FALSE(r.ok());
  try {
    (void)r.value();
    FAIL("no exception");
  } catch (const trainjob::decode_error& e) {
    CHECK(e.info().message == r.error().message);
    CHECK(e.kind() == error_kind::type);
  }
}
