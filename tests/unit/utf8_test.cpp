// The UTF-8 validator and the escaping of texts shown in messages.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/utf8.hpp"

using ssis::detail::escaped;
using ssis::detail::invalid_utf8_offset;
using ssis::detail::quoted;
using ssis::detail::replace_invalid_utf8;
using ssis::detail::utf8_problem;

TEST_CASE("valid UTF-8 is accepted at every length and at the edges of the ranges") {
  for (const char* text : {"", "plain", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
                           "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xEC\x83\x9D\xEB\x85\x84\xEC\x9B\x94\xEC\x9D\xBC"}) {
    INFO(text);
    CHECK(invalid_utf8_offset(text) == std::string_view::npos);
    CHECK(utf8_problem(text).empty());
  }
}

TEST_CASE("invalid UTF-8 is found at its first byte") {
  struct Case {
    std::string text;
    std::size_t offset;
  };
  for (const Case& c : std::vector<Case>{{"\x80", 0},
                                         {"a\xBF", 1},
                                         {"\xC0\x80", 0},          // overlong
                                         {"\xC1\xBF", 0},          // overlong
                                         {"\xE0\x9F\xBF", 0},      // overlong
                                         {"\xF0\x8F\xBF\xBF", 0},  // overlong
                                         {"\xED\xA0\x80", 0},      // surrogate
                                         {"\xED\xBF\xBF", 0},      // surrogate
                                         {"\xF4\x90\x80\x80", 0},  // above U+10FFFF
                                         {"\xF5\x80\x80\x80", 0},
                                         {"\xFF", 0},
                                         {"ab\xE2\x82", 2},        // truncated at the end
                                         {"\xE2\x82x", 0},         // truncated inside
                                         {"\xF0\x9F\x98", 0}}) {
    INFO(escaped(c.text));
    CHECK(invalid_utf8_offset(c.text) == c.offset);
    CHECK_FALSE(utf8_problem(c.text).empty());
  }
  CHECK(utf8_problem("ab\xFE") == "byte 0xFE at offset 2 is not valid UTF-8");
}

TEST_CASE("texts for messages show no invisible or broken bytes") {
  CHECK(escaped("city") == "city");
  CHECK(escaped("\xEC\x84\x9C\xEC\x9A\xB8") == "\xEC\x84\x9C\xEC\x9A\xB8");
  CHECK(escaped("a\tb\x7F") == "a\\u0009b\\u007F");
  CHECK(escaped("\xEF\xBB\xBFx\xFF") == "\\uFEFFx\\xFF");
  CHECK(quoted("x\xC3") == "\"x\\xC3\"");
  CHECK(replace_invalid_utf8("a\xFF\xC3\xA9") == "a\xEF\xBF\xBD\xC3\xA9");
  CHECK(invalid_utf8_offset(replace_invalid_utf8("\xED\xA0\x80\xF4\x90")) == std::string_view::npos);
  CHECK(replace_invalid_utf8("\xEC\x84\x9C\xEC\x9A\xB8 h1") == "\xEC\x84\x9C\xEC\x9A\xB8 h1");  // valid: as it is
  CHECK(replace_invalid_utf8("") == "");
  CHECK(replace_invalid_utf8("\xC3") == "\xEF\xBF\xBD");                   // cut short at the end
  CHECK(replace_invalid_utf8("ok\xC3\xA9\x80ok") == "ok\xC3\xA9\xEF\xBF\xBDok");  // after a valid start
}
