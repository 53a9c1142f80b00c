#include <doctest/doctest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "io/json.hpp"
#include "io/utf8.hpp"
#include "ssis/error.hpp"
#include "ssis/household_json.hpp"

TEST_CASE("households read from JSON keep numbers exact") {
  auto households = ssis::parse_households_json(
      R"({"id": "a", "region": "city", "rent": 350000.5, "members": [{"birth_date": "1950-01-01", "income": 68212200}]})");
  REQUIRE(households.size() == 1);
  const auto& h = households[0];
  CHECK(h.id == "a");
  CHECK(std::get<ssis::Decimal>(*h.find("rent")).to_string() == "350000.5");
  CHECK(std::get<std::int64_t>(*h.members[0].find("income")) == 68212200);
}

TEST_CASE("an array of households gets ids by position") {
  auto households = ssis::parse_households_json(R"([{"members": []}, {"id": 7, "members": []}])");
  REQUIRE(households.size() == 2);
  CHECK(households[0].id == "1");
  CHECK(households[1].id == "7");
}

TEST_CASE("malformed JSON names the line and column") {
  try {
    ssis::parse_households_json("{\n  \"region\": \"city\",\n  \"members\": [}\n");
    FAIL("expected an error");
  } catch (const ssis::InputError& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 15);
  }
  CHECK_THROWS_AS(ssis::parse_households_json("{\"rent\": 1e5}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"rent\": 0.1234567}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"members\": 3}"), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json(std::string(100, '[')), ssis::InputError);
  CHECK_THROWS_AS(ssis::parse_households_json("{\"a\": 1, \"a\": 2}"), ssis::InputError);
}

TEST_CASE("field paths inside members") {
  try {
    ssis::parse_households_json(R"({"members": [{"birth_date": "1950-01-01"}, {"income": {"x": 1}}]})");
    FAIL("expected an error");
  } catch (const ssis::InputError& e) {
    CHECK(e.path() == "members[1].income");
  }
}

namespace {

// The InputError of parsing `text`, which must fail.
ssis::InputError parse_error(const std::string& text) {
  try {
    ssis::parse_households_json(text);
  } catch (const ssis::InputError& e) {
    return e;
  }
  FAIL("expected an error for ", text);
  return ssis::InputError("", "");
}

bool valid_utf8(std::string_view text) { return ssis::detail::invalid_utf8_offset(text) == std::string_view::npos; }

}  // namespace

TEST_CASE("a field name twice in one object is an error at the second, members included") {
  ssis::InputError e = parse_error("{\"members\": [{\"birth_date\": \"1950-01-01\"}],\n \"members\": [{\"birth_date\": \"1960-01-01\"}]}");
  CHECK(e.line() == 2);
  CHECK(e.column() == 2);
  CHECK(e.reason() == "field name \"members\" appears twice in one object");
  e = parse_error(R"({"members": [{"income": 1, "x": 2, "income": 3}]})");
  CHECK(e.column() == 36);
  // Large objects are checked as well, and without a quadratic scan.
  std::string large = "{";
  for (int i = 0; i < 100'000; ++i) large += "\"f" + std::to_string(i) + "\": 1, ";
  CHECK_NOTHROW(ssis::parse_households_json(large + "\"members\": []}"));
  e = parse_error(large + "\"f99999\": 2}");
  CHECK(e.reason() == "field name \"f99999\" appears twice in one object");
  CHECK(e.line() == 1);
}

TEST_CASE("numbers follow RFC 8259: no leading zeros, digits around the point and in the exponent") {
  for (const char* number : {"0123", "-01", "00", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.2.3"}) {
    INFO(number);
    const ssis::InputError e = parse_error(std::string("{\"rent\": ") + number + "}");
    CHECK(e.line() == 1);
    CHECK(e.column() >= 10);
  }
  CHECK(parse_error("{\"rent\": 0123}").reason() == "invalid number: leading zeros are not allowed");
  // A number of a million digits is named by its beginning only.
  const ssis::InputError huge = parse_error("{\"rent\": " + std::string(1'000'000, '7') + "}");
  CHECK(huge.reason() == "number " + std::string(40, '7') + "... is not an exact decimal (at most 6 decimal places, no exponent, |x| < 9.2e12)");
  CHECK(parse_error("{\"rent\": 0123}").column() == 11);
  for (const char* number : {"0", "-0", "10", "-0.5", "120.25"}) {
    INFO(number);
    CHECK_NOTHROW(ssis::parse_households_json(std::string("{\"rent\": ") + number + "}"));
  }
}

TEST_CASE("a leading byte order mark is skipped; anywhere else it is named, never printed") {
  const auto households = ssis::parse_households_json("\xEF\xBB\xBF{\"id\": \"bom\", \"members\": []}");
  CHECK(households[0].id == "bom");
  const ssis::InputError e = parse_error("{\"members\": [],\n \"id\": \xEF\xBB\xBF\"x\"}");
  CHECK(e.line() == 2);
  CHECK(e.column() == 8);
  CHECK(e.reason() == "unexpected byte order mark U+FEFF (allowed only at the start)");
  CHECK(parse_error("\xEF\xBB\xBF\xEF\xBB\xBF{}").reason() == "unexpected byte order mark U+FEFF (allowed only at the start)");
  CHECK(parse_error("{\"a\": \x01}").reason() == "unexpected character \"\\u0001\"");
  CHECK(parse_error("{\"a\": \xE2\x80\x8B}").reason() == "unexpected character \"\\u200B\"");
}

TEST_CASE("text that is not valid UTF-8 is rejected at its line and column") {
  struct Case {
    std::string text;
    int column;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"id\": \"ab\xFF\"}", 11, "byte 0xFF in a string is not valid UTF-8"},
           {"{\"id\": \"\xC0\xAF\"}", 9, "byte 0xC0 in a string is not valid UTF-8"},          // overlong '/'
           {"{\"id\": \"\xED\xA0\x80\"}", 9, "byte 0xED in a string is not valid UTF-8"},      // a surrogate
           {"{\"id\": \"\xF4\x90\x80\x80\"}", 9, "byte 0xF4 in a string is not valid UTF-8"},  // above U+10FFFF
           {"{\"id\": \"\xE2\x82\"}", 9, "byte 0xE2 in a string is not valid UTF-8"},          // truncated
           {"{\"\xE4\xB8\xAD\x80\": 1}", 4, "byte 0x80 in a string is not valid UTF-8"},       // a stray continuation
           {"{\"id\": \xFF}", 8, "unexpected byte 0xFF (not valid UTF-8)"},
       }) {
    INFO(c.reason);
    const ssis::InputError e = parse_error(c.text);
    CHECK(e.line() == 1);
    CHECK(e.column() == c.column);
    CHECK(e.reason() == c.reason);
    CHECK(valid_utf8(e.what()));
  }
  CHECK(ssis::parse_households_json("{\"id\": \"\xED\x9F\xBF\xF0\x9F\x98\x80\"}")[0].id == "\xED\x9F\xBF\xF0\x9F\x98\x80");
}

TEST_CASE("a \\u escape may not leave a surrogate alone") {
  CHECK(parse_error(R"({"id": "\ud800"})").reason() == "\\uD800 is a high surrogate without a low surrogate after it");
  CHECK(parse_error(R"({"id": "\ud800\u0041"})").reason() == "\\uD800 is a high surrogate without a low surrogate after it");
  CHECK(parse_error(R"({"id": "\ud800\n"})").reason() == "\\uD800 is a high surrogate without a low surrogate after it");
  CHECK(parse_error(R"({"id": "\udc00"})").reason() == "\\uDC00 is a low surrogate without a high surrogate before it");
  CHECK(parse_error(R"({"id": "x\udfff"})").column() == 10);
  CHECK(ssis::parse_households_json(R"({"id": "\ud83d\ude00\u00e9"})")[0].id == "\xF0\x9F\x98\x80\xC3\xA9");
}

TEST_CASE("strings written as JSON escape exactly the quote, the backslash and control characters, wherever they fall") {
  const auto escaped_byte_by_byte = [](std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else if (c == '\t') out += "\\t";
      else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
      else out += c;
    }
    return out + "\"";
  };
  const std::string specials[] = {"\"", "\\", "\n", "\r", "\t", std::string(1, '\0'), "\x1f", "\x7f", "\xed\x95\x9c", "!", "#", "[", "]"};
  // Every special byte at every offset of strings of 0 to 20 bytes, so that it falls in each
  // position of a word of 8 and in the tail.
  for (std::size_t length = 0; length <= 20; ++length) {
    for (const std::string& special : specials) {
      for (std::size_t at = 0; at <= length; ++at) {
        std::string text(length, 'a');
        text.insert(at, special);
        std::string out;
        ssis::detail::append_json_string(out, text);
        REQUIRE(out == escaped_byte_by_byte(text));
      }
    }
  }
  std::string out = "prefix:";
  ssis::detail::append_json_string(out, "기초연금 \"65세\"\tC:\\x");
  CHECK(out == "prefix:\"기초연금 \\\"65세\\\"\\tC:\\\\x\"");
}
