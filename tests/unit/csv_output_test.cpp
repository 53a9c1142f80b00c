// CSV output fields: quoted exactly when they hold a comma, a quote or a line break.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "io/csv.hpp"

TEST_CASE("a CSV field is quoted only when it holds a comma, a quote or a line break") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"plain text", "plain text"},
      {"members[0].age;members[1].age", "members[0].age;members[1].age"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"carriage\rreturn", "\"carriage\rreturn\""},
      {"\xEC\x86\x8C\xEB\x93\x9D", "\xEC\x86\x8C\xEB\x93\x9D"},
  };
  for (const auto& [field, written] : cases) {
    std::string out = "x,";
    ssis::detail::append_csv_field(out, field);
    CHECK(out == "x," + written);
  }
}
