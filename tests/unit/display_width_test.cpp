// Terminal columns of text (libutf8proc): Hangul takes two, combining marks none; wrapping
// keeps every line within its width.
#include <doctest/doctest.h>

#include "io/display_width.hpp"

using ssis::detail::display_width;
using ssis::detail::fit_to_width;
using ssis::detail::pad_to_width;
using ssis::detail::wrap_to_width;

TEST_CASE("display width: wide, narrow, combining and invalid bytes") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("생계급여") == 8);
  CHECK(display_width("e\xCC\x81") == 1);  // e + combining acute
  CHECK(display_width("Đồng") == 4);
  CHECK(display_width("\xFF") == 1);
  CHECK(pad_to_width("급여", 6) == "급여  ");
  CHECK(pad_to_width("toolong", 3) == "toolong");
  CHECK(fit_to_width("생계급여", 5) == "생계…");
  CHECK(fit_to_width("abc", 3) == "abc");
}

TEST_CASE("display width: wrapping at spaces, long words broken, spacing inside a line kept") {
  CHECK(wrap_to_width("a  ->  b", 20) == std::vector<std::string>{"a  ->  b"});
  CHECK(wrap_to_width("one two three", 7) == std::vector<std::string>{"one two", "three"});
  CHECK(wrap_to_width("가나다라마바", 5) == std::vector<std::string>{"가나", "다라", "마바"});
  CHECK(wrap_to_width("", 5) == std::vector<std::string>{""});
  CHECK(wrap_to_width("가", 1) == std::vector<std::string>{"가"});  // a character wider than the line still moves on
  const std::string text = "국민기초생활 보장법 제8조; 한부모가족지원법 제5조; a-very-long-english-word-without-spaces";
  for (std::size_t width = 2; width < 40; ++width)
    for (const std::string& line : wrap_to_width(text, width)) CHECK(display_width(line) <= width);
}
