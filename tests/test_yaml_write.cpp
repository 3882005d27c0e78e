// Tests for trainjob::to_yaml (include/trainjob/yaml_write.hpp). Each expected text below
// was printed by kubectl v1.32 (`kubectl label --local -f FILE -o yaml`, the label lines
// taken out) for the same object when written; tests/yaml_write/run.py compares hundreds
// more with kubectl directly.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.hpp"
#include "trainjob/yaml_write.hpp"

namespace {

using trainjob::to_yaml;

json object_with(json data) {
  return json{
      {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "u"}}}, {"data", std::move(data)}};
}

}  // namespace

TEST_CASE("to_yaml: quoting, block styles, order and numbers as kubectl prints them", "[yaml_write]") {
  const json data = json::parse(R"({"on":"on","n":"1e3","e":"","ts":"2024-01-01","t":"1:20","ml":"x\ny\n",
    "keep":"a\n\n","strip":"a\nb","ind":" a\nb","tab":"a\tb","emoji":"\ud83d\ude00","q":"'a","d":"- a",
    "h":"a #b","c":"a: b","s":" a","l":[],"m":{},"seq":[{"a":1,"b":[true,null]},["x"]],"f":1.5,
    "big":1e21,"small":0.000001,"i":-3,"B":"x","_":"u","b9":"a9","b10":"a10"})");
  const std::string want = R"(apiVersion: v1
data:
  _: u
  B: x
  b9: a9
  b10: a10
  big: 1e+21
  c: 'a: b'
  d: '- a'
  e: ""
  emoji: "\U0001F600"
  f: 1.5
  h: 'a #b'
  i: -3
  ind: |2-
     a
    b
  keep: |+
    a

  l: []
  m: {}
  ml: |
    x
    y
  "n": "1e3"
  "on": "on"
  q: '''a'
  s: ' a'
  seq:
  - a: 1
    b:
    - true
    - null
  - - x
  small: 1e-06
  strip: |-
    a
    b
  t: "1:20"
  tab: "a\tb"
  ts: "2024-01-01"
kind: ConfigMap
metadata:
  name: u
)";
  CHECK(to_yaml(object_with(data)) == want);
}

TEST_CASE("to_yaml: long lines fold at 80 columns; keys over 128 bytes are complex keys", "[yaml_write]") {
  std::string words;
  for (int i = 0; i < 25; ++i) words += (i == 0 ? "word" : " word") + std::to_string(i);
  const json data = {{"long", words}, {"dq", "\t" + words}, {std::string(130, 'k'), "v"}};
  const std::string want = R"(apiVersion: v1
data:
  dq: "\tword0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
    word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23
    word24"
  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
  : v
  long: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
    word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23
    word24
kind: ConfigMap
metadata:
  name: u
)";
  CHECK(to_yaml(object_with(data)) == want);
}

TEST_CASE("to_yaml: numbers as go-yaml re-reads kubectl's JSON", "[yaml_write]") {
  // kubectl -o json printed these as 123456789.5, 1e+21, 0.000001, 0.0001, 1, -0,
  // 18446744073709552000, 100000000000000000000, -9223372036854775808, 1000000,
  // 1.5e+300, 5e-324; its -o yaml as below.
  const json spec = json::parse(R"({"a":123456789.5,"b":1e+21,"c":0.000001,"d":0.0001,"e":1,"f":-0,
    "g":18446744073709552000,"h":100000000000000000000,"i":-9223372036854775808,"j":1000000,
    "k":1.5e+300,"l":5e-324})");
  const std::string want = R"(a: 1.234567895e+08
b: 1e+21
c: 1e-06
d: 0.0001
e: 1
f: 0
g: 1.8446744073709552e+19
h: 1e+20
i: -9223372036854775808
j: 1000000
k: 1.5e+300
l: 5e-324
)";
  CHECK(to_yaml(spec) == want);
}

TEST_CASE("to_yaml: strings quoted by the resolve rules the reader shares", "[yaml_write]") {
  // kubectl v1.32 -o yaml for the same strings.
  const json data = json::parse(R"({"a":".5_5","b":"._5","c":".5e1_0","d":".5__5",
    "g":"2001-12-14  21:59:43","t":"2001-12-14T21:59:43+05:60","u":"2001-12-14T21:59:43+05:61",
    "x":"0x1FFFFFFFFFFFFFFFFF","z":"0x","o":"0b-1"})");
  const std::string want = R"(a: ".5_5"
b: ._5
c: ".5e1_0"
d: .5__5
g: "2001-12-14  21:59:43"
o: "0b-1"
t: "2001-12-14T21:59:43+05:60"
u: 2001-12-14T21:59:43+05:61
x: 0x1FFFFFFFFFFFFFFFFF
z: 0x
)";
  CHECK(to_yaml(data) == want);
}

TEST_CASE("to_yaml: a raw NEL folds as YAML's reader folds it", "[yaml_write]") {
  const json data = {{"a", "x  \xC2\x85  y"},
                     {"b", "x\xC2\x85\xC2\x85y"},
                     {"c", "\xC2\x85---"},
                     {"e", "x \xC2\x85"},
                     {"f", "<<"},
                     {"g", "a\xC2\x85\xC2\x85"}};
  CHECK(to_yaml(data) == "a: x y\nb: |-\n  x\n  y\nc: ' ---'\ne: 'x '\nf: <<\ng: |\n  a\n");
}

TEST_CASE("to_yaml: the document and its root", "[yaml_write]") {
  CHECK(to_yaml(json::object()) == "{}\n");
  CHECK(to_yaml(json::array()) == "[]\n");
  CHECK(to_yaml(json::array({1, "a"})) == "- 1\n- a\n");
  CHECK(to_yaml(json("on")) == "\"on\"\n");
  CHECK(to_yaml(json(nullptr)) == "null\n");
}

TEST_CASE("to_yaml: invalid UTF-8 is written as U+FFFD, as Go's json.Marshal does", "[yaml_write]") {
  CHECK(to_yaml(json{{"a", "x\xFFy\xE2\x82"}}) == "a: x\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD\n");
  CHECK(to_yaml(json{{"\xC0", 1}}) == "\xEF\xBF\xBD: 1\n");
}

TEST_CASE("to_yaml: refuses, with a kind and a path, what kubectl cannot print", "[yaml_write]") {
  const auto refused = [](const json& j, const std::string& path, trainjob::error_kind kind) {
    const auto r = trainjob::try_to_yaml(j);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == path);
    CHECK(r.error().kind == kind);
    REQUIRE_THROWS_AS(to_yaml(j), trainjob::decode_error);
  };
  refused(json{{"data", {{"x", "a\x7F"}}}}, "data.x", trainjob::error_kind::unsupported);
  refused(json{{"a", json::array({"ok", "\xC2\x90"})}}, "a[1]", trainjob::error_kind::unsupported);
  refused(json{{"a", "\xEF\xBF\xBE"}}, "a", trainjob::error_kind::unsupported);
  refused(json{{"data", {{std::string(1023, 'k'), "v"}}}}, "data", trainjob::error_kind::unsupported);
  refused(json{{"data", {{"a\xC2\x85", "v"}}}}, "data", trainjob::error_kind::unsupported);
  refused(json{{"v", "\xC2\x85--- x"}}, "v", trainjob::error_kind::unsupported);
  refused(json{{"n", std::numeric_limits<double>::infinity()}}, "n", trainjob::error_kind::type);
  refused(json{{"n", std::nan("")}}, "n", trainjob::error_kind::type);
  refused(json{{"b", json::binary({1, 2})}}, "b", trainjob::error_kind::type);
  // The same key, one character shorter, is printed (as a complex key).
  CHECK(trainjob::try_to_yaml(json{{"data", {{std::string(1022, 'k'), "v"}}}}).ok());
}

TEST_CASE("to_yaml_list: kubectl get's v1 List around the objects", "[yaml_write]") {
  // The shape of kubectl get's printGeneric (an UnstructuredList with
  // metadata.resourceVersion ""); its YAML from the same writer.
  const std::vector<json> items = {json{{"kind", "A"}}, json{{"kind", "B"}, {"x", json::array({1})}}};
  CHECK(trainjob::to_yaml_list(items) ==
        "apiVersion: v1\nitems:\n- kind: A\n- kind: B\n  x:\n  - 1\nkind: List\nmetadata:\n  "
        "resourceVersion: \"\"\n");
  CHECK(trainjob::to_yaml_list({}) ==
        "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
  const auto r = trainjob::try_to_yaml_list({json{{"ok", 1}}, json{{"a", "\x7F"}}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "items[1].a");
}

TEST_CASE("to_yaml: deep nesting needs no recursion", "[yaml_write]") {
  json deep = "leaf";
  for (int i = 0; i < 20000; ++i) deep = json::array({std::move(deep)});
  const std::string y = to_yaml(deep);
  CHECK(y.size() > 20000);
  CHECK(y.compare(0, 6, "- - - ") == 0);
}
